#include "routing/table_policy.h"

#include <gtest/gtest.h>

#include <string>

#include "catalog/table_def.h"
#include "common/str_cat.h"

namespace edgesql::routing {
namespace {

constexpr std::string_view kPolicy = R"({
  "tables": {
    "orders": {"pk": ["id"], "shard_by": "tenant_id",
               "cache": {"mode": "bounded", "ttl_ms": 1500, "swr_ms": 500,
                         "always_strong_columns": ["status"]}},
    "events": {"pk": "id"},
    "countries": {"pk": ["code"], "reference": true}
  },
  "routing": {
    "version": 3,
    "tenant_shards": 4,
    "tenants": {"acme": "shard-acme-2"},
    "ranges": [{"prefix": "80..ff", "shard": "shard-range-1"},
               {"prefix": "00..7f", "shard": "shard-range-0"}]
  }
})";

TEST(TablePolicyTest, ReadsEveryPlacementAndTheRoutingMap) {
  Result<Policy> p = PolicyFromJsonText(kPolicy);
  ASSERT_TRUE(p.ok()) << p.error().message();
  const Policy& policy = p.value();

  const TablePolicy* orders = policy.FindTable("orders");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->placement, Placement::kTenant);
  EXPECT_EQ(orders->shard_by, "tenant_id");
  EXPECT_EQ(orders->pk, std::vector<std::string>{"id"});
  EXPECT_EQ(orders->cache.mode, CacheMode::kBounded);
  EXPECT_EQ(orders->cache.ttl_ms, 1500);
  EXPECT_EQ(orders->cache.swr_ms, 500);
  EXPECT_EQ(orders->cache.always_strong_columns, std::vector<std::string>{"status"});

  const TablePolicy* events = policy.FindTable("events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->placement, Placement::kHash);
  EXPECT_EQ(events->pk, std::vector<std::string>{"id"});  // one name may stand alone
  EXPECT_EQ(events->cache.mode, CacheMode::kStrong);      // the default

  ASSERT_NE(policy.FindTable("countries"), nullptr);
  EXPECT_EQ(policy.FindTable("countries")->placement, Placement::kReference);
  EXPECT_EQ(policy.FindTable("Orders"), nullptr);  // table names are exact

  EXPECT_EQ(policy.routing.version, 3);
  EXPECT_EQ(policy.routing.tenant_shards, 4);
  EXPECT_EQ(policy.routing.tenants.at("acme"), "shard-acme-2");
  // Ranges come back sorted, whatever order they were written in.
  ASSERT_EQ(policy.routing.ranges.size(), 2u);
  EXPECT_EQ(policy.routing.ranges[0].first, 0x00);
  EXPECT_EQ(policy.routing.ranges[0].last, 0x7f);
  EXPECT_EQ(policy.routing.ranges[0].shard, "shard-range-0");
  EXPECT_EQ(policy.routing.ranges[1].first, 0x80);
  EXPECT_EQ(policy.routing.ranges[1].last, 0xff);
}

// Each bad policy fails with ER_WRONG_ARGUMENTS naming the path and reason.
TEST(TablePolicyTest, RejectsBadPoliciesWithPathAndReason) {
  const std::string ok_routing =
      R"("routing": {"version": 1, "ranges": [{"prefix": "00..ff", "shard": "s0"}]})";
  struct Case {
    std::string json;
    std::string message;  // after "Invalid table policy at "
  };
  const Case cases[] = {
      {"[]", "(top): expected an object with tables and routing"},
      {"{not json", "(top): not valid JSON"},
      {R"({"tables": {}, "routing": {"version": 1}, "extra": 1})", "extra: unknown key"},
      {R"({"routing": {"version": 1}})", "tables: expected an object of table name: placement"},
      {R"({"tables": {}})", "routing: is missing (it needs a version)"},
      {R"({"tables": {"t": {"shard_by": "a"}}, )" + ok_routing + "}",
       "tables.t: pk is missing (the primary-key columns)"},
      {R"({"tables": {"t": {"pk": []}}, )" + ok_routing + "}", "tables.t.pk: names no column"},
      {R"({"tables": {"t": {"pk": ["a", "A"]}}, )" + ok_routing + "}",
       "tables.t.pk[1]: column 'A' is listed twice"},
      {R"({"tables": {"t": {"pk": ["a", 7]}}, )" + ok_routing + "}",
       "tables.t.pk[1]: expected a column name"},
      {R"({"tables": {"t": {"pk": "a", "shardby": "x"}}, )" + ok_routing + "}",
       "tables.t.shardby: unknown key"},
      {R"({"tables": {"t": {"pk": "a", "shard_by": "x", "reference": true}}, )" + ok_routing + "}",
       "tables.t.shard_by: a reference table is on every shard: no shard key"},
      {R"({"tables": {"t": {"pk": "a", "reference": "yes"}}, )" + ok_routing + "}",
       "tables.t.reference: expected true or false"},
      {R"({"tables": {"t": {"pk": "a", "cache": {"mode": "fast"}}}, )" + ok_routing + "}",
       "tables.t.cache.mode: expected strong, bounded or cached"},
      {R"({"tables": {"t": {"pk": "a", "cache": {"mode": "bounded"}}}, )" + ok_routing + "}",
       "tables.t.cache.ttl_ms: bounded mode needs a bound above 0"},
      {R"({"tables": {"t": {"pk": "a", "cache": {"ttl_ms": -5}}}, )" + ok_routing + "}",
       "tables.t.cache.ttl_ms: expected a whole number of milliseconds, 0 or more"},
      {R"({"tables": {"t": {"pk": "a"}}, "routing": {"version": 1}})",
       "tables.t: is hashed by its primary key, but routing.ranges is empty"},
      {R"({"tables": {}, "routing": {"version": 0}})",
       "routing.version: expected a whole number from 1 up (a map replaces only an older one)"},
      {R"({"tables": {}, "routing": {"version": 1, "tenant_shards": 0}})",
       "routing.tenant_shards: expected a whole number from 1 to 4096"},
      {R"({"tables": {}, "routing": {"version": 1, "tenants": {"acme": "shard/1"}}})",
       "routing.tenants.acme: a shard name holds only letters, digits, '-' and '_'"},
      {R"({"tables": {}, "routing": {"version": 1, "tenants": {"acme": ""}}})",
       "routing.tenants.acme: a shard name has 1 to 64 characters"},
      {R"({"tables": {}, "routing": {"version": 1, "tenants": {"Acme": "a", "ACME": "b"}}})",
       "routing.tenants.Acme: tenant 'acme' is listed twice (ids ignore case)"},
      {R"({"tables": {}, "routing": {"version": 1, "tenants": {"Müller": "a"}}})",
       "routing.tenants.Müller: a tenant id in the map must be ASCII (keys are compared "
       "case-insensitively)"},
      {R"({"tables": {}, "routing": {"version": 1, "ranges": [{"prefix": "0..7f", "shard": "a"}]}})",
       "routing.ranges[0].prefix: expected \"xx..yy\" (two hex bytes) or \"xx\""},
      {R"({"tables": {}, "routing": {"version": 1, "ranges": [{"prefix": "7f..00", "shard": "a"}]}})",
       "routing.ranges[0].prefix: the range runs backwards"},
      {R"({"tables": {}, "routing": {"version": 1, "ranges": [{"prefix": "00..ff"}]}})",
       "routing.ranges[0].shard: is missing"},
      {R"({"tables": {}, "routing": {"version": 1, "ranges": [
           {"prefix": "00..80", "shard": "a"}, {"prefix": "80..ff", "shard": "b"}]}})",
       "routing.ranges[1]: 80..ff overlaps routing.ranges[0] (00..80)"},
      {R"({"tables": {}, "routing": {"version": 1, "ranges": [
           {"prefix": "00..3f", "shard": "a"}, {"prefix": "80..ff", "shard": "b"}]}})",
       "routing.ranges[1]: nothing covers 40..7f before 80..ff"},
      {R"({"tables": {}, "routing": {"version": 1, "ranges": [
           {"prefix": "01..ff", "shard": "a"}]}})",
       "routing.ranges[0]: nothing covers 00..00 before 01..ff"},
      {R"({"tables": {}, "routing": {"version": 1, "ranges": [
           {"prefix": "00..7f", "shard": "a"}, {"prefix": "80..fe", "shard": "b"}]}})",
       "routing.ranges: nothing covers ff..ff"},
  };
  for (const Case& c : cases) {
    Result<Policy> p = PolicyFromJsonText(c.json);
    ASSERT_FALSE(p.ok()) << c.json;
    EXPECT_EQ(p.error().errnum(), 1210) << c.json;
    EXPECT_EQ(p.error().message(), "Invalid table policy at " + c.message) << c.json;
  }
}

TEST(TablePolicyTest, SingleBytePrefixesCoverOneValue) {
  Result<Policy> p = PolicyFromJsonText(R"({"tables": {}, "routing": {"version": 2, "ranges": [
      {"prefix": "00", "shard": "first"}, {"prefix": "01..ff", "shard": "rest"}]}})");
  ASSERT_TRUE(p.ok()) << p.error().message();
  ASSERT_EQ(p.value().routing.ranges.size(), 2u);
  EXPECT_EQ(p.value().routing.ranges[0].last, 0x00);
  EXPECT_EQ(p.value().routing.ranges[1].first, 0x01);
}

catalog::DatabaseSchema Schema() {
  catalog::DatabaseSchema schema;
  catalog::TableDef orders;
  orders.name = "orders";
  for (const char* name : {"id", "tenant_id", "status"}) {
    catalog::ColumnDef c;
    c.name = name;
    orders.columns.push_back(c);
  }
  catalog::IndexDef pk;
  pk.name = "PRIMARY";
  pk.kind = catalog::IndexDef::Kind::kPrimary;
  pk.parts.push_back(catalog::KeyPart{"id"});
  orders.indexes.push_back(pk);
  schema.tables["orders"] = orders;
  return schema;
}

TEST(TablePolicyTest, ChecksTheSchemaItNames) {
  const catalog::DatabaseSchema schema = Schema();
  auto check = [&](std::string_view tables) -> std::string {
    Result<Policy> p = PolicyFromJsonText(StrCat(
        {R"({"tables": )", tables,
         R"(, "routing": {"version": 1, "ranges": [{"prefix": "00..ff", "shard": "s"}]}})"}));
    EXPECT_TRUE(p.ok()) << tables;
    if (!p.ok()) return "";
    Status s = CheckPolicyAgainstSchema(p.value(), schema);
    return s.ok() ? "ok" : s.error().message();
  };
  EXPECT_EQ(check(R"({"orders": {"pk": "id", "shard_by": "tenant_id",
                                  "cache": {"always_strong_columns": ["status"]}}})"),
            "ok");
  EXPECT_EQ(check(R"({"order": {"pk": "id"}})"),
            "Invalid table policy at tables.order: no table 'order' in the schema");
  EXPECT_EQ(check(R"({"orders": {"pk": "id", "shard_by": "tenant"}})"),
            "Invalid table policy at tables.orders.shard_by: table 'orders' has no column "
            "'tenant'");
  EXPECT_EQ(check(R"({"orders": {"pk": ["id", "nope"]}})"),
            "Invalid table policy at tables.orders.pk[1]: table 'orders' has no column 'nope'");
  EXPECT_EQ(check(R"({"orders": {"pk": "id", "cache": {"always_strong_columns": ["x"]}}})"),
            "Invalid table policy at tables.orders.cache.always_strong_columns[0]: table "
            "'orders' has no column 'x'");
  EXPECT_EQ(check(R"({"orders": {"pk": "tenant_id"}})"),
            "Invalid table policy at tables.orders.pk: the table's PRIMARY KEY is (id)");
}

}  // namespace
}  // namespace edgesql::routing
