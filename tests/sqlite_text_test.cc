#include "transpile/sqlite_text.h"

#include <gtest/gtest.h>

#include <string>

namespace edgesql::transpile {
namespace {

TEST(SqliteTextTest, QuotesDoubleTheirOwnQuoteOnly) {
  EXPECT_EQ(QuoteIdentifier("users"), "\"users\"");
  EXPECT_EQ(QuoteIdentifier("a\"b`c'"), "\"a\"\"b`c'\"");
  EXPECT_EQ(QuoteIdentifier(""), "\"\"");
  EXPECT_EQ(QuoteName("a`b\"c"), "`a``b\"c`");
  EXPECT_EQ(QuoteString("it's"), "'it''s'");
  EXPECT_EQ(QuoteString(std::string("a\0b", 3)), "CAST(X'610062' AS TEXT)");
}

TEST(SqliteTextTest, QualifiedNameQuotesEachPart) {
  EXPECT_EQ(QualifiedName("o", "user_id"), "`o`.`user_id`");
  EXPECT_EQ(QualifiedName("t`1", "c``"), "`t``1`.`c`````");
  EXPECT_EQ(QualifiedName("", ""), "``.``");
}

TEST(SqliteTextTest, AppendQuotedIdentifierKeepsWhatWasThere) {
  std::string out = "SELECT 1 AS ";
  AppendQuotedIdentifier(out, "one");
  EXPECT_EQ(out, "SELECT 1 AS \"one\"");
  // Appending again and again stays correct as the string grows.
  std::string many;
  for (int i = 0; i < 200; ++i) AppendQuotedIdentifier(many, "x\"");
  std::string expected;
  for (int i = 0; i < 200; ++i) expected += "\"x\"\"\"";
  EXPECT_EQ(many, expected);
}

}  // namespace
}  // namespace edgesql::transpile
