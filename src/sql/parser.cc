// Parser entry points, token plumbing, names and statement dispatch
// (parser.h, parser_internal.h).
#include "sql/parser.h"

#include "sql/lexer.h"
#include "sql/parser_internal.h"
#include "sql/word_table.h"

namespace edgesql::sql {
namespace {

constexpr std::string_view kTimeUnitNames[] = {
    "MICROSECOND",
    "SECOND",
    "MINUTE",
    "HOUR",
    "DAY",
    "WEEK",
    "MONTH",
    "QUARTER",
    "YEAR",
    "SECOND_MICROSECOND",
    "MINUTE_MICROSECOND",
    "MINUTE_SECOND",
    "HOUR_MICROSECOND",
    "HOUR_SECOND",
    "HOUR_MINUTE",
    "DAY_MICROSECOND",
    "DAY_SECOND",
    "DAY_MINUTE",
    "DAY_HOUR",
    "YEAR_MONTH",
};

// Keywords in keywords.def that MySQL does not reserve: they may name
// columns, tables and aliases unquoted (`date`, `status`, `comment`, ...).
bool IsNonReservedKeyword(Keyword k) {
  switch (k) {
    case Keyword::kAlgorithm:
    case Keyword::kBegin:
    case Keyword::kBit:
    case Keyword::kBool:
    case Keyword::kBoolean:
    case Keyword::kCharset:
    case Keyword::kColumns:
    case Keyword::kComment:
    case Keyword::kCommit:
    case Keyword::kDate:
    case Keyword::kDatetime:
    case Keyword::kDo:
    case Keyword::kDuplicate:
    case Keyword::kEnd:
    case Keyword::kEngine:
    case Keyword::kEnum:
    case Keyword::kEscape:
    case Keyword::kFields:
    case Keyword::kFirst:
    case Keyword::kFixed:
    case Keyword::kFull:
    case Keyword::kGlobal:
    case Keyword::kJson:
    case Keyword::kLocal:
    case Keyword::kNames:
    case Keyword::kNow:
    case Keyword::kOffset:
    case Keyword::kQuick:
    case Keyword::kRollback:
    case Keyword::kSession:
    case Keyword::kSigned:
    case Keyword::kStart:
    case Keyword::kStatus:
    case Keyword::kTables:
    case Keyword::kTemporary:
    case Keyword::kText:
    case Keyword::kTime:
    case Keyword::kTimestamp:
    case Keyword::kTransaction:
    case Keyword::kTruncate:
    case Keyword::kValue:
    case Keyword::kVariables:
    case Keyword::kView:
    case Keyword::kWork:
    case Keyword::kYear:
      return true;
    default:
      return false;
  }
}

// Reserved words keywords.def does not list (it only holds the words the
// analyser and transpiler look at; adding these there would change how the
// analyser reads names).
constexpr std::string_view kReservedPlainWordList[] = {
    "BOTH",
    "CURRENT_USER",
    "DISTINCTROW",
    "DUAL",
    "EXCEPT",
    "GROUPS",
    "INTERSECT",
    "LATERAL",
    "LEADING",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "MATCH",
    "OUTFILE",
    "OVER",
    "PARTITION",
    "RANGE",
    "RECURSIVE",
    "REGEXP",
    "RLIKE",
    "ROWS",
    "SEPARATOR",
    "SQL_BIG_RESULT",
    "SQL_CALC_FOUND_ROWS",
    "SQL_SMALL_RESULT",
    "TRAILING",
    "UTC_DATE",
    "UTC_TIME",
    "UTC_TIMESTAMP",
    "WINDOW",
};
constexpr auto kReservedPlainWords = MakeWordTable(kReservedPlainWordList);

}  // namespace

bool EqualsWord(std::string_view text, std::string_view upper) {
  if (text.size() != upper.size()) return false;
  for (size_t k = 0; k < text.size(); ++k) {
    char c = text[k];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[k]) return false;
  }
  return true;
}

bool IsReservedWord(const Token& t, std::string_view source) {
  if (t.kind != TokenKind::kIdentifier) return false;
  if (t.keyword != Keyword::kNone) return !IsNonReservedKeyword(t.keyword);
  return kReservedPlainWords.Contains(t.text(source));
}

std::optional<ast::TimeUnit> LookupTimeUnit(std::string_view word) {
  for (size_t i = 0; i < std::size(kTimeUnitNames); ++i) {
    if (EqualsWord(word, kTimeUnitNames[i])) return static_cast<ast::TimeUnit>(i);
  }
  return std::nullopt;
}

namespace ast {
std::string_view TimeUnitName(TimeUnit unit) {
  auto i = static_cast<size_t>(unit);
  return i < std::size(kTimeUnitNames) ? kTimeUnitNames[i] : std::string_view("DAY");
}
}  // namespace ast

// ---- tokens ----

void Parser::Load(const std::vector<Token>& tokens, size_t first, size_t last) {
  if (last > tokens.size()) last = tokens.size();
  if (first > last) first = last;
  // The sentinel sits where the statement ends: at the lexer's kEnd, or just
  // after the range's last token.
  uint32_t end_offset = static_cast<uint32_t>(source_.size());
  if (last < tokens.size() && tokens[last].kind == TokenKind::kEnd) {
    end_offset = tokens[last].offset;
  } else if (last > first) {
    end_offset = tokens[last - 1].offset + tokens[last - 1].length;
  } else if (first < tokens.size()) {
    end_offset = tokens[first].offset;
  }
  toks_ = TokensWithoutHints(tokens, first, last, end_offset, owned_, nullptr);
  PairParentheses();
}

// Pairs parentheses once, so "is this group a query?" is a lookup.
void Parser::PairParentheses() {
  partner_.assign(toks_.size(), kNoPartner);
  std::vector<uint32_t> open;
  open.reserve(16);
  scratch_.reserve(64);
  for (size_t i = 0; i < toks_.size(); ++i) {
    if (toks_[i].kind != TokenKind::kOperator || toks_[i].length != 1) continue;
    char c = source_[toks_[i].offset];
    if (c == '(') {
      open.push_back(static_cast<uint32_t>(i));
    } else if (c == ')' && !open.empty()) {
      partner_[open.back()] = static_cast<uint32_t>(i);
      open.pop_back();
    }
  }
}

bool Parser::ExpectKeyword(Keyword k) {
  if (AcceptKeyword(k)) return true;
  Fail();
  return false;
}

bool Parser::ExpectWord(std::string_view upper) {
  if (AcceptWord(upper)) return true;
  Fail();
  return false;
}

bool Parser::ExpectOp(std::string_view op) {
  if (AcceptOp(op)) return true;
  Fail();
  return false;
}

bool Parser::ParenHoldsQuery(size_t i) const {
  // Walk in through the run of '(' starting at i to the first other token:
  // only SELECT or WITH there can make a query. Then walk back out: each
  // enclosing group is a query only if its inner group is followed by its
  // own ')' or by what may follow a parenthesised query operand (UNION,
  // ORDER BY, ...). The opening parentheses are consecutive tokens, so the
  // walk needs no stack; it is capped, so deep nesting costs
  // O(kMaxParseDepth) per call, not O(n).
  size_t n = 0;
  while (IsOp(i + n, "(")) {
    if (++n > static_cast<size_t>(kMaxParseDepth)) return false;
  }
  size_t j = i + n;
  if (n == 0 || !(IsKeyword(j, Keyword::kSelect) || IsKeyword(j, Keyword::kWith))) return false;
  for (size_t level = n - 1; level > 0; --level) {
    uint32_t inner_close = partner_[i + level];
    uint32_t outer_close = partner_[i + level - 1];
    if (inner_close == kNoPartner || outer_close == kNoPartner) return false;
    size_t next = inner_close + 1;
    bool continues = next == outer_close || IsKeyword(next, Keyword::kUnion) ||
                     IsWord(next, "EXCEPT") || IsWord(next, "INTERSECT") ||
                     IsKeyword(next, Keyword::kOrder) || IsKeyword(next, Keyword::kLimit);
    if (!continues) return false;
  }
  return true;
}

bool Parser::IsNameToken(const Token& t) const {
  if (t.kind == TokenKind::kQuotedIdentifier) return true;
  return t.kind == TokenKind::kIdentifier && !IsReservedWord(t, source_);
}

std::nullptr_t Parser::Fail() { return FailAt(pos_); }

std::nullptr_t Parser::FailAt(size_t token_index) {
  if (!failed_) {
    failed_ = true;
    const Token& t = At(token_index);
    error_ = SyntaxErrorAt(source_, t.offset);
  }
  return nullptr;
}

std::nullptr_t Parser::FailUnsupported(std::string_view what) {
  if (!failed_) {
    failed_ = true;
    error_ = Unsupported(what).WithOffset(Peek().offset);
  }
  return nullptr;
}

// ---- names ----

ast::Identifier Parser::IdentifierOf(const Token& t) {
  ast::Identifier id;
  std::string_view text = Text(t);
  if (t.kind == TokenKind::kQuotedIdentifier && text.size() >= 2) {
    id.quoted = true;
    std::string_view body = text.substr(1, text.size() - 2);
    id.name = body.find('`') == std::string_view::npos
                  ? body
                  : arena_.CopyString(DecodeIdentifier(t, source_));
  } else if (t.kind == TokenKind::kString) {
    id.quoted = true;
    id.name = arena_.CopyString(DecodeString(text));
  } else {
    id.name = text;
  }
  return id;
}

bool Parser::ParseName(ast::Identifier* out, bool after_dot) {
  const Token& t = Peek();
  bool ok = after_dot ? (t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier)
                      : IsNameToken(t);
  if (!ok) {
    Fail();
    return false;
  }
  *out = IdentifierOf(t);
  ++pos_;
  return true;
}

bool Parser::ParseNameList(ast::NodeList<ast::Identifier>* out) {
  if (!ExpectOp("(")) return false;
  size_t mark = Mark();
  do {
    auto* id = New<ast::Identifier>();
    if (!ParseName(id)) return false;
    Push(id);
  } while (AcceptOp(","));
  if (!ExpectOp(")")) return false;
  *out = TakeList<ast::Identifier>(mark);
  return true;
}

bool Parser::ParseOptionalAlias(ast::Identifier* alias, bool allow_string) {
  bool as = AcceptKeyword(Keyword::kAs);
  const Token& t = Peek();
  if (IsNameToken(t) || (allow_string && t.kind == TokenKind::kString)) {
    *alias = IdentifierOf(t);
    ++pos_;
    return true;
  }
  if (as) {
    Fail();
    return false;
  }
  return true;
}

bool Parser::ParseTableName(ast::Identifier* schema, ast::Identifier* name) {
  if (!ParseName(name)) return false;
  if (PeekOp(".") && !PeekOp("*", 1)) {
    ++pos_;
    *schema = *name;
    if (!ParseName(name, /*after_dot=*/true)) return false;
  }
  return true;
}

// ---- statements ----

ast::Statement* Parser::ParseStatement() {
  size_t start = pos_;
  if (AtEnd() || (PeekOp(";") && Peek(1).kind == TokenKind::kEnd)) {
    failed_ = true;
    error_ = Error(ErrorCode::kEmptyQuery, "Query was empty");
    return nullptr;
  }
  const Token& first = Peek();
  ast::Statement* stmt = nullptr;
  if (first.Is(Keyword::kSelect) || first.Is(Keyword::kTable) || first.Is(Keyword::kValues) ||
      PeekOp("(")) {
    ast::Query* q = ParseQuery();
    if (q == nullptr) return nullptr;
    auto* s = New<ast::SelectStatement>();
    s->query = q;
    stmt = Finish(s, start);
  } else if (first.Is(Keyword::kWith)) {
    ast::WithClause* with = ParseWith();
    if (with == nullptr) return nullptr;
    if (PeekKeyword(Keyword::kUpdate)) {
      stmt = ParseUpdate(with, start);
    } else if (PeekKeyword(Keyword::kDelete)) {
      stmt = ParseDelete(with, start);
    } else {
      ast::Query* q = ParseQueryAfterWith(with, start);
      if (q == nullptr) return nullptr;
      auto* s = New<ast::SelectStatement>();
      s->query = q;
      stmt = Finish(s, start);
    }
  } else if (first.Is(Keyword::kInsert) || first.Is(Keyword::kReplace)) {
    stmt = ParseInsert();
  } else if (first.Is(Keyword::kUpdate)) {
    stmt = ParseUpdate(nullptr, start);
  } else if (first.Is(Keyword::kDelete)) {
    stmt = ParseDelete(nullptr, start);
  } else if (first.kind == TokenKind::kIdentifier) {
    // A statement this parser does not model: name it (two words for the
    // DDL families, "CREATE TABLE") so the caller can route it elsewhere.
    std::string what(Text(first));
    for (char& c : what) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    if ((first.Is(Keyword::kCreate) || first.Is(Keyword::kAlter) || first.Is(Keyword::kDrop) ||
         first.Is(Keyword::kShow) || first.Is(Keyword::kRename)) &&
        Peek(1).kind == TokenKind::kIdentifier) {
      what += ' ';
      for (char c : Text(Peek(1))) {
        what += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      }
    }
    return FailUnsupported(what + " in the statement parser");
  } else {
    return Fail();
  }
  if (stmt == nullptr) return nullptr;
  AcceptOp(";");
  if (!AtEnd()) return Fail();
  return stmt;
}

Result<ParsedStatement> ParseStatement(std::string_view source, const std::vector<Token>& tokens,
                                       size_t first_token, size_t last_token,
                                       const ParseOptions& options) {
  auto arena = std::make_unique<ast::AstArena>();
  Parser parser(source, *arena, options);
  parser.Load(tokens, first_token, last_token);
  ast::Statement* root = parser.ParseStatement();
  if (root == nullptr) {
    if (parser.failed()) return parser.TakeError();
    return SyntaxErrorAt(source, source.size());
  }
  int params = parser.param_count();
  return ParsedStatement(std::move(arena), root, params);
}

Result<ParsedStatement> ParseStatement(std::string_view source, const ParseOptions& options) {
  Result<std::vector<Token>> tokens = Lex(source);
  if (!tokens.ok()) return std::move(tokens).error();
  const std::vector<Token>& t = tokens.value();
  bool empty = true;
  for (const Token& tok : t) {
    if (tok.kind != TokenKind::kEnd && tok.kind != TokenKind::kHint) empty = false;
  }
  if (empty) return Error(ErrorCode::kEmptyQuery, "Query was empty");
  return ParseStatement(source, t, 0, t.size(), options);
}

}  // namespace edgesql::sql
