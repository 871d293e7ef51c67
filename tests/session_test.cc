// Sessions and their transactions (gateway/session.h, transaction.h): what
// each message asks of the shards, and what the session keeps afterwards.
#include "gateway/session.h"

#include <gtest/gtest.h>

#include "gateway/json_util.h"
#include "gateway/transaction.h"
#include "gateway/translation_cache.h"
#include "output_json.h"

namespace edgesql::gateway {
namespace {

constexpr int64_t kNow = 1'700'000'000'123;  // 2023-11-14 22:13:20.123 UTC

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int n = 0;
    database_ = "session_test_" + std::to_string(++n);
    Output opened = SessionOpen(R"({"auth":"optional","nonce":"n0nce"})", database_);
    ASSERT_EQ(opened.status, 200) << opened.body;
    id_ = Body(opened)["session"].get<uint32_t>();
  }
  void TearDown() override { SessionClose(id_); }

  // Finishes `plan` of this session with one call's `answer`.
  Output Answer(const Json& plan, const Json& answer) {
    return SessionFinish(id_, plan["context"].get<std::string>(),
                         Dump(Json{{"answers", {answer}}}));
  }

  // Answers a policy fetch (none) and a catalog load (empty, version 0) if
  // the core asks for them; returns what comes next.
  Output Loaded(Output out) {
    for (int step = 0; step < 2 && out.status == 0; ++step) {
      Json plan = Body(out);
      const Json ctx = Context(plan);
      if (ctx["op"] == "load_policy") {
        out = Answer(plan, Json{{"version", 0}, {"policy", nullptr}});
      } else if (ctx["op"] == "load_catalog") {
        out = Answer(plan,
                     Json{{"results",
                           {Json{{"columns", {"v"}}, {"rows", {{0}}}},
                            Json{{"columns", {"name", "definition"}}, {"rows", Json::array()}}}}});
      }
    }
    return out;
  }

  Output Send(const Json& message) { return Loaded(SessionMessage(id_, Dump(message), kNow)); }
  Output Query(std::string_view sql) { return Send(Json{{"op", "query"}, {"sql", sql}}); }

  std::string database_;
  uint32_t id_ = 0;
};

// A shard's answer to the step `plan` asks for: empty results, then a
// write's probe (one row changed, id 5).
Json StepAnswer(const Json& plan, std::string_view held) {
  Json results = Json::array();
  const size_t n = plan["calls"][0]["statements"].size();
  for (size_t i = 0; i + 1 < n; ++i)
    results.push_back(Json{{"columns", Json::array()}, {"rows", Json::array()}});
  results.push_back(Json{{"columns", {"c", "id", "auto"}}, {"rows", {{1, 5, 1}}}});
  return Json{{"results", std::move(results)}, {"txn", held}};
}

TEST_F(SessionTest, BeginAndCommitWithoutStatementsNeedNoShard) {
  EXPECT_EQ(Query("BEGIN").status, 200);
  EXPECT_EQ(Query("COMMIT").status, 200);
  EXPECT_EQ(Query("ROLLBACK").status, 200);
}

TEST_F(SessionTest, AStatementInATransactionIsAStepThatPinsTheShard) {
  ASSERT_EQ(Query("BEGIN").status, 200);
  Output planned = Query("INSERT INTO t (at) VALUES (NOW(3))");
  ASSERT_EQ(planned.status, 0) << planned.body;
  Json plan = Body(planned);
  const Json& call = plan["calls"][0];
  EXPECT_EQ(call["shard"], database_ + "/0");
  EXPECT_EQ(call["txn"]["op"], "step");
  EXPECT_EQ(call["txn"]["first"], true);
  EXPECT_EQ(call["txn"]["keep"], true);
  EXPECT_FALSE(call.contains("batch"));  // a step holds the shard: it goes alone
  EXPECT_EQ(call["lockWaitMs"], 50'000);
  EXPECT_EQ(call["idleMs"], 30'000);
  // NOW() reads the time the statement first ran at, not SQLite's clock.
  const std::string sql = Dump(call["statements"]);
  EXPECT_NE(sql.find("2023-11-14 22:13:20.123"), std::string::npos) << sql;
  EXPECT_EQ(sql.find("'now'"), std::string::npos) << sql;

  Output done = Answer(plan, StepAnswer(plan, "open"));
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(Body(done)["insertId"], 5);

  // The shard holds it now: later steps are not its first, and a read is
  // not kept for the reruns.
  Json next = Body(Query("SELECT LAST_INSERT_ID()"));
  EXPECT_EQ(next["calls"][0]["txn"]["first"], false);
  EXPECT_EQ(next["calls"][0]["txn"]["keep"], false);
  EXPECT_EQ(next["calls"][0]["txn"]["id"], plan["calls"][0]["txn"]["id"]);

  Json commit = Body(Query("COMMIT"));
  EXPECT_EQ(commit["calls"][0]["txn"]["op"], "commit");
  EXPECT_EQ(commit["calls"][0]["statements"], Json::array());
  // COMMITs may commit with others on the shard that wait as long for it
  // (calls.h); the shard knows each transaction's connection state.
  EXPECT_EQ(commit["calls"][0]["batch"], "commit " + database_ + "/0 50000");
  ASSERT_EQ(Answer(commit, Json{{"results", Json::array()}, {"txn", "none"}}).status, 200);

  // A new transaction has a new id.
  ASSERT_EQ(Query("BEGIN").status, 200);
  Json again = Body(Query("UPDATE t SET at = NULL"));
  EXPECT_EQ(again["calls"][0]["txn"]["first"], true);
  // An UPDATE holds nothing: its step may run with others' (calls.h).
  EXPECT_EQ(again["calls"][0]["txn"]["hold"], false);
  EXPECT_EQ(again["calls"][0]["batch"], "step " + database_ + "/0\n\"PRAGMA foreign_keys = ON\"");
  EXPECT_NE(again["calls"][0]["txn"]["id"], plan["calls"][0]["txn"]["id"]);
}

TEST_F(SessionTest, ATransactionsStatementIsTranspiledOnceUnlessItReadsTheClock) {
  TranslationCache& cache = TranslationCache::Instance();
  auto sql_at = [&](std::string_view sql, int64_t now) {
    Json plan = Body(Loaded(SessionMessage(id_, Dump(Json{{"op", "query"}, {"sql", sql}}), now)));
    return std::pair{plan, Dump(plan["calls"][0]["statements"])};
  };
  const std::string stamped = "UPDATE t SET at = NOW(3) WHERE id = 2";
  const std::string plain = "UPDATE t SET at = NULL WHERE id = 3";
  // Outside a transaction NOW() is SQLite's clock, and the translation is kept.
  auto [outside, outside_sql] = sql_at(stamped, kNow);
  EXPECT_NE(outside_sql.find("'now'"), std::string::npos) << outside_sql;
  const size_t kept = cache.size();

  ASSERT_EQ(Query("BEGIN").status, 200);
  // Inside, each run reads its own statement time: never the kept 'now'.
  auto [first, first_sql] = sql_at(stamped, kNow + 1000);
  EXPECT_NE(first_sql.find("2023-11-14 22:13:21.123"), std::string::npos) << first_sql;
  EXPECT_EQ(first_sql.find("'now'"), std::string::npos) << first_sql;
  ASSERT_EQ(Answer(first, StepAnswer(first, "open")).status, 200);
  auto [second, second_sql] = sql_at(stamped, kNow + 2000);
  EXPECT_NE(second_sql.find("2023-11-14 22:13:22.123"), std::string::npos) << second_sql;
  ASSERT_EQ(Answer(second, StepAnswer(second, "open")).status, 200);
  EXPECT_EQ(cache.size(), kept);  // made at a statement time, read the clock: not kept

  // A statement that reads no clock is the same at any time: made once.
  auto [inside, inside_sql] = sql_at(plain, kNow + 3000);
  ASSERT_EQ(Answer(inside, StepAnswer(inside, "open")).status, 200);
  EXPECT_EQ(cache.size(), kept + 1);
  Json rollback = Body(Query("ROLLBACK"));
  ASSERT_EQ(Answer(rollback, Json{{"results", Json::array()}, {"txn", "none"}}).status, 200);
  auto [after, after_sql] = sql_at(plain, kNow + 4000);
  EXPECT_EQ(cache.size(), kept + 1);  // found
  EXPECT_EQ(after["calls"][0]["statements"][2], inside["calls"][0]["statements"][2]);
}

TEST_F(SessionTest, OutsideATransactionReadsNeverWaitAndWritesWaitTheSessionsLockWait) {
  ASSERT_EQ(Query("SET innodb_lock_wait_timeout = 3").status, 200);
  Json read = Body(Query("SELECT * FROM t"));
  EXPECT_EQ(read["calls"][0]["readOnly"], true);
  EXPECT_FALSE(read["calls"][0].contains("txn"));
  Json write = Body(Query("DELETE FROM t"));
  EXPECT_FALSE(write["calls"][0].contains("readOnly"));
  EXPECT_EQ(write["calls"][0]["lockWaitMs"], 3000);
  EXPECT_EQ(write["calls"][0]["timeoutMs"], 3000 + 15'000);
  // Calls outside a transaction may travel with others' (calls.h): reads
  // with the shard's reads, writes with writes that wait as long and set
  // the same connection state.
  const std::string shard = database_ + "/0";
  EXPECT_EQ(read["calls"][0]["batch"], "read " + shard);
  EXPECT_EQ(write["calls"][0]["batch"], "write " + shard + " 3000\n\"PRAGMA foreign_keys = ON\"");
  EXPECT_EQ(Body(Query("SET innodb_lock_wait_timeout = 0"))["error"]["errno"], 1231);
}

TEST_F(SessionTest, ALostTransactionIs1213AndEndsIt) {
  ASSERT_EQ(Query("BEGIN").status, 200);
  Json plan = Body(Query("DELETE FROM t"));
  ASSERT_EQ(Answer(plan, StepAnswer(plan, "open")).status, 200);
  Json step = Body(Query("DELETE FROM t"));
  Output lost = Answer(
      step,
      Json{{"error", {{"message", "transaction rolled back after 1 ms idle"}, {"lost", true}}},
           {"txn", "lost"}});
  EXPECT_EQ(Body(lost)["error"]["errno"], 1213);
  EXPECT_EQ(Body(lost)["error"]["sqlState"], "40001");
  // Over: COMMIT has nothing to end, and the next statement starts afresh.
  EXPECT_EQ(Query("COMMIT").status, 200);
  EXPECT_FALSE(Body(Query("DELETE FROM t"))["calls"][0].contains("txn"));
}

TEST_F(SessionTest, LockWaitTimeoutIs1205AndTheTransactionStaysOpen) {
  ASSERT_EQ(Query("BEGIN").status, 200);
  Json plan = Body(Query("DELETE FROM t"));
  Output waited = Answer(
      plan,
      Json{{"error", {{"message", "Lock wait timeout"}, {"lockWait", true}}}, {"txn", "none"}});
  EXPECT_EQ(Body(waited)["error"]["errno"], 1205);
  Json retry = Body(Query("DELETE FROM t"));
  EXPECT_EQ(retry["calls"][0]["txn"]["first"], true);
}

TEST_F(SessionTest, AutocommitOffOpensATransactionAndDdlCommitsItFirst) {
  ASSERT_EQ(Query("SET autocommit = 0").status, 200);
  Json plan = Body(Query("DELETE FROM t"));
  ASSERT_TRUE(plan["calls"][0].contains("txn"));
  ASSERT_EQ(Answer(plan, StepAnswer(plan, "open")).status, 200);
  // DDL: the open transaction commits first, then the DDL runs on its own.
  Json commit = Body(Query("CREATE TABLE u (id INT PRIMARY KEY)"));
  EXPECT_EQ(commit["calls"][0]["txn"]["op"], "commit");
  Output ddl = Loaded(Answer(commit, Json{{"results", Json::array()}, {"txn", "none"}}));
  ASSERT_EQ(ddl.status, 0) << ddl.body;
  EXPECT_FALSE(Body(ddl)["calls"][0].contains("txn"));
}

TEST_F(SessionTest, SystemVariablesReadTheSessionsValues) {
  ASSERT_EQ(Query("SET autocommit = 0").status, 200);
  ASSERT_EQ(Query("SET SESSION innodb_lock_wait_timeout = 7").status, 200);
  Json plan = Body(Query("SELECT @@autocommit, @@session.innodb_lock_wait_timeout, @@version"));
  const std::string sql = Dump(plan["calls"][0]["statements"]);
  EXPECT_NE(sql.find("SELECT 0 AS"), std::string::npos) << sql;
  EXPECT_NE(sql.find("7 AS"), std::string::npos) << sql;
}

TEST_F(SessionTest, OverHttpThereIsNoTransactionToOpen) {
  Output begin = Plan(R"({"sql":"BEGIN"})");
  EXPECT_EQ(Body(begin)["error"]["errno"], 1235);
  Output autocommit = Plan(R"({"sql":"SET autocommit = 0"})");
  EXPECT_EQ(Body(autocommit)["error"]["errno"], 1235);
}

TEST_F(SessionTest, PreparedStatementsAreCheckedAndClosed) {
  Json prepared = Body(Send(Json{{"op", "prepare"}, {"sql", "SELECT ? + ?"}}));
  EXPECT_EQ(prepared["params"], 2);
  const Json statement = prepared["statement"];
  Output wrong = Send(Json{{"op", "execute"}, {"statement", statement}, {"params", {1}}});
  EXPECT_EQ(Body(wrong)["error"]["errno"], 1210);
  Output ran = Send(Json{{"op", "execute"}, {"statement", statement}, {"params", {1, 2}}});
  EXPECT_EQ(ran.status, 0) << ran.body;  // a shard call
  EXPECT_EQ(Send(Json{{"op", "close-statement"}, {"statement", statement}}).status, 200);
  Output closed = Send(Json{{"op", "execute"}, {"statement", statement}, {"params", {1, 2}}});
  EXPECT_EQ(Body(closed)["error"]["errno"], 1243);
  EXPECT_EQ(Body(Send(Json{{"op", "prepare"}, {"sql", "SELECT 1; SELECT 2"}}))["error"]["errno"],
            1064);
  EXPECT_EQ(Body(Send(Json{{"op", 7}}))["error"]["errno"], 1210);
  EXPECT_EQ(Body(SessionMessage(id_, "{nope", kNow))["error"]["errno"], 1064);
}

TEST_F(SessionTest, EveryFinalAnswerIsTheReplyToItsMessagesId) {
  // Answered at once, its id first, as the socket sends it.
  EXPECT_EQ(SessionMessage(id_, R"({"id":7,"op":"ping"})", kNow).body, R"({"id":7})");
  EXPECT_EQ(SessionMessage(id_, R"({"op":"ping","id":"a"})", kNow).body, R"({"id":"a"})");
  EXPECT_EQ(SessionMessage(id_, R"({"op":"ping"})", kNow).body, R"({"id":null})");
  // Refused: the id when the message has one.
  EXPECT_EQ(Body(SessionMessage(id_, R"({"id":8,"op":"nope"})", kNow))["id"], 8);
  EXPECT_TRUE(Body(SessionMessage(id_, "{nope", kNow))["id"].is_null());
  // After the calls it planned: the id of the message being answered.
  Output out = Send(Json{{"id", 9}, {"op", "query"}, {"sql", "SELECT 1"}});
  ASSERT_EQ(out.status, 0) << out.body;
  out = Answer(Body(out), Json{{"results",
                                {Json{{"columns", {"v", "epoch", "ver"}}, {"rows", {{1, 1, 5}}}},
                                 Json{{"columns", {"1"}}, {"rows", {{1}}}}}}});
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_TRUE(out.body.starts_with(R"({"id":9,)")) << out.body;
  EXPECT_EQ(Body(out)["rows"], Json::parse("[{\"1\": 1}]"));
  Output closed = SessionFinish(id_ + 1000, "#0", R"({"answers":[]})");
  EXPECT_TRUE(Body(closed)["id"].is_null()) << closed.body;
}

TEST_F(SessionTest, AnswersCarryTheSessionsStatusFlagsAsMysqlsOkPacketDoes) {
  // 2: SERVER_STATUS_AUTOCOMMIT; 1: SERVER_STATUS_IN_TRANS.
  auto status = [](const Output& out) { return Body(out)["serverStatus"]; };
  EXPECT_EQ(status(Query("BEGIN")), 3);
  Json plan = Body(Query("DELETE FROM t"));
  EXPECT_EQ(status(Answer(plan, StepAnswer(plan, "open"))), 3);
  Json commit = Body(Query("COMMIT"));
  EXPECT_EQ(status(Answer(commit, Json{{"results", Json::array()}, {"txn", "none"}})), 2);
  // autocommit = 0: no transaction until a data statement opens one.
  EXPECT_EQ(status(Query("SET autocommit = 0")), 0);
  plan = Body(Query("DELETE FROM t"));
  EXPECT_EQ(status(Answer(plan, StepAnswer(plan, "open"))), 1);
  // A refusal carries none: it is an error, not an OK packet.
  EXPECT_FALSE(Body(SessionMessage(id_, R"({"id":8,"op":"nope"})", kNow)).contains("serverStatus"));
}

TEST_F(SessionTest, AMessageSentIfPreviousOkRunsOnlyAfterASuccess) {
  // The client's deferred BEGIN: the statement after it must not run in
  // autocommit should BEGIN fail.
  const Json dependent = {
      {"id", 2}, {"op", "query"}, {"sql", "DELETE FROM t"}, {"ifPreviousOk", true}};
  ASSERT_EQ(Query("BEGIN").status, 200);
  Output ran = Send(dependent);
  ASSERT_EQ(ran.status, 0) << ran.body;  // its step
  ASSERT_EQ(Answer(Body(ran), StepAnswer(Body(ran), "none")).status, 200);
  ASSERT_EQ(Query("ROLLBACK").status, 200);

  Output failed = Query("SELEC 1");
  ASSERT_EQ(Body(failed)["error"]["errno"], 1064) << failed.body;
  for (int i = 0; i < 2; ++i) {  // as long as each one before it failed
    Output skipped = Send(dependent);
    EXPECT_EQ(skipped.status, failed.status);
    EXPECT_EQ(Body(skipped)["id"], 2);
    EXPECT_EQ(Body(skipped)["error"], Body(failed)["error"]) << skipped.body;
  }
  // A failure after the shard answered counts too; a message without the
  // flag runs regardless.
  Output step = Query("DELETE FROM t");
  ASSERT_EQ(step.status, 0) << step.body;
  Output lost = Answer(Body(step), Json{{"error", {{"message", "no such table: t"}}}});
  ASSERT_NE(lost.status, 200) << lost.body;
  EXPECT_EQ(Body(Send(dependent))["error"], Body(lost)["error"]);
  EXPECT_EQ(Send(Json{{"op", "ping"}}).status, 200);
  EXPECT_EQ(Send(dependent).status, 0);
}

TEST_F(SessionTest, ClosingASessionRollsBackItsTransactionAndForgetsIt) {
  const size_t before = SessionCount();
  ASSERT_EQ(Query("BEGIN").status, 200);
  Json plan = Body(Query("DELETE FROM t"));
  ASSERT_EQ(Answer(plan, StepAnswer(plan, "open")).status, 200);
  Output closing = SessionClose(id_);
  ASSERT_EQ(closing.status, 0);
  EXPECT_EQ(Body(closing)["calls"][0]["txn"]["op"], "rollback");
  EXPECT_EQ(SessionCount(), before - 1);
  EXPECT_EQ(Body(SessionMessage(id_, R"({"op":"ping"})", kNow))["error"]["errno"], 1053);
}

TEST(SocketRefusalTest, EachRefusalIsAMysqlErrorRepliedToItsMessage) {
  auto reply = [](SocketRefusal why, std::string_view detail) {
    return Body(SocketRefusalReply(why, R"("m1")", detail));
  };
  Json frame = Body(SocketRefusalReply(SocketRefusal::kMalformedFrame, "null", ""));
  EXPECT_TRUE(frame["id"].is_null());
  EXPECT_EQ(frame["error"]["errno"], 1210);
  Json none = reply(SocketRefusal::kNoSession, "7");
  EXPECT_EQ(none["id"], "m1");
  EXPECT_EQ(none["error"]["errno"], 1210);
  EXPECT_EQ(none["error"]["message"],
            "Incorrect arguments to the session: no session is open on channel 7");
  EXPECT_EQ(reply(SocketRefusal::kChannelTaken, "0")["error"]["errno"], 1210);
  Json many = reply(SocketRefusal::kTooManySessions, "1024");
  EXPECT_EQ(many["error"]["errno"], 1040);
  EXPECT_EQ(many["error"]["sqlState"], "08004");
  EXPECT_EQ(reply(SocketRefusal::kWorkerFault, "boom")["error"]["message"], "Unknown error: boom");
}

TEST(SessionOpenTest, NeedsAValidCallerAndDatabaseName) {
  EXPECT_EQ(Body(SessionOpen(R"({"auth":"required"})", "app"))["error"]["errno"], 1045);
  EXPECT_EQ(Body(SessionOpen(R"({"auth":"optional","nonce":"x"})", "a/b"))["error"]["errno"], 1102);
}

TEST(StatementTimeTest, IsTheUtcTimeAsASqliteLiteral) {
  EXPECT_EQ(StatementTime(0), "'1970-01-01 00:00:00.000'");
  EXPECT_EQ(StatementTime(kNow), "'2023-11-14 22:13:20.123'");
  EXPECT_EQ(StatementTime(951'782'400'000), "'2000-02-29 00:00:00.000'");
}

}  // namespace
}  // namespace edgesql::gateway
