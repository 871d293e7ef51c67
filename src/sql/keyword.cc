#include "sql/keyword.h"

#include <array>
#include <cstddef>

#include "sql/word_table.h"

namespace edgesql::sql {
namespace {

struct Entry {
  std::string_view text;
  Keyword keyword;
};

constexpr Entry kEntries[] = {
#define EDGESQL_KEYWORD(name, text) {text, Keyword::name},
#include "sql/keywords.def"
#undef EDGESQL_KEYWORD
};
constexpr size_t kCount = sizeof(kEntries) / sizeof(kEntries[0]);

// keywords.def is kept in strict alphabetical order, so a word listed twice
// (which the lookup table cannot hold) or a misplaced line is a compile error.
constexpr bool IsSorted() {
  for (size_t i = 1; i < kCount; ++i) {
    if (!(kEntries[i - 1].text < kEntries[i].text)) return false;
  }
  return true;
}
static_assert(IsSorted(), "keywords.def must stay in strict ASCII order");

constexpr std::array<std::string_view, kCount> Texts() {
  std::array<std::string_view, kCount> texts{};
  for (size_t i = 0; i < kCount; ++i) texts[i] = kEntries[i].text;
  return texts;
}
constexpr WordTable<kCount> kTable(Texts());

}  // namespace

Keyword LookupKeyword(std::string_view word) { return LookupKeyword(word, FoldedHash(word)); }

Keyword LookupKeyword(std::string_view word, uint32_t folded_hash) {
  int i = kTable.Find(word, folded_hash);
  return i < 0 ? Keyword::kNone : kEntries[i].keyword;
}

std::string_view KeywordText(Keyword keyword) {
  auto index = static_cast<size_t>(keyword);
  return (index == 0 || index > kCount) ? std::string_view() : kEntries[index - 1].text;
}

}  // namespace edgesql::sql
