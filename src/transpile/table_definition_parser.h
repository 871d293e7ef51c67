// TableDefinitionParser: the grammar of MySQL table definitions, shared by
// CREATE TABLE (create_table.cc) and ALTER TABLE (alter_table.cc). It reads
// tokens into a catalog TableDef; emitting SQLite is SqliteSchema's job.
// Internal to the transpile layer.
#ifndef EDGESQL_TRANSPILE_TABLE_DEFINITION_PARSER_H_
#define EDGESQL_TRANSPILE_TABLE_DEFINITION_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "common/ascii.h"
#include "common/error.h"
#include "sql/lexer.h"
#include "sql/token.h"
#include "transpile/alter_table.h"
#include "transpile/create_table.h"

namespace edgesql::transpile::internal {

using catalog::ColumnDef;
using catalog::IndexDef;
using catalog::KeyPart;
using catalog::MySqlType;
using sql::Keyword;
using sql::Token;
using sql::TokenKind;

// Where a column of the altered table takes its values from: an old column,
// or (empty) its default.
struct ColumnSource {
  std::string new_name;
  std::string old_name;
};

class TableDefinitionParser {
 public:
  TableDefinitionParser(std::string_view source, const std::vector<Token>& tokens, size_t first,
                        size_t last, const catalog::DatabaseSchema* schema)
      : source_(source), tokens_(tokens), pos_(first), last_(last), schema_(schema) {}

  // CREATE TABLE ... (create_table.cc).
  Result<CreateTableOutput> RunCreate();
  // ALTER TABLE ... (alter_table.cc).
  Result<AlterTableOutput> RunAlter(std::string_view database);
  // RENAME TABLE a TO b, ... (alter_table.cc).
  Result<std::vector<AlterTableOutput>> RunRename(std::string_view database);

 private:
  // --- token access -------------------------------------------------------
  void SkipHints() {
    while (pos_ < last_ && tokens_[pos_].kind == TokenKind::kHint) ++pos_;
  }
  const Token& Peek(size_t ahead = 0) {
    SkipHints();
    size_t p = pos_;
    while (ahead > 0 && p < last_) {
      ++p;
      while (p < last_ && tokens_[p].kind == TokenKind::kHint) ++p;
      --ahead;
    }
    if (p < last_) return tokens_[p];
    end_ = Token{TokenKind::kEnd, Keyword::kNone,
                 last_ > 0 ? tokens_[last_ - 1].offset + tokens_[last_ - 1].length : 0, 0};
    return end_;
  }
  void Skip() {
    SkipHints();
    if (pos_ < last_) ++pos_;
  }
  bool AtEnd() { return Peek().kind == TokenKind::kEnd; }
  bool PeekKeyword(Keyword k, size_t ahead = 0) { return Peek(ahead).Is(k); }
  bool PeekOp(std::string_view op) { return Peek().IsOperator(source_, op); }
  bool PeekWord(std::string_view upper) {
    const Token& t = Peek();
    return t.kind == TokenKind::kIdentifier && AsciiUpper(t.text(source_)) == upper;
  }
  bool AcceptKeyword(Keyword k) {
    if (!PeekKeyword(k)) return false;
    Skip();
    return true;
  }
  bool AcceptWord(std::string_view upper) {
    if (!PeekWord(upper)) return false;
    Skip();
    return true;
  }
  bool AcceptOp(std::string_view op) {
    if (!PeekOp(op)) return false;
    Skip();
    return true;
  }
  Error SyntaxError() { return sql::SyntaxErrorAt(source_, Peek().offset); }
  Status Expect(Keyword k) { return AcceptKeyword(k) ? Status::Ok() : Status(SyntaxError()); }
  Status ExpectOp(std::string_view op) {
    return AcceptOp(op) ? Status::Ok() : Status(SyntaxError());
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
  Result<std::string> StringLiteral() {
    if (Peek().kind != TokenKind::kString) return SyntaxError();
    std::string value = sql::DecodeString(Peek().text(source_));
    Skip();
    return value;
  }
  // Index just past the ')' matching the '(' at Peek().
  Result<size_t> MatchingParen();
  Status SkipParens();
  // The parenthesised expression at Peek(): its MySQL text and SQLite form.
  Status ParenExpression(std::string& mysql, std::string& sqlite);

  // --- grammar ------------------------------------------------------------
  Status Definition();
  Status ColumnDefinition();
  Status DataType(ColumnDef& column);
  Status ColumnAttributes(ColumnDef& column);
  Status DefaultValue(ColumnDef& column);
  Status KeyParts(std::vector<KeyPart>& parts);
  Status IndexOptions(IndexDef& index);
  Status AddIndex(IndexDef index);
  Status ForeignKey(std::string constraint);
  Status CheckConstraint(std::string constraint);
  Status TableOptions();
  Status TableOption();
  Result<std::string> ReferentialAction();
  // ALTER TABLE specifications (alter_table.cc).
  Status AlterSpecification(std::vector<ColumnSource>& sources);
  Status Position(std::vector<ColumnSource>& sources, size_t column);

  std::string_view source_;
  const std::vector<Token>& tokens_;
  size_t pos_;
  size_t last_;
  const catalog::DatabaseSchema* schema_;
  Token end_;
  CreateTableOutput out_;
  catalog::TableDef& table_ = out_.table;
};

}  // namespace edgesql::transpile::internal

#endif  // EDGESQL_TRANSPILE_TABLE_DEFINITION_PARSER_H_
