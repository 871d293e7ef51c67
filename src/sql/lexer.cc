#include "sql/lexer.h"

#include <array>
#include <cstdint>

#include "sql/word_table.h"

namespace edgesql::sql {
namespace {

// Character classes. A 256-entry table answers "what can this byte start?"
// in one load, which keeps the hot loop free of long if-chains (the same
// choice SQLite's tokenizer makes with aiClass[]).
enum CharClass : uint8_t {
  kSpace,
  kIdentStart,  // letters, _, $ and every byte >= 0x80 (UTF-8 identifiers)
  kDigit,
  kQuote,  // ' and "
  kBacktick,
  kOther,    // punctuation and operators
  kIllegal,  // control characters that MySQL rejects outside strings
};

constexpr std::array<CharClass, 256> MakeClassTable() {
  std::array<CharClass, 256> t{};
  for (int c = 0; c < 256; ++c) {
    CharClass k = kIllegal;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      k = kSpace;
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
               c >= 0x80) {
      k = kIdentStart;
    } else if (c >= '0' && c <= '9') {
      k = kDigit;
    } else if (c == '\'' || c == '"') {
      k = kQuote;
    } else if (c == '`') {
      k = kBacktick;
    } else if (c > 0x20 && c < 0x7f) {
      k = kOther;
    }
    t[static_cast<size_t>(c)] = k;
  }
  return t;
}
constexpr std::array<CharClass, 256> kClass = MakeClassTable();

CharClass ClassOf(char c) { return kClass[static_cast<uint8_t>(c)]; }
bool IsIdentChar(char c) {
  CharClass k = ClassOf(c);
  return k == kIdentStart || k == kDigit;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The length of the operator that starts with c, next, after: MySQL's
// multi-character operators are <=> ->> <= >= <> != := -> << >> && ||, and
// the longest match wins.
size_t OperatorLength(char c, char next, char after) {
  switch (c) {
    case '<':
      if (next == '=') return after == '>' ? 3 : 2;
      return next == '>' || next == '<' ? 2 : 1;
    case '-':
      if (next == '>') return after == '>' ? 3 : 2;
      return 1;
    case '>':
      return next == '=' || next == '>' ? 2 : 1;
    case '!':
    case ':':
      return next == '=' ? 2 : 1;
    case '&':
    case '|':
      return next == c ? 2 : 1;
    default:
      return 1;
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  Result<std::vector<Token>> Run() {
    if (src_.size() > kMaxStatementBytes) {
      return Error(ErrorCode::kNetPacketTooLarge,
                   "Got a packet bigger than 'max_allowed_packet' bytes");
    }
    std::vector<Token> tokens;
    tokens.reserve(src_.size() / 4 + 2);
    while (true) {
      Status s = SkipSpaceAndComments(tokens);
      if (!s.ok()) return std::move(s).error();
      if (pos_ >= src_.size()) break;
      Token t = Next();
      if (failed_at_ != kNoFailure) return SyntaxErrorAt(src_, failed_at_);
      tokens.push_back(t);
    }
    if (in_version_comment_) return Fail(version_comment_start_);
    tokens.push_back(Token{TokenKind::kEnd, Keyword::kNone, static_cast<uint32_t>(src_.size()), 0});
    return tokens;
  }

 private:
  char At(size_t i) const { return i < src_.size() ? src_[i] : '\0'; }
  bool HasAt(size_t i) const { return i < src_.size(); }

  Error Fail(size_t offset) const { return SyntaxErrorAt(src_, offset); }
  // A token scanner's failure: recorded for Run() to report, so the per-token
  // path returns a plain Token rather than a Result.
  Token Reject(size_t offset) {
    if (failed_at_ == kNoFailure) failed_at_ = offset;
    return Token{};
  }

  Token Make(TokenKind kind, size_t start) const {
    return Token{kind, Keyword::kNone, static_cast<uint32_t>(start),
                 static_cast<uint32_t>(pos_ - start)};
  }

  // Skips whitespace and comments; emits kHint tokens for /*+ ... */ and
  // enters or leaves executable /*! ... */ comments.
  Status SkipSpaceAndComments(std::vector<Token>& tokens) {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (ClassOf(c) == kSpace) {
        ++pos_;
      } else if (c == '#') {
        SkipLine();
      } else if (c == '-' && At(pos_ + 1) == '-' &&
                 (!HasAt(pos_ + 2) || ClassOf(At(pos_ + 2)) == kSpace ||
                  static_cast<uint8_t>(At(pos_ + 2)) < 0x20)) {
        // MySQL needs a space or control character after "--" ("1--1" is 1 - -1).
        SkipLine();
      } else if (c == '*' && At(pos_ + 1) == '/' && in_version_comment_) {
        in_version_comment_ = false;
        pos_ += 2;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        Status s = BlockComment(tokens);
        if (!s.ok()) return s;
      } else {
        break;
      }
    }
    return Status::Ok();
  }

  void SkipLine() {
    while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
  }

  Status BlockComment(std::vector<Token>& tokens) {
    size_t start = pos_;
    char third = At(pos_ + 2);
    if (third == '!' && !in_version_comment_) {
      // /*!NNNNN body */ (or /*! body */): MySQL runs the body when the server
      // is at least version NNNNN; otherwise the whole thing is a comment.
      size_t p = pos_ + 3;
      size_t digits_start = p;
      int version = 0;
      while (p < src_.size() && IsDigit(src_[p]) && p - digits_start < 6) {
        version = version * 10 + (src_[p] - '0');
        ++p;
      }
      size_t digits = p - digits_start;
      if (digits == 0 || ((digits == 5 || digits == 6) && version <= kServerVersion)) {
        in_version_comment_ = true;
        version_comment_start_ = start;
        pos_ = p;
        return Status::Ok();
      }
    }
    size_t close = src_.find("*/", pos_ + 2);
    if (close == std::string_view::npos) return Fail(start);
    pos_ = close + 2;
    if (third == '+') {
      tokens.push_back(Make(TokenKind::kHint, start));
    }
    return Status::Ok();
  }

  Token Next() {
    size_t start = pos_;
    char c = src_[pos_];
    switch (ClassOf(c)) {
      case kIdentStart:
        return IdentifierOrPrefixedLiteral(start);
      case kDigit:
        return NumberOrIdentifier(start);
      case kQuote:
        return QuotedString(start, c);
      case kBacktick:
        return Backticked(start, TokenKind::kQuotedIdentifier);
      case kOther:
        return Punctuation(start);
      case kSpace:
      case kIllegal:
        break;
    }
    return Reject(start);
  }

  Token IdentifierOrPrefixedLiteral(size_t start) {
    char c = src_[pos_];
    char next = At(pos_ + 1);
    if (next == '\'') {
      if (c == 'x' || c == 'X') return QuotedDigits(start, TokenKind::kHexLiteral, IsHexDigit);
      if (c == 'b' || c == 'B') {
        return QuotedDigits(start, TokenKind::kBitLiteral,
                            [](char d) { return d == '0' || d == '1'; });
      }
      if (c == 'n' || c == 'N') {
        ++pos_;
        return QuotedString(start, '\'');
      }
    }
    uint32_t hash = kFoldedHashSeed;
    while (pos_ < src_.size() && IsIdentChar(src_[pos_])) hash = FoldedHashStep(hash, src_[pos_++]);
    Token t = Make(TokenKind::kIdentifier, start);
    t.keyword = LookupKeyword(t.text(src_), hash);
    return t;
  }

  // X'0A1F' and B'0101': an even number of hex digits, or bits, then a quote.
  template <typename DigitPred>
  Token QuotedDigits(size_t start, TokenKind kind, DigitPred is_digit) {
    pos_ += 2;
    size_t digits_start = pos_;
    while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
    if (At(pos_) != '\'') return Reject(start);
    if (kind == TokenKind::kHexLiteral && (pos_ - digits_start) % 2 != 0) return Reject(start);
    ++pos_;
    return Make(kind, start);
  }

  Token NumberOrIdentifier(size_t start) {
    // 0x1F and 0b101 are literals only when followed by no other identifier
    // character; otherwise (0x1G, 0b12) MySQL reads an identifier.
    if (src_[pos_] == '0' && (At(pos_ + 1) == 'x' || At(pos_ + 1) == 'b')) {
      bool hex = At(pos_ + 1) == 'x';
      size_t p = pos_ + 2;
      while (p < src_.size() && (hex ? IsHexDigit(src_[p]) : (src_[p] == '0' || src_[p] == '1')))
        ++p;
      if (p > pos_ + 2 && !(p < src_.size() && IsIdentChar(src_[p]))) {
        pos_ = p;
        return Make(hex ? TokenKind::kHexLiteral : TokenKind::kBitLiteral, start);
      }
    }
    while (pos_ < src_.size() && IsDigit(src_[pos_])) ++pos_;
    bool fraction = false;
    if (At(pos_) == '.') {
      fraction = true;
      ++pos_;
      while (pos_ < src_.size() && IsDigit(src_[pos_])) ++pos_;
    }
    if (LexExponent()) return Make(TokenKind::kNumber, start);
    if (!fraction && pos_ < src_.size() && IsIdentChar(src_[pos_])) {
      // "123abc" is an identifier in MySQL, as is "1e" without exponent digits.
      while (pos_ < src_.size() && IsIdentChar(src_[pos_])) ++pos_;
      Token t = Make(TokenKind::kIdentifier, start);
      t.keyword = LookupKeyword(t.text(src_));
      return t;
    }
    return Make(TokenKind::kNumber, start);
  }

  // Consumes e[+-]digits at pos_ if present; returns whether it did.
  bool LexExponent() {
    if (At(pos_) != 'e' && At(pos_) != 'E') return false;
    size_t p = pos_ + 1;
    if (At(p) == '+' || At(p) == '-') ++p;
    if (!IsDigit(At(p))) return false;
    while (p < src_.size() && IsDigit(src_[p])) ++p;
    if (p < src_.size() && IsIdentChar(src_[p])) return false;
    pos_ = p;
    return true;
  }

  Token QuotedString(size_t start, char quote) {
    ++pos_;  // opening quote
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '\\') {
        pos_ += 2;  // the escaped byte, whatever it is
      } else if (c == quote) {
        if (At(pos_ + 1) == quote) {
          pos_ += 2;  // doubled quote stands for one
        } else {
          ++pos_;
          return Make(TokenKind::kString, start);
        }
      } else {
        ++pos_;
      }
    }
    return Reject(start);
  }

  Token Backticked(size_t start, TokenKind kind) {
    ++pos_;
    while (pos_ < src_.size()) {
      if (src_[pos_] == '`') {
        if (At(pos_ + 1) == '`') {
          pos_ += 2;
          continue;
        }
        ++pos_;
        if (pos_ - start == 2) return Reject(start);  // `` is not a name
        return Make(kind, start);
      }
      ++pos_;
    }
    return Reject(start);
  }

  Token Punctuation(size_t start) {
    char c = src_[pos_];
    if (c == '?') {
      ++pos_;
      return Make(TokenKind::kPlaceholder, start);
    }
    if (c == '.' && IsDigit(At(pos_ + 1))) {
      ++pos_;
      while (pos_ < src_.size() && IsDigit(src_[pos_])) ++pos_;
      LexExponent();
      return Make(TokenKind::kNumber, start);
    }
    if (c == '@') return Variable(start);
    pos_ += OperatorLength(c, At(pos_ + 1), At(pos_ + 2));
    return Make(TokenKind::kOperator, start);
  }

  Token Variable(size_t start) {
    ++pos_;
    if (At(pos_) == '@') {
      ++pos_;
      // @@name, @@session.name, @@global.name
      size_t name_start = pos_;
      while (pos_ < src_.size() && (IsIdentChar(src_[pos_]) || src_[pos_] == '.')) ++pos_;
      if (pos_ == name_start) return Reject(start);
      return Make(TokenKind::kSystemVariable, start);
    }
    char c = At(pos_);
    if (c == '\'' || c == '"') {
      QuotedString(pos_, c);
      if (failed_at_ != kNoFailure) {
        failed_at_ = kNoFailure;  // reported at the '@' instead
        return Reject(start);
      }
    } else if (c == '`') {
      Backticked(pos_, TokenKind::kQuotedIdentifier);
      if (failed_at_ != kNoFailure) {
        failed_at_ = kNoFailure;  // reported at the '@' instead
        return Reject(start);
      }
    } else {
      size_t name_start = pos_;
      while (pos_ < src_.size() && (IsIdentChar(src_[pos_]) || src_[pos_] == '.')) ++pos_;
      if (pos_ == name_start) return Reject(start);
    }
    return Make(TokenKind::kUserVariable, start);
  }

  static constexpr size_t kNoFailure = SIZE_MAX;

  std::string_view src_;
  size_t pos_ = 0;
  size_t failed_at_ = kNoFailure;
  bool in_version_comment_ = false;
  size_t version_comment_start_ = 0;
};

}  // namespace

Result<std::vector<Token>> Lex(std::string_view source) { return Lexer(source).Run(); }

std::span<const Token> TokensWithoutHints(const std::vector<Token>& tokens, size_t first,
                                          size_t last, uint32_t end_offset,
                                          std::vector<Token>& owned, bool* had_hints) {
  bool hints = false;
  bool in_place = last < tokens.size() && tokens[last].kind == TokenKind::kEnd;
  for (size_t i = first; in_place && i < last; ++i) in_place = tokens[i].kind != TokenKind::kHint;
  if (in_place) {
    if (had_hints != nullptr) *had_hints = false;
    return std::span<const Token>(tokens.data() + first, last - first + 1);
  }
  owned.clear();
  owned.reserve(last - first + 1);
  for (size_t i = first; i < last && tokens[i].kind != TokenKind::kEnd; ++i) {
    if (tokens[i].kind == TokenKind::kHint) {
      hints = true;
    } else {
      owned.push_back(tokens[i]);
    }
  }
  owned.push_back(Token{TokenKind::kEnd, Keyword::kNone, end_offset, 0});
  if (had_hints != nullptr) *had_hints = hints;
  return owned;
}

std::string DecodeString(std::string_view text) {
  if (!text.empty() && (text[0] == 'n' || text[0] == 'N')) text.remove_prefix(1);
  if (text.size() < 2) return std::string();
  char quote = text[0];
  std::string_view body = text.substr(1, text.size() - 2);
  // Most literals hold neither escapes nor doubled quotes: one copy does.
  if (body.find('\\') == std::string_view::npos && body.find(quote) == std::string_view::npos) {
    return std::string(body);
  }
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c == '\\' && i + 1 < body.size()) {
      char e = body[++i];
      switch (e) {
        case '0':
          out += '\0';
          break;
        case 'b':
          out += '\b';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'Z':
          out += '\x1a';
          break;
        // \% and \_ keep their backslash so LIKE patterns stay literal.
        case '%':
          out += "\\%";
          break;
        case '_':
          out += "\\_";
          break;
        default:
          out += e;
          break;
      }
    } else if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
      out += quote;
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

std::string DecodeIdentifier(const Token& token, std::string_view source) {
  std::string_view text = token.text(source);
  if (token.kind != TokenKind::kQuotedIdentifier || text.size() < 2) return std::string(text);
  std::string_view body = text.substr(1, text.size() - 2);
  if (body.find('`') == std::string_view::npos) return std::string(body);
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    out += body[i];
    if (body[i] == '`' && i + 1 < body.size() && body[i + 1] == '`') ++i;
  }
  return out;
}

Error SyntaxErrorAt(std::string_view source, size_t offset) {
  if (offset > source.size()) offset = source.size();
  int line = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (source[i] == '\n') ++line;
  }
  // MySQL quotes up to 80 characters of what follows the error.
  std::string_view rest = source.substr(offset, 80);
  return Error(ErrorCode::kParse,
               "You have an error in your SQL syntax; check the manual that corresponds to your "
               "MySQL server version for the right syntax to use near '" +
                   std::string(rest) + "' at line " + std::to_string(line))
      .WithOffset(static_cast<int64_t>(offset));
}

}  // namespace edgesql::sql
