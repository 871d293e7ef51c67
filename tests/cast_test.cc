// CAST/CONVERT (cast.h): each cast is parsed from real MySQL, translated,
// run on a real SQLite, and its value compared with what MySQL 8.0 gives.
#include "transpile/cast.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "sql/parser.h"
#include "sqlite_eval.h"
#include "translation_test_util.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

using testing::ExpectPatternsFit;
using testing::LongestPatternLiteral;

namespace ast = sql::ast;

// The operand as the generator writes it (literals, X'..', ?, columns, -x).
Result<std::string> Operand(const ast::Expr* e) {
  if (const auto* l = ast::As<ast::Literal>(e)) {
    switch (l->literal) {
      case ast::LiteralKind::kNull:
        return std::string("NULL");
      case ast::LiteralKind::kNumber:
        return std::string(l->text);
      case ast::LiteralKind::kHex:  // X'..' is a blob, as the generator writes it
        return std::string(l->text);
      default:
        return QuoteString(l->text);
    }
  }
  if (const auto* u = ast::As<ast::Unary>(e); u != nullptr && u->op == ast::UnaryOp::kMinus) {
    Result<std::string> x = Operand(u->operand);
    if (!x.ok()) return x;
    return "-(" + x.value() + ")";
  }
  if (const auto* p = ast::As<ast::Placeholder>(e)) return "?" + std::to_string(p->index + 1);
  if (const auto* c = ast::As<ast::ColumnRef>(e)) return QuoteIdentifier(c->column.name);
  if (const auto* c = ast::As<ast::Cast>(e)) {
    Result<std::string> x = Operand(c->operand);
    if (!x.ok()) return x;
    return CastSql(x.value(), c->type);
  }
  if (const auto* f = ast::As<ast::Function>(e); f != nullptr && f->args.size == 1) {
    Result<std::string> x = Operand(f->args[0]);  // MAX(v) and the like
    if (!x.ok()) return x;
    return std::string(f->name) + "(" + x.value() + ")";
  }
  return Unsupported("test operand");
}

class CastTest : public ::testing::Test {
 protected:
  // "CAST(x AS t)" -> SQLite's value, or "error <errno>" from translation.
  std::string Eval(std::string_view mysql, const std::vector<std::string>& params = {}) {
    Result<std::string> sql = Translate(mysql);
    if (!sql.ok()) return "error " + std::to_string(sql.error().errnum());
    return db_.Eval(sql.value(), params);
  }
  // The same cast of each row's v in table t.
  std::string Column(std::string_view mysql) {
    Result<std::string> sql = Translate(mysql);
    if (!sql.ok()) return "error " + std::to_string(sql.error().errnum());
    return db_.Query("SELECT " + sql.value() + " FROM t ORDER BY rowid");
  }
  std::string TypeOf(std::string_view mysql) {
    Result<std::string> sql = Translate(mysql);
    return sql.ok() ? db_.Eval("typeof(" + sql.value() + ")") : "error";
  }

  static Result<std::string> Translate(std::string_view mysql) {
    std::string text = "SELECT " + std::string(mysql);
    Result<sql::ParsedStatement> parsed = sql::ParseStatement(text);
    if (!parsed.ok()) return std::move(parsed).error();
    const auto* select = ast::As<ast::SelectStatement>(&parsed.value().root());
    const auto* core = ast::As<ast::SelectCore>(select->query->body);
    Result<std::string> out = Operand(core->items[0]->expr);
    if (out.ok()) ExpectPatternsFit(out.value(), mysql);
    return out;
  }

  testing::SqliteDb db_;
};

TEST_F(CastTest, SignedRoundsDecimalsAndTruncatesStrings) {
  EXPECT_EQ(Eval("CAST(1.5 AS SIGNED)"), "2");
  EXPECT_EQ(Eval("CAST(-1.5 AS SIGNED)"), "-2");
  EXPECT_EQ(Eval("CAST(1.4 AS SIGNED INTEGER)"), "1");
  EXPECT_EQ(Eval("CAST('1.5' AS SIGNED)"), "1");
  EXPECT_EQ(Eval("CAST('-1.5' AS SIGNED)"), "-1");
  EXPECT_EQ(Eval("CAST(' 12abc' AS SIGNED)"), "12");
  EXPECT_EQ(Eval("CAST('abc' AS SIGNED)"), "0");
  EXPECT_EQ(Eval("CAST(NULL AS SIGNED)"), "NULL");
  EXPECT_EQ(Eval("CAST(? AS SIGNED)", {"2.5"}), "2");
  EXPECT_EQ(Eval("CONVERT(2.5, SIGNED)"), "3");
  db_.Exec("CREATE TABLE t(v); INSERT INTO t VALUES (2.5), (-2.5), ('7.9'), (NULL), (x'3132')");
  EXPECT_EQ(Column("CAST(v AS SIGNED)"), "3\n-3\n7\nNULL\n12");
  EXPECT_EQ(Eval("CAST(99999999999999999999 AS SIGNED)"), "9223372036854775807");
}

TEST_F(CastTest, UnsignedWrapsNegativesAsText) {
  EXPECT_EQ(Eval("CAST(-1 AS UNSIGNED)"), "18446744073709551615");
  EXPECT_EQ(TypeOf("CAST(-1 AS UNSIGNED)"), "text");
  EXPECT_EQ(Eval("CAST(1 AS UNSIGNED)"), "1");
  EXPECT_EQ(TypeOf("CAST(1 AS UNSIGNED)"), "integer");
  EXPECT_EQ(Eval("CAST(-1.5 AS UNSIGNED)"), "18446744073709551614");
  EXPECT_EQ(Eval("CAST('-1' AS UNSIGNED)"), "18446744073709551615");
  EXPECT_EQ(Eval("CAST(NULL AS UNSIGNED)"), "NULL");
  db_.Exec("CREATE TABLE t(v); INSERT INTO t VALUES (-3), (5), (NULL)");
  EXPECT_EQ(Column("CAST(v AS UNSIGNED)"), "18446744073709551613\n5\nNULL");
  EXPECT_EQ(Column("CAST(MIN(v) AS UNSIGNED)"), "18446744073709551613");
}

TEST_F(CastTest, CharAndBinary) {
  EXPECT_EQ(Eval("CAST('abcdef' AS CHAR(3))"), "abc");
  EXPECT_EQ(Eval("CAST('añb' AS CHAR(2))"), "añ");
  EXPECT_EQ(Eval("CAST(123 AS CHAR)"), "123");
  EXPECT_EQ(TypeOf("CAST(123 AS CHAR)"), "text");
  EXPECT_EQ(Eval("CAST(1.50 AS CHAR)"), "1.50");
  EXPECT_EQ(Eval("CAST('abc' AS CHAR(0))"), "");
  EXPECT_EQ(Eval("CONVERT('abc', NCHAR(2))"), "ab");
  EXPECT_EQ(Eval("CAST(NULL AS CHAR)"), "NULL");
  EXPECT_EQ(Eval("CAST('a' AS BINARY(3))"), "x'610000'");
  EXPECT_EQ(Eval("CAST('abcd' AS BINARY(2))"), "x'6162'");
  EXPECT_EQ(Eval("CAST('ab' AS BINARY)"), "x'6162'");
  EXPECT_EQ(Eval("CAST('ab' AS CHAR CHARACTER SET binary)"), "x'6162'");
  EXPECT_EQ(Eval("CAST(NULL AS BINARY(2))"), "NULL");
}

TEST_F(CastTest, DecimalRoundsHalfAwayAndClamps) {
  EXPECT_EQ(Eval("CAST(1.005 AS DECIMAL(5, 2))"), "1.01");
  EXPECT_EQ(Eval("CAST(123.456 AS DECIMAL(5, 2))"), "123.46");
  EXPECT_EQ(Eval("CAST(-123.455 AS DECIMAL(5, 2))"), "-123.46");
  EXPECT_EQ(Eval("CAST(1234.5 AS DECIMAL(5, 2))"), "999.99");
  EXPECT_EQ(Eval("CAST(-1234.5 AS DECIMAL(5, 2))"), "-999.99");
  EXPECT_EQ(Eval("CAST(2.5 AS DECIMAL)"), "3");
  EXPECT_EQ(Eval("CAST(-2.5 AS DECIMAL)"), "-3");
  EXPECT_EQ(TypeOf("CAST(2.5 AS DECIMAL)"), "integer");
  EXPECT_EQ(Eval("CAST('1.25' AS DECIMAL(3, 1))"), "1.3");
  EXPECT_EQ(Eval("CAST(12345678901 AS DECIMAL)"), "9999999999");
  EXPECT_EQ(Eval("CAST(7 AS DECIMAL(4, 1))"), "7");
  EXPECT_EQ(Eval("CAST(NULL AS DECIMAL(5, 2))"), "NULL");
  EXPECT_EQ(Eval("CAST(1 AS DECIMAL(2, 3))"), "error 1235");
  EXPECT_EQ(Eval("CAST(1 AS DECIMAL(66, 2))"), "error 1235");
}

TEST_F(CastTest, FloatingPointAndJson) {
  EXPECT_EQ(Eval("CAST('1.5abc' AS DOUBLE)"), "1.5");
  EXPECT_EQ(Eval("CAST('abc' AS DOUBLE)"), "0");
  EXPECT_EQ(TypeOf("CAST(1 AS DOUBLE)"), "real");
  EXPECT_EQ(Eval("CAST('2.5' AS FLOAT)"), "2.5");
  EXPECT_EQ(Eval("CAST(NULL AS REAL)"), "NULL");
  EXPECT_EQ(Eval("CAST('{\"a\": 1}' AS JSON)"), "{\"a\":1}");
  EXPECT_EQ(Eval("CAST('[1, 2]' AS JSON)"), "[1,2]");
  EXPECT_EQ(Eval("CAST(1 AS JSON)"), "1");
  EXPECT_EQ(Eval("CAST(NULL AS JSON)"), "NULL");
  EXPECT_NE(Eval("CAST('x' AS JSON)").find("malformed JSON"), std::string::npos);
}

TEST_F(CastTest, Date) {
  const char* cases[][2] = {
      {"'2024-01-15'", "2024-01-15"},
      {"'2024-01-15 10:20:30'", "2024-01-15"},
      {"'2024-02-29'", "2024-02-29"},
      {"'2023-02-29'", "NULL"},
      {"'2024-02-30'", "NULL"},
      {"'2024-13-01'", "NULL"},
      {"'2024-1-5'", "2024-01-05"},
      {"'24-01-15'", "2024-01-15"},
      {"'99-01-15'", "1999-01-15"},
      {"'2024/01/15'", "2024-01-15"},
      {"20240115", "2024-01-15"},
      {"'20240115'", "2024-01-15"},
      {"240115", "2024-01-15"},
      {"20240115103000", "2024-01-15"},
      {"'2024-01-15T10:20:30'", "2024-01-15"},
      {"'abc'", "NULL"},
      {"''", "NULL"},
      {"NULL", "NULL"},
      // A binary string is read as its bytes ('2024-1-2', '20240115').
      {"X'323032342D312D32'", "2024-01-02"},
      {"X'3230323430313135'", "2024-01-15"},
  };
  for (const auto& c : cases) {
    std::string cast = "CAST(" + std::string(c[0]) + " AS DATE)";
    EXPECT_EQ(Eval(cast), c[1]) << cast;
  }
  db_.Exec("CREATE TABLE t(v); INSERT INTO t VALUES ('2024-03-01 00:00:00'), ('2024-3-1'), (NULL)");
  EXPECT_EQ(Column("CAST(v AS DATE)"), "2024-03-01\n2024-03-01\nNULL");
  // An aggregate operand works too (json_each binds it, not a subquery).
  db_.Exec("INSERT INTO t VALUES ('2024-3-2')");
  EXPECT_EQ(Column("CAST(MAX(v) AS DATE)"), "2024-03-02");
  EXPECT_EQ(Column("CAST(CAST(MIN(v) AS DATE) AS DATETIME(1))"), "2024-03-01 00:00:00.0");
}

TEST_F(CastTest, DatetimeRoundsFractions) {
  const char* cases[][2] = {
      {"CAST('2024-01-15' AS DATETIME)", "2024-01-15 00:00:00"},
      {"CAST('2024-01-15 10:20:30' AS DATETIME)", "2024-01-15 10:20:30"},
      {"CAST('2024-01-15 10:20:30.7' AS DATETIME)", "2024-01-15 10:20:31"},
      {"CAST('2024-01-15 23:59:59.5' AS DATETIME)", "2024-01-16 00:00:00"},
      {"CAST('2024-01-15 10:20:30.123456' AS DATETIME(3))", "2024-01-15 10:20:30.123"},
      {"CAST('2024-01-15 10:20:30.1235' AS DATETIME(3))", "2024-01-15 10:20:30.124"},
      {"CAST('2024-01-15 10:20:30' AS DATETIME(2))", "2024-01-15 10:20:30.00"},
      {"CAST('2024-01-15' AS DATETIME(1))", "2024-01-15 00:00:00.0"},
      {"CAST('2024-01-15 10:20:30.5' AS DATETIME(6))", "2024-01-15 10:20:30.500000"},
      {"CAST('2024-01-15 25:00:00' AS DATETIME)", "NULL"},
      {"CAST('2024-01-15 10:60:00' AS DATETIME)", "NULL"},
      {"CAST(20240115102030 AS DATETIME)", "2024-01-15 10:20:30"},
      {"CAST('2024-01-15T10:20' AS DATETIME)", "2024-01-15 10:20:00"},
      {"CAST('2024-1-5 1:2:3' AS DATETIME)", "2024-01-05 01:02:03"},
      {"CAST('2024-01-15 10:20:30x' AS DATETIME)", "NULL"},
      {"CAST(NULL AS DATETIME)", "NULL"},
  };
  for (const auto& c : cases) EXPECT_EQ(Eval(c[0]), c[1]) << c[0];
}

TEST_F(CastTest, Time) {
  const char* cases[][2] = {
      {"CAST('10:20:30' AS TIME)", "10:20:30"},
      {"CAST('1:2:3' AS TIME)", "01:02:03"},
      {"CAST('10:20' AS TIME)", "10:20:00"},
      {"CAST('838:59:59' AS TIME)", "838:59:59"},
      {"CAST('900:00:00' AS TIME)", "838:59:59"},
      {"CAST('-01:00:00' AS TIME)", "-01:00:00"},
      {"CAST(103000 AS TIME)", "10:30:00"},
      {"CAST(1030 AS TIME)", "00:10:30"},
      {"CAST('2024-01-15 10:20:30' AS TIME)", "10:20:30"},
      {"CAST('10:20:30.5' AS TIME)", "10:20:31"},
      {"CAST('10:20:30.5' AS TIME(1))", "10:20:30.5"},
      {"CAST('10:20:30' AS TIME(2))", "10:20:30.00"},
      {"CAST('10:61:00' AS TIME)", "NULL"},
      {"CAST('abc' AS TIME)", "NULL"},
      {"CAST(NULL AS TIME)", "NULL"},
  };
  for (const auto& c : cases) EXPECT_EQ(Eval(c[0]), c[1]) << c[0];
}

TEST_F(CastTest, Year) {
  const char* cases[][2] = {
      {"CAST(2024 AS YEAR)", "2024"},  {"CAST(24 AS YEAR)", "2024"},
      {"CAST(70 AS YEAR)", "1970"},    {"CAST(0 AS YEAR)", "0"},
      {"CAST('0' AS YEAR)", "2000"},   {"CAST('24' AS YEAR)", "2024"},
      {"CAST(1900 AS YEAR)", "NULL"},  {"CAST(2156 AS YEAR)", "NULL"},
      {"CAST(24.6 AS YEAR)", "2025"},  {"CAST('2024-01-15' AS YEAR)", "2024"},
      {"CAST('abc' AS YEAR)", "NULL"}, {"CAST(NULL AS YEAR)", "NULL"},
  };
  for (const auto& c : cases) EXPECT_EQ(Eval(c[0]), c[1]) << c[0];
}

// Every translation in this file is scanned (ExpectPatternsFit); these are
// casts to every type, also run over values that take each branch.
TEST_F(CastTest, PatternsFitDurableObjectLimit) {
  EXPECT_EQ(LongestPatternLiteral("x GLOB 'ab''c' AND y NOT LIKE '%'"), 4u);
  db_.Exec(
      "CREATE TABLE t(v); INSERT INTO t VALUES (NULL), (0), (-3), (2.5), ('abc'), (''), "
      "('2024-01-15'), ('2024-01-15 10:20:30'), ('2024-01-15 10:20:30.123456'), "
      "('2024-1-5 1:2:3'), ('24/01/15 10.20.30'), ('20240115102030'), ('240115'), "
      "('-838:59:59.9999995'), ('10:20'), ('102030.5'), ('2024-02-30 25:61:61'), "
      "('0000-00-00 00:00:00'), ('" +
      std::string(300, '9') + "')");
  for (const char* type : {"DATE", "DATETIME", "DATETIME(3)", "DATETIME(6)", "TIME", "TIME(1)",
                           "TIME(6)", "YEAR", "SIGNED", "UNSIGNED", "DECIMAL", "DECIMAL(10, 2)",
                           "CHAR", "CHAR(3)", "BINARY", "BINARY(4)", "JSON", "DOUBLE", "FLOAT"}) {
    for (const char* operand : {"v", "?", "NULL", "-5", "'2024-01-15 10:20:30.5'"}) {
      std::string mysql = std::string("CAST(") + operand + " AS " + type + ")";
      ASSERT_TRUE(Translate(mysql).ok()) << mysql;
    }
    std::string mysql = std::string("CAST(v AS ") + type + ")";
    EXPECT_EQ(Column(mysql).find("too complex"), std::string::npos) << mysql;
  }
}

}  // namespace
}  // namespace edgesql::transpile
