#include "transpile/transpiler.h"

#include <algorithm>
#include <set>

#include "common/ascii.h"
#include "common/str_cat.h"
#include "sql/analyzer.h"
#include "sql/lexer.h"
#include "sql/stored_programs.h"
#include "transpile/alter_table.h"
#include "transpile/create_table.h"
#include "transpile/create_trigger.h"
#include "transpile/sqlite_generator.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

using sql::Keyword;
using sql::StatementKind;
using sql::Token;
using sql::TokenKind;

// The statement's tokens, hint comments left out: [first, last) indexes.
struct Span {
  size_t first;
  size_t last;
};

// Tokens are in source order, so both ends are binary searches. The kEnd
// sentinel sits at the source's end, never before info.end.
Span StatementSpan(const std::vector<Token>& tokens, const sql::StatementInfo& info) {
  const auto before = [](const Token& t, uint32_t offset) { return t.offset < offset; };
  auto first = std::lower_bound(tokens.begin(), tokens.end(), info.begin, before);
  auto last = std::lower_bound(first, tokens.end(), info.end, before);
  return Span{static_cast<size_t>(first - tokens.begin()),
              static_cast<size_t>(last - tokens.begin())};
}

// A cursor over a span that steps over hint comments.
class Cursor {
 public:
  Cursor(std::string_view source, const std::vector<Token>& tokens, Span span)
      : source_(source), tokens_(tokens), pos_(span.first), last_(span.last) {
    SkipHints();
  }
  bool AtEnd() const { return pos_ >= last_; }
  const Token* Peek() const { return AtEnd() ? nullptr : &tokens_[pos_]; }
  size_t pos() const { return pos_; }
  bool Accept(Keyword k) {
    if (AtEnd() || !tokens_[pos_].Is(k)) return false;
    Advance();
    return true;
  }
  bool AcceptOp(std::string_view op) {
    if (AtEnd() || !tokens_[pos_].IsOperator(source_, op)) return false;
    Advance();
    return true;
  }
  // Reads a (possibly db-qualified) name; the qualifier must be `database`.
  Result<std::string> TableName(std::string_view database) {
    Result<std::string> first = Name();
    if (!first.ok()) return first;
    if (!AcceptOp(".")) return first;
    Result<std::string> second = Name();
    if (!second.ok()) return second;
    if (first.value() != database) return Unsupported("tables of another database");
    return second;
  }
  Result<std::string> Name() {
    if (AtEnd() || (tokens_[pos_].kind != TokenKind::kIdentifier &&
                    tokens_[pos_].kind != TokenKind::kQuotedIdentifier)) {
      return Error(SyntaxError());
    }
    std::string name = sql::DecodeIdentifier(tokens_[pos_], source_);
    Advance();
    return name;
  }
  Error SyntaxError() const {
    return sql::SyntaxErrorAt(
        source_, AtEnd() ? (last_ > 0 ? tokens_[last_ - 1].offset + tokens_[last_ - 1].length : 0)
                         : tokens_[pos_].offset);
  }
  void Advance() {
    ++pos_;
    SkipHints();
  }

 private:
  void SkipHints() {
    while (pos_ < last_ && tokens_[pos_].kind == TokenKind::kHint) ++pos_;
  }
  std::string_view source_;
  const std::vector<Token>& tokens_;
  size_t pos_;
  size_t last_;
};

// DROP {TABLE | VIEW} [IF EXISTS] name [, name ...] [RESTRICT | CASCADE]:
// one SQLite statement per name, so a missing one undoes them all.
Result<Translation> DropTablesOrViews(std::string_view source, const std::vector<Token>& tokens,
                                      Span span, const TranspileContext& context, bool view) {
  Cursor c(source, tokens, span);
  c.Accept(Keyword::kDrop);
  if (!view && c.Accept(Keyword::kTemporary)) return Unsupported("DROP TEMPORARY TABLE");
  if (!c.Accept(view ? Keyword::kView : Keyword::kTable)) return c.SyntaxError();
  bool if_exists = false;
  if (c.Accept(Keyword::kIf)) {
    if (!c.Accept(Keyword::kExists)) return c.SyntaxError();
    if_exists = true;
  }
  Translation t;
  do {
    Result<std::string> name = c.TableName(context.database);
    if (!name.ok()) return std::move(name).error();
    if (!if_exists && context.schema != nullptr) {
      const catalog::TableDef* existing = context.schema->FindTable(name.value());
      if (existing == nullptr || existing->is_view() != view) {
        return Error(ErrorCode::kBadTable,
                     "Unknown table '" + std::string(context.database) + "." + name.value() + "'");
      }
    }
    t.statements.push_back(std::string(view ? "DROP VIEW " : "DROP TABLE ") +
                           (if_exists ? "IF EXISTS " : "") + QuoteIdentifier(name.value()));
    t.dropped_tables.push_back(name.value());
  } while (c.AcceptOp(","));
  if (!c.Accept(Keyword::kRestrict)) c.Accept(Keyword::kCascade);
  if (!c.AtEnd()) return c.SyntaxError();
  return t;
}

// CREATE [OR REPLACE] [ALGORITHM = x] [DEFINER = u] [SQL SECURITY x] VIEW v
// [(columns)] AS select. SQLite views are read-only, which is what MySQL's
// views over joins, aggregates and DISTINCT (the common ones) are too.
Result<Translation> CreateView(std::string_view source, const std::vector<Token>& tokens, Span span,
                               const TranspileContext& context) {
  Cursor c(source, tokens, span);
  c.Accept(Keyword::kCreate);
  bool replace = false;
  if (c.Accept(Keyword::kOr)) {
    if (!c.Accept(Keyword::kReplace)) return c.SyntaxError();
    replace = true;
  }
  // Options before VIEW only say how MySQL runs it and as whom.
  while (!c.AtEnd() && !c.Peek()->Is(Keyword::kView)) c.Advance();
  if (!c.Accept(Keyword::kView)) return c.SyntaxError();
  Result<std::string> name = c.TableName(context.database);
  if (!name.ok()) return std::move(name).error();
  std::string columns;
  std::vector<std::string> names;
  if (c.AcceptOp("(")) {
    do {
      Result<std::string> column = c.Name();
      if (!column.ok()) return std::move(column).error();
      if (!columns.empty()) columns += ", ";
      columns += QuoteIdentifier(column.value());
      names.push_back(column.value());
    } while (c.AcceptOp(","));
    if (!c.AcceptOp(")")) return c.SyntaxError();
  }
  if (!c.Accept(Keyword::kAs)) return c.SyntaxError();
  size_t body = c.pos();
  size_t end = span.last;
  for (size_t i = body; i + 1 < span.last; ++i) {
    if (tokens[i].Is(Keyword::kWith) && tokens[i + 1].kind == TokenKind::kIdentifier) {
      std::string_view next = tokens[i + 1].text(source);
      if (next.size() == 5 &&
          (next[0] == 'C' || next[0] == 'c')) {  // WITH CASCADED|LOCAL CHECK OPTION
        return Unsupported("views WITH CHECK OPTION");
      }
    }
    if (tokens[i].Is(Keyword::kWith) && tokens[i + 1].Is(Keyword::kCheck)) {
      return Unsupported("views WITH CHECK OPTION");
    }
  }
  Result<GeneratedView> view = GenerateViewQuery(source, tokens, body, end, context);
  if (!view.ok()) return std::move(view).error();
  GeneratedView& v = view.value();
  if (context.schema != nullptr) {
    const catalog::TableDef* existing = context.schema->FindTable(name.value());
    if (existing != nullptr && !(replace && existing->is_view())) {
      return Error(ErrorCode::kTableExists, "Table '" + name.value() + "' already exists");
    }
  }
  if (!names.empty() && names.size() != v.columns.size()) {
    return Error(ErrorCode::kViewWrongList,
                 "In definition of view, derived table or common table expression, SELECT list "
                 "and column names list have different column counts");
  }
  // The catalog keeps the view's MySQL text and typed output columns, so
  // reads through it are typed and writes through it reach its table.
  catalog::TableDef def;
  def.name = name.value();
  def.view_query = std::string(source.substr(
      tokens[body].offset, tokens[end - 1].offset + tokens[end - 1].length - tokens[body].offset));
  def.view_tables = std::move(v.tables);
  for (size_t i = 0; i < v.columns.size(); ++i) {
    catalog::ColumnDef column = std::move(v.columns[i]);
    if (i < names.size()) column.name = names[i];
    for (const catalog::ColumnDef& other : def.columns) {
      if (EqualsIgnoreCase(other.name, column.name)) {
        return Error(ErrorCode::kDuplicateFieldName, "Duplicate column name '" + column.name + "'");
      }
    }
    def.columns.push_back(std::move(column));
  }
  Translation t;
  if (replace) t.statements.push_back("DROP VIEW IF EXISTS " + QuoteIdentifier(name.value()));
  t.statements.push_back("CREATE VIEW " + QuoteIdentifier(name.value()) +
                         (columns.empty() ? "" : " (" + columns + ")") + " AS " + v.sql);
  t.put_tables.push_back(std::move(def));
  return t;
}

Result<Translation> CreateIndex(std::string_view source, const std::vector<Token>& tokens,
                                Span span, const TranspileContext& context) {
  Cursor c(source, tokens, span);
  c.Accept(Keyword::kCreate);
  bool unique = c.Accept(Keyword::kUnique);
  if (c.Accept(Keyword::kFulltext)) return Unsupported("CREATE FULLTEXT INDEX");
  if (c.Accept(Keyword::kSpatial)) return Unsupported("SPATIAL indexes");
  if (!c.Accept(Keyword::kIndex)) return c.SyntaxError();
  Result<std::string> index = c.Name();
  if (!index.ok()) return std::move(index).error();
  if (c.Accept(Keyword::kUsing)) c.Advance();
  if (!c.Accept(Keyword::kOn)) return c.SyntaxError();
  Result<std::string> table = c.TableName(context.database);
  if (!table.ok()) return std::move(table).error();
  if (!c.AcceptOp("(")) return c.SyntaxError();
  catalog::IndexDef def;
  def.name = index.value();
  def.kind = unique ? catalog::IndexDef::Kind::kUnique : catalog::IndexDef::Kind::kIndex;
  std::string columns;
  do {
    if (c.AcceptOp("(")) return Unsupported("functional key parts");
    Result<std::string> column = c.Name();
    if (!column.ok()) return std::move(column).error();
    catalog::KeyPart part{column.value(), -1, false};
    if (c.AcceptOp("(")) {
      if (unique) return Unsupported("UNIQUE keys on a column prefix");
      c.Advance();
      if (!c.AcceptOp(")")) return c.SyntaxError();
    }
    if (c.Accept(Keyword::kDesc)) part.descending = true;
    c.Accept(Keyword::kAsc);
    if (!columns.empty()) columns += ", ";
    StrAppend(columns, {QuoteIdentifier(part.column), (part.descending ? " DESC" : "")});
    def.parts.push_back(std::move(part));
  } while (c.AcceptOp(","));
  if (!c.AcceptOp(")")) return c.SyntaxError();
  Translation t;
  t.statements.push_back(std::string(unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") +
                         IndexName(table.value(), index.value()) + " ON " +
                         QuoteIdentifier(table.value()) + " (" + columns + ")");
  if (context.schema != nullptr) {
    const catalog::TableDef* existing = context.schema->FindTable(table.value());
    if (existing == nullptr) {
      return Error(ErrorCode::kNoSuchTable, "Table '" + std::string(context.database) + "." +
                                                table.value() + "' doesn't exist");
    }
    catalog::TableDef updated = *existing;
    if (updated.FindIndex(def.name) != nullptr) {
      return Error(ErrorCode::kDuplicateKeyName, "Duplicate key name '" + def.name + "'");
    }
    for (const catalog::KeyPart& p : def.parts) {
      if (updated.FindColumn(p.column) == nullptr) {
        return Error(ErrorCode::kKeyColumnDoesNotExist,
                     "Key column '" + p.column + "' doesn't exist in table");
      }
    }
    updated.indexes.push_back(std::move(def));
    t.put_tables.push_back(std::move(updated));
  }
  return t;
}

Result<Translation> DropIndex(std::string_view source, const std::vector<Token>& tokens, Span span,
                              const TranspileContext& context) {
  Cursor c(source, tokens, span);
  c.Accept(Keyword::kDrop);
  if (!c.Accept(Keyword::kIndex)) return c.SyntaxError();
  Result<std::string> index = c.Name();
  if (!index.ok()) return std::move(index).error();
  if (!c.Accept(Keyword::kOn)) return c.SyntaxError();
  Result<std::string> table = c.TableName(context.database);
  if (!table.ok()) return std::move(table).error();
  if (!c.AtEnd()) return c.SyntaxError();
  if (index.value() == "PRIMARY") return Unsupported("dropping a PRIMARY KEY");
  Translation t;
  t.statements.push_back("DROP INDEX " + IndexName(table.value(), index.value()));
  if (context.schema != nullptr) {
    const catalog::TableDef* existing = context.schema->FindTable(table.value());
    if (existing == nullptr) {
      return Error(ErrorCode::kNoSuchTable, "Table '" + std::string(context.database) + "." +
                                                table.value() + "' doesn't exist");
    }
    catalog::TableDef updated = *existing;
    const catalog::IndexDef* found = updated.FindIndex(index.value());
    if (found == nullptr) {
      return Error(ErrorCode::kCantDropField,
                   "Can't DROP '" + index.value() + "'; check that column/key exists");
    }
    updated.indexes.erase(updated.indexes.begin() + (found - updated.indexes.data()));
    t.put_tables.push_back(std::move(updated));
  }
  return t;
}

Result<Translation> Truncate(std::string_view source, const std::vector<Token>& tokens, Span span,
                             const TranspileContext& context) {
  Cursor c(source, tokens, span);
  c.Accept(Keyword::kTruncate);
  c.Accept(Keyword::kTable);
  Result<std::string> table = c.TableName(context.database);
  if (!table.ok()) return std::move(table).error();
  if (!c.AtEnd()) return c.SyntaxError();
  // TRUNCATE empties the table and restarts its AUTO_INCREMENT counter.
  Translation t;
  t.statements.push_back("DELETE FROM " + QuoteIdentifier(table.value()));
  t.statements.push_back("DELETE FROM sqlite_sequence WHERE name = " + QuoteString(table.value()));
  return t;
}

Result<Translation> Show(std::string_view source, const std::vector<Token>& tokens, Span span,
                         const TranspileContext& context) {
  Cursor c(source, tokens, span);
  c.Accept(Keyword::kShow);
  bool full = c.Accept(Keyword::kFull);
  if (!c.Accept(Keyword::kTables)) {
    return Unsupported("this SHOW statement");
  }
  if (c.Accept(Keyword::kFrom) || c.Accept(Keyword::kIn)) {
    Result<std::string> db = c.Name();
    if (!db.ok()) return std::move(db).error();
    if (db.value() != context.database) return Unsupported("SHOW TABLES of another database");
  }
  std::string filter;
  if (c.Accept(Keyword::kLike)) {
    const Token* pattern = c.Peek();
    if (pattern == nullptr || pattern->kind != TokenKind::kString) return c.SyntaxError();
    filter =
        " AND name LIKE " + QuoteString(sql::DecodeString(pattern->text(source))) + " ESCAPE '\\'";
    c.Advance();
  }
  if (!c.AtEnd()) return Unsupported("SHOW TABLES ... WHERE");
  // Internal tables (sqlite_*, Cloudflare's _cf_*, Edge SQL's _edgesql_*)
  // are not the user's.
  std::string column = QuoteIdentifier("Tables_in_" + std::string(context.database));
  std::string sql = StrCat({"SELECT name AS ", column});
  if (full) sql += ", CASE type WHEN 'view' THEN 'VIEW' ELSE 'BASE TABLE' END AS \"Table_type\"";
  sql +=
      " FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE "
      "'\\_edgesql\\_%' ESCAPE '\\'" +
      filter + " ORDER BY name";
  Translation t;
  t.statements.push_back(std::move(sql));
  return t;
}

}  // namespace

Result<Translation> Transpile(std::string_view source, const std::vector<Token>& tokens,
                              const sql::StatementInfo& info, const TranspileContext& context) {
  Span span = StatementSpan(tokens, info);
  switch (info.kind) {
    case StatementKind::kSelect:
    case StatementKind::kInsert:
    case StatementKind::kUpdate:
    case StatementKind::kDelete:
    case StatementKind::kReplace:
      return GenerateStatement(source, tokens, span.first, span.last, context);
    case StatementKind::kCreateTable: {
      Result<CreateTableOutput> out =
          TranspileCreateTable(source, tokens, span.first, span.last, context.schema);
      if (!out.ok()) return std::move(out).error();
      Translation t;
      t.statements = std::move(out.value().statements);
      t.warnings = std::move(out.value().warnings);
      // CREATE TABLE IF NOT EXISTS of an existing table changes nothing.
      bool exists =
          context.schema != nullptr && context.schema->FindTable(out.value().table.name) != nullptr;
      if (!(out.value().if_not_exists && exists))
        t.put_tables.push_back(std::move(out.value().table));
      return t;
    }
    case StatementKind::kAlterTable: {
      Result<AlterTableOutput> out = TranspileAlterTable(source, tokens, span.first, span.last,
                                                         context.schema, context.database);
      if (!out.ok()) return std::move(out).error();
      Translation t;
      t.statements = std::move(out.value().statements);
      t.warnings = std::move(out.value().warnings);
      if (out.value().old_name != out.value().table.name)
        t.dropped_tables.push_back(out.value().old_name);
      t.put_tables.push_back(std::move(out.value().table));
      return t;
    }
    case StatementKind::kRenameTable: {
      Result<std::vector<AlterTableOutput>> outs = TranspileRenameTable(
          source, tokens, span.first, span.last, context.schema, context.database);
      if (!outs.ok()) return std::move(outs).error();
      Translation t;
      for (AlterTableOutput& out : outs.value()) {
        for (std::string& s : out.statements) t.statements.push_back(std::move(s));
        t.dropped_tables.push_back(out.old_name);
        t.put_tables.push_back(std::move(out.table));
      }
      return t;
    }
    case StatementKind::kDropTable:
      return DropTablesOrViews(source, tokens, span, context, /*view=*/false);
    case StatementKind::kCreateView:
      return CreateView(source, tokens, span, context);
    case StatementKind::kDropView:
      return DropTablesOrViews(source, tokens, span, context, /*view=*/true);
    case StatementKind::kCreateIndex:
      return CreateIndex(source, tokens, span, context);
    case StatementKind::kDropIndex:
      return DropIndex(source, tokens, span, context);
    case StatementKind::kTruncate:
      return Truncate(source, tokens, span, context);
    case StatementKind::kShow:
      return Show(source, tokens, span, context);
    case StatementKind::kCreateTrigger:
    case StatementKind::kDropTrigger:
      return TranspileTrigger(source, tokens, context);
    default:
      break;
  }
  std::string name(sql::StatementKindName(info.kind));
  for (char& ch : name) ch = ch == '_' ? ' ' : static_cast<char>(std::toupper(ch));
  return Unsupported(name + " statements");
}

Result<Translation> TranspileText(std::string_view source, const TranspileContext& context) {
  return TranspileText(source, context, nullptr);
}

Result<Translation> TranspileText(std::string_view source, const TranspileContext& context,
                                  sql::Analysis* analysis_out) {
  Result<std::vector<Token>> tokens = sql::Lex(source);
  if (!tokens.ok()) return std::move(tokens).error();
  std::optional<std::string> program = sql::StoredProgramStatement(source, tokens.value());
  if (program && (*program == "CREATE TRIGGER" || *program == "DROP TRIGGER")) {
    return TranspileTrigger(source, tokens.value(), context);
  }
  Result<sql::Analysis> analysis = sql::Analyze(source, tokens.value());
  if (!analysis.ok()) return std::move(analysis).error();
  if (analysis.value().statements.size() != 1) {
    const sql::StatementInfo& second = analysis.value().statements[1];
    return sql::SyntaxErrorAt(source, second.begin);
  }
  Result<Translation> t =
      Transpile(source, tokens.value(), analysis.value().statements[0], context);
  if (analysis_out != nullptr && t.ok()) *analysis_out = std::move(analysis).value();
  return t;
}

}  // namespace edgesql::transpile
