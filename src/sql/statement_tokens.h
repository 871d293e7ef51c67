// StatementTokens: one statement's tokens, prepared for the analyser.
//
// Hint comments are left out (they are parsed separately), a kEnd sentinel
// closes the list, and every parenthesis knows its partner and every token
// its enclosing '(' — so the analyser skips a nested group in O(1) and never
// recurses over nesting. at(i) clamps to the sentinel: reading past the end is
// always safe and always sees kEnd, which is what makes every scan terminate.
// Internal to src/sql; built by the analyser, read by its helpers.
#ifndef EDGESQL_SQL_STATEMENT_TOKENS_H_
#define EDGESQL_SQL_STATEMENT_TOKENS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sql/token.h"

namespace edgesql::sql {

class StatementTokens {
 public:
  static constexpr uint32_t kNoParen = UINT32_MAX;

  // What the analyser knows of each token besides the token itself.
  struct Links {
    int param_index;     // absolute index of a '?', else -1
    uint32_t partner;    // '(' <-> ')'; kNoParen otherwise
    uint32_t enclosing;  // index of the enclosing '(', or kNoParen
  };

  StatementTokens() = default;
  // Moves keep `tokens` valid (a vector's buffer moves with it); a copy
  // would point into its original, so there is none.
  StatementTokens(StatementTokens&&) = default;
  StatementTokens& operator=(StatementTokens&&) = default;
  StatementTokens(const StatementTokens&) = delete;
  StatementTokens& operator=(const StatementTokens&) = delete;

  std::string_view source;
  // Without hints, then one kEnd: the lexer's own tokens read in place when
  // the statement has no hints and runs to the end of the input, otherwise
  // owned_tokens.
  std::span<const Token> tokens;
  std::vector<Token> owned_tokens;
  std::vector<Links> links;  // one per token of `tokens`
  // What the analyser would otherwise scan every token again to learn.
  int params = 0;                  // number of '?'
  bool has_hints = false;          // /*+ ... */ comments were left out
  bool has_with = false;           // a WITH anywhere (common table expressions)
  bool has_set_operation = false;  // a UNION, EXCEPT or INTERSECT anywhere

  // Number of real tokens (the sentinel excluded).
  size_t size() const { return tokens.empty() ? 0 : tokens.size() - 1; }
  const Token& at(size_t i) const { return i < tokens.size() ? tokens[i] : tokens.back(); }
  bool AtEnd(size_t i) const { return i >= size(); }

  bool Is(size_t i, Keyword k) const { return at(i).Is(k); }
  bool IsOp(size_t i, std::string_view op) const { return at(i).IsOperator(source, op); }
  bool IsOpen(size_t i) const { return IsOp(i, "("); }
  bool IsClose(size_t i) const { return IsOp(i, ")"); }
  // A plain (non-keyword or keyword) word spelled `upper` in any case; for
  // words keywords.def does not list (WINDOW, PARTITION, ...).
  bool IsWord(size_t i, std::string_view upper) const {
    const Token& t = at(i);
    if (t.kind != TokenKind::kIdentifier || t.length != upper.size()) return false;
    std::string_view text = t.text(source);
    for (size_t k = 0; k < text.size(); ++k) {
      char c = text[k];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c != upper[k]) return false;
    }
    return true;
  }
  // Index after the token at i, jumping over a whole group when it is '('.
  size_t Skip(size_t i) const {
    if (i < size() && IsOpen(i) && links[i].partner != kNoParen) return links[i].partner + 1;
    return i + 1;
  }
  std::string_view Text(size_t i) const { return at(i).text(source); }
  // Source text from the start of token a to the end of token b - 1.
  std::string_view TextRange(size_t a, size_t b) const {
    if (a >= b || a >= size()) return std::string_view();
    if (b > size()) b = size();
    const Token& last = tokens[b - 1];
    return source.substr(tokens[a].offset, last.offset + last.length - tokens[a].offset);
  }
};

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_STATEMENT_TOKENS_H_
