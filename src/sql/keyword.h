// Keyword: the words of MySQL the core recognises, as an enum built from
// keywords.def. Keyword lookup is case-insensitive and allocation-free.
#ifndef EDGESQL_SQL_KEYWORD_H_
#define EDGESQL_SQL_KEYWORD_H_

#include <cstdint>
#include <string_view>

namespace edgesql::sql {

enum class Keyword : uint16_t {
  kNone = 0,
#define EDGESQL_KEYWORD(name, text) name,
#include "sql/keywords.def"
#undef EDGESQL_KEYWORD
};

// Returns the keyword spelled by `word` (any case), or Keyword::kNone.
Keyword LookupKeyword(std::string_view word);
// The same, given FoldedHash(word) (sql/word_table.h), which the lexer
// computes while it scans.
Keyword LookupKeyword(std::string_view word, uint32_t folded_hash);

// The canonical upper-case spelling of `keyword`; "" for kNone.
std::string_view KeywordText(Keyword keyword);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_KEYWORD_H_
