// WordTable: case-insensitive lookup of a word in a fixed list of upper-case
// ASCII words, built at compile time.
//
// The lexer looks up every identifier it meets and the parser asks "is this a
// reserved word?" of every name, so a lookup is one hash of the case-folded
// word and, almost always, one probe of an open-addressing table under a
// quarter full: no binary search of string compares, no allocation.
#ifndef EDGESQL_SQL_WORD_TABLE_H_
#define EDGESQL_SQL_WORD_TABLE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace edgesql::sql {

// FNV-1a of a word with ASCII letters upper-cased, a character at a time
// (the lexer folds it in while it scans an identifier).
constexpr uint32_t kFoldedHashSeed = 2166136261u;
constexpr uint32_t FoldedHashStep(uint32_t h, char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return (h ^ static_cast<uint8_t>(c)) * 16777619u;
}
constexpr uint32_t FoldedHash(std::string_view word) {
  uint32_t h = kFoldedHashSeed;
  for (char c : word) h = FoldedHashStep(h, c);
  return h;
}

// REQUIRES: `words` are distinct and upper-case; N < 16384.
template <size_t N>
class WordTable {
 public:
  constexpr explicit WordTable(const std::array<std::string_view, N>& words) : words_(words) {
    for (size_t i = 0; i < N; ++i) {
      size_t s = FoldedHash(words_[i]) & (kSlots - 1);
      while (slots_[s] != 0) s = (s + 1) & (kSlots - 1);
      slots_[s] = static_cast<uint16_t>(i + 1);
      if (words_[i].size() > longest_) longest_ = words_[i].size();
    }
  }

  // Index of `word` (any case) in the list, or -1.
  constexpr int Find(std::string_view word) const { return Find(word, FoldedHash(word)); }
  // The same for a caller that computed FoldedHash(word) already.
  constexpr int Find(std::string_view word, uint32_t folded_hash) const {
    if (word.empty() || word.size() > longest_) return -1;
    for (size_t s = folded_hash & (kSlots - 1);; s = (s + 1) & (kSlots - 1)) {
      uint16_t slot = slots_[s];
      if (slot == 0) return -1;
      if (SameWord(word, words_[slot - 1])) return slot - 1;
    }
  }
  constexpr bool Contains(std::string_view word) const { return Find(word) >= 0; }

 private:
  static constexpr size_t SlotsFor(size_t n) {
    size_t slots = 16;
    while (slots < 4 * n) slots *= 2;
    return slots;
  }
  static constexpr size_t kSlots = SlotsFor(N);

  static constexpr bool SameWord(std::string_view word, std::string_view upper) {
    if (word.size() != upper.size()) return false;
    for (size_t i = 0; i < word.size(); ++i) {
      char c = word[i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c != upper[i]) return false;
    }
    return true;
  }

  std::array<std::string_view, N> words_;
  std::array<uint16_t, kSlots> slots_{};  // 1 + index into words_, 0 for empty
  size_t longest_ = 0;
};

// A WordTable of a plain array of words (its size deduced).
template <size_t N>
constexpr WordTable<N> MakeWordTable(const std::string_view (&words)[N]) {
  std::array<std::string_view, N> list{};
  for (size_t i = 0; i < N; ++i) list[i] = words[i];
  return WordTable<N>(list);
}

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_WORD_TABLE_H_
