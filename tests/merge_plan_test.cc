#include "routing/merge_plan.h"

#include <gtest/gtest.h>

#include <string>

#include "common/str_cat.h"
#include "sql/parser.h"

namespace edgesql::routing {
namespace {

// The plan for a SELECT, described, or the error's message.
std::string Plan(std::string_view sql) {
  Result<sql::ParsedStatement> parsed = sql::ParseStatement(sql);
  if (!parsed.ok()) return "parse error: " + parsed.error().message();
  const auto* select = sql::ast::As<sql::ast::SelectStatement>(&parsed.value().root());
  if (select == nullptr) return "not a SELECT";
  Result<MergePlan> plan = PlanMerge(sql, *select->query);
  if (!plan.ok()) {
    EXPECT_EQ(plan.error().errnum(), 1235);
    return "reject: " + plan.error().message();
  }
  return DescribeMergePlan(plan.value());
}

TEST(MergePlanTest, PlansWhatMergingCanAnswer) {
  EXPECT_EQ(Plan("SELECT * FROM orders"), "concat");
  EXPECT_EQ(Plan("SELECT * FROM orders LIMIT 10"), "concat limit 10 shard_limit 10");
  EXPECT_EQ(Plan("TABLE orders LIMIT 5"), "concat limit 5 shard_limit 5");
  EXPECT_EQ(Plan("SELECT id, total FROM orders ORDER BY total DESC, id LIMIT 20 OFFSET 40"),
            "concat order[1 desc,0] limit 20 offset 40 shard_limit 60");
  EXPECT_EQ(Plan("SELECT id, total FROM orders ORDER BY 2 LIMIT 10, 5"),
            "concat order[1] limit 5 offset 10 shard_limit 15");
  EXPECT_EQ(Plan("SELECT id, created_at AS t FROM orders ORDER BY t DESC"), "concat order[1 desc]");
  EXPECT_EQ(Plan("SELECT o.id FROM orders o ORDER BY id"), "concat order[0]");
  EXPECT_EQ(Plan("SELECT COUNT(*) FROM orders"), "grouped key[] cols[count]");
  EXPECT_EQ(Plan("SELECT COUNT(*), SUM(total), MIN(total), MAX(total), AVG(total) FROM orders"),
            "grouped key[] cols[count,sum,min,max,avg]");
  EXPECT_EQ(
      Plan("SELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY n DESC LIMIT 3"),
      "grouped key[0] cols[none,count] order[1 desc] limit 3");
  EXPECT_EQ(Plan("SELECT a, b, SUM(x) FROM t GROUP BY b, a"),
            "grouped key[1,0] cols[none,none,sum]");
  EXPECT_EQ(Plan("SELECT DATE(created_at) AS day, COUNT(*) FROM orders GROUP BY DATE(created_at)"),
            "grouped key[0] cols[none,count]");
  EXPECT_EQ(Plan("SELECT DISTINCT country FROM orders ORDER BY country LIMIT 5"),
            "distinct order[0] limit 5 shard_limit 5");
  EXPECT_EQ(Plan("SELECT COUNT(*) FROM orders LIMIT 1"), "grouped key[] cols[count] limit 1");
}

TEST(MergePlanTest, RejectsWhatMergingCannotAnswer) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"SELECT id FROM a UNION SELECT id FROM b",
       "UNION, EXCEPT, INTERSECT, VALUES or parentheses"},
      {"WITH x AS (SELECT 1) SELECT * FROM x", "WITH"},
      {"SELECT status, COUNT(*) FROM orders GROUP BY status HAVING COUNT(*) > 1", "HAVING"},
      {"SELECT status, COUNT(*) FROM orders GROUP BY status WITH ROLLUP", "WITH ROLLUP"},
      {"SELECT id, ROW_NUMBER() OVER (ORDER BY id) FROM orders", "a window function"},
      {"SELECT COUNT(DISTINCT customer) FROM orders", "COUNT(DISTINCT ...)"},
      {"SELECT GROUP_CONCAT(id) FROM orders", "GROUP_CONCAT()"},
      {"SELECT SUM(total) / COUNT(*) FROM orders",
       "an expression over aggregates (SUM(total) / COUNT(*))"},
      {"SELECT ROUND(AVG(total), 2) FROM orders", "an expression over aggregates"},
      {"SELECT status, total FROM orders GROUP BY status",
       "a selected column outside GROUP BY (total)"},
      {"SELECT COUNT(*) FROM orders GROUP BY status",
       "GROUP BY on a column the query does not select (status)"},
      {"SELECT id FROM orders ORDER BY created_at",
       "ORDER BY on a column the query does not select (created_at)"},
      {"SELECT * FROM orders ORDER BY id", "SELECT * with ORDER BY"},
      {"SELECT DISTINCT status, COUNT(*) FROM orders GROUP BY status",
       "DISTINCT with GROUP BY or aggregates"},
      {"SELECT id FROM orders LIMIT ?", "LIMIT with a parameter or an expression"},
  };
  for (const auto& [sql, what] : cases) {
    const std::string got = Plan(sql);
    EXPECT_EQ(got.rfind("reject: This version of Edge SQL doesn't yet support '", 0), 0u) << got;
    EXPECT_NE(got.find(what), std::string::npos) << sql << " -> " << got;
    EXPECT_TRUE(got.ends_with(" over several shards'")) << got;
  }
}

}  // namespace
}  // namespace edgesql::routing
