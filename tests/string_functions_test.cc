// String and numeric functions (string_functions.h): each MySQL call is
// parsed from real MySQL, translated, run on a real SQLite, and its value
// compared with what MySQL 8.0 documents.
#include "transpile/string_functions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "common/ascii.h"
#include "sql/parser.h"
#include "sqlite_eval.h"
#include "translation_test_util.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

using testing::Calls;
using testing::ExpectPatternsFit;
using testing::LongestPatternLiteral;

namespace ast = sql::ast;

// A small stand-in for the generator: literals, placeholders, columns and a
// few operators as the generator writes them; calls through this module.
Result<std::string> Sql(const ast::Expr* e) {
  if (const auto* l = ast::As<ast::Literal>(e)) {
    switch (l->literal) {
      case ast::LiteralKind::kNull:
        return std::string("NULL");
      case ast::LiteralKind::kNumber:
        return std::string(l->text);
      default:
        return QuoteString(l->text);
    }
  }
  if (const auto* u = ast::As<ast::Unary>(e)) {
    Result<std::string> x = Sql(u->operand);
    if (!x.ok()) return x;
    if (u->op == ast::UnaryOp::kBinary) return "(" + x.value() + ") COLLATE BINARY";
    return "-(" + x.value() + ")";
  }
  if (const auto* p = ast::As<ast::Placeholder>(e)) return "?" + std::to_string(p->index + 1);
  if (const auto* c = ast::As<ast::ColumnRef>(e)) return QuoteIdentifier(c->column.name);
  if (const auto* b = ast::As<ast::Binary>(e); b != nullptr && b->op == ast::BinaryOp::kMul) {
    Result<std::string> l = Sql(b->lhs);
    if (!l.ok()) return l;
    Result<std::string> r = Sql(b->rhs);
    if (!r.ok()) return r;
    return "(" + l.value() + " * " + r.value() + ")";
  }
  const auto* f = ast::As<ast::Function>(e);
  if (f == nullptr) return Unsupported("test expression");
  FunctionCall call;
  call.node = f;
  call.name = AsciiUpper(f->name);
  for (const ast::Expr* a : f->args) {
    Result<std::string> x = Sql(a);
    if (!x.ok()) return x;
    call.args.push_back(x.value());
  }
  if (IsStringFunction(call.name)) return TranslateStringFunction(call);
  std::string out = AsciiLower(call.name) + "(";
  for (size_t i = 0; i < call.args.size(); ++i) out += (i > 0 ? ", " : "") + call.args[i];
  return out + ")";
}

Result<std::string> Translate(std::string_view mysql) {
  std::string text = "SELECT " + std::string(mysql);
  Result<sql::ParsedStatement> parsed = sql::ParseStatement(text);
  if (!parsed.ok()) return std::move(parsed).error();
  const auto* select = ast::As<ast::SelectStatement>(&parsed.value().root());
  const auto* core = ast::As<ast::SelectCore>(select->query->body);
  Result<std::string> out = Sql(core->items[0]->expr);
  if (out.ok()) ExpectPatternsFit(out.value(), mysql);
  return out;
}

class StringFunctionsTest : public ::testing::Test {
 protected:
  // MySQL expression -> SQLite's value, or "error <errno>" from translation.
  std::string Eval(std::string_view mysql, const std::vector<std::string>& params = {}) {
    Result<std::string> sql = Translate(mysql);
    if (!sql.ok()) return "error " + std::to_string(sql.error().errnum());
    return db_.Eval(sql.value(), params);
  }
  // SQLite's type of the value ("null" tells NULL from the text 'NULL').
  std::string TypeOf(std::string_view mysql) {
    Result<std::string> sql = Translate(mysql);
    return sql.ok() ? db_.Eval("typeof(" + sql.value() + ")") : "error";
  }

  testing::SqliteDb db_;
};

TEST_F(StringFunctionsTest, SubstringIndex) {
  EXPECT_EQ(Eval("SUBSTRING_INDEX('www.mysql.com', '.', 2)"), "www.mysql");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('www.mysql.com', '.', -2)"), "mysql.com");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('www.mysql.com', '.', 1)"), "www");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('www.mysql.com', '.', -1)"), "com");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('www.mysql.com', '.', 0)"), "");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('www.mysql.com', '.', 5)"), "www.mysql.com");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('www.mysql.com', '.', -5)"), "www.mysql.com");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('nodots', '.', -1)"), "nodots");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a--b--c', '--', -1)"), "c");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a--b--c', '--', 2)"), "a--b");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('aaa', 'aa', -1)"), "");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('aaa', 'aa', 2)"), "aaa");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('añb,ç,d', ',', -2)"), "ç,d");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.B.c', 'b', 1)"), "a.B.c");  // case-sensitive
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.b.c', '.', ?)", {"2"}), "a.b");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.b.c', '.', ?)", {"-2"}), "b.c");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.b.c', ?, 1)", {"."}), "a");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.b', '', 1)"), "");
  EXPECT_EQ(Eval("SUBSTRING_INDEX(NULL, '.', 1)"), "NULL");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.b', NULL, 1)"), "NULL");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.b', '.', NULL)"), "NULL");
  EXPECT_EQ(Eval("SUBSTRING_INDEX('a.b', '.')"), "error 1582");
}

TEST_F(StringFunctionsTest, ReverseHexUnhex) {
  EXPECT_EQ(Eval("REVERSE('abc')"), "cba");
  EXPECT_EQ(Eval("REVERSE('añb€')"), "€bña");
  EXPECT_EQ(Eval("REVERSE(?)", {"añb"}), "bña");
  EXPECT_EQ(Eval("REVERSE(123)"), "321");
  EXPECT_EQ(Eval("REVERSE(?)", {""}), "");
  EXPECT_EQ(Eval("REVERSE(NULL)"), "NULL");
  EXPECT_EQ(Eval("REVERSE()"), "error 1582");
  EXPECT_EQ(Eval("HEX('abc')"), "616263");
  EXPECT_EQ(Eval("HEX(?)", {"é"}), "C3A9");
  EXPECT_EQ(Eval("HEX(255)"), "FF");
  EXPECT_EQ(Eval("HEX(-1)"), "FFFFFFFFFFFFFFFF");
  EXPECT_EQ(Eval("HEX(1.5)"), "2");
  EXPECT_EQ(Eval("HEX(NULL)"), "NULL");
  EXPECT_EQ(Eval("UNHEX('4D7953514C')"), "x'4D7953514C'");
  EXPECT_EQ(Eval("UNHEX(?)", {"4d7953514c"}), "x'4D7953514C'");
  EXPECT_EQ(Eval("UNHEX(HEX('string'))"), "x'737472696E67'");
  EXPECT_EQ(Eval("UNHEX(?)", {"F"}), "x'0F'");
  EXPECT_EQ(Eval("UNHEX('F')"), "x'0F'");
  EXPECT_EQ(Eval("UNHEX('GG')"), "NULL");
  EXPECT_EQ(Eval("UNHEX(?)", {"GG"}), "NULL");
  EXPECT_EQ(Eval("UNHEX(?)", {"00FF80"}), "x'00FF80'");
  EXPECT_EQ(Eval("UNHEX(NULL)"), "NULL");
}

TEST_F(StringFunctionsTest, SearchingFunctionsFoldCaseUnlessBinary) {
  EXPECT_EQ(Eval("FIND_IN_SET('b', 'a,b,c,d')"), "2");
  EXPECT_EQ(Eval("FIND_IN_SET('d', 'a,b,c,d')"), "4");
  EXPECT_EQ(Eval("FIND_IN_SET('B', 'a,b,c')"), "2");
  EXPECT_EQ(Eval("FIND_IN_SET('e', 'a,b')"), "0");
  EXPECT_EQ(Eval("FIND_IN_SET('a,b', 'a,b')"), "0");
  EXPECT_EQ(Eval("FIND_IN_SET('a', '')"), "0");
  EXPECT_EQ(Eval("FIND_IN_SET(NULL, 'a')"), "NULL");
  EXPECT_EQ(Eval("FIND_IN_SET('a', NULL)"), "NULL");
  EXPECT_EQ(Eval("INSTR('foobarbar', 'bar')"), "4");
  EXPECT_EQ(Eval("INSTR('xbar', 'foobar')"), "0");
  EXPECT_EQ(Eval("INSTR('FOOBAR', 'bar')"), "4");
  EXPECT_EQ(Eval("INSTR(BINARY 'FOOBAR', 'bar')"), "0");
  EXPECT_EQ(Eval("INSTR(NULL, 'a')"), "NULL");
  EXPECT_EQ(Eval("LOCATE('bar', 'foobarbar')"), "4");
  EXPECT_EQ(Eval("LOCATE('xbar', 'foobar')"), "0");
  EXPECT_EQ(Eval("LOCATE('bar', 'foobarbar', 5)"), "7");
  EXPECT_EQ(Eval("LOCATE('BAR', 'foobarbar', 5)"), "7");
  EXPECT_EQ(Eval("LOCATE('bar', 'foobarbar', 0)"), "0");
  EXPECT_EQ(Eval("LOCATE('bar', 'foobarbar', 99)"), "0");
  EXPECT_EQ(Eval("POSITION('bar' IN 'foobarbar')"), "4");
  EXPECT_EQ(Eval("STRCMP('text', 'text2')"), "-1");
  EXPECT_EQ(Eval("STRCMP('text2', 'text')"), "1");
  EXPECT_EQ(Eval("STRCMP('text', 'text')"), "0");
  EXPECT_EQ(Eval("STRCMP('a', 'A')"), "0");
  EXPECT_EQ(Eval("STRCMP(BINARY 'a', 'A')"), "1");
  EXPECT_EQ(Eval("STRCMP(10, 9)"), "-1");
  EXPECT_EQ(Eval("STRCMP(NULL, 'a')"), "NULL");
}

TEST_F(StringFunctionsTest, ConcatWsEltInsertQuote) {
  EXPECT_EQ(Eval("CONCAT_WS(',', 'First name', 'Second name', 'Last Name')"),
            "First name,Second name,Last Name");
  EXPECT_EQ(Eval("CONCAT_WS(',', 'First name', NULL, 'Last Name')"), "First name,Last Name");
  EXPECT_EQ(Eval("CONCAT_WS(NULL, 'a', 'b')"), "NULL");
  EXPECT_EQ(Eval("CONCAT_WS(',', NULL)"), "");
  EXPECT_EQ(Eval("CONCAT_WS(',', '', 'a')"), ",a");
  EXPECT_EQ(Eval("CONCAT_WS('-', 1.50, 2)"), "1.50-2");
  EXPECT_EQ(Eval("CONCAT_WS(',')"), "error 1582");
  EXPECT_EQ(Eval("ELT(1, 'Aa', 'Bb', 'Cc', 'Dd')"), "Aa");
  EXPECT_EQ(Eval("ELT(4, 'Aa', 'Bb', 'Cc', 'Dd')"), "Dd");
  EXPECT_EQ(Eval("ELT(0, 'Aa', 'Bb')"), "NULL");
  EXPECT_EQ(Eval("ELT(3, 'Aa', 'Bb')"), "NULL");
  EXPECT_EQ(Eval("ELT(?, 'Aa', 'Bb')", {"2"}), "Bb");
  EXPECT_EQ(Eval("INSERT('Quadratic', 3, 4, 'What')"), "QuWhattic");
  EXPECT_EQ(Eval("INSERT('Quadratic', -1, 4, 'What')"), "Quadratic");
  EXPECT_EQ(Eval("INSERT('Quadratic', 3, 100, 'What')"), "QuWhat");
  EXPECT_EQ(Eval("INSERT('Quadratic', 3, -1, 'What')"), "QuWhat");
  EXPECT_EQ(Eval("INSERT('abc', 1, 1, NULL)"), "NULL");
  EXPECT_EQ(Eval("INSERT('abc', 1, 1)"), "error 1582");
  EXPECT_EQ(Eval("QUOTE('Don\\'t!')"), "'Don\\'t!'");
  EXPECT_EQ(Eval("QUOTE('a\\\\b')"), "'a\\\\b'");
  EXPECT_EQ(Eval("QUOTE(NULL)"), "NULL");
  EXPECT_EQ(TypeOf("QUOTE(NULL)"), "text");
  EXPECT_EQ(Eval("BIT_LENGTH('text')"), "32");
  EXPECT_EQ(Eval("BIT_LENGTH('é')"), "16");
}

TEST_F(StringFunctionsTest, AsciiOrdChar) {
  EXPECT_EQ(Eval("ASCII('2')"), "50");
  EXPECT_EQ(Eval("ASCII(2)"), "50");
  EXPECT_EQ(Eval("ASCII('dx')"), "100");
  EXPECT_EQ(Eval("ASCII('')"), "0");
  EXPECT_EQ(Eval("ASCII(?)", {"é"}), "195");
  EXPECT_EQ(Eval("ASCII(?)", {""}), "0");
  EXPECT_EQ(Eval("ASCII(NULL)"), "NULL");
  EXPECT_EQ(Eval("ORD('2')"), "50");
  EXPECT_EQ(Eval("ORD('é')"), "50089");
  EXPECT_EQ(Eval("ORD('€')"), "14844588");
  EXPECT_EQ(Eval("ORD('😀')"), "4036991104");
  EXPECT_EQ(Eval("ORD('')"), "0");
  EXPECT_EQ(Eval("ORD(NULL)"), "NULL");
  EXPECT_EQ(Eval("CHAR(77, 121, 83, 81, '76')"), "x'4D7953514C'");
  EXPECT_EQ(Eval("CHAR(77, 77.3, '77.3')"), "x'4D4D4D'");
  EXPECT_EQ(Eval("CHAR(256)"), "x'0100'");
  EXPECT_EQ(Eval("CHAR(?)", {"256"}), "x'0100'");
  EXPECT_EQ(Eval("CHAR(1, 0)"), "x'0100'");
  EXPECT_EQ(Eval("CHAR(NULL, 65)"), "x'41'");
  EXPECT_EQ(Eval("CHAR(65, 66 USING utf8mb4)"), "AB");
  EXPECT_EQ(Eval("CHAR(195, 169 USING utf8mb4)"), "é");
  EXPECT_EQ(Eval("CHAR(255 USING utf8mb4)"), "NULL");
  EXPECT_EQ(Eval("CHAR(? USING utf8mb4)"), "error 1235");
}

TEST_F(StringFunctionsTest, Trim) {
  EXPECT_EQ(Eval("TRIM('  bar   ')"), "bar");
  EXPECT_EQ(Eval("TRIM('\tbar ')"), "\tbar");
  EXPECT_EQ(Eval("LTRIM('  barbar')"), "barbar");
  EXPECT_EQ(Eval("RTRIM('barbar   ')"), "barbar");
  EXPECT_EQ(Eval("TRIM(LEADING 'x' FROM 'xxxbarxxx')"), "barxxx");
  EXPECT_EQ(Eval("TRIM(BOTH 'x' FROM 'xxxbarxxx')"), "bar");
  EXPECT_EQ(Eval("TRIM('x' FROM 'xxxbarxxx')"), "bar");
  EXPECT_EQ(Eval("TRIM(TRAILING 'xyz' FROM 'barxxyz')"), "barx");
  EXPECT_EQ(Eval("TRIM(LEADING 'ab' FROM 'ababcab')"), "cab");
  EXPECT_EQ(Eval("TRIM(BOTH 'ab' FROM 'ababcabab')"), "c");
  EXPECT_EQ(Eval("TRIM(LEADING 'ab' FROM 'bab')"), "bab");  // not a character set
  EXPECT_EQ(Eval("TRIM(BOTH 'aa' FROM 'aaa')"), "a");
  EXPECT_EQ(Eval("TRIM(TRAILING 'aa' FROM 'aaa')"), "a");
  EXPECT_EQ(Eval("TRIM(BOTH 'ñ' FROM 'ñañ')"), "a");
  EXPECT_EQ(Eval("TRIM(LEADING '' FROM 'abc')"), "abc");
  EXPECT_EQ(Eval("TRIM(? FROM 'xyxya')", {"xy"}), "a");
  EXPECT_EQ(Eval("TRIM(? FROM 'xyxya')", {""}), "xyxya");
  EXPECT_EQ(Eval("TRIM('x' FROM NULL)"), "NULL");
  EXPECT_EQ(Eval("TRIM(NULL FROM 'x')"), "NULL");
}

TEST_F(StringFunctionsTest, RoundingFunctions) {
  EXPECT_EQ(Eval("ROUND(-1.23)"), "-1");
  EXPECT_EQ(Eval("ROUND(-1.58)"), "-2");
  EXPECT_EQ(Eval("ROUND(1.58)"), "2");
  EXPECT_EQ(Eval("ROUND(2.5)"), "3");
  EXPECT_EQ(Eval("ROUND(-2.5)"), "-3");
  EXPECT_EQ(Eval("ROUND(1.298, 1)"), "1.3");
  EXPECT_EQ(Eval("ROUND(1.298, 0)"), "1");
  EXPECT_EQ(Eval("ROUND(2.675, 2)"), "2.68");
  EXPECT_EQ(Eval("ROUND(23.298, -1)"), "20");
  EXPECT_EQ(Eval("ROUND(1250, -2)"), "1300");
  EXPECT_EQ(Eval("ROUND(-1250, -2)"), "-1300");
  EXPECT_EQ(Eval("ROUND(1249, -2)"), "1200");
  EXPECT_EQ(Eval("ROUND(155, -1)"), "160");
  EXPECT_EQ(Eval("ROUND(5)"), "5");
  EXPECT_EQ(Eval("ROUND(1234.5, ?)", {"-2"}), "1200");
  EXPECT_EQ(Eval("ROUND(1.25, ?)", {"1"}), "1.3");
  EXPECT_EQ(Eval("ROUND(NULL)"), "NULL");
  EXPECT_EQ(Eval("ROUND(1.5, NULL)"), "NULL");
  EXPECT_EQ(Eval("TRUNCATE(1.223, 1)"), "1.2");
  EXPECT_EQ(Eval("TRUNCATE(1.999, 1)"), "1.9");
  EXPECT_EQ(Eval("TRUNCATE(1.999, 0)"), "1");
  EXPECT_EQ(Eval("TRUNCATE(-1.999, 1)"), "-1.9");
  EXPECT_EQ(Eval("TRUNCATE(2.3, 2)"), "2.3");
  EXPECT_EQ(Eval("TRUNCATE(10.28 * 100, 0)"), "1028");
  EXPECT_EQ(Eval("TRUNCATE(122, -2)"), "100");
  EXPECT_EQ(Eval("TRUNCATE(-1234.5, -2)"), "-1200");
  EXPECT_EQ(Eval("TRUNCATE(NULL, 1)"), "NULL");
  EXPECT_EQ(Eval("TRUNCATE(1.5, ?)"), "error 1235");
  EXPECT_EQ(Eval("CEIL(1.23)"), "2");
  EXPECT_EQ(Eval("CEILING(-1.23)"), "-1");
  EXPECT_EQ(Eval("CEIL('1.5')"), "2");
  EXPECT_EQ(Eval("FLOOR(1.23)"), "1");
  EXPECT_EQ(Eval("FLOOR(-1.23)"), "-2");
  EXPECT_EQ(Eval("FLOOR(-2)"), "-2");
  EXPECT_EQ(Eval("FLOOR(NULL)"), "NULL");
  EXPECT_EQ(Eval("SIGN(-32)"), "-1");
  EXPECT_EQ(Eval("SIGN(0)"), "0");
  EXPECT_EQ(Eval("SIGN(234)"), "1");
  EXPECT_EQ(Eval("SIGN('-5')"), "-1");
  EXPECT_EQ(Eval("SIGN(NULL)"), "NULL");
  EXPECT_EQ(Eval("ABS(-32)"), "32");
  EXPECT_EQ(Eval("ABS(NULL)"), "NULL");
}

TEST_F(StringFunctionsTest, ModFormatPow) {
  EXPECT_EQ(Eval("MOD(234, 10)"), "4");
  EXPECT_EQ(Eval("MOD(253, 7)"), "1");
  EXPECT_EQ(Eval("MOD(34.5, 3)"), "1.5");
  EXPECT_EQ(Eval("MOD(-7, 3)"), "-1");
  EXPECT_EQ(Eval("MOD(7, -3)"), "1");
  EXPECT_EQ(Eval("MOD(7, 0)"), "NULL");
  EXPECT_EQ(Eval("MOD(7.5, 0)"), "NULL");
  EXPECT_EQ(Eval("MOD(7.5, 2)"), "1.5");
  EXPECT_EQ(Eval("MOD(-7.5, 2)"), "-1.5");
  EXPECT_EQ(Eval("MOD(12.34, 1)"), "0.34");
  EXPECT_EQ(Eval("MOD(0.3, 0.1)"), "0");
  EXPECT_EQ(Eval("MOD(NULL, 2)"), "NULL");
  EXPECT_EQ(Eval("FORMAT(12332.123456, 4)"), "12,332.1235");
  EXPECT_EQ(Eval("FORMAT(12332.1, 4)"), "12,332.1000");
  EXPECT_EQ(Eval("FORMAT(12332.2, 0)"), "12,332");
  EXPECT_EQ(Eval("FORMAT(1234.567, 2)"), "1,234.57");
  EXPECT_EQ(Eval("FORMAT(-1234.567, 2)"), "-1,234.57");
  EXPECT_EQ(Eval("FORMAT(1234567, 0)"), "1,234,567");
  EXPECT_EQ(Eval("FORMAT(0.5, 0)"), "1");
  EXPECT_EQ(Eval("FORMAT(1, 2, 'en_US')"), "1.00");
  EXPECT_EQ(Eval("FORMAT(NULL, 2)"), "NULL");
  EXPECT_EQ(Eval("FORMAT(12332.2, 2, 'de_DE')"), "error 1235");
  EXPECT_EQ(Eval("FORMAT(1, ?)"), "error 1235");
  EXPECT_EQ(Eval("POW(2, 2)"), "4");
  EXPECT_EQ(Eval("POW(-2, 3)"), "-8");
  EXPECT_EQ(Eval("POWER(1.5, 2)"), "2.25");
  EXPECT_EQ(Eval("POW(2, 0)"), "1");
  EXPECT_EQ(Eval("POW(NULL, 0)"), "NULL");
  EXPECT_EQ(Eval("POW(2, -2)"), "error 1235");
  EXPECT_EQ(Eval("POW(2, 0.5)"), "error 1235");
  EXPECT_EQ(Eval("PI()"), "3.14159265358979");
  EXPECT_EQ(Eval("DEGREES(PI())"), "180");
  EXPECT_EQ(Eval("RADIANS(90)"), "1.5707963267949");
}

TEST_F(StringFunctionsTest, NestedCallsAndColumns) {
  EXPECT_EQ(Eval("REVERSE(SUBSTRING_INDEX('a.b.c', '.', 2))"), "b.a");
  EXPECT_EQ(Eval("SUBSTRING_INDEX(REVERSE('a.b.c'), '.', -2)"), "b.a");
  EXPECT_EQ(Eval("TRIM(BOTH 'ab' FROM TRIM(LEADING 'x' FROM 'xxabcab'))"), "c");
  db_.Exec(
      "CREATE TABLE t(s, n); INSERT INTO t VALUES ('ab.cd', 2.5), ('é.f', -2.5), (NULL, NULL)");
  Result<std::string> sql =
      Translate("CONCAT_WS('|', REVERSE(s), ROUND(n), SUBSTRING_INDEX(s, '.', -1))");
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(db_.Query("SELECT " + sql.value() + " FROM t ORDER BY rowid"),
            "dc.ba|3|cd\nf.é|-3|f\n");
}

// An aggregate argument is bound in an aggregate subquery, where SQLite
// accepts it (it refuses it inside a CTE).
TEST_F(StringFunctionsTest, AggregateArguments) {
  db_.Exec("CREATE TABLE t(g, v); INSERT INTO t VALUES (1, 'a'), (1, 'b'), (1, 'c'), (2, 'xy')");
  auto rows = [&](std::string_view mysql) {
    Result<std::string> sql = Translate(mysql);
    return sql.ok() ? db_.Query("SELECT " + sql.value() + " FROM t GROUP BY g ORDER BY g")
                    : "error";
  };
  EXPECT_EQ(rows("SUBSTRING_INDEX(GROUP_CONCAT(v), ',', -2)"), "b,c\nxy");
  EXPECT_EQ(rows("SUBSTRING_INDEX(GROUP_CONCAT(v), ',', 1)"), "a\nxy");
  EXPECT_EQ(rows("REVERSE(GROUP_CONCAT(v))"), "c,b,a\nyx");
  EXPECT_EQ(rows("TRIM(BOTH 'a,' FROM GROUP_CONCAT(v))"), "b,c\nxy");
  EXPECT_EQ(rows("UNHEX(HEX(GROUP_CONCAT(v)))"), "x'612C622C63'\nx'7879'");
}

// The generator may call the module for an operator (a MOD b) with no node.
TEST_F(StringFunctionsTest, CallsWithoutANode) {
  FunctionCall call;
  call.name = "MOD";
  call.args = {"7.5", "-(2)"};
  Result<std::string> sql = TranslateStringFunction(call);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(db_.Eval(sql.value()), "1.5");
  call.name = "ROUND";
  call.args = {"1250", "-(2)"};
  sql = TranslateStringFunction(call);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(db_.Eval(sql.value()), "1300");
}

TEST_F(StringFunctionsTest, FunctionsSqliteLacksAreRefused) {
  for (const char* f : {"MD5('x')", "SHA1('x')", "SHA2('x', 256)", "CRC32('x')", "SQRT(4)", "LN(2)",
                        "LOG(2)", "EXP(1)", "SIN(0)", "ATAN2(1, 2)", "CONV('a', 16, 2)"}) {
    EXPECT_EQ(Eval(f), "error 1235") << f;
  }
  EXPECT_FALSE(IsStringFunction("UPPER"));
  EXPECT_FALSE(IsStringFunction("CONCAT"));
  EXPECT_TRUE(IsStringFunction("MD5"));
}

// Every translation in this file is scanned (ExpectPatternsFit); these are
// calls of every function on operands of each kind, also run over values.
TEST_F(StringFunctionsTest, PatternsFitDurableObjectLimit) {
  EXPECT_EQ(LongestPatternLiteral("x GLOB 'ab''c' AND y NOT LIKE '%'"), 4u);
  std::vector<std::string> calls = Calls(
      {"SUBSTRING_INDEX", "REVERSE",   "HEX",     "UNHEX",  "FIND_IN_SET", "INSTR",      "LOCATE",
       "POSITION",        "CONCAT_WS", "ELT",     "STRCMP", "ASCII",       "ORD",        "CHAR",
       "INSERT",          "QUOTE",     "TRIM",    "LTRIM",  "RTRIM",       "BIT_LENGTH", "TRUNCATE",
       "ROUND",           "CEIL",      "CEILING", "FLOOR",  "SIGN",        "ABS",        "MOD",
       "FORMAT",          "POW",       "POWER",   "PI",     "DEGREES",     "RADIANS"},
      {"v", "?", "NULL", "-5", "2.5", "'a,b'", "'%_*?['", "'" + std::string(200, 'F') + "'"}, 4);
  ASSERT_EQ(db_.Exec("CREATE TABLE t(v); INSERT INTO t VALUES (NULL), (0), (-2.5), ('abc'), "
                     "(''), ('a,b,c'), ('4D7953514C'), ('%_*?['), (x'00ff'), ('" +
                     std::string(300, 'f') + "')"),
            "");
  int translated = 0;
  for (const std::string& mysql : calls) {
    Result<std::string> sql = Translate(mysql);
    if (!sql.ok()) continue;
    ++translated;
    std::string rows = db_.Query("SELECT " + sql.value() + " FROM t", {"1"});
    EXPECT_EQ(rows.find("too complex"), std::string::npos) << mysql;
  }
  EXPECT_GT(translated, 500);
}

}  // namespace
}  // namespace edgesql::transpile
