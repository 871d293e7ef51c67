// Gateway Plan/Finish: the request -> plan -> response contract the worker
// shim relies on, and the SQLite -> MySQL error mapping.
#include "gateway/gateway.h"

#include <gtest/gtest.h>

#include "catalog/table_def_json.h"
#include "gateway/catalog_cache.h"
#include "gateway/json_util.h"
#include "gateway/sqlite_errors.h"
#include "gateway/translation_cache.h"
#include "output_json.h"

namespace edgesql::gateway {
namespace {

// A plan's first call with the plan's context, as one object.
Json Flat(const Json& plan) {
  Json call = plan["calls"][0];
  call["context"] = plan["context"];
  return call;
}

// Finish with one call's answer.
Output Finish1(const std::string& context, std::string_view answer) {
  return Finish(context, R"j({"answers":[)j" + std::string(answer) + "]}");
}

// Runs Plan and answers a policy fetch (no policy) and a catalog-load step
// (with `catalog_rows` at `version`, as a fresh shard would) if the core
// asks for them; returns the statement's plan, flattened.
Json PlanLoaded(std::string_view request, int version = 0, Json catalog_rows = Json::array()) {
  Output out = Plan(request);
  EXPECT_EQ(out.status, 0) << out.body;
  Json plan = Body(out);
  if (Context(plan)["op"] == "load_policy") {
    out = Finish1(plan["context"].get<std::string>(), R"j({"version":0,"policy":null})j");
    EXPECT_EQ(out.status, 0) << out.body;
    plan = Body(out);
  }
  if (Context(plan)["op"] == "load_catalog") {
    Json answer{{"results",
                 Json::array({Json{{"columns", {"v"}}, {"rows", {{version}}}},
                              Json{{"columns", {"name", "definition"}}, {"rows", catalog_rows}}})}};
    out = Finish1(plan["context"].get<std::string>(), Dump(answer));
    EXPECT_EQ(out.status, 0) << out.body;
    plan = Body(out);
  }
  return Flat(plan);
}

std::string Database() {
  static int n = 0;
  return "gw_test_" + std::to_string(++n);
}

TEST(GatewayTest, FirstRequestLoadsTheCatalogThenPlansWithAGuard) {
  std::string db = Database();
  // The first request asks for the database's table policy, then its catalog.
  Output first = Plan(R"j({"sql":"SELECT 1","database":")j" + db + R"j("})j");
  ASSERT_EQ(first.status, 0);
  EXPECT_EQ(Body(first)["calls"][0]["config"], db);
  Output second = Finish1(Body(first)["context"].get<std::string>(), R"j({"policy":null})j");
  Json load = Flat(Body(second));
  EXPECT_EQ(load["shard"], db + "/0");
  EXPECT_EQ(load["statements"].size(), 2u);  // version, then definitions
  Json plan =
      PlanLoaded(R"j({"sql":"SELECT * FROM `users` WHERE id = ?","params":[7],"database":")j" + db +
                 R"j("})j");
  EXPECT_EQ(plan["shard"], db + "/0");
  // The guard, which also reads the data version the rows reflect, then
  // the statement. A read needs no foreign key enforcement: no pragma, no
  // check of it.
  ASSERT_EQ(plan["statements"].size(), 2u);
  EXPECT_EQ(plan["before"], Json::array());
  EXPECT_NE(plan["statements"][0]["sql"].get<std::string>().find("_edgesql_ddl_log"),
            std::string::npos);
  EXPECT_NE(
      plan["statements"][0]["sql"].get<std::string>().find("epoch, ver FROM _edgesql_data_version"),
      std::string::npos);
  EXPECT_EQ(plan["statements"][0]["params"], Json::array({0}));
  EXPECT_EQ(plan["statements"][1]["sql"], "SELECT * FROM \"users\" WHERE (`id` = ?1)");
  EXPECT_EQ(plan["statements"][1]["params"], Json::array({7}));

  // A write sets and proves the session's enforcement before its statement.
  Json write = PlanLoaded(R"j({"sql":"UPDATE `users` SET name = 'x' WHERE id = 7","database":")j" +
                          db + R"j("})j");
  EXPECT_EQ(write["before"], Json::array({"PRAGMA foreign_keys = ON"}));
  EXPECT_NE(write["statements"][1]["sql"].get<std::string>().find("pragma_foreign_keys"),
            std::string::npos);

  Output done = Finish1(
      plan["context"].get<std::string>(),
      R"j({"results":[{"rows":[["1",1700000000000,5]]},{"columns":["id","name","score"],"rows":[[7,"Ada",1.5]]}]})j");
  ASSERT_EQ(done.status, 200) << done.body;
  Json body = Body(done);
  EXPECT_EQ(body["rows"][0]["name"], "Ada");
  EXPECT_EQ(body["fields"][0]["type"], "LONGLONG");  // not in the catalog: typed by value
  EXPECT_EQ(body["fields"][1]["type"], "VAR_STRING");
  EXPECT_EQ(body["fields"][2]["type"], "DOUBLE");
  EXPECT_EQ(body["meta"]["shard"], db + "/0");
  EXPECT_EQ(body["meta"]["dataVersion"], Json::array({1700000000000, 5}));
}

TEST(GatewayTest, AStaleGuardReloadsTheCatalogAndPlansAgain) {
  std::string db = Database();
  std::string request = R"j({"sql":"SELECT 1","database":")j" + db + R"j("})j";
  Json plan = PlanLoaded(request);
  Output again = Finish1(plan["context"].get<std::string>(),
                         R"j({"error":{"message":"malformed JSON","index":0}})j");
  ASSERT_EQ(again.status, 0);
  EXPECT_EQ(Context(Body(again))["op"], "load_catalog");
}

TEST(GatewayTest, ATextIsTranspiledOnceUnderOneCatalogAndAgainUnderTheNext) {
  const std::string db = Database();
  auto table = [](std::string_view extra_column) {
    return std::string(R"j({"name":"t","charset":"utf8mb4","collation":"utf8mb4_0900_ai_ci",)j"
                       R"j("engine":"InnoDB","checks":[],"foreignKeys":[],"columns":[)j"
                       R"j({"name":"id","type":"int","nullable":false},)j"
                       R"j({"name":"a","type":"int","nullable":true})j") +
           std::string(extra_column) +
           R"j(],"indexes":[{"kind":0,"name":"PRIMARY","parts":[{"column":"id"}]}]})j";
  };
  const std::string request =
      R"j({"sql":"SELECT * FROM t WHERE id = ?","params":[7],"database":")j" + db + R"j("})j";
  Json first = PlanLoaded(request, 1, Json::array({Json::array({"t", table("")})}));
  TranslationCache& cache = TranslationCache::Instance();
  const size_t kept = cache.size();
  Json again = Flat(Body(Plan(request)));
  EXPECT_EQ(cache.size(), kept);  // found, not made again
  EXPECT_EQ(again["statements"][1], first["statements"][1]);
  EXPECT_EQ(Context(again)["columns"].size(), 2u);

  // What reads the session is made for each request: its values are in it.
  auto with_x = [&](int x) {
    return Flat(Body(Plan(R"j({"sql":"SELECT @x + LAST_INSERT_ID() AS v FROM t","database":")j" +
                          db + R"j(","session":{"variables":{"x":)j" + std::to_string(x) +
                          R"j(},"last_insert_id":3}})j")));
  };
  const std::string five = with_x(5)["statements"][1]["sql"];
  const std::string seven = with_x(7)["statements"][1]["sql"];
  EXPECT_NE(five.find('5'), std::string::npos) << five;
  EXPECT_NE(seven.find('7'), std::string::npos) << seven;
  EXPECT_EQ(cache.size(), kept);

  // Another catalog (here: loaded again after another isolate's ALTER
  // TABLE): the same text is transpiled against it.
  catalog::DatabaseSchema altered;
  altered.version = 2;
  altered.tables.emplace(
      "t",
      catalog::TableFromJsonText(table(R"j(,{"name":"b","type":"int","nullable":true})j")).value());
  CatalogCache::Instance().Store(db, std::move(altered));
  Json after = Flat(Body(Plan(request)));
  EXPECT_EQ(after["statements"][0]["params"], Json::array({2}));
  EXPECT_EQ(Context(after)["columns"].size(), 3u);
  EXPECT_EQ(cache.size(), kept + 1);
}

TEST(GatewayTest, DdlUpdatesTheCatalogInTheSameTransactionAndTheCache) {
  std::string db = Database();
  Json plan = PlanLoaded(
      R"j({"sql":"CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, price DECIMAL(6,2))","database":")j" +
      db + R"j("})j");
  std::vector<std::string> sql;
  for (const Json& st : plan["statements"]) sql.push_back(st["sql"]);
  // guard, FK state, CREATE TABLE and its three capture triggers, DDL log,
  // catalog row, the note that the table changed whole, replay record
  ASSERT_EQ(sql.size(), 10u);
  EXPECT_EQ(sql[2].rfind("CREATE TABLE \"t\"", 0), 0u);
  EXPECT_EQ(sql[3].rfind("CREATE TRIGGER \"t/capture/INSERT\"", 0), 0u);
  EXPECT_NE(sql[6].find("_edgesql_ddl_log"), std::string::npos);
  EXPECT_EQ(plan["statements"][6]["params"][0], 1);  // the version it makes
  EXPECT_NE(sql[7].find("_edgesql_catalog"), std::string::npos);
  EXPECT_EQ(sql[8], "INSERT INTO _edgesql_changes (tbl) VALUES (?1)");
  EXPECT_NE(sql[9].find("_edgesql_ddl_replay"), std::string::npos);
  // What a shard that missed the change replays: the change itself.
  Json replay = Json::parse(plan["statements"][9]["params"][1].get<std::string>());
  ASSERT_EQ(replay.size(), 7u);
  EXPECT_EQ(replay[0]["sql"], plan["statements"][2]["sql"]);
  Json results = Json::array({Json{{"rows", {{1}}}}, Json{{"rows", {{1}}}}});
  for (int i = 0; i < 8; ++i) results.push_back(Json{{"rows", Json::array()}});
  Output done =
      Finish1(plan["context"].get<std::string>(), Dump(Json{{"results", std::move(results)}}));
  ASSERT_EQ(done.status, 200) << done.body;

  // The cache now knows the table: the next plan guards version 1, types
  // the DECIMAL column and writes it with its scale.
  Json select = PlanLoaded(R"j({"sql":"SELECT id, price FROM t","database":")j" + db + R"j("})j");
  EXPECT_EQ(select["statements"][0]["params"], Json::array({1}));
  Json body = Body(Finish1(
      select["context"].get<std::string>(),
      R"j({"results":[{"rows":[[1]]},{"columns":["id","price"],"rows":[[1,10.5],[2,3]]}]})j"));
  EXPECT_EQ(body["fields"][0]["type"], "LONG");
  EXPECT_EQ(body["fields"][1]["type"], "NEWDECIMAL");
  EXPECT_EQ(body["rows"][0]["price"], "10.50");
  EXPECT_EQ(body["rows"][1]["price"], "3.00");

  // DESCRIBE is answered from the catalog, after the guard proves it fresh.
  Json describe = PlanLoaded(R"j({"sql":"DESCRIBE t","database":")j" + db + R"j("})j");
  Json answer = Body(Finish1(describe["context"].get<std::string>(),
                             R"j({"results":[{"rows":[[1]]},{"rows":[[3]]}]})j"));
  ASSERT_EQ(answer["rows"].size(), 2u) << answer.dump();
  EXPECT_EQ(answer["rows"][0]["Field"], "id");
  EXPECT_EQ(answer["rows"][0]["Type"], "int");
  EXPECT_EQ(answer["rows"][0]["Key"], "PRI");
  EXPECT_EQ(answer["rows"][0]["Extra"], "auto_increment");
  EXPECT_EQ(answer["rows"][1]["Type"], "decimal(6,2)");
  EXPECT_EQ(answer["rows"][1]["Null"], "YES");
}

TEST(GatewayTest, InsertReportsAffectedRowsAndTheFirstGeneratedId) {
  std::string db = Database();
  Json plan =
      PlanLoaded(R"j({"sql":"INSERT INTO t (a) VALUES (?), (?)","params":[1,true],"database":")j" +
                 db + R"j("})j");
  ASSERT_EQ(plan["statements"].size(), 4u);  // guard, FK state, the insert, the probe
  EXPECT_EQ(plan["statements"][2]["params"], Json::array({1, 1}));  // TRUE is 1
  Output done =
      Finish1(plan["context"].get<std::string>(),
              R"j({"results":[{"rows":[[1]]},{"rows":[[1]]},{"rows":[]},{"rows":[[2,12,1]]}]})j");
  Json body = Body(done);
  EXPECT_EQ(body["affectedRows"], 2);
  EXPECT_EQ(body["insertId"], 11);
  EXPECT_FALSE(body.contains("rows"));
}

TEST(GatewayTest, ForeignKeyChecksTravelInTheSessionAndAreVerifiedInTheTransaction) {
  Output set = Plan(R"j({"sql":"SET FOREIGN_KEY_CHECKS = 0"})j");
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(Body(set)["meta"]["session"]["foreign_key_checks"], 0);
  std::string db = Database();
  Json plan = PlanLoaded(R"j({"sql":"INSERT INTO t VALUES (1)","database":")j" + db +
                         R"j(","session":{"foreign_key_checks":0}})j");
  EXPECT_EQ(plan["before"], Json::array({"PRAGMA foreign_keys = OFF"}));
  EXPECT_EQ(plan["statements"][1]["params"], Json::array({0}));
  // The pragma did not take (say, a transaction was open): refuse, loudly.
  Output refused = Finish1(plan["context"].get<std::string>(),
                           R"j({"error":{"message":"malformed JSON","index":1}})j");
  EXPECT_EQ(refused.status, 500);
  EXPECT_EQ(Body(refused)["error"]["errno"], 1815);
  EXPECT_EQ(Plan(R"j({"sql":"SELECT 1","session":{"foreign_key_checks":"no"}})j").status, 400);
}

TEST(GatewayTest, UserVariablesLiveInTheClientsSession) {
  // mysqldump's preamble: remember the setting, then turn checks off.
  Output set = Plan(
      R"j({"sql":"SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0, @s = 'x', @n = -2.5"})j");
  ASSERT_EQ(set.status, 200) << set.body;
  Json session = Body(set)["meta"]["session"];
  EXPECT_EQ(session["foreign_key_checks"], 0);
  EXPECT_EQ(session["variables"]["old_foreign_key_checks"], 1);
  EXPECT_EQ(session["variables"]["s"], "x");
  EXPECT_EQ(session["variables"]["n"], -2.5);
  // ... and its epilogue restores it from the variable.
  Output restore = Plan(R"j({"sql":"SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS","session":)j" +
                        session.dump() + "}");
  ASSERT_EQ(restore.status, 200) << restore.body;
  EXPECT_EQ(Body(restore)["meta"]["session"]["foreign_key_checks"], 1);
  // Reading them in a statement: values as literals, unset ones NULL.
  Json plan =
      Flat(Body(Plan(R"j({"sql":"SELECT @s, @N, @nope","session":)j" + session.dump() + "}")));
  EXPECT_EQ(plan["statements"][0]["sql"],
            "SELECT 'x' AS \"@s\", -2.5 AS \"@N\", NULL AS \"@nope\"");
}

TEST(GatewayTest, InsertIntoATableWithoutAutoIncrementReportsNoId) {
  std::string db = Database();
  Json plan = PlanLoaded(R"j({"sql":"INSERT INTO t VALUES (5)","database":")j" + db + R"j("})j");
  Json body = Body(
      Finish1(plan["context"].get<std::string>(),
              R"j({"results":[{"rows":[[1]]},{"rows":[[1]]},{"rows":[]},{"rows":[[1,5,0]]}]})j"));
  EXPECT_EQ(body["affectedRows"], 1);
  EXPECT_EQ(body["insertId"], 0);
}

TEST(GatewayTest, ClientMistakesAreMySqlErrors) {
  struct Case {
    const char* request;
    int errnum;
    int status;
  };
  const Case cases[] = {
      {R"j({"sql":"SELEC 1","database":"app"})j", 1064, 400},
      {R"j({"sql":"","database":"app"})j", 1065, 400},
      {R"j({"sql":"SELECT 1; SELECT 2"})j", 1064, 400},
      {R"j(not json)j", 1064, 400},
      {R"j({"sql":42})j", 1210, 400},
      {R"j({"sql":"SELECT ?","params":[]})j", 1210, 400},
      {R"j({"sql":"SELECT ?","params":[{"x":1}]})j", 1210, 400},
      {R"j({"sql":"SELECT * FROM t"})j", 1046, 400},
      {R"j({"sql":"SELECT 1","database":"a/b"})j", 1102, 400},
      {R"j({"sql":"BEGIN","database":"app"})j", 1235, 400},
      {R"j({"sql":"SET @@x = 1","database":"app"})j", 1193, 400},
      {R"j({"sql":"SET @x = 1 + 1","database":"app"})j", 1235, 400},
      {R"j({"sql":"SET autocommit = 0","database":"app"})j", 1235, 400},
      {R"j({"sql":"SET GLOBAL wait_timeout = 10","database":"app"})j", 1235, 400},
      {R"j({"sql":"SET time_zone = '+02:00'","database":"app"})j", 1235, 400},
      {R"j({"sql":"SET sql_mode = 'ANSI_QUOTES,STRICT_TRANS_TABLES'","database":"app"})j", 1235,
       400},
      {R"j({"sql":"SET sql_mode = ''","database":"app"})j", 1235, 400},
      {R"j({"sql":"SET foreign_key_checks = 2","database":"app"})j", 1231, 400},
      {R"j({"sql":"SET TRANSACTION READ ONLY","database":"app"})j", 1235, 400},
      {R"j({"sql":"SET sql_mode = CONCAT(@@sql_mode, ',X')","database":"app"})j", 1235, 400},
      {R"j({"sql":"SELECT * FROM other.t","database":"app"})j", 1235, 400},
      {R"j({"sql":"CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END","database":"app"})j", 1235,
       400},
      {R"j({"sql":"CREATE DEFINER=`root`@`localhost` FUNCTION f() RETURNS INT RETURN 1","database":"app"})j",
       1235, 400},
      {R"j({"sql":"CREATE DEFINER=CURRENT_USER EVENT e ON SCHEDULE EVERY 1 HOUR DO DELETE FROM x","database":"app"})j",
       1235, 400},
      {R"j({"sql":"DROP PROCEDURE IF EXISTS p","database":"app"})j", 1235, 400},
      {R"j({"sql":"CALL p(1)","database":"app"})j", 1235, 400},
      {R"j({"sql":"SELECT * FROM _edgesql_ddl_log","database":"app"})j", 1103, 400},
      {R"j({"sql":"CREATE TABLE sqlite_x (a INT)","database":"app"})j", 1103, 400},
      {R"j({"sql":"DROP TABLE _CF_KV","database":"app"})j", 1103, 400},
  };
  for (const Case& c : cases) {
    Output out = Plan(c.request);
    EXPECT_EQ(out.status, c.status) << c.request << " " << out.body;
    Json body = Body(out);
    EXPECT_EQ(body["error"]["errno"], c.errnum) << c.request << " " << out.body;
    EXPECT_EQ(body["error"]["sqlState"].get<std::string>().size(), 5u);
  }
}

TEST(GatewayTest, SessionStatementsAreAnsweredWithoutAShard) {
  Output use = Plan(R"j({"sql":"USE `compat`","database":"app"})j");
  EXPECT_EQ(use.status, 200);
  EXPECT_EQ(Body(use)["meta"]["database"], "compat");
  EXPECT_EQ(Plan(R"j({"sql":"SET NAMES utf8mb4"})j").status, 200);
  EXPECT_EQ(Plan(R"j({"sql":"SET NAMES latin1"})j").status, 400);
  EXPECT_EQ(Plan(R"j({"sql":"COMMIT"})j").status, 200);
  // What drivers and ORMs send on connect, when it asks for what Edge SQL does.
  for (const char* set :
       {"SET autocommit = 1", "SET SESSION autocommit = ON", "SET @@session.time_zone = '+00:00'",
        "SET time_zone = 'UTC', NAMES utf8mb4", "SET character_set_results = utf8mb4",
        "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
        "SET sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_DATE'", "SET wait_timeout = 600",
        "SET @@SESSION.sql_mode = DEFAULT", "SET LOCAL foreign_key_checks = 1"}) {
    Output out = Plan(std::string(R"j({"sql":")j") + set + R"j("})j");
    EXPECT_EQ(out.status, 200) << set << " " << out.body;
  }
}

TEST(GatewayTest, ShardErrorsBecomeMySqlErrorsAndTransportFailuresAre503) {
  std::string db = Database();
  const std::string request = R"j({"sql":"SELECT * FROM nope","database":")j" + db + R"j("})j";
  auto context = [&] { return PlanLoaded(request)["context"].get<std::string>(); };
  Output missing = Finish1(
      context(), R"j({"error":{"message":"Error: no such table: nope: SQLITE_ERROR","index":2}})j");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Body(missing)["error"]["message"], "Table '" + db + ".nope' doesn't exist");
  Output lost =
      Finish1(context(), R"j({"error":{"message":"Network connection lost.","transport":true}})j");
  EXPECT_EQ(lost.status, 503);
  Output garbage = Finish1(context(), "{");
  EXPECT_EQ(garbage.status, 500);
}

// A plan's context stays in the isolate until the Finish that answers it;
// a second answer to the same plan, or one to a plan never made, is refused
// loudly instead of being read as some other request's.
TEST(GatewayTest, APlansContextIsTakenByItsOneFinish) {
  std::string db = Database();
  Json plan = PlanLoaded(R"j({"sql":"SELECT * FROM nope","database":")j" + db + R"j("})j");
  const std::string token = plan["context"].get<std::string>();
  EXPECT_EQ(token[0], '#');
  const size_t kept = KeptContexts();
  const std::string answer =
      R"j({"error":{"message":"Error: no such table: nope: SQLITE_ERROR","index":2}})j";
  EXPECT_EQ(Finish1(token, answer).status, 404);
  EXPECT_EQ(KeptContexts(), kept - 1);
  for (const std::string& unknown : {token, std::string("#0"), std::string("{}"), std::string()}) {
    Output again = Finish1(unknown, answer);
    EXPECT_EQ(again.status, 500) << unknown;
    EXPECT_NE(Body(again)["error"]["message"].get<std::string>().find("context is gone"),
              std::string::npos);
  }
}

// Plans never answered (requests cancelled mid-flight) cannot fill the
// isolate: beyond kMaxPlanContexts the oldest contexts are dropped.
TEST(GatewayTest, AbandonedPlanContextsAreBounded) {
  const std::string first = KeepContext(Json{{"op", "abandoned"}});
  for (size_t i = 0; i < kMaxPlanContexts; ++i) KeepContext(Json{{"op", "abandoned"}});
  EXPECT_EQ(KeptContexts(), kMaxPlanContexts);
  EXPECT_EQ(PeekContext(first), nullptr);
  EXPECT_EQ(Finish1(first, R"j({"results":[]})j").status, 500);
}

TEST(SqliteErrorsTest, MapsEachKnownMessage) {
  using sql::StatementKind;
  struct Case {
    const char* message;
    StatementKind kind;
    int errnum;
    const char* text;
  };
  const Case cases[] = {
      {"no such column: nme at offset 7: SQLITE_ERROR", StatementKind::kSelect, 1054,
       "Unknown column 'nme' in 'field list'"},
      {"UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT", StatementKind::kInsert, 1062,
       "Duplicate entry for key 'users.email'"},
      {"NOT NULL constraint failed: users.name", StatementKind::kInsert, 1048,
       "Column 'name' cannot be null"},
      {"FOREIGN KEY constraint failed", StatementKind::kInsert, 1452,
       "Cannot add or update a child row: a foreign key constraint fails"},
      {"FOREIGN KEY constraint failed", StatementKind::kDelete, 1451,
       "Cannot delete or update a parent row: a foreign key constraint fails"},
      {"CHECK constraint failed: edgesql:range:qty: SQLITE_CONSTRAINT", StatementKind::kInsert,
       1264, "Out of range value for column 'qty' at row 1"},
      {"CHECK constraint failed: edgesql:type:qty", StatementKind::kInsert, 1366,
       "Incorrect value for column 'qty' at row 1"},
      {"CHECK constraint failed: edgesql:length:name", StatementKind::kUpdate, 1406,
       "Data too long for column 'name' at row 1"},
      {"CHECK constraint failed: edgesql:enum:kind", StatementKind::kInsert, 1265,
       "Data truncated for column 'kind' at row 1"},
      {"CHECK constraint failed: t_chk_1", StatementKind::kInsert, 3819,
       "Check constraint 't_chk_1' is violated."},
      {"table \"users\" already exists", StatementKind::kCreateTable, 1050,
       "Table 'users' already exists"},
      {"view v already exists: SQLITE_ERROR", StatementKind::kCreateView, 1050,
       "Table 'v' already exists"},
      {"index users/ix already exists: SQLITE_ERROR", StatementKind::kCreateIndex, 1061,
       "Duplicate key name 'ix'"},
      {"no such index: users/ix", StatementKind::kDropIndex, 1091,
       "Can't DROP 'ix'; check that column/key exists"},
      {"no such function: FOO", StatementKind::kSelect, 1305, "FUNCTION app.FOO does not exist"},
      {"near \"FORM\": syntax error", StatementKind::kSelect, 1064, nullptr},
      {"LIKE or GLOB pattern too complex: SQLITE_ERROR", StatementKind::kSelect, 1235,
       "This version of Edge SQL doesn't yet support 'LIKE patterns longer than 50 bytes (a "
       "limit of Durable Object SQLite)'"},
      {"integer overflow", StatementKind::kSelect, 1690, "BIGINT value is out of range"},
      {"malformed JSON: SQLITE_ERROR", StatementKind::kSelect, 3141,
       "Invalid JSON text in argument to a JSON function: the text is not valid JSON"},
      {"bad JSON path: '$x': SQLITE_ERROR", StatementKind::kSelect, 3143,
       "Invalid JSON path expression '$x'"},
      {"something nobody expected", StatementKind::kSelect, 1105, "Unknown error"},
  };
  for (const Case& c : cases) {
    Error e = MapSqliteError(c.message, c.kind, "app");
    EXPECT_EQ(e.errnum(), c.errnum) << c.message;
    if (c.text != nullptr) EXPECT_EQ(e.message(), c.text) << c.message;
  }
}

TEST(GatewayTest, ShardProgramHasBootstrapCaptureAndOutbox) {
  Result<Json> j = ParseJson(ShardBootstrap(), "shard program");
  ASSERT_TRUE(j.ok());
  ASSERT_TRUE(j.value()["bootstrap"].is_array());
  EXPECT_FALSE(j.value()["bootstrap"].empty());
  EXPECT_EQ(j.value()["capture"].size(), 4u);
  EXPECT_TRUE(j.value()["outboxRead"].is_string());
  EXPECT_TRUE(j.value()["outboxDelete"].is_string());
}

}  // namespace
}  // namespace edgesql::gateway
