// The gateway with a table policy: who the caller is, where the policy comes
// from, how a scattered read is planned and merged, and how a shard that
// missed a schema change is brought forward before it runs anything.
#include <gtest/gtest.h>

#include <set>

#include "common/sha256.h"
#include "gateway/caller.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "gateway/policy_store.h"
#include "gateway/session.h"
#include "output_json.h"
#include "transpile/transpiler.h"

namespace edgesql::gateway {
namespace {

Output Answer(const Json& plan, const Json& answers) {
  return Finish(plan["context"].get<std::string>(), Dump(Json{{"answers", answers}}));
}

std::string Token(std::string_view claims, std::string_view secret) {
  std::string unsigned_part =
      Base64UrlEncode(R"({"alg":"HS256","typ":"JWT"})") + "." + Base64UrlEncode(claims);
  Sha256Digest mac = HmacSha256(secret, unsigned_part);
  return unsigned_part + "." +
         Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

TEST(CallerTest, TokensAreRequiredUnlessTheDeploymentSaysOptional) {
  Result<Caller> anonymous = ParseCaller(R"({"auth":"","now":1000})");
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().errnum(), 1045);
  Result<Caller> dev = ParseCaller(R"({"auth":"optional","now":1000})");
  ASSERT_TRUE(dev.ok());
  EXPECT_TRUE(dev.value().claims.ddl);
  EXPECT_TRUE(dev.value().claims.tenant.empty());
  EXPECT_TRUE(CheckOperator(dev.value()).ok());

  const std::string token =
      Token(R"({"tenant_id":"acme","permissions":["read"],"exp":2000})", "s3");
  Json caller{{"authorization", "Bearer " + token}, {"secret", "s3"}, {"now", 1'000'000}};
  Result<Caller> acme = ParseCaller(Dump(caller));
  ASSERT_TRUE(acme.ok()) << acme.error().message();
  EXPECT_EQ(acme.value().claims.tenant, "acme");
  EXPECT_FALSE(acme.value().claims.write);
  EXPECT_EQ(CheckOperator(acme.value()).error().errnum(), 1227);
  // Verified in optional mode too; expired; wrong secret; no secret; not Bearer.
  caller["auth"] = "optional";
  caller["secret"] = "other";
  EXPECT_EQ(ParseCaller(Dump(caller)).error().errnum(), 1045);
  caller["secret"] = "s3";
  caller["now"] = 3'000'000;
  EXPECT_EQ(ParseCaller(Dump(caller)).error().errnum(), 1045);
  caller["now"] = 1'000'000;
  caller["secret"] = "";
  EXPECT_EQ(ParseCaller(Dump(caller)).error().errnum(), 1045);
  caller["secret"] = "s3";
  caller["authorization"] = "Basic abc";
  EXPECT_EQ(ParseCaller(Dump(caller)).error().errnum(), 1045);
}

TEST(CallerTest, ASessionJudgesItsTokenOnceAndStillEndsWithIt) {
  const std::string token =
      Token(R"({"tenant_id":"acme","permissions":["read"],"exp":2000})", "s3");
  Json caller{
      {"authorization", "Bearer " + token}, {"secret", "s3"}, {"now", 1'000'000}, {"nonce", "n"}};
  Output opened = SessionOpen(Dump(caller), "caller_test");
  ASSERT_EQ(opened.status, 200) << opened.body;
  const uint32_t id = Body(opened)["session"].get<uint32_t>();
  auto send = [&](std::string_view sql, int64_t now_ms) {
    return SessionMessage(id, Dump(Json{{"op", "query"}, {"sql", sql}}), now_ms);
  };
  // The claims it opened with still decide: a read is planned, a write is
  // not this token's to make.
  Output read = send("SELECT 1", 1'999'999);
  EXPECT_EQ(read.status, 0) << read.body;  // its first step: the database's policy
  Output write = send("INSERT INTO t VALUES (1)", 1'999'999);
  EXPECT_EQ(Body(write)["error"]["errno"], 1142) << write.body;
  // The moment the token expires, the session's statements are refused.
  Output late = send("SELECT 1", 2'000'000);
  EXPECT_EQ(Body(late)["error"]["errno"], 1045) << late.body;
  EXPECT_EQ(Body(late)["error"]["message"], "Access denied: tenant token has expired");
  SessionClose(id);
}

TEST(PolicyStoreTest, AFetchNeverUndoesANewerPolicy) {
  PolicyStore store;
  EXPECT_FALSE(store.FetchedAt("db").has_value());
  store.Fetched("db", std::nullopt, 100);
  EXPECT_EQ(store.FetchedAt("db"), 100);
  EXPECT_EQ(store.Find("db"), nullptr);
  auto policy = [](int version) {
    return routing::PolicyFromJsonText(R"({"tables":{"t":{"pk":"id"}},"routing":{"version":)" +
                                       std::to_string(version) +
                                       R"(,"ranges":[{"prefix":"00..ff","shard":"r"}]}})")
        .value();
  };
  store.Fetched("db", policy(3), 200);
  store.Fetched("db", policy(2), 300);  // a slow fetch that raced an update
  ASSERT_NE(store.Find("db"), nullptr);
  EXPECT_EQ(store.Find("db")->routing.version, 3);
  EXPECT_EQ(store.FetchedAt("db"), 300);
  EXPECT_EQ(store.Replace("db", policy(1)).error().errnum(), 1210);
}

TEST(ShardPartTest, AveragesTravelAsSumsAndCountsAndTheOffsetStaysWithTheMerge) {
  transpile::TranspileContext context;
  context.database = "app";
  context.shard_part = true;
  context.shard_limit = 7;
  Result<transpile::Translation> t = transpile::TranspileText(
      "SELECT a, AVG(b), AVG(c + 1) FROM t GROUP BY a ORDER BY a LIMIT 5 OFFSET 2", context);
  ASSERT_TRUE(t.ok()) << t.error().message();
  const std::string& sql = t.value().statements[0];
  EXPECT_NE(sql.find("sum(`b`) AS \"AVG(b)\""), std::string::npos) << sql;
  EXPECT_NE(sql.find(", count(`b`), count((`c` + 1)) FROM"), std::string::npos) << sql;
  EXPECT_NE(sql.find("LIMIT 7"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("OFFSET"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("avg("), std::string::npos) << sql;
}

class ShardedGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    db_ = "sharded_" + std::to_string(++n);
    Output set = SetPolicyToJson(db_, R"({"tables":{"orders":{"pk":"id","shard_by":"tenant_id"}},
        "routing":{"version":1,"tenant_shards":4,"tenants":{"acme":"shard-acme"},
                   "ranges":[{"prefix":"00..ff","shard":"r"}]}})");
    ASSERT_EQ(set.status, 200) << set.body;
  }

  // The orders table's catalog definition, as a CREATE TABLE records it.
  std::string OrdersDefinition() {
    const std::string plain = db_ + "_plain";
    Json plan = Body(Plan(Request("SELECT 1", plain)));
    plan = Body(Answer(plan, Json::array({{{"policy", nullptr}}})));
    plan = Body(Answer(plan, Json::array({Catalog(0, Json::array())})));
    EXPECT_EQ(plan["calls"][0]["shard"], plain + "/0");
    plan = Body(Plan(Request(
        "CREATE TABLE orders (id INT PRIMARY KEY, tenant_id VARCHAR(20), amount INT)", plain)));
    for (const Json& st : plan["calls"][0]["statements"]) {
      if (st["sql"].get<std::string>().find("_edgesql_catalog") != std::string::npos)
        return st["params"][1].get<std::string>();
    }
    return "";
  }

  static Json Catalog(int version, Json rows) {
    return {{"results", Json::array({Json{{"rows", {{version}}}}, Json{{"rows", rows}}})}};
  }
  std::string Request(std::string_view sql, std::string db = "") {
    return Dump(Json{{"sql", sql}, {"database", db.empty() ? db_ : db}});
  }
  // Plans `sql` with the orders table catalogued at `version`.
  Json Loaded(std::string_view sql, int version = 1) {
    Json plan = Body(Plan(Request(sql)));
    if (Context(plan)["op"] == "load_catalog") {
      EXPECT_EQ(plan["calls"][0]["shard"], db_ + "/0");  // the home keeps the schema
      Json rows = Json::array({Json::array({"orders", OrdersDefinition()})});
      plan = Body(Answer(plan, Json::array({Catalog(version, rows)})));
    }
    return plan;
  }
  std::string db_;
};

TEST_F(ShardedGatewayTest, AScatteredCountRunsOnEveryShardAndIsSummed) {
  Json plan = Loaded("SELECT COUNT(*) AS n, AVG(amount) FROM orders");
  std::set<std::string> shards;
  Json answers = Json::array();
  int k = 0;
  for (const Json& call : plan["calls"]) {
    shards.insert(call["shard"].get<std::string>());
    const size_t n = call["statements"].size();
    Json results = Json::array();
    for (size_t i = 0; i + 1 < n; ++i) results.push_back({{"rows", {{1}}}});
    // COUNT, SUM(amount) in AVG's place, then COUNT(amount).
    results.push_back({{"columns", {"n", "AVG(amount)", "c"}}, {"rows", {{k + 1, 10 * k, k}}}});
    answers.push_back({{"results", results}});
    ++k;
  }
  EXPECT_EQ(shards.size(), 6u);  // tenant-0..3, shard-acme and the range's r
  EXPECT_TRUE(shards.count(db_ + "/shard-acme"));
  Json body = Body(Answer(plan, answers));
  ASSERT_EQ(body["rows"].size(), 1u) << body.dump();
  EXPECT_EQ(body["rows"][0]["n"], 21);  // 1 + 2 + ... + 6
  // (0 + 10 + ... + 50) / (0 + 1 + ... + 5) = 10
  EXPECT_EQ(body["rows"][0]["AVG(amount)"], "10.0000");
  EXPECT_EQ(body["meta"]["shards"].size(), 6u);
}

TEST_F(ShardedGatewayTest, AShardBehindTheSchemaReplaysTheHomesHistoryFirst) {
  Json plan = Loaded("SELECT amount FROM orders WHERE tenant_id = 'acme'");
  ASSERT_EQ(plan["calls"].size(), 1u);
  const std::string shard = db_ + "/shard-acme";
  EXPECT_EQ(plan["calls"][0]["shard"], shard);
  // The shard is new: its guard (version 1) fails.
  Json catchup =
      Body(Answer(plan, Json::array({{{"error", {{"message", "malformed JSON"}, {"index", 0}}}}})));
  ASSERT_EQ(catchup["calls"].size(), 2u);
  EXPECT_EQ(catchup["calls"][0]["shard"], shard);
  EXPECT_EQ(catchup["calls"][1]["shard"], db_ + "/0");
  // The shard is at 0; the home at 1, with version 1's statements recorded.
  Json change =
      Json::array({Json{{"sql", "CREATE TABLE \"orders\" (x)"}, {"params", Json::array()}}});
  Json replay = Body(
      Answer(catchup,
             Json::array({Json{{"results", Json::array({Json{{"rows", {{0}}}}})}},
                          Json{{"results", Json::array({Json{{"rows", {{1}}}},
                                                        Json{{"rows", {{1, Dump(change)}}}}})}}})));
  ASSERT_EQ(replay["calls"].size(), 1u) << replay.dump();
  const Json& statements = replay["calls"][0]["statements"];
  ASSERT_EQ(statements.size(), 3u);  // guard(0), the change, its replay record
  EXPECT_EQ(statements[0]["params"], Json::array({0}));
  EXPECT_EQ(statements[1]["sql"], "CREATE TABLE \"orders\" (x)");
  EXPECT_NE(statements[2]["sql"].get<std::string>().find("_edgesql_ddl_replay"), std::string::npos);
  // Replayed: the statement is planned again, for the same shard.
  Json again = Body(Answer(replay, Json::array({Json{{"results", Json::array()}}})));
  EXPECT_EQ(again["calls"][0]["shard"], shard);
  EXPECT_EQ(Context(again)["op"], "statement");
}

TEST_F(ShardedGatewayTest, SchemaChangesAreTriedEverywhereThenCommittedAtHomeThenApplied) {
  Json plan = Loaded("ALTER TABLE orders ADD COLUMN note VARCHAR(10)");
  EXPECT_EQ(Context(plan)["stage"], "dry_run");
  ASSERT_EQ(plan["calls"].size(), 6u);
  for (const Json& call : plan["calls"]) EXPECT_TRUE(call.value("dryRun", false));
  auto all_ok = [](const Json& p) {
    Json answers = Json::array();
    for (size_t i = 0; i < p["calls"].size(); ++i) answers.push_back({{"results", Json::array()}});
    return answers;
  };
  Json home = Body(Answer(plan, all_ok(plan)));
  ASSERT_EQ(home["calls"].size(), 1u);
  EXPECT_EQ(home["calls"][0]["shard"], db_ + "/0");
  EXPECT_FALSE(home["calls"][0].value("dryRun", false));
  Json apply = Body(Answer(home, all_ok(home)));
  EXPECT_EQ(apply["calls"].size(), 6u);
  // A shard behind the schema skips it (it replays before its next
  // statement); the change is done.
  Json answers = all_ok(apply);
  answers[2] = {{"error", {{"message", "malformed JSON"}, {"index", 0}}}};
  Output done = Answer(apply, answers);
  EXPECT_EQ(done.status, 200) << done.body;
  // A data error in the dry run stops it before anything changed.
  Json again = Loaded("ALTER TABLE orders ADD UNIQUE (amount)", 2);
  answers = all_ok(again);
  answers[1] = {{"error", {{"message", "UNIQUE constraint failed: orders.amount"}, {"index", 2}}}};
  Output refused = Answer(again, answers);
  EXPECT_EQ(Body(refused)["error"]["errno"], 1062) << refused.body;
}

TEST_F(ShardedGatewayTest, AnUnreachableShardFailsFastOnceItsBreakerOpens) {
  const std::string sql = "SELECT amount FROM orders WHERE tenant_id = 'acme'";
  Json unreachable = Json::array({{{"error", {{"message", "timeout"}, {"transport", true}}}}});
  for (int i = 0; i < 5; ++i) {
    Json plan = Loaded(sql);
    ASSERT_EQ(plan["calls"].size(), 1u) << plan.dump();
    Output out = Answer(plan, unreachable);
    EXPECT_EQ(Body(out)["error"]["errno"], 1317) << out.body;  // interrupted, no effect
  }
  // Five failures in a row: refused without a call, as a lost link.
  Output refused = Plan(Request(sql));
  ASSERT_NE(refused.status, 0) << refused.body;
  EXPECT_EQ(Body(refused)["error"]["errno"], 1053);
  EXPECT_EQ(Body(refused)["error"]["sqlState"], "08S01");
  // Other shards are unaffected.
  EXPECT_EQ(Plan(Request("SELECT amount FROM orders WHERE tenant_id = 'globex'")).status, 0);
}

}  // namespace
}  // namespace edgesql::gateway
