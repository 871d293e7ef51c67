// Transpiler read/write pairs: one MySQL statement, the exact SQLite it must
// become (sqlglot's testing habit), plus the constructs that must be refused.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/lexer.h"
#include "transpile/create_table.h"
#include "transpile/transpiler.h"

namespace edgesql::transpile {
namespace {

std::vector<std::string> Sqlite(std::string_view mysql) {
  Result<Translation> t = TranspileText(mysql, {"app"});
  EXPECT_TRUE(t.ok()) << mysql << " -> " << (t.ok() ? "" : t.error().message());
  return t.ok() ? t.value().statements : std::vector<std::string>{};
}

ErrorCode Refusal(std::string_view mysql) {
  Result<Translation> t = TranspileText(mysql, {"app"});
  EXPECT_FALSE(t.ok()) << mysql;
  return t.ok() ? ErrorCode::kUnknown : t.error().code();
}

struct Pair {
  const char* mysql;
  const char* sqlite;
};

TEST(TranspileTest, DmlPairs) {
  const Pair pairs[] = {
      {"SELECT * FROM `users` WHERE `id` = ?", "SELECT * FROM \"users\" WHERE \"id\" = ?1"},
      {"SELECT a FROM t LIMIT 10, 20", "SELECT a FROM t LIMIT 20 OFFSET 10"},
      {"SELECT a FROM t LIMIT ?, ?", "SELECT a FROM t LIMIT ?2 OFFSET ?1"},
      {"SELECT a FROM t LIMIT 5", "SELECT a FROM t LIMIT 5"},
      {"SELECT NOW()", "SELECT CURRENT_TIMESTAMP"},
      {"SELECT now(3)", "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"},
      {"SELECT CURDATE(), CURRENT_DATE, CURRENT_TIMESTAMP()",
       "SELECT CURRENT_DATE, CURRENT_DATE, CURRENT_TIMESTAMP"},
      {"SELECT 'it\\'s', \"say \"\"hi\"\"\"", "SELECT 'it''s', 'say \"hi\"'"},
      {"SELECT 'a\\nb'", "SELECT 'a\nb'"},
      {"SELECT 'a' 'b'", "SELECT 'ab'"},
      {"SELECT _utf8mb4'x'", "SELECT 'x'"},
      {"SELECT 0x1F, X'0a', b'101', 0b11", "SELECT X'1F', X'0a', 5, 3"},
      {"SELECT 0xABC", "SELECT X'0ABC'"},
      {"SELECT a <=> b, a || b, a && b, !a FROM t", "SELECT a IS b, a OR b, a AND b, NOT a FROM t"},
      {"SELECT 7 MOD 2, MOD(7, 2)", "SELECT 7 % 2, MOD(7, 2)"},
      {"SELECT `we``ird`", "SELECT \"we`ird\""},
      {"SELECT `a\"b`", "SELECT \"a\"\"b\""},
      {"/*+ strong */ SELECT 1", "SELECT 1"},
      {"INSERT INTO t (a, b) VALUES (?, ?), (?, ?)",
       "INSERT INTO t (a, b) VALUES (?1, ?2), (?3, ?4)"},
      {"INSERT IGNORE INTO t VALUES (1)", "INSERT OR IGNORE INTO t VALUES (1)"},
      {"INSERT LOW_PRIORITY INTO t VALUES (1)", "INSERT INTO t VALUES (1)"},
      {"REPLACE INTO t VALUES (1)", "REPLACE INTO t VALUES (1)"},
      {"UPDATE t SET a = a + 1 WHERE id = ?", "UPDATE t SET a = a + 1 WHERE id = ?1"},
      {"DELETE FROM t WHERE id IN (1, 2)", "DELETE FROM t WHERE id IN (1, 2)"},
      {"SELECT 'NUL\\0'", "SELECT CAST(X'4E554C00' AS TEXT)"},
      {"SELECT 1 /*!80000 + 1 */", "SELECT 1 + 1"},
      {"SELECT 1 /*!99999 + 1 */", "SELECT 1"},
      // The current database as qualifier: one shard holds one database.
      {"SELECT f.id FROM app.film f JOIN `app`.`actor` a ON a.id = f.a WHERE app.film.id = 1",
       "SELECT f.id FROM film f JOIN \"actor\" a ON a.id = f.a WHERE film.id = 1"},
      // Functions SQLite spells differently (function_map.cc).
      {"SELECT IF(a > 1, 'x', 'y') AS v FROM t", "SELECT iif((a > 1), ('x'), ('y')) AS v FROM t"},
      {"SELECT LENGTH(s) AS b, CHAR_LENGTH(s) AS c FROM t",
       "SELECT length(CAST((s) AS BLOB)) AS b, length((s)) AS c FROM t"},
      {"INSERT INTO day (a) VALUES (UCASE(?))", "INSERT INTO day (a) VALUES (upper((?1)))"},
      // CONCAT is NULL if any argument is; SQLite's concat() skips NULLs.
      {"SELECT CONCAT(a, NULL, 'c') FROM t",
       "SELECT ((a) || (NULL) || ('c')) AS \"CONCAT(a, NULL, 'c')\" FROM t"},
      {"SELECT CONCAT(x) AS y FROM t", "SELECT ((x) || '') AS y FROM t"},
      {"SELECT GROUP_CONCAT(a, b ORDER BY a DESC SEPARATOR '; ') AS g FROM t",
       "SELECT group_concat((a) || (b), '; ' ORDER BY a DESC) AS g FROM t"},
      {"SELECT GROUP_CONCAT(DISTINCT c) g FROM t", "SELECT group_concat(DISTINCT (c)) g FROM t"},
  };
  for (const Pair& p : pairs) {
    std::vector<std::string> out = Sqlite(p.mysql);
    ASSERT_EQ(out.size(), 1u) << p.mysql;
    EXPECT_EQ(out[0], p.sqlite) << p.mysql;
  }
}

TEST(TranspileTest, CreateTableWithAutoIncrementKeysAndOptions) {
  std::vector<std::string> out = Sqlite(
      "CREATE TABLE `users` (\n"
      "  `id` INT UNSIGNED NOT NULL AUTO_INCREMENT,\n"
      "  `email` VARCHAR(255) NOT NULL COMMENT 'login',\n"
      "  `name` varchar(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL,\n"
      "  `score` DECIMAL(10,2) DEFAULT '0.00',\n"
      "  `active` TINYINT(1) NOT NULL DEFAULT 1,\n"
      "  `created_at` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
      "  PRIMARY KEY (`id`),\n"
      "  UNIQUE KEY `uk_email` (`email`),\n"
      "  KEY `idx_name` (`name`(10)),\n"
      "  INDEX (`active`, `created_at`)\n"
      ") ENGINE=InnoDB AUTO_INCREMENT=100 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci "
      "COMMENT='people'");
  ASSERT_EQ(out.size(), 5u);
  EXPECT_EQ(
      out[0],
      "CREATE TABLE \"users\" ("
      "\"id\" INTEGER PRIMARY KEY AUTOINCREMENT"
      " CONSTRAINT \"edgesql:type:id\" CHECK (typeof(\"id\") IN ('integer', 'real', 'null'))"
      " CONSTRAINT \"edgesql:range:id\" CHECK (\"id\" BETWEEN 0 AND 4294967295), "
      "\"email\" TEXT NOT NULL COLLATE NOCASE"
      " CONSTRAINT \"edgesql:length:email\" CHECK (length(\"email\") <= 255), "
      "\"name\" TEXT COLLATE BINARY DEFAULT NULL"
      " CONSTRAINT \"edgesql:length:name\" CHECK (length(\"name\") <= 64), "
      "\"score\" NUMERIC DEFAULT '0.00'"
      " CONSTRAINT \"edgesql:type:score\" CHECK (typeof(\"score\") IN ('integer', 'real', 'null'))"
      " CONSTRAINT \"edgesql:range:score\" CHECK (abs(\"score\") < 100000000), "
      "\"active\" INTEGER NOT NULL DEFAULT '1'"
      " CONSTRAINT \"edgesql:type:active\" CHECK (typeof(\"active\") IN ('integer', 'real', "
      "'null'))"
      " CONSTRAINT \"edgesql:range:active\" CHECK (\"active\" BETWEEN -128 AND 127), "
      "\"created_at\" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  EXPECT_EQ(out[1], "CREATE UNIQUE INDEX \"users/uk_email\" ON \"users\" (\"email\")");
  EXPECT_EQ(out[2], "CREATE INDEX \"users/idx_name\" ON \"users\" (\"name\")");
  EXPECT_EQ(out[3], "CREATE INDEX \"users/active\" ON \"users\" (\"active\", \"created_at\")");
  EXPECT_EQ(out[4],
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'users', 99 WHERE NOT EXISTS "
            "(SELECT 1 FROM sqlite_sequence WHERE name = 'users')");
}

TEST(TranspileTest, ServerFactsBecomeLiteralsNamedAsMySqlNamesThem) {
  Result<Translation> t = TranspileText(
      "SELECT @@version, @@SESSION.auto_increment_increment AS inc, DATABASE(), "
      "CONCAT(VERSION(), '!'), @@sql_mode FROM dual WHERE 1 = @@autocommit",
      {"shop"});
  ASSERT_TRUE(t.ok()) << t.error().message();
  EXPECT_EQ(t.value().statements[0],
            "SELECT '8.0.36-edge-sql-0.1.0' AS \"@@version\", 1 AS inc, 'shop' AS \"DATABASE()\", "
            "(('8.0.36-edge-sql-0.1.0') || ('!')) AS \"CONCAT(VERSION(), '!')\", "
            "'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,"
            "NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION' AS "
            "\"@@sql_mode\" WHERE 1 = 1");
  Result<Translation> none = TranspileText("SELECT DATABASE()", {""});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none.value().statements[0], "SELECT NULL AS \"DATABASE()\"");
}

TEST(TranspileTest, CreateTableFillsTheCatalog) {
  std::string_view text =
      "CREATE TABLE t (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, kind ENUM('a','b') NOT NULL "
      "DEFAULT 'a', price DECIMAL(8,3), at DATETIME(3), flag BOOL) COMMENT 'x'";
  Result<std::vector<sql::Token>> tokens = sql::Lex(text);
  ASSERT_TRUE(tokens.ok());
  Result<CreateTableOutput> out =
      TranspileCreateTable(text, tokens.value(), 0, tokens.value().size() - 1, nullptr);
  ASSERT_TRUE(out.ok()) << out.error().message();
  const catalog::TableDef& t = out.value().table;
  ASSERT_EQ(t.columns.size(), 5u);
  EXPECT_EQ(catalog::ColumnTypeText(t.columns[0]), "bigint unsigned");
  EXPECT_TRUE(t.columns[0].auto_increment);
  EXPECT_FALSE(t.columns[0].nullable);
  EXPECT_EQ(catalog::ColumnTypeText(t.columns[1]), "enum('a','b')");
  EXPECT_EQ(t.columns[1].default_value, "a");
  EXPECT_EQ(catalog::ColumnTypeText(t.columns[2]), "decimal(8,3)");
  EXPECT_EQ(catalog::ColumnTypeText(t.columns[3]), "datetime(3)");
  EXPECT_EQ(catalog::ColumnTypeText(t.columns[4]), "tinyint(1)");
  ASSERT_NE(t.PrimaryKey(), nullptr);
  EXPECT_EQ(t.comment, "x");
  // ENUM membership is a named check the gateway reports as 1265.
  EXPECT_NE(out.value().statements[0].find(
                "CONSTRAINT \"edgesql:enum:kind\" CHECK (\"kind\" IN ('a', 'b'))"),
            std::string::npos);
}

TEST(TranspileTest, CreateTableLikeCopiesTheCatalogDefinition) {
  catalog::DatabaseSchema schema;
  Result<Translation> base =
      TranspileText("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(3))", {"app"});
  ASSERT_TRUE(base.ok());
  schema.tables["a"] = base.value().put_tables[0];
  Result<Translation> like = TranspileText("CREATE TABLE b LIKE a", {"app", &schema});
  ASSERT_TRUE(like.ok()) << like.error().message();
  ASSERT_EQ(like.value().put_tables.size(), 1u);
  EXPECT_EQ(like.value().put_tables[0].name, "b");
  EXPECT_EQ(like.value().statements[0].rfind("CREATE TABLE \"b\" (\"id\" INT NOT NULL", 0), 0u);
}

TEST(TranspileTest, InlinePrimaryKeyAndIfNotExists) {
  std::vector<std::string> out =
      Sqlite("CREATE TABLE IF NOT EXISTS t (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT)");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(
      out[0].rfind("CREATE TABLE IF NOT EXISTS \"t\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT", 0),
      0u);
}

TEST(TranspileTest, IntegerPrimaryKeyWithoutAutoIncrementIsNotARowidAlias) {
  // MySQL rejects NULL in a primary key; SQLite's rowid alias would assign one.
  std::vector<std::string> out = Sqlite("CREATE TABLE t (id INT PRIMARY KEY, code CHAR(2))");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rfind("CREATE TABLE \"t\" (\"id\" INT NOT NULL CONSTRAINT", 0), 0u) << out[0];
  EXPECT_NE(out[0].find(", PRIMARY KEY (\"id\"))"), std::string::npos) << out[0];
}

TEST(TranspileTest, ForeignKeysAndChecks) {
  std::vector<std::string> out = Sqlite(
      "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL, qty INT, "
      "CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE "
      "RESTRICT, CHECK (qty > 0), FOREIGN KEY (qty) REFERENCES q (n))");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_NE(out[0].find(", CONSTRAINT \"fk_user\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" "
                        "(\"id\") ON DELETE CASCADE ON UPDATE RESTRICT"),
            std::string::npos)
      << out[0];
  EXPECT_NE(out[0].find(", CONSTRAINT \"orders_ibfk_2\" FOREIGN KEY (\"qty\")"), std::string::npos);
  EXPECT_NE(out[0].find(", CONSTRAINT \"orders_chk_1\" CHECK (qty > 0))"), std::string::npos);
}

TEST(TranspileTest, OnUpdateCurrentTimestampBecomesATrigger) {
  std::vector<std::string> out = Sqlite(
      "CREATE TABLE t (id INT PRIMARY KEY, v INT, ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP "
      "ON UPDATE CURRENT_TIMESTAMP)");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1],
            "CREATE TRIGGER \"t/on_update/ts\" AFTER UPDATE ON \"t\" FOR EACH ROW WHEN NEW.\"ts\" "
            "IS OLD.\"ts\" AND (NEW.\"id\" IS NOT OLD.\"id\" OR NEW.\"v\" IS NOT OLD.\"v\") BEGIN "
            "UPDATE \"t\" SET \"ts\" = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END");
}

TEST(TranspileTest, FulltextIsAcceptedWithAWarning) {
  Result<Translation> t = TranspileText(
      "CREATE TABLE d (id INT PRIMARY KEY, body TEXT, FULLTEXT KEY ft (body))", {"app"});
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t.value().warnings.size(), 1u);
  EXPECT_EQ(t.value().warnings[0].code, 1235);
}

TEST(TranspileTest, DdlStatements) {
  EXPECT_EQ(Sqlite("DROP TABLE IF EXISTS a, `b`"),
            (std::vector<std::string>{"DROP TABLE IF EXISTS \"a\"", "DROP TABLE IF EXISTS \"b\""}));
  EXPECT_EQ(
      Sqlite("CREATE UNIQUE INDEX ix ON t (a, b DESC)"),
      (std::vector<std::string>{"CREATE UNIQUE INDEX \"t/ix\" ON \"t\" (\"a\", \"b\" DESC)"}));
  EXPECT_EQ(Sqlite("DROP INDEX ix ON t"), (std::vector<std::string>{"DROP INDEX \"t/ix\""}));
  EXPECT_EQ(Sqlite("TRUNCATE TABLE t"),
            (std::vector<std::string>{"DELETE FROM \"t\"",
                                      "DELETE FROM sqlite_sequence WHERE name = 't'"}));
  std::vector<std::string> show = Sqlite("SHOW TABLES");
  ASSERT_EQ(show.size(), 1u);
  EXPECT_NE(show[0].find("AS \"Tables_in_app\""), std::string::npos);
}

TEST(TranspileTest, RefusesWhatItCannotExpress) {
  EXPECT_EQ(Refusal("SELECT @x := 1"), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("SELECT @@no_such_variable"), ErrorCode::kUnknownSystemVariable);
  EXPECT_EQ(Refusal("SELECT 7 DIV 2"), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("SELECT GROUP_CONCAT(DISTINCT c SEPARATOR ';') FROM t"),
            ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("SELECT GROUP_CONCAT(c SEPARATOR) FROM t"), ErrorCode::kParse);
  EXPECT_EQ(Refusal("SELECT CONCAT()"), ErrorCode::kWrongParamCountToNativeFunction);
  EXPECT_EQ(Refusal("SELECT IF(1, 2)"), ErrorCode::kWrongParamCountToNativeFunction);
  EXPECT_EQ(Refusal("SELECT LPAD('a', 2)"), ErrorCode::kWrongParamCountToNativeFunction);
  EXPECT_EQ(Refusal("SELECT 1 XOR 0"), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1"),
            ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("CREATE TABLE t LIKE u"), ErrorCode::kNoSuchTable);
  EXPECT_EQ(Refusal("CREATE TABLE g (p POINT)"), ErrorCode::kNotSupportedYet);
  // InnoDB wants the auto column first in some key: MySQL says 1075 too.
  EXPECT_EQ(Refusal("CREATE TABLE t (a INT, b INT AUTO_INCREMENT, PRIMARY KEY (a, b))"),
            ErrorCode::kWrongAutoKey);
  EXPECT_EQ(Refusal("CREATE TABLE t (a INT, b INT AUTO_INCREMENT, PRIMARY KEY (b, a))"),
            ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("CREATE TABLE t (a DECIMAL(70, 2))"), ErrorCode::kTooBigPrecision);
  EXPECT_EQ(Refusal("CREATE TABLE t (a VARCHAR)"), ErrorCode::kParse);
  EXPECT_EQ(Refusal("CREATE TABLE t (a INT AUTO_INCREMENT)"), ErrorCode::kWrongAutoKey);
  EXPECT_EQ(Refusal("CREATE TABLE t (a INT, a INT)"), ErrorCode::kDuplicateFieldName);
  EXPECT_EQ(Refusal("CREATE TABLE t (a INT, PRIMARY KEY (b))"), ErrorCode::kKeyColumnDoesNotExist);
  EXPECT_EQ(Refusal("CREATE TABLE t (a INT) PARTITION BY HASH(a)"), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("CREATE TABLE t (a INT"), ErrorCode::kParse);
  EXPECT_EQ(Refusal("CREATE TABLE t (a FOO)"), ErrorCode::kParse);
  EXPECT_EQ(Refusal("ALTER TABLE t ADD COLUMN b INT"), ErrorCode::kNotSupportedYet);
  EXPECT_EQ(Refusal("SELECT 1; SELECT 2"), ErrorCode::kParse);
}

}  // namespace
}  // namespace edgesql::transpile

namespace edgesql::transpile {
namespace {

// A schema holding the tables the given CREATE TABLE statements define.
catalog::DatabaseSchema SchemaOf(std::initializer_list<std::string_view> creates) {
  catalog::DatabaseSchema schema;
  for (std::string_view create : creates) {
    Result<Translation> t = TranspileText(create, {"app"});
    EXPECT_TRUE(t.ok()) << create;
    if (t.ok()) schema.tables[t.value().put_tables[0].name] = t.value().put_tables[0];
  }
  return schema;
}

TEST(AlterTableTest, ChangesTheCatalogDefinitionAndRebuilds) {
  catalog::DatabaseSchema schema = SchemaOf(
      {"CREATE TABLE t (id INT AUTO_INCREMENT PRIMARY KEY, a VARCHAR(10), b INT, KEY kb (b))"});
  Result<Translation> t = TranspileText(
      "ALTER TABLE t ADD COLUMN c INT NOT NULL AFTER id, DROP COLUMN b, CHANGE a name VARCHAR(20) "
      "NOT NULL DEFAULT 'x', ADD UNIQUE KEY u (name), RENAME TO t2",
      {"app", &schema});
  ASSERT_TRUE(t.ok()) << t.error().message();
  const catalog::TableDef& def = t.value().put_tables[0];
  EXPECT_EQ(def.name, "t2");
  ASSERT_EQ(def.columns.size(), 3u);
  EXPECT_EQ(def.columns[0].name, "id");
  EXPECT_EQ(def.columns[1].name, "c");
  EXPECT_EQ(def.columns[2].name, "name");
  EXPECT_EQ(catalog::ColumnTypeText(def.columns[2]), "varchar(20)");
  EXPECT_EQ(def.FindIndex("kb"), nullptr);  // its only column was dropped
  EXPECT_NE(def.FindIndex("u"), nullptr);
  EXPECT_EQ(t.value().dropped_tables, std::vector<std::string>{"t"});
  const std::vector<std::string>& sql = t.value().statements;
  ASSERT_GE(sql.size(), 6u);
  EXPECT_EQ(sql[0].rfind("CREATE TABLE \"_edgesql_rebuild\" (", 0), 0u);
  EXPECT_EQ(sql[1],
            "INSERT INTO sqlite_sequence (name, seq) SELECT '_edgesql_rebuild', seq FROM "
            "sqlite_sequence WHERE name = 't'");
  // New NOT NULL column without DEFAULT: MySQL's implicit default, 0.
  EXPECT_EQ(sql[2],
            "INSERT INTO \"_edgesql_rebuild\" (\"id\", \"c\", \"name\") SELECT \"id\", 0, "
            "\"a\" FROM \"t\"");
  EXPECT_EQ(sql[3], "DROP TABLE \"t\"");
  EXPECT_EQ(sql[4], "ALTER TABLE \"_edgesql_rebuild\" RENAME TO \"t2\"");
  EXPECT_EQ(sql[5], "CREATE UNIQUE INDEX \"t2/u\" ON \"t2\" (\"name\")");
}

TEST(AlterTableTest, ErrorsAsMySqlGivesThem) {
  catalog::DatabaseSchema schema =
      SchemaOf({"CREATE TABLE p (id INT PRIMARY KEY)",
                "CREATE TABLE c (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p (id))",
                "CREATE TABLE one (a INT)"});
  auto code = [&](std::string_view sql) {
    Result<Translation> t = TranspileText(sql, {"app", &schema});
    EXPECT_FALSE(t.ok()) << sql;
    return t.ok() ? 0 : t.error().errnum();
  };
  EXPECT_EQ(code("ALTER TABLE nope ADD x INT"), 1146);
  EXPECT_EQ(code("ALTER TABLE c ADD id INT"), 1060);
  EXPECT_EQ(code("ALTER TABLE c DROP COLUMN nope"), 1091);
  EXPECT_EQ(code("ALTER TABLE c DROP INDEX nope"), 1091);
  EXPECT_EQ(code("ALTER TABLE c MODIFY nope INT"), 1054);
  EXPECT_EQ(code("ALTER TABLE c ADD x INT AFTER nope"), 1054);
  EXPECT_EQ(code("ALTER TABLE c DROP COLUMN pid"), 1828);
  EXPECT_EQ(code("ALTER TABLE one DROP COLUMN a"), 1090);
  EXPECT_EQ(code("ALTER TABLE c RENAME TO one"), 1050);
  EXPECT_EQ(code("ALTER TABLE c RENAME INDEX nope TO x"), 1176);
  // p is referenced by c: a rebuild would orphan c's rows (see alter_table.cc).
  EXPECT_EQ(code("ALTER TABLE p ADD x INT"), 1235);
  EXPECT_EQ(code("RENAME TABLE p TO q"), 1235);
  EXPECT_EQ(code("ALTER TABLE c ORDER BY id"), 1235);
}

TEST(AlterTableTest, RenameTableAppliesPairsInOrder) {
  catalog::DatabaseSchema schema = SchemaOf({"CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)"});
  Result<Translation> t =
      TranspileText("RENAME TABLE a TO tmp, b TO a, tmp TO b", {"app", &schema});
  ASSERT_TRUE(t.ok()) << t.error().message();
  ASSERT_EQ(t.value().put_tables.size(), 3u);
  EXPECT_EQ(t.value().put_tables[2].name, "b");
  EXPECT_EQ(t.value().put_tables[2].columns[0].name, "x");  // a's column, now in b
}

}  // namespace
}  // namespace edgesql::transpile
