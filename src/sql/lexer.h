// Lexer: splits MySQL statement text into tokens.
//
// Follows MySQL 8.0's lexical rules (sql/sql_lex.cc): backtick identifiers with
// doubled backticks, '...' and "..." strings with backslash escapes and doubled
// quotes, hex and bit literals, identifiers that start with digits, comments
// (#, "-- ", /* */), executable version comments /*!NNNNN ... */ whose body is
// lexed as SQL when NNNNN <= kServerVersion, and optimizer-hint comments
// /*+ ... */ returned as kHint tokens. Plain comments are dropped.
//
// The lexer never reads outside the input and never crashes on any byte
// sequence; a malformed input yields ER_PARSE_ERROR with the byte offset.
#ifndef EDGESQL_SQL_LEXER_H_
#define EDGESQL_SQL_LEXER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/token.h"

namespace edgesql::sql {

// The MySQL version Edge SQL reports, as used by /*!NNNNN */ comments.
inline constexpr int kServerVersion = 80036;

// Statements longer than this are refused before lexing (SQLite on Durable
// Objects accepts at most 100 KB per statement; a batch may carry several).
inline constexpr size_t kMaxStatementBytes = 1 << 20;

// Lexes all of `source`. On success the last token is kEnd.
Result<std::vector<Token>> Lex(std::string_view source);

// Tokens [first, last) of a Lex() result without hint comments, then a kEnd
// at `end_offset`: what the analyser and the parser read. The lexer's tokens
// are used in place when the range has no hints and ends at the lexer's own
// kEnd (the usual statement); otherwise they are copied into `owned`, up to
// any kEnd inside the range. `had_hints` (may be null) says whether any were
// left out.
std::span<const Token> TokensWithoutHints(const std::vector<Token>& tokens, size_t first,
                                          size_t last, uint32_t end_offset,
                                          std::vector<Token>& owned, bool* had_hints);

// Decodes a kString token to its value: strips the quotes (and an N prefix),
// resolves backslash escapes as MySQL does (\0 \' \" \b \n \r \t \Z \\, and
// \% \_ kept with their backslash) and undoubles the quote character.
std::string DecodeString(std::string_view token_text);

// Decodes a kIdentifier or kQuotedIdentifier token to the name it denotes.
std::string DecodeIdentifier(const Token& token, std::string_view source);

// Builds MySQL's syntax error for `source` at byte `offset`:
// "You have an error in your SQL syntax; ... near '<rest>' at line N".
Error SyntaxErrorAt(std::string_view source, size_t offset);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_LEXER_H_
