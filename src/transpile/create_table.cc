#include "transpile/create_table.h"

#include <optional>

#include "sql/lexer.h"
#include "transpile/sqlite_text.h"
#include "transpile/token_rewriter.h"
#include "transpile/type_map.h"

namespace edgesql::transpile {
namespace {

using sql::Keyword;
using sql::Token;
using sql::TokenKind;

struct Column {
  std::string name;
  SqliteType type = SqliteType::kText;
  bool not_null = false;
  bool unsigned_ = false;
  bool auto_increment = false;
  bool unique = false;
  bool on_update_now = false;
  std::string default_sql;  // "DEFAULT ..." or empty
  std::string checks;       // " CHECK (...)" clauses
};

struct Index {
  std::string name;
  bool unique = false;
  std::vector<std::string> columns;
};

// Walks the tokens of one CREATE TABLE, skipping hint comments.
class CreateTableParser {
 public:
  CreateTableParser(std::string_view source, const std::vector<Token>& tokens, size_t first,
                    size_t last)
      : source_(source), tokens_(tokens), pos_(first), last_(last) {}

  Result<CreateTableOutput> Run();

 private:
  const Token& Peek(size_t ahead = 0) {
    size_t p = pos_;
    for (;;) {
      while (p < last_ && tokens_[p].kind == TokenKind::kHint) ++p;
      if (ahead == 0 || p >= last_) break;
      ++p;
      --ahead;
    }
    return p < last_ ? tokens_[p] : end_token();
  }
  const Token& end_token() {
    end_.kind = TokenKind::kEnd;
    end_.offset = pos_ < last_
                      ? tokens_[pos_].offset
                      : (last_ > 0 ? tokens_[last_ - 1].offset + tokens_[last_ - 1].length : 0);
    return end_;
  }
  void Skip() {
    while (pos_ < last_ && tokens_[pos_].kind == TokenKind::kHint) ++pos_;
    if (pos_ < last_) ++pos_;
  }
  bool AtEnd() { return Peek().kind == TokenKind::kEnd; }
  bool PeekKeyword(Keyword k, size_t ahead = 0) { return Peek(ahead).Is(k); }
  bool PeekOp(std::string_view op) { return Peek().IsOperator(source_, op); }
  bool AcceptKeyword(Keyword k) {
    if (!PeekKeyword(k)) return false;
    Skip();
    return true;
  }
  bool AcceptOp(std::string_view op) {
    if (!PeekOp(op)) return false;
    Skip();
    return true;
  }
  bool PeekWord(std::string_view word) {
    const Token& t = Peek();
    if (t.kind != TokenKind::kIdentifier) return false;
    std::string_view text = t.text(source_);
    if (text.size() != word.size()) return false;
    for (size_t i = 0; i < text.size(); ++i) {
      if (std::toupper(static_cast<unsigned char>(text[i])) != word[i]) return false;
    }
    return true;
  }
  Error SyntaxError() { return sql::SyntaxErrorAt(source_, Peek().offset); }
  Status Expect(Keyword k) {
    if (!AcceptKeyword(k)) return SyntaxError();
    return Status::Ok();
  }
  Status ExpectOp(std::string_view op) {
    if (!AcceptOp(op)) return SyntaxError();
    return Status::Ok();
  }
  Result<std::string> Name() {
    const Token& t = Peek();
    if (t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kQuotedIdentifier) {
      return SyntaxError();
    }
    std::string name = sql::DecodeIdentifier(t, source_);
    Skip();
    return name;
  }
  // Index of the token after the ')' matching the '(' at Peek().
  Result<size_t> MatchingParen();
  // Rewrites the parenthesised expression at Peek() to SQLite, parens included.
  Result<std::string> ParenExpression();

  Status ColumnDefinition();
  Status DataType(Column& column);
  Status ColumnAttributes(Column& column);
  Status DefaultValue(Column& column);
  Status IndexDefinition(bool unique, std::string name);
  Status KeyParts(std::vector<std::string>& columns, bool unique);
  Status PrimaryKeyDefinition();
  Status ForeignKeyDefinition(std::string constraint);
  Status CheckDefinition(std::string constraint);
  Status TableOptions();

  std::string_view source_;
  const std::vector<Token>& tokens_;
  size_t pos_;
  size_t last_;
  Token end_;
  TokenRewriter rewriter_{source_, tokens_};

  std::string table_;
  bool if_not_exists_ = false;
  std::vector<Column> columns_;
  std::vector<std::string> primary_key_;
  std::vector<Index> indexes_;
  std::vector<std::string> constraints_;  // FOREIGN KEY and CHECK clauses
  std::optional<std::string> auto_increment_start_;
  int foreign_keys_ = 0;  // for MySQL's default names t_ibfk_1, t_chk_1, ...
  int checks_ = 0;
  CreateTableOutput out_;
};

Result<size_t> CreateTableParser::MatchingParen() {
  int depth = 0;
  for (size_t p = pos_; p < last_; ++p) {
    if (tokens_[p].IsOperator(source_, "(")) ++depth;
    if (tokens_[p].IsOperator(source_, ")") && --depth == 0) return p + 1;
  }
  return SyntaxError();
}

Result<std::string> CreateTableParser::ParenExpression() {
  while (pos_ < last_ && tokens_[pos_].kind == TokenKind::kHint) ++pos_;
  if (!PeekOp("(")) return SyntaxError();
  Result<size_t> end = MatchingParen();
  if (!end.ok()) return std::move(end).error();
  std::string sql;
  Status s = rewriter_.Write(pos_, end.value(), sql);
  if (!s.ok()) return std::move(s).error();
  if (rewriter_.placeholders_written() > 0) return SyntaxError();
  pos_ = end.value();
  return sql;
}

Result<CreateTableOutput> CreateTableParser::Run() {
  Status s = Expect(Keyword::kCreate);
  if (!s.ok()) return std::move(s).error();
  if (PeekKeyword(Keyword::kTemporary)) return Unsupported("CREATE TEMPORARY TABLE");
  if (s = Expect(Keyword::kTable); !s.ok()) return std::move(s).error();
  if (AcceptKeyword(Keyword::kIf)) {
    if (s = Expect(Keyword::kNot); !s.ok()) return std::move(s).error();
    if (s = Expect(Keyword::kExists); !s.ok()) return std::move(s).error();
    if_not_exists_ = true;
  }
  Result<std::string> name = Name();
  if (!name.ok()) return std::move(name).error();
  if (AcceptOp(".")) return Unsupported("database-qualified table names in CREATE TABLE");
  table_ = std::move(name).value();
  out_.table = table_;
  if (PeekKeyword(Keyword::kLike) || (PeekOp("(") && PeekKeyword(Keyword::kLike, 1))) {
    return Unsupported("CREATE TABLE ... LIKE");
  }
  if (!PeekOp("("))
    return Unsupported("CREATE TABLE without a column list (CREATE TABLE ... AS SELECT)");
  Skip();
  for (;;) {
    if (s = ColumnDefinition(); !s.ok()) return std::move(s).error();
    if (AcceptOp(",")) continue;
    if (s = ExpectOp(")"); !s.ok()) return std::move(s).error();
    break;
  }
  if (s = TableOptions(); !s.ok()) return std::move(s).error();
  if (!AtEnd()) {
    if (PeekKeyword(Keyword::kAs) || PeekKeyword(Keyword::kSelect)) {
      return Unsupported("CREATE TABLE ... SELECT");
    }
    return SyntaxError();
  }

  // The AUTO_INCREMENT column must be the whole primary key: that is what
  // SQLite's INTEGER PRIMARY KEY AUTOINCREMENT can express.
  const Column* auto_column = nullptr;
  for (const Column& c : columns_) {
    if (!c.auto_increment) continue;
    if (auto_column != nullptr) {
      return Error(ErrorCode::kWrongAutoKey,
                   "Incorrect table definition; there can be only one auto column and it must "
                   "be defined as a key");
    }
    auto_column = &c;
  }
  if (auto_column != nullptr &&
      !(primary_key_.size() == 1 && primary_key_[0] == auto_column->name)) {
    bool keyed = !primary_key_.empty() || auto_column->unique;
    for (const Index& index : indexes_) keyed = keyed || index.columns[0] == auto_column->name;
    if (!keyed) {
      return Error(ErrorCode::kWrongAutoKey,
                   "Incorrect table definition; there can be only one auto column and it must "
                   "be defined as a key");
    }
    return Unsupported("AUTO_INCREMENT on a column that is not the whole primary key");
  }
  for (const std::string& pk : primary_key_) {
    bool found = false;
    for (const Column& c : columns_) found = found || c.name == pk;
    if (!found) {
      return Error(ErrorCode::kKeyColumnDoesNotExist,
                   "Key column '" + pk + "' doesn't exist in table");
    }
  }

  std::string sql = "CREATE TABLE ";
  if (if_not_exists_) sql += "IF NOT EXISTS ";
  sql += QuoteIdentifier(table_);
  sql += " (";
  bool first = true;
  for (const Column& c : columns_) {
    if (!first) sql += ", ";
    first = false;
    sql += QuoteIdentifier(c.name);
    bool in_pk = false;
    for (const std::string& pk : primary_key_) in_pk = in_pk || pk == c.name;
    if (c.auto_increment) {
      sql += " INTEGER PRIMARY KEY AUTOINCREMENT";
    } else {
      // An INTEGER primary key would become SQLite's rowid alias and turn an
      // inserted NULL into a fresh id; MySQL rejects that NULL. INT keeps
      // integer affinity without the alias.
      sql += ' ';
      sql += (in_pk && c.type == SqliteType::kInteger) ? "INT" : SqliteTypeName(c.type);
      if (c.not_null || in_pk) sql += " NOT NULL";
    }
    if (!c.default_sql.empty()) {
      sql += ' ';
      sql += c.default_sql;
    }
    if (c.unique && !c.auto_increment) sql += " UNIQUE";
    if (c.unsigned_) {
      sql += " CONSTRAINT " + QuoteIdentifier(std::string(kUnsignedCheckPrefix) + c.name) +
             " CHECK (" + QuoteIdentifier(c.name) + " >= 0)";
    }
    sql += c.checks;
  }
  if (!primary_key_.empty() && auto_column == nullptr) {
    sql += ", PRIMARY KEY (";
    for (size_t i = 0; i < primary_key_.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += QuoteIdentifier(primary_key_[i]);
    }
    sql += ')';
  }
  for (const std::string& constraint : constraints_) {
    sql += ", ";
    sql += constraint;
  }
  sql += ')';
  out_.statements.push_back(std::move(sql));

  for (const Index& index : indexes_) {
    std::string create = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
    if (if_not_exists_) create += "IF NOT EXISTS ";
    create += IndexName(table_, index.name) + " ON " + QuoteIdentifier(table_) + " (";
    for (size_t i = 0; i < index.columns.size(); ++i) {
      if (i > 0) create += ", ";
      create += QuoteIdentifier(index.columns[i]);
    }
    create += ')';
    out_.statements.push_back(std::move(create));
  }

  // ON UPDATE CURRENT_TIMESTAMP: MySQL refreshes the column when an UPDATE
  // changes some other column of the row and does not set this one itself.
  for (const Column& c : columns_) {
    if (!c.on_update_now) continue;
    std::string col = QuoteIdentifier(c.name);
    std::string changed;
    for (const Column& other : columns_) {
      if (other.name == c.name) continue;
      if (!changed.empty()) changed += " OR ";
      std::string o = QuoteIdentifier(other.name);
      changed += "NEW." + o + " IS NOT OLD." + o;
    }
    if (changed.empty()) changed = "0";
    std::string trigger = "CREATE TRIGGER ";
    if (if_not_exists_) trigger += "IF NOT EXISTS ";
    trigger += QuoteIdentifier(table_ + "/on_update/" + c.name) + " AFTER UPDATE ON " +
               QuoteIdentifier(table_) + " FOR EACH ROW WHEN NEW." + col + " IS OLD." + col +
               " AND (" + changed + ") BEGIN UPDATE " + QuoteIdentifier(table_) + " SET " + col +
               " = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END";
    out_.statements.push_back(std::move(trigger));
  }

  if (auto_increment_start_ && auto_column != nullptr) {
    // sqlite_sequence holds the last id used; MySQL's option names the next.
    out_.statements.push_back("INSERT INTO sqlite_sequence (name, seq) SELECT " +
                              QuoteString(table_) + ", " + *auto_increment_start_ +
                              " - 1 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = " +
                              QuoteString(table_) + ")");
  }
  return std::move(out_);
}

Status CreateTableParser::ColumnDefinition() {
  std::string constraint;
  if (AcceptKeyword(Keyword::kConstraint)) {
    if (!PeekKeyword(Keyword::kPrimary) && !PeekKeyword(Keyword::kUnique) &&
        !PeekKeyword(Keyword::kForeign) && !PeekKeyword(Keyword::kCheck)) {
      Result<std::string> sym = Name();
      if (!sym.ok()) return std::move(sym).error();
      constraint = std::move(sym).value();
    }
  }
  if (AcceptKeyword(Keyword::kPrimary)) {
    if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
    return PrimaryKeyDefinition();
  }
  if (AcceptKeyword(Keyword::kUnique)) {
    if (!AcceptKeyword(Keyword::kIndex)) AcceptKeyword(Keyword::kKey);
    return IndexDefinition(true, constraint);
  }
  if (AcceptKeyword(Keyword::kForeign)) {
    if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
    return ForeignKeyDefinition(constraint);
  }
  if (AcceptKeyword(Keyword::kCheck)) return CheckDefinition(constraint);
  if (!constraint.empty()) return SyntaxError();
  if (PeekKeyword(Keyword::kIndex) || PeekKeyword(Keyword::kKey)) {
    Skip();
    return IndexDefinition(false, "");
  }
  if (PeekKeyword(Keyword::kFulltext)) {
    Skip();
    if (!AcceptKeyword(Keyword::kIndex)) AcceptKeyword(Keyword::kKey);
    Index ignored;
    std::string name;
    if (!PeekOp("(")) {
      Result<std::string> n = Name();
      if (!n.ok()) return std::move(n).error();
      name = std::move(n).value();
    }
    if (Status s = KeyParts(ignored.columns, false); !s.ok()) return s;
    if (name.empty()) name = ignored.columns[0];
    out_.warnings.push_back(
        sql::Warning{static_cast<uint16_t>(ErrorCode::kNotSupportedYet),
                     "FULLTEXT index '" + name +
                         "' was accepted without a full-text index; MATCH ... AGAINST "
                         "is not supported yet"});
    return Status::Ok();
  }
  if (PeekKeyword(Keyword::kSpatial)) return Unsupported("SPATIAL indexes");

  Column column;
  Result<std::string> name = Name();
  if (!name.ok()) return std::move(name).error();
  column.name = std::move(name).value();
  for (const Column& c : columns_) {
    if (c.name == column.name) {
      return Error(ErrorCode::kDuplicateFieldName, "Duplicate column name '" + column.name + "'");
    }
  }
  if (Status s = DataType(column); !s.ok()) return s;
  if (Status s = ColumnAttributes(column); !s.ok()) return s;
  columns_.push_back(std::move(column));
  return Status::Ok();
}

Status CreateTableParser::DataType(Column& column) {
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdentifier) return SyntaxError();
  std::string_view word = t.text(source_);
  std::optional<SqliteType> type = MapMySqlType(word);
  if (!type) {
    std::string upper(word);
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static constexpr std::string_view kSpatial[] = {
        "GEOMETRY",        "POINT",        "LINESTRING",         "POLYGON",       "MULTIPOINT",
        "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "GEOMCOLLECTION"};
    for (std::string_view s : kSpatial) {
      if (upper == s) return Unsupported("spatial type " + upper);
    }
    return SyntaxError();
  }
  bool serial = PeekWord("SERIAL");
  Skip();
  column.type = *type;
  if (column.type == SqliteType::kReal && PeekWord("PRECISION")) Skip();  // DOUBLE PRECISION
  if (PeekOp("(")) {
    Result<size_t> end = MatchingParen();
    if (!end.ok()) return std::move(end).error();
    pos_ = end.value();  // lengths, precision and ENUM members live in the catalog
  }
  if (serial) {  // SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
    column.unsigned_ = true;
    column.not_null = true;
    column.auto_increment = true;
    column.unique = true;
  }
  return Status::Ok();
}

Status CreateTableParser::ColumnAttributes(Column& column) {
  for (;;) {
    if (AtEnd() || PeekOp(",") || PeekOp(")")) return Status::Ok();
    if (AcceptKeyword(Keyword::kUnsigned)) {
      column.unsigned_ = true;
    } else if (AcceptKeyword(Keyword::kSigned) || AcceptKeyword(Keyword::kZerofill) ||
               AcceptKeyword(Keyword::kBinary)) {
    } else if (AcceptKeyword(Keyword::kCharacter)) {
      if (Status s = Expect(Keyword::kSet); !s.ok()) return s;
      if (Result<std::string> n = Name(); !n.ok()) return std::move(n).error();
    } else if (AcceptKeyword(Keyword::kCharset) || AcceptKeyword(Keyword::kCollate)) {
      // Edge SQL stores UTF-8 text; collation-aware comparison is catalog work.
      if (Result<std::string> n = Name(); !n.ok()) return std::move(n).error();
    } else if (AcceptKeyword(Keyword::kNot)) {
      if (Status s = Expect(Keyword::kNull); !s.ok()) return s;
      column.not_null = true;
    } else if (AcceptKeyword(Keyword::kNull)) {
      column.not_null = false;
    } else if (AcceptKeyword(Keyword::kDefault)) {
      if (Status s = DefaultValue(column); !s.ok()) return s;
    } else if (AcceptKeyword(Keyword::kAutoIncrement)) {
      column.auto_increment = true;
    } else if (AcceptKeyword(Keyword::kUnique)) {
      AcceptKeyword(Keyword::kKey);
      column.unique = true;
    } else if (AcceptKeyword(Keyword::kPrimary)) {
      if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
      if (!primary_key_.empty())
        return Error(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
      primary_key_.push_back(column.name);
    } else if (AcceptKeyword(Keyword::kKey)) {
      if (!primary_key_.empty())
        return Error(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
      primary_key_.push_back(column.name);
    } else if (AcceptKeyword(Keyword::kComment)) {
      if (Peek().kind != TokenKind::kString) return SyntaxError();
      Skip();
    } else if (AcceptKeyword(Keyword::kOn)) {
      if (Status s = Expect(Keyword::kUpdate); !s.ok()) return s;
      if (AcceptKeyword(Keyword::kCurrentTimestamp) || AcceptKeyword(Keyword::kNow) ||
          PeekWord("LOCALTIMESTAMP") || PeekWord("LOCALTIME")) {
        if (PeekWord("LOCALTIMESTAMP") || PeekWord("LOCALTIME")) Skip();
        if (PeekOp("(")) {
          Result<size_t> end = MatchingParen();
          if (!end.ok()) return std::move(end).error();
          pos_ = end.value();
        }
        column.on_update_now = true;
      } else {
        return SyntaxError();
      }
    } else if (AcceptKeyword(Keyword::kReferences)) {
      // MySQL parses an inline REFERENCES and then ignores it (InnoDB only
      // enforces table-level FOREIGN KEY clauses); so does Edge SQL.
      if (Result<std::string> n = Name(); !n.ok()) return std::move(n).error();
      if (PeekOp("(")) {
        Result<size_t> end = MatchingParen();
        if (!end.ok()) return std::move(end).error();
        pos_ = end.value();
      }
      while (AcceptKeyword(Keyword::kOn)) {
        if (!AcceptKeyword(Keyword::kDelete) && !AcceptKeyword(Keyword::kUpdate))
          return SyntaxError();
        if (AcceptKeyword(Keyword::kSet)) {
          if (!AcceptKeyword(Keyword::kNull) && !AcceptKeyword(Keyword::kDefault))
            return SyntaxError();
        } else if (!AcceptKeyword(Keyword::kCascade) && !AcceptKeyword(Keyword::kRestrict)) {
          if (!PeekWord("NO")) return SyntaxError();
          Skip();
          if (!PeekWord("ACTION")) return SyntaxError();
          Skip();
        }
      }
    } else if (AcceptKeyword(Keyword::kCheck)) {
      Result<std::string> expr = ParenExpression();
      if (!expr.ok()) return std::move(expr).error();
      column.checks += " CHECK " + expr.value();
    } else if (PeekWord("VISIBLE")) {
      Skip();
    } else if (PeekWord("GENERATED") || PeekKeyword(Keyword::kAs)) {
      return Unsupported("generated columns");
    } else if (PeekWord("INVISIBLE")) {
      return Unsupported("invisible columns");
    } else {
      return SyntaxError();
    }
  }
}

Status CreateTableParser::DefaultValue(Column& column) {
  const Token& t = Peek();
  if (t.Is(Keyword::kCurrentTimestamp) || t.Is(Keyword::kNow) || PeekWord("LOCALTIMESTAMP") ||
      PeekWord("LOCALTIME")) {
    bool needs_parens = t.Is(Keyword::kNow);
    Skip();
    int digits = 0;
    if (PeekOp("(")) {
      Skip();
      if (Peek().kind == TokenKind::kNumber) {
        digits = Peek().text(source_)[0] - '0';
        Skip();
      }
      if (Status s = ExpectOp(")"); !s.ok()) return s;
    } else if (needs_parens) {
      return SyntaxError();
    }
    column.default_sql =
        digits > 0 ? "DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))" : "DEFAULT CURRENT_TIMESTAMP";
    return Status::Ok();
  }
  if (PeekOp("(")) {
    Result<std::string> expr = ParenExpression();
    if (!expr.ok()) return std::move(expr).error();
    column.default_sql = "DEFAULT " + expr.value();
    return Status::Ok();
  }
  // A literal, possibly signed: -1, +2.5, 'text', NULL, TRUE, b'0', 0x00.
  std::string sign;
  if (PeekOp("-") || PeekOp("+")) {
    sign = std::string(Peek().text(source_));
    Skip();
    if (Peek().kind != TokenKind::kNumber) return SyntaxError();
  }
  const Token& v = Peek();
  bool literal = v.kind == TokenKind::kString || v.kind == TokenKind::kNumber ||
                 v.kind == TokenKind::kHexLiteral || v.kind == TokenKind::kBitLiteral ||
                 v.Is(Keyword::kNull) || v.Is(Keyword::kTrue) || v.Is(Keyword::kFalse);
  if (!literal) return SyntaxError();
  size_t start = pos_;
  Skip();
  while (v.kind == TokenKind::kString && Peek().kind == TokenKind::kString) Skip();
  std::string value;
  if (Status s = rewriter_.Write(start, pos_, value); !s.ok()) return s;
  column.default_sql = "DEFAULT " + (sign == "-" ? "(-" + value + ")" : value);
  return Status::Ok();
}

Status CreateTableParser::KeyParts(std::vector<std::string>& columns, bool unique) {
  if (Status s = ExpectOp("("); !s.ok()) return s;
  for (;;) {
    if (PeekOp("(")) return Unsupported("functional key parts");
    Result<std::string> name = Name();
    if (!name.ok()) return std::move(name).error();
    if (PeekOp("(")) {
      // A prefix length only narrows what a plain index stores, but for a
      // UNIQUE key it changes which rows collide.
      if (unique) return Unsupported("UNIQUE keys on a column prefix");
      Result<size_t> end = MatchingParen();
      if (!end.ok()) return std::move(end).error();
      pos_ = end.value();
    }
    if (!AcceptKeyword(Keyword::kAsc)) AcceptKeyword(Keyword::kDesc);
    columns.push_back(std::move(name).value());
    if (AcceptOp(",")) continue;
    return ExpectOp(")");
  }
}

// Index options after the key parts: USING BTREE|HASH, COMMENT 'x',
// KEY_BLOCK_SIZE [=] n, VISIBLE. None changes what the index means.
static bool IsIndexOptionWord(std::string_view w) {
  return w == "USING" || w == "KEY_BLOCK_SIZE" || w == "VISIBLE" || w == "BTREE" || w == "HASH";
}

Status CreateTableParser::IndexDefinition(bool unique, std::string name) {
  if (!PeekOp("(") && !PeekWord("USING")) {
    Result<std::string> n = Name();
    if (!n.ok()) return std::move(n).error();
    name = std::move(n).value();
  }
  if (PeekWord("USING")) {
    Skip();
    Skip();
  }
  Index index;
  index.unique = unique;
  if (Status s = KeyParts(index.columns, unique); !s.ok()) return s;
  for (;;) {
    if (PeekWord("INVISIBLE")) return Unsupported("invisible indexes");
    const Token& t = Peek();
    std::string upper(t.text(source_));
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (t.kind == TokenKind::kIdentifier && IsIndexOptionWord(upper)) {
      Skip();
      if (upper == "USING") Skip();
      if (upper == "KEY_BLOCK_SIZE") {
        AcceptOp("=");
        Skip();
      }
    } else if (AcceptKeyword(Keyword::kComment)) {
      Skip();
    } else {
      break;
    }
  }
  // Unnamed keys are named after their first column, then _2, _3... (MySQL).
  if (name.empty()) {
    name = index.columns[0];
    for (int n = 2;; ++n) {
      bool taken = false;
      for (const Index& other : indexes_) taken = taken || other.name == name;
      if (!taken) break;
      name = index.columns[0] + "_" + std::to_string(n);
    }
  }
  for (const Index& other : indexes_) {
    if (other.name == name) {
      return Error(ErrorCode::kDuplicateKeyName, "Duplicate key name '" + name + "'");
    }
  }
  index.name = std::move(name);
  indexes_.push_back(std::move(index));
  return Status::Ok();
}

Status CreateTableParser::PrimaryKeyDefinition() {
  if (PeekWord("USING")) {
    Skip();
    Skip();
  }
  if (!primary_key_.empty()) {
    return Error(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
  }
  std::vector<std::string> columns;
  if (Status s = KeyParts(columns, true); !s.ok()) return s;
  primary_key_ = std::move(columns);
  return Status::Ok();
}

Status CreateTableParser::ForeignKeyDefinition(std::string constraint) {
  if (!PeekOp("(")) {  // FOREIGN KEY index_name (...)
    Result<std::string> n = Name();
    if (!n.ok()) return std::move(n).error();
    if (constraint.empty()) constraint = std::move(n).value();
  }
  std::vector<std::string> columns;
  if (Status s = KeyParts(columns, false); !s.ok()) return s;
  if (Status s = Expect(Keyword::kReferences); !s.ok()) return s;
  Result<std::string> parent = Name();
  if (!parent.ok()) return std::move(parent).error();
  if (AcceptOp(".")) return Unsupported("foreign keys to another database");
  std::vector<std::string> parent_columns;
  if (Status s = KeyParts(parent_columns, false); !s.ok()) return s;
  if (parent_columns.size() != columns.size()) {
    return Error(ErrorCode::kWrongFkDef, "Incorrect foreign key definition for '" +
                                             (constraint.empty() ? columns[0] : constraint) +
                                             "': Key reference and table reference don't match");
  }
  if (constraint.empty()) constraint = table_ + "_ibfk_" + std::to_string(++foreign_keys_);
  std::string sql = "CONSTRAINT " + QuoteIdentifier(constraint) + " FOREIGN KEY (";
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += QuoteIdentifier(columns[i]);
  }
  sql += ") REFERENCES " + QuoteIdentifier(parent.value()) + " (";
  for (size_t i = 0; i < parent_columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += QuoteIdentifier(parent_columns[i]);
  }
  sql += ')';
  if (PeekWord("MATCH")) {
    Skip();
    Skip();
  }
  while (AcceptKeyword(Keyword::kOn)) {
    bool on_delete = AcceptKeyword(Keyword::kDelete);
    if (!on_delete && !AcceptKeyword(Keyword::kUpdate)) return SyntaxError();
    std::string action;
    if (AcceptKeyword(Keyword::kCascade)) {
      action = "CASCADE";
    } else if (AcceptKeyword(Keyword::kRestrict)) {
      action = "RESTRICT";
    } else if (AcceptKeyword(Keyword::kSet)) {
      if (AcceptKeyword(Keyword::kNull)) {
        action = "SET NULL";
      } else if (AcceptKeyword(Keyword::kDefault)) {
        action = "SET DEFAULT";
      } else {
        return SyntaxError();
      }
    } else if (PeekWord("NO")) {
      Skip();
      if (!PeekWord("ACTION")) return SyntaxError();
      Skip();
      action = "NO ACTION";
    } else {
      return SyntaxError();
    }
    sql += on_delete ? " ON DELETE " : " ON UPDATE ";
    sql += action;
  }
  constraints_.push_back(std::move(sql));
  return Status::Ok();
}

Status CreateTableParser::CheckDefinition(std::string constraint) {
  Result<std::string> expr = ParenExpression();
  if (!expr.ok()) return std::move(expr).error();
  if (constraint.empty()) constraint = table_ + "_chk_" + std::to_string(++checks_);
  std::string sql = "CONSTRAINT " + QuoteIdentifier(constraint) + " CHECK " + expr.value();
  if (AcceptKeyword(Keyword::kNot)) {
    if (!PeekWord("ENFORCED")) return SyntaxError();
    return Unsupported("CHECK ... NOT ENFORCED");
  }
  if (PeekWord("ENFORCED")) Skip();
  constraints_.push_back(std::move(sql));
  return Status::Ok();
}

Status CreateTableParser::TableOptions() {
  // ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=... COMMENT='...' and the
  // rest: accepted, since none changes what the table stores, except
  // AUTO_INCREMENT=N (kept) and PARTITION BY (not offered).
  while (!AtEnd()) {
    if (AcceptOp(",")) continue;
    if (AcceptKeyword(Keyword::kDefault)) continue;
    if (PeekWord("PARTITION")) return Unsupported("PARTITION BY");
    if (PeekKeyword(Keyword::kAs) || PeekKeyword(Keyword::kSelect) ||
        PeekKeyword(Keyword::kIgnore) || PeekKeyword(Keyword::kReplace)) {
      return Status::Ok();
    }
    const Token& t = Peek();
    if (t.kind != TokenKind::kIdentifier) return SyntaxError();
    bool auto_increment = t.Is(Keyword::kAutoIncrement);
    bool character = t.Is(Keyword::kCharacter);
    Skip();
    if (character && !AcceptKeyword(Keyword::kSet)) return SyntaxError();
    AcceptOp("=");
    if (PeekOp("(")) {  // UNION=(t1, t2)
      Result<size_t> end = MatchingParen();
      if (!end.ok()) return std::move(end).error();
      pos_ = end.value();
      continue;
    }
    const Token& v = Peek();
    if (v.kind == TokenKind::kEnd || v.kind == TokenKind::kOperator) return SyntaxError();
    if (auto_increment) {
      if (v.kind != TokenKind::kNumber) return SyntaxError();
      auto_increment_start_ = std::string(v.text(source_));
    }
    Skip();
  }
  return Status::Ok();
}

}  // namespace

Result<CreateTableOutput> TranspileCreateTable(std::string_view source,
                                               const std::vector<Token>& tokens, size_t first,
                                               size_t last) {
  return CreateTableParser(source, tokens, first, last).Run();
}

}  // namespace edgesql::transpile
