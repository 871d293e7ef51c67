#include "transpile/sqlite_generator.h"

#include <algorithm>

#include "common/str_cat.h"
#include "sql/lexer.h"
#include "sql/parser.h"
#include "transpile/function_call.h"
#include "transpile/generator.h"
#include "transpile/information_schema.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;

// Whether `t` reads the clock. A clock function writes the time it reads
// (FunctionCall::now: SQLite's 'now', or the statement time) into the SQL as
// it is, so the time shows in the text; a string literal that happens to
// say the same only makes the answer true when it is not.
bool ReadsClock(const Translation& t, std::string_view statement_time) {
  const std::string_view now = statement_time.empty() ? FunctionCall{}.now : statement_time;
  auto in = [&](std::string_view sql) { return sql.find(now) != std::string_view::npos; };
  return in(t.preflight) || std::any_of(t.statements.begin(), t.statements.end(), in);
}

ResultColumn ToResultColumn(const ExprType& t) {
  ResultColumn c;
  if (t.column != nullptr) {
    c.kind = ResultColumn::Kind::kTyped;
    c.type = t.column->type;
    c.scale = t.column->scale;
    c.is_unsigned = t.column->is_unsigned;
    if (t.table != nullptr) c.table = t.table->name;
    return c;
  }
  c.kind = ResultColumn::Kind::kTyped;
  c.scale = t.scale;
  c.is_unsigned = t.is_unsigned;
  switch (t.cls) {
    case TypeClass::kUnknown:
      c.kind = ResultColumn::Kind::kUnknown;
      break;
    case TypeClass::kNull:
      c.kind = ResultColumn::Kind::kNull;
      break;
    case TypeClass::kInteger:
      c.type = catalog::MySqlType::kBigInt;
      break;
    case TypeClass::kDecimal:
      c.type = catalog::MySqlType::kDecimal;
      break;
    case TypeClass::kDouble:
      c.type = catalog::MySqlType::kDouble;
      break;
    case TypeClass::kString:
      c.type = catalog::MySqlType::kVarchar;
      break;
    case TypeClass::kBinary:
      c.type = catalog::MySqlType::kVarbinary;
      break;
    case TypeClass::kDate:
      c.type = catalog::MySqlType::kDate;
      break;
    case TypeClass::kDatetime:
      c.type = catalog::MySqlType::kDatetime;
      break;
    case TypeClass::kTime:
      c.type = catalog::MySqlType::kTime;
      break;
    case TypeClass::kJson:
      c.type = catalog::MySqlType::kJson;
      break;
  }
  return c;
}

// A view column's definition: the column it reads (its type, not its key,
// default or AUTO_INCREMENT), or one made from the expression's type.
catalog::ColumnDef ColumnDefOf(const std::string& name, const ExprType& t) {
  catalog::ColumnDef c;
  if (t.column != nullptr) {
    c = *t.column;
    c.auto_increment = false;
    c.on_update_current_timestamp = false;
    c.default_kind = catalog::ColumnDef::Default::kNull;
    c.default_value.clear();
    c.default_sqlite.clear();
  } else {
    ResultColumn r = ToResultColumn(t);
    c.type = r.kind == ResultColumn::Kind::kTyped ? r.type : catalog::MySqlType::kVarchar;
    c.scale = r.scale;
    if (c.type == catalog::MySqlType::kDecimal) c.precision = 65;
    c.is_unsigned = r.is_unsigned;
  }
  c.name = name;
  return c;
}

// Prepends the information_schema views a statement reads as CTEs, merged
// with the statement's own WITH [RECURSIVE].
std::string WithInformationSchema(const std::string& sql, const std::string& with) {
  if (sql.rfind("WITH RECURSIVE ", 0) == 0)
    return StrCat({"WITH RECURSIVE ", with.substr(5), ", ", sql.substr(15)});
  if (sql.rfind("WITH ", 0) == 0) return with + ", " + sql.substr(5);
  return with + sql;
}

}  // namespace

Result<Translation> Generator::Statement(const ast::Statement& statement) {
  Result<Translation> out = Translation{};
  switch (statement.kind) {
    case ast::StatementKind::kSelect: {
      std::vector<SourceColumn> columns;
      Result<std::string> q =
          Query(*ast::As<ast::SelectStatement>(&statement)->query, nullptr, &columns);
      if (!q.ok()) return std::move(q).error();
      Translation t;
      t.statements.push_back(std::move(q).value());
      bool known = true;
      for (const SourceColumn& c : columns) known = known && c.name != "*";
      if (known) {
        for (const SourceColumn& c : columns) t.result_columns.push_back(ToResultColumn(c.type));
      }
      out = std::move(t);
      break;
    }
    case ast::StatementKind::kInsert:
      out = Insert(*ast::As<ast::InsertStatement>(&statement));
      break;
    case ast::StatementKind::kUpdate:
      out = Update(*ast::As<ast::UpdateStatement>(&statement));
      break;
    case ast::StatementKind::kDelete:
      out = Delete(*ast::As<ast::DeleteStatement>(&statement));
      break;
  }
  if (out.ok()) {
    out.value().set_last_insert_id = set_last_insert_id_;
    out.value().reads_session = reads_session_;
    out.value().reads_clock = ReadsClock(out.value(), context_.statement_time);
  }
  if (!out.ok() || information_schema_.empty()) return out;
  if (statement.kind != ast::StatementKind::kSelect) {
    return Error(ErrorCode::kDbAccessDenied,
                 "Access denied for user to database 'information_schema'");
  }
  return out;
}

Result<std::string> Generator::ViewQuery(const ast::Statement& statement,
                                         std::vector<SourceColumn>& columns) {
  const auto* select = ast::As<ast::SelectStatement>(&statement);
  if (select == nullptr) return Error(sql::SyntaxErrorAt(source_, statement.begin));
  strict_tables_ = true;
  Result<std::string> q = Query(*select->query, nullptr, &columns);
  if (!q.ok()) return q;
  if (!information_schema_.empty()) return Unsupported("views over information_schema");
  for (const SourceColumn& c : columns) {
    if (c.name == "*") return Unsupported("views over a * of an untyped source");
  }
  return q;
}

Result<Translation> GenerateStatement(std::string_view source,
                                      const std::vector<sql::Token>& tokens, size_t first,
                                      size_t last, const TranspileContext& context) {
  Result<sql::ParsedStatement> parsed = sql::ParseStatement(source, tokens, first, last);
  if (!parsed.ok()) return std::move(parsed).error();
  Generator g(source, context);
  Result<Translation> t = g.Statement(parsed.value().root());
  if (!t.ok() || g.information_schema_.empty()) return t;
  std::string with = InformationSchemaWith(g.information_schema_, parsed.value().param_count() + 1);
  t.value().statements[0] = WithInformationSchema(t.value().statements[0], with);
  t.value().extra_params.push_back(
      InformationSchemaRows(g.information_schema_, context.schema, context.database));
  return t;
}

Result<GeneratedView> GenerateViewQuery(std::string_view source,
                                        const std::vector<sql::Token>& tokens, size_t first,
                                        size_t last, const TranspileContext& context) {
  Result<sql::ParsedStatement> parsed = sql::ParseStatement(source, tokens, first, last);
  if (!parsed.ok()) return std::move(parsed).error();
  if (parsed.value().param_count() > 0)
    return Error(sql::SyntaxErrorAt(source, tokens[first].offset));
  Generator g(source, context);
  std::vector<SourceColumn> columns;
  Result<std::string> sql = g.ViewQuery(parsed.value().root(), columns);
  if (!sql.ok()) return std::move(sql).error();
  GeneratedView view;
  view.sql = std::move(sql).value();
  view.tables.assign(g.read_tables_.begin(), g.read_tables_.end());
  for (const SourceColumn& c : columns) view.columns.push_back(ColumnDefOf(c.name, c.type));
  return view;
}

Result<std::string> GenerateExpression(std::string_view mysql_expression,
                                       const TranspileContext& context) {
  std::string text = StrCat({"SELECT ", std::string(mysql_expression)});
  Result<sql::ParsedStatement> parsed = sql::ParseStatement(text);
  if (!parsed.ok()) return std::move(parsed).error();
  const auto* select = ast::As<ast::SelectStatement>(&parsed.value().root());
  const ast::SelectCore* core =
      select != nullptr ? ast::As<ast::SelectCore>(select->query->body) : nullptr;
  // One expression, and no placeholders: a schema cannot hold a value.
  if (core == nullptr || core->items.size != 1 || !core->from.empty() ||
      parsed.value().param_count() > 0) {
    return Error(sql::SyntaxErrorAt(text, 7));
  }
  Generator g(text, context);
  Scope none;
  Result<Typed> e = g.Expr(*core->items[0]->expr, none);
  if (!e.ok()) return std::move(e).error();
  return std::move(e).value().sql;
}

}  // namespace edgesql::transpile
