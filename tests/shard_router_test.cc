#include "routing/shard_router.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "sql/analyzer.h"

namespace edgesql::routing {
namespace {

using Json = edgesql::Json;

// Rows are placed by KeyHash: it must never change. These values pin it
// (computed independently, by a Python rendering of FNV-1a + fmix64).
TEST(ShardRouterTest, KeyHashIsStable) {
  EXPECT_EQ(KeyHash(""), 0xefd01f60ba992926ULL);
  EXPECT_EQ(KeyHash("42"), 0x810b196a56ee3cecULL);
  EXPECT_EQ(KeyHash("acme"), 0x3a25b6656ba9cfc6ULL);
}

TEST(ShardRouterTest, CanonicalKeysCompareAsMySqlDoes) {
  auto key = [](sql::Value::Kind kind, std::string text) {
    sql::Value v;
    v.kind = kind;
    v.text = std::move(text);
    return CanonicalKey(v, {}).value_or("<none>");
  };
  using K = sql::Value::Kind;
  EXPECT_EQ(key(K::kNumber, "42"), "42");
  EXPECT_EQ(key(K::kNumber, "0042"), "42");
  EXPECT_EQ(key(K::kNumber, "-0"), "0");
  EXPECT_EQ(key(K::kNumber, "-007"), "-7");
  EXPECT_EQ(key(K::kNumber, "1.50"), "1.5");
  EXPECT_EQ(key(K::kNumber, "2.000"), "2");
  EXPECT_EQ(key(K::kNumber, ".5"), "0.5");
  EXPECT_EQ(key(K::kString, "042"), "42");
  EXPECT_EQ(key(K::kString, "AcMe"), "acme");
  EXPECT_EQ(key(K::kString, "Müller"), "<none>");  // no safe folding beyond ASCII
  EXPECT_EQ(key(K::kNull, ""), "<none>");
  EXPECT_EQ(key(K::kExpression, "lower(x)"), "<none>");
  sql::Value param;
  param.kind = K::kParam;
  param.param_index = 1;
  sql::Value bound[2];
  bound[1].kind = K::kString;
  bound[1].text = "ACME";
  EXPECT_EQ(CanonicalKey(param, bound).value_or("<none>"), "acme");
  param.param_index = 2;  // past the bound values
  EXPECT_EQ(CanonicalKey(param, bound).value_or("<none>"), "<none>");
}

Json LoadCases() {
  std::ifstream in(std::string(EDGESQL_TEST_DATA_DIR) + "/routing_cases.json");
  std::stringstream text;
  text << in.rdbuf();
  return Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
}

std::vector<sql::Value> Params(const Json& params) {
  std::vector<sql::Value> out;
  for (const Json& p : params) {
    sql::Value v;
    if (p.is_string()) {
      v.kind = sql::Value::Kind::kString;
      v.text = p.get<std::string>();
    } else if (p.is_number()) {
      v.kind = sql::Value::Kind::kNumber;
      v.text = p.dump();
    } else {
      v.kind = sql::Value::Kind::kNull;
    }
    out.push_back(v);
  }
  return out;
}

// "tenant:x" and "hash:k" name shards through the router's own placement
// functions (pinned by KeyHashIsStable); anything else is a literal name.
std::string ResolveShard(const Policy& policy, const std::string& name) {
  if (name.rfind("tenant:", 0) == 0) return TenantShard(policy, name.substr(7));
  if (name.rfind("hash:", 0) == 0) return HashShard(policy, name.substr(5));
  return name;
}

TEST(ShardRouterTest, GoldenCases) {
  const Json data = LoadCases();
  ASSERT_FALSE(data.is_discarded()) << "tests/data/routing_cases.json is not valid JSON";
  Result<Policy> policy = PolicyFromJson(data["policy"]);
  ASSERT_TRUE(policy.ok()) << policy.error().message();
  const Policy& p = policy.value();
  const std::vector<std::string> all = AllShards(p);
  std::set<std::string> kinds_seen;
  int cases = 0;
  for (const Json& c : data["cases"]) {
    ++cases;
    const std::string sql = c["sql"].get<std::string>();
    const std::string comment = c["comment"].get<std::string>();
    SCOPED_TRACE(comment + ": " + sql);
    Result<sql::Analysis> analysis = sql::Analyze(sql);
    ASSERT_TRUE(analysis.ok()) << analysis.error().message();
    ASSERT_EQ(analysis.value().statements.size(), 1u);
    const std::vector<sql::Value> params = Params(c.value("params", Json::array()));
    const Decision d =
        Decide(p, analysis.value().statements[0], params, c.value("tenant", std::string()));
    const Json& expect = c["expect"];
    const std::string kind = expect["kind"].get<std::string>();
    kinds_seen.insert(kind);
    if (kind == "hash-set") {
      // Keys over a hashed table: the shards of their hashes. A read may
      // span them; a write only when they are one shard.
      std::set<std::string> want;
      for (const Json& k : expect["keys"]) want.insert(HashShard(p, k.get<std::string>()));
      if (d.write && want.size() > 1) {
        ASSERT_EQ(d.kind, Decision::Kind::kReject) << d.reason;
        EXPECT_NE(d.error->message().find("rows span shards"), std::string::npos);
        continue;
      }
      EXPECT_EQ(std::set<std::string>(d.shards.begin(), d.shards.end()), want);
      EXPECT_EQ(d.kind, want.size() == 1 ? Decision::Kind::kSingle : Decision::Kind::kMulti);
      continue;
    }
    if (kind == "reject") {
      ASSERT_EQ(d.kind, Decision::Kind::kReject) << d.reason;
      ASSERT_TRUE(d.error.has_value());
      EXPECT_EQ(d.error->errnum(), expect["errno"].get<int>());
      EXPECT_NE(d.error->message().find(expect["message"].get<std::string>()), std::string::npos)
          << d.error->message();
      continue;
    }
    ASSERT_NE(d.kind, Decision::Kind::kReject) << d.reason;
    EXPECT_EQ(DecisionKindName(d.kind), kind) << d.reason;
    if (expect.contains("write")) EXPECT_EQ(d.write, expect["write"].get<bool>());
    if (expect.contains("count")) EXPECT_EQ(d.shards.size(), expect["count"].get<size_t>());
    if (expect.contains("shards")) {
      std::vector<std::string> want;
      for (const Json& s : expect["shards"]) {
        if (s == "*") {
          want.insert(want.end(), all.begin(), all.end());
        } else {
          want.push_back(ResolveShard(p, s.get<std::string>()));
        }
      }
      std::sort(want.begin(), want.end());
      EXPECT_EQ(d.shards, want) << d.reason;
    }
    EXPECT_FALSE(d.reason.empty());
  }
  // Every kind of decision is exercised.
  for (const char* k : {"single", "multi", "scatter", "reference", "reject"})
    EXPECT_TRUE(kinds_seen.count(k)) << k;
  EXPECT_GE(cases, 100);
}

TEST(ShardRouterTest, AllShardsListsEveryPlacement) {
  Result<Policy> p = PolicyFromJsonText(R"({"tables": {}, "routing": {"version": 1,
      "tenant_shards": 2, "tenants": {"a": "big-a"},
      "ranges": [{"prefix": "00..7f", "shard": "r0"}, {"prefix": "80..ff", "shard": "r1"}]}})");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(AllShards(p.value()),
            (std::vector<std::string>{"big-a", "r0", "r1", "tenant-0", "tenant-1"}));
  // Default placement spreads tenants over tenant-0 and tenant-1 and is stable.
  std::set<std::string> used;
  for (int i = 0; i < 64; ++i) used.insert(TenantShard(p.value(), "t" + std::to_string(i)));
  EXPECT_EQ(used, (std::set<std::string>{"tenant-0", "tenant-1"}));
  EXPECT_EQ(TenantShard(p.value(), "A"), "big-a");
}

}  // namespace
}  // namespace edgesql::routing
