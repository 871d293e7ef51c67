// The generator, judged by what its SQLite does: each test loads a MySQL
// schema through the transpiler into a real SQLite, runs MySQL statements
// and compares the rows with the answers MySQL 8.0 gives.
#include "transpile/sqlite_generator.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gateway/gateway.h"
#include "sqlite_eval.h"
#include "transpile/transpiler.h"

namespace edgesql::transpile {
namespace {

// A database: MySQL in, SQLite underneath, the catalog kept as the gateway does.
class MySqlOnSqlite {
 public:
  // A shard's own tables first, as a Durable Object makes them.
  MySqlOnSqlite() {
    const edgesql::Json program = edgesql::Json::parse(gateway::ShardBootstrap());
    for (const auto& statement : program["bootstrap"])
      EXPECT_EQ(db_.Exec(statement.get<std::string>()), "");
  }

  // Runs a statement that returns no rows; "" or the error ("1062: ..." for
  // the core's, "sqlite: ..." for SQLite's).
  std::string Exec(std::string_view mysql, const std::vector<std::string>& params = {}) {
    Result<Translation> t = Translate(mysql);
    if (!t.ok()) return std::to_string(t.error().errnum()) + ": " + t.error().message();
    for (const std::string& s : t.value().statements) {
      std::string error = params.empty() ? db_.Exec(s) : Run(s, params);
      if (!error.empty()) return "sqlite: " + error;
    }
    for (catalog::TableDef& table : t.value().put_tables) {
      std::string name = table.name;
      schema_.tables[name] = std::move(table);
    }
    for (const std::string& name : t.value().dropped_tables) schema_.tables.erase(name);
    return "";
  }

  // Rows as SqliteDb renders them, or the error as Exec gives it.
  std::string Query(std::string_view mysql, std::vector<std::string> params = {}) {
    Result<Translation> t = Translate(mysql);
    if (!t.ok()) return std::to_string(t.error().errnum()) + ": " + t.error().message();
    for (const std::string& extra : t.value().extra_params) params.push_back(extra);
    std::string out = db_.Query(t.value().statements[0], params);
    return out.rfind("error: ", 0) == 0 ? "sqlite: " + out.substr(7) : out;
  }

  std::string Names(std::string_view mysql) {
    Result<Translation> t = Translate(mysql);
    return t.ok() ? db_.Names(t.value().statements[0]) : t.error().message();
  }

  Result<Translation> Translate(std::string_view mysql) {
    TranspileContext context{"app", &schema_, &variables_, 7, 3};
    return TranspileText(mysql, context);
  }

  testing::SqliteDb& db() { return db_; }

 private:
  std::string Run(const std::string& sql, const std::vector<std::string>& params) {
    std::string out = db_.Query(sql, params);
    return out.rfind("error: ", 0) == 0 ? out.substr(7) : "";
  }

  testing::SqliteDb db_;
  catalog::DatabaseSchema schema_;
  std::map<std::string, std::string> variables_{{"x", "42"}, {"name", "'bob'"}};
};

class GeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(db_.Exec("CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20), "
                       "price DECIMAL(8,2), qty INT, size ENUM('small','medium','large'))"),
              "");
    ASSERT_EQ(db_.Exec("INSERT INTO t (name, price, qty, size) VALUES ('Apple', 1.50, 3, 'large'), "
                       "('banana', 0.25, 12, 'small'), ('Cherry', 10.00, NULL, 'medium')"),
              "");
  }
  MySqlOnSqlite db_;
};

TEST_F(GeneratorTest, DecimalDivisionAndIntegerOperators) {
  EXPECT_EQ(db_.Query("SELECT 7 / 2, 7 DIV 2, -7 DIV 2, 7 MOD 3, -7 % 3, 7.5 MOD 2, 1 / 0"),
            "3.5|3|-3|1|-1|1.5|NULL");
  Result<Translation> t =
      db_.Translate("SELECT 7 / 2, 1.25 / 5, SUM(qty), AVG(qty), COUNT(*) FROM t");
  ASSERT_TRUE(t.ok());
  const std::vector<ResultColumn>& c = t.value().result_columns;
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[0].type, catalog::MySqlType::kDecimal);
  EXPECT_EQ(c[0].scale, 4);                            // 3.5000
  EXPECT_EQ(c[1].scale, 6);                            // 0.250000
  EXPECT_EQ(c[2].type, catalog::MySqlType::kDecimal);  // SUM of INT is DECIMAL
  EXPECT_EQ(c[2].scale, 0);
  EXPECT_EQ(c[3].scale, 4);
  EXPECT_EQ(c[4].type, catalog::MySqlType::kBigInt);
  EXPECT_EQ(db_.Query("SELECT 5 XOR 0, 1 XOR 1, NULL XOR 1, 6 ^ 3"), "1|0|NULL|5");
  // Integer overflow is MySQL's 1690, not a silent switch to REAL.
  EXPECT_EQ(db_.Query("SELECT 9223372036854775807 + 1"), "sqlite: integer overflow");
  EXPECT_EQ(db_.Query("SELECT -9223372036854775807 - 2"), "sqlite: integer overflow");
  EXPECT_EQ(db_.Query("SELECT 9223372036854775806 + 1, qty * 2 FROM t WHERE id = 1"),
            "9223372036854775807|6");
}

TEST_F(GeneratorTest, ComparisonsFollowMySqlsCoercionAndCollation) {
  EXPECT_EQ(db_.Query("SELECT '1' = 1, '10' > 9, 'abc' = 0, 'a' = 'A', BINARY 'a' = 'A'"),
            "1|1|1|1|0");
  EXPECT_EQ(db_.Query("SELECT name FROM t WHERE name = 'APPLE'"), "Apple");
  EXPECT_EQ(db_.Query("SELECT 'b' IN ('A', 'B'), 2 BETWEEN '1' AND '3', NULL <=> NULL"), "1|1|1");
  // LIKE escapes with a backslash by default.
  EXPECT_EQ(db_.Query("SELECT 'a_b' LIKE 'a\\_b', 'axb' LIKE 'a\\_b', 'AB' LIKE 'a%'"), "1|0|1");
  // Unknown columns are errors, not string literals (SQLite's DQS quirk).
  EXPECT_EQ(db_.Query("SELECT nope FROM t"), "sqlite: no such column: nope");
}

TEST_F(GeneratorTest, OrderingByEnumIndexAndCaseInsensitiveText) {
  EXPECT_EQ(db_.Query("SELECT size FROM t ORDER BY size"), "small\nmedium\nlarge");
  EXPECT_EQ(db_.Query("SELECT size + 0 FROM t ORDER BY id"), "3\n1\n2");
  EXPECT_EQ(db_.Query("SELECT name FROM t ORDER BY CONCAT(name, '') DESC"),
            "Cherry\nbanana\nApple");
  EXPECT_EQ(db_.Query("SELECT name FROM t ORDER BY id LIMIT 1, 1"), "banana");
  EXPECT_EQ(db_.Query("SELECT name FROM t ORDER BY id LIMIT ?, ?", {"2", "1"}), "Cherry");
}

// A BIGINT beyond 2^53 is selected as text (JavaScript numbers would round
// it), but ORDER BY still sorts the numbers: by name, by position, through
// a *, and through an alias. Sorting by the text was wrong for them, and
// it kept SQLite from reading an index in order.
TEST_F(GeneratorTest, OrderingByABigIntSortsTheNumbersNotTheirExactText) {
  ASSERT_EQ(db_.Exec("CREATE TABLE b (id INT PRIMARY KEY, g INT, v BIGINT, KEY by_g (g, v))"), "");
  ASSERT_EQ(db_.Exec("INSERT INTO b VALUES (1, 1, 10000000000000000), (2, 1, 9007199254740993), "
                     "(3, 1, 5), (4, 1, -9007199254740993)"),
            "");
  const std::string sorted =
      "4|1|-9007199254740993\n3|1|5\n2|1|9007199254740993\n1|1|10000000000000000";
  EXPECT_EQ(db_.Query("SELECT * FROM b ORDER BY v"), sorted);
  EXPECT_EQ(db_.Query("SELECT id, g, v FROM b ORDER BY v"), sorted);
  EXPECT_EQ(db_.Query("SELECT id, g, v FROM b ORDER BY 3"), sorted);
  EXPECT_EQ(db_.Query("SELECT id, g, v AS w FROM b ORDER BY w"), sorted);
  EXPECT_EQ(db_.Query("SELECT t.*, b.v FROM b JOIN t ON t.id = 1 ORDER BY 6"),
            "1|Apple|1.5|3|large|-9007199254740993\n1|Apple|1.5|3|large|5\n"
            "1|Apple|1.5|3|large|9007199254740993\n1|Apple|1.5|3|large|10000000000000000");
  EXPECT_EQ(db_.Query("SELECT id FROM b ORDER BY v DESC"), "1\n2\n3\n4");
  // An alias names the select item, as in MySQL, even when a column has
  // that name: this orders by id.
  EXPECT_EQ(db_.Query("SELECT id AS v FROM b ORDER BY v DESC"), "4\n3\n2\n1");
  // The newest rows of a group read the index backwards, no sort.
  Result<Translation> t = db_.Translate("SELECT * FROM b WHERE g = 1 ORDER BY v DESC LIMIT 2");
  ASSERT_TRUE(t.ok());
  const std::string plan = db_.db().Query("EXPLAIN QUERY PLAN " + t.value().statements[0]);
  EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << plan;
  EXPECT_NE(plan.find("by_g"), std::string::npos) << plan;
}

TEST_F(GeneratorTest, FunctionsKeepMySqlsNullAndScaleRules) {
  EXPECT_EQ(db_.Query("SELECT CONCAT('a', NULL), CONCAT(price, '$') FROM t WHERE id = 1"),
            "NULL|1.50$");
  EXPECT_EQ(db_.Query("SELECT IF(qty > 5, 'many', 'few') FROM t ORDER BY id"), "few\nmany\nfew");
  EXPECT_EQ(db_.Query("SELECT GROUP_CONCAT(DISTINCT qty SEPARATOR '; ') FROM t"), "3; 12");
  EXPECT_EQ(db_.Query("SELECT COUNT(DISTINCT size, qty) FROM t"), "2");
  EXPECT_EQ(db_.Query("SELECT DATABASE(), @x, @name, @unset, LAST_INSERT_ID(), ROW_COUNT()"),
            "app|42|bob|NULL|7|3");
}

// ORDER BY inside an aggregate needs SQLite 3.44 (Durable Objects have it;
// Debian bookworm's 3.40 does not).
TEST_F(GeneratorTest, GroupConcatOrderBy) {
  if (sqlite3_libversion_number() < 3044000) GTEST_SKIP() << "SQLite " << sqlite3_libversion();
  EXPECT_EQ(db_.Query("SELECT GROUP_CONCAT(DISTINCT size ORDER BY size SEPARATOR '; ') FROM t"),
            "small; medium; large");
  EXPECT_EQ(db_.Query("SELECT GROUP_CONCAT(name ORDER BY id SEPARATOR '/') FROM t"),
            "Apple/banana/Cherry");
}

TEST_F(GeneratorTest, NegativeLiteralArgumentsStayConstants) {
  // The generator writes -2 bare; modules reading constant arguments see it.
  EXPECT_EQ(db_.Query("SELECT TRUNCATE(1234, -2), ROUND(1234.5, -2), CAST(-1.5 AS SIGNED)"),
            "1200|1200|-2");
}

TEST_F(GeneratorTest, UnaliasedItemsAreNamedAfterTheirMySqlText) {
  EXPECT_EQ(db_.Names("SELECT id, t.name, 7 / 2, COUNT(*), @@version, qty AS q FROM t"),
            "id|name|7 / 2|COUNT(*)|@@version|q");
}

TEST_F(GeneratorTest, QueryShapesSqliteSpellsDifferently) {
  EXPECT_EQ(db_.Query("(SELECT id FROM t ORDER BY id DESC LIMIT 1) UNION (SELECT 1) ORDER BY id"),
            "1\n3");
  EXPECT_EQ(db_.Query("SELECT a, b FROM (SELECT id, name FROM t WHERE id = 2) AS d (a, b)"),
            "2|banana");
  EXPECT_EQ(db_.Query("VALUES ROW(1, 'x'), ROW(2, 'y')"), "1|x\n2|y");
  EXPECT_EQ(db_.Query("SELECT id FROM app.t WHERE app.t.id = 3"), "3");
  EXPECT_EQ(db_.Query("WITH c AS (SELECT id FROM t WHERE qty > 1) SELECT COUNT(*) FROM c"), "2");
  EXPECT_EQ(db_.Query("SELECT 1 FROM DUAL"), "1");
}

TEST_F(GeneratorTest, InsertForms) {
  EXPECT_EQ(db_.Exec("INSERT INTO t SET name = 'date', qty = 1"), "");
  EXPECT_EQ(db_.Exec("INSERT INTO t (name, qty) VALUES ('elder', DEFAULT)"), "");
  EXPECT_EQ(db_.Exec("INSERT INTO t VALUES ()"), "");
  EXPECT_EQ(db_.Query("SELECT id, name, qty FROM t WHERE id > 3"),
            "4|date|1\n5|elder|NULL\n6|NULL|NULL");
  EXPECT_EQ(db_.Exec("INSERT INTO t (name, qty) VALUES ('x')"),
            "1136: Column count doesn't match value count at row 1");
  EXPECT_EQ(db_.Exec("INSERT INTO t (nope) VALUES (1)"),
            "1054: Unknown column 'nope' in 'field list'");
  ASSERT_EQ(db_.Exec("CREATE TABLE strict (id INT PRIMARY KEY, v INT NOT NULL, "
                     "e ENUM('a','b') NOT NULL)"),
            "");
  EXPECT_EQ(db_.Exec("INSERT INTO strict (id) VALUES (1)"),
            "1364: Field 'v' doesn't have a default value");
  // An ENUM NOT NULL without a default takes its first member.
  EXPECT_EQ(db_.Exec("INSERT INTO strict (id, v) VALUES (1, 5)"), "");
  EXPECT_EQ(db_.Query("SELECT e FROM strict"), "a");
}

TEST_F(GeneratorTest, AutoIncrementIdsAndLastInsertId) {
  // 0 and NULL both ask for the next id; explicit ids leave LAST_INSERT_ID().
  EXPECT_EQ(db_.Exec("INSERT INTO t (id, name) VALUES (0, 'zero'), (NULL, 'null')"), "");
  EXPECT_EQ(db_.Query("SELECT id FROM t WHERE name IN ('zero', 'null') ORDER BY id"), "4\n5");
  Result<Translation> t = db_.Translate("INSERT INTO t (id, name) VALUES (0, 'a')");
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t.value().generates_ids);
  t = db_.Translate("INSERT INTO t (id, name) VALUES (20, 'a'), (21, 'b')");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t.value().generates_ids);
  t = db_.Translate("SELECT LAST_INSERT_ID(42)");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().set_last_insert_id, 42);
  EXPECT_EQ(db_.Query("SELECT LAST_INSERT_ID(-3)"), "-3");
  EXPECT_EQ(db_.Query("SELECT LAST_INSERT_ID(id) FROM t").substr(0, 4), "1235");
  // INSERT ... AS new (a, b): the alias's column names read the new row.
  ASSERT_EQ(db_.Exec("CREATE TABLE kv2 (k INT PRIMARY KEY, v INT)"), "");
  EXPECT_EQ(
      db_.Exec("INSERT INTO kv2 VALUES (1, 1) AS n (nk, nv) ON DUPLICATE KEY UPDATE v = nv + 1"),
      "");
  EXPECT_EQ(
      db_.Exec("INSERT INTO kv2 VALUES (1, 5) AS n (nk, nv) ON DUPLICATE KEY UPDATE v = nv + 1"),
      "");
  EXPECT_EQ(db_.Query("SELECT v FROM kv2"), "6");
}

TEST_F(GeneratorTest, OnDuplicateKeyUpdateIsAnUpsertThatSkipsNoOpUpdates) {
  ASSERT_EQ(
      db_.Exec("CREATE TABLE kv (k VARCHAR(10) PRIMARY KEY, v INT, hits INT NOT NULL DEFAULT 0)"),
      "");
  EXPECT_EQ(
      db_.Exec("INSERT INTO kv (k, v) VALUES ('a', 1) ON DUPLICATE KEY UPDATE hits = hits + 1"),
      "");
  EXPECT_EQ(
      db_.Exec("INSERT INTO kv (k, v) VALUES ('a', 1) ON DUPLICATE KEY UPDATE hits = hits + 1"),
      "");
  EXPECT_EQ(db_.Exec("INSERT INTO kv (k, v) VALUES ('a', 5), ('b', 2) AS new "
                     "ON DUPLICATE KEY UPDATE v = new.v + kv.v"),
            "");
  EXPECT_EQ(db_.Exec("INSERT INTO kv (k, v) VALUES ('b', 9) ON DUPLICATE KEY UPDATE v = VALUES(v)"),
            "");
  EXPECT_EQ(db_.Query("SELECT k, v, hits FROM kv ORDER BY k"), "a|6|1\nb|9|0");
  // The preflight counts (rows, rows meeting an existing key) as the
  // gateway needs them for affected rows.
  Result<Translation> t = db_.Translate(
      "INSERT INTO kv (k, v) VALUES ('a', 6), ('c', 1) ON DUPLICATE KEY UPDATE v = 6");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t.value().affected, AffectedRows::kUpsert);
  EXPECT_EQ(db_.db().Query(t.value().preflight), "2|1");
  EXPECT_EQ(db_.db().Exec(t.value().statements[0]), "");
  EXPECT_EQ(db_.db().Query("SELECT changes()"), "1");  // 'c' inserted; 'a' already 6: no update
}

TEST_F(GeneratorTest, UpdateAndDeleteWithOrderLimitAndJoins) {
  // MySQL assigns left to right: qty sees the new price.
  EXPECT_EQ(db_.Exec("UPDATE t SET price = price * 2, qty = price WHERE id = 1"), "");
  EXPECT_EQ(db_.Query("SELECT price, qty FROM t WHERE id = 1"), "3|3");
  EXPECT_EQ(db_.Exec("UPDATE t SET qty = 0 ORDER BY id DESC LIMIT 1"), "");
  EXPECT_EQ(db_.Query("SELECT id, qty FROM t ORDER BY id"), "1|3\n2|12\n3|0");
  ASSERT_EQ(db_.Exec("CREATE TABLE bonus (tid INT PRIMARY KEY, extra INT)"), "");
  ASSERT_EQ(db_.Exec("INSERT INTO bonus VALUES (1, 100), (2, 200)"), "");
  EXPECT_EQ(
      db_.Exec(
          "UPDATE t JOIN bonus b ON b.tid = t.id SET t.qty = t.qty + b.extra WHERE b.extra > 150"),
      "");
  EXPECT_EQ(db_.Query("SELECT id, qty FROM t ORDER BY id"), "1|3\n2|212\n3|0");
  EXPECT_EQ(db_.Exec("DELETE t FROM t LEFT JOIN bonus ON bonus.tid = t.id WHERE bonus.tid IS NULL"),
            "");
  EXPECT_EQ(db_.Query("SELECT id FROM t ORDER BY id"), "1\n2");
  EXPECT_EQ(db_.Exec("DELETE FROM t ORDER BY id LIMIT 1"), "");
  EXPECT_EQ(db_.Query("SELECT id FROM t"), "2");
  EXPECT_EQ(db_.Exec("UPDATE t, bonus SET t.qty = 1, bonus.extra = 1"),
            "1235: This version of Edge SQL doesn't yet support 'UPDATE of several tables in one "
            "statement'");
}

TEST_F(GeneratorTest, ViewsAreTypedAndSimpleOnesAreUpdatable) {
  ASSERT_EQ(
      db_.Exec("CREATE VIEW cheap (label, cost) AS SELECT name, price FROM t WHERE price < 5"), "");
  Result<Translation> t = db_.Translate("SELECT cost, label FROM cheap");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t.value().result_columns.size(), 2u);
  EXPECT_EQ(t.value().result_columns[0].type, catalog::MySqlType::kDecimal);
  EXPECT_EQ(t.value().result_columns[0].scale, 2);
  EXPECT_EQ(db_.Exec("UPDATE cheap SET cost = cost + 1 WHERE label = 'banana'"), "");
  EXPECT_EQ(db_.Exec("UPDATE cheap SET cost = 0"), "");  // only the view's rows
  EXPECT_EQ(db_.Query("SELECT name, price FROM t ORDER BY id"), "Apple|0\nbanana|0\nCherry|10");
  EXPECT_EQ(db_.Exec("INSERT INTO cheap (label, cost) VALUES ('date', 2)"), "");
  EXPECT_EQ(db_.Exec("DELETE FROM cheap WHERE label = 'Apple'"), "");
  EXPECT_EQ(db_.Query("SELECT name FROM t ORDER BY id"), "banana\nCherry\ndate");
  ASSERT_EQ(db_.Exec("CREATE VIEW counts AS SELECT size, COUNT(*) AS n FROM t GROUP BY size"), "");
  EXPECT_EQ(db_.Exec("UPDATE counts SET n = 1").substr(0, 4), "1288");
  EXPECT_EQ(db_.Exec("CREATE VIEW broken AS SELECT * FROM missing").substr(0, 4), "1146");
  ASSERT_EQ(db_.Exec("CREATE TABLE gone (a INT)"), "");
  ASSERT_EQ(db_.Exec("CREATE VIEW over_gone AS SELECT a FROM gone"), "");
  ASSERT_EQ(db_.Exec("DROP TABLE gone"), "");
  EXPECT_EQ(db_.Query("SELECT * FROM over_gone").substr(0, 4), "1356");
}

TEST_F(GeneratorTest, RefusesWhatSqliteCannotExpress) {
  EXPECT_EQ(db_.Query("SELECT 'a' REGEXP 'b'").substr(0, 4), "1235");
  EXPECT_EQ(db_.Query("SELECT @a := 1").substr(0, 4), "1235");
  EXPECT_EQ(db_.Query("SELECT qty FROM t GROUP BY qty WITH ROLLUP").substr(0, 4), "1235");
  EXPECT_EQ(db_.Query("SELECT 1 INTO @x").substr(0, 4), "1235");
  EXPECT_EQ(db_.Query("SELECT * FROM other.t").substr(0, 4), "1235");
}

}  // namespace
}  // namespace edgesql::transpile

namespace edgesql::transpile {
namespace {

TEST_F(GeneratorTest, TriggersSqliteCanExpress) {
  ASSERT_EQ(db_.Exec("CREATE TABLE log (tid INT, what VARCHAR(20), at DATETIME)"), "");
  EXPECT_EQ(db_.Exec("CREATE TRIGGER t_ins AFTER INSERT ON t FOR EACH ROW BEGIN\n"
                     "  INSERT INTO log (tid, what) VALUES (new.id, CONCAT('new ', new.name));\n"
                     "END"),
            "");
  EXPECT_EQ(db_.Exec("CREATE TRIGGER t_upd AFTER UPDATE ON t FOR EACH ROW BEGIN\n"
                     "  IF (old.name != new.name) THEN\n"
                     "    UPDATE log SET what = new.name WHERE tid = old.id;\n"
                     "  END IF;\n"
                     "END"),
            "");
  EXPECT_EQ(db_.Exec("CREATE TRIGGER log_stamp BEFORE INSERT ON log FOR EACH ROW "
                     "SET NEW.at = '2024-01-01 00:00:00'"),
            "");
  EXPECT_EQ(db_.Exec("INSERT INTO t (name) VALUES ('date')"), "");
  EXPECT_EQ(db_.Query("SELECT tid, what, at FROM log"), "4|new date|2024-01-01 00:00:00");
  EXPECT_EQ(db_.Exec("UPDATE t SET qty = 1 WHERE id = 4"), "");  // name unchanged: no log update
  EXPECT_EQ(db_.Query("SELECT what FROM log"), "new date");
  // 'date' to 'Date' is no change under the column's _ci collation.
  EXPECT_EQ(db_.Exec("UPDATE t SET name = 'Date' WHERE id = 4"), "");
  EXPECT_EQ(db_.Query("SELECT what FROM log"), "new date");
  EXPECT_EQ(db_.Exec("UPDATE t SET name = 'Fig' WHERE id = 4"), "");
  EXPECT_EQ(db_.Query("SELECT what FROM log"), "Fig");
  EXPECT_EQ(db_.Exec("DROP TRIGGER t_upd"), "");
  EXPECT_EQ(db_.Exec("CREATE TRIGGER bad AFTER DELETE ON t FOR EACH ROW BEGIN DECLARE x INT; END")
                .substr(0, 4),
            "1235");
  EXPECT_EQ(db_.Exec("CREATE TRIGGER bad AFTER DELETE ON t FOR EACH ROW BEGIN "
                     "IF old.id > 1 THEN DELETE FROM log; ELSE DELETE FROM log; END IF; END")
                .substr(0, 4),
            "1235");
  EXPECT_EQ(
      db_.Exec("CREATE TRIGGER bad AFTER DELETE ON nope FOR EACH ROW DELETE FROM log").substr(0, 4),
      "1146");
}

}  // namespace
}  // namespace edgesql::transpile
