#include "transpile/create_trigger.h"

#include "common/ascii.h"
#include "sql/lexer.h"
#include "transpile/sqlite_generator.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

using sql::Keyword;
using sql::Token;
using sql::TokenKind;

// A cursor over the statement's tokens (hints and the final ';' dropped).
class Words {
 public:
  Words(std::string_view source, const std::vector<Token>& tokens) : source_(source) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].kind == TokenKind::kHint || tokens[i].kind == TokenKind::kEnd) continue;
      index_.push_back(i);
    }
    while (!index_.empty() && tokens[index_.back()].IsOperator(source, ";")) index_.pop_back();
    tokens_ = &tokens;
  }
  bool AtEnd() const { return pos_ >= index_.size(); }
  const Token& Peek(size_t ahead = 0) const {
    static const Token kNone{};
    return pos_ + ahead < index_.size() ? (*tokens_)[index_[pos_ + ahead]] : kNone;
  }
  bool Is(std::string_view word, size_t ahead = 0) const {
    const Token& t = Peek(ahead);
    return pos_ + ahead < index_.size() && EqualsIgnoreCase(t.text(source_), word);
  }
  bool Accept(std::string_view word) {
    if (!Is(word)) return false;
    ++pos_;
    return true;
  }
  Result<std::string> Name() {
    const Token& t = Peek();
    if (AtEnd() || (t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kQuotedIdentifier))
      return Error(SyntaxError());
    ++pos_;
    return sql::DecodeIdentifier(t, source_);
  }
  // [db.]name; the qualifier must be the current database.
  Result<std::string> TableName(std::string_view database) {
    Result<std::string> first = Name();
    if (!first.ok() || !Is(".")) return first;
    ++pos_;
    Result<std::string> second = Name();
    if (!second.ok()) return second;
    if (first.value() != database) return Unsupported("triggers on another database's tables");
    return second;
  }
  Error SyntaxError() const {
    return sql::SyntaxErrorAt(source_, AtEnd() ? source_.size() : Peek().offset);
  }
  size_t pos() const { return pos_; }
  void set_pos(size_t p) { pos_ = p; }
  size_t size() const { return index_.size(); }
  // Byte offsets of word i and the end of word j - 1.
  size_t Begin(size_t i) const { return (*tokens_)[index_[i]].offset; }
  size_t End(size_t j) const {
    const Token& t = (*tokens_)[index_[j - 1]];
    return t.offset + t.length;
  }
  // Token indexes (into Lex's vector) for word range [i, j).
  size_t TokenIndex(size_t i) const { return i < index_.size() ? index_[i] : tokens_->size() - 1; }

 private:
  std::string_view source_;
  const std::vector<Token>* tokens_ = nullptr;
  std::vector<size_t> index_;
  size_t pos_ = 0;
};

struct Header {
  std::string name;
  std::string timing;  // BEFORE / AFTER
  std::string event;   // INSERT / UPDATE / DELETE
  std::string table;
  bool if_not_exists = false;
  size_t body = 0;  // word index where the body starts
};

Result<Header> ParseHeader(Words& w, std::string_view database) {
  Header h;
  w.Accept("CREATE");
  if (w.Accept("DEFINER")) {  // DEFINER = user: runs as whoever calls here
    while (!w.AtEnd() && !w.Is("TRIGGER")) w.set_pos(w.pos() + 1);
  }
  if (!w.Accept("TRIGGER")) return Error(w.SyntaxError());
  if (w.Accept("IF")) {
    if (!w.Accept("NOT") || !w.Accept("EXISTS")) return Error(w.SyntaxError());
    h.if_not_exists = true;
  }
  Result<std::string> name = w.TableName(database);
  if (!name.ok()) return std::move(name).error();
  h.name = name.value();
  for (std::string_view t : {"BEFORE", "AFTER"}) {
    if (w.Accept(t)) h.timing = std::string(t);
  }
  for (std::string_view e : {"INSERT", "UPDATE", "DELETE"}) {
    if (w.Accept(e)) h.event = std::string(e);
  }
  if (h.timing.empty() || h.event.empty() || !w.Accept("ON")) return Error(w.SyntaxError());
  Result<std::string> table = w.TableName(database);
  if (!table.ok()) return std::move(table).error();
  h.table = table.value();
  if (!w.Accept("FOR") || !w.Accept("EACH") || !w.Accept("ROW")) return Error(w.SyntaxError());
  if (w.Is("FOLLOWS") || w.Is("PRECEDES")) return Unsupported("FOLLOWS/PRECEDES trigger order");
  h.body = w.pos();
  return h;
}

// The body's statements as word ranges: BEGIN s1; s2; END, or one statement.
// IF ... END IF and BEGIN ... END nest.
Result<std::vector<std::pair<size_t, size_t>>> SplitBody(Words& w, size_t first, size_t last) {
  if (w.set_pos(first), w.Is("BEGIN")) {
    w.set_pos(last - 1);
    if (!w.Is("END")) return Error(w.SyntaxError());
    ++first;
    --last;
  }
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = first;
  int depth = 0;
  for (size_t i = first; i < last; ++i) {
    w.set_pos(i);
    if (w.Is("IF") && (i == start)) ++depth;
    if (w.Is("END") && w.Is("IF", 1)) --depth;
    if (depth == 0 && w.Is(";")) {
      if (i > start) out.push_back({start, i});
      start = i + 1;
    }
  }
  if (start < last) out.push_back({start, last});
  return out;
}

}  // namespace

Result<sql::StatementInfo> TriggerStatementInfo(std::string_view source,
                                                const std::vector<Token>& tokens,
                                                std::string_view database) {
  Words w(source, tokens);
  sql::StatementInfo info;
  info.begin = 0;
  info.end = static_cast<uint32_t>(source.size());
  if (w.Is("DROP")) {
    info.kind = sql::StatementKind::kDropTrigger;
    return info;
  }
  Result<Header> h = ParseHeader(w, database);
  if (!h.ok()) return std::move(h).error();
  info.kind = sql::StatementKind::kCreateTrigger;
  info.tables_written.push_back({"", h.value().table});
  return info;
}

Result<Translation> TranspileTrigger(std::string_view source, const std::vector<Token>& tokens,
                                     const TranspileContext& context) {
  Words w(source, tokens);
  Translation t;
  if (w.Accept("DROP")) {
    if (!w.Accept("TRIGGER")) return Error(w.SyntaxError());
    bool if_exists = false;
    if (w.Accept("IF")) {
      if (!w.Accept("EXISTS")) return Error(w.SyntaxError());
      if_exists = true;
    }
    Result<std::string> name = w.TableName(context.database);
    if (!name.ok()) return std::move(name).error();
    if (!w.AtEnd()) return Error(w.SyntaxError());
    t.statements.push_back(std::string("DROP TRIGGER ") + (if_exists ? "IF EXISTS " : "") +
                           QuoteIdentifier(name.value()));
    return t;
  }
  Result<Header> parsed = ParseHeader(w, context.database);
  if (!parsed.ok()) return std::move(parsed).error();
  Header& h = parsed.value();
  if (context.schema != nullptr) {
    const catalog::TableDef* table = context.schema->FindTable(h.table);
    if (table == nullptr) {
      return Error(ErrorCode::kNoSuchTable,
                   "Table '" + std::string(context.database) + "." + h.table + "' doesn't exist");
    }
    if (table->is_view()) return Unsupported("triggers on views");
  }
  Result<std::vector<std::pair<size_t, size_t>>> statements = SplitBody(w, h.body, w.size());
  if (!statements.ok()) return std::move(statements).error();
  std::vector<std::pair<size_t, size_t>> body = std::move(statements).value();

  // IF cond THEN ... END IF as the whole body: SQLite's WHEN.
  std::string when;
  if (body.size() == 1) {
    w.set_pos(body[0].first);
    if (w.Is("IF")) {
      size_t first = body[0].first + 1;
      size_t last = body[0].second;
      size_t then = first;
      for (w.set_pos(then); then < last && !w.Is("THEN"); w.set_pos(++then)) {
      }
      w.set_pos(last - 2);
      if (then >= last || !w.Is("END") || !w.Is("IF", 1)) return Error(w.SyntaxError());
      for (size_t i = then; i < last; ++i) {
        w.set_pos(i);
        if (w.Is("ELSE") || w.Is("ELSEIF")) return Unsupported("ELSE in a trigger body");
      }
      Result<std::string> condition =
          GenerateExpression(source.substr(w.Begin(first), w.End(then) - w.Begin(first)), context);
      if (!condition.ok()) return std::move(condition).error();
      when = " WHEN " + condition.value();
      Result<std::vector<std::pair<size_t, size_t>>> inner = SplitBody(w, then + 1, last - 2);
      if (!inner.ok()) return std::move(inner).error();
      body = std::move(inner).value();
    }
  }

  std::string timing = h.timing;
  std::string sql_body;
  std::string assignments;  // BEFORE ... SET NEW.col = expr
  for (const auto& [first, last] : body) {
    w.set_pos(first);
    if (w.Is("SET")) {
      if (h.timing != "BEFORE" || h.event == "DELETE") return Unsupported("SET in this trigger");
      // SET NEW.a = x, NEW.b = y
      size_t i = first + 1;
      while (i < last) {
        w.set_pos(i);
        if (!w.Is("NEW") || !w.Is(".", 1))
          return Unsupported("SET of anything but NEW.column in a trigger");
        w.set_pos(i + 2);
        Result<std::string> column = w.Name();
        if (!column.ok()) return std::move(column).error();
        if (!w.Is("=") && !w.Is(":=")) return Error(w.SyntaxError());
        size_t value = w.pos() + 1;
        size_t end = value;
        int depth = 0;
        for (w.set_pos(end); end < last; w.set_pos(++end)) {
          if (w.Is("(")) ++depth;
          if (w.Is(")")) --depth;
          if (depth == 0 && w.Is(",")) break;
        }
        if (end == value) return Error(w.SyntaxError());
        Result<std::string> v =
            GenerateExpression(source.substr(w.Begin(value), w.End(end) - w.Begin(value)), context);
        if (!v.ok()) return std::move(v).error();
        assignments +=
            (assignments.empty() ? "" : ", ") + QuoteIdentifier(column.value()) + " = " + v.value();
        i = end + 1;
      }
      continue;
    }
    if (!(w.Is("INSERT") || w.Is("UPDATE") || w.Is("DELETE") || w.Is("REPLACE"))) {
      return Unsupported(
          "this statement in a trigger body (only INSERT, UPDATE, DELETE and SET NEW)");
    }
    Result<Translation> s =
        GenerateStatement(source, tokens, w.TokenIndex(first), w.TokenIndex(last - 1) + 1, context);
    if (!s.ok()) return std::move(s).error();
    if (s.value().statements.size() != 1 || !s.value().extra_params.empty()) {
      return Unsupported("this statement in a trigger body");
    }
    sql_body += s.value().statements[0] + "; ";
  }
  if (!assignments.empty()) {
    if (!sql_body.empty()) return Unsupported("SET NEW mixed with other statements in a trigger");
    // SQLite cannot change NEW: update the row just written instead.
    timing = "AFTER";
    sql_body =
        "UPDATE " + QuoteIdentifier(h.table) + " SET " + assignments + " WHERE rowid = NEW.rowid; ";
  }
  if (sql_body.empty()) return Unsupported("an empty trigger body");
  t.statements.push_back("CREATE TRIGGER " + std::string(h.if_not_exists ? "IF NOT EXISTS " : "") +
                         QuoteIdentifier(h.name) + " " + timing + " " + h.event + " ON " +
                         QuoteIdentifier(h.table) + " FOR EACH ROW" + when + " BEGIN " + sql_body +
                         "END");
  return t;
}

}  // namespace edgesql::transpile
