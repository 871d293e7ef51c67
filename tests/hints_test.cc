// Hint comments: Edge SQL's directives, and warnings for everything else.
#include "sql/hints.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace edgesql::sql {
namespace {

struct Parsed {
  Hints hints;
  std::vector<Warning> warnings;
};

Parsed Parse(std::string_view comment) {
  Parsed p;
  ParseHintComment(comment, p.hints, p.warnings);
  return p;
}

TEST(HintsTest, EmptyCommentSaysNothing) {
  Parsed p = Parse("/*+ */");
  EXPECT_TRUE(p.hints.Empty());
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_TRUE(Parse("/*+*/").hints.Empty());
}

TEST(HintsTest, ConsistencyHints) {
  EXPECT_EQ(Parse("/*+ strong */").hints.consistency, Consistency::kStrong);
  EXPECT_EQ(Parse("/*+ STRONG */").hints.consistency, Consistency::kStrong);
  EXPECT_EQ(Parse("/*+ cached */").hints.consistency, Consistency::kCached);
  Parsed b = Parse("/*+ bounded=1500 */");
  EXPECT_EQ(b.hints.consistency, Consistency::kBounded);
  EXPECT_EQ(b.hints.bounded_ms, 1500);
  EXPECT_TRUE(b.warnings.empty());
  Parsed spaced = Parse("/*+ Bounded = 250 */");
  EXPECT_EQ(spaced.hints.consistency, Consistency::kBounded);
  EXPECT_EQ(spaced.hints.bounded_ms, 250);
  EXPECT_TRUE(spaced.warnings.empty());
  EXPECT_EQ(Parse("/*+ bounded=86400000 */").hints.bounded_ms, 86400000);
}

TEST(HintsTest, BadBoundedValuesWarn) {
  for (const char* c :
       {"/*+ bounded=0 */", "/*+ bounded=-5 */", "/*+ bounded=abc */", "/*+ bounded= */",
        "/*+ bounded=86400001 */", "/*+ bounded=99999999999999999999 */", "/*+ bounded=1.5 */"}) {
    Parsed p = Parse(c);
    EXPECT_EQ(p.hints.consistency, Consistency::kDefault) << c;
    ASSERT_EQ(p.warnings.size(), 1u) << c;
    EXPECT_EQ(p.warnings[0].code, 1064);
  }
}

TEST(HintsTest, ShardHints) {
  Parsed p =
      Parse("/*+ shard:tenant_id=acme shard:region='eu west' shard:n=-42 shard:q=\"it\"\"s\" */");
  ASSERT_EQ(p.hints.shard.size(), 4u);
  EXPECT_TRUE(p.warnings.empty());
  EXPECT_EQ(p.hints.shard[0].column, "tenant_id");
  EXPECT_EQ(p.hints.shard[0].value, "acme");
  EXPECT_EQ(p.hints.shard[1].column, "region");
  EXPECT_EQ(p.hints.shard[1].value, "eu west");
  EXPECT_EQ(p.hints.shard[2].value, "-42");
  EXPECT_EQ(p.hints.shard[3].value, "it\"s");
  EXPECT_EQ(p.hints.consistency, Consistency::kDefault);
  EXPECT_FALSE(p.hints.Empty());
  Parsed upper = Parse("/*+ SHARD:Tenant=x */");
  ASSERT_EQ(upper.hints.shard.size(), 1u);
  EXPECT_EQ(upper.hints.shard[0].column, "Tenant");
}

TEST(HintsTest, MalformedShardHintsWarn) {
  for (const char* c : {"/*+ shard: */", "/*+ shard:col */", "/*+ shard:=1 */", "/*+ shard:col= */",
                        "/*+ shard:col='open */", "/*+ shard:a b=1 */", "/*+ shard:col='a'b' */"}) {
    Parsed p = Parse(c);
    EXPECT_TRUE(p.hints.shard.empty()) << c;
    EXPECT_FALSE(p.warnings.empty()) << c;
  }
}

TEST(HintsTest, SeveralItemsCommasTolerated) {
  Parsed p = Parse("/*+ strong, shard:t=1 ,shard:u=2 */");
  EXPECT_EQ(p.hints.consistency, Consistency::kStrong);
  EXPECT_EQ(p.hints.shard.size(), 2u);
  EXPECT_TRUE(p.warnings.empty());
}

TEST(HintsTest, UnknownItemsWarnLikeMySql) {
  Parsed p = Parse("/*+ strong fast MAX_EXECUTION_TIME(1000) BKA(t1, t2) */");
  EXPECT_EQ(p.hints.consistency, Consistency::kStrong);
  ASSERT_EQ(p.warnings.size(), 3u);
  for (const Warning& w : p.warnings) EXPECT_EQ(w.code, 1064);
  EXPECT_EQ(p.warnings[0].message, "Optimizer hint syntax error near 'fast' at line 1");
  EXPECT_NE(p.warnings[1].message.find("MAX_EXECUTION_TIME(1000)"), std::string::npos);
  EXPECT_NE(p.warnings[2].message.find("BKA(t1, t2)"), std::string::npos);
}

TEST(HintsTest, ConflictingConsistencyKeepsLastAndWarns) {
  Parsed p = Parse("/*+ strong cached */");
  EXPECT_EQ(p.hints.consistency, Consistency::kCached);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].code, 3126);
  Parsed same = Parse("/*+ strong strong */");
  EXPECT_TRUE(same.warnings.empty());
  // Merging across comments works the same way.
  Hints h;
  std::vector<Warning> w;
  ParseHintComment("/*+ bounded=10 */", h, w);
  ParseHintComment("/*+ bounded=20 shard:a=b */", h, w);
  EXPECT_EQ(h.bounded_ms, 20);
  EXPECT_EQ(h.shard.size(), 1u);
  EXPECT_EQ(w.size(), 1u);
}

TEST(HintsTest, ArbitraryTextNeverCrashes) {
  for (const char* c : {"", "/", "/*+", "*/", "/*+ '", "/*+ \" */", "/*+ ((( */", "/*+ ))) */",
                        "/*+ shard:`c`=1 */", "/*+ shard:`c */", "/*+ = = = */", "/*+ 'a\\", "x"}) {
    Parsed p = Parse(c);
    (void)p;
  }
  Parsed q = Parse("/*+ shard:`my col`=1 */");
  ASSERT_EQ(q.hints.shard.size(), 1u);
  EXPECT_EQ(q.hints.shard[0].column, "my col");
}

}  // namespace
}  // namespace edgesql::sql
