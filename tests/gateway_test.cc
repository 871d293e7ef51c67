// Gateway Plan/Finish: the request -> plan -> response contract the worker
// shim relies on, and the SQLite -> MySQL error mapping.
#include "gateway/gateway.h"

#include <gtest/gtest.h>

#include "gateway/json_util.h"
#include "gateway/sqlite_errors.h"

namespace edgesql::gateway {
namespace {

Json Body(const Output& out) {
  Result<Json> j = ParseJson(out.body, "test");
  EXPECT_TRUE(j.ok()) << out.body;
  return j.ok() ? j.value() : Json();
}

TEST(GatewayTest, PlansASelectOnTheDatabaseShard) {
  Output out =
      Plan(R"j({"sql":"SELECT * FROM `users` WHERE id = ?","params":[7],"database":"app"})j");
  ASSERT_EQ(out.status, 0) << out.body;
  Json plan = Body(out);
  EXPECT_EQ(plan["shard"], "app/0");
  ASSERT_EQ(plan["statements"].size(), 1u);
  EXPECT_EQ(plan["statements"][0]["sql"], "SELECT * FROM \"users\" WHERE id = ?1");
  EXPECT_EQ(plan["statements"][0]["params"], Json::array({7}));

  Output done =
      Finish(plan["context"].get<std::string>(),
             R"j({"results":[{"columns":["id","name","score"],"rows":[[7,"Ada",1.5]]}]})j");
  ASSERT_EQ(done.status, 200) << done.body;
  Json body = Body(done);
  EXPECT_EQ(body["rows"][0]["name"], "Ada");
  EXPECT_EQ(body["fields"][0]["type"], "LONGLONG");
  EXPECT_EQ(body["fields"][1]["type"], "VAR_STRING");
  EXPECT_EQ(body["fields"][2]["type"], "DOUBLE");
  EXPECT_EQ(body["meta"]["shard"], "app/0");
}

TEST(GatewayTest, InsertReportsAffectedRowsAndTheFirstGeneratedId) {
  Output out =
      Plan(R"j({"sql":"INSERT INTO t (a) VALUES (?), (?)","params":[1,true],"database":"app"})j");
  ASSERT_EQ(out.status, 0) << out.body;
  Json plan = Body(out);
  ASSERT_EQ(plan["statements"].size(), 2u);                         // the insert, then the probe
  EXPECT_EQ(plan["statements"][0]["params"], Json::array({1, 1}));  // TRUE is 1
  Output done = Finish(
      plan["context"].get<std::string>(),
      R"j({"results":[{"columns":[],"rows":[]},{"columns":["a","b","c"],"rows":[[2,12,1]]}]})j");
  Json body = Body(done);
  EXPECT_EQ(body["affectedRows"], 2);
  EXPECT_EQ(body["insertId"], 11);
  EXPECT_FALSE(body.contains("rows"));
}

TEST(GatewayTest, InsertIntoATableWithoutAutoIncrementReportsNoId) {
  Json plan = Body(Plan(R"j({"sql":"INSERT INTO t VALUES (5)","database":"app"})j"));
  Json body = Body(Finish(plan["context"].get<std::string>(),
                          R"j({"results":[{"rows":[]},{"rows":[[1,5,0]]}]})j"));
  EXPECT_EQ(body["affectedRows"], 1);
  EXPECT_EQ(body["insertId"], 0);
}

TEST(GatewayTest, DdlIsLoggedInTheSameTransaction) {
  Json plan = Body(Plan(R"j({"sql":"CREATE TABLE t (id INT PRIMARY KEY)","database":"app"})j"));
  ASSERT_EQ(plan["statements"].size(), 2u);
  EXPECT_EQ(plan["statements"][1]["params"][0], "CREATE TABLE t (id INT PRIMARY KEY)");
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
      {R"j({"sql":"SET @@x = 1","database":"app"})j", 1235, 400},
      {R"j({"sql":"SELECT * FROM other.t","database":"app"})j", 1235, 400},
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
}

TEST(GatewayTest, ShardErrorsBecomeMySqlErrorsAndTransportFailuresAre503) {
  Json plan = Body(Plan(R"j({"sql":"SELECT * FROM nope","database":"app"})j"));
  std::string ctx = plan["context"].get<std::string>();
  Output missing = Finish(
      ctx, R"j({"error":{"message":"Error: no such table: nope: SQLITE_ERROR","index":0}})j");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Body(missing)["error"]["message"], "Table 'app.nope' doesn't exist");
  Output lost =
      Finish(ctx, R"j({"error":{"message":"Network connection lost.","transport":true}})j");
  EXPECT_EQ(lost.status, 503);
  Output garbage = Finish(ctx, "{");
  EXPECT_EQ(garbage.status, 500);
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
      {"CHECK constraint failed: unsigned:qty", StatementKind::kInsert, 1264,
       "Out of range value for column 'qty' at row 1"},
      {"CHECK constraint failed: t_chk_1", StatementKind::kInsert, 3819,
       "Check constraint 't_chk_1' is violated."},
      {"table \"users\" already exists", StatementKind::kCreateTable, 1050,
       "Table 'users' already exists"},
      {"index users/ix already exists: SQLITE_ERROR", StatementKind::kCreateIndex, 1061,
       "Duplicate key name 'ix'"},
      {"no such index: users/ix", StatementKind::kDropIndex, 1091,
       "Can't DROP 'ix'; check that column/key exists"},
      {"no such function: FOO", StatementKind::kSelect, 1305, "FUNCTION app.FOO does not exist"},
      {"near \"FORM\": syntax error", StatementKind::kSelect, 1064, nullptr},
      {"something nobody expected", StatementKind::kSelect, 1105, "Unknown error"},
  };
  for (const Case& c : cases) {
    Error e = MapSqliteError(c.message, c.kind, "app");
    EXPECT_EQ(e.errnum(), c.errnum) << c.message;
    if (c.text != nullptr) EXPECT_EQ(e.message(), c.text) << c.message;
  }
}

TEST(GatewayTest, BootstrapIsAnArrayOfStatements) {
  Result<Json> j = ParseJson(ShardBootstrap(), "bootstrap");
  ASSERT_TRUE(j.ok());
  ASSERT_TRUE(j.value().is_array());
  EXPECT_FALSE(j.value().empty());
}

}  // namespace
}  // namespace edgesql::gateway
