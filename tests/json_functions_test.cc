// JSON functions (json_functions.h): each MySQL call is parsed from real
// MySQL, translated, run on a real SQLite, and the value compared with what
// MySQL 8.0 documents. JSON results are compared in SQLite's compact form
// (the gateway re-formats them with MySQL's ", " and ": ").
#include "transpile/json_functions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "common/ascii.h"
#include "sql/parser.h"
#include "sqlite_eval.h"
#include "translation_test_util.h"
#include "transpile/cast.h"
#include "transpile/sqlite_text.h"
#include "transpile/string_functions.h"

namespace edgesql::transpile {
namespace {

using testing::Calls;
using testing::ExpectPatternsFit;
using testing::LongestPatternLiteral;

namespace ast = sql::ast;

// A small stand-in for the generator: literals, placeholders, columns and
// operators written as the generator writes them, function calls through
// the translation modules.
Result<std::string> Sql(const ast::Expr* e) {
  if (const auto* l = ast::As<ast::Literal>(e)) {
    switch (l->literal) {
      case ast::LiteralKind::kNull:
        return std::string("NULL");
      case ast::LiteralKind::kTrue:
        return std::string("1");
      case ast::LiteralKind::kFalse:
        return std::string("0");
      case ast::LiteralKind::kNumber:
        return std::string(l->text);
      default:
        return QuoteString(l->text);
    }
  }
  if (const auto* u = ast::As<ast::Unary>(e)) {
    Result<std::string> x = Sql(u->operand);
    if (!x.ok()) return x;
    return (u->op == ast::UnaryOp::kNot ? "NOT (" : "-(") + x.value() + ")";
  }
  if (const auto* p = ast::As<ast::Placeholder>(e)) return "?" + std::to_string(p->index + 1);
  if (const auto* c = ast::As<ast::ColumnRef>(e)) return QuoteIdentifier(c->column.name);
  if (const auto* b = ast::As<ast::Binary>(e)) {
    Result<std::string> l = Sql(b->lhs);
    if (!l.ok()) return l;
    Result<std::string> r = Sql(b->rhs);
    if (!r.ok()) return r;
    if (b->op == ast::BinaryOp::kJsonExtract) return JsonExtractSql(l.value(), r.value());
    if (b->op == ast::BinaryOp::kJsonUnquoteExtract)
      return JsonUnquoteExtractSql(l.value(), r.value());
    const char* op = b->op == ast::BinaryOp::kEq    ? " = "
                     : b->op == ast::BinaryOp::kLt  ? " < "
                     : b->op == ast::BinaryOp::kMul ? " * "
                                                    : " > ";
    return "(" + l.value() + op + r.value() + ")";
  }
  if (const auto* c = ast::As<ast::Cast>(e)) {
    Result<std::string> x = Sql(c->operand);
    if (!x.ok()) return x;
    return CastSql(x.value(), c->type);
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
  if (IsJsonFunction(call.name)) return TranslateJsonFunction(call);
  if (IsStringFunction(call.name)) return TranslateStringFunction(call);
  std::string out = AsciiLower(call.name) + "(";
  for (size_t i = 0; i < call.args.size(); ++i) out += (i > 0 ? ", " : "") + call.args[i];
  return out + ")";
}

// The SQLite text of the first item of "SELECT <mysql>".
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

class JsonFunctionsTest : public ::testing::Test {
 protected:
  // MySQL expression -> SQLite's value, or "error <errno>" from translation.
  std::string Eval(std::string_view mysql, const std::vector<std::string>& params = {}) {
    Result<std::string> sql = Translate(mysql);
    if (!sql.ok()) return "error " + std::to_string(sql.error().errnum());
    return db_.Eval(sql.value(), params);
  }
  // The rows of a query whose select list is `mysql`, over table t.
  std::string Select(std::string_view mysql, std::string_view rest) {
    Result<std::string> sql = Translate(mysql);
    if (!sql.ok()) return "error " + std::to_string(sql.error().errnum());
    return db_.Query("SELECT " + sql.value() + " " + std::string(rest));
  }

  testing::SqliteDb db_;
};

TEST_F(JsonFunctionsTest, ExtractOnePathReturnsJsonText) {
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20, [30, 40]]', '$[1]')"), "20");
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20, [30, 40]]', '$[2]')"), "[30,40]");
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20, [30, 40]]', '$[last]')"), "[30,40]");
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20, [30, 40]]', '$[last - 1]')"), "20");
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20, [30, 40]]', '$[2][last]')"), "40");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": \"x\"}', '$.a')"), "\"x\"");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": true, \"b\": false}', '$.a')"), "true");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": null}', '$.a')"), "null");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": [1, {\"b\": 7}]}', '$.a[1].b')"), "7");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a b\": 5, \"c.d\": 6}', '$.\"a b\"')"), "5");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a b\": 5, \"c.d\": 6}', '$.\"c.d\"')"), "6");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": 1}', '$.b')"), "NULL");
  EXPECT_EQ(Eval("JSON_EXTRACT(NULL, '$.a')"), "NULL");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": 1}', NULL)"), "NULL");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": 1}')"), "error 1582");
}

TEST_F(JsonFunctionsTest, ExtractSeveralPathsAndWildcards) {
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20, [30, 40]]', '$[1]', '$[0]')"), "[20,10]");
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20]', '$[1]', '$[5]')"), "[20]");
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20]', '$[7]', '$[5]')"), "NULL");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": null}', '$.a', '$.b')"), "[null]");
  EXPECT_EQ(Eval("JSON_EXTRACT('[10, 20, [30, 40]]', '$[2][*]')"), "[30,40]");
  EXPECT_EQ(Eval("JSON_EXTRACT('[{\"n\": 1}, {\"m\": 2}, {\"n\": \"x\"}]', '$[*].n')"),
            "[1,\"x\"]");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": 1, \"b\": [2]}', '$.*')"), "[1,[2]]");
  EXPECT_EQ(Eval("JSON_EXTRACT('[]', '$[*]')"), "NULL");
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": {\"b\": 1}}', '$**.b')"), "error 1235");
  EXPECT_EQ(Eval("JSON_EXTRACT('[1, 2, 3]', '$[0 to 1]')"), "error 1235");
  // A malformed path is SQLite's run-time error, as MySQL's is an error.
  EXPECT_NE(Eval("JSON_EXTRACT('{\"a\": 1}', '$.')").find("error: "), std::string::npos);
  EXPECT_NE(Eval("JSON_EXTRACT('{\"a\": 1}', 'a')").find("JSON path error"), std::string::npos);
}

TEST_F(JsonFunctionsTest, ArrowOperators) {
  db_.Exec(
      "CREATE TABLE t(doc TEXT); INSERT INTO t VALUES ('{\"a\": \"x\\ny\", \"b\": [1, 2], "
      "\"t\": true, \"n\": null, \"f\": 1.5, \"s\": \"\\u00e9\\\"\"}')");
  EXPECT_EQ(Select("doc -> '$.a'", "FROM t"), "\"x\\ny\"");
  EXPECT_EQ(Select("doc -> '$.b[last]'", "FROM t"), "2");
  EXPECT_EQ(Select("doc ->> '$.a'", "FROM t"), "x\ny");
  EXPECT_EQ(Select("doc ->> '$.b'", "FROM t"), "[1,2]");
  EXPECT_EQ(Select("doc ->> '$.t'", "FROM t"), "true");
  EXPECT_EQ(Select("doc ->> '$.n'", "FROM t"), "null");
  EXPECT_EQ(Select("doc ->> '$.f'", "FROM t"), "1.5");
  EXPECT_EQ(Select("doc ->> '$.s'", "FROM t"), "é\"");
  EXPECT_EQ(Select("doc ->> '$.missing'", "FROM t"), "NULL");
  EXPECT_EQ(Select("doc -> '$.b[*]'", "FROM t"), "[1,2]");
}

TEST_F(JsonFunctionsTest, UnquoteAndQuote) {
  EXPECT_EQ(Eval("JSON_UNQUOTE('\"abc\"')"), "abc");
  EXPECT_EQ(Eval("JSON_UNQUOTE('\"\\\\t\\\\u0032\"')"), "\t2");
  EXPECT_EQ(Eval("JSON_UNQUOTE('\"a\\\\nb\\\\\"c\"')"), "a\nb\"c");
  EXPECT_EQ(Eval("JSON_UNQUOTE('\"\\\\ud83d\\\\ude00\"')"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Eval("JSON_UNQUOTE('abc')"), "abc");
  EXPECT_EQ(Eval("JSON_UNQUOTE('[1, 2]')"), "[1, 2]");
  EXPECT_EQ(Eval("JSON_UNQUOTE('\"')"), "\"");
  EXPECT_EQ(Eval("JSON_UNQUOTE(NULL)"), "NULL");
  EXPECT_EQ(Eval("JSON_UNQUOTE(JSON_EXTRACT('{\"a\": \"x\"}', '$.a'))"), "x");
  EXPECT_EQ(Eval("JSON_QUOTE('null')"), "\"null\"");
  EXPECT_EQ(Eval("JSON_QUOTE('\"null\"')"), "\"\\\"null\\\"\"");
  EXPECT_EQ(Eval("JSON_QUOTE('[1, 2, 3]')"), "\"[1, 2, 3]\"");
  EXPECT_EQ(Eval("JSON_QUOTE('a\\tb')"), "\"a\\tb\"");
  EXPECT_EQ(Eval("JSON_QUOTE(JSON_ARRAY(1))"), "\"[1]\"");
  EXPECT_EQ(Eval("JSON_QUOTE(NULL)"), "NULL");
  EXPECT_EQ(Eval("JSON_QUOTE('a', 'b')"), "error 1582");
}

TEST_F(JsonFunctionsTest, ObjectAndArrayConvertValuesAsMySql) {
  EXPECT_EQ(Eval("JSON_OBJECT('id', 87, 'name', 'carrot')"), "{\"id\":87,\"name\":\"carrot\"}");
  // Keys as MySQL stores them: shorter first, then bytewise; the last duplicate wins.
  EXPECT_EQ(Eval("JSON_OBJECT('b', 1, 'a', 2)"), "{\"a\":2,\"b\":1}");
  EXPECT_EQ(Eval("JSON_OBJECT('aa', 1, 'b', 2)"), "{\"b\":2,\"aa\":1}");
  EXPECT_EQ(Eval("JSON_OBJECT('key1', 1, 'key2', 'abc', 'key1', 'def')"),
            "{\"key1\":\"def\",\"key2\":\"abc\"}");
  EXPECT_EQ(Eval("JSON_OBJECT('a', TRUE, 'b', 1 = 1, 'c', NULL, 'd', 1.50, 'e', JSON_ARRAY(1, 2))"),
            "{\"a\":true,\"b\":true,\"c\":null,\"d\":1.50,\"e\":[1,2]}");
  EXPECT_EQ(Eval("JSON_OBJECT('o', JSON_OBJECT('x', FALSE), 'q', CAST('[1]' AS JSON))"),
            "{\"o\":{\"x\":false},\"q\":[1]}");
  EXPECT_EQ(Eval("JSON_OBJECT()"), "{}");
  EXPECT_EQ(Eval("JSON_OBJECT('a')"), "error 1582");
  EXPECT_NE(Eval("JSON_OBJECT(NULL, 1)").find("error: "), std::string::npos);
  EXPECT_EQ(Eval("JSON_ARRAY(1, 'abc', NULL, TRUE, -2.50)"), "[1,\"abc\",null,true,-2.50]");
  EXPECT_EQ(Eval("JSON_ARRAY(1 < 2, NULL = 1, 'x' = 'y')"), "[true,null,false]");
  EXPECT_EQ(Eval("JSON_ARRAY()"), "[]");
  EXPECT_EQ(Eval("JSON_ARRAY(JSON_EXTRACT('{\"a\": {\"b\": 1}}', '$.a'), '{\"b\": 1}')"),
            "[{\"b\":1},\"{\\\"b\\\": 1}\"]");
}

TEST_F(JsonFunctionsTest, LengthTypeValidDepth) {
  EXPECT_EQ(Eval("JSON_LENGTH('[1, 2, {\"a\": 3}]')"), "3");
  EXPECT_EQ(Eval("JSON_LENGTH('{\"a\": 1, \"b\": {\"c\": 30}}')"), "2");
  EXPECT_EQ(Eval("JSON_LENGTH('{\"a\": 1, \"b\": {\"c\": 30}}', '$.b')"), "1");
  EXPECT_EQ(Eval("JSON_LENGTH('\"scalar\"')"), "1");
  EXPECT_EQ(Eval("JSON_LENGTH('[]')"), "0");
  EXPECT_EQ(Eval("JSON_LENGTH('[1]', '$.nope')"), "NULL");
  EXPECT_EQ(Eval("JSON_LENGTH(NULL)"), "NULL");
  EXPECT_EQ(Eval("JSON_LENGTH('[1]', '$[*]')"), "error 1235");
  EXPECT_EQ(Eval("JSON_TYPE('{\"a\": [10, true]}')"), "OBJECT");
  EXPECT_EQ(Eval("JSON_TYPE(JSON_EXTRACT('{\"a\": [10, true]}', '$.a'))"), "ARRAY");
  EXPECT_EQ(Eval("JSON_TYPE(JSON_EXTRACT('{\"a\": [10, true]}', '$.a[0]'))"), "INTEGER");
  EXPECT_EQ(Eval("JSON_TYPE(JSON_EXTRACT('{\"a\": [10, true]}', '$.a[1]'))"), "BOOLEAN");
  EXPECT_EQ(Eval("JSON_TYPE('1.5')"), "DOUBLE");
  EXPECT_EQ(Eval("JSON_TYPE('\"x\"')"), "STRING");
  EXPECT_EQ(Eval("JSON_TYPE('null')"), "NULL");
  EXPECT_EQ(Eval("JSON_TYPE(NULL)"), "NULL");
  EXPECT_NE(Eval("JSON_TYPE('not json')").find("malformed JSON"), std::string::npos);
  EXPECT_EQ(Eval("JSON_VALID('{\"a\": 1}')"), "1");
  EXPECT_EQ(Eval("JSON_VALID('hello')"), "0");
  EXPECT_EQ(Eval("JSON_VALID('\"hello\"')"), "1");
  EXPECT_EQ(Eval("JSON_VALID(NULL)"), "NULL");
  EXPECT_EQ(Eval("JSON_VALID(1)"), "0");
  EXPECT_EQ(Eval("JSON_DEPTH('{}')"), "1");
  EXPECT_EQ(Eval("JSON_DEPTH('[10, 20]')"), "2");
  EXPECT_EQ(Eval("JSON_DEPTH('[10, {\"a\": 20}]')"), "3");
  EXPECT_EQ(Eval("JSON_DEPTH('true')"), "1");
}

TEST_F(JsonFunctionsTest, KeysInMySqlOrder) {
  EXPECT_EQ(Eval("JSON_KEYS('{\"a\": 1, \"b\": {\"c\": 30}}')"), "[\"a\",\"b\"]");
  EXPECT_EQ(Eval("JSON_KEYS('{\"a\": 1, \"b\": {\"c\": 30}}', '$.b')"), "[\"c\"]");
  EXPECT_EQ(Eval("JSON_KEYS('{\"bb\": 1, \"c\": 2, \"a\": 3}')"), "[\"a\",\"c\",\"bb\"]");
  EXPECT_EQ(Eval("JSON_KEYS('{}')"), "[]");
  EXPECT_EQ(Eval("JSON_KEYS('[1, 2]')"), "NULL");
  EXPECT_EQ(Eval("JSON_KEYS('{\"a\": 1}', '$.b')"), "NULL");
  EXPECT_EQ(Eval("JSON_OBJECT('k', JSON_KEYS('{\"x\": 1}'))"), "{\"k\":[\"x\"]}");
}

TEST_F(JsonFunctionsTest, ContainsFollowsMySqlRules) {
  const char* j = "'{\"a\": 1, \"b\": 2, \"c\": {\"d\": 4}}'";
  auto contains = [&](std::string candidate, std::string path) {
    return Eval("JSON_CONTAINS(" + std::string(j) + ", '" + candidate + "', '" + path + "')");
  };
  EXPECT_EQ(contains("1", "$.a"), "1");
  EXPECT_EQ(contains("1", "$.b"), "0");
  EXPECT_EQ(contains("{\"d\": 4}", "$.a"), "0");
  EXPECT_EQ(contains("{\"d\": 4}", "$.c"), "1");
  EXPECT_EQ(contains("1", "$.zz"), "NULL");
  struct Case {
    const char* target;
    const char* candidate;
    const char* result;
  };
  const Case cases[] = {
      {"[1, 2, 3]", "[1, 3]", "1"},
      {"[1, 2, 3]", "[1, 4]", "0"},
      {"[1, 2, 3]", "2", "1"},
      {"[1, 2, 3]", "2.0", "1"},
      {"[[1, 2]]", "1", "1"},
      {"[[1, 2]]", "[1]", "1"},
      {"[[1, 2]]", "[[1]]", "1"},
      {"[1, 2]", "[[1]]", "0"},
      {"{\"a\": [1, 2]}", "{\"a\": 1}", "1"},
      {"{\"a\": [1, 2]}", "{\"a\": [2, 1]}", "1"},
      {"{\"a\": 1}", "{}", "1"},
      {"{\"a\": 1}", "1", "0"},
      {"[1]", "[]", "1"},
      {"1", "[]", "0"},
      {"\"a\"", "\"A\"", "0"},
      {"\"a\"", "\"a\"", "1"},
      {"[{\"a\": 1, \"b\": 2}]", "{\"a\": 1}", "1"},
      {"[{\"a\": {\"x\": [1, 2]}}]", "{\"a\": {\"x\": [2]}}", "1"},
      {"[{\"a\": {\"x\": [1, 2]}}]", "{\"a\": {\"x\": [3]}}", "0"},
      {"[true, null]", "true", "1"},
      {"[true]", "1", "0"},
      {"[1]", "true", "0"},
      {"[1, null]", "null", "1"},
      {"{\"a\": 1, \"b\": [2, 3]}", "{\"b\": 3, \"a\": 1.0}", "1"},
      {"{\"a\": 1, \"b\": [2, 3]}", "{\"b\": 4}", "0"},
      {"{\"a\": 1}", "{\"a\": 1, \"c\": 1}", "0"},
      {"[{\"a\": [1]}, {\"b\": 2}]", "{\"a\": 1}", "1"},
      {"[{\"a\": [1]}, {\"b\": 2}]", "[{\"a\": 1}, {\"b\": 2}]", "1"},
      {"{\"a\": {\"a\": 1}}", "{\"a\": 1}", "0"},
  };
  for (const Case& c : cases) {
    std::string call = "JSON_CONTAINS('" + std::string(c.target) + "', '" + c.candidate + "')";
    EXPECT_EQ(Eval(call), c.result) << call;
    // The same candidate known only at run time (a parameter).
    EXPECT_EQ(Eval("JSON_CONTAINS('" + std::string(c.target) + "', ?)", {c.candidate}), c.result)
        << call << " with the candidate as ?";
  }
  EXPECT_EQ(Eval("JSON_CONTAINS(NULL, '1')"), "NULL");
  EXPECT_EQ(Eval("JSON_CONTAINS('[1]', NULL)"), "NULL");
  EXPECT_EQ(Eval("JSON_CONTAINS('[1]', ?)", {"[[[[[1]]]]]"}).substr(0, 6), "error:");
  EXPECT_NE(Eval("JSON_CONTAINS('[1]', 'nope')").find("malformed JSON"), std::string::npos);
  EXPECT_EQ(Eval("JSON_CONTAINS('[1]')"), "error 1582");
  EXPECT_EQ(Eval("JSON_CONTAINS('[1]', '" + std::string(101, '[') + std::string(101, ']') + "')"),
            "error 1235");
}

TEST_F(JsonFunctionsTest, ContainsPath) {
  const std::string j = "'{\"a\": 1, \"b\": 2, \"c\": {\"d\": 4}}'";
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH(" + j + ", 'one', '$.a', '$.e')"), "1");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH(" + j + ", 'all', '$.a', '$.e')"), "0");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH(" + j + ", 'one', '$.c.d')"), "1");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH(" + j + ", 'ALL', '$.a', '$.c.d')"), "1");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH('[{\"a\": 1}]', 'one', '$[*].a')"), "1");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH('[{\"a\": 1}]', 'one', '$[*].b')"), "0");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH(NULL, 'one', '$.a')"), "NULL");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH(" + j + ", 'one')"), "error 1582");
}

TEST_F(JsonFunctionsTest, SetInsertReplace) {
  const std::string j = "'{\"a\": 1, \"b\": [2, 3]}'";
  EXPECT_EQ(Eval("JSON_INSERT(" + j + ", '$.a', 10, '$.c', '[true, false]')"),
            "{\"a\":1,\"b\":[2,3],\"c\":\"[true, false]\"}");
  EXPECT_EQ(Eval("JSON_REPLACE(" + j + ", '$.a', 10, '$.c', '[true, false]')"),
            "{\"a\":10,\"b\":[2,3]}");
  EXPECT_EQ(Eval("JSON_SET(" + j + ", '$.a', 10, '$.c', '[true, false]')"),
            "{\"a\":10,\"b\":[2,3],\"c\":\"[true, false]\"}");
  EXPECT_EQ(Eval("JSON_SET(" + j + ", '$.b[last]', TRUE)"), "{\"a\":1,\"b\":[2,true]}");
  // Past the end of an array: appended (SQLite alone would do nothing).
  EXPECT_EQ(Eval("JSON_SET('[1, 2]', '$[5]', 3)"), "[1,2,3]");
  EXPECT_EQ(Eval("JSON_SET('[1, 2]', '$[1]', 3)"), "[1,3]");
  EXPECT_EQ(Eval("JSON_INSERT('[1, 2]', '$[0]', 9)"), "[1,2]");
  EXPECT_EQ(Eval("JSON_INSERT('[1, 2]', '$[9]', 9)"), "[1,2,9]");
  // A missing parent: nothing happens (SQLite alone would create it).
  EXPECT_EQ(Eval("JSON_SET('{}', '$.a.b', 1)"), "{}");
  EXPECT_EQ(Eval("JSON_INSERT('{\"x\": 1}', '$.a[0].b', 1)"), "{\"x\":1}");
  EXPECT_EQ(Eval("JSON_SET('{\"a\": {}}', '$.a.b', 1)"), "{\"a\":{\"b\":1}}");
  // ... unless an earlier pair made it.
  EXPECT_EQ(Eval("JSON_SET('{}', '$.a', JSON_OBJECT(), '$.a.b', 1)"), "{\"a\":{\"b\":1}}");
  // A non-array parent is wrapped.
  EXPECT_EQ(Eval("JSON_SET('1', '$[1]', 2)"), "[1,2]");
  EXPECT_EQ(Eval("JSON_INSERT('{\"a\": 1}', '$.a[2]', 2)"), "{\"a\":[1,2]}");
  EXPECT_EQ(Eval("JSON_SET('{\"a\": 1}', '$[0]', 5)"), "5");
  EXPECT_EQ(Eval("JSON_SET('{}', '$', 1)"), "1");
  EXPECT_EQ(Eval("JSON_SET(NULL, '$.a', 1)"), "NULL");
  EXPECT_EQ(Eval("JSON_SET('{}', '$.a', NULL)"), "{\"a\":null}");
  EXPECT_EQ(Eval("JSON_SET('{}', '$.a')"), "error 1582");
  EXPECT_EQ(Eval("JSON_SET('{}', '$[*]', 1)"), "error 1235");
}

TEST_F(JsonFunctionsTest, RemoveAndArrayAppend) {
  const std::string j = "'[\"a\", [\"b\", \"c\"], \"d\"]'";
  EXPECT_EQ(Eval("JSON_REMOVE(" + j + ", '$[1]')"), "[\"a\",\"d\"]");
  EXPECT_EQ(Eval("JSON_REMOVE(" + j + ", '$[last]')"), "[\"a\",[\"b\",\"c\"]]");
  EXPECT_EQ(Eval("JSON_REMOVE('{\"a\": 1}', '$.b')"), "{\"a\":1}");
  EXPECT_EQ(Eval("JSON_REMOVE('{\"a\": 1}', '$')"), "error 1235");
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND(" + j + ", '$[1]', 1)"), "[\"a\",[\"b\",\"c\",1],\"d\"]");
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND(" + j + ", '$[0]', 2)"), "[[\"a\",2],[\"b\",\"c\"],\"d\"]");
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND(" + j + ", '$[1][0]', 3)"), "[\"a\",[[\"b\",3],\"c\"],\"d\"]");
  const std::string k = "'{\"a\": 1, \"b\": [2, 3], \"c\": 4}'";
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND(" + k + ", '$.b', 'x')"),
            "{\"a\":1,\"b\":[2,3,\"x\"],\"c\":4}");
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND(" + k + ", '$.c', 'y')"),
            "{\"a\":1,\"b\":[2,3],\"c\":[4,\"y\"]}");
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND('{\"a\": 1}', '$', 'z')"), "[{\"a\":1},\"z\"]");
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND('[1]', '$', 2, '$', 3)"), "[1,2,3]");
  EXPECT_EQ(Eval("JSON_ARRAY_APPEND('{\"a\": 1}', '$.nope', 2)"), "{\"a\":1}");
  EXPECT_EQ(Eval("JSON_ARRAY_INSERT('[1]', '$[0]', 2)"), "error 1235");
}

TEST_F(JsonFunctionsTest, Search) {
  const std::string j =
      "'[\"abc\", [{\"k\": \"10\"}, \"def\"], {\"x\": \"abc\"}, {\"y\": \"bcd\"}]'";
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'one', 'abc')"), "\"$[0]\"");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'all', 'abc')"), "[\"$[0]\",\"$[2].x\"]");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'all', 'ghi')"), "NULL");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'all', '10')"), "\"$[1][0].k\"");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'all', '10', NULL, '$')"), "\"$[1][0].k\"");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'all', '%b%')"), "[\"$[0]\",\"$[2].x\",\"$[3].y\"]");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'all', '%b%', NULL, '$[3]')"), "\"$[3].y\"");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'all', '%b%', NULL, '$[1]')"), "NULL");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'one', 'ABC')"), "NULL");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'one', '_b_')"), "\"$[0]\"");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'one', ?)", {"d_f"}), "\"$[1][1]\"");
  EXPECT_EQ(Eval("JSON_SEARCH('{\"a b\": \"x\", \"a_b\": \"x%\"}', 'all', 'x%')"),
            "[\"$.\\\"a b\\\"\",\"$.a_b\"]");
  EXPECT_EQ(Eval("JSON_SEARCH('{\"a b\": \"x\", \"a_b\": \"x%\"}', 'all', 'x|%', '|')"),
            "\"$.a_b\"");
  EXPECT_EQ(Eval("JSON_SEARCH(NULL, 'one', 'x')"), "NULL");
  EXPECT_EQ(Eval("JSON_SEARCH('{\"a b\": [\"x\"]}', 'all', 'x', NULL, '$.\"a b\"')"),
            "\"$.\\\"a b\\\"[0]\"");
  EXPECT_EQ(Eval("JSON_SEARCH(" + j + ", 'some', 'x')"), "error 1235");
}

// Patterns over Durable Object SQLite's 50-byte GLOB limit are matched
// another way; each must agree with the short pattern it extends.
TEST_F(JsonFunctionsTest, SearchWithPatternsLongerThanGlobAllows) {
  const std::string prefix(50, 'p');
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"abc", "abc"},     {"abc", "abd"},     {"abc", "%"},      {"abc", "a%"},
      {"abc", "%c"},      {"abc", "%b%"},     {"abc", "%d%"},    {"abc", "a_c"},
      {"abc", "a__c"},    {"abc", "___"},     {"abc", "ABC"},    {"", "%"},
      {"", "_"},          {"a%c", "a\\%c"},   {"abc", "a\\%c"},  {"a_c", "a\\_c"},
      {"abc", "a\\_c"},   {"a[*?]", "a[*?]"}, {"a[*?]", "a_*%"}, {"a\\b", "a\\\\b"},
      {"aXbXc", "%X%X%"}, {"aXbc", "%X%X%"},  {"é€𝄞", "_€_"},    {"é€𝄞", "é%"},
      {"abcabd", "%ab_"}, {"abcab", "%abd"},
  };
  auto found = [&](const std::string& text, const std::string& like, bool bound) {
    std::string doc = "json_array(" + QuoteString(text) + ")";
    return bound ? Eval("JSON_SEARCH(" + doc + ", 'one', ?)", {like})
                 : Eval("JSON_SEARCH(" + doc + ", 'one', " + QuoteString(like) + ")");
  };
  for (const auto& [text, like] : cases) {
    std::string expected = found(text, like, false);
    EXPECT_TRUE(expected == "\"$[0]\"" || expected == "NULL") << like << ": " << expected;
    EXPECT_EQ(found(prefix + text, prefix + like, false), expected) << like;
    EXPECT_EQ(found(prefix + text, prefix + like, true), expected) << like;
    EXPECT_EQ(found(text, like, true), expected) << like;
  }
  // Three bytes of GLOB per '[', '*' or '?': 20 characters are 60 bytes.
  const std::string brackets(20, '[');
  EXPECT_EQ(Eval("JSON_SEARCH(json_array('x', '" + brackets + "'), 'all', '" + brackets + "')"),
            "\"$[1]\"");
  EXPECT_EQ(Eval("JSON_SEARCH('[\"" + prefix + "|%\"]', 'one', '" + prefix + "!|!%', '!')"),
            "\"$[0]\"");
  EXPECT_EQ(Eval("JSON_SEARCH('[\"" + prefix + "ab\"]', 'one', '" + prefix + "!%', '!')"), "NULL");
  EXPECT_EQ(Eval("JSON_SEARCH('{\"a\": [\"" + prefix + "1\", \"" + prefix + "2\"]}', 'all', '" +
                 prefix + "_')"),
            "[\"$.a[0]\",\"$.a[1]\"]");
  EXPECT_EQ(Eval("JSON_SEARCH('[\"x\"]', 'one', ?)", {std::string(300, '%')}), "\"$[0]\"");
}

// Every translation in this file is scanned (ExpectPatternsFit), these
// calls of every function too, so that a pattern on a branch no value
// reaches is checked as well.
TEST_F(JsonFunctionsTest, PatternsFitDurableObjectLimit) {
  EXPECT_EQ(LongestPatternLiteral("x GLOB 'ab''c' AND y NOT LIKE '%'"), 4u);
  std::vector<std::string> calls = Calls(
      {"JSON_EXTRACT",       "JSON_UNQUOTE", "JSON_QUOTE",    "JSON_OBJECT",    "JSON_ARRAY",
       "JSON_LENGTH",        "JSON_TYPE",    "JSON_VALID",    "JSON_KEYS",      "JSON_CONTAINS",
       "JSON_CONTAINS_PATH", "JSON_SET",     "JSON_INSERT",   "JSON_REPLACE",   "JSON_REMOVE",
       "JSON_ARRAY_APPEND",  "JSON_SEARCH",  "JSON_ARRAYAGG", "JSON_OBJECTAGG", "JSON_MERGE_PATCH",
       "JSON_DEPTH",         "JSON_VALUE"},
      {"'{\"a\": [1, \"x\"]}'", "'$.a'", "'$[*]'", "'$**.a'", "'one'", "'all'", "'a%'",
       "'" + std::string(200, '_') + "'", "'" + std::string(60, '[') + "'", "?", "NULL", "1"},
      5);
  calls.push_back("JSON_SEARCH(v, 'all', '" + std::string(100, '?') + "', '!', '$.a')");
  int translated = 0;
  for (const std::string& mysql : calls) translated += Translate(mysql).ok();
  EXPECT_GT(translated, 1000);
}

TEST_F(JsonFunctionsTest, Aggregates) {
  db_.Exec(
      "CREATE TABLE t(g, k, v); INSERT INTO t VALUES (1, 'b', 1), (1, 'a', 2), (1, 'b', 3), "
      "(2, 'x', NULL), (2, 'y', 'z')");
  EXPECT_EQ(Select("JSON_ARRAYAGG(v)", "FROM t GROUP BY g ORDER BY g"), "[1,2,3]\n[null,\"z\"]");
  EXPECT_EQ(Select("JSON_ARRAYAGG(v > 1)", "FROM t WHERE g = 1"), "[false,true,true]");
  EXPECT_EQ(Select("JSON_ARRAYAGG(v)", "FROM t WHERE g = 3"), "NULL");
  EXPECT_EQ(Select("JSON_OBJECTAGG(k, v)", "FROM t GROUP BY g ORDER BY g"),
            "{\"a\":2,\"b\":3}\n{\"x\":null,\"y\":\"z\"}");
  EXPECT_EQ(Select("JSON_OBJECTAGG(k)", "FROM t"), "error 1582");
}

TEST_F(JsonFunctionsTest, ValueMergePatchAndUnsupported) {
  EXPECT_EQ(Eval("JSON_VALUE('{\"fname\": \"Joe\", \"lname\": \"Palmer\"}', '$.fname')"), "Joe");
  EXPECT_EQ(Eval("JSON_VALUE('{\"a\": [1]}', '$.a')"), "NULL");
  EXPECT_EQ(Eval("JSON_MERGE_PATCH('[1, 2]', '[true, false]')"), "[true,false]");
  EXPECT_EQ(Eval("JSON_MERGE_PATCH('{\"a\": 1, \"b\": 2}', '{\"a\": 3, \"c\": 4}')"),
            "{\"a\":3,\"b\":2,\"c\":4}");
  EXPECT_EQ(Eval("JSON_MERGE_PATCH('{\"a\": 1}', '{\"a\": null}')"), "{}");
  EXPECT_EQ(Eval("JSON_MERGE_PRESERVE('[1]', '[2]')"), "error 1235");
  EXPECT_EQ(Eval("JSON_PRETTY('[1]')"), "error 1235");
  EXPECT_EQ(Eval("JSON_OVERLAPS('[1]', '[1]')"), "error 1235");
}

TEST_F(JsonFunctionsTest, RunTimePathsAndAggregateDocuments) {
  EXPECT_EQ(Eval("JSON_EXTRACT('{\"a\": [5]}', ?)", {"$.a[0]"}), "5");
  EXPECT_NE(Eval("JSON_EXTRACT('{\"a\": 1}', ?)", {"a"}).find("JSON path error"),
            std::string::npos);
  EXPECT_EQ(Eval("JSON_SET('{}', ?, 1)", {"$.a"}), "{\"a\":1}");
  EXPECT_EQ(Eval("JSON_CONTAINS('{\"a\": [1, 2]}', ?, '$.a')", {"2"}), "1");
  EXPECT_EQ(Eval("JSON_CONTAINS('{\"a\": [1, 2]}', '2', ?)", {"$.a"}), "1");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH('{\"a\": 1}', ?, '$.a', '$.b')", {"one"}), "1");
  EXPECT_EQ(Eval("JSON_CONTAINS_PATH('{\"a\": 1}', ?, '$.a', '$.b')", {"all"}), "0");
  db_.Exec("CREATE TABLE t(g, v); INSERT INTO t VALUES (1, 'x'), (1, 'y'), (2, 'z')");
  EXPECT_EQ(Select("JSON_LENGTH(JSON_ARRAYAGG(v))", "FROM t GROUP BY g ORDER BY g"), "2\n1");
  EXPECT_EQ(Select("JSON_UNQUOTE(JSON_EXTRACT(JSON_ARRAYAGG(v), '$[last]'))",
                   "FROM t GROUP BY g ORDER BY g"),
            "y\nz");
  EXPECT_EQ(Select("JSON_OBJECT('g', g, 'n', JSON_ARRAYAGG(v))", "FROM t GROUP BY g ORDER BY g"),
            "{\"g\":1,\"n\":[\"x\",\"y\"]}\n{\"g\":2,\"n\":[\"z\"]}");
  EXPECT_EQ(Select("JSON_CONTAINS(JSON_ARRAYAGG(v), '\"y\"')", "FROM t GROUP BY g ORDER BY g"),
            "1\n0");
  EXPECT_EQ(Select("JSON_CONTAINS(JSON_ARRAYAGG(v), ?)", "FROM t GROUP BY g ORDER BY g"),
            "NULL\nNULL");
  EXPECT_EQ(Select("JSON_SEARCH(JSON_ARRAYAGG(v), 'one', 'y')", "FROM t GROUP BY g ORDER BY g"),
            "\"$[1]\"\nNULL");
  EXPECT_EQ(Select("JSON_DEPTH(JSON_ARRAYAGG(v))", "FROM t GROUP BY g ORDER BY g"), "2\n2");
  EXPECT_EQ(Select("JSON_EXTRACT(JSON_ARRAYAGG(v), '$[*]')", "FROM t GROUP BY g ORDER BY g"),
            "[\"x\",\"y\"]\n[\"z\"]");
  EXPECT_EQ(Select("JSON_KEYS(JSON_OBJECTAGG(v, g))", "FROM t GROUP BY g ORDER BY g"),
            "[\"x\",\"y\"]\n[\"z\"]");
  // Keys that are not literals keep the order they are written in.
  EXPECT_EQ(Select("JSON_OBJECT(v, g)", "FROM t WHERE g = 2"), "{\"z\":2}");
}

// Without a node, literal paths are still read from their SQLite text.
TEST_F(JsonFunctionsTest, CallsWithoutANode) {
  FunctionCall call;
  call.name = "JSON_EXTRACT";
  call.args = {"'[1, 2, 3]'", "'$[last]'"};
  Result<std::string> sql = TranslateJsonFunction(call);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(db_.Eval(sql.value()), "3");
  call.name = "JSON_SET";
  call.args = {"'[1]'", "'$[4]'", "2"};
  sql = TranslateJsonFunction(call);
  ASSERT_TRUE(sql.ok());
  EXPECT_EQ(db_.Eval(sql.value()), "[1,2]");
}

TEST(JsonFunctionsPathTest, OperatorPathsAreRewritten) {
  EXPECT_EQ(JsonExtractSql("d", "'$[last]'"), "((d) -> '$[#-1]')");
  EXPECT_EQ(JsonExtractSql("d", "'$.\"a b\"[2]'"), "((d) -> '$.\"a b\"[2]')");
  // A run-time path: SQLite's -> for '$...', else json_extract's error.
  EXPECT_EQ(JsonExtractSql("d", "?1"), "iif(?1 GLOB '$*', ((d) -> ?1), json_extract(d, ?1))");
}

}  // namespace
}  // namespace edgesql::transpile
