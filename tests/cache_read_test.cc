// The cache's read path and consumer through the gateway's Plan/Finish
// contract: a cacheable read looks in KV first, a miss reads the shard and
// hands its answer to the consumer as a fill, the consumer writes it, the
// next read is a hit, and a change event makes it a miss again (docs/cache.md).
#include <gtest/gtest.h>

#include "cache/entries.h"
#include "cache/isolate_cache.h"
#include "cache/mirror.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "gateway/metrics.h"
#include "output_json.h"

namespace edgesql::gateway {
namespace {

constexpr int64_t kEpoch = 1'700'000'000'000;

Output Finish1(const Json& plan, const Json& answer) {
  return Finish(plan["context"].get<std::string>(), Dump(Json{{"answers", Json::array({answer})}}));
}

class CacheReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    db_ = "cache_test_" + std::to_string(++n);
    cache::IsolateCache::Instance().Clear();
    // The table's catalog definition, as a CREATE TABLE records it.
    Json plan = Body(Plan(Request("SELECT 1", db_ + "_ddl")));
    plan = Body(Finish1(plan, Json{{"policy", nullptr}}));
    plan = Body(Finish1(plan, Catalog(0, Json::array())));
    plan = Body(
        Plan(Request("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20))", db_ + "_ddl")));
    for (const Json& st : plan["calls"][0]["statements"]) {
      if (st["sql"].get<std::string>().find("_edgesql_catalog") != std::string::npos)
        definition_ = st["params"][1];
    }
    ASSERT_TRUE(definition_.is_string());
  }

  static Json Catalog(int version, Json rows) {
    return {{"results", Json::array({Json{{"rows", {{version}}}}, Json{{"rows", rows}}})}};
  }
  static std::string Request(std::string_view sql, std::string_view db, Json params = nullptr) {
    Json r{{"sql", sql}, {"database", db}};
    if (!params.is_null()) r["params"] = params;
    return Dump(r);
  }

  // The plan of `sql` with the users table catalogued.
  Json Planned(std::string_view sql, Json params = nullptr) {
    Json plan = Body(Plan(Request(sql, db_, params)));
    if (!plan.contains("context")) return plan;  // answered: the isolate's copy
    if (Context(plan)["op"] == "load_policy") plan = Body(Finish1(plan, Json{{"policy", nullptr}}));
    if (Context(plan)["op"] == "load_catalog")
      plan = Body(Finish1(plan, Catalog(1, Json::array({Json::array({"users", definition_})}))));
    return plan;
  }

  // The shard's answer to a read of one name at data version n: the guard
  // with the version, then the rows.
  static Json ShardAnswer(std::string_view name, int64_t n) {
    return {{"results", Json::array({Json{{"rows", {{"1", kEpoch, n}}}},
                                     Json{{"columns", {"name"}}, {"rows", {{name}}}}})}};
  }

  // Runs the consumer over `events` against `kv`, the cache's contents,
  // which it updates; returns the consumer's final answer.
  // `reads` gets the keys of each KV read, in order.
  static Json Consume(const std::vector<std::string>& events, std::map<std::string, Json>& kv,
                      int64_t now = 0,  // the clock Plan() plans with
                      std::vector<Json>* reads = nullptr) {
    Output out = PlanQueueBatch(Dump(Json(events)), Dump(Json{{"now", now}}));
    while (out.status == 0) {
      Json plan = Body(out);
      const Json& call = plan["calls"][0];
      Json answer = Json::object();
      if (call["kv"] == "get") {
        if (reads != nullptr) reads->push_back(call["keys"]);
        Json values = Json::array();
        for (const Json& key : call["keys"]) {
          auto it = kv.find(key.get<std::string>());
          values.push_back(it == kv.end() ? Json() : Json(Dump(it->second)));
        }
        answer["values"] = values;
      } else {
        EXPECT_EQ(call["kv"], "write");
        for (const Json& put : call["puts"])
          kv[put["key"].get<std::string>()] = Json::parse(put["value"].get<std::string>());
      }
      out = Finish1(plan, answer);
    }
    EXPECT_EQ(out.status, 200) << out.body;
    return Body(out);
  }

  // Reads `sql` through the isolate's copy and the cache `kv`; a miss is
  // answered by the shard as `name` at version n. Returns the answer;
  // `fill` gets the fill event.
  Json Read(std::string_view sql, const std::map<std::string, Json>& kv, std::string_view name,
            int64_t n, std::string* fill = nullptr) {
    Json plan = Planned(sql, Json::array({1}));
    if (!plan.contains("calls")) return plan;  // the isolate's copy answered
    const Json& call = plan["calls"][0];
    EXPECT_EQ(call["kv"], "get") << plan.dump();
    Json values = Json::array();
    for (const Json& key : call["keys"]) {
      auto it = kv.find(key.get<std::string>());
      values.push_back(it == kv.end() ? Json() : Json(Dump(it->second)));
    }
    Output out = Finish1(plan, Json{{"values", values}});
    if (out.status == 0) {
      plan = Body(out);
      EXPECT_EQ(plan["calls"][0]["shard"], db_ + "/0");
      EXPECT_TRUE(plan["calls"][0].contains("share"));
      out = Finish1(plan, ShardAnswer(name, n));
      if (fill != nullptr && !out.background.empty()) {
        Json background = Json::parse(out.background);
        *fill = background["calls"][0]["messages"][0].get<std::string>();
      }
    }
    EXPECT_EQ(out.status, 200) << out.body;
    return Body(out);
  }

  // A shard's record whose `tables` have had fills: their changes
  // tombstone the rows they name.
  static Json Marked(const Json& tables) {
    Json cached = Json::object();
    for (const Json& t : tables) cached[t.get<std::string>()] = true;
    return {{"epoch", kEpoch},
            {"tables", Json::object()},
            {"flush", Json::object()},
            {"cached", std::move(cached)}};
  }

  std::string db_;
  Json definition_;
};

TEST_F(CacheReadTest, AMissFillsThroughTheConsumerAndTheNextReadHits) {
  const std::string sql = "SELECT /*+ cached */ name FROM users WHERE id = ?";
  std::map<std::string, Json> kv;
  std::string fill;
  Json first = Read(sql, kv, "ann", 3, &fill);
  EXPECT_EQ(first["meta"]["cache"], "miss");
  EXPECT_EQ(first["meta"]["dataVersion"], Json::array({kEpoch, 3}));
  EXPECT_EQ(first["rows"][0]["name"], "ann");
  ASSERT_FALSE(fill.empty());

  EXPECT_EQ(Consume({fill}, kv)["retry"], Json::array());
  const std::string entity = cache::EntityKey(db_ + "/0", "users", {"1"});
  ASSERT_TRUE(kv.count(entity)) << Json(kv).dump();
  EXPECT_EQ(kv[entity]["v"], Json::array({kEpoch, 3}));

  // (Another isolate, or this one a second later: not its own copy.)
  cache::IsolateCache::Instance().Clear();
  Json second = Read(sql, kv, "never read", 3);
  EXPECT_EQ(second["meta"]["cache"], "hit");
  EXPECT_FALSE(second["meta"].contains("cacheLayer"));
  EXPECT_EQ(second["rows"][0]["name"], "ann");
  EXPECT_EQ(second["meta"]["dataVersion"], Json::array({kEpoch, 3}));

  // A write of the row tombstones it: the next read goes to the shard.
  Json change{{"type", "change"}, {"shard", db_ + "/0"},
              {"table", "users"}, {"keys", Json::parse("[[1]]")},
              {"v", {kEpoch, 4}}, {"at", kEpoch}};
  Consume({Dump(change)}, kv);
  EXPECT_EQ(kv[entity]["gone"], true);
  // (A second later: this isolate's own copy of the hit has expired; see
  // TheIsolateKeepsAHitForASecondAndJudgesItAgainEachTime.)
  cache::IsolateCache::Instance().Clear();
  std::string late_fill;
  Json third = Read(sql, kv, "ann2", 4, &late_fill);
  EXPECT_EQ(third["meta"]["cache"], "miss");
  EXPECT_EQ(third["rows"][0]["name"], "ann2");

  // The first fill, delivered again after the change, changes nothing;
  // the newer one lands whatever order the two arrive in.
  Consume({late_fill, fill}, kv);
  EXPECT_EQ(kv[entity]["v"], Json::array({kEpoch, 4}));
  Consume({fill, Dump(change)}, kv);
  EXPECT_EQ(kv[entity]["v"], Json::array({kEpoch, 4}));
  EXPECT_EQ(Read(sql, kv, "never read", 4)["rows"][0]["name"], "ann2");
}

TEST_F(CacheReadTest, ChangesToATableNothingWasFilledFromWriteOnlyTheRecord) {
  const std::string sql = "SELECT /*+ cached */ name FROM users WHERE id = ?";
  const std::string shard = db_ + "/0";
  const std::string entity = cache::EntityKey(shard, "users", {"1"});
  std::map<std::string, Json> kv;
  // A read is planned at version 3; before its fill lands, a change at 4.
  std::string early_fill;
  Read(sql, kv, "ann", 3, &early_fill);
  Json change{{"type", "change"}, {"shard", shard},
              {"table", "users"}, {"keys", Json::parse("[[1], [2]]")},
              {"v", {kEpoch, 4}}, {"at", 0}};
  Consume({Dump(change)}, kv);
  // No fill of users landed yet: nothing to tombstone, one KV write.
  EXPECT_EQ(kv.size(), 1u) << Json(kv).dump();
  EXPECT_EQ(kv[cache::RecordKey(shard)]["tables"]["users"], 4);
  EXPECT_EQ(kv[cache::RecordKey(shard)]["cached"], Json::object());
  // The fill read before the change would bring its old row back: refused.
  Consume({early_fill}, kv);
  EXPECT_EQ(kv.count(entity), 0u);
  // One read after it lands, and marks the table (a second later: the
  // first read's own copy in the isolate is gone).
  cache::IsolateCache::Instance().Clear();
  std::string fill;
  Read(sql, kv, "ann2", 4, &fill);
  Consume({fill}, kv);
  EXPECT_EQ(kv[entity]["v"], Json::array({kEpoch, 4}));
  EXPECT_EQ(kv[cache::RecordKey(shard)]["cached"]["users"], true);
  // From now on a change tombstones the rows it names.
  change["v"] = {kEpoch, 5};
  Consume({Dump(change)}, kv);
  EXPECT_EQ(kv[entity]["gone"], true);
  EXPECT_EQ(kv[cache::EntityKey(shard, "users", {"2"})]["gone"], true);
}

TEST_F(CacheReadTest, AChangeReadsItsRowsOnlyWhereItsTableIsMarkedCached) {
  const std::string shard = db_ + "/0";
  const std::string record = cache::RecordKey(shard);
  const std::string row1 = cache::EntityKey(shard, "users", {"1"});
  const std::string row2 = cache::EntityKey(shard, "users", {"2"});
  Json change{{"type", "change"}, {"shard", shard},
              {"table", "users"}, {"keys", Json::parse("[[1], [2]]")},
              {"v", {kEpoch, 4}}, {"at", 0}};
  // Never cached: the record is all there is to read and write.
  std::map<std::string, Json> kv;
  std::vector<Json> reads;
  Consume({Dump(change)}, kv, 0, &reads);
  EXPECT_EQ(reads, std::vector<Json>{Json::array({record})});
  EXPECT_EQ(kv.size(), 1u) << Json(kv).dump();

  // Marked: the record, then the rows, which are tombstoned.
  kv = {{record, Marked(Json::array({"users"}))}};
  reads.clear();
  change["v"] = {kEpoch, 5};
  Consume({Dump(change)}, kv, 0, &reads);
  EXPECT_EQ(reads, (std::vector<Json>{Json::array({record}), Json::array({row1, row2})}));
  EXPECT_EQ(kv[row1]["gone"], true);
  EXPECT_EQ(kv[row2]["gone"], true);

  // Marked in the same batch, by a fill ahead of the change: the change
  // still reads and tombstones the row it names.
  kv.clear();
  std::string fill;
  Read("SELECT /*+ cached */ name FROM users WHERE id = ?", kv, "ann", 3, &fill);
  change["keys"] = Json::parse("[[2]]");
  change["v"] = {kEpoch, 4};
  reads.clear();
  EXPECT_EQ(Consume({fill, Dump(change)}, kv, 0, &reads)["retry"], Json::array());
  EXPECT_EQ(reads, (std::vector<Json>{Json::array({record, row1}), Json::array({row2})}));
  EXPECT_EQ(kv[record]["cached"]["users"], true);
  EXPECT_EQ(kv[row1]["v"], Json::array({kEpoch, 3}));
  EXPECT_EQ(kv[row2]["gone"], true);
}

TEST_F(CacheReadTest, TheIsolateKeepsAHitForASecondAndJudgesItAgainEachTime) {
  const std::string sql = "SELECT /*+ cached */ name FROM users WHERE id = ?";
  std::map<std::string, Json> kv;
  std::string fill;
  Read(sql, kv, "ann", 3, &fill);
  Consume({fill}, kv);
  Planned(sql, Json::array({1}));  // the policy and catalog are loaded now
  constexpr int64_t t = 50'000;
  auto plan_at = [&](int64_t now, Json session = Json::object()) {
    Json request{{"sql", sql}, {"database", db_}, {"params", {1}}, {"session", session}};
    return PlanRequest(Dump(request), Dump(Json{{"auth", "optional"}, {"now", now}}));
  };
  auto kv_answer = [&](const Json& plan) {
    Json values = Json::array();
    for (const Json& key : plan["calls"][0]["keys"]) {
      auto it = kv.find(key.get<std::string>());
      values.push_back(it == kv.end() ? Json() : Json(Dump(it->second)));
    }
    return Finish1(plan, Json{{"values", values}});
  };

  // KV's hit stays in the isolate: the next read needs no I/O at all.
  Output first = plan_at(t);
  ASSERT_EQ(first.status, 0);
  ASSERT_EQ(Body(first)["calls"][0]["kv"], "get");
  Json hit = Body(kv_answer(Body(first)));
  EXPECT_EQ(hit["meta"]["cache"], "hit");
  EXPECT_FALSE(hit["meta"].contains("cacheLayer"));
  Output again = plan_at(t + 500);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Body(again)["meta"]["cacheLayer"], "isolate");
  EXPECT_EQ(Body(again)["rows"][0]["name"], "ann");
  EXPECT_EQ(Body(again)["meta"]["dataVersion"], Json::array({kEpoch, 3}));

  // The session that wrote version 4 reads its write: the copy is judged
  // as KV's answer would be, and it reads the shard.
  Output own = plan_at(t + 600, Json{{"versions", {{db_ + "/0", {kEpoch, 4}}}}});
  ASSERT_EQ(own.status, 0);
  EXPECT_EQ(Body(own)["calls"][0]["shard"], db_ + "/0");
  // Read-your-writes is per table: a session whose newer write changed
  // another table of the shard still reads the copy; one whose write
  // changed this table reads the shard.
  Output elsewhere =
      plan_at(t + 600, Json{{"versions", {{db_ + "/0", {{"orders", {kEpoch, 4}}}}}}});
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
  EXPECT_EQ(Body(elsewhere)["meta"]["cacheLayer"], "isolate");
  Output here = plan_at(
      t + 600,
      Json{{"versions", {{db_ + "/0", {{"orders", {kEpoch, 4}}, {"users", {kEpoch, 4}}}}}}});
  ASSERT_EQ(here.status, 0);
  EXPECT_EQ(Body(here)["calls"][0]["shard"], db_ + "/0");

  // A change's invalidation reaches this isolate's readers up to a second
  // late, never later.
  Json change{{"type", "change"}, {"shard", db_ + "/0"},
              {"table", "users"}, {"keys", Json::parse("[[1]]")},
              {"v", {kEpoch, 4}}, {"at", t}};
  Consume({Dump(change)}, kv, t);
  Output late = plan_at(t + cache::IsolateCache::kMaxAgeMs);
  ASSERT_EQ(late.status, 200);
  EXPECT_EQ(Body(late)["rows"][0]["name"], "ann");
  Output after = plan_at(t + cache::IsolateCache::kMaxAgeMs + 1);
  ASSERT_EQ(after.status, 0);
  ASSERT_EQ(Body(after)["calls"][0]["kv"], "get");
  Output reread = kv_answer(Body(after));
  ASSERT_EQ(reread.status, 0);  // the tombstone: the shard is read
  EXPECT_EQ(Body(reread)["calls"][0]["shard"], db_ + "/0");
}

// A miss's own shard answer becomes the isolate's copy: until its fill
// lands in KV (seconds, behind a burst of change events) the isolate's
// next readers take it from there instead of each reading the shard and
// sending a fill of its own. The copy is judged like any other.
TEST_F(CacheReadTest, AMissesShardAnswerServesTheIsolatesNextReadersUntilItsFillLands) {
  Planned("SELECT 1 FROM users", Json());  // the policy and catalog are loaded now
  constexpr int64_t t = 80'000;
  auto plan_at = [&](std::string_view sql, int64_t now, Json params,
                     Json session = Json::object()) {
    Json request{{"sql", sql}, {"database", db_}, {"params", params}, {"session", session}};
    return PlanRequest(Dump(request), Dump(Json{{"auth", "optional"}, {"now", now}}));
  };
  // KV holds nothing: the read goes to the shard, and its fill to the queue.
  auto miss = [&](std::string_view sql, int64_t now, Json params, std::string_view name,
                  int64_t n) {
    Output kv_get = plan_at(sql, now, params);
    EXPECT_EQ(Body(kv_get)["calls"][0]["kv"], "get");
    Output read = Finish1(Body(kv_get), Json{{"values", {nullptr, nullptr}}});
    EXPECT_EQ(Body(read)["calls"][0]["shard"], db_ + "/0");
    Output answer = Finish1(Body(read), ShardAnswer(name, n));
    EXPECT_EQ(Body(answer)["meta"]["cache"], "miss");
    EXPECT_NE(answer.background.find(R"("queue":"send")"), std::string::npos) << "a fill";
    return answer;
  };

  for (const std::string sql : {"SELECT /*+ cached */ name FROM users WHERE id = ?",
                                "SELECT /*+ cached */ name FROM users WHERE name = ?"}) {
    SCOPED_TRACE(sql);
    const Json params = sql.find("id =") != std::string::npos ? Json::array({1}) : Json({"ann"});
    miss(sql, t, params, "ann", 5);
    Output next = plan_at(sql, t + 400, params);
    ASSERT_EQ(next.status, 200) << next.body;  // no I/O, no fill
    EXPECT_TRUE(next.background.empty());
    EXPECT_EQ(Body(next)["meta"]["cache"], "hit");
    EXPECT_EQ(Body(next)["meta"]["cacheLayer"], "isolate");
    EXPECT_EQ(Body(next)["meta"]["cacheAge"], 400);
    EXPECT_EQ(Body(next)["meta"]["dataVersion"], Json::array({kEpoch, 5}));
    EXPECT_EQ(Body(next)["rows"][0]["name"], "ann");

    // A session that wrote the table after that read reads the shard.
    Output own = plan_at(sql, t + 400, params, Json{{"versions", {{db_ + "/0", {kEpoch, 6}}}}});
    ASSERT_EQ(own.status, 0);
    EXPECT_EQ(Body(own)["calls"][0]["shard"], db_ + "/0");
    // A bounded read still measures the answer's own age: too old for it.
    std::string bounded = sql;
    bounded.replace(bounded.find("cached"), 6, "bounded=300");
    Output old = plan_at(bounded, t + 400, params);
    ASSERT_EQ(old.status, 0);
    EXPECT_EQ(Body(old)["calls"][0]["shard"], db_ + "/0");
    // A second after the read, the copy is gone: KV is asked again. Its
    // fill has not landed yet, so the shard is read, but one fill of the
    // key is in flight already: no second one until kFillGapMs later.
    Output later = plan_at(sql, t + 1'001, params);
    ASSERT_EQ(later.status, 0);
    EXPECT_EQ(Body(later)["calls"][0]["kv"], "get");
    Output reread = Finish1(Body(later), Json{{"values", {nullptr, nullptr}}});
    Output again = Finish1(Body(reread), ShardAnswer("ann", 7));
    EXPECT_EQ(Body(again)["meta"]["dataVersion"], Json::array({kEpoch, 7}));
    EXPECT_EQ(again.background.find(R"("queue":"send")"), std::string::npos) << again.background;
    miss(sql, t + cache::IsolateCache::kFillGapMs, params, "ann", 8);
  }
}

TEST_F(CacheReadTest, StrongReadsBypassAndSayWhy) {
  std::map<std::string, Json> kv;
  Json plan = Planned("SELECT name FROM users WHERE id = ?", Json::array({1}));
  EXPECT_EQ(plan["calls"][0]["shard"], db_ + "/0");  // straight to the shard
  Json body = Body(Finish1(plan, ShardAnswer("ann", 7)));
  EXPECT_EQ(body["meta"]["cache"], "bypass");
  EXPECT_EQ(body["meta"]["cacheReason"], "table users is strong");  // no policy says otherwise
  EXPECT_EQ(body["meta"]["dataVersion"], Json::array({kEpoch, 7}));

  plan = Planned("SELECT /*+ cached */ name, NOW() FROM users WHERE id = ?", Json::array({1}));
  body = Body(Finish1(plan, ShardAnswer("ann", 7)));
  EXPECT_EQ(body["meta"]["cacheReason"], "NOW() changes between calls");
}

TEST_F(CacheReadTest, AChangeInvalidatesTheLookupsOfTheValuesItsRowsHadAndHave) {
  std::map<std::string, Json> kv;
  const std::string shard = db_ + "/0";
  const std::string oslo = cache::LookupKey(shard, "users", "city", "oslo");
  const std::string rome = cache::LookupKey(shard, "users", "city", "rome");
  kv[cache::RecordKey(shard)] = Marked(Json::array({"users"}));
  kv[oslo] = Json{{"v", {kEpoch, 3}}, {"answers", Json::object()}};
  kv[rome] = Json{{"v", {kEpoch, 3}}, {"answers", Json::object()}};
  Json change{{"type", "change"},
              {"shard", shard},
              {"table", "users"},
              {"keys", Json::parse("[[1]]")},
              {"lookups", Json::parse(R"([{"city": "Oslo"}, {"city": "Paris"}])")},
              {"v", {kEpoch, 4}},
              {"at", 0}};
  Consume({Dump(change)}, kv);
  EXPECT_EQ(kv[oslo]["gone"], true);  // case-folded as the column compares
  EXPECT_FALSE(kv[rome].contains("gone"));
  EXPECT_EQ(kv[cache::LookupKey(shard, "users", "city", "paris")]["gone"], true);
}

TEST_F(CacheReadTest, ABatchOverItsKvBudgetInvalidatesWholeTablesInstead) {
  std::map<std::string, Json> kv;
  const std::string shard = db_ + "/0";
  kv[cache::RecordKey(shard)] = Marked(Json::array({"t0", "t1", "t2", "t3", "t4"}));
  std::vector<std::string> events;
  for (int e = 0; e < 5; ++e) {
    Json keys = Json::array();
    for (int k = 0; k < 100; ++k) keys.push_back(Json::array({e * 100 + k}));
    events.push_back(Dump(Json{{"type", "change"},
                               {"shard", shard},
                               {"table", "t" + std::to_string(e)},
                               {"keys", keys},
                               {"v", {kEpoch, 10 + e}},
                               {"at", 0}}));
  }
  Output plan = PlanQueueBatch(Dump(Json(events)), R"({"now":0})");
  ASSERT_EQ(plan.status, 0);
  EXPECT_LE(Body(plan)["calls"][0]["keys"].size(), 400u);  // Workers allow 1000 KV calls
  EXPECT_EQ(Consume(events, kv)["retry"], Json::array());
  const Json& record = kv[cache::RecordKey(shard)];
  EXPECT_EQ(record["tables"]["t4"], 14);
  EXPECT_EQ(record["flush"]["t4"], 14);  // named its table only
  EXPECT_FALSE(record["flush"].contains("t0"));
  EXPECT_EQ(kv[cache::EntityKey(shard, "t0", {"7"})]["gone"], true);
}

TEST(MetricsTest, TheWorkersOwnCountsAreReportedByKind) {
  const std::string caller = R"({"auth":"optional","now":1})";
  Output out =
      MetricsText(caller, R"({"sharedReads":3,"batched":{"read":40,"write":9,"commit":7,"step":5},)"
                          R"("batches":{"read":6,"write":4,"commit":3,"step":2}})");
  ASSERT_EQ(out.status, 200) << out.body;
  for (const char* line :
       {"edgesql_shared_reads_total 3\n", "edgesql_batched_calls_total{kind=\"read\"} 40\n",
        "edgesql_batched_calls_total{kind=\"write\"} 9\n",
        "edgesql_call_batches_total{kind=\"read\"} 6\n",
        "edgesql_call_batches_total{kind=\"write\"} 4\n",
        "edgesql_batched_calls_total{kind=\"commit\"} 7\n",
        "edgesql_call_batches_total{kind=\"commit\"} 3\n",
        "edgesql_batched_calls_total{kind=\"step\"} 5\n",
        "edgesql_call_batches_total{kind=\"step\"} 2\n"}) {
    EXPECT_NE(out.body.find(line), std::string::npos) << line;
  }
  // Counts the worker did not send, or sent malformed, are zero.
  out = MetricsText(caller, R"({"batched":{"read":"many"}})");
  EXPECT_NE(out.body.find("edgesql_batched_calls_total{kind=\"read\"} 0\n"), std::string::npos);
  EXPECT_EQ(MetricsText(caller, "not json").status, 200);
}

TEST_F(CacheReadTest, AMessageOfSeveralEventsAppliesEachAndIsRetriedWhole) {
  // A shard sends a round of its outbox as one message, a JSON array.
  std::map<std::string, Json> kv;
  const std::string shard = db_ + "/0";
  kv[cache::RecordKey(shard)] = Marked(Json::array({"t0", "t1", "t2", "t3"}));
  auto change = [&](const std::string& table, int64_t n) {
    return Json{{"type", "change"}, {"shard", shard},
                {"table", table},   {"keys", Json::parse("[[7]]")},
                {"v", {kEpoch, n}}, {"at", 0}};
  };
  const std::vector<std::string> messages{
      Dump(Json::array({change("t0", 10), change("t1", 11)})),
      Dump(change("t2", 12)),  // one event, as fills and older shards send
      Dump(Json::array({change("t3", 13), Json{{"type", "change"}}})),  // its second is unreadable
  };
  auto received = [&] {  // edgesql_queue_messages_total of this database
    const std::string text = Metrics::Instance().Prometheus({});
    const std::string line = "edgesql_queue_messages_total{database=\"" + db_ + "\"} ";
    const size_t at = text.find(line);
    return at == std::string::npos ? 0 : std::stoi(text.substr(at + line.size()));
  };
  const int before = received();
  EXPECT_EQ(Consume(messages, kv)["retry"], Json::array({2}));  // the message, not the event
  EXPECT_EQ(received(), before + 3);                            // messages, not their five events
  const Json& record = kv[cache::RecordKey(shard)];
  EXPECT_EQ(record["tables"]["t0"], 10);
  EXPECT_EQ(record["tables"]["t1"], 11);
  EXPECT_EQ(record["tables"]["t2"], 12);
  EXPECT_EQ(record["tables"]["t3"], 13);  // applied; its retry applies it again, harmlessly
  EXPECT_EQ(kv[cache::EntityKey(shard, "t1", {"7"})]["gone"], true);
}

TEST_F(CacheReadTest, APrewarmedTableRereadsTheCachedReadsOfTheRowsAChangeNamed) {
  ASSERT_EQ(SetPolicyToJson(db_, R"({"tables": {"users": {"pk": ["id"],
                "cache": {"mode": "cached", "prewarm": true}}},
                "routing": {"version": 1, "ranges": [{"prefix": "00..ff", "shard": "r"}]}})")
                .status,
            200);
  const std::string shard = db_ + "/r";
  // A miss: its fill keeps the shard call that answered it.
  Json plan = Planned("SELECT name FROM users WHERE id = ?", Json::array({1}));
  ASSERT_EQ(plan["calls"][0]["kv"], "get") << plan.dump();
  plan = Body(Finish1(plan, Json{{"values", Json::array({nullptr, nullptr})}}));
  Json call = plan["calls"][0];
  ASSERT_EQ(call["shard"], shard);
  Output out = Finish1(plan, ShardAnswer("ann", 3));
  ASSERT_EQ(out.status, 200) << out.body;
  const std::string fill =
      Json::parse(out.background)["calls"][0]["messages"][0].get<std::string>();
  std::map<std::string, Json> kv;
  Consume({fill}, kv);
  const std::string entity = cache::EntityKey(shard, "users", {"1"});
  ASSERT_TRUE(kv[entity]["prewarm"].get<bool>()) << kv[entity].dump();

  // A change of the row: the consumer tombstones it, runs the read again,
  // and writes its new answer.
  Json change{{"type", "change"}, {"shard", shard},
              {"table", "users"}, {"keys", Json::parse("[[1]]")},
              {"v", {kEpoch, 4}}, {"at", 0}};
  Output step = PlanQueueBatch(Dump(Json::array({Dump(change)})), R"({"now":0})");
  // The shard's record, then the row's entry: the record marks the table.
  for (int reads = 0; reads < 2; ++reads) {
    ASSERT_EQ(step.status, 0) << step.body;
    const Json lookup = Body(step);
    ASSERT_EQ(lookup["calls"][0]["kv"], "get");
    EXPECT_EQ(lookup["calls"][0]["keys"][0], reads == 0 ? cache::RecordKey(shard) : entity);
    Json values = Json::array();
    for (const Json& key : lookup["calls"][0]["keys"]) {
      auto it = kv.find(key.get<std::string>());
      values.push_back(it == kv.end() ? Json() : Json(Dump(it->second)));
    }
    step = Finish1(lookup, Json{{"values", values}});
  }
  ASSERT_EQ(step.status, 0);
  Json refill = Body(step);
  ASSERT_EQ(refill["calls"].size(), 2u);  // the tombstones, then the read again
  EXPECT_EQ(refill["calls"][1]["statements"], call["statements"]);
  Output last =
      Finish(refill["context"].get<std::string>(),
             Dump(Json{{"answers", Json::array({Json::object(), ShardAnswer("ann2", 4)})}}));
  ASSERT_EQ(last.status, 0) << last.body;
  Json write = Body(last)["calls"][0];
  ASSERT_EQ(write["puts"].size(), 1u);
  Json entry = Json::parse(write["puts"][0]["value"].get<std::string>());
  EXPECT_EQ(entry["v"], Json::array({kEpoch, 4}));
  EXPECT_FALSE(entry.contains("gone"));
  EXPECT_EQ(entry["answers"].begin().value()["results"][1]["rows"][0][0], "ann2");
}

TEST_F(CacheReadTest, MalformedEventsAreRetriedAndTheRestApplied) {
  std::map<std::string, Json> kv;
  Json change{{"type", "change"}, {"shard", db_ + "/0"},
              {"table", "users"}, {"keys", Json::parse("[[1]]")},
              {"v", {kEpoch, 4}}, {"at", kEpoch}};
  Json answer = Consume({"not json", Dump(change), R"({"type":"change"})"}, kv);
  EXPECT_EQ(answer["retry"], Json::array({0, 2}));
  EXPECT_EQ(kv[cache::RecordKey(db_ + "/0")]["tables"]["users"], 4);
}

// The mirror's own messages share the queue; the cache half neither
// applies nor refuses them.
TEST_F(CacheReadTest, TheMirrorsOwnMessagesAreLeftToTheMirror) {
  std::map<std::string, Json> kv;
  Json rows{{"type", cache::kRowsEvent},
            {"shard", db_ + "/0"},
            {"table", "users"},
            {"keys", Json::parse("[[1]]")},
            {"at", kEpoch}};
  Json resync{{"type", cache::kResyncEvent},
              {"shard", db_ + "/0"},
              {"table", "users"},
              {"after", nullptr},
              {"since", nullptr},
              {"at", kEpoch}};
  Json answer = Consume({Dump(rows), Dump(resync)}, kv);
  EXPECT_EQ(answer["retry"], Json::array());
  EXPECT_TRUE(kv.empty());
}

TEST_F(CacheReadTest, AWriteLeavesTheSessionAVersionForEachTableItChanged) {
  // The shard's answer to a committing write: the statements' results, the
  // version the capture made and the tables its notes named.
  auto write = [&](const Json& changed) {
    Json plan = Planned("UPDATE users SET name = 'x' WHERE id = 1");
    Json results = Json::array();
    for (size_t i = 0; i < plan["calls"][0]["statements"].size(); ++i)
      results.push_back(Json{{"rows", Json::array()}});
    results[Context(plan)["result"].get<size_t>()]["rows"] = Json::parse("[[1, 0, 0]]");
    Json answer{{"results", results}, {"captured", {kEpoch, 9}}};
    if (!changed.is_null()) answer["captured"].push_back(Dump(changed));
    Output out = Finish1(plan, answer);
    EXPECT_EQ(out.status, 200) << out.body;
    return Body(out)["meta"]["session"]["versions"][db_ + "/0"];
  };
  // A cascade or a trigger may change more tables than the statement names:
  // the capture's list is what counts.
  EXPECT_EQ(write(Json::array({"users", "audit"})),
            Json::parse(R"({"users": [)" + std::to_string(kEpoch) + R"(, 9], "audit": [)" +
                        std::to_string(kEpoch) + ", 9]}"));
  // A shard that names no tables: the version covers every table.
  EXPECT_EQ(write(Json()), Json::array({kEpoch, 9}));
}

}  // namespace
}  // namespace edgesql::gateway
