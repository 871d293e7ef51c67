#include "sql/keyword.h"

#include <algorithm>
#include <array>
#include <cstddef>

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

// keywords.def is kept in alphabetical order so lookup can binary-search;
// this check makes a misplaced line a compile error instead of a lost keyword.
constexpr bool IsSorted() {
  for (size_t i = 1; i < kCount; ++i) {
    if (!(kEntries[i - 1].text < kEntries[i].text)) return false;
  }
  return true;
}
static_assert(IsSorted(), "keywords.def must stay in strict ASCII order");

constexpr size_t kMaxKeywordLength = 20;

}  // namespace

Keyword LookupKeyword(std::string_view word) {
  if (word.empty() || word.size() > kMaxKeywordLength) return Keyword::kNone;
  std::array<char, kMaxKeywordLength> upper{};
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    upper[i] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  std::string_view key(upper.data(), word.size());
  const Entry* end = kEntries + kCount;
  const Entry* it = std::lower_bound(kEntries, end, key,
                                     [](const Entry& e, std::string_view k) { return e.text < k; });
  return (it != end && it->text == key) ? it->keyword : Keyword::kNone;
}

std::string_view KeywordText(Keyword keyword) {
  auto index = static_cast<size_t>(keyword);
  return (index == 0 || index > kCount) ? std::string_view() : kEntries[index - 1].text;
}

}  // namespace edgesql::sql
