#include "sql/stored_programs.h"

#include <cctype>

#include "common/ascii.h"

namespace edgesql::sql {
namespace {

bool IsProgramKind(const std::string& word) {
  return word == "PROCEDURE" || word == "FUNCTION" || word == "TRIGGER" || word == "EVENT";
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
  std::vector<std::string> words;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kHint) continue;
    if (t.kind == TokenKind::kEnd || words.size() == 12) break;
    words.push_back(t.kind == TokenKind::kIdentifier ? AsciiUpper(t.text(source))
                                                     : std::string(t.text(source)));
  }
  if (words.empty()) return std::nullopt;
  if (words[0] == "CALL") return std::string("CALL");
  if (words[0] != "CREATE" && words[0] != "DROP" && words[0] != "ALTER") return std::nullopt;
  // CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE] {PROCEDURE|FUNCTION|TRIGGER|EVENT}
  // The definer may be `a`@`b`, 'a'@'b', CURRENT_USER or CURRENT_USER().
  for (size_t i = 1; i < words.size(); ++i) {
    if (IsProgramKind(words[i])) return words[0] + " " + words[i];
    const std::string& w = words[i];
    bool skippable = w == "OR" || w == "REPLACE" || w == "DEFINER" || w == "=" || w == "@" ||
                     w == "AGGREGATE" || w == "CURRENT_USER" || w == "(" || w == ")" ||
                     (i > 1 && (words[i - 1] == "=" || words[i - 1] == "@"));
    if (!skippable && w[0] != '@') return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace edgesql::sql
