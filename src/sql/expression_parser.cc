// Expression parsing (parser_internal.h): MySQL 8.0's expression grammar by
// recursive descent, one method per precedence level, lowest first:
//   ParseExpr      := (assignment lives in ParsePrimary: @v := expr)
//   ParseLogical   OR ||, XOR, AND && (loosest first, by precedence climbing)
//   ParseNot       NOT (prefix)
//   ParseComparison  = <=> <> != < <= > >= IS [NOT] NULL|TRUE|FALSE|UNKNOWN,
//                    left-associative, [ALL|ANY|SOME] (subquery) on the right
//   ParsePredicate [NOT] IN / BETWEEN / LIKE [ESCAPE] / REGEXP / RLIKE,
//                  SOUNDS LIKE, MEMBER OF (one per operand, as in MySQL)
//   ParseBitExpr   | & << >> + - * / DIV % MOD ^ by precedence climbing;
//                  + and - also take INTERVAL n unit on the right
//   ParseSimple    - + ~ ! BINARY (prefix), then COLLATE (postfix)
//   ParsePrimary   literals, ?, variables, names, calls, CASE, (...), EXISTS
// which mirrors sql_yacc.yy (expr / bool_pri / predicate / bit_expr /
// simple_expr), so every tree means what MySQL would make of the text.
#include <string>

#include "sql/lexer.h"
#include "sql/parser_internal.h"

namespace edgesql::sql {
namespace {

using ast::BinaryOp;

struct BitOperator {
  std::string_view text;  // operator spelling, or a keyword's text
  BinaryOp op;
  int precedence;  // higher binds tighter
};

// | & << >> + - * / DIV % MOD ^, lowest precedence first (sql_yacc.yy's
// %left lines). DIV and MOD are keywords and matched separately.
constexpr BitOperator kBitOperators[] = {
    {"|", BinaryOp::kBitOr, 1},       {"&", BinaryOp::kBitAnd, 2}, {"<<", BinaryOp::kShiftLeft, 3},
    {">>", BinaryOp::kShiftRight, 3}, {"+", BinaryOp::kAdd, 4},    {"-", BinaryOp::kSub, 4},
    {"*", BinaryOp::kMul, 5},         {"/", BinaryOp::kDiv, 5},    {"%", BinaryOp::kMod, 5},
    {"^", BinaryOp::kBitXor, 6},
};

struct ComparisonOperator {
  std::string_view text;
  BinaryOp op;
};

constexpr ComparisonOperator kComparisons[] = {
    {"=", BinaryOp::kEq},  {"<=>", BinaryOp::kNullSafeEq}, {"<>", BinaryOp::kNe},
    {"!=", BinaryOp::kNe}, {"<", BinaryOp::kLt},           {"<=", BinaryOp::kLe},
    {">", BinaryOp::kGt},  {">=", BinaryOp::kGe},
};

// Charsets MySQL accepts as _introducers. An identifier spelled like this
// before a string literal labels the literal; anything else before a string
// is a column followed by an alias (SELECT _x 'y').
constexpr std::string_view kIntroducers[] = {
    "_ARMSCII8", "_ASCII",   "_BIG5",     "_BINARY", "_CP1250",  "_CP1251",  "_CP1256",
    "_CP1257",   "_CP850",   "_CP852",    "_CP866",  "_CP932",   "_DEC8",    "_EUCJPMS",
    "_EUCKR",    "_GB18030", "_GB2312",   "_GBK",    "_GEOSTD8", "_GREEK",   "_HEBREW",
    "_HP8",      "_KEYBCS2", "_KOI8R",    "_KOI8U",  "_LATIN1",  "_LATIN2",  "_LATIN5",
    "_LATIN7",   "_MACCE",   "_MACROMAN", "_SJIS",   "_SWE7",    "_TIS620",  "_UCS2",
    "_UJIS",     "_UTF16",   "_UTF16LE",  "_UTF32",  "_UTF8",    "_UTF8MB3", "_UTF8MB4",
};

bool IsIntroducer(std::string_view text) {
  if (text.size() < 4 || text[0] != '_') return false;
  for (std::string_view w : kIntroducers) {
    if (EqualsWord(text, w)) return true;
  }
  return false;
}

// Functions written without parentheses that MySQL reserves as words.
bool IsNiladicFunctionWord(const Token& t, std::string_view source) {
  if (t.Is(Keyword::kCurrentDate) || t.Is(Keyword::kCurrentTime) ||
      t.Is(Keyword::kCurrentTimestamp)) {
    return true;
  }
  if (t.keyword != Keyword::kNone || t.kind != TokenKind::kIdentifier) return false;
  std::string_view text = t.text(source);
  // Most names are columns: one look at the first letter rules them out.
  const char first = static_cast<char>(text[0] & ~0x20);
  if (first != 'C' && first != 'L' && first != 'U') return false;
  return EqualsWord(text, "CURRENT_USER") || EqualsWord(text, "LOCALTIME") ||
         EqualsWord(text, "LOCALTIMESTAMP") || EqualsWord(text, "UTC_DATE") ||
         EqualsWord(text, "UTC_TIME") || EqualsWord(text, "UTC_TIMESTAMP");
}

// Keywords (reserved or not) that are also function names when a '(' follows.
bool IsFunctionKeyword(Keyword k) {
  switch (k) {
    case Keyword::kChar:
    case Keyword::kCharset:
    case Keyword::kCurrentDate:
    case Keyword::kCurrentTime:
    case Keyword::kCurrentTimestamp:
    case Keyword::kDatabase:
    case Keyword::kDate:
    case Keyword::kDefault:
    case Keyword::kIf:
    case Keyword::kInsert:
    case Keyword::kInterval:
    case Keyword::kLeft:
    case Keyword::kMod:
    case Keyword::kNow:
    case Keyword::kReplace:
    case Keyword::kRight:
    case Keyword::kSchema:
    case Keyword::kTime:
    case Keyword::kTimestamp:
    case Keyword::kTruncate:
    case Keyword::kValues:
    case Keyword::kYear:
      return true;
    default:
      return false;
  }
}

}  // namespace

ast::Expr* Parser::NewLiteral(ast::LiteralKind kind, size_t start) {
  auto* lit = New<ast::Literal>();
  lit->literal = kind;
  lit->text = Text(At(start));
  ++pos_;
  return Finish(lit, start);
}

ast::Expr* Parser::ParseExpr() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  // Most expressions in lists (VALUES rows, IN lists, arguments, select
  // items) are one operand ending at a comma or parenthesis: they skip the
  // seven precedence levels, which would each find no operator after it.
  if (IsLoneOperand()) return ParsePrimary();
  return ParseLogical(1);
}

bool Parser::IsLoneOperand() const {
  const Token& t = Peek();
  size_t n = 1;  // the operand's tokens
  switch (t.kind) {
    case TokenKind::kNumber:
    case TokenKind::kString:
    case TokenKind::kHexLiteral:
    case TokenKind::kBitLiteral:
    case TokenKind::kPlaceholder:
      break;
    case TokenKind::kIdentifier:
      // NOT and BINARY are prefix operators, taken above ParsePrimary.
      if (t.keyword == Keyword::kNot || t.keyword == Keyword::kBinary) return false;
      [[fallthrough]];
    case TokenKind::kQuotedIdentifier:
      // A qualified name: t.c, db.t.c.
      while (n < 5 && PeekOp(".", n) &&
             (Peek(n + 1).kind == TokenKind::kIdentifier ||
              Peek(n + 1).kind == TokenKind::kQuotedIdentifier)) {
        n += 2;
      }
      break;
    default:
      return false;
  }
  const Token& next = Peek(n);
  switch (next.kind) {
    case TokenKind::kEnd:
      return true;
    case TokenKind::kOperator:
      return PeekOp(",", n) || PeekOp(")", n) || PeekOp(";", n);
    case TokenKind::kIdentifier:
      // Reserved words that end an expression: no operator is spelled so.
      switch (next.keyword) {
        case Keyword::kAs:
        case Keyword::kAsc:
        case Keyword::kDesc:
        case Keyword::kFrom:
        case Keyword::kWhere:
        case Keyword::kGroup:
        case Keyword::kHaving:
        case Keyword::kOrder:
        case Keyword::kLimit:
        case Keyword::kThen:
        case Keyword::kElse:
        case Keyword::kEnd:
        case Keyword::kWhen:
        case Keyword::kJoin:
        case Keyword::kInner:
        case Keyword::kLeft:
        case Keyword::kRight:
        case Keyword::kCross:
        case Keyword::kOn:
        case Keyword::kUsing:
        case Keyword::kUnion:
          return true;
        default:
          return false;
      }
    default:
      return false;
  }
}

// OR (||), XOR and AND (&&), loosest first, by precedence climbing: one
// level instead of three, since every operand of every expression passes
// through here. Returns 0 when `t` is none of them.
namespace {
int LogicalOperator(const Token& t, std::string_view source, BinaryOp* op) {
  if (t.Is(Keyword::kOr) || t.IsOperator(source, "||")) {
    // MySQL's default sql_mode has no PIPES_AS_CONCAT: || is OR.
    *op = BinaryOp::kOr;
    return 1;
  }
  if (t.Is(Keyword::kXor)) {
    *op = BinaryOp::kXor;
    return 2;
  }
  if (t.Is(Keyword::kAnd) || t.IsOperator(source, "&&")) {
    *op = BinaryOp::kAnd;
    return 3;
  }
  return 0;
}
}  // namespace

ast::Expr* Parser::ParseLogical(int min_precedence) {
  size_t start = pos_;
  ast::Expr* lhs = ParseNot();
  ChainGuard chain(this);
  while (lhs != nullptr) {
    BinaryOp op;
    int precedence = LogicalOperator(Peek(), source_, &op);
    if (precedence == 0 || precedence < min_precedence) break;
    ++pos_;
    if (!chain.Step()) return FailAt(pos_ - 1);
    // The right operand only takes tighter operators, which keeps each
    // level left-associative (a OR b OR c is (a OR b) OR c).
    ast::Expr* rhs = ParseLogical(precedence + 1);
    if (rhs == nullptr) return nullptr;
    auto* b = New<ast::Binary>();
    b->op = op;
    b->lhs = lhs;
    b->rhs = rhs;
    lhs = Finish(b, start);
  }
  return lhs;
}

ast::Expr* Parser::ParseNot() {
  if (!PeekKeyword(Keyword::kNot)) return ParseComparison();
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_++;
  ast::Expr* operand = ParseNot();
  if (operand == nullptr) return nullptr;
  auto* u = New<ast::Unary>();
  u->op = ast::UnaryOp::kNot;
  u->operand = operand;
  return Finish(u, start);
}

ast::Expr* Parser::ParseComparison() {
  size_t start = pos_;
  ast::Expr* lhs = ParsePredicate();
  ChainGuard chain(this);
  while (lhs != nullptr) {
    if (PeekKeyword(Keyword::kIs)) {
      if (!chain.Step()) return Fail();
      ++pos_;
      auto* is = New<ast::Is>();
      is->operand = lhs;
      is->negated = AcceptKeyword(Keyword::kNot);
      if (AcceptKeyword(Keyword::kNull)) {
        is->test = ast::IsTest::kNull;
      } else if (AcceptKeyword(Keyword::kTrue)) {
        is->test = ast::IsTest::kTrue;
      } else if (AcceptKeyword(Keyword::kFalse)) {
        is->test = ast::IsTest::kFalse;
      } else if (AcceptWord("UNKNOWN")) {
        is->test = ast::IsTest::kUnknown;
      } else {
        return Fail();
      }
      lhs = Finish(is, start);
      continue;
    }
    const Token& t = Peek();
    if (t.kind != TokenKind::kOperator) break;
    std::string_view text = Text(t);
    const ComparisonOperator* found = nullptr;
    for (const ComparisonOperator& c : kComparisons) {
      if (c.text == text) found = &c;
    }
    if (found == nullptr) break;
    if (!chain.Step()) return Fail();
    ++pos_;
    auto* b = New<ast::Binary>();
    b->op = found->op;
    b->lhs = lhs;
    ast::Quantifier q = ast::Quantifier::kNone;
    if (PeekKeyword(Keyword::kAll)) {
      q = ast::Quantifier::kAll;
    } else if (PeekWord("ANY") || PeekWord("SOME")) {
      q = ast::Quantifier::kAny;
    }
    if (q != ast::Quantifier::kNone && IsOp(pos_ + 1, "(") && ParenHoldsQuery(pos_ + 1)) {
      ++pos_;
      b->quantifier = q;
      b->rhs = ParseSubqueryExpr();
    } else {
      b->rhs = ParsePredicate();
    }
    if (b->rhs == nullptr) return nullptr;
    lhs = Finish(b, start);
  }
  return lhs;
}

ast::Expr* Parser::ParsePredicate() {
  size_t start = pos_;
  ast::Expr* lhs = ParseBitExpr(1);
  if (lhs == nullptr) return nullptr;
  // Every predicate operator is a word; most operands are followed by
  // punctuation or the end, which need none of the checks below.
  if (Peek().kind != TokenKind::kIdentifier) return lhs;
  bool negated = false;
  if (PeekKeyword(Keyword::kNot)) {
    // After an operand, NOT can only start NOT IN / BETWEEN / LIKE / REGEXP;
    // like MySQL, report what follows it otherwise.
    if (!(PeekKeyword(Keyword::kIn, 1) || PeekKeyword(Keyword::kBetween, 1) ||
          PeekKeyword(Keyword::kLike, 1) || PeekWord("REGEXP", 1) || PeekWord("RLIKE", 1))) {
      return FailAt(pos_ + 1);
    }
    ++pos_;
    negated = true;
  }
  if (AcceptKeyword(Keyword::kIn)) {
    auto* in = New<ast::In>();
    in->operand = lhs;
    in->negated = negated;
    if (PeekQueryParen()) {
      ++pos_;
      in->query = ParseQuery();
      if (in->query == nullptr || !ExpectOp(")")) return nullptr;
    } else {
      if (!ExpectOp("(")) return nullptr;
      size_t mark = Mark();
      do {
        ast::Expr* e = ParseExpr();
        if (e == nullptr) return nullptr;
        Push(e);
      } while (AcceptOp(","));
      if (!ExpectOp(")")) return nullptr;
      in->list = TakeList<ast::Expr>(mark);
    }
    return Finish(in, start);
  }
  if (AcceptKeyword(Keyword::kBetween)) {
    auto* b = New<ast::Between>();
    b->operand = lhs;
    b->negated = negated;
    b->low = ParseBitExpr(1);
    if (b->low == nullptr || !ExpectKeyword(Keyword::kAnd)) return nullptr;
    b->high = ParsePredicate();
    if (b->high == nullptr) return nullptr;
    return Finish(b, start);
  }
  BinaryOp op;
  if (AcceptKeyword(Keyword::kLike)) {
    op = BinaryOp::kLike;
  } else if (AcceptWord("REGEXP") || AcceptWord("RLIKE")) {
    op = BinaryOp::kRegexp;
  } else if (!negated && PeekWord("SOUNDS") && PeekKeyword(Keyword::kLike, 1)) {
    pos_ += 2;
    op = BinaryOp::kSoundsLike;
  } else if (!negated && PeekWord("MEMBER") && PeekWord("OF", 1)) {
    pos_ += 2;
    op = BinaryOp::kMemberOf;
  } else {
    if (negated) return Fail();
    return lhs;
  }
  auto* b = New<ast::Binary>();
  b->op = op;
  b->lhs = lhs;
  b->negated = negated;
  if (op == BinaryOp::kMemberOf) {
    if (!ExpectOp("(")) return nullptr;
    b->rhs = ParseExpr();
    if (b->rhs == nullptr || !ExpectOp(")")) return nullptr;
  } else {
    b->rhs = ParseBitExpr(1);
    if (b->rhs == nullptr) return nullptr;
  }
  if (op == BinaryOp::kLike && AcceptKeyword(Keyword::kEscape)) {
    b->escape = ParseSimple();
    if (b->escape == nullptr) return nullptr;
  }
  return Finish(b, start);
}

ast::Expr* Parser::ParseBitExpr(int min_precedence) {
  size_t start = pos_;
  ast::Expr* lhs = ParseSimple();
  ChainGuard chain(this);
  while (lhs != nullptr) {
    const Token& t = Peek();
    const BitOperator* found = nullptr;
    BitOperator keyword_op{"", BinaryOp::kIntDiv, 5};
    if (t.kind == TokenKind::kOperator) {
      std::string_view text = Text(t);
      for (const BitOperator& b : kBitOperators) {
        if (b.text == text) found = &b;
      }
    } else if (t.Is(Keyword::kDiv)) {
      found = &keyword_op;
    } else if (t.Is(Keyword::kMod)) {
      keyword_op.op = BinaryOp::kMod;
      found = &keyword_op;
    }
    if (found == nullptr || found->precedence < min_precedence) break;
    if (!chain.Step()) return Fail();
    ++pos_;
    auto* b = New<ast::Binary>();
    b->op = found->op;
    b->lhs = lhs;
    if ((found->op == BinaryOp::kAdd || found->op == BinaryOp::kSub) &&
        PeekKeyword(Keyword::kInterval)) {
      b->rhs = ParseInterval();
    } else {
      // Precedence climbing: the right operand only takes tighter operators,
      // which makes every level left-associative (a - b - c is (a - b) - c).
      b->rhs = ParseBitExpr(found->precedence + 1);
    }
    if (b->rhs == nullptr) return nullptr;
    lhs = Finish(b, start);
  }
  return lhs;
}

ast::Expr* Parser::ParseSimple() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_;
  const Token& t = Peek();
  ast::UnaryOp op;
  bool prefix = true;
  if (t.IsOperator(source_, "-")) {
    op = ast::UnaryOp::kMinus;
  } else if (t.IsOperator(source_, "+")) {
    op = ast::UnaryOp::kPlus;
  } else if (t.IsOperator(source_, "~")) {
    op = ast::UnaryOp::kBitNot;
  } else if (t.IsOperator(source_, "!")) {
    op = ast::UnaryOp::kNot;
  } else if (t.Is(Keyword::kBinary)) {
    op = ast::UnaryOp::kBinary;
  } else {
    prefix = false;
  }
  if (prefix) {
    ++pos_;
    ast::Expr* operand = ParseSimple();
    if (operand == nullptr) return nullptr;
    auto* u = New<ast::Unary>();
    u->op = op;
    u->operand = operand;
    return Finish(u, start);
  }
  ast::Expr* e = ParsePrimary();
  ChainGuard chain(this);
  while (e != nullptr && AcceptKeyword(Keyword::kCollate)) {
    if (!chain.Step()) return FailAt(pos_ - 1);
    auto* c = New<ast::Collate>();
    c->operand = e;
    const Token& name = Peek();
    if (name.kind == TokenKind::kString) {
      c->collation = arena_.CopyString(DecodeString(Text(name)));
    } else if (name.kind == TokenKind::kIdentifier || name.kind == TokenKind::kQuotedIdentifier) {
      c->collation = IdentifierOf(name).name;
    } else {
      return Fail();
    }
    ++pos_;
    e = Finish(c, start);
  }
  return e;
}

ast::Expr* Parser::ParsePrimary() {
  size_t start = pos_;
  const Token& t = Peek();
  switch (t.kind) {
    case TokenKind::kNumber:
      return NewLiteral(ast::LiteralKind::kNumber, start);
    case TokenKind::kString:
      return ParseStringLiteral();
    case TokenKind::kHexLiteral:
      return NewLiteral(ast::LiteralKind::kHex, start);
    case TokenKind::kBitLiteral:
      return NewLiteral(ast::LiteralKind::kBit, start);
    case TokenKind::kPlaceholder: {
      auto* p = New<ast::Placeholder>();
      p->index = first_param_ + param_count_++;
      ++pos_;
      return Finish(p, start);
    }
    case TokenKind::kUserVariable:
    case TokenKind::kSystemVariable: {
      auto* v = New<ast::Variable>();
      v->system = t.kind == TokenKind::kSystemVariable;
      v->text = Text(t);
      std::string_view name = v->text.substr(v->system ? 2 : 1);
      if (v->system) {
        size_t dot = name.find('.');
        if (dot != std::string_view::npos) {
          std::string_view scope = name.substr(0, dot);
          if (EqualsWord(scope, "GLOBAL") || EqualsWord(scope, "SESSION") ||
              EqualsWord(scope, "LOCAL") || EqualsWord(scope, "PERSIST") ||
              EqualsWord(scope, "PERSIST_ONLY")) {
            v->scope = scope;
            name = name.substr(dot + 1);
          }
        }
      } else if (!name.empty() && (name[0] == '\'' || name[0] == '"')) {
        name = arena_.CopyString(DecodeString(name));
      } else if (!name.empty() && name[0] == '`') {
        Token inner{TokenKind::kQuotedIdentifier, Keyword::kNone, t.offset + 1, t.length - 1};
        name = IdentifierOf(inner).name;
      }
      v->name = name;
      ++pos_;
      Finish(v, start);
      if (!v->system && PeekOp(":=")) {
        ++pos_;
        auto* b = New<ast::Binary>();
        b->op = BinaryOp::kAssign;
        b->lhs = v;
        b->rhs = ParseExpr();
        if (b->rhs == nullptr) return nullptr;
        return Finish(b, start);
      }
      return v;
    }
    case TokenKind::kOperator:
      if (PeekOp("(")) return ParseParenthesized();
      return Fail();
    case TokenKind::kIdentifier:
    case TokenKind::kQuotedIdentifier:
      return ParseWordExpr();
    case TokenKind::kHint:
    case TokenKind::kEnd:
      break;
  }
  return Fail();
}

ast::Expr* Parser::ParseStringLiteral() {
  size_t start = pos_;
  auto* lit = New<ast::Literal>();
  lit->literal = ast::LiteralKind::kString;
  std::string_view first = Text(Peek());
  lit->national = !first.empty() && (first[0] == 'n' || first[0] == 'N');
  // MySQL concatenates adjacent literals: 'a' 'b' is 'ab'.
  std::string value = DecodeString(first);
  ++pos_;
  while (Peek().kind == TokenKind::kString) {
    value += DecodeString(Text(Peek()));
    ++pos_;
  }
  lit->text = arena_.CopyString(value);
  return Finish(lit, start);
}

ast::Expr* Parser::ParseSubqueryExpr() {
  size_t start = pos_;
  if (!ExpectOp("(")) return nullptr;
  auto* s = New<ast::Subquery>();
  s->query = ParseQuery();
  if (s->query == nullptr || !ExpectOp(")")) return nullptr;
  return Finish(s, start);
}

ast::Expr* Parser::ParseParenthesized() {
  if (ParenHoldsQuery(pos_)) return ParseSubqueryExpr();
  size_t start = pos_++;
  ast::Expr* first = ParseExpr();
  if (first == nullptr) return nullptr;
  if (!PeekOp(",")) {
    if (!ExpectOp(")")) return nullptr;
    return first;  // parentheses only group; the tree keeps the grouping
  }
  size_t mark = Mark();
  Push(first);
  while (AcceptOp(",")) {
    ast::Expr* e = ParseExpr();
    if (e == nullptr) return nullptr;
    Push(e);
  }
  if (!ExpectOp(")")) return nullptr;
  auto* row = New<ast::Row>();
  row->items = TakeList<ast::Expr>(mark);
  return Finish(row, start);
}

ast::Expr* Parser::ParseWordExpr() {
  size_t start = pos_;
  const Token& t = Peek();
  if (t.kind == TokenKind::kIdentifier) {
    bool call = PeekOp("(", 1);
    switch (t.keyword) {
      case Keyword::kNull:
        return NewLiteral(ast::LiteralKind::kNull, start);
      case Keyword::kTrue:
        return NewLiteral(ast::LiteralKind::kTrue, start);
      case Keyword::kFalse:
        return NewLiteral(ast::LiteralKind::kFalse, start);
      case Keyword::kDate:
      case Keyword::kTime:
      case Keyword::kTimestamp:
        if (Peek(1).kind == TokenKind::kString) {
          ++pos_;
          auto* lit = New<ast::Literal>();
          lit->literal = t.Is(Keyword::kDate)   ? ast::LiteralKind::kDate
                         : t.Is(Keyword::kTime) ? ast::LiteralKind::kTime
                                                : ast::LiteralKind::kTimestamp;
          lit->text = arena_.CopyString(DecodeString(Text(Peek())));
          ++pos_;
          return Finish(lit, start);
        }
        break;
      case Keyword::kCase:
        return ParseCase();
      case Keyword::kExists: {
        ++pos_;
        if (!PeekQueryParen()) return Fail();
        auto* e = New<ast::Exists>();
        ++pos_;
        e->query = ParseQuery();
        if (e->query == nullptr || !ExpectOp(")")) return nullptr;
        return Finish(e, start);
      }
      case Keyword::kInterval: {
        // INTERVAL(n, a, b, ...) is a function unless a unit follows its ')'.
        if (call && partner_[pos_ + 1] != kNoPartner &&
            !LookupTimeUnit(Text(At(partner_[pos_ + 1] + 1))).has_value()) {
          break;
        }
        // INTERVAL n unit + x: the interval-first spelling of x + INTERVAL.
        ast::Expr* interval = ParseInterval();
        if (interval == nullptr) return nullptr;
        if (!PeekOp("+")) return Fail();
        ++pos_;
        auto* b = New<ast::Binary>();
        b->op = BinaryOp::kAdd;
        b->lhs = interval;
        b->rhs = ParseBitExpr(5);
        if (b->rhs == nullptr) return nullptr;
        return Finish(b, start);
      }
      case Keyword::kDefault:
        if (!call) {
          ++pos_;
          return Finish(New<ast::Default>(), start);
        }
        break;
      default:
        break;
    }
    if (!call && IsNiladicFunctionWord(t, source_)) {
      auto* f = New<ast::Function>();
      f->name = Text(t);
      f->form = ast::FunctionForm::kNoParens;
      ++pos_;
      return Finish(f, start);
    }
    if (t.keyword == Keyword::kNone && IsIntroducer(Text(t)) &&
        Peek(1).kind == TokenKind::kString) {
      ++pos_;
      auto* lit = static_cast<ast::Literal*>(ParseStringLiteral());
      if (lit == nullptr) return nullptr;
      lit->charset = Text(t).substr(1);
      return Finish(lit, start);
    }
    if (call && t.keyword == Keyword::kNone && EqualsWord(Text(t), "ROW")) {
      ++pos_;
      ast::Expr* e = ParseParenthesized();
      if (e == nullptr) return nullptr;
      auto* row = New<ast::Row>();
      row->row_keyword = true;
      if (e->kind == ast::ExprKind::kRow) {
        row->items = static_cast<ast::Row*>(e)->items;
      } else {
        row->items = arena_.CopyList<ast::Expr>(&e, 1);
      }
      return Finish(row, start);
    }
    if (call && (t.keyword == Keyword::kNone || IsFunctionKeyword(t.keyword))) {
      bool handled = false;
      ast::Expr* special = ParseSpecialFunction(start, &handled);
      if (handled) return special;
      return ParseFunctionCall(start, ast::Identifier{});
    }
  }
  return ParseColumnOrFunction();
}

ast::Expr* Parser::ParseColumnOrFunction() {
  size_t start = pos_;
  ast::Identifier parts[3];
  int n = 0;
  if (!ParseName(&parts[n++])) return nullptr;
  while (PeekOp(".") && n < 3) {
    if (PeekOp("*", 1)) return Fail();  // t.* only as a select item (ParseSelectItem)
    ++pos_;
    if (!ParseName(&parts[n++], /*after_dot=*/true)) return nullptr;
  }
  if (n == 2 && PeekOp("(")) return ParseFunctionCall(pos_ - 1, parts[0]);
  auto* c = New<ast::ColumnRef>();
  if (n == 3) {
    c->schema = parts[0];
    c->table = parts[1];
    c->column = parts[2];
  } else if (n == 2) {
    c->table = parts[0];
    c->column = parts[1];
  } else {
    c->column = parts[0];
  }
  Finish(c, start);
  if ((PeekOp("->") || PeekOp("->>")) && Peek(1).kind == TokenKind::kString) {
    auto* b = New<ast::Binary>();
    b->op = PeekOp("->") ? BinaryOp::kJsonExtract : BinaryOp::kJsonUnquoteExtract;
    ++pos_;
    b->lhs = c;
    b->rhs = ParseStringLiteral();
    return Finish(b, start);
  }
  return c;
}

ast::Expr* Parser::ParseFunctionArg() {
  if (PeekKeyword(Keyword::kInterval) && !PeekOp("(", 1)) return ParseInterval();
  return ParseExpr();
}

ast::Expr* Parser::ParseFunctionCall(size_t name_token, ast::Identifier schema) {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = schema.empty() ? name_token : name_token - 2;
  auto* f = New<ast::Function>();
  f->schema = schema;
  f->name = Text(At(name_token));
  if (At(name_token).kind == TokenKind::kQuotedIdentifier)
    f->name = IdentifierOf(At(name_token)).name;
  pos_ = name_token + 1;
  if (!ExpectOp("(")) return nullptr;
  if (PeekOp("*") && PeekOp(")", 1)) {
    f->star = true;
    ++pos_;
  } else if (!PeekOp(")")) {
    if (AcceptKeyword(Keyword::kDistinct)) {
      f->distinct = true;
    } else {
      AcceptKeyword(Keyword::kAll);
    }
    size_t mark = Mark();
    do {
      ast::Expr* e = ParseFunctionArg();
      if (e == nullptr) return nullptr;
      Push(e);
    } while (AcceptOp(","));
    f->args = TakeList<ast::Expr>(mark);
  }
  if (!ExpectOp(")")) return nullptr;
  return FinishFunctionCall(f, start);
}

ast::Expr* Parser::FinishFunctionCall(ast::Function* f, size_t start) {
  if (PeekWord("OVER")) {
    ++pos_;
    if (PeekOp("(")) {
      f->over = ParseWindowSpecBody();
      if (f->over == nullptr) return nullptr;
    } else {
      size_t spec_start = pos_;
      auto* spec = New<ast::WindowSpec>();
      spec->parenthesized = false;
      if (!ParseName(&spec->name)) return nullptr;
      f->over = Finish(spec, spec_start);
    }
  }
  return Finish(f, start);
}

ast::Expr* Parser::ParseSpecialFunction(size_t start, bool* handled) {
  *handled = true;
  std::string_view name = Text(At(start));
  const Token& t = At(start);
  if (t.keyword == Keyword::kNone) {
    switch (name.size()) {
      case 3:
        if (EqualsWord(name, "MID")) return ParseSubstring(start);
        break;
      case 4:
        if (EqualsWord(name, "CAST")) return ParseCast(start, false);
        if (EqualsWord(name, "TRIM")) return ParseTrim(start);
        break;
      case 5:
        if (EqualsWord(name, "MATCH")) return ParseMatch(start);
        break;
      case 6:
        if (EqualsWord(name, "SUBSTR")) return ParseSubstring(start);
        break;
      case 7:
        if (EqualsWord(name, "CONVERT")) return ParseCast(start, true);
        if (EqualsWord(name, "EXTRACT")) return ParseExtract(start);
        break;
      case 8:
        if (EqualsWord(name, "POSITION")) return ParsePosition(start);
        break;
      case 9:
        if (EqualsWord(name, "SUBSTRING")) return ParseSubstring(start);
        break;
      case 12:
        if (EqualsWord(name, "GROUP_CONCAT")) return ParseGroupConcat(start);
        if (EqualsWord(name, "TIMESTAMPADD")) return ParseUnitFirst(start);
        break;
      case 13:
        if (EqualsWord(name, "TIMESTAMPDIFF")) return ParseUnitFirst(start);
        break;
      case 10:
        if (EqualsWord(name, "JSON_TABLE")) return FailUnsupported("JSON_TABLE");
        break;
      default:
        break;
    }
  } else if (t.Is(Keyword::kChar)) {
    return ParseCharFunction(start);
  }
  *handled = false;
  return nullptr;
}

ast::Expr* Parser::ParseCast(size_t start, bool convert) {
  pos_ = start + 2;  // name (
  ast::Expr* operand = ParseExpr();
  if (operand == nullptr) return nullptr;
  if (convert && AcceptKeyword(Keyword::kUsing)) {
    auto* c = New<ast::ConvertUsing>();
    c->operand = operand;
    if (!ParseCharsetName(&c->charset) || !ExpectOp(")")) return nullptr;
    return Finish(c, start);
  }
  if (convert ? !ExpectOp(",") : !ExpectKeyword(Keyword::kAs)) return nullptr;
  auto* c = New<ast::Cast>();
  c->operand = operand;
  c->convert_syntax = convert;
  if (!ParseCastType(&c->type)) return nullptr;
  if (!convert && AcceptWord("ARRAY")) c->array = true;
  if (!convert && PeekWord("AT")) return FailUnsupported("CAST ... AT TIME ZONE");
  if (!ExpectOp(")")) return nullptr;
  return Finish(c, start);
}

bool Parser::ParseCastType(ast::CastType* type) {
  using ast::CastTypeKind;
  const Token& t = Peek();
  // An optional "(n)" after the type name.
  auto length = [&](int32_t* out) -> bool {
    if (!AcceptOp("(")) return true;
    if (!ParseSmallNumber(out)) return false;
    return ExpectOp(")");
  };
  ++pos_;
  if (t.Is(Keyword::kBinary)) {
    type->kind = CastTypeKind::kBinary;
    return length(&type->length);
  }
  if (t.Is(Keyword::kChar) || t.Is(Keyword::kCharacter) || EqualsWord(Text(t), "NCHAR")) {
    type->kind = EqualsWord(Text(t), "NCHAR") ? CastTypeKind::kNChar : CastTypeKind::kChar;
    if (!length(&type->length)) return false;
    if (AcceptKeyword(Keyword::kCharacter)) {
      if (!ExpectKeyword(Keyword::kSet)) return false;
      return ParseCharsetName(&type->charset);
    }
    if (AcceptKeyword(Keyword::kCharset)) return ParseCharsetName(&type->charset);
    if (AcceptKeyword(Keyword::kBinary)) {
      type->charset = "binary";
    } else if (AcceptWord("ASCII")) {
      type->charset = "latin1";
    } else if (AcceptWord("UNICODE")) {
      type->charset = "ucs2";
    }
    return true;
  }
  if (t.Is(Keyword::kDate)) {
    type->kind = CastTypeKind::kDate;
    return true;
  }
  if (t.Is(Keyword::kDatetime) || t.Is(Keyword::kTime)) {
    type->kind = t.Is(Keyword::kTime) ? CastTypeKind::kTime : CastTypeKind::kDatetime;
    return length(&type->length);
  }
  if (t.Is(Keyword::kDecimal) || t.Is(Keyword::kDec) || t.Is(Keyword::kNumeric) ||
      t.Is(Keyword::kFixed)) {
    type->kind = CastTypeKind::kDecimal;
    // DECIMAL(p) and DECIMAL(p, s)
    if (!AcceptOp("(")) return true;
    if (!ParseSmallNumber(&type->length)) return false;
    if (AcceptOp(",") && !ParseSmallNumber(&type->scale)) return false;
    return ExpectOp(")");
  }
  if (t.Is(Keyword::kSigned) || t.Is(Keyword::kUnsigned)) {
    type->kind = t.Is(Keyword::kSigned) ? CastTypeKind::kSigned : CastTypeKind::kUnsigned;
    if (!AcceptKeyword(Keyword::kInteger)) AcceptKeyword(Keyword::kInt);
    return true;
  }
  if (t.Is(Keyword::kJson)) {
    type->kind = CastTypeKind::kJson;
    return true;
  }
  if (t.Is(Keyword::kDouble)) {
    type->kind = CastTypeKind::kDouble;
    AcceptWord("PRECISION");
    return true;
  }
  if (t.Is(Keyword::kFloat)) {
    type->kind = CastTypeKind::kFloat;
    return length(&type->length);
  }
  if (t.Is(Keyword::kReal)) {
    type->kind = CastTypeKind::kReal;
    return true;
  }
  if (t.Is(Keyword::kYear)) {
    type->kind = CastTypeKind::kYear;
    return true;
  }
  --pos_;
  Fail();
  return false;
}

bool Parser::ParseSmallNumber(int32_t* out) {
  const Token& n = Peek();
  std::string_view digits = Text(n);
  bool ok = n.kind == TokenKind::kNumber && !digits.empty() && digits.size() <= 9;
  int32_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') ok = false;
    v = v * 10 + (c - '0');
  }
  if (!ok) {
    Fail();
    return false;
  }
  *out = v;
  ++pos_;
  return true;
}

bool Parser::ParseCharsetName(std::string_view* name) {
  const Token& t = Peek();
  if (t.kind == TokenKind::kString) {
    *name = arena_.CopyString(DecodeString(Text(t)));
  } else if (t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier) {
    *name = IdentifierOf(t).name;  // BINARY and other keywords name charsets too
  } else {
    Fail();
    return false;
  }
  ++pos_;
  return true;
}

bool Parser::ParseTimeUnit(ast::TimeUnit* unit) {
  const Token& t = Peek();
  std::optional<ast::TimeUnit> u;
  if (t.kind == TokenKind::kIdentifier) u = LookupTimeUnit(Text(t));
  if (!u.has_value()) {
    Fail();
    return false;
  }
  *unit = *u;
  ++pos_;
  return true;
}

ast::Expr* Parser::ParseInterval() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_;
  if (!ExpectKeyword(Keyword::kInterval)) return nullptr;
  auto* i = New<ast::Interval>();
  i->value = ParseExpr();
  if (i->value == nullptr || !ParseTimeUnit(&i->unit)) return nullptr;
  return Finish(i, start);
}

ast::Expr* Parser::ParseExtract(size_t start) {
  pos_ = start + 2;
  auto* f = New<ast::Function>();
  f->name = Text(At(start));
  f->form = ast::FunctionForm::kUnitFirst;
  if (!ParseTimeUnit(&f->unit) || !ExpectKeyword(Keyword::kFrom)) return nullptr;
  ast::Expr* e = ParseExpr();
  if (e == nullptr || !ExpectOp(")")) return nullptr;
  f->args = arena_.CopyList<ast::Expr>(&e, 1);
  return Finish(f, start);
}

ast::Expr* Parser::ParseUnitFirst(size_t start) {
  pos_ = start + 2;
  auto* f = New<ast::Function>();
  f->name = Text(At(start));
  f->form = ast::FunctionForm::kUnitFirst;
  if (!ParseTimeUnit(&f->unit)) return nullptr;
  size_t mark = Mark();
  while (AcceptOp(",")) {
    ast::Expr* e = ParseExpr();
    if (e == nullptr) return nullptr;
    Push(e);
  }
  if (Mark() - mark != 2) return Fail();
  if (!ExpectOp(")")) return nullptr;
  f->args = TakeList<ast::Expr>(mark);
  return Finish(f, start);
}

ast::Expr* Parser::ParseTrim(size_t start) {
  pos_ = start + 2;
  auto* f = New<ast::Function>();
  f->name = Text(At(start));
  f->form = ast::FunctionForm::kTrim;
  if (AcceptWord("LEADING")) {
    f->trim_side = ast::TrimSide::kLeading;
  } else if (AcceptWord("TRAILING")) {
    f->trim_side = ast::TrimSide::kTrailing;
  } else if (AcceptWord("BOTH")) {
    f->trim_side = ast::TrimSide::kBoth;
  }
  ast::Expr* args[2] = {nullptr, nullptr};  // target, remove
  if (f->trim_side != ast::TrimSide::kNone && AcceptKeyword(Keyword::kFrom)) {
    args[0] = ParseExpr();  // TRIM(LEADING FROM s)
    if (args[0] == nullptr) return nullptr;
  } else {
    ast::Expr* first = ParseExpr();
    if (first == nullptr) return nullptr;
    if (AcceptKeyword(Keyword::kFrom)) {
      args[1] = first;
      args[0] = ParseExpr();
      if (args[0] == nullptr) return nullptr;
    } else if (f->trim_side != ast::TrimSide::kNone) {
      return Fail();
    } else {
      args[0] = first;
    }
  }
  if (!ExpectOp(")")) return nullptr;
  f->args = arena_.CopyList<ast::Expr>(args, args[1] == nullptr ? 1 : 2);
  return Finish(f, start);
}

ast::Expr* Parser::ParseSubstring(size_t start) {
  pos_ = start + 2;
  auto* f = New<ast::Function>();
  f->name = Text(At(start));
  size_t mark = Mark();
  ast::Expr* str = ParseExpr();
  if (str == nullptr) return nullptr;
  Push(str);
  if (AcceptKeyword(Keyword::kFrom)) {
    f->form = ast::FunctionForm::kSubstringFrom;
    ast::Expr* from = ParseExpr();
    if (from == nullptr) return nullptr;
    Push(from);
    if (AcceptKeyword(Keyword::kFor)) {
      ast::Expr* len = ParseExpr();
      if (len == nullptr) return nullptr;
      Push(len);
    }
  } else {
    while (AcceptOp(",")) {
      ast::Expr* e = ParseExpr();
      if (e == nullptr) return nullptr;
      Push(e);
    }
  }
  if (!ExpectOp(")")) return nullptr;
  f->args = TakeList<ast::Expr>(mark);
  return FinishFunctionCall(f, start);
}

ast::Expr* Parser::ParsePosition(size_t start) {
  pos_ = start + 2;
  auto* f = New<ast::Function>();
  f->name = Text(At(start));
  f->form = ast::FunctionForm::kPosition;
  ast::Expr* args[2];
  args[0] = ParseBitExpr(1);  // not ParseExpr: IN belongs to POSITION
  if (args[0] == nullptr || !ExpectKeyword(Keyword::kIn)) return nullptr;
  args[1] = ParseExpr();
  if (args[1] == nullptr || !ExpectOp(")")) return nullptr;
  f->args = arena_.CopyList<ast::Expr>(args, 2);
  return Finish(f, start);
}

ast::Expr* Parser::ParseCharFunction(size_t start) {
  pos_ = start + 2;
  auto* f = New<ast::Function>();
  f->name = Text(At(start));
  size_t mark = Mark();
  do {
    ast::Expr* e = ParseExpr();
    if (e == nullptr) return nullptr;
    Push(e);
  } while (AcceptOp(","));
  f->args = TakeList<ast::Expr>(mark);
  if (AcceptKeyword(Keyword::kUsing)) {
    f->form = ast::FunctionForm::kCharUsing;
    if (!ParseCharsetName(&f->charset)) return nullptr;
  }
  if (!ExpectOp(")")) return nullptr;
  return Finish(f, start);
}

ast::Expr* Parser::ParseGroupConcat(size_t start) {
  pos_ = start + 2;
  auto* f = New<ast::Function>();
  f->name = Text(At(start));
  f->distinct = AcceptKeyword(Keyword::kDistinct);
  if (!f->distinct) AcceptKeyword(Keyword::kAll);
  size_t mark = Mark();
  do {
    ast::Expr* e = ParseExpr();
    if (e == nullptr) return nullptr;
    Push(e);
  } while (AcceptOp(","));
  f->args = TakeList<ast::Expr>(mark);
  if (AcceptKeyword(Keyword::kOrder)) {
    if (!ExpectKeyword(Keyword::kBy) || !ParseOrderBy(&f->order_by)) return nullptr;
  }
  if (AcceptWord("SEPARATOR")) {
    if (Peek().kind != TokenKind::kString) return Fail();
    f->separator = ParseStringLiteral();
  }
  if (!ExpectOp(")")) return nullptr;
  return FinishFunctionCall(f, start);
}

ast::Expr* Parser::ParseMatch(size_t start) {
  pos_ = start + 2;
  auto* m = New<ast::Match>();
  size_t mark = Mark();
  do {
    ast::Expr* c = ParseColumnOrFunction();
    if (c == nullptr) return nullptr;
    if (c->kind != ast::ExprKind::kColumn) return FailAt(pos_ - 1);
    Push(c);
  } while (AcceptOp(","));
  m->columns = TakeList<ast::Expr>(mark);
  if (!ExpectOp(")") || !ExpectWord("AGAINST") || !ExpectOp("(")) return nullptr;
  m->against = ParseBitExpr(1);
  if (m->against == nullptr) return nullptr;
  if (AcceptKeyword(Keyword::kIn)) {
    if (AcceptKeyword(Keyword::kBoolean)) {
      m->modifier = ast::MatchModifier::kBoolean;
    } else {
      if (!ExpectKeyword(Keyword::kNatural) || !ExpectWord("LANGUAGE")) return nullptr;
      m->modifier = ast::MatchModifier::kNaturalLanguage;
    }
    if (!ExpectWord("MODE")) return nullptr;
  }
  if (m->modifier != ast::MatchModifier::kBoolean && AcceptKeyword(Keyword::kWith)) {
    if (!ExpectWord("QUERY") || !ExpectWord("EXPANSION")) return nullptr;
    m->modifier = m->modifier == ast::MatchModifier::kNaturalLanguage
                      ? ast::MatchModifier::kNaturalLanguageWithQueryExpansion
                      : ast::MatchModifier::kQueryExpansion;
  }
  if (!ExpectOp(")")) return nullptr;
  return Finish(m, start);
}

ast::Expr* Parser::ParseCase() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_;
  if (!ExpectKeyword(Keyword::kCase)) return nullptr;
  auto* c = New<ast::Case>();
  if (!PeekKeyword(Keyword::kWhen)) {
    c->operand = ParseExpr();
    if (c->operand == nullptr) return nullptr;
  }
  size_t mark = Mark();
  while (PeekKeyword(Keyword::kWhen)) {
    size_t when_start = pos_++;
    auto* w = New<ast::CaseWhen>();
    w->when = ParseExpr();
    if (w->when == nullptr || !ExpectKeyword(Keyword::kThen)) return nullptr;
    w->then = ParseExpr();
    if (w->then == nullptr) return nullptr;
    Push(Finish(w, when_start));
  }
  if (Mark() == mark) return Fail();
  c->whens = TakeList<ast::CaseWhen>(mark);
  if (AcceptKeyword(Keyword::kElse)) {
    c->else_result = ParseExpr();
    if (c->else_result == nullptr) return nullptr;
  }
  if (!ExpectKeyword(Keyword::kEnd)) return nullptr;
  return Finish(c, start);
}

ast::WindowSpec* Parser::ParseWindowSpecBody() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_;
  if (!ExpectOp("(")) return nullptr;
  auto* spec = New<ast::WindowSpec>();
  if (IsNameToken(Peek()) && !PeekWord("PARTITION") && !PeekKeyword(Keyword::kOrder) &&
      !PeekWord("ROWS") && !PeekWord("RANGE") && !PeekWord("GROUPS")) {
    spec->name = IdentifierOf(Peek());
    ++pos_;
  }
  if (AcceptWord("PARTITION")) {
    if (!ExpectKeyword(Keyword::kBy)) return nullptr;
    size_t mark = Mark();
    do {
      ast::Expr* e = ParseExpr();
      if (e == nullptr) return nullptr;
      Push(e);
    } while (AcceptOp(","));
    spec->partition_by = TakeList<ast::Expr>(mark);
  }
  if (AcceptKeyword(Keyword::kOrder)) {
    if (!ExpectKeyword(Keyword::kBy) || !ParseOrderBy(&spec->order_by)) return nullptr;
  }
  if (PeekWord("ROWS") || PeekWord("RANGE") || PeekWord("GROUPS")) {
    spec->frame = ParseWindowFrame();
    if (spec->frame == nullptr) return nullptr;
  }
  if (!ExpectOp(")")) return nullptr;
  return Finish(spec, start);
}

ast::WindowFrame* Parser::ParseWindowFrame() {
  size_t start = pos_;
  auto* frame = New<ast::WindowFrame>();
  frame->unit = PeekWord("ROWS")    ? ast::FrameUnit::kRows
                : PeekWord("RANGE") ? ast::FrameUnit::kRange
                                    : ast::FrameUnit::kGroups;
  ++pos_;
  if (AcceptKeyword(Keyword::kBetween)) {
    frame->between = true;
    if (!ParseFrameBound(&frame->start) || !ExpectKeyword(Keyword::kAnd) ||
        !ParseFrameBound(&frame->end_bound)) {
      return nullptr;
    }
  } else if (!ParseFrameBound(&frame->start)) {
    return nullptr;
  }
  if (PeekWord("EXCLUDE")) return FailUnsupported("EXCLUDE in window frames");
  return Finish(frame, start);
}

bool Parser::ParseFrameBound(ast::FrameBound* bound) {
  if (AcceptWord("UNBOUNDED")) {
    if (AcceptWord("PRECEDING")) {
      bound->kind = ast::FrameBoundKind::kUnboundedPreceding;
      return true;
    }
    if (!ExpectWord("FOLLOWING")) return false;
    bound->kind = ast::FrameBoundKind::kUnboundedFollowing;
    return true;
  }
  if (PeekWord("CURRENT") && PeekWord("ROW", 1)) {
    pos_ += 2;
    bound->kind = ast::FrameBoundKind::kCurrentRow;
    return true;
  }
  bound->offset = PeekKeyword(Keyword::kInterval) ? ParseInterval() : ParseBitExpr(1);
  if (bound->offset == nullptr) return false;
  if (AcceptWord("PRECEDING")) {
    bound->kind = ast::FrameBoundKind::kPreceding;
    return true;
  }
  if (!ExpectWord("FOLLOWING")) return false;
  bound->kind = ast::FrameBoundKind::kFollowing;
  return true;
}

}  // namespace edgesql::sql
