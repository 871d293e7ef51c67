// Every ErrorCode has a well-formed row of its own in mysql_errors.def: a
// wrong row would hand clients someone else's SQLSTATE.
#include "common/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace edgesql {
namespace {

TEST(ErrorTest, EveryCodeHasItsOwnRow) {
  std::set<std::string_view> symbols;
  std::set<uint16_t> numbers;
  for (size_t i = 0; i < kErrorCodeCount; ++i) {
    ErrorCode code = kAllErrorCodes[i];
    const ErrorInfo& info = DescribeError(code);
    SCOPED_TRACE(static_cast<int>(code));
    EXPECT_TRUE(numbers.insert(static_cast<uint16_t>(code)).second) << "errno listed twice";
    EXPECT_TRUE(symbols.insert(info.symbol).second) << info.symbol << " shared by two codes";
    if (code != ErrorCode::kUnknown) {
      EXPECT_NE(info.symbol, "ER_UNKNOWN_ERROR") << "missing row";
    }
    EXPECT_TRUE(info.symbol.substr(0, 3) == "ER_" || info.symbol.substr(0, 5) == "WARN_")
        << info.symbol;
    ASSERT_EQ(info.sql_state.size(), 5u) << info.symbol;
    for (char c : info.sql_state) {
      EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) << info.sql_state;
    }
    EXPECT_GE(info.http_status, 400);
    EXPECT_LT(info.http_status, 600);
  }
}

TEST(ErrorTest, WellKnownStates) {
  EXPECT_EQ(DescribeError(ErrorCode::kParse).sql_state, "42000");
  EXPECT_EQ(DescribeError(ErrorCode::kDuplicateEntry).sql_state, "23000");
  EXPECT_EQ(DescribeError(ErrorCode::kNoSuchTable).sql_state, "42S02");
  EXPECT_EQ(DescribeError(ErrorCode::kUnknown).sql_state, "HY000");
}

TEST(ErrorTest, ErrorCarriesNumberMessageAndOffset) {
  Error e = Error(ErrorCode::kParse, "bad").WithOffset(7);
  EXPECT_EQ(e.errnum(), 1064);
  EXPECT_EQ(e.message(), "bad");
  EXPECT_TRUE(e.has_offset());
  EXPECT_EQ(e.offset(), 7);
  EXPECT_EQ(e.info().symbol, "ER_PARSE_ERROR");
  EXPECT_FALSE(Error(ErrorCode::kParse, "x").has_offset());
}

TEST(ErrorTest, ResultAndStatus) {
  Result<int> ok = 3;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok.value(), 3);
  Result<int> bad = Error(ErrorCode::kBadField, "no");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kBadField);
  EXPECT_TRUE(Status::Ok().ok());
  Status s = Unsupported("FULLTEXT");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().errnum(), 1235);
  EXPECT_NE(s.error().message().find("FULLTEXT"), std::string::npos);
}

}  // namespace
}  // namespace edgesql
