// Token: one lexeme of a MySQL statement, as a view into the source text.
//
// Tokens own nothing: `offset` and `length` index the text the lexer was
// given, which must outlive them. Decoding (unquoting strings, undoubling
// backticks) is done on demand by the helpers in lexer.h.
#ifndef EDGESQL_SQL_TOKEN_H_
#define EDGESQL_SQL_TOKEN_H_

#include <cstdint>
#include <string_view>

#include "sql/keyword.h"

namespace edgesql::sql {

enum class TokenKind : uint8_t {
  kIdentifier,        // name, or a keyword when `keyword` is set
  kQuotedIdentifier,  // `name` (doubled backticks inside)
  kString,            // 'text' or "text"; N'text' too (prefix included)
  kNumber,            // 42, 4.2, .5, 1e-3
  kHexLiteral,        // X'1F' or 0x1F
  kBitLiteral,        // B'101' or 0b101
  kPlaceholder,       // ?
  kUserVariable,      // @name, @'name', @`name`
  kSystemVariable,    // @@name, @@session.name
  kOperator,          // punctuation and operators: ( ) , ; . = <=> := -> ->> ...
  kHint,              // /*+ ... */ kept for the hint parser
  kEnd,               // end of input; always the last token
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  Keyword keyword = Keyword::kNone;  // only for kIdentifier
  uint32_t offset = 0;               // byte offset of the first character
  uint32_t length = 0;               // bytes, including quotes

  std::string_view text(std::string_view source) const { return source.substr(offset, length); }
  bool Is(Keyword k) const { return kind == TokenKind::kIdentifier && keyword == k; }
  // True for an operator token spelled exactly `op` (source needed to compare).
  bool IsOperator(std::string_view source, std::string_view op) const {
    if (kind != TokenKind::kOperator || length != op.size()) return false;
    // Parsers ask this constantly, mostly about one-character operators;
    // those compare without a call.
    if (length == 1) return source[offset] == op[0];
    return text(source) == op;
  }
};

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_TOKEN_H_
