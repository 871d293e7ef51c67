// The D1 mirror on real SQLite, both sides: a shard's writes become change
// events (its capture, as in change_capture_test), the consumer's mirror
// plan reads the rows they name from the shard and writes them to a second
// SQLite standing for D1, and the verify endpoint compares the two.
#include "cache/mirror.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/json.h"
#include "gateway/gateway.h"
#include "gateway/mirror_events.h"
#include "gateway/shard_statements.h"
#include "sqlite_eval.h"
#include "transpile/transpiler.h"

namespace edgesql {
namespace {

using Json = edgesql::Json;

class MirrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int count = 0;
    database_ = "mirror" + std::to_string(++count);  // the core's caches are per process
    shard_ = database_ + "/0";
    program_ = Json::parse(gateway::ShardBootstrap());
    for (const Json& s : program_["bootstrap"]) ASSERT_EQ(shard_db_.Exec(s.get<std::string>()), "");
  }

  // A MySQL statement as the shard runs it, then its capture: DDL records
  // the catalog as the gateway's plan does. The events go to `outbox_`.
  void Run(std::string_view mysql) {
    transpile::TranspileContext context{database_, &schema_};
    Result<transpile::Translation> t = transpile::TranspileText(mysql, context);
    ASSERT_TRUE(t.ok()) << t.error().message();
    Json statements = Json::array();
    for (const std::string& s : t.value().statements)
      statements.push_back({{"sql", s}, {"params", Json::array()}});
    if (!t.value().put_tables.empty() || !t.value().dropped_tables.empty()) {
      statements.push_back(gateway::DdlLogStatement(++schema_.version, mysql));
      for (catalog::TableDef& table : t.value().put_tables) {
        statements.push_back(gateway::CatalogPutStatement(table));
        statements.push_back(gateway::TableRewrittenStatement(table.name));
        std::string name = table.name;
        schema_.tables[name] = std::move(table);
      }
      for (const std::string& name : t.value().dropped_tables) {
        statements.push_back(gateway::CatalogDropStatement(name));
        statements.push_back(gateway::TableRewrittenStatement(name));
        schema_.tables.erase(name);
      }
    }
    for (const Json& s : program_["capture"]) {
      Json params = s["bindsShard"].get<bool>() ? Json::array({shard_}) : Json::array();
      statements.push_back({{"sql", s["sql"]}, {"params", params}});
    }
    ASSERT_FALSE(RunAll(shard_db_, statements).contains("error"));
    Json rows;
    std::string error;
    ASSERT_TRUE(
        shard_db_.Run(program_["outboxRead"].get<std::string>(), Json::array(), &rows, &error));
    // One message, [last seq, array of events, more]; the consumer hands the
    // mirror half its events one by one (queue_consumer.cc).
    if (rows[0][1].is_string()) {
      for (const Json& event : Json::parse(rows[0][1].get<std::string>()))
        outbox_.push_back(event.dump());
    }
    shard_db_.Exec("DELETE FROM _edgesql_outbox");
  }

  // Statements in one transaction: {"results"} or {"error": {"message", "index"}}.
  static Json RunAll(testing::SqliteDb& db, const Json& statements) {
    db.Exec("BEGIN");
    Json results = Json::array();
    for (size_t i = 0; i < statements.size(); ++i) {
      Json rows;
      std::string error;
      if (!db.Run(statements[i]["sql"].get<std::string>(), statements[i]["params"], &rows,
                  &error)) {
        db.Exec("ROLLBACK");
        return {{"error", {{"message", error}, {"index", i}}}};
      }
      results.push_back({{"rows", std::move(rows)}});
    }
    db.Exec("COMMIT");
    return {{"results", std::move(results)}};
  }

  // Runs a plan to its end as the worker would; queue messages it sends go
  // to `sent_`.
  gateway::Output Drive(gateway::Output out) {
    for (int step = 0; out.status == 0 && step < 20; ++step) {
      Json plan = Json::parse(out.body);
      Json answers = Json::array();
      for (const Json& call : plan["calls"]) {
        if (call.contains("d1")) {
          for (const Json& statement : call["statements"]) {
            EXPECT_LE(statement["params"].size(), 100u) << "D1 binds at most 100";
            if (statement["sql"].get<std::string>().starts_with("INSERT INTO \"" + database_))
              ++d1_row_writes_;
          }
          answers.push_back(fail_d1_ ? Json{{"error", {{"message", "D1 unavailable"}}}}
                                     : RunAll(d1_, call["statements"]));
        } else if (call.contains("kv")) {
          // The cache half: an empty KV, whose writes are accepted.
          ++kv_calls_;
          answers.push_back(call["kv"] == "get"
                                ? Json{{"values", Json(std::vector<Json>(call["keys"].size()))}}
                                : Json::object());
        } else if (call.contains("queue")) {
          for (const Json& m : call["messages"]) sent_.push_back(m);
          answers.push_back(Json::object());
        } else if (call.contains("config")) {
          answers.push_back({{"version", 0}, {"policy", nullptr}});
        } else {
          EXPECT_EQ(call["shard"], shard_);
          answers.push_back(RunAll(shard_db_, call["statements"]));
        }
      }
      out = gateway::Finish(plan["context"].get<std::string>(), Json{{"answers", answers}}.dump());
    }
    return out;
  }

  // The consumer's mirror half over `messages`: the messages it retries.
  Json Consume(const Json& messages) {
    gateway::Output out = Drive(gateway::PlanMirrorBatch(gateway::QueueBatch{messages, 1}));
    EXPECT_EQ(out.status, 200) << out.body;
    return Json::parse(out.body)["retry"];
  }

  // Table t (id, note), whose row (id, 'old') the mirror holds and the
  // shard lost untold: only a copy of the whole table deletes it there.
  void MakeTableWithARowOnlyTheMirrorHolds(int id) {
    Run("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(10))");
    Run("INSERT INTO t VALUES (" + std::to_string(id) + ", 'old')");
    ConsumeAll();
    shard_db_.Exec("DELETE FROM _edgesql_changes");
    ASSERT_EQ(shard_db_.Exec("DROP TRIGGER \"t/capture/DELETE\""), "");
    ASSERT_EQ(shard_db_.Exec("DELETE FROM t"), "");
  }

  // Everything in the outbox, and the resyncs that follow, until done; as
  // the queue does, retried messages come again. Returns the retries.
  int ConsumeAll() {
    Json messages = std::move(outbox_);
    outbox_ = Json::array();
    int retries = 0;
    for (int round = 0; !messages.empty() && round < 50; ++round) {
      Json again = Json::array();
      for (const Json& i : Consume(messages)) again.push_back(messages[i.get<size_t>()]);
      retries += static_cast<int>(again.size());
      for (const Json& m : sent_) again.push_back(m);
      sent_ = Json::array();
      messages = std::move(again);
    }
    EXPECT_TRUE(messages.empty());
    return retries;
  }

  std::string Mirror(const std::string& sql) { return d1_.Query(sql); }

  Json Verify() {
    gateway::Output out = Drive(
        gateway::PlanMirrorVerify(Json{{"database", database_}}.dump(), R"({"auth":"optional"})"));
    EXPECT_EQ(out.status, 200) << out.body;
    Json report = Json::parse(out.body);
    for (int round = 0; !report.value("done", true) && round < 50; ++round) {
      out = Drive(gateway::PlanMirrorVerify(
          Json{{"database", database_}, {"state", report["state"]}}.dump(),
          R"({"auth":"optional"})"));
      EXPECT_EQ(out.status, 200) << out.body;
      report = Json::parse(out.body);
    }
    return report;
  }

  std::string database_;
  std::string shard_;
  Json program_;
  catalog::DatabaseSchema schema_;
  testing::SqliteDb shard_db_;
  testing::SqliteDb d1_;
  Json outbox_ = Json::array();
  Json sent_ = Json::array();
  bool fail_d1_ = false;
  int kv_calls_ = 0;
  int d1_row_writes_ = 0;  // statements writing rows to a mirror table
};

TEST_F(MirrorTest, RowsFollowInsertsUpdatesAndDeletes) {
  Run("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20), big BIGINT, score DOUBLE)");
  Run("INSERT INTO users VALUES (1, 'ann', 9007199254740993, 1.5), (2, 'bob', NULL, 0.1), "
      "(3, 'cy', -3, NULL)");
  ConsumeAll();
  const std::string table = "\"" + database_ + ".users\"";
  EXPECT_EQ(Mirror("SELECT id, name, big, score, _edgesql_shard FROM " + table + " ORDER BY id"),
            "1|ann|9007199254740993|1.5|" + shard_ + "\n2|bob|NULL|0.1|" + shard_ +
                "\n3|cy|-3|NULL|" + shard_);

  Run("UPDATE users SET name = 'ANN' WHERE id = 1");
  Run("DELETE FROM users WHERE id = 2");
  ConsumeAll();
  EXPECT_EQ(Mirror("SELECT id, name FROM " + table + " ORDER BY id"), "1|ANN\n3|cy");
  // The version each row was read at: the UPDATE's and DELETE's events
  // came in one batch, read once.
  EXPECT_EQ(Mirror("SELECT _edgesql_ver FROM " + table + " ORDER BY id"), "4\n2");

  Json report = Verify();
  EXPECT_TRUE(report["ok"]) << report.dump();
  ASSERT_EQ(report["tables"].size(), 1u);
  EXPECT_EQ(report["tables"][0]["schema"], "ok");
  EXPECT_EQ(report["tables"][0]["shards"][0]["rows"], 2);
  EXPECT_EQ(report["tables"][0]["shards"][0]["mirrorRows"], 2);
}

TEST_F(MirrorTest, RowsGoInAsFewStatementsAsD1sParameterLimitAllows) {
  // 2 columns and the mirror's 3: 20 rows per statement.
  Run("CREATE TABLE keyed (id INT PRIMARY KEY, note VARCHAR(10))");
  // Without a primary key, the rowid too: 14 rows per statement.
  Run("CREATE TABLE loose (a INT, b VARCHAR(10), c INT)");
  ConsumeAll();
  std::string keyed = "INSERT INTO keyed VALUES (0, 'n0')";
  std::string loose = "INSERT INTO loose VALUES (0, 'n0', 0)";
  for (int i = 1; i < 30; ++i) {
    const std::string n = std::to_string(i);
    keyed += ", (" + n + ", 'n" + n + "')";
    loose += ", (" + n + ", 'n" + n + "', " + n + ")";
  }
  Run(keyed);
  ConsumeAll();
  EXPECT_EQ(d1_row_writes_, 2);
  d1_row_writes_ = 0;
  Run(loose);
  ConsumeAll();
  EXPECT_EQ(d1_row_writes_, 3);
  EXPECT_EQ(
      Mirror("SELECT count(*), sum(id), min(note), max(note) FROM \"" + database_ + ".keyed\""),
      "30|435|n0|n9");
  EXPECT_EQ(Mirror("SELECT count(*), sum(a), sum(c), count(DISTINCT _edgesql_rowid) FROM \"" +
                   database_ + ".loose\""),
            "30|435|435|30");
  EXPECT_TRUE(Verify()["ok"]);
}

TEST_F(MirrorTest, RepeatedAndReorderedEventsLeaveTheShardsState) {
  Run("CREATE TABLE kv (k VARCHAR(10) PRIMARY KEY, v INT)");
  ConsumeAll();
  Run("INSERT INTO kv VALUES ('a', 1)");
  Json first = outbox_;
  ConsumeAll();
  Run("UPDATE kv SET v = 2 WHERE k = 'a'");
  Json second = outbox_;
  Run("DELETE FROM kv WHERE k = 'a'");
  Json third = outbox_;
  Run("INSERT INTO kv VALUES ('a', 3)");
  // Delivered backwards, each twice: the mirror copies the state, not the
  // change, so it ends where the shard is.
  Json backwards = Json::array();
  for (const Json* batch : {&outbox_, &third, &second, &first})
    for (const Json& m : *batch) backwards.push_back(m);
  outbox_ = Json::array();
  EXPECT_EQ(Consume(backwards), Json::array());
  EXPECT_EQ(Consume(first), Json::array());
  const std::string table = "\"" + database_ + ".kv\"";
  EXPECT_EQ(Mirror("SELECT k, v FROM " + table), "a|3");
  EXPECT_TRUE(Verify()["ok"]);
}

TEST_F(MirrorTest, ALargeWriteResyncsTheTablePageByPage) {
  Run("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(10))");
  ConsumeAll();
  std::string insert = "INSERT INTO t VALUES (0, 'n0')";
  for (int i = 1; i < 1500; ++i)
    insert += ", (" + std::to_string(i) + ", 'n" + std::to_string(i) + "')";
  Run(insert);
  ASSERT_EQ(outbox_.size(), 1u);
  EXPECT_TRUE(Json::parse(outbox_[0].get<std::string>())["keys"].is_null());  // too many to name
  ConsumeAll();
  const std::string table = "\"" + database_ + ".t\"";
  EXPECT_EQ(Mirror("SELECT count(*), sum(id) FROM " + table), "1500|1124250");

  // Rows gone while the mirror was not told (a lost batch): the next
  // resync deletes them.
  shard_db_.Exec("DELETE FROM _edgesql_changes");
  ASSERT_EQ(shard_db_.Exec("DROP TRIGGER \"t/capture/DELETE\""), "");
  ASSERT_EQ(shard_db_.Exec("DELETE FROM t WHERE id >= 1200"), "");
  Json report = Verify();
  EXPECT_FALSE(report["ok"]);
  EXPECT_EQ(report["tables"][0]["shards"][0]["rows"], 1200);
  EXPECT_EQ(report["tables"][0]["shards"][0]["mirrorRows"], 1500);
  Run("UPDATE t SET note = 'x' WHERE id < 1100");  // 1,100 rows: named as the table
  ConsumeAll();
  EXPECT_EQ(Mirror("SELECT count(*), max(id) FROM " + table), "1200|1199");
  EXPECT_TRUE(Verify()["ok"]);
}

// A change of a few hundred rows (one write, or a group commit's) is named
// in events of 100 rows: the mirror copies those rows, not the table.
TEST_F(MirrorTest, AChangeOfHundredsOfRowsCopiesThoseRowsOnly) {
  ASSERT_NO_FATAL_FAILURE(MakeTableWithARowOnlyTheMirrorHolds(10000));
  std::string insert = "INSERT INTO t VALUES (0, 'n0')";
  for (int i = 1; i < 450; ++i)
    insert += ", (" + std::to_string(i) + ", 'n" + std::to_string(i) + "')";
  Run(insert);
  ASSERT_EQ(outbox_.size(), 5u);
  for (const Json& m : outbox_)
    EXPECT_TRUE(Json::parse(m.get<std::string>())["keys"].is_array()) << m.dump();
  ConsumeAll();
  const std::string table = "\"" + database_ + ".t\"";
  EXPECT_EQ(Mirror("SELECT count(*), sum(id) FROM " + table + " WHERE id < 10000"), "450|101025");
  EXPECT_EQ(Mirror("SELECT note FROM " + table + " WHERE id = 10000"), "old");  // no resync
}

// A batch whose changes name more rows of one table than it copies by
// key leaves the rest for a later batch, as a "rows" message: the table is
// never copied whole for it (a steady stream of inserts did that batch
// after batch).
TEST_F(MirrorTest, ABatchNamingManyRowsLeavesTheRestForALaterOne) {
  ASSERT_NO_FATAL_FAILURE(MakeTableWithARowOnlyTheMirrorHolds(100000));
  for (int write = 0; write < 12; ++write) {
    std::string insert = "INSERT INTO t VALUES ";
    for (int i = 0; i < 100; ++i)
      insert += (i ? ", (" : "(") + std::to_string(write * 100 + i) + ", 'n')";
    Run(insert);
  }
  ASSERT_EQ(outbox_.size(), 12u);
  EXPECT_EQ(Consume(outbox_), Json::array());  // one batch of 1,200 rows
  outbox_ = Json::array();
  const std::string table = "\"" + database_ + ".t\"";
  EXPECT_EQ(Mirror("SELECT count(*) FROM " + table + " WHERE id < 100000"), "500");
  ASSERT_EQ(sent_.size(), 2u);  // the other 700: 500 and 200
  for (const Json& m : sent_) {
    Json message = Json::parse(m.get<std::string>());
    EXPECT_EQ(message["type"], cache::kRowsEvent);
    EXPECT_LE(message["keys"].size(), 500u);
  }
  outbox_ = std::move(sent_);  // as the queue delivers them
  sent_ = Json::array();
  ConsumeAll();
  EXPECT_EQ(Mirror("SELECT count(*), sum(id) FROM " + table + " WHERE id < 100000"), "1200|719400");
  EXPECT_EQ(Mirror("SELECT note FROM " + table + " WHERE id = 100000"), "old");  // no resync
}

TEST_F(MirrorTest, ASchemaChangeRemakesTheMirrorTable) {
  Run("CREATE TABLE p (id INT PRIMARY KEY, a INT)");
  Run("INSERT INTO p VALUES (1, 10), (2, 20)");
  ConsumeAll();
  Run("ALTER TABLE p ADD COLUMN b VARCHAR(5) DEFAULT 'x'");
  // The consumer's catalog is older than the shard's schema: its reads are
  // refused, it loads the catalog again, and the retried event goes through.
  EXPECT_EQ(ConsumeAll(), 1);
  const std::string table = "\"" + database_ + ".p\"";
  EXPECT_EQ(Mirror("SELECT id, a, b FROM " + table + " ORDER BY id"), "1|10|x\n2|20|x");
  EXPECT_TRUE(Verify()["ok"]);

  Run("DROP TABLE p");
  ConsumeAll();
  EXPECT_EQ(Mirror("SELECT count(*) FROM sqlite_master WHERE name = '" + database_ + ".p'"), "0");
  Json report = Verify();
  EXPECT_TRUE(report["ok"]) << report.dump();
  EXPECT_TRUE(report["tables"].empty());
}

TEST_F(MirrorTest, VerifyNamesWhatDiffers) {
  Run("CREATE TABLE a (id INT PRIMARY KEY, v INT)");
  Run("CREATE TABLE b (v INT)");  // no primary key: copied whole on each change
  Run("INSERT INTO a VALUES (1, 1), (2, 2)");
  Run("INSERT INTO b VALUES (7), (7), (8)");
  ConsumeAll();
  EXPECT_EQ(Mirror("SELECT v FROM \"" + database_ + ".b\" ORDER BY _edgesql_rowid"), "7\n7\n8");
  EXPECT_TRUE(Verify()["ok"]);

  // A changed value, and a row of a shard that does not hold the table.
  ASSERT_EQ(d1_.Exec("UPDATE \"" + database_ + ".a\" SET v = 5 WHERE id = 2"), "");
  ASSERT_EQ(d1_.Exec("INSERT INTO \"" + database_ + ".b\" VALUES (9, 1, 'elsewhere/1', 1, 1)"), "");
  Json report = Verify();
  EXPECT_FALSE(report["ok"]);
  const Json& a = report["tables"][0];
  EXPECT_EQ(a["table"], "a");
  EXPECT_FALSE(a["ok"]);
  EXPECT_EQ(a["shards"][0]["rows"], a["shards"][0]["mirrorRows"]);
  EXPECT_NE(a["shards"][0]["checksum"], a["shards"][0]["mirrorChecksum"]);
  const Json& b = report["tables"][1];
  EXPECT_FALSE(b["ok"]);
  ASSERT_EQ(b["shards"].size(), 2u);
  EXPECT_TRUE(b["shards"][0]["ok"]);
  EXPECT_EQ(b["shards"][1]["shard"], "elsewhere/1");
  EXPECT_EQ(b["shards"][1]["mirrorRows"], 1);

  // A state the endpoint did not answer is refused, not followed.
  Json state = {{"version", 1},
                {"task", 0},
                {"after", nullptr},
                {"tables", Json::array()},
                {"tasks", Json::array({Json::array({3, 0})})}};
  gateway::Output bad = gateway::PlanMirrorVerify(
      Json{{"database", database_}, {"state", state}}.dump(), R"({"auth":"optional"})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"errno\":1210"), std::string::npos) << bad.body;
}

TEST_F(MirrorTest, TheConsumerRunsBothHalvesAndRetriesWhatEitherAsksFor) {
  Run("CREATE TABLE c (id INT PRIMARY KEY, v INT)");
  Run("INSERT INTO c VALUES (1, 10)");
  Json messages = std::move(outbox_);
  outbox_ = Json::array();
  messages.push_back("not an event");  // the cache half refuses it
  const std::string mirror_clock = R"({"now": 1, "mirror": true})";
  auto consume = [&](const std::string& clock) {
    gateway::Output out = Drive(gateway::PlanQueueBatch(messages.dump(), clock));
    EXPECT_EQ(out.status, 200) << out.body;
    return Json::parse(out.body)["retry"];
  };

  // D1 failing: the mirror half retries its messages, the cache half still ran.
  fail_d1_ = true;
  EXPECT_EQ(consume(mirror_clock), Json::array({0, 1, 2}));
  EXPECT_GT(kv_calls_, 0);
  EXPECT_EQ(Mirror("SELECT count(*) FROM sqlite_master WHERE name = '" + database_ + ".c'"), "0");

  fail_d1_ = false;
  EXPECT_EQ(consume(mirror_clock), Json::array({2}));
  EXPECT_EQ(Mirror("SELECT id, v FROM \"" + database_ + ".c\""), "1|10");

  // Without the mirror only the cache half runs.
  const int before = kv_calls_;
  ASSERT_EQ(d1_.Exec("DELETE FROM \"" + database_ + ".c\""), "");
  EXPECT_EQ(consume(R"({"now": 1})"), Json::array({2}));
  EXPECT_GT(kv_calls_, before);
  EXPECT_EQ(Mirror("SELECT count(*) FROM \"" + database_ + ".c\""), "0");
}

}  // namespace
}  // namespace edgesql
