// Analyzer: table-driven cases, one statement and the facts it must yield,
// grouped by rule, with the traps (top-level OR, aliases, CTE names, ...)
// next to the rule they test.
#include "sql/analyzer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "sql/lexer.h"

namespace edgesql::sql {
namespace {

// Compact renderings so a case fits on one line.
std::string Tables(const std::vector<TableName>& tables) {
  std::string out;
  for (const TableName& t : tables) {
    if (!out.empty()) out += ",";
    if (!t.database.empty()) out += t.database + ".";
    out += t.name;
  }
  return out;
}

std::string Render(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kString:
      return "'" + v.text + "'";
    case Value::Kind::kNumber:
      return v.text;
    case Value::Kind::kNull:
      return "NULL";
    case Value::Kind::kBool:
      return "b" + v.text;
    case Value::Kind::kParam:
      return "?" + std::to_string(v.param_index);
    case Value::Kind::kExpression:
      return "{" + v.text + "}";
  }
  return "";
}

std::string Equalities(const std::vector<Equality>& eqs) {
  std::string out;
  for (const Equality& e : eqs) {
    if (!out.empty()) out += " & ";
    if (!e.table.empty()) out += e.table + ".";
    out += e.column + (e.is_in ? " IN " : "=");
    for (size_t i = 0; i < e.values.size(); ++i) out += (i ? "," : "") + Render(e.values[i]);
  }
  return out;
}

std::string Rows(const StatementInfo& s) {
  std::string out;
  for (const std::string& c : s.insert_columns) out += (out.empty() ? "" : ",") + c;
  out += ":";
  for (const std::vector<Value>& row : s.insert_rows) {
    out += "(";
    for (size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + Render(row[i]);
    out += ")";
  }
  return out;
}

StatementInfo One(std::string_view sql) {
  Result<Analysis> r = Analyze(sql);
  EXPECT_TRUE(r.ok()) << sql << ": " << (r.ok() ? "" : r.error().message());
  if (!r.ok()) return StatementInfo{};
  EXPECT_EQ(r.value().statements.size(), 1u) << sql;
  return r.value().statements.empty() ? StatementInfo{} : r.value().statements[0];
}

Error Fails(std::string_view sql) {
  Result<Analysis> r = Analyze(sql);
  EXPECT_FALSE(r.ok()) << sql;
  return r.ok() ? Error(ErrorCode::kUnknown, "") : r.error();
}

struct KindCase {
  const char* sql;
  StatementKind kind;
  bool read_only;
};

TEST(AnalyzerTest, Kinds) {
  using K = StatementKind;
  const KindCase cases[] = {
      {"SELECT 1", K::kSelect, true},
      {"select * from t for update", K::kSelect, true},
      {"WITH c AS (SELECT 1) SELECT * FROM c", K::kSelect, true},
      {"(SELECT 1)", K::kSelect, true},
      {"((SELECT 1) UNION (SELECT 2))", K::kSelect, true},
      {"TABLE t", K::kSelect, true},
      {"VALUES ROW(1, 2)", K::kSelect, true},
      {"INSERT INTO t VALUES (1)", K::kInsert, false},
      {"INSERT t VALUES (1)", K::kInsert, false},
      {"UPDATE t SET a = 1", K::kUpdate, false},
      {"WITH c AS (SELECT 1) UPDATE t SET a = 1", K::kUpdate, false},
      {"DELETE FROM t", K::kDelete, false},
      {"REPLACE INTO t VALUES (1)", K::kReplace, false},
      {"CREATE TABLE t (a INT)", K::kCreateTable, false},
      {"CREATE TEMPORARY TABLE t (a INT)", K::kCreateTable, false},
      {"CREATE TABLE IF NOT EXISTS t (a INT)", K::kCreateTable, false},
      {"CREATE TABLE t LIKE s", K::kCreateTable, false},
      {"ALTER TABLE t ADD COLUMN b INT", K::kAlterTable, false},
      {"DROP TABLE t", K::kDropTable, false},
      {"DROP TEMPORARY TABLE IF EXISTS t", K::kDropTable, false},
      {"RENAME TABLE a TO b", K::kRenameTable, false},
      {"TRUNCATE t", K::kTruncate, false},
      {"TRUNCATE TABLE t", K::kTruncate, false},
      {"CREATE INDEX i ON t (a)", K::kCreateIndex, false},
      {"CREATE UNIQUE INDEX i ON t (a)", K::kCreateIndex, false},
      {"CREATE FULLTEXT INDEX i ON t (a)", K::kCreateIndex, false},
      {"CREATE SPATIAL INDEX i ON t (g)", K::kCreateIndex, false},
      {"DROP INDEX i ON t", K::kDropIndex, false},
      {"CREATE VIEW v AS SELECT 1", K::kCreateView, false},
      {"CREATE OR REPLACE ALGORITHM = MERGE DEFINER = 'me'@'%' SQL SECURITY INVOKER VIEW v AS "
       "SELECT 1",
       K::kCreateView, false},
      {"CREATE DEFINER = CURRENT_USER VIEW v AS SELECT 1", K::kCreateView, false},
      {"DROP VIEW IF EXISTS v", K::kDropView, false},
      {"CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1", K::kCreateTrigger, false},
      {"DROP TRIGGER IF EXISTS tr", K::kDropTrigger, false},
      {"CREATE DATABASE d", K::kCreateDatabase, false},
      {"CREATE SCHEMA IF NOT EXISTS d", K::kCreateDatabase, false},
      {"DROP DATABASE d", K::kDropDatabase, false},
      {"DROP SCHEMA d", K::kDropDatabase, false},
      {"BEGIN", K::kBegin, true},
      {"BEGIN WORK", K::kBegin, true},
      {"START TRANSACTION", K::kBegin, true},
      {"START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT", K::kBegin, true},
      {"COMMIT", K::kCommit, true},
      {"COMMIT WORK", K::kCommit, true},
      {"ROLLBACK", K::kRollback, true},
      {"ROLLBACK WORK", K::kRollback, true},
      {"ROLLBACK TO SAVEPOINT s", K::kRollback, true},
      {"SET @a = 1", K::kSet, true},
      {"SET NAMES utf8mb4", K::kSet, true},
      {"SHOW TABLES", K::kShow, true},
      {"SHOW COLUMNS FROM t", K::kShow, true},
      {"USE app", K::kUse, true},
      {"DESCRIBE t", K::kDescribe, true},
      {"DESC t", K::kDescribe, true},
      {"EXPLAIN t", K::kDescribe, true},
      {"EXPLAIN SELECT * FROM t", K::kExplain, true},
      {"EXPLAIN ANALYZE SELECT * FROM t", K::kExplain, true},
      {"EXPLAIN FORMAT=JSON SELECT 1", K::kExplain, true},
      {"DESCRIBE SELECT 1", K::kExplain, true},
      {"EXPLAIN UPDATE t SET a = 1", K::kExplain, false},
      {"LOCK TABLES t READ", K::kOther, false},
      {"UNLOCK TABLES", K::kOther, false},
      {"CALL p(1)", K::kOther, false},
      {"DO 1", K::kOther, false},
      {"ANALYZE TABLE t", K::kOther, false},
      {"SAVEPOINT s", K::kOther, false},
      {"CREATE PROCEDURE p() SELECT 1", K::kOther, false},
      {"ALTER DATABASE d CHARACTER SET utf8mb4", K::kOther, false},
      {"/*+ strong */ SELECT 1", K::kSelect, true},
  };
  for (const KindCase& c : cases) {
    StatementInfo s = One(c.sql);
    EXPECT_EQ(StatementKindName(s.kind), StatementKindName(c.kind)) << c.sql;
    EXPECT_EQ(s.read_only, c.read_only) << c.sql;
  }
}

TEST(AnalyzerTest, KindNamesAndDdl) {
  EXPECT_EQ(StatementKindName(StatementKind::kCreateTable), "create_table");
  EXPECT_EQ(StatementKindName(StatementKind::kOther), "other");
  EXPECT_TRUE(IsDdl(StatementKind::kCreateTable));
  EXPECT_TRUE(IsDdl(StatementKind::kTruncate));
  EXPECT_TRUE(IsDdl(StatementKind::kDropDatabase));
  EXPECT_FALSE(IsDdl(StatementKind::kInsert));
  EXPECT_FALSE(IsDdl(StatementKind::kSelect));
  EXPECT_FALSE(IsDdl(StatementKind::kBegin));
}

struct TableCase {
  const char* sql;
  const char* read;
  const char* written;
};

TEST(AnalyzerTest, Tables) {
  const TableCase cases[] = {
      {"SELECT * FROM t", "t", ""},
      {"SELECT * FROM `my db`.`we``ird`", "my db.we`ird", ""},
      {"SELECT * FROM db.t, u", "db.t,u", ""},
      {"SELECT * FROM a, b, a", "a,b", ""},
      // Aliases are not tables.
      {"SELECT u.id FROM users u JOIN orders AS o ON u.id = o.uid", "users,orders", ""},
      {"SELECT * FROM users u, orders o WHERE u.id = o.uid", "users,orders", ""},
      {"SELECT * FROM a LEFT OUTER JOIN b USING (id) NATURAL JOIN c CROSS JOIN d STRAIGHT_JOIN e",
       "a,b,c,d,e", ""},
      {"SELECT * FROM a INNER JOIN b ON a.x = LEFT(b.y, 2) RIGHT JOIN c ON 1", "a,b,c", ""},
      {"SELECT * FROM (a JOIN b ON a.id = b.id) JOIN c ON c.id = a.id", "a,b,c", ""},
      {"SELECT * FROM t USE INDEX (i) JOIN u FORCE INDEX FOR JOIN (j) ON 1", "t,u", ""},
      {"SELECT * FROM t PARTITION (p0) AS x", "t", ""},
      // Subqueries anywhere; derived tables and CTE names are not tables.
      {"SELECT * FROM t WHERE id IN (SELECT tid FROM s WHERE x = (SELECT MAX(x) FROM r))", "t,s,r",
       ""},
      {"SELECT (SELECT COUNT(*) FROM s) AS n FROM t", "s,t", ""},
      {"SELECT * FROM (SELECT * FROM s) AS d JOIN t ON d.id = t.id", "s,t", ""},
      {"SELECT * FROM (SELECT * FROM s) d", "s", ""},
      {"WITH c AS (SELECT * FROM base) SELECT * FROM c JOIN t ON 1", "base,t", ""},
      {"WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c) SELECT * FROM c", "", ""},
      {"WITH a AS (SELECT 1), b AS (SELECT * FROM a, other) SELECT * FROM b", "other", ""},
      {"SELECT * FROM t WHERE EXISTS (SELECT 1 FROM s)", "t,s", ""},
      {"SELECT a FROM t1 UNION SELECT a FROM t2", "t1,t2", ""},
      {"SELECT * FROM t UNION TABLE u", "t,u", ""},
      {"TABLE db.t", "db.t", ""},
      {"SELECT 1 FROM DUAL", "", ""},
      {"SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (a INT PATH '$')) AS j", "", ""},
      // FROM inside a function call names no table.
      {"SELECT EXTRACT(YEAR FROM d), TRIM(LEADING 'x' FROM s), SUBSTRING(s FROM 2) FROM t", "t",
       ""},
      {"SELECT * FROM t WINDOW w AS (PARTITION BY a)", "t", ""},
      {"SELECT * FROM t LIMIT 1", "t", ""},
      // INSERT / REPLACE.
      {"INSERT INTO t (a) VALUES (1)", "", "t"},
      {"INSERT INTO db.t VALUES (1)", "", "db.t"},
      {"INSERT INTO t SELECT * FROM s JOIN u ON 1", "s,u", "t"},
      {"INSERT INTO t (a) SELECT a FROM s", "s", "t"},
      {"INSERT INTO t (SELECT * FROM s)", "s", "t"},
      {"INSERT INTO t TABLE s", "s", "t"},
      {"INSERT INTO t VALUES ((SELECT MAX(a) FROM s))", "s", "t"},
      {"REPLACE INTO t SELECT * FROM s", "s", "t"},
      {"INSERT INTO t WITH c AS (SELECT * FROM s) SELECT * FROM c", "s", "t"},
      // UPDATE / DELETE.
      {"UPDATE t SET a = 1", "", "t"},
      {"UPDATE LOW_PRIORITY IGNORE db.t AS x SET x.a = 1", "", "db.t"},
      {"UPDATE t1 JOIN t2 ON t1.id = t2.id SET t1.a = t2.b", "", "t1,t2"},
      {"UPDATE t1, t2 SET t1.a = 1", "", "t1,t2"},
      {"UPDATE t SET a = (SELECT MAX(b) FROM s)", "s", "t"},
      {"DELETE FROM t WHERE id = 1", "", "t"},
      {"DELETE FROM t AS x WHERE x.id = 1", "", "t"},
      {"DELETE LOW_PRIORITY QUICK IGNORE FROM t", "", "t"},
      {"DELETE FROM t WHERE id IN (SELECT id FROM s)", "s", "t"},
      {"DELETE t1, t2 FROM t1 JOIN t2 ON t1.id = t2.id JOIN t3 ON t3.id = t1.id", "t3", "t1,t2"},
      {"DELETE a FROM users a JOIN orders b ON a.id = b.uid", "orders", "users"},
      {"DELETE a.* FROM users a JOIN orders b ON 1", "orders", "users"},
      {"DELETE FROM t1, t2 USING t1 JOIN t2 JOIN t3", "t3", "t1,t2"},
      // DDL.
      {"CREATE TABLE t (a INT)", "", "t"},
      {"CREATE TABLE IF NOT EXISTS db.t (a INT, b INT AS (EXTRACT(YEAR FROM c)))", "", "db.t"},
      {"CREATE TEMPORARY TABLE t LIKE s", "s", "t"},
      {"CREATE TABLE t (LIKE s)", "s", "t"},
      {"CREATE TABLE t AS SELECT * FROM s", "s", "t"},
      {"ALTER TABLE t ADD COLUMN a INT", "", "t"},
      {"ALTER TABLE t RENAME TO u", "", "t,u"},
      {"ALTER TABLE t RENAME COLUMN a TO b", "", "t"},
      {"DROP TABLE a, db.b", "", "a,db.b"},
      {"DROP TABLE IF EXISTS a CASCADE", "", "a"},
      {"RENAME TABLE a TO b, c TO d", "", "a,b,c,d"},
      {"TRUNCATE TABLE db.t", "", "db.t"},
      {"CREATE INDEX i USING BTREE ON t (a, b(10))", "", "t"},
      {"DROP INDEX i ON db.t", "", "db.t"},
      {"CREATE VIEW v (x) AS SELECT a FROM s JOIN u ON 1", "s,u", "v"},
      {"CREATE OR REPLACE VIEW db.v AS SELECT * FROM s", "s", "db.v"},
      {"DROP VIEW a, b", "", "a,b"},
      {"CREATE TRIGGER tr AFTER UPDATE ON t FOR EACH ROW SET @x = 1", "", "t"},
      {"CREATE DATABASE d", "", ""},
      // Reads of the inspection statements.
      {"DESCRIBE t", "t", ""},
      {"DESC db.t", "db.t", ""},
      {"EXPLAIN t", "t", ""},
      {"EXPLAIN SELECT * FROM t JOIN u ON 1", "t,u", ""},
      {"SHOW COLUMNS FROM t", "t", ""},
      {"SHOW FULL COLUMNS IN t FROM db", "db.t", ""},
      {"SHOW INDEX FROM db.t", "db.t", ""},
      {"SHOW KEYS IN t", "t", ""},
      {"SHOW CREATE TABLE t", "t", ""},
      {"SHOW TABLES FROM db", "", ""},
      {"SHOW TABLE STATUS", "", ""},
      // Hints in odd places do not disturb anything.
      {"SELECT /*+ strong */ * FROM /*+ cached */ t", "t", ""},
  };
  for (const TableCase& c : cases) {
    StatementInfo s = One(c.sql);
    EXPECT_EQ(Tables(s.tables_read), c.read) << c.sql;
    EXPECT_EQ(Tables(s.tables_written), c.written) << c.sql;
  }
}

struct EqualityCase {
  const char* sql;
  const char* equalities;
};

TEST(AnalyzerTest, Equalities) {
  const EqualityCase cases[] = {
      {"SELECT * FROM t WHERE id = 1", "id=1"},
      {"SELECT * FROM t WHERE 1 = id", "id=1"},
      {"SELECT * FROM t WHERE t.id = 'x' AND `name` = \"it's\"", "t.id='x' & name='it's'"},
      {"SELECT * FROM t WHERE db.t.id = -5", "t.id=-5"},
      {"SELECT * FROM t WHERE a = 1.5e3 AND b = NULL AND c = TRUE AND d = false",
       "a=1.5e3 & b=NULL & c=b1 & d=b0"},
      {"SELECT * FROM t WHERE id = ?", "id=?0"},
      {"SELECT * FROM t WHERE a = ? && b = ?", "a=?0 & b=?1"},
      {"SELECT * FROM t WHERE id IN (1, 'two', -3, NULL, ?)", "id IN 1,'two',-3,NULL,?0"},
      {"SELECT * FROM t WHERE id IN (1)", "id IN 1"},
      // Traps: OR/XOR/|| anywhere at the top drops every equality.
      {"SELECT * FROM t WHERE a = 1 OR b = 2", ""},
      {"SELECT * FROM t WHERE a = 1 AND b = 2 OR c = 3", ""},
      {"SELECT * FROM t WHERE a = 1 XOR b = 2", ""},
      {"SELECT * FROM t WHERE a = 1 || b = 2", ""},
      // NOT negates only its own conjunct.
      {"SELECT * FROM t WHERE NOT a = 1 AND b = 2", "b=2"},
      {"SELECT * FROM t WHERE a NOT IN (1, 2) AND b = 2", "b=2"},
      {"SELECT * FROM t WHERE !a = 1", ""},
      // Parenthesised AND-chains flatten; groups with OR are skipped.
      {"SELECT * FROM t WHERE (a = 1 AND (b = 2)) AND c = 3", "a=1 & b=2 & c=3"},
      {"SELECT * FROM t WHERE (a = 1 OR b = 2) AND c = 3", "c=3"},
      // Not equalities routing can use.
      {"SELECT * FROM t WHERE a = b", ""},
      {"SELECT * FROM t WHERE a = f(1)", ""},
      {"SELECT * FROM t WHERE a = 1 + 1", ""},
      {"SELECT * FROM t WHERE a <=> 1", ""},
      {"SELECT * FROM t WHERE a >= 1 AND a <> 2 AND a != 3 AND a LIKE 'x'", ""},
      {"SELECT * FROM t WHERE a IN (SELECT b FROM s)", ""},
      {"SELECT * FROM t WHERE a IN (1, b)", ""},
      {"SELECT * FROM t WHERE a = X'01'", ""},
      {"SELECT * FROM t WHERE CURRENT_DATE = '2024-01-01'", ""},
      {"SELECT * FROM t WHERE a = 1 = 1", ""},
      // BETWEEN's AND is not a conjunction; CASE's inner AND/OR are hidden.
      {"SELECT * FROM t WHERE a BETWEEN 1 AND 5 AND id = 7", "id=7"},
      {"SELECT * FROM t WHERE a BETWEEN 1 AND b = 3", ""},
      {"SELECT * FROM t WHERE CASE WHEN x = 1 OR y = 2 THEN 1 END AND id = 4", "id=4"},
      // Only the outermost WHERE, and it stops at the next clause.
      {"SELECT * FROM t WHERE id IN (SELECT x FROM s WHERE y = 1)", ""},
      {"SELECT * FROM (SELECT * FROM s WHERE y = 1) d WHERE z = 2", "z=2"},
      {"SELECT * FROM t WHERE a = 1 GROUP BY b HAVING c = 2", "a=1"},
      {"SELECT * FROM t WHERE a = 1 ORDER BY b LIMIT 1", "a=1"},
      {"SELECT * FROM t WHERE a = 1 LIMIT 1", "a=1"},
      {"SELECT * FROM t WHERE a = 1 FOR UPDATE", "a=1"},
      {"SELECT * FROM t WHERE a = 1 LOCK IN SHARE MODE", "a=1"},
      {"SELECT * FROM t WHERE a = 1 WINDOW w AS (ORDER BY b)", "a=1"},
      {"WITH c AS (SELECT * FROM s WHERE q = 1) SELECT * FROM c WHERE r = 2", "r=2"},
      {"(SELECT * FROM t WHERE id = 3)", "id=3"},
      // Each UNION branch has its own WHERE: no fact holds for all rows.
      {"SELECT * FROM t WHERE a = 1 UNION SELECT * FROM u WHERE a = 2", ""},
      {"(SELECT * FROM t WHERE a = 1 UNION SELECT * FROM u)", ""},
      {"SELECT * FROM t JOIN u ON t.a = 1 WHERE u.b = 2", "u.b=2"},
      {"SELECT * FROM t", ""},
      // UPDATE and DELETE.
      {"UPDATE t SET a = 1, b = (SELECT 1 FROM s WHERE z = 9) WHERE id = ? AND k IN (1, 2)",
       "id=?0 & k IN 1,2"},
      {"UPDATE t SET a = ? WHERE id = ?", "id=?1"},
      {"UPDATE t SET a = 1 WHERE id = 1 OR id = 2", ""},
      {"DELETE FROM t WHERE tenant = 'acme' ORDER BY id LIMIT 10", "tenant='acme'"},
      {"DELETE a FROM a JOIN b ON a.id = b.id WHERE b.k = 1", "b.k=1"},
      {"EXPLAIN SELECT * FROM t WHERE id = 1", "id=1"},
      // Not for other kinds.
      {"INSERT INTO t SELECT * FROM s WHERE a = 1", ""},
  };
  for (const EqualityCase& c : cases) {
    StatementInfo s = One(c.sql);
    EXPECT_EQ(Equalities(s.equalities), c.equalities) << c.sql;
  }
}

struct InsertCase {
  const char* sql;
  const char* rows;  // "cols:(row)(row)"
};

TEST(AnalyzerTest, InsertRows) {
  const InsertCase cases[] = {
      {"INSERT INTO t (a, b) VALUES (1, 'x')", "a,b:(1,'x')"},
      {"INSERT INTO t (`a`, t.b) VALUE (1, 2)", "a,b:(1,2)"},
      {"INSERT INTO t VALUES (1, -2.5, NULL, TRUE, FALSE, 'it''s')", ":(1,-2.5,NULL,b1,b0,'it's')"},
      {"INSERT INTO t (a) VALUES (?), (?), (NOW())", "a:(?0)(?1)({NOW()})"},
      {"INSERT INTO t (a, b) VALUES (a + 1, DEFAULT)", "a,b:({a + 1},{DEFAULT})"},
      {"INSERT INTO t (a, b) VALUES ((1), f(2, 3))", "a,b:({(1)},{f(2, 3)})"},
      {"INSERT INTO t VALUES ()", ":()"},
      {"INSERT INTO t VALUES ROW(1, 2), ROW(3, 4)", ":(1,2)(3,4)"},
      {"INSERT INTO t (a) VALUES (N'x'), (X'0A')", "a:('x')({X'0A'})"},
      {"INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b), a = 3",
       "a,b:(1,2)"},
      {"INSERT INTO t (a) VALUES (1) AS new ON DUPLICATE KEY UPDATE a = new.a + (4)", "a:(1)"},
      {"INSERT INTO t SET a = 1, b = ?", "a,b:(1,?0)"},
      {"INSERT INTO t SET a = 1, t.b = 'x' ON DUPLICATE KEY UPDATE a = 2", "a,b:(1,'x')"},
      {"INSERT INTO t SET a = (SELECT 1), b = 2", "a,b:({(SELECT 1)},2)"},
      {"INSERT INTO t (a) SELECT a FROM s", "a:"},
      {"INSERT INTO t SELECT * FROM s WHERE x IN (1, 2)", ":"},
      {"REPLACE INTO t (id, v) VALUES (?, ?)", "id,v:(?0,?1)"},
      {"INSERT IGNORE INTO t PARTITION (p1) (a) VALUES (5)", "a:(5)"},
  };
  for (const InsertCase& c : cases) {
    StatementInfo s = One(c.sql);
    EXPECT_EQ(Rows(s), c.rows) << c.sql;
  }
}

TEST(AnalyzerTest, ParamsAreNumberedAcrossStatements) {
  Result<Analysis> r =
      Analyze("SELECT ? ; INSERT INTO t VALUES (?, ?); SELECT 1; UPDATE t SET a = ? WHERE id = ?");
  ASSERT_TRUE(r.ok());
  const Analysis& a = r.value();
  ASSERT_EQ(a.statements.size(), 4u);
  EXPECT_EQ(a.param_count, 5);
  EXPECT_EQ(a.statements[0].first_param, 0);
  EXPECT_EQ(a.statements[0].param_count, 1);
  EXPECT_EQ(a.statements[1].first_param, 1);
  EXPECT_EQ(a.statements[1].param_count, 2);
  EXPECT_EQ(Rows(a.statements[1]), ":(?1,?2)");
  EXPECT_EQ(a.statements[2].first_param, 3);
  EXPECT_EQ(a.statements[2].param_count, 0);
  EXPECT_EQ(a.statements[3].first_param, 3);
  EXPECT_EQ(Equalities(a.statements[3].equalities), "id=?4");
}

TEST(AnalyzerTest, StatementRangesAndSplitting) {
  std::string sql = "SELECT 1;  UPDATE t SET a = ';' ;";
  Result<Analysis> r = Analyze(sql);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().statements.size(), 2u);
  const StatementInfo& a = r.value().statements[0];
  const StatementInfo& b = r.value().statements[1];
  EXPECT_EQ(sql.substr(a.begin, a.end - a.begin), "SELECT 1");
  EXPECT_EQ(sql.substr(b.begin, b.end - b.begin), "UPDATE t SET a = ';'");
  EXPECT_TRUE(Analyze("SELECT 1;").ok());
  EXPECT_TRUE(Analyze("SELECT 1; ;").ok());
  EXPECT_TRUE(Analyze("SELECT 1 -- c\n; /* c */").ok());
}

TEST(AnalyzerTest, HintsAndWarnings) {
  Result<Analysis> r = Analyze(
      "SELECT /*+ strong shard:tenant=acme nope */ 1; SELECT /*+ bounded=50 */ 2; SELECT 3");
  ASSERT_TRUE(r.ok());
  const Analysis& a = r.value();
  ASSERT_EQ(a.statements.size(), 3u);
  EXPECT_EQ(a.statements[0].hints.consistency, Consistency::kStrong);
  ASSERT_EQ(a.statements[0].hints.shard.size(), 1u);
  EXPECT_EQ(a.statements[0].hints.shard[0].value, "acme");
  EXPECT_EQ(a.statements[1].hints.consistency, Consistency::kBounded);
  EXPECT_EQ(a.statements[1].hints.bounded_ms, 50);
  EXPECT_TRUE(a.statements[2].hints.Empty());
  ASSERT_EQ(a.warnings.size(), 1u);
  EXPECT_EQ(a.warnings[0].code, 1064);
  EXPECT_NE(a.warnings[0].message.find("nope"), std::string::npos);
  // A hint before the statement keyword applies too.
  EXPECT_EQ(One("/*+ cached */ SELECT 1").hints.consistency, Consistency::kCached);
}

TEST(AnalyzerTest, EmptyQueries) {
  for (const char* sql :
       {"", "   ", "-- only a comment", "/* c */", "#x\n", ";", " ; ; ", "/*!99999 SELECT 1 */"}) {
    Result<Analysis> r = Analyze(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_EQ(r.error().code(), ErrorCode::kEmptyQuery) << sql;
    EXPECT_EQ(r.error().message(), "Query was empty");
  }
}

struct ErrorCase {
  const char* sql;
  int64_t offset;
};

TEST(AnalyzerTest, SyntaxErrorsWithOffsets) {
  const ErrorCase cases[] = {
      {"SELEC 1", 0},
      {"  FOO BAR", 2},
      {"SELECT 1; SELEC 2", 10},
      {"42", 0},
      {"'x'", 0},
      {"SELECT (1", 9},
      {"SELECT (1; SELECT 2", 9},
      {"SELECT 1)", 8},
      {"SELECT ((1) + (2)))", 18},
      {"SELECT 1;; SELECT 2", 9},
      {"; SELECT 1", 0},
      {"(1)", 1},
      {"WITH c AS (SELECT 1) 5", 21},
      {"EXPLAIN", 7},
      {"CREATE", 6},
      {"DROP", 4},
      {"SELECT 'unterminated", 7},
  };
  for (const ErrorCase& c : cases) {
    Error e = Fails(c.sql);
    EXPECT_EQ(e.code(), ErrorCode::kParse) << c.sql;
    EXPECT_EQ(e.offset(), c.offset) << c.sql;
  }
}

TEST(AnalyzerTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = "SELECT " + std::string(100000, '(') + "1" + std::string(100000, ')');
  Error e = Fails(deep);
  EXPECT_EQ(e.code(), ErrorCode::kParse);
  EXPECT_EQ(e.offset(), 7 + 200);
  std::string ok = "SELECT " + std::string(150, '(') + "1" + std::string(150, ')');
  EXPECT_TRUE(Analyze(ok).ok());
  std::string where =
      "SELECT * FROM t WHERE " + std::string(150, '(') + "a = 1" + std::string(150, ')');
  EXPECT_TRUE(Analyze(where).ok());
}

TEST(AnalyzerTest, RandomTokenSoupNeverCrashes) {
  const char* words[] = {"SELECT",    "FROM",
                         "WHERE",     "AND",
                         "OR",        "IN",
                         "(",         ")",
                         ",",         ";",
                         "=",         "?",
                         "t",         "u",
                         ".",         "JOIN",
                         "ON",        "USING",
                         "INSERT",    "INTO",
                         "VALUES",    "SET",
                         "UPDATE",    "DELETE",
                         "WITH",      "AS",
                         "1",         "'s'",
                         "NULL",      "BETWEEN",
                         "CASE",      "END",
                         "UNION",     "TABLE",
                         "CREATE",    "DROP",
                         "EXPLAIN",   "/*+ strong */",
                         "ROW",       "LEFT",
                         "DUPLICATE", "KEY",
                         "-",         "*",
                         "LIKE",      "IF",
                         "NOT",       "EXISTS"};
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string sql;
    size_t n = rng() % 24;
    for (size_t k = 0; k < n; ++k) {
      sql += words[rng() % std::size(words)];
      sql += ' ';
    }
    Result<Analysis> r = Analyze(sql);
    if (r.ok()) {
      for (const StatementInfo& s : r.value().statements) {
        EXPECT_LE(s.begin, s.end);
        EXPECT_LE(s.end, sql.size());
        for (const Equality& e : s.equalities) EXPECT_FALSE(e.values.empty()) << sql;
      }
    } else {
      EXPECT_LE(r.error().offset(), static_cast<int64_t>(sql.size())) << sql;
    }
  }
}

}  // namespace
}  // namespace edgesql::sql

namespace edgesql::sql {
namespace {

std::string Aliases(const StatementInfo& s) {
  std::string out;
  for (const TableAlias& a : s.aliases) {
    if (!out.empty()) out += " ";
    out += a.alias + "=" + a.table.name;
  }
  return out;
}

// Routing reads o.tenant_id as orders' column through these.
TEST(AnalyzerTest, Aliases) {
  EXPECT_EQ(Aliases(One("SELECT * FROM orders o JOIN order_items AS i ON i.order_id = o.id")),
            "o=orders i=order_items");
  EXPECT_EQ(Aliases(One("SELECT * FROM orders WHERE id IN (SELECT order_id FROM items x)")),
            "x=items");
  EXPECT_EQ(Aliases(One("UPDATE orders o SET o.total = 1 WHERE o.id = 2")), "o=orders");
  EXPECT_EQ(Aliases(One("DELETE o FROM orders o WHERE o.id = 2")), "o=orders");
  // One alias for two tables is ambiguous: dropped, even if seen a third time.
  EXPECT_EQ(Aliases(One("SELECT * FROM a t WHERE x IN (SELECT y FROM b t) AND z IN "
                        "(SELECT y FROM a t)")),
            "");
  EXPECT_EQ(Aliases(One("SELECT * FROM a t WHERE x IN (SELECT y FROM a t)")), "t=a");
  EXPECT_EQ(Aliases(One("SELECT * FROM orders")), "");
}

}  // namespace
}  // namespace edgesql::sql
