// Parser: table-driven round trips (MySQL text -> AST -> canonical text,
// exact string expected), grouped by grammar area. Every case also checks
// that the printed text parses again to the same text (a fixed point), so
// the printer never writes something the parser reads differently.
// Structural checks (node kinds, fields, offsets) follow the tables.
#include "sql/parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/ast_printer.h"
#include "sql/lexer.h"

namespace edgesql::sql {
namespace {

struct Case {
  std::string_view sql;
  std::string_view printed;
};

// Parses and prints `sql`; "ERROR <errno>: message" on failure.
std::string RoundTrip(std::string_view sql) {
  Result<ParsedStatement> r = ParseStatement(sql);
  if (!r.ok()) return "ERROR " + std::to_string(r.error().errnum()) + ": " + r.error().message();
  std::string printed = PrintStatement(r.value().root());
  Result<ParsedStatement> again = ParseStatement(printed);
  EXPECT_TRUE(again.ok()) << "printed text does not parse: " << printed << "\n  "
                          << (again.ok() ? "" : again.error().message());
  if (again.ok()) {
    EXPECT_EQ(PrintStatement(again.value().root()), printed) << "not a fixed point: " << sql;
  }
  return printed;
}

// Round trip of one expression, through SELECT <expr>.
std::string ExprRoundTrip(std::string_view expr) {
  std::string out = RoundTrip("SELECT " + std::string(expr));
  if (out.rfind("SELECT ", 0) == 0) out.erase(0, 7);
  return out;
}

void CheckExprs(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(ExprRoundTrip(c.sql), c.printed) << c.sql;
}

void CheckStatements(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(RoundTrip(c.sql), c.printed) << c.sql;
}

Error ParseError(std::string_view sql) {
  Result<ParsedStatement> r = ParseStatement(sql);
  EXPECT_FALSE(r.ok()) << sql;
  return r.ok() ? Error(ErrorCode::kUnknown, "") : r.error();
}

TEST(ParserTest, Precedence) {
  CheckExprs({
      {"a OR b AND c", "a OR (b AND c)"},
      {"a AND b OR c", "(a AND b) OR c"},
      {"a OR b XOR c", "a OR (b XOR c)"},
      {"a XOR b AND c", "a XOR (b AND c)"},
      {"NOT a = b", "NOT (a = b)"},
      {"NOT a AND b", "(NOT a) AND b"},
      {"!a = b", "(NOT a) = b"},
      {"!a", "NOT a"},
      {"NOT NOT a", "NOT NOT a"},
      {"a - b - c", "a - b - c"},
      {"a - (b - c)", "a - (b - c)"},
      {"a + b * c", "a + (b * c)"},
      {"(a + b) * c", "(a + b) * c"},
      {"-a * b", "-a * b"},
      {"-(a * b)", "-(a * b)"},
      {"- -a", "- -a"},
      {"-!a", "-(NOT a)"},
      {"!!a = b", "(NOT NOT a) = b"},
      {"a * - ~b", "a * - ~b"},
      {"-a ^ b", "-a ^ b"},
      {"a * b ^ c", "a * (b ^ c)"},
      {"~a & b", "~a & b"},
      {"a = b = c", "a = b = c"},
      {"a < b <> c", "a < b <> c"},
      {"a != b", "a <> b"},
      {"a <=> NULL", "a <=> NULL"},
      {"x BETWEEN 1 AND 2 AND y", "(x BETWEEN 1 AND 2) AND y"},
      {"x NOT BETWEEN a + 1 AND b * 2", "x NOT BETWEEN (a + 1) AND (b * 2)"},
      {"a || b", "a OR b"},
      {"a && b || c", "(a AND b) OR c"},
      {"a DIV b MOD c", "a DIV b % c"},
      {"a / b % c", "a / b % c"},
      {"a | b & c", "a | (b & c)"},
      {"a << 2 + 1", "a << (2 + 1)"},
      {"a & b | c", "(a & b) | c"},
      {"d + INTERVAL 1 DAY", "d + INTERVAL 1 DAY"},
      {"d - INTERVAL 2 HOUR + INTERVAL 1 MINUTE", "d - INTERVAL 2 HOUR + INTERVAL 1 MINUTE"},
      {"INTERVAL 1 DAY + d", "INTERVAL 1 DAY + d"},
      {"d + INTERVAL n * 7 DAY", "d + INTERVAL (n * 7) DAY"},
      {"d + INTERVAL '1:30' HOUR_MINUTE", "d + INTERVAL '1:30' HOUR_MINUTE"},
      {"a = b IS NULL", "a = b IS NULL"},
      {"a = (b IS NULL)", "a = (b IS NULL)"},
      {"a - (b - c) - d", "a - (b - c) - d"},
      {"a * b + c * d + e", "(a * b) + (c * d) + e"},
      {"a IS NOT NULL AND b IS TRUE", "(a IS NOT NULL) AND (b IS TRUE)"},
      {"a IS NOT UNKNOWN", "a IS NOT UNKNOWN"},
      {"NOT a IS FALSE", "NOT (a IS FALSE)"},
      {"a IN (1, 2) = TRUE", "(a IN (1, 2)) = TRUE"},
      {"a LIKE 'x%' AND b NOT LIKE 'y' ESCAPE '!'",
       "(a LIKE 'x%') AND (b NOT LIKE 'y' ESCAPE '!')"},
      {"a REGEXP '^x' OR a RLIKE 'y' OR a NOT REGEXP 'z'",
       "(a REGEXP '^x') OR (a REGEXP 'y') OR (a NOT REGEXP 'z')"},
      {"a = b COLLATE utf8mb4_bin", "a = (b COLLATE utf8mb4_bin)"},
      {"-a COLLATE latin1_bin", "-(a COLLATE latin1_bin)"},
      {"BINARY a = b", "BINARY a = b"},
      {"a SOUNDS LIKE b", "a SOUNDS LIKE b"},
      {"@x := 1 + 2", "@x := 1 + 2"},
      {"a + (@x := 1)", "a + (@x := 1)"},
      {"1 - -1", "1 - -1"},
      {"a XOR b XOR c", "a XOR b XOR c"},
      {"a > ALL (SELECT b FROM t)", "a > ALL (SELECT b FROM t)"},
      {"a = ANY (SELECT b FROM t) OR a = SOME (SELECT c FROM u)",
       "(a = ANY (SELECT b FROM t)) OR (a = ANY (SELECT c FROM u))"},
      {"3 MEMBER OF ('[1, 3]')", "3 MEMBER OF ('[1, 3]')"},
  });
}

TEST(ParserTest, Literals) {
  CheckExprs({
      {"42", "42"},
      {"4.5e-3", "4.5e-3"},
      {".5", ".5"},
      {"'it''s'", "'it\\'s'"},
      {"\"dq\"", "'dq'"},
      {"'a' 'b' 'c'", "'abc'"},
      {"'back\\\\slash\\n'", "'back\\\\slash\\n'"},
      {"'100\\%'", "'100\\\\%'"},
      {"_utf8mb4'x'", "_utf8mb4'x'"},
      {"_latin1 'x' COLLATE latin1_bin", "_latin1'x' COLLATE latin1_bin"},
      {"N'nat'", "N'nat'"},
      {"X'1F'", "X'1F'"},
      {"0x1f", "0x1f"},
      {"b'101'", "b'101'"},
      {"0b11", "0b11"},
      {"NULL", "NULL"},
      {"TRUE", "TRUE"},
      {"false", "FALSE"},
      {"DATE '2024-01-02'", "DATE '2024-01-02'"},
      {"TIME '10:00'", "TIME '10:00'"},
      {"TIMESTAMP '2024-01-02 03:04:05'", "TIMESTAMP '2024-01-02 03:04:05'"},
      {"?", "?"},
  });
}

TEST(ParserTest, NamesAndVariables) {
  CheckExprs({
      {"a", "a"},
      {"t.a", "t.a"},
      {"db.t.a", "db.t.a"},
      {"`my col`", "`my col`"},
      {"`a``b`", "`a``b`"},
      {"`select`.`from`", "`select`.`from`"},
      {"t.select", "t.`select`"},
      {"`date`", "`date`"},
      {"date", "`date`"},
      {"status + 1", "`status` + 1"},
      {"_x", "`_x`"},
      {"@v", "@v"},
      {"@`v w`", "@`v w`"},
      {"@@sql_mode", "@@sql_mode"},
      {"@@session.time_zone", "@@session.time_zone"},
      {"doc->'$.a'", "doc -> '$.a'"},
      {"t.doc->>'$.a' = 'x'", "(t.doc ->> '$.a') = 'x'"},
  });
}

TEST(ParserTest, FunctionCalls) {
  CheckExprs({
      {"now()", "NOW()"},
      {"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP"},
      {"CURRENT_TIMESTAMP(3)", "CURRENT_TIMESTAMP(3)"},
      {"utc_timestamp", "UTC_TIMESTAMP"},
      {"concat(a, 'x', 1)", "CONCAT(a, 'x', 1)"},
      {"COUNT(*)", "COUNT(*)"},
      {"count(DISTINCT a, b)", "COUNT(DISTINCT a, b)"},
      {"SUM(ALL x)", "SUM(x)"},
      {"IF(a > 1, 'y', 'n')", "IF(a > 1, 'y', 'n')"},
      {"LEFT(s, 2)", "LEFT(s, 2)"},
      {"replace(s, 'a', 'b')", "REPLACE(s, 'a', 'b')"},
      {"MOD(a, 3)", "MOD(a, 3)"},
      {"DATABASE()", "DATABASE()"},
      {"DATE(d)", "DATE(d)"},
      {"db.myfunc(1)", "db.myfunc(1)"},
      {"GROUP_CONCAT(name)", "GROUP_CONCAT(name)"},
      {"GROUP_CONCAT(DISTINCT a, b ORDER BY a DESC, b SEPARATOR '; ')",
       "GROUP_CONCAT(DISTINCT a, b ORDER BY a DESC, b SEPARATOR '; ')"},
      {"CAST(a AS SIGNED)", "CAST(a AS SIGNED)"},
      {"CAST(a AS SIGNED INTEGER)", "CAST(a AS SIGNED)"},
      {"CAST(a AS UNSIGNED)", "CAST(a AS UNSIGNED)"},
      {"CAST(a AS UNSIGNED INTEGER)", "CAST(a AS UNSIGNED)"},
      {"CAST(a AS CHAR)", "CAST(a AS CHAR)"},
      {"CAST(a AS CHAR(10))", "CAST(a AS CHAR(10))"},
      {"CAST(a AS CHAR CHARACTER SET utf8mb4)", "CAST(a AS CHAR CHARACTER SET utf8mb4)"},
      {"CAST(a AS DECIMAL(10,2))", "CAST(a AS DECIMAL(10, 2))"},
      {"CAST(a AS DECIMAL)", "CAST(a AS DECIMAL)"},
      {"CAST(a AS DATE)", "CAST(a AS DATE)"},
      {"CAST(a AS DATETIME(6))", "CAST(a AS DATETIME(6))"},
      {"CAST(a AS TIME)", "CAST(a AS TIME)"},
      {"CAST(a AS JSON)", "CAST(a AS JSON)"},
      {"CAST(a AS BINARY)", "CAST(a AS BINARY)"},
      {"CAST(a AS BINARY(4))", "CAST(a AS BINARY(4))"},
      {"CAST(a AS DOUBLE)", "CAST(a AS DOUBLE)"},
      {"CAST(j->'$.ids' AS UNSIGNED ARRAY)", "CAST(j -> '$.ids' AS UNSIGNED ARRAY)"},
      {"CONVERT(a, SIGNED)", "CONVERT(a, SIGNED)"},
      {"CONVERT(a USING utf8mb4)", "CONVERT(a USING utf8mb4)"},
      {"EXTRACT(YEAR FROM d)", "EXTRACT(YEAR FROM d)"},
      {"extract(day_hour from d)", "EXTRACT(DAY_HOUR FROM d)"},
      {"TRIM(s)", "TRIM(s)"},
      {"TRIM('x' FROM s)", "TRIM('x' FROM s)"},
      {"TRIM(LEADING 'x' FROM s)", "TRIM(LEADING 'x' FROM s)"},
      {"TRIM(TRAILING FROM s)", "TRIM(TRAILING FROM s)"},
      {"TRIM(BOTH ' ' FROM s)", "TRIM(BOTH ' ' FROM s)"},
      {"SUBSTRING(s, 2)", "SUBSTRING(s, 2)"},
      {"SUBSTRING(s, 2, 3)", "SUBSTRING(s, 2, 3)"},
      {"SUBSTRING(s FROM 2)", "SUBSTRING(s FROM 2)"},
      {"substr(s FROM 2 FOR 3)", "SUBSTR(s FROM 2 FOR 3)"},
      {"POSITION('a' IN s)", "POSITION('a' IN s)"},
      {"DATE_ADD(d, INTERVAL 1 DAY)", "DATE_ADD(d, INTERVAL 1 DAY)"},
      {"date_sub(now(), INTERVAL ? MINUTE)", "DATE_SUB(NOW(), INTERVAL ? MINUTE)"},
      {"ADDDATE(d, 5)", "ADDDATE(d, 5)"},
      {"TIMESTAMPDIFF(SECOND, a, b)", "TIMESTAMPDIFF(SECOND, a, b)"},
      {"TIMESTAMPADD(MONTH, 1, d)", "TIMESTAMPADD(MONTH, 1, d)"},
      {"CHAR(77, 121)", "CHAR(77, 121)"},
      {"CHAR(77, 121 USING utf8mb4)", "CHAR(77, 121 USING utf8mb4)"},
      {"MATCH(title, body) AGAINST('x')", "MATCH (title, body) AGAINST ('x')"},
      {"MATCH (title) AGAINST ('+x -y' IN BOOLEAN MODE)",
       "MATCH (title) AGAINST ('+x -y' IN BOOLEAN MODE)"},
      {"MATCH (t) AGAINST ('x' IN NATURAL LANGUAGE MODE WITH QUERY EXPANSION)",
       "MATCH (t) AGAINST ('x' IN NATURAL LANGUAGE MODE WITH QUERY EXPANSION)"},
      {"MATCH (t) AGAINST ('x' WITH QUERY EXPANSION)",
       "MATCH (t) AGAINST ('x' WITH QUERY EXPANSION)"},
      {"INTERVAL(5, 1, 10)", "INTERVAL(5, 1, 10)"},
      {"ROW(1, 2) = (a, b)", "ROW(1, 2) = (a, b)"},
      {"(a, b) IN ((1, 2), (3, 4))", "(a, b) IN ((1, 2), (3, 4))"},
  });
}

TEST(ParserTest, WindowFunctions) {
  CheckExprs({
      {"ROW_NUMBER() OVER ()", "ROW_NUMBER() OVER ()"},
      {"row_number() OVER w", "ROW_NUMBER() OVER w"},
      {"SUM(x) OVER (PARTITION BY a, b ORDER BY c DESC)",
       "SUM(x) OVER (PARTITION BY a, b ORDER BY c DESC)"},
      {"AVG(x) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)",
       "AVG(x) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"},
      {"SUM(x) OVER (w ROWS UNBOUNDED PRECEDING)", "SUM(x) OVER (w ROWS UNBOUNDED PRECEDING)"},
      {"SUM(x) OVER (ORDER BY d RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND UNBOUNDED FOLLOWING)",
       "SUM(x) OVER (ORDER BY d RANGE BETWEEN INTERVAL 1 DAY PRECEDING AND UNBOUNDED FOLLOWING)"},
      {"LAG(x, 1) OVER (ORDER BY d)", "LAG(x, 1) OVER (ORDER BY d)"},
      {"COUNT(*) OVER (PARTITION BY a)", "COUNT(*) OVER (PARTITION BY a)"},
  });
}

TEST(ParserTest, CaseExistsSubqueries) {
  CheckExprs({
      {"CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'y' ELSE 'z' END",
       "CASE WHEN a > 1 THEN 'x' WHEN a < 0 THEN 'y' ELSE 'z' END"},
      {"CASE a WHEN 1 THEN 'one' END", "CASE a WHEN 1 THEN 'one' END"},
      {"EXISTS (SELECT 1 FROM t WHERE t.a = b)", "EXISTS (SELECT 1 FROM t WHERE t.a = b)"},
      {"NOT EXISTS (SELECT 1)", "NOT EXISTS (SELECT 1)"},
      {"(SELECT MAX(a) FROM t) + 1", "(SELECT MAX(a) FROM t) + 1"},
      {"((SELECT 1)) + 1", "((SELECT 1)) + 1"},
      {"((SELECT 1) UNION (SELECT 2))", "((SELECT 1) UNION (SELECT 2))"},
      {"a IN (SELECT b FROM t)", "a IN (SELECT b FROM t)"},
      {"a NOT IN (1, 2, 3)", "a NOT IN (1, 2, 3)"},
      {"a IN ((SELECT 1), 2)", "a IN ((SELECT 1), 2)"},
      {"(a)", "a"},
      {"((a + b))", "a + b"},
  });
}

TEST(ParserTest, Select) {
  CheckStatements({
      {"SELECT 1", "SELECT 1"},
      {"select a, b AS x, c y, d 'z', e AS \"w\" from t",
       "SELECT a, b AS x, c AS y, d AS z, e AS w FROM t"},
      {"SELECT * FROM t", "SELECT * FROM t"},
      {"SELECT t.*, u.* FROM t, u", "SELECT t.*, u.* FROM t, u"},
      {"SELECT db.t.* FROM db.t", "SELECT db.t.* FROM db.t"},
      {"SELECT DISTINCT a FROM t", "SELECT DISTINCT a FROM t"},
      {"SELECT ALL a FROM t", "SELECT ALL a FROM t"},
      {"SELECT SQL_CALC_FOUND_ROWS HIGH_PRIORITY STRAIGHT_JOIN a FROM t",
       "SELECT HIGH_PRIORITY STRAIGHT_JOIN SQL_CALC_FOUND_ROWS a FROM t"},
      {"SELECT a FROM t WHERE a = 1 AND b <> 2", "SELECT a FROM t WHERE (a = 1) AND (b <> 2)"},
      {"SELECT 1 FROM DUAL", "SELECT 1 FROM DUAL"},
      {"SELECT a, COUNT(*) FROM t GROUP BY a WITH ROLLUP HAVING COUNT(*) > 1",
       "SELECT a, COUNT(*) FROM t GROUP BY a WITH ROLLUP HAVING COUNT(*) > 1"},
      {"SELECT a FROM t ORDER BY a ASC, b DESC, c", "SELECT a FROM t ORDER BY a ASC, b DESC, c"},
      {"SELECT a FROM t LIMIT 10", "SELECT a FROM t LIMIT 10"},
      {"SELECT a FROM t LIMIT 5, 10", "SELECT a FROM t LIMIT 10 OFFSET 5"},
      {"SELECT a FROM t LIMIT 10 OFFSET 5", "SELECT a FROM t LIMIT 10 OFFSET 5"},
      {"SELECT a FROM t LIMIT ?, ?", "SELECT a FROM t LIMIT ? OFFSET ?"},
      {"SELECT a FROM t FOR UPDATE", "SELECT a FROM t FOR UPDATE"},
      {"SELECT a FROM t FOR SHARE OF t NOWAIT", "SELECT a FROM t FOR SHARE OF t NOWAIT"},
      {"SELECT a FROM t FOR UPDATE SKIP LOCKED", "SELECT a FROM t FOR UPDATE SKIP LOCKED"},
      {"SELECT a FROM t LOCK IN SHARE MODE", "SELECT a FROM t LOCK IN SHARE MODE"},
      {"SELECT a INTO @x FROM t", "SELECT a INTO @x FROM t"},
      {"SELECT a, b FROM t LIMIT 1 INTO @x, @y", "SELECT a, b FROM t LIMIT 1 INTO @x, @y"},
      {"SELECT a FROM t WINDOW w AS (PARTITION BY b), v AS (w ORDER BY c)",
       "SELECT a FROM t WINDOW w AS (PARTITION BY b), v AS (w ORDER BY c)"},
      {"SELECT a FROM t AS x, u y", "SELECT a FROM t AS x, u AS y"},
      {"SELECT a FROM t USE INDEX (i1, i2) IGNORE KEY FOR ORDER BY (i3)",
       "SELECT a FROM t USE INDEX (i1, i2) IGNORE INDEX FOR ORDER BY (i3)"},
      {"SELECT a FROM t FORCE INDEX (PRIMARY)", "SELECT a FROM t FORCE INDEX (`PRIMARY`)"},
      {"SELECT a FROM t USE INDEX ()", "SELECT a FROM t USE INDEX ()"},
      {"SELECT 1;", "SELECT 1"},
      {"SELECT /*+ MAX_EXECUTION_TIME(10) */ a FROM t", "SELECT a FROM t"},
      {"SELECT `status`, comment, `date` FROM `order`",
       "SELECT `status`, `comment`, `date` FROM `order`"},
  });
}

TEST(ParserTest, Joins) {
  CheckStatements({
      {"SELECT * FROM a JOIN b ON a.id = b.id", "SELECT * FROM a JOIN b ON a.id = b.id"},
      {"SELECT * FROM a INNER JOIN b USING (id, k)", "SELECT * FROM a JOIN b USING (id, k)"},
      {"SELECT * FROM a CROSS JOIN b", "SELECT * FROM a CROSS JOIN b"},
      {"SELECT * FROM a JOIN b", "SELECT * FROM a JOIN b"},
      {"SELECT * FROM a LEFT OUTER JOIN b ON x RIGHT JOIN c ON y",
       "SELECT * FROM a LEFT JOIN b ON x RIGHT JOIN c ON y"},
      {"SELECT * FROM a NATURAL JOIN b NATURAL LEFT OUTER JOIN c NATURAL RIGHT JOIN d",
       "SELECT * FROM a NATURAL JOIN b NATURAL LEFT JOIN c NATURAL RIGHT JOIN d"},
      {"SELECT * FROM a STRAIGHT_JOIN b ON a.x = b.x",
       "SELECT * FROM a STRAIGHT_JOIN b ON a.x = b.x"},
      {"SELECT * FROM a LEFT JOIN b JOIN c ON b.x = c.x ON a.y = b.y",
       "SELECT * FROM a LEFT JOIN (b JOIN c ON b.x = c.x) ON a.y = b.y"},
      {"SELECT * FROM a LEFT JOIN (b, c) ON a.x = b.x",
       "SELECT * FROM a LEFT JOIN (b, c) ON a.x = b.x"},
      {"SELECT * FROM (a JOIN b ON a.x = b.x), c", "SELECT * FROM (a JOIN b ON a.x = b.x), c"},
      {"SELECT * FROM (SELECT 1 AS x) AS d", "SELECT * FROM (SELECT 1 AS x) AS d"},
      {"SELECT * FROM (SELECT 1, 2) d (x, y)", "SELECT * FROM (SELECT 1, 2) AS d (x, y)"},
      {"SELECT * FROM t, LATERAL (SELECT t.a) AS l", "SELECT * FROM t, LATERAL (SELECT t.a) AS l"},
      {"SELECT * FROM ((SELECT 1) UNION (SELECT 2)) AS u",
       "SELECT * FROM ((SELECT 1) UNION (SELECT 2)) AS u"},
      {"SELECT * FROM t1 AS a JOIN t2 b USE INDEX (ix) ON a.id = b.id",
       "SELECT * FROM t1 AS a JOIN t2 AS b USE INDEX (ix) ON a.id = b.id"},
  });
}

TEST(ParserTest, SetOperationsAndCtes) {
  CheckStatements({
      {"SELECT 1 UNION SELECT 2", "SELECT 1 UNION SELECT 2"},
      {"SELECT 1 UNION ALL SELECT 2 UNION DISTINCT SELECT 3",
       "SELECT 1 UNION ALL SELECT 2 UNION DISTINCT SELECT 3"},
      {"SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 3",
       "SELECT a FROM t UNION SELECT b FROM u ORDER BY 1 LIMIT 3"},
      {"(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u) ORDER BY 1",
       "(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u) ORDER BY 1"},
      {"SELECT 1 EXCEPT SELECT 2", "SELECT 1 EXCEPT SELECT 2"},
      {"SELECT 1 UNION SELECT 2 INTERSECT SELECT 3", "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3"},
      {"(SELECT 1 UNION SELECT 2) INTERSECT ALL SELECT 3",
       "(SELECT 1 UNION SELECT 2) INTERSECT ALL SELECT 3"},
      {"((SELECT 1))", "((SELECT 1))"},
      {"WITH c AS (SELECT 1 AS n) SELECT n FROM c", "WITH c AS (SELECT 1 AS n) SELECT n FROM c"},
      {"WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) "
       "SELECT * FROM c",
       "WITH RECURSIVE c (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 5) "
       "SELECT * FROM c"},
      {"WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b",
       "WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b"},
      {"VALUES ROW(1, 2), ROW(3, 4)", "VALUES ROW(1, 2), ROW(3, 4)"},
      {"TABLE db.t", "TABLE db.t"},
      {"SELECT * FROM t WHERE a IN (WITH x AS (SELECT 1) SELECT * FROM x)",
       "SELECT * FROM t WHERE a IN (WITH x AS (SELECT 1) SELECT * FROM x)"},
  });
}

TEST(ParserTest, Insert) {
  CheckStatements({
      {"INSERT INTO t VALUES (1, 'a')", "INSERT INTO t VALUES (1, 'a')"},
      {"insert t (a, b) values (1, 2), (3, DEFAULT)",
       "INSERT INTO t (a, b) VALUES (1, 2), (3, DEFAULT)"},
      {"INSERT INTO t (a) VALUE (?)", "INSERT INTO t (a) VALUES (?)"},
      {"INSERT INTO t () VALUES ()", "INSERT INTO t () VALUES ()"},
      {"INSERT LOW_PRIORITY IGNORE INTO db.t SET a = 1, b = DEFAULT",
       "INSERT LOW_PRIORITY IGNORE INTO db.t SET a = 1, b = DEFAULT"},
      {"INSERT DELAYED INTO t VALUES (1)", "INSERT DELAYED INTO t VALUES (1)"},
      {"INSERT HIGH_PRIORITY INTO t VALUES (1)", "INSERT HIGH_PRIORITY INTO t VALUES (1)"},
      {"INSERT INTO t (a, b) SELECT x, y FROM u WHERE z",
       "INSERT INTO t (a, b) SELECT x, y FROM u WHERE z"},
      {"INSERT INTO t (SELECT * FROM u)", "INSERT INTO t (SELECT * FROM u)"},
      {"INSERT INTO t WITH c AS (SELECT 1) SELECT * FROM c",
       "INSERT INTO t WITH c AS (SELECT 1) SELECT * FROM c"},
      {"INSERT INTO t TABLE u", "INSERT INTO t TABLE u"},
      {"INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b) + 1",
       "INSERT INTO t (a, b) VALUES (1, 2) ON DUPLICATE KEY UPDATE b = VALUES(b) + 1"},
      {"INSERT INTO t (a, b) VALUES (1, 2) AS new ON DUPLICATE KEY UPDATE b = new.b",
       "INSERT INTO t (a, b) VALUES (1, 2) AS new ON DUPLICATE KEY UPDATE b = new.b"},
      {"INSERT INTO t VALUES (1, 2) AS n (x, y) ON DUPLICATE KEY UPDATE a = x + y",
       "INSERT INTO t VALUES (1, 2) AS n (x, y) ON DUPLICATE KEY UPDATE a = x + y"},
      {"INSERT INTO t SELECT * FROM u ON DUPLICATE KEY UPDATE t.a = u.a",
       "INSERT INTO t SELECT * FROM u ON DUPLICATE KEY UPDATE t.a = u.a"},
      {"INSERT INTO t VALUES ROW(1, 2), ROW(3, 4)", "INSERT INTO t VALUES (1, 2), (3, 4)"},
      {"REPLACE INTO t (a) VALUES (1)", "REPLACE INTO t (a) VALUES (1)"},
      {"REPLACE LOW_PRIORITY t SET a = 1", "REPLACE LOW_PRIORITY INTO t SET a = 1"},
      {"REPLACE INTO t SELECT 1", "REPLACE INTO t SELECT 1"},
  });
}

TEST(ParserTest, UpdateAndDelete) {
  CheckStatements({
      {"UPDATE t SET a = 1", "UPDATE t SET a = 1"},
      {"UPDATE LOW_PRIORITY IGNORE t SET a = a + 1, b = DEFAULT WHERE id = ? ORDER BY id DESC "
       "LIMIT 10",
       "UPDATE LOW_PRIORITY IGNORE t SET a = a + 1, b = DEFAULT WHERE id = ? ORDER BY id DESC "
       "LIMIT 10"},
      {"UPDATE t AS x SET x.a := 2", "UPDATE t AS x SET x.a = 2"},
      {"UPDATE a JOIN b ON a.id = b.id SET a.x = b.x WHERE b.y > 0",
       "UPDATE a JOIN b ON a.id = b.id SET a.x = b.x WHERE b.y > 0"},
      {"UPDATE a, b SET a.x = b.x WHERE a.id = b.id",
       "UPDATE a, b SET a.x = b.x WHERE a.id = b.id"},
      {"WITH c AS (SELECT 1 AS id) UPDATE t JOIN c USING (id) SET t.a = 0",
       "WITH c AS (SELECT 1 AS id) UPDATE t JOIN c USING (id) SET t.a = 0"},
      {"DELETE FROM t", "DELETE FROM t"},
      {"DELETE LOW_PRIORITY QUICK IGNORE FROM t WHERE a = 1 ORDER BY b LIMIT 5",
       "DELETE LOW_PRIORITY QUICK IGNORE FROM t WHERE a = 1 ORDER BY b LIMIT 5"},
      {"DELETE FROM db.t AS x WHERE x.a = 1", "DELETE FROM db.t AS x WHERE x.a = 1"},
      {"DELETE t1, t2 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t1.a = 1",
       "DELETE t1, t2 FROM t1 JOIN t2 ON t1.id = t2.id WHERE t1.a = 1"},
      {"DELETE t1.* FROM t1, t2 WHERE t1.id = t2.id",
       "DELETE t1.* FROM t1, t2 WHERE t1.id = t2.id"},
      {"DELETE FROM t1, t2 USING t1 JOIN t2 ON t1.id = t2.id",
       "DELETE FROM t1, t2 USING t1 JOIN t2 ON t1.id = t2.id"},
      {"DELETE FROM t1 USING t1 LEFT JOIN t2 ON t1.id = t2.id WHERE t2.id IS NULL",
       "DELETE FROM t1 USING t1 LEFT JOIN t2 ON t1.id = t2.id WHERE t2.id IS NULL"},
      {"WITH old AS (SELECT id FROM t WHERE a < 0) DELETE FROM t WHERE id IN (SELECT id FROM old)",
       "WITH old AS (SELECT id FROM t WHERE a < 0) DELETE FROM t WHERE id IN (SELECT id FROM old)"},
  });
}

TEST(ParserTest, RealWorldQueries) {
  // Sakila-style reporting queries.
  CheckStatements({
      {"SELECT a.actor_id, CONCAT(a.first_name, ' ', a.last_name) AS name, "
       "GROUP_CONCAT(DISTINCT f.title ORDER BY f.title SEPARATOR ', ') AS films "
       "FROM actor a JOIN film_actor fa ON fa.actor_id = a.actor_id "
       "JOIN film f ON f.film_id = fa.film_id "
       "WHERE f.rating IN ('PG', 'G') AND f.length BETWEEN 60 AND 120 "
       "GROUP BY a.actor_id HAVING COUNT(*) >= 2 ORDER BY name LIMIT 20",
       "SELECT a.actor_id, CONCAT(a.first_name, ' ', a.last_name) AS name, "
       "GROUP_CONCAT(DISTINCT f.title ORDER BY f.title SEPARATOR ', ') AS films "
       "FROM actor AS a JOIN film_actor AS fa ON fa.actor_id = a.actor_id "
       "JOIN film AS f ON f.film_id = fa.film_id "
       "WHERE (f.rating IN ('PG', 'G')) AND (f.length BETWEEN 60 AND 120) "
       "GROUP BY a.actor_id HAVING COUNT(*) >= 2 ORDER BY name LIMIT 20"},
      {"SELECT c.name AS category, SUM(p.amount) AS revenue, "
       "RANK() OVER (ORDER BY SUM(p.amount) DESC) AS r "
       "FROM payment p INNER JOIN rental r ON p.rental_id = r.rental_id "
       "INNER JOIN inventory i ON r.inventory_id = i.inventory_id "
       "INNER JOIN film_category fc ON i.film_id = fc.film_id "
       "INNER JOIN category c ON fc.category_id = c.category_id "
       "WHERE p.payment_date >= NOW() - INTERVAL 30 DAY GROUP BY c.name",
       "SELECT c.name AS category, SUM(p.amount) AS revenue, "
       "RANK() OVER (ORDER BY SUM(p.amount) DESC) AS r "
       "FROM payment AS p JOIN rental AS r ON p.rental_id = r.rental_id "
       "JOIN inventory AS i ON r.inventory_id = i.inventory_id "
       "JOIN film_category AS fc ON i.film_id = fc.film_id "
       "JOIN category AS c ON fc.category_id = c.category_id "
       "WHERE p.payment_date >= (NOW() - INTERVAL 30 DAY) GROUP BY c.name"},
      {"SELECT f.title, (SELECT COUNT(*) FROM inventory i WHERE i.film_id = f.film_id) AS copies "
       "FROM film f WHERE NOT EXISTS (SELECT 1 FROM rental r JOIN inventory i USING (inventory_id) "
       "WHERE i.film_id = f.film_id AND r.return_date IS NULL) ORDER BY copies DESC, f.title",
       "SELECT f.title, (SELECT COUNT(*) FROM inventory AS i WHERE i.film_id = f.film_id) AS "
       "copies "
       "FROM film AS f WHERE NOT EXISTS (SELECT 1 FROM rental AS r JOIN inventory AS i USING "
       "(inventory_id) WHERE (i.film_id = f.film_id) AND (r.return_date IS NULL)) ORDER BY copies "
       "DESC, f.title"},
      {"INSERT INTO film_stats (film_id, rentals) SELECT i.film_id, COUNT(*) FROM rental r "
       "JOIN inventory i ON i.inventory_id = r.inventory_id GROUP BY i.film_id "
       "ON DUPLICATE KEY UPDATE rentals = VALUES(rentals)",
       "INSERT INTO film_stats (film_id, rentals) SELECT i.film_id, COUNT(*) FROM rental AS r "
       "JOIN inventory AS i ON i.inventory_id = r.inventory_id GROUP BY i.film_id "
       "ON DUPLICATE KEY UPDATE rentals = VALUES(rentals)"},
      {"SELECT customer_id, DATE_FORMAT(payment_date, '%Y-%m') AS month, "
       "CAST(SUM(amount) AS DECIMAL(10,2)) total, amount DIV 1 AS whole "
       "FROM payment WHERE customer_id = ? GROUP BY customer_id, month",
       "SELECT customer_id, DATE_FORMAT(payment_date, '%Y-%m') AS month, "
       "CAST(SUM(amount) AS DECIMAL(10, 2)) AS total, amount DIV 1 AS whole "
       "FROM payment WHERE customer_id = ? GROUP BY customer_id, month"},
  });
}

TEST(ParserTest, SyntaxErrorsPointAtTheFirstBadToken) {
  struct ErrorCase {
    std::string_view sql;
    int64_t offset;
  };
  const ErrorCase cases[] = {
      {"SELECT", 6},
      {"SELECT 1 +", 10},
      {"SELECT a FROM", 13},
      {"SELECT a FROM t WHERE", 21},
      {"SELECT (1", 9},
      {"SELECT 1)", 8},
      {"SELECT a b c FROM t", 11},
      {"SELECT * FROM t LEFT JOIN u", 27},
      {"SELECT * FROM t WHERE a NOT 1", 28},
      {"SELECT CAST(a AS VARCHAR)", 17},
      {"SELECT EXTRACT(FORTNIGHT FROM d)", 15},
      {"SELECT d + INTERVAL 1 FORTNIGHT", 22},
      {"SELECT CASE END", 15},  // END is not reserved: CASE `end` ...,
      {"SELECT a FROM t ORDER a", 22},
      {"INSERT INTO t VALUES", 20},
      {"INSERT INTO t (a) SET a = 1", 18},
      {"UPDATE t WHERE a = 1", 9},
      {"DELETE FROM t1, t2 WHERE 1", 19},
      {"SELECT 1 UNION", 14},
      {"SELECT a FROM t GROUP", 21},
      {"SELECT 1 2", 9},
      {"SELECT t.* + 1 FROM t", 11},
      {"SELECT select FROM t", 7},
      {"SELECT\n  a\n  FROM t WHERE ,", 26},
  };
  for (const ErrorCase& c : cases) {
    Error e = ParseError(c.sql);
    EXPECT_EQ(e.code(), ErrorCode::kParse) << c.sql << ": " << e.message();
    EXPECT_EQ(e.offset(), c.offset) << c.sql << ": " << e.message();
  }
  Error e = ParseError("SELECT a\nFROM t WHERE ) x");
  EXPECT_EQ(e.message(),
            "You have an error in your SQL syntax; check the manual that corresponds to your MySQL "
            "server version for the right syntax to use near ') x' at line 2");
}

TEST(ParserTest, UnsupportedAndEmpty) {
  EXPECT_EQ(ParseError("CREATE TABLE t (a INT)").code(), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(ParseError("CREATE TABLE t (a INT)").message(),
            "This version of Edge SQL doesn't yet support 'CREATE TABLE in the statement parser'");
  EXPECT_EQ(ParseError("set @a = 1").code(), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(ParseError("SHOW TABLES").code(), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(ParseError("SELECT * INTO OUTFILE '/tmp/x' FROM t").code(),
            ErrorCode::kNotSupportedYet);
  EXPECT_EQ(ParseError("SELECT * FROM t PARTITION (p0)").code(), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(ParseError("SELECT * FROM JSON_TABLE('[]', '$[*]' COLUMNS (a INT PATH '$')) j").code(),
            ErrorCode::kNotSupportedYet);
  EXPECT_EQ(ParseError("").code(), ErrorCode::kEmptyQuery);
  EXPECT_EQ(ParseError("  ; ").code(), ErrorCode::kEmptyQuery);
  EXPECT_EQ(ParseError("SELECT 1; SELECT 2").code(), ErrorCode::kParse);
}

TEST(ParserTest, DepthLimit) {
  auto nested = [](int n) { return "SELECT " + std::string(n, '(') + "1" + std::string(n, ')'); };
  EXPECT_EQ(RoundTrip(nested(50)), "SELECT 1");
  Error deep = ParseError(nested(kMaxParseDepth + 1));
  EXPECT_EQ(deep.code(), ErrorCode::kParse);
  // 400k '(' must neither overflow the stack nor take quadratic time.
  EXPECT_EQ(ParseError(nested(400000)).code(), ErrorCode::kParse);
  std::string minus = "SELECT " + std::string(5000, '~') + "1";
  EXPECT_EQ(ParseError(minus).code(), ErrorCode::kParse);
  std::string subqueries = "SELECT ";
  for (int i = 0; i < 300; ++i) subqueries += "(SELECT ";
  subqueries += "1" + std::string(300, ')');
  EXPECT_EQ(ParseError(subqueries).code(), ErrorCode::kParse);
  // Long operator chains are built without recursion, but the tree's height
  // is bounded too so that recursive walkers stay safe.
  std::string ors = "SELECT 1 FROM t WHERE a = 0";
  for (int i = 1; i < 500; ++i) ors += " OR a = " + std::to_string(i);
  EXPECT_TRUE(ParseStatement(ors).ok());
  std::string collates = "SELECT a";
  for (int i = 0; i < 900; ++i) collates += " COLLATE c";
  EXPECT_TRUE(ParseStatement(collates).ok());
  EXPECT_EQ(RoundTrip(collates).size(), collates.size());  // chains print flat
  std::string sums = "SELECT 0";
  for (int i = 0; i < 5000; ++i) sums += " + 1";
  EXPECT_EQ(ParseError(sums).code(), ErrorCode::kParse);
}

TEST(ParserTest, AstShape) {
  std::string_view sql = "SELECT a + ? AS s FROM t WHERE b = ? AND c IN (?, 1)";
  Result<ParsedStatement> r = ParseStatement(sql, ParseOptions{3});
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r.value().param_count(), 3);
  const auto* select = ast::As<ast::SelectStatement>(&r.value().root());
  ASSERT_NE(select, nullptr);
  const auto* core = ast::As<ast::SelectCore>(select->query->body);
  ASSERT_NE(core, nullptr);
  ASSERT_EQ(core->items.size, 1u);
  EXPECT_EQ(core->items[0]->alias.name, "s");
  const auto* sum = ast::As<ast::Binary>(core->items[0]->expr);
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(sum->op, ast::BinaryOp::kAdd);
  EXPECT_EQ(ast::As<ast::Placeholder>(sum->rhs)->index, 3);
  EXPECT_EQ(sql.substr(sum->begin, sum->end - sum->begin), "a + ?");
  const auto* where = ast::As<ast::Binary>(core->where);
  ASSERT_NE(where, nullptr);
  EXPECT_EQ(where->op, ast::BinaryOp::kAnd);
  EXPECT_EQ(sql.substr(where->begin, where->end - where->begin), "b = ? AND c IN (?, 1)");
  const auto* in = ast::As<ast::In>(where->rhs);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(ast::As<ast::Placeholder>(in->list[0])->index, 5);
  const auto* from = ast::As<ast::TableName>(core->from[0]);
  ASSERT_NE(from, nullptr);
  EXPECT_EQ(from->name.name, "t");
  EXPECT_EQ(r.value().root().begin, 0u);
  EXPECT_EQ(r.value().root().end, sql.size());
}

TEST(ParserTest, DecodedNamesAndStrings) {
  Result<ParsedStatement> r =
      ParseStatement("SELECT `we``ird`.`x`, 'it''s\\n', _utf8mb4'z', @'u v' FROM `db`.`t`");
  ASSERT_TRUE(r.ok()) << r.error().message();
  const auto* core =
      ast::As<ast::SelectCore>(ast::As<ast::SelectStatement>(&r.value().root())->query->body);
  const auto* col = ast::As<ast::ColumnRef>(core->items[0]->expr);
  ASSERT_NE(col, nullptr);
  EXPECT_EQ(col->table.name, "we`ird");
  EXPECT_TRUE(col->table.quoted);
  EXPECT_EQ(col->column.name, "x");
  const auto* s = ast::As<ast::Literal>(core->items[1]->expr);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->text, "it's\n");
  EXPECT_EQ(ast::As<ast::Literal>(core->items[2]->expr)->charset, "utf8mb4");
  EXPECT_EQ(ast::As<ast::Variable>(core->items[3]->expr)->name, "u v");
  const auto* t = ast::As<ast::TableName>(core->from[0]);
  EXPECT_EQ(t->schema.name, "db");
  EXPECT_EQ(t->name.name, "t");
}

TEST(ParserTest, DmlShape) {
  Result<ParsedStatement> r = ParseStatement(
      "INSERT INTO t (a, b) VALUES (1, DEFAULT), (?, 2) ON DUPLICATE KEY UPDATE b = VALUES(b)");
  ASSERT_TRUE(r.ok()) << r.error().message();
  const auto* ins = ast::As<ast::InsertStatement>(&r.value().root());
  ASSERT_NE(ins, nullptr);
  EXPECT_EQ(ins->table.name, "t");
  ASSERT_EQ(ins->columns.size, 2u);
  ASSERT_EQ(ins->rows.size, 2u);
  EXPECT_EQ(ins->rows[0]->values[1]->kind, ast::ExprKind::kDefault);
  EXPECT_EQ(ins->rows[1]->values[0]->kind, ast::ExprKind::kPlaceholder);
  ASSERT_EQ(ins->on_duplicate.size, 1u);
  const auto* values = ast::As<ast::Function>(ins->on_duplicate[0]->value);
  ASSERT_NE(values, nullptr);
  EXPECT_EQ(values->name, "VALUES");

  r = ParseStatement("DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id");
  ASSERT_TRUE(r.ok()) << r.error().message();
  const auto* del = ast::As<ast::DeleteStatement>(&r.value().root());
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->form, ast::DeleteForm::kMultiFrom);
  EXPECT_EQ(del->targets.size, 1u);
  EXPECT_EQ(del->from[0]->kind, ast::TableRefKind::kJoin);
}

TEST(ParserTest, TokenRangeEntryPoint) {
  std::string_view sql = "SELECT ?; UPDATE t SET a = ? WHERE b = ?";
  Result<std::vector<Token>> tokens = Lex(sql);
  ASSERT_TRUE(tokens.ok());
  // Tokens: SELECT ? ; UPDATE t SET a = ? WHERE b = ? <end>
  Result<ParsedStatement> first = ParseStatement(sql, tokens.value(), 0, 3);
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_EQ(PrintStatement(first.value().root()), "SELECT ?");
  Result<ParsedStatement> second =
      ParseStatement(sql, tokens.value(), 3, tokens.value().size(), ParseOptions{1});
  ASSERT_TRUE(second.ok()) << second.error().message();
  const auto* up = ast::As<ast::UpdateStatement>(&second.value().root());
  ASSERT_NE(up, nullptr);
  EXPECT_EQ(ast::As<ast::Placeholder>(up->set[0]->value)->index, 1);
  EXPECT_EQ(second.value().param_count(), 2);
  // Out-of-range bounds are clamped, never read.
  EXPECT_FALSE(ParseStatement(sql, tokens.value(), 50, 60).ok());
}

}  // namespace
}  // namespace edgesql::sql
