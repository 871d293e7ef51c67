// Parser internals: the recursive-descent Parser class shared by parser.cc
// (token plumbing and statement dispatch), expression_parser.cc and
// query_parser.cc / dml_parser.cc. Not part of the public API (parser.h).
//
// Conventions: every Parse* method returns the node it built, or nullptr
// after recording the first error in error_ (SQLite's style: no Result per
// call on the hot path). Methods that recurse take a DepthGuard, so nesting
// is bounded by kMaxParseDepth. Lists are collected on the scratch_ stack
// (Mark/Push/TakeList), which nested lists share, so building one costs no
// heap allocation beyond its final arena copy.
#ifndef EDGESQL_SQL_PARSER_INTERNAL_H_
#define EDGESQL_SQL_PARSER_INTERNAL_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/ast.h"
#include "sql/parser.h"
#include "sql/token.h"

namespace edgesql::sql {

// Case-insensitive comparison of `text` with an upper-case ASCII word.
bool EqualsWord(std::string_view text, std::string_view upper);

// Words MySQL reserves, among both keywords.def keywords and plain words the
// lexer does not classify (WINDOW, EXCEPT, ...): they cannot be unquoted
// column, table or alias names.
bool IsReservedWord(const Token& t, std::string_view source);

// Looks up an INTERVAL / EXTRACT unit word ("day_hour", any case).
std::optional<ast::TimeUnit> LookupTimeUnit(std::string_view word);

class Parser {
 public:
  Parser(std::string_view source, ast::AstArena& arena, const ParseOptions& options)
      : source_(source),
        arena_(arena),
        first_param_(options.first_param),
        max_depth_(options.max_depth < kMaxParseDepth ? options.max_depth : kMaxParseDepth) {}

  // Takes tokens [first, last), dropping hints and adding a kEnd sentinel.
  // REQUIRES: `tokens` outlives the parse (they may be read in place).
  void Load(const std::vector<Token>& tokens, size_t first, size_t last);

  // Parses the whole token range as one statement (optionally ';'-ended).
  ast::Statement* ParseStatement();

  bool failed() const { return failed_; }
  Error TakeError() { return std::move(error_); }
  int param_count() const { return param_count_; }

 private:
  friend class DepthGuard;
  friend class ChainGuard;
  static constexpr uint32_t kNoPartner = UINT32_MAX;

  // ---- tokens (parser.cc) ----
  void PairParentheses();
  const Token& Peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < toks_.size() ? toks_[i] : toks_.back();
  }
  const Token& At(size_t i) const { return i < toks_.size() ? toks_[i] : toks_.back(); }
  std::string_view Text(const Token& t) const { return t.text(source_); }
  bool AtEnd() const { return Peek().kind == TokenKind::kEnd; }
  bool IsKeyword(size_t i, Keyword k) const { return At(i).Is(k); }
  // A non-keyword word spelled `upper` in any case.
  bool IsWord(size_t i, std::string_view upper) const {
    const Token& t = At(i);
    return t.kind == TokenKind::kIdentifier && t.keyword == Keyword::kNone &&
           t.length == upper.size() && EqualsWord(t.text(source_), upper);
  }
  bool IsOp(size_t i, std::string_view op) const { return At(i).IsOperator(source_, op); }
  bool PeekKeyword(Keyword k, size_t ahead = 0) const { return Peek(ahead).Is(k); }
  bool PeekWord(std::string_view upper, size_t ahead = 0) const {
    return IsWord(pos_ + ahead, upper);
  }
  bool PeekOp(std::string_view op, size_t ahead = 0) const {
    return Peek(ahead).IsOperator(source_, op);
  }
  // The parser asks these at every step; inline, most answers are one compare.
  bool AcceptKeyword(Keyword k) {
    if (!PeekKeyword(k)) return false;
    ++pos_;
    return true;
  }
  bool AcceptWord(std::string_view upper) {
    if (!PeekWord(upper)) return false;
    ++pos_;
    return true;
  }
  bool AcceptOp(std::string_view op) {
    if (!PeekOp(op)) return false;
    ++pos_;
    return true;
  }
  bool ExpectKeyword(Keyword k);
  bool ExpectWord(std::string_view upper);
  bool ExpectOp(std::string_view op);
  // Whether the group opened by the '(' at token i holds a query expression.
  bool ParenHoldsQuery(size_t i) const;
  bool PeekQueryParen() const { return PeekOp("(") && ParenHoldsQuery(pos_); }
  // A name usable unquoted (not reserved) or a quoted identifier.
  bool IsNameToken(const Token& t) const;

  // Records a syntax error at token i (the current token by default).
  std::nullptr_t Fail();
  std::nullptr_t FailAt(size_t token_index);
  std::nullptr_t FailUnsupported(std::string_view what);

  // Sets node's byte range from token `start` to the last consumed token.
  template <typename T>
  T* Finish(T* node, size_t start) {
    node->begin = At(start).offset;
    const Token& last = pos_ > start ? At(pos_ - 1) : At(start);
    node->end = pos_ > start ? last.offset + last.length : node->begin;
    return node;
  }
  template <typename T>
  T* New() {
    return arena_.New<T>();
  }

  // ---- lists on the scratch stack ----
  size_t Mark() const { return scratch_.size(); }
  void Push(void* p) { scratch_.push_back(p); }
  template <typename T>
  ast::NodeList<T> TakeList(size_t mark) {
    ast::NodeList<T> list;
    size_t n = scratch_.size() - mark;
    if (n > 0) {
      T** data = arena_.NewArray<T*>(n);
      for (size_t i = 0; i < n; ++i) data[i] = static_cast<T*>(scratch_[mark + i]);
      list.data = data;
      list.size = static_cast<uint32_t>(n);
    }
    scratch_.resize(mark);
    return list;
  }

  // ---- names ----
  ast::Identifier IdentifierOf(const Token& t);
  // Consumes a name token (IsNameToken, or any word when `after_dot`).
  bool ParseName(ast::Identifier* out, bool after_dot = false);
  // ( name, name, ... )
  bool ParseNameList(ast::NodeList<ast::Identifier>* out);
  // [AS] alias; strings allowed when `allow_string`. Returns false on error.
  bool ParseOptionalAlias(ast::Identifier* alias, bool allow_string);
  // [schema.]table
  bool ParseTableName(ast::Identifier* schema, ast::Identifier* name);

  // ---- expressions (expression_parser.cc) ----
  ast::Expr* ParseExpr();
  // Whether the next expression is one operand (a literal, a placeholder, a
  // name) followed by what ends an expression: a comma, a closing
  // parenthesis, the end, or a reserved word such as FROM or AS.
  bool IsLoneOperand() const;
  ast::Expr* ParseLogical(int min_precedence);  // OR, XOR, AND
  ast::Expr* ParseNot();
  ast::Expr* ParseComparison();
  ast::Expr* ParsePredicate();
  ast::Expr* ParseBitExpr(int min_precedence);
  ast::Expr* ParseSimple();
  ast::Expr* ParsePrimary();
  ast::Expr* ParseStringLiteral();
  ast::Expr* ParseParenthesized();
  ast::Expr* ParseWordExpr();
  ast::Expr* ParseColumnOrFunction();
  ast::Expr* ParseFunctionCall(size_t name_token, ast::Identifier schema);
  ast::Expr* ParseFunctionArg();
  ast::Expr* ParseSpecialFunction(size_t name_token, bool* handled);
  ast::Expr* ParseCast(size_t start, bool convert);
  bool ParseCastType(ast::CastType* type);
  ast::Expr* ParseExtract(size_t start);
  ast::Expr* ParseUnitFirst(size_t start);
  ast::Expr* ParseTrim(size_t start);
  ast::Expr* ParseSubstring(size_t start);
  ast::Expr* ParsePosition(size_t start);
  ast::Expr* ParseCharFunction(size_t start);
  ast::Expr* ParseGroupConcat(size_t start);
  ast::Expr* ParseMatch(size_t start);
  ast::Expr* ParseCase();
  ast::Expr* ParseInterval();  // at INTERVAL
  bool ParseTimeUnit(ast::TimeUnit* unit);
  bool ParseCharsetName(std::string_view* name);
  bool ParseSmallNumber(int32_t* out);  // a length or precision: 0..999999999
  ast::Expr* ParseSubqueryExpr();       // at '(' of a query group
  ast::Expr* FinishFunctionCall(ast::Function* f, size_t start);
  ast::WindowSpec* ParseWindowSpecBody();  // at '('
  ast::WindowFrame* ParseWindowFrame();
  bool ParseFrameBound(ast::FrameBound* bound);
  ast::Expr* NewLiteral(ast::LiteralKind kind, size_t start);

  // ---- queries (query_parser.cc) ----
  ast::Query* ParseQuery();
  ast::Query* ParseQueryAfterWith(ast::WithClause* with, size_t start);
  ast::WithClause* ParseWith();
  ast::QueryBody* ParseUnionLevel();
  ast::QueryBody* ParseIntersectLevel();
  ast::QueryBody* ParseQueryPrimary();
  ast::QueryBody* ParseSelectCore();
  ast::SelectItem* ParseSelectItem();
  ast::Into* ParseInto();
  bool ParseOrderBy(ast::NodeList<ast::OrderItem>* out);  // after ORDER BY
  ast::Limit* ParseLimit();                               // at LIMIT
  ast::Expr* ParseLimitOption();
  bool ParseLocking(ast::NodeList<ast::LockingClause>* out);
  bool ParseTableRefList(ast::NodeList<ast::TableRef>* out);
  ast::TableRef* ParseTableReference();
  ast::TableRef* ParseJoinTail(ast::TableRef* left);
  ast::TableRef* ParseTableFactor();
  bool ParseIndexHints(ast::NodeList<ast::IndexHint>* out);
  bool AtJoinKeyword() const;
  ast::ValuesRow* ParseValuesRow(bool allow_row_keyword);

  // ---- DML (dml_parser.cc) ----
  ast::Statement* ParseInsert();
  ast::Statement* ParseUpdate(ast::WithClause* with, size_t start);
  ast::Statement* ParseDelete(ast::WithClause* with, size_t start);
  bool ParseAssignments(ast::NodeList<ast::Assignment>* out);
  ast::TableName* ParseDeleteTarget();

  std::string_view source_;
  ast::AstArena& arena_;
  int first_param_;
  int max_depth_;
  int param_count_ = 0;
  std::span<const Token> toks_;    // the statement's tokens, no hints, then kEnd
  std::vector<Token> owned_;       // toks_'s storage when the input's could not be used
  std::vector<uint32_t> partner_;  // '(' -> its ')', kNoPartner otherwise
  std::vector<void*> scratch_;
  size_t pos_ = 0;
  int depth_ = 0;   // open recursive calls (DepthGuard)
  int height_ = 0;  // depth_ plus operators chained iteratively (ChainGuard)
  bool failed_ = false;
  Error error_{ErrorCode::kUnknown, ""};
};

// Bounds the recursion of the method it lives in.
class DepthGuard {
 public:
  explicit DepthGuard(Parser* p) : p_(p) {
    ++p_->depth_;
    ++p_->height_;
  }
  ~DepthGuard() {
    --p_->depth_;
    --p_->height_;
  }
  bool ok() const { return p_->depth_ <= p_->max_depth_ && p_->height_ <= kMaxTreeHeight; }

 private:
  Parser* p_;
};

// Bounds the height a left-associative loop (a + b + c ...) adds to the
// tree: the parser does not recurse there, but whoever walks the tree does.
class ChainGuard {
 public:
  explicit ChainGuard(Parser* p) : p_(p) {}
  ~ChainGuard() { p_->height_ -= steps_; }
  // Counts one more level; false when the tree would grow too tall.
  bool Step() {
    ++steps_;
    return ++p_->height_ <= kMaxTreeHeight;
  }

 private:
  Parser* p_;
  int steps_ = 0;
};

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_PARSER_INTERNAL_H_
