// The transpiler's statement kinds: DDL as exact SQLite (the schema is
// what it is), DML judged by what SQLite computes from it (generator tests
// go further in sqlite_generator_test.cc), and the constructs it refuses.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/lexer.h"
#include "sqlite_eval.h"
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

// Literals and operators whose spelling differs: what SQLite computes from
// the translation is what MySQL gives.
TEST(TranspileTest, LiteralsAndOperatorsKeepTheirMySqlValues) {
  struct Case {
    const char* mysql;
    const char* rows;
  };
  const Case cases[] = {
      {"SELECT 'it\\'s', \"say \"\"hi\"\"\"", "it's|say \"hi\""},
      {"SELECT 'a\\nb'", "a\nb"},
      {"SELECT 'a' 'b', _utf8mb4'x'", "ab|x"},
      {"SELECT 0x1F, X'0a', b'101', 0b11, 0xABC", "x'1F'|x'0A'|5|3|x'0ABC'"},
      {"SELECT 1 <=> NULL, 1 || 0, 1 && 0, !1, 7 MOD 2", "0|1|0|0|1"},
      {"SELECT 'NUL\\0' = CONCAT('NUL', CHAR(0))", "1"},
      {"SELECT 1 /*!80000 + 1 */, 1 /*!99999 + 1 */", "2|1"},
      {"/*+ strong */ SELECT 1", "1"},
      {"SELECT LENGTH('é'), CHAR_LENGTH('é'), UCASE('a'), IF(2 > 1, 'x', 'y')", "2|1|A|x"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> out = Sqlite(c.mysql);
    ASSERT_EQ(out.size(), 1u) << c.mysql;
    testing::SqliteDb db;
    EXPECT_EQ(db.Query(out[0]), c.rows) << c.mysql << " -> " << out[0];
  }
  // Placeholders are numbered, so clauses can be reordered (LIMIT a, b).
  EXPECT_EQ(Sqlite("SELECT a FROM t WHERE b = ? LIMIT ?, ?")[0],
            "SELECT `a` AS \"a\" FROM \"t\" WHERE (`b` = ?1) LIMIT ?3 OFFSET ?2");
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
  ASSERT_EQ(out.size(), 8u);
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
  // Change capture: each written row's key and its values of the columns
  // that lead an index (email, name, active), noted for the cache's events.
  auto v = [](std::string row, std::string c) {
    std::string col = row + ".\"" + c + "\"";
    return "CASE WHEN typeof(" + col + ") = 'blob' THEN hex(" + col + ") ELSE " + col + " END";
  };
  auto note = [&](std::string row) {
    return "('users', json_array(" + v(row, "id") + "), json_object('email', " + v(row, "email") +
           ", 'name', " + v(row, "name") + ", 'active', " + v(row, "active") + "))";
  };
  const std::string head =
      " FOR EACH ROW BEGIN INSERT INTO _edgesql_changes (tbl, pk, lookup) VALUES ";
  EXPECT_EQ(out[4], "CREATE TRIGGER \"users/capture/INSERT\" AFTER INSERT ON \"users\"" + head +
                        note("NEW") + "; END");
  EXPECT_EQ(out[5], "CREATE TRIGGER \"users/capture/UPDATE\" AFTER UPDATE ON \"users\"" + head +
                        note("OLD") + ", " + note("NEW") + "; END");
  EXPECT_EQ(out[6], "CREATE TRIGGER \"users/capture/DELETE\" AFTER DELETE ON \"users\"" + head +
                        note("OLD") + "; END");
  EXPECT_EQ(out[7],
            "INSERT INTO sqlite_sequence (name, seq) SELECT 'users', 99 WHERE NOT EXISTS "
            "(SELECT 1 FROM sqlite_sequence WHERE name = 'users')");
}

TEST(TranspileTest, ServerFactsBecomeLiteralsNamedAsMySqlNamesThem) {
  Result<Translation> t = TranspileText(
      "SELECT @@version, @@SESSION.auto_increment_increment AS inc, DATABASE(), "
      "CONCAT(VERSION(), '!'), @@sql_mode FROM dual WHERE 1 = @@autocommit",
      {"shop"});
  ASSERT_TRUE(t.ok()) << t.error().message();
  testing::SqliteDb db;
  EXPECT_EQ(db.Names(t.value().statements[0]),
            "@@version|inc|DATABASE()|CONCAT(VERSION(), '!')|@@sql_mode");
  EXPECT_EQ(
      db.Query(t.value().statements[0]),
      "8.0.36-edge-sql-0.1.0|1|shop|8.0.36-edge-sql-0.1.0!|ONLY_FULL_GROUP_BY,STRICT_TRANS_"
      "TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION");
  Result<Translation> none = TranspileText("SELECT DATABASE()", {""});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(db.Query(none.value().statements[0]), "NULL");
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
  ASSERT_EQ(out.size(), 4u);  // the table and its capture triggers
  EXPECT_EQ(out[1].rfind("CREATE TRIGGER IF NOT EXISTS \"t/capture/INSERT\"", 0), 0u) << out[1];
  EXPECT_EQ(
      out[0].rfind("CREATE TABLE IF NOT EXISTS \"t\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT", 0),
      0u);
}

TEST(TranspileTest, IntegerPrimaryKeyWithoutAutoIncrementIsNotARowidAlias) {
  // MySQL rejects NULL in a primary key; SQLite's rowid alias would assign one.
  std::vector<std::string> out = Sqlite("CREATE TABLE t (id INT PRIMARY KEY, code CHAR(2))");
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].rfind("CREATE TABLE \"t\" (\"id\" INT NOT NULL CONSTRAINT", 0), 0u) << out[0];
  EXPECT_NE(out[0].find(", PRIMARY KEY (\"id\"))"), std::string::npos) << out[0];
}

TEST(TranspileTest, ForeignKeysAndChecks) {
  std::vector<std::string> out = Sqlite(
      "CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, user_id INT NOT NULL, qty INT, "
      "CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE "
      "RESTRICT, CHECK (qty > 0), FOREIGN KEY (qty) REFERENCES q (n))");
  // InnoDB's implicit indexes on the foreign key columns: named after the
  // constraint, else after the column.
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[1], "CREATE INDEX \"orders/fk_user\" ON \"orders\" (\"user_id\")");
  EXPECT_EQ(out[2], "CREATE INDEX \"orders/qty\" ON \"orders\" (\"qty\")");
  EXPECT_NE(out[0].find(", CONSTRAINT \"fk_user\" FOREIGN KEY (\"user_id\") REFERENCES \"users\" "
                        "(\"id\") ON DELETE CASCADE ON UPDATE RESTRICT"),
            std::string::npos)
      << out[0];
  EXPECT_NE(out[0].find(", CONSTRAINT \"orders_ibfk_2\" FOREIGN KEY (\"qty\")"), std::string::npos);
  EXPECT_NE(out[0].find(", CONSTRAINT \"orders_chk_1\" CHECK ((`qty` > 0)))"), std::string::npos);
}

TEST(TranspileTest, OnUpdateCurrentTimestampBecomesATrigger) {
  std::vector<std::string> out = Sqlite(
      "CREATE TABLE t (id INT PRIMARY KEY, v INT, ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP "
      "ON UPDATE CURRENT_TIMESTAMP)");
  ASSERT_EQ(out.size(), 5u);
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
  EXPECT_EQ(Refusal("SELECT GROUP_CONCAT(c SEPARATOR) FROM t"), ErrorCode::kParse);
  EXPECT_EQ(Refusal("SELECT CONCAT()"), ErrorCode::kWrongParamCountToNativeFunction);
  EXPECT_EQ(Refusal("SELECT IF(1, 2)"), ErrorCode::kWrongParamCountToNativeFunction);
  EXPECT_EQ(Refusal("SELECT LPAD('a', 2)"), ErrorCode::kWrongParamCountToNativeFunction);
  EXPECT_EQ(Refusal("SELECT 'a' SOUNDS LIKE 'b'"), ErrorCode::kNotSupportedYet);
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
