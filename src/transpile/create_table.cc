#include "transpile/create_table.h"

#include <cctype>
#include <optional>

#include "catalog/mysql_type.h"
#include "common/ascii.h"
#include "transpile/sqlite_generator.h"
#include "transpile/sqlite_schema.h"
#include "transpile/sqlite_text.h"
#include "transpile/table_definition_parser.h"

namespace edgesql::transpile {
namespace internal {

Result<size_t> TableDefinitionParser::MatchingParen() {
  SkipHints();
  int depth = 0;
  for (size_t p = pos_; p < last_; ++p) {
    if (tokens_[p].IsOperator(source_, "(")) ++depth;
    if (tokens_[p].IsOperator(source_, ")") && --depth == 0) return p + 1;
  }
  return SyntaxError();
}

namespace {

// Whether a literal DEFAULT is a value of its column, as MySQL checks in
// strict mode: numbers for numeric columns, within the declared length for
// strings, a member for ENUM.
bool DefaultFits(const ColumnDef& c) {
  const std::string& v = c.default_value;
  if (catalog::IsInteger(c.type) || c.type == MySqlType::kDecimal || c.type == MySqlType::kFloat ||
      c.type == MySqlType::kDouble) {
    size_t i = (!v.empty() && (v[0] == '-' || v[0] == '+')) ? 1 : 0;
    bool digits = false;
    bool dot = false;
    for (; i < v.size(); ++i) {
      if (v[i] >= '0' && v[i] <= '9') {
        digits = true;
      } else if (v[i] == '.' && !dot) {
        dot = true;
      } else if ((v[i] == 'e' || v[i] == 'E') && digits && !catalog::IsInteger(c.type)) {
        return true;  // a float in exponent notation
      } else {
        return false;
      }
    }
    return digits;
  }
  if ((c.type == MySqlType::kChar || c.type == MySqlType::kVarchar) && c.length >= 0) {
    size_t chars = 0;
    for (unsigned char ch : v) chars += (ch & 0xC0) != 0x80;
    return chars <= static_cast<size_t>(c.length);
  }
  if (c.type == MySqlType::kEnum) {
    for (const std::string& m : c.members) {
      if (EqualsIgnoreCase(m, v)) return true;
    }
    return false;
  }
  return true;
}

}  // namespace

Status TableDefinitionParser::SkipParens() {
  Result<size_t> end = MatchingParen();
  if (!end.ok()) return std::move(end).error();
  pos_ = end.value();
  return Status::Ok();
}

Status TableDefinitionParser::ParenExpression(std::string& mysql, std::string& sqlite) {
  if (!PeekOp("(")) return SyntaxError();
  size_t start = pos_;
  Result<size_t> end = MatchingParen();
  if (!end.ok()) return std::move(end).error();
  // Both forms without the outer parentheses.
  const Token& open = tokens_[start];
  const Token& close = tokens_[end.value() - 1];
  mysql = std::string(source_.substr(open.offset + 1, close.offset - open.offset - 1));
  Result<std::string> rewritten = GenerateExpression(mysql, TranspileContext{});
  if (!rewritten.ok()) {
    if (rewritten.error().code() == ErrorCode::kParse)
      return sql::SyntaxErrorAt(source_, open.offset);
    return std::move(rewritten).error();
  }
  sqlite = std::move(rewritten).value();
  pos_ = end.value();
  return Status::Ok();
}

Result<CreateTableOutput> TableDefinitionParser::RunCreate() {
  if (Status s = Expect(Keyword::kCreate); !s.ok()) return std::move(s).error();
  if (PeekKeyword(Keyword::kTemporary)) return Unsupported("CREATE TEMPORARY TABLE");
  if (Status s = Expect(Keyword::kTable); !s.ok()) return std::move(s).error();
  if (AcceptKeyword(Keyword::kIf)) {
    if (Status s = Expect(Keyword::kNot); !s.ok()) return std::move(s).error();
    if (Status s = Expect(Keyword::kExists); !s.ok()) return std::move(s).error();
    out_.if_not_exists = true;
  }
  Result<std::string> name = Name();
  if (!name.ok()) return std::move(name).error();
  if (AcceptOp(".")) return Unsupported("database-qualified table names in CREATE TABLE");
  std::string table_name = std::move(name).value();
  table_.name = table_name;  // constraint names derive from it

  bool parenthesised_like = PeekOp("(") && PeekKeyword(Keyword::kLike, 1);
  if (PeekKeyword(Keyword::kLike) || parenthesised_like) {
    if (parenthesised_like) Skip();
    Skip();  // LIKE
    Result<std::string> source_table = Name();
    if (!source_table.ok()) return std::move(source_table).error();
    if (parenthesised_like && !AcceptOp(")")) return SyntaxError();
    if (!AtEnd()) return SyntaxError();
    const catalog::TableDef* original =
        schema_ == nullptr ? nullptr : schema_->FindTable(source_table.value());
    if (original == nullptr) {
      return Error(ErrorCode::kNoSuchTable, "Table '" + source_table.value() + "' doesn't exist");
    }
    table_ = *original;
    // MySQL copies columns and indexes, not foreign keys or the counter.
    table_.foreign_keys.clear();
    table_.auto_increment_start = 0;
  } else {
    if (!PeekOp("(")) {
      return Unsupported("CREATE TABLE without a column list (CREATE TABLE ... AS SELECT)");
    }
    Skip();
    for (;;) {
      if (Status s = Definition(); !s.ok()) return std::move(s).error();
      if (AcceptOp(",")) continue;
      if (Status s = ExpectOp(")"); !s.ok()) return std::move(s).error();
      break;
    }
    if (Status s = TableOptions(); !s.ok()) return std::move(s).error();
    if (!AtEnd()) {
      if (PeekKeyword(Keyword::kAs) || PeekKeyword(Keyword::kSelect)) {
        return Unsupported("CREATE TABLE ... SELECT");
      }
      return SyntaxError();
    }
  }
  table_.name = table_name;
  // A PRIMARY KEY implies NOT NULL on its columns, as in MySQL.
  if (const IndexDef* pk = table_.PrimaryKey()) {
    for (const KeyPart& p : pk->parts) {
      if (ColumnDef* c = table_.FindColumn(p.column)) c->nullable = false;
    }
  }
  // A literal DEFAULT must be a value of the column (strict mode).
  for (const ColumnDef& c : table_.columns) {
    if (c.default_kind != ColumnDef::Default::kLiteral) continue;
    if (!DefaultFits(c)) {
      return Error(ErrorCode::kInvalidDefault, "Invalid default value for '" + c.name + "'");
    }
  }
  // InnoDB indexes a foreign key's columns unless an index already leads
  // with them, naming it after the constraint, else after the first column.
  for (const catalog::ForeignKeyDef& fk : table_.foreign_keys) {
    bool covered = false;
    for (const IndexDef& index : table_.indexes) {
      bool leads = index.parts.size() >= fk.columns.size();
      for (size_t k = 0; leads && k < fk.columns.size(); ++k)
        leads = EqualsIgnoreCase(index.parts[k].column, fk.columns[k]);
      covered = covered || leads;
    }
    if (covered || fk.columns.empty()) continue;
    IndexDef index;
    bool generated = fk.name.rfind(table_.name + "_ibfk_", 0) == 0;
    index.name = generated ? fk.columns[0] : fk.name;
    if (table_.FindIndex(index.name) != nullptr) continue;
    index.kind = IndexDef::Kind::kIndex;
    for (const std::string& c : fk.columns) index.parts.push_back(KeyPart{c, -1, false});
    table_.indexes.push_back(std::move(index));
  }
  if (Status s = ValidateTable(table_); !s.ok()) return std::move(s).error();
  out_.statements = SqliteSchema(table_, SchemaOptions{out_.if_not_exists, ""});
  return std::move(out_);
}

Status TableDefinitionParser::Definition() {
  std::string constraint;
  if (AcceptKeyword(Keyword::kConstraint)) {
    if (!PeekKeyword(Keyword::kPrimary) && !PeekKeyword(Keyword::kUnique) &&
        !PeekKeyword(Keyword::kForeign) && !PeekKeyword(Keyword::kCheck)) {
      Result<std::string> symbol = Name();
      if (!symbol.ok()) return std::move(symbol).error();
      constraint = std::move(symbol).value();
    }
  }
  if (AcceptKeyword(Keyword::kPrimary)) {
    if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
    IndexDef pk;
    pk.name = "PRIMARY";
    pk.kind = IndexDef::Kind::kPrimary;
    if (AcceptWord("USING")) Skip();
    if (Status s = KeyParts(pk.parts); !s.ok()) return s;
    if (Status s = IndexOptions(pk); !s.ok()) return s;
    return AddIndex(std::move(pk));
  }
  bool unique = AcceptKeyword(Keyword::kUnique);
  bool fulltext = !unique && AcceptKeyword(Keyword::kFulltext);
  if (!unique && !fulltext && PeekKeyword(Keyword::kSpatial)) return Unsupported("SPATIAL indexes");
  if (unique || fulltext || PeekKeyword(Keyword::kIndex) || PeekKeyword(Keyword::kKey)) {
    if (!AcceptKeyword(Keyword::kIndex)) AcceptKeyword(Keyword::kKey);
    IndexDef index;
    index.kind = unique ? IndexDef::Kind::kUnique
                        : (fulltext ? IndexDef::Kind::kFulltext : IndexDef::Kind::kIndex);
    index.name = constraint;
    if (!PeekOp("(") && !PeekWord("USING")) {
      Result<std::string> n = Name();
      if (!n.ok()) return std::move(n).error();
      index.name = std::move(n).value();
    }
    if (AcceptWord("USING")) Skip();
    if (Status s = KeyParts(index.parts); !s.ok()) return s;
    if (Status s = IndexOptions(index); !s.ok()) return s;
    if (fulltext) {
      out_.warnings.push_back(sql::Warning{
          static_cast<uint16_t>(ErrorCode::kNotSupportedYet),
          "FULLTEXT index '" + (index.name.empty() ? index.parts[0].column : index.name) +
              "' was accepted without a full-text index; MATCH ... AGAINST is not supported yet"});
    }
    return AddIndex(std::move(index));
  }
  if (AcceptKeyword(Keyword::kForeign)) {
    if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
    return ForeignKey(std::move(constraint));
  }
  if (AcceptKeyword(Keyword::kCheck)) return CheckConstraint(std::move(constraint));
  if (!constraint.empty()) return SyntaxError();
  return ColumnDefinition();
}

Status TableDefinitionParser::AddIndex(IndexDef index) {
  if (index.kind == IndexDef::Kind::kPrimary) {
    if (table_.PrimaryKey() != nullptr) {
      return Error(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
    }
    // A prefix only narrows what an index stores, but for a primary or
    // unique key it changes which rows collide: not expressible in SQLite.
    for (const KeyPart& p : index.parts) {
      if (p.prefix_length >= 0) return Unsupported("PRIMARY KEY on a column prefix");
    }
    table_.indexes.insert(table_.indexes.begin(), std::move(index));
    return Status::Ok();
  }
  if (index.kind == IndexDef::Kind::kUnique) {
    for (const KeyPart& p : index.parts) {
      if (p.prefix_length >= 0) return Unsupported("UNIQUE keys on a column prefix");
    }
  }
  // Unnamed keys are named after their first column, then _2, _3... (MySQL).
  if (index.name.empty()) {
    std::string base = index.parts[0].column;
    index.name = base;
    for (int n = 2; table_.FindIndex(index.name) != nullptr; ++n) {
      index.name = base + "_" + std::to_string(n);
    }
  } else if (table_.FindIndex(index.name) != nullptr) {
    return Error(ErrorCode::kDuplicateKeyName, "Duplicate key name '" + index.name + "'");
  }
  table_.indexes.push_back(std::move(index));
  return Status::Ok();
}

Status TableDefinitionParser::ColumnDefinition() {
  ColumnDef column;
  Result<std::string> name = Name();
  if (!name.ok()) return std::move(name).error();
  column.name = std::move(name).value();
  if (Status s = DataType(column); !s.ok()) return s;
  if (Status s = ColumnAttributes(column); !s.ok()) return s;
  table_.columns.push_back(std::move(column));
  return Status::Ok();
}

Status TableDefinitionParser::DataType(ColumnDef& column) {
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdentifier) return SyntaxError();
  std::string word = AsciiUpper(t.text(source_));
  if (word == "SERIAL") {  // BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
    Skip();
    column.type = MySqlType::kBigInt;
    column.is_unsigned = true;
    column.nullable = false;
    column.auto_increment = true;
    IndexDef unique;
    unique.kind = IndexDef::Kind::kUnique;
    unique.parts.push_back(KeyPart{column.name, -1, false});
    return AddIndex(std::move(unique));
  }
  std::optional<MySqlType> type = catalog::ParseMySqlType(word);
  if (!type) {
    static constexpr std::string_view kSpatial[] = {
        "GEOMETRY",        "POINT",        "LINESTRING",         "POLYGON",       "MULTIPOINT",
        "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION", "GEOMCOLLECTION"};
    for (std::string_view s : kSpatial) {
      if (word == s) return Unsupported("spatial type " + word);
    }
    if (word == "NATIONAL") {  // NATIONAL CHAR/VARCHAR: utf8mb4 anyway
      Skip();
      return DataType(column);
    }
    if (word == "LONG") {  // LONG [VARCHAR] is MEDIUMTEXT, LONG VARBINARY MEDIUMBLOB
      Skip();
      bool binary = AcceptWord("VARBINARY");
      if (!binary) AcceptWord("VARCHAR");
      column.type = binary ? MySqlType::kMediumBlob : MySqlType::kMediumText;
      return Status::Ok();
    }
    return SyntaxError();
  }
  Skip();
  column.type = *type;
  // CHAR VARYING and CHARACTER VARYING are VARCHAR.
  if (column.type == MySqlType::kChar && AcceptWord("VARYING")) column.type = MySqlType::kVarchar;
  if (word == "BOOL" || word == "BOOLEAN") column.length = 1;  // tinyint(1)
  if (column.type == MySqlType::kDouble) AcceptWord("PRECISION");
  if (column.type == MySqlType::kEnum || column.type == MySqlType::kSet) {
    if (Status s = ExpectOp("("); !s.ok()) return s;
    do {
      Result<std::string> member = StringLiteral();
      if (!member.ok()) return std::move(member).error();
      column.members.push_back(std::move(member).value());
    } while (AcceptOp(","));
    return ExpectOp(")");
  }
  if (AcceptOp("(")) {
    auto number = [&](int64_t& out) -> Status {
      if (Peek().kind != TokenKind::kNumber) return SyntaxError();
      std::string_view digits = Peek().text(source_);
      int64_t value = 0;
      for (char c : digits) {
        if (c < '0' || c > '9' || value > 1'000'000'000'000) return SyntaxError();
        value = value * 10 + (c - '0');
      }
      out = value;
      Skip();
      return Status::Ok();
    };
    int64_t first = -1;
    if (Status s = number(first); !s.ok()) return s;
    int64_t second = -1;
    if (AcceptOp(",")) {
      if (Status s = number(second); !s.ok()) return s;
    }
    if (Status s = ExpectOp(")"); !s.ok()) return s;
    switch (column.type) {
      case MySqlType::kDecimal:
      case MySqlType::kFloat:
      case MySqlType::kDouble:
        column.precision = static_cast<int>(first);
        column.scale = static_cast<int>(second < 0 ? 0 : second);
        if (column.type == MySqlType::kDecimal && (first > 65 || second > 30 || second > first)) {
          return Error(ErrorCode::kTooBigPrecision, "Too-big precision " + std::to_string(first) +
                                                        " specified for '" + column.name +
                                                        "'. Maximum is 65.");
        }
        break;
      case MySqlType::kDatetime:
      case MySqlType::kTimestamp:
      case MySqlType::kTime:
        column.scale = static_cast<int>(first);
        break;
      default:
        column.length = first;
        break;
    }
  } else if (column.type == MySqlType::kDecimal) {
    column.precision = 10;
    column.scale = 0;
  } else if (column.type == MySqlType::kChar || column.type == MySqlType::kBinary) {
    column.length = 1;
  } else if (column.type == MySqlType::kVarchar || column.type == MySqlType::kVarbinary) {
    return SyntaxError();  // VARCHAR needs a length in MySQL
  }
  return Status::Ok();
}

Result<std::string> TableDefinitionParser::ReferentialAction() {
  if (AcceptKeyword(Keyword::kCascade)) return std::string("CASCADE");
  if (AcceptKeyword(Keyword::kRestrict)) return std::string("RESTRICT");
  if (AcceptKeyword(Keyword::kSet)) {
    if (AcceptKeyword(Keyword::kNull)) return std::string("SET NULL");
    if (AcceptKeyword(Keyword::kDefault)) return std::string("SET DEFAULT");
    return SyntaxError();
  }
  if (AcceptWord("NO")) {
    if (!AcceptWord("ACTION")) return SyntaxError();
    return std::string("NO ACTION");
  }
  return SyntaxError();
}

Status TableDefinitionParser::ColumnAttributes(ColumnDef& column) {
  for (;;) {
    // FIRST / AFTER end a column in ALTER TABLE; CREATE TABLE rejects them.
    if (AtEnd() || PeekOp(",") || PeekOp(")") || PeekKeyword(Keyword::kFirst) ||
        PeekWord("AFTER")) {
      return Status::Ok();
    }
    if (AcceptKeyword(Keyword::kUnsigned)) {
      column.is_unsigned = true;
    } else if (AcceptKeyword(Keyword::kZerofill)) {
      column.zerofill = true;
      column.is_unsigned = true;  // ZEROFILL implies UNSIGNED
    } else if (AcceptKeyword(Keyword::kSigned) || AcceptKeyword(Keyword::kBinary)) {
    } else if (AcceptKeyword(Keyword::kCharacter)) {
      if (Status s = Expect(Keyword::kSet); !s.ok()) return s;
      Result<std::string> n = Name();
      if (!n.ok()) return std::move(n).error();
      column.charset = std::move(n).value();
    } else if (AcceptKeyword(Keyword::kCharset)) {
      Result<std::string> n = Name();
      if (!n.ok()) return std::move(n).error();
      column.charset = std::move(n).value();
    } else if (AcceptKeyword(Keyword::kCollate)) {
      Result<std::string> n = Name();
      if (!n.ok()) return std::move(n).error();
      column.collation = std::move(n).value();
    } else if (AcceptKeyword(Keyword::kNot)) {
      if (Status s = Expect(Keyword::kNull); !s.ok()) return s;
      column.nullable = false;
    } else if (AcceptKeyword(Keyword::kNull)) {
      column.nullable = true;
    } else if (AcceptKeyword(Keyword::kDefault)) {
      if (Status s = DefaultValue(column); !s.ok()) return s;
    } else if (AcceptKeyword(Keyword::kAutoIncrement)) {
      column.auto_increment = true;
    } else if (AcceptKeyword(Keyword::kUnique)) {
      AcceptKeyword(Keyword::kKey);
      IndexDef unique;
      unique.kind = IndexDef::Kind::kUnique;
      unique.parts.push_back(KeyPart{column.name, -1, false});
      if (Status s = AddIndex(std::move(unique)); !s.ok()) return s;
    } else if (PeekKeyword(Keyword::kPrimary) || PeekKeyword(Keyword::kKey)) {
      if (AcceptKeyword(Keyword::kPrimary)) {
        if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
      } else {
        Skip();  // a bare KEY in a column definition means PRIMARY KEY
      }
      IndexDef pk;
      pk.name = "PRIMARY";
      pk.kind = IndexDef::Kind::kPrimary;
      pk.parts.push_back(KeyPart{column.name, -1, false});
      if (Status s = AddIndex(std::move(pk)); !s.ok()) return s;
    } else if (AcceptKeyword(Keyword::kComment)) {
      Result<std::string> comment = StringLiteral();
      if (!comment.ok()) return std::move(comment).error();
      column.comment = std::move(comment).value();
    } else if (AcceptKeyword(Keyword::kOn)) {
      if (Status s = Expect(Keyword::kUpdate); !s.ok()) return s;
      if (!AcceptKeyword(Keyword::kCurrentTimestamp) && !AcceptKeyword(Keyword::kNow) &&
          !AcceptWord("LOCALTIMESTAMP") && !AcceptWord("LOCALTIME")) {
        return SyntaxError();
      }
      if (PeekOp("(")) {
        if (Status s = SkipParens(); !s.ok()) return s;
      }
      column.on_update_current_timestamp = true;
    } else if (AcceptKeyword(Keyword::kReferences)) {
      // MySQL parses an inline REFERENCES and then ignores it (InnoDB only
      // enforces table-level FOREIGN KEY clauses); so does Edge SQL.
      if (Result<std::string> n = Name(); !n.ok()) return std::move(n).error();
      if (PeekOp("(")) {
        if (Status s = SkipParens(); !s.ok()) return s;
      }
      while (AcceptKeyword(Keyword::kOn)) {
        if (!AcceptKeyword(Keyword::kDelete) && !AcceptKeyword(Keyword::kUpdate)) {
          return SyntaxError();
        }
        if (Result<std::string> a = ReferentialAction(); !a.ok()) return std::move(a).error();
      }
    } else if (AcceptKeyword(Keyword::kCheck)) {
      catalog::CheckDef check;
      if (Status s = ParenExpression(check.expression, check.sqlite_expression); !s.ok()) return s;
      check.name = table_.name + "_chk_" + std::to_string(table_.checks.size() + 1);
      table_.checks.push_back(std::move(check));
    } else if (AcceptWord("VISIBLE")) {
    } else if (PeekWord("GENERATED") || PeekKeyword(Keyword::kAs)) {
      return Unsupported("generated columns");
    } else if (PeekWord("INVISIBLE")) {
      return Unsupported("invisible columns");
    } else {
      return SyntaxError();
    }
  }
}

Status TableDefinitionParser::DefaultValue(ColumnDef& column) {
  if (AcceptKeyword(Keyword::kCurrentTimestamp) || AcceptKeyword(Keyword::kNow) ||
      AcceptWord("LOCALTIMESTAMP") || AcceptWord("LOCALTIME")) {
    if (PeekOp("(")) {
      if (Status s = SkipParens(); !s.ok()) return s;
    }
    column.default_kind = ColumnDef::Default::kCurrentTimestamp;
    return Status::Ok();
  }
  if (PeekOp("(")) {
    column.default_kind = ColumnDef::Default::kExpression;
    return ParenExpression(column.default_value, column.default_sqlite);
  }
  if (AcceptKeyword(Keyword::kNull)) {
    column.default_kind = ColumnDef::Default::kNull;
    return Status::Ok();
  }
  // A literal, possibly signed: -1, +2.5, 'text', TRUE, b'0', 0x00.
  std::string sign;
  if (PeekOp("-") || PeekOp("+")) {
    sign = std::string(Peek().text(source_));
    Skip();
    if (Peek().kind != TokenKind::kNumber) return SyntaxError();
  }
  const Token& v = Peek();
  std::string value;
  if (v.kind == TokenKind::kString) {
    value = sql::DecodeString(v.text(source_));
    Skip();
    while (Peek().kind == TokenKind::kString) {  // 'a' 'b'
      value += sql::DecodeString(Peek().text(source_));
      Skip();
    }
  } else if (v.kind == TokenKind::kNumber) {
    value = (sign == "-" ? "-" : "") + std::string(v.text(source_));
    Skip();
  } else if (v.Is(Keyword::kTrue) || v.Is(Keyword::kFalse)) {
    value = v.Is(Keyword::kTrue) ? "1" : "0";
    Skip();
  } else if (v.kind == TokenKind::kBitLiteral || v.kind == TokenKind::kHexLiteral) {
    // The literal's value as SQLite writes it: b'1' -> 1, 0x41 -> X'41'.
    Skip();
    Result<std::string> literal = GenerateExpression(v.text(source_), TranspileContext{});
    if (!literal.ok()) return std::move(literal).error();
    value = std::move(literal).value();
    if (v.kind == TokenKind::kHexLiteral) {
      column.default_kind = ColumnDef::Default::kExpression;
      column.default_value = std::string(v.text(source_));
      column.default_sqlite = value;
      return Status::Ok();
    }
  } else {
    return SyntaxError();
  }
  column.default_kind = ColumnDef::Default::kLiteral;
  column.default_value = std::move(value);
  return Status::Ok();
}

Status TableDefinitionParser::KeyParts(std::vector<KeyPart>& parts) {
  if (Status s = ExpectOp("("); !s.ok()) return s;
  for (;;) {
    if (PeekOp("(")) return Unsupported("functional key parts");
    KeyPart part;
    Result<std::string> name = Name();
    if (!name.ok()) return std::move(name).error();
    part.column = std::move(name).value();
    if (AcceptOp("(")) {
      if (Peek().kind != TokenKind::kNumber) return SyntaxError();
      part.prefix_length = std::stoll(std::string(Peek().text(source_)).substr(0, 12));
      Skip();
      if (Status s = ExpectOp(")"); !s.ok()) return s;
    }
    if (AcceptKeyword(Keyword::kDesc)) {
      part.descending = true;
    } else {
      AcceptKeyword(Keyword::kAsc);
    }
    parts.push_back(std::move(part));
    if (AcceptOp(",")) continue;
    return ExpectOp(")");
  }
}

// USING BTREE|HASH, COMMENT 'x', KEY_BLOCK_SIZE [=] n, VISIBLE, WITH PARSER p:
// none changes what the index means.
Status TableDefinitionParser::IndexOptions(IndexDef& index) {
  for (;;) {
    if (PeekWord("INVISIBLE")) return Unsupported("invisible indexes");
    if (AcceptWord("USING")) {
      Skip();
    } else if (AcceptWord("KEY_BLOCK_SIZE")) {
      AcceptOp("=");
      Skip();
    } else if (AcceptKeyword(Keyword::kComment)) {
      Result<std::string> comment = StringLiteral();
      if (!comment.ok()) return std::move(comment).error();
      index.comment = std::move(comment).value();
    } else if (AcceptWord("VISIBLE")) {
    } else if (AcceptKeyword(Keyword::kWith)) {
      if (!AcceptWord("PARSER")) return SyntaxError();
      Skip();
    } else {
      return Status::Ok();
    }
  }
}

Status TableDefinitionParser::ForeignKey(std::string constraint) {
  catalog::ForeignKeyDef fk;
  if (!PeekOp("(")) {  // FOREIGN KEY index_name (...)
    Result<std::string> n = Name();
    if (!n.ok()) return std::move(n).error();
    if (constraint.empty()) constraint = std::move(n).value();
  }
  std::vector<KeyPart> columns;
  if (Status s = KeyParts(columns); !s.ok()) return s;
  if (Status s = Expect(Keyword::kReferences); !s.ok()) return s;
  Result<std::string> parent = Name();
  if (!parent.ok()) return std::move(parent).error();
  if (AcceptOp(".")) return Unsupported("foreign keys to another database");
  std::vector<KeyPart> parent_columns;
  if (Status s = KeyParts(parent_columns); !s.ok()) return s;
  if (parent_columns.size() != columns.size()) {
    return Error(ErrorCode::kWrongFkDef, "Incorrect foreign key definition for '" +
                                             (constraint.empty() ? columns[0].column : constraint) +
                                             "': Key reference and table reference don't match");
  }
  for (const KeyPart& p : columns) fk.columns.push_back(p.column);
  for (const KeyPart& p : parent_columns) fk.ref_columns.push_back(p.column);
  fk.ref_table = std::move(parent).value();
  if (AcceptWord("MATCH")) Skip();
  while (AcceptKeyword(Keyword::kOn)) {
    bool on_delete = AcceptKeyword(Keyword::kDelete);
    if (!on_delete && !AcceptKeyword(Keyword::kUpdate)) return SyntaxError();
    Result<std::string> action = ReferentialAction();
    if (!action.ok()) return std::move(action).error();
    (on_delete ? fk.on_delete : fk.on_update) = std::move(action).value();
  }
  // MySQL's default name: <table>_ibfk_<n>.
  fk.name = constraint.empty()
                ? table_.name + "_ibfk_" + std::to_string(table_.foreign_keys.size() + 1)
                : std::move(constraint);
  table_.foreign_keys.push_back(std::move(fk));
  return Status::Ok();
}

Status TableDefinitionParser::CheckConstraint(std::string constraint) {
  catalog::CheckDef check;
  if (Status s = ParenExpression(check.expression, check.sqlite_expression); !s.ok()) return s;
  if (AcceptKeyword(Keyword::kNot)) {
    if (!AcceptWord("ENFORCED")) return SyntaxError();
    return Unsupported("CHECK ... NOT ENFORCED");
  }
  AcceptWord("ENFORCED");
  check.name = constraint.empty() ? table_.name + "_chk_" + std::to_string(table_.checks.size() + 1)
                                  : std::move(constraint);
  table_.checks.push_back(std::move(check));
  return Status::Ok();
}

Status TableDefinitionParser::TableOption() {
  // [DEFAULT] name [=] value. None changes what the table stores, except
  // AUTO_INCREMENT=N (kept); the rest is recorded for SHOW CREATE TABLE.
  AcceptKeyword(Keyword::kDefault);
  const Token& t = Peek();
  if (t.kind != TokenKind::kIdentifier) return SyntaxError();
  std::string option = AsciiUpper(t.text(source_));
  Skip();
  if (option == "CHARACTER") {
    if (!AcceptKeyword(Keyword::kSet)) return SyntaxError();
    option = "CHARSET";
  }
  AcceptOp("=");
  if (PeekOp("(")) return SkipParens();  // UNION=(t1, t2)
  const Token& v = Peek();
  if (v.kind == TokenKind::kEnd || v.kind == TokenKind::kOperator) return SyntaxError();
  std::string value = v.kind == TokenKind::kString ? sql::DecodeString(v.text(source_))
                                                   : sql::DecodeIdentifier(v, source_);
  if (option == "AUTO_INCREMENT") {
    if (v.kind != TokenKind::kNumber) return SyntaxError();
    table_.auto_increment_start = std::stoll(value.substr(0, 18));
  } else if (option == "ENGINE") {
    table_.engine = value;
  } else if (option == "CHARSET") {
    table_.charset = value;
  } else if (option == "COLLATE") {
    table_.collation = value;
  } else if (option == "COMMENT") {
    table_.comment = value;
  }
  Skip();
  return Status::Ok();
}

Status TableDefinitionParser::TableOptions() {
  // ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=... COMMENT='...', with or
  // without commas; PARTITION BY is not offered.
  while (!AtEnd()) {
    if (AcceptOp(",")) continue;
    if (PeekWord("PARTITION")) return Unsupported("PARTITION BY");
    if (PeekKeyword(Keyword::kAs) || PeekKeyword(Keyword::kSelect) ||
        PeekKeyword(Keyword::kIgnore) || PeekKeyword(Keyword::kReplace)) {
      return Status::Ok();
    }
    if (Status s = TableOption(); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace internal

Result<CreateTableOutput> TranspileCreateTable(std::string_view source,
                                               const std::vector<sql::Token>& tokens, size_t first,
                                               size_t last, const catalog::DatabaseSchema* schema) {
  return internal::TableDefinitionParser(source, tokens, first, last, schema).RunCreate();
}

}  // namespace edgesql::transpile
