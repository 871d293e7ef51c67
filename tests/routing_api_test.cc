// SetPolicyToJson / ExplainToJson: the policy's way in, and the decision out.
#include <gtest/gtest.h>

#include <string>

#include "common/str_cat.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "output_json.h"

namespace edgesql::gateway {
namespace {

std::string PolicyJson(int version, std::string_view acme_shard) {
  return StrCat({R"({"tables": {"orders": {"pk": "id", "shard_by": "tenant_id"}},
                    "routing": {"version": )",
                 std::to_string(version), R"(, "tenants": {"acme": ")", acme_shard, R"("}}})"});
}

TEST(RoutingApiTest, APolicyReplacesOnlyAnOlderOne) {
  const std::string db = "versions_db";
  Output out = SetPolicyToJson(db, PolicyJson(3, "shard-a"));
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(Body(out), Json::parse(R"({"version": 3, "applied": true})"));

  // The same version again changes nothing and is not an error.
  out = SetPolicyToJson(db, PolicyJson(3, "shard-other"));
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(Body(out)["applied"], false);

  // A stale version never overwrites a newer one.
  out = SetPolicyToJson(db, PolicyJson(2, "shard-old"));
  EXPECT_EQ(out.status, 400);
  EXPECT_EQ(Body(out)["error"]["errno"], 1210);
  EXPECT_EQ(Body(out)["error"]["message"],
            "Table policy version 2 is older than the current version 3 of database "
            "'versions_db': not applied");
  Json explained = Body(ExplainToJson("SELECT * FROM orders WHERE tenant_id = 'acme'",
                                      R"({"database": "versions_db"})"));
  EXPECT_EQ(explained["policyVersion"], 3);
  EXPECT_EQ(explained["statements"][0]["shards"], Json::array({"shard-a"}));

  out = SetPolicyToJson(db, PolicyJson(4, "shard-b"));
  ASSERT_EQ(out.status, 200) << out.body;
  explained = Body(ExplainToJson("SELECT * FROM orders WHERE tenant_id = 'acme'",
                                 R"({"database": "versions_db"})"));
  EXPECT_EQ(explained["policyVersion"], 4);
  EXPECT_EQ(explained["statements"][0]["shards"], Json::array({"shard-b"}));

  // An invalid policy leaves the current one in place.
  out = SetPolicyToJson(db, R"({"tables": {}, "routing": {"version": 9, "tenant_shards": 0}})");
  EXPECT_EQ(out.status, 400);
  EXPECT_EQ(Body(ExplainToJson("SELECT 1", R"({"database": "versions_db"})"))["policyVersion"], 4);
}

TEST(RoutingApiTest, ExplainGivesEachStatementsDecision) {
  ASSERT_EQ(SetPolicyToJson("explain_db", PolicyJson(1, "shard-acme")).status, 200);
  Output out = ExplainToJson(
      "SELECT * FROM orders WHERE tenant_id = ?; UPDATE orders SET total = 1 WHERE id = 2",
      R"({"database": "explain_db", "params": ["ACME"]})");
  ASSERT_EQ(out.status, 200) << out.body;
  const Json body = Body(out);
  ASSERT_EQ(body["statements"].size(), 2u);
  const Json& read = body["statements"][0];
  EXPECT_EQ(read["kind"], "select");
  EXPECT_EQ(read["route"], "single");
  EXPECT_EQ(read["shards"], Json::array({"shard-acme"}));
  EXPECT_EQ(read["write"], false);
  EXPECT_EQ(read["reason"], "orders.tenant_id in {acme}");
  const Json& write = body["statements"][1];
  EXPECT_EQ(write["route"], "reject");
  EXPECT_EQ(write["error"]["errno"], 1235);
  EXPECT_EQ(write["error"]["sqlState"], "42000");

  // A tenant-bound caller naming another tenant.
  out = ExplainToJson("SELECT * FROM orders WHERE tenant_id = 'globex'",
                      R"({"database": "explain_db", "tenant": "acme"})");
  EXPECT_EQ(Body(out)["statements"][0]["error"]["errno"], 1044);

  // No policy, bad request, bad SQL: errors of their own.
  EXPECT_EQ(Body(ExplainToJson("SELECT 1", R"({"database": "nowhere"})"))["error"]["message"],
            "No table policy for database 'nowhere'");
  EXPECT_EQ(ExplainToJson("SELECT 1", "{oops").status, 400);
  EXPECT_EQ(Body(ExplainToJson("SELEC 1", R"({"database": "explain_db"})"))["error"]["errno"],
            1064);
}

}  // namespace
}  // namespace edgesql::gateway
