// Rows as the answer's body carries them (gateway/result_shaping.h): an
// object row is written straight from the shard's row, and must read as the
// object a client would build from the columns, member by member.
#include "gateway/result_shaping.h"

#include <gtest/gtest.h>

namespace edgesql::gateway {
namespace {

Json Rows(const Json& columns, const Json& rows) {
  return Json::parse(ShapeResultSet(columns, rows, {}, Json(), false).rows);
}

TEST(ResultShapingTest, AnObjectRowHoldsEachNameOnceInNameOrderTheLastDuplicateWinning) {
  const Json columns = {"b", "a", "B", "a", "say \"hi\""};
  const std::string text =
      ShapeResultSet(columns, Json::parse(R"([[1, 2, 3, 4, 5]])"), {}, Json(), false).rows;
  EXPECT_EQ(text, R"([{"B":3,"a":4,"b":1,"say \"hi\"":5}])");
}

TEST(ResultShapingTest, AShortRowHoldsOnlyTheColumnsItHas) {
  // The later duplicate the row does not reach does not win.
  EXPECT_EQ(Rows({"a", "b", "a"}, Json::parse("[[1, 2]]")), Json::parse(R"([{"a":1,"b":2}])"));
  EXPECT_EQ(Rows({"a", 7, "c"}, Json::parse("[[1, 2, null]]")),
            Json::parse(R"([{"a":1,"c":null}])"));
}

TEST(ResultShapingTest, RowsAsArraysKeepTheShardsOrder) {
  const ShapedResultSet shaped =
      ShapeResultSet(Json{"b", "a"}, Json::parse(R"([[1, "x"], [2, null]])"), {}, Json(), true);
  EXPECT_EQ(shaped.rows, R"([[1,"x"],[2,null]])");
}

}  // namespace
}  // namespace edgesql::gateway
