#include "sql/stored_programs.h"

#include <array>
#include <cctype>

#include "common/ascii.h"

namespace edgesql::sql {
namespace {

bool IsProgramKind(std::string_view word) {
  return EqualsIgnoreCase(word, "PROCEDURE") || EqualsIgnoreCase(word, "FUNCTION") ||
         EqualsIgnoreCase(word, "TRIGGER") || EqualsIgnoreCase(word, "EVENT");
}

}  // namespace

std::optional<std::string> StoredProgramStatement(std::string_view source,
                                                  const std::vector<Token>& tokens) {
  // Most statements are not about stored programs: their first word says so.
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kHint) continue;
    std::string_view first = t.text(source);
    if (!EqualsIgnoreCase(first, "CREATE") && !EqualsIgnoreCase(first, "DROP") &&
        !EqualsIgnoreCase(first, "ALTER") && !EqualsIgnoreCase(first, "CALL")) {
      return std::nullopt;
    }
    break;
  }
  // The first twelve words, as written (compared case-insensitively).
  std::array<std::string_view, 12> words;
  size_t count = 0;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kHint) continue;
    if (t.kind == TokenKind::kEnd || count == words.size()) break;
    words[count++] = t.text(source);
  }
  if (count == 0) return std::nullopt;
  if (EqualsIgnoreCase(words[0], "CALL")) return std::string("CALL");
  // CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] {PROCEDURE|FUNCTION|TRIGGER|EVENT}
  // The definer may be `a`@`b`, 'a'@'b', CURRENT_USER or CURRENT_USER().
  for (size_t i = 1; i < count; ++i) {
    std::string_view w = words[i];
    if (IsProgramKind(w)) return AsciiUpper(words[0]) + " " + AsciiUpper(w);
    bool skippable = EqualsIgnoreCase(w, "OR") || EqualsIgnoreCase(w, "REPLACE") ||
                     EqualsIgnoreCase(w, "DEFINER") || w == "=" || w == "@" ||
                     EqualsIgnoreCase(w, "AGGREGATE") || EqualsIgnoreCase(w, "CURRENT_USER") ||
                     w == "(" || w == ")" ||
                     (i > 1 && (words[i - 1] == "=" || words[i - 1] == "@"));
    if (!skippable && w[0] != '@') return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace edgesql::sql
