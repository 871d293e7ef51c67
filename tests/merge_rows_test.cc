#include "routing/merge_rows.h"

#include <gtest/gtest.h>

#include <string>

#include "sql/parser.h"

namespace edgesql::routing {
namespace {

using Json = edgesql::Json;

MergePlan PlanOf(std::string_view sql) {
  Result<sql::ParsedStatement> parsed = sql::ParseStatement(sql);
  EXPECT_TRUE(parsed.ok());
  const auto* select = sql::ast::As<sql::ast::SelectStatement>(&parsed.value().root());
  Result<MergePlan> plan = PlanMerge(sql, *select->query);
  EXPECT_TRUE(plan.ok()) << plan.error().message();
  return plan.value();
}

// Shards' rows as a JSON array of arrays of rows.
std::vector<std::vector<Row>> Shards(std::string_view json) {
  std::vector<std::vector<Row>> out;
  for (const Json& shard : Json::parse(json)) {
    std::vector<Row> rows;
    for (const Json& row : shard) rows.push_back(Row(row.begin(), row.end()));
    out.push_back(std::move(rows));
  }
  return out;
}

std::string Merged(std::string_view sql, std::string_view shards) {
  Result<std::vector<Row>> rows = MergeRows(PlanOf(sql), Shards(shards));
  if (!rows.ok()) return "error: " + rows.error().message();
  Json out = Json::array();
  for (const Row& r : rows.value()) out.push_back(Json(r));
  return out.dump();
}

TEST(MergeRowsTest, ComparesAsTheShardsSorted) {
  EXPECT_LT(CompareValues(nullptr, 0), 0);
  EXPECT_LT(CompareValues(2, 10), 0);
  EXPECT_EQ(CompareValues(2, 2.0), 0);
  EXPECT_LT(CompareValues(1.5, 2), 0);
  EXPECT_LT(CompareValues(99, "a"), 0);
  EXPECT_EQ(CompareValues("Apple", "apple"), 0);
  EXPECT_LT(CompareValues("apple", "Banana"), 0);
  EXPECT_LT(CompareValues("app", "apple"), 0);
}

TEST(MergeRowsTest, MergesOrderedRowsAndAppliesLimitAfter) {
  // Each shard sorted its own rows by total DESC, id; LIMIT 3 OFFSET 1.
  EXPECT_EQ(Merged("SELECT id, total FROM o ORDER BY total DESC, id LIMIT 3 OFFSET 1",
                   R"([[[1, 50], [4, 20], [7, 5]], [[2, 40], [3, 40], [9, 1]], []])"),
            "[[2,40],[3,40],[4,20]]");
  // Strings merge case-insensitively; NULL sorts first ascending.
  EXPECT_EQ(Merged("SELECT name FROM o ORDER BY name",
                   R"([[[null], ["apple"], ["Cherry"]], [["Banana"], ["date"]]])"),
            R"([[null],["apple"],["Banana"],["Cherry"],["date"]])");
  // No ORDER BY: shard order, then the limit.
  EXPECT_EQ(Merged("SELECT id FROM o LIMIT 3", R"([[[1], [2]], [[3], [4]]])"), "[[1],[2],[3]]");
  EXPECT_EQ(Merged("SELECT id FROM o", R"([[], [[5]], []])"), "[[5]]");
}

TEST(MergeRowsTest, CombinesAggregatesPerGroup) {
  EXPECT_EQ(Merged("SELECT COUNT(*), SUM(total), MIN(total), MAX(total) FROM o",
                   R"([[[3, 60, 5, 40]], [[2, 15.5, 7, 8.5]], [[0, null, null, null]]])"),
            "[[5,75.5,5,40]]");
  // AVG from sums and counts (one trailing count per AVG column).
  EXPECT_EQ(Merged("SELECT AVG(total), COUNT(*) FROM o", R"([[[60, 3, 3]], [[40, 1, 1]]])"),
            "[[25.0,4]]");
  EXPECT_EQ(Merged("SELECT AVG(total) FROM o", R"([[[null, 0]], [[null, 0]]])"), "[[null]]");
  // No shard had rows: COUNT is still one row of 0.
  EXPECT_EQ(Merged("SELECT COUNT(*) FROM o", "[[], []]"), "[[0]]");
  // GROUP BY: groups across shards combine ('paid' and 'PAID' are one
  // group under the default collation), then ORDER BY and LIMIT.
  EXPECT_EQ(Merged("SELECT status, COUNT(*) AS n FROM o GROUP BY status ORDER BY n DESC LIMIT 2",
                   R"([[["new", 2], ["paid", 5]], [["PAID", 4], ["void", 1]], [["new", 1]]])"),
            R"([["paid",9],["new",3]])");
  // Integer sums past 2^63 go over to reals rather than wrap.
  EXPECT_EQ(Merged("SELECT SUM(x) FROM o", R"([[[9223372036854775807]], [[1]]])"),
            "[[9.223372036854776e+18]]");
}

TEST(MergeRowsTest, DropsDuplicatesAcrossShards) {
  EXPECT_EQ(Merged("SELECT DISTINCT country FROM o ORDER BY country LIMIT 3",
                   R"([[["de"], ["fr"]], [["DE"], ["es"], ["it"]]])"),
            R"([["de"],["es"],["fr"]])");
}

TEST(MergeRowsTest, RefusesRowsOfTheWrongWidth) {
  EXPECT_EQ(Merged("SELECT id, total FROM o ORDER BY id", R"([[[1, 2, 3]]])"),
            "error: Internal error: a shard answered a scattered query with the wrong number of "
            "columns");
}

}  // namespace
}  // namespace edgesql::routing
