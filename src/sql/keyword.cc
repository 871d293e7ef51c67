#include "sql/keyword.h"

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

// Lookup runs for every identifier the lexer sees, so it is one hash of the
// case-folded word and (almost always) one probe into an open-addressing
// table built at compile time, instead of a binary search of string compares.
constexpr uint32_t FoldedHash(std::string_view word) {
  uint32_t h = 2166136261u;  // FNV-1a
  for (char c : word) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
  }
  return h;
}

constexpr size_t kSlots = 1024;  // a power of two, under 1/5 full
static_assert(kCount * 5 < kSlots);

// Slot -> 1 + index into kEntries, 0 for empty.
constexpr std::array<uint16_t, kSlots> MakeSlots() {
  std::array<uint16_t, kSlots> slots{};
  for (size_t i = 0; i < kCount; ++i) {
    size_t s = FoldedHash(kEntries[i].text) & (kSlots - 1);
    while (slots[s] != 0) s = (s + 1) & (kSlots - 1);
    slots[s] = static_cast<uint16_t>(i + 1);
  }
  return slots;
}
constexpr std::array<uint16_t, kSlots> kSlotTable = MakeSlots();

// `upper` is a keywords.def spelling; `word` any case.
bool SameWord(std::string_view word, std::string_view upper) {
  if (word.size() != upper.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c != upper[i]) return false;
  }
  return true;
}

}  // namespace

Keyword LookupKeyword(std::string_view word) {
  if (word.empty() || word.size() > kMaxKeywordLength) return Keyword::kNone;
  for (size_t s = FoldedHash(word) & (kSlots - 1);; s = (s + 1) & (kSlots - 1)) {
    uint16_t slot = kSlotTable[s];
    if (slot == 0) return Keyword::kNone;
    if (SameWord(word, kEntries[slot - 1].text)) return kEntries[slot - 1].keyword;
  }
}

std::string_view KeywordText(Keyword keyword) {
  auto index = static_cast<size_t>(keyword);
  return (index == 0 || index > kCount) ? std::string_view() : kEntries[index - 1].text;
}

}  // namespace edgesql::sql
