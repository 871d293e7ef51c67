#include "gateway/json_writer.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <utility>

#include "common/json_escape.h"

namespace edgesql::gateway {
namespace {

// Length of the UTF-8 sequence at s[i] (a lead byte >= 0x80). Sets `valid`
// to whether it is well formed; an ill-formed one's length is its maximal
// valid prefix (at least one byte), which Unicode (and nlohmann's dump)
// replaces by a single U+FFFD. Overlong forms, surrogates and values past
// U+10FFFF are ill-formed.
size_t Utf8SequenceLength(std::string_view s, size_t i, bool& valid) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = at(i);
  size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
  valid = false;
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return 1;
  }
  for (size_t k = 1; k < n; ++k) {
    if (i + k >= s.size()) return k;
    const unsigned char c = at(i + k);
    if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) return k;
  }
  valid = true;
  return n;
}

// Bytes that stand for themselves inside a JSON string: ASCII that needs
// no escape. (A table: the loop asks for every byte.)
constexpr std::array<bool, 256> MakePlain() {
  std::array<bool, 256> plain{};
  for (int b = 0; b < 0x80; ++b) plain[b] = !JsonNeedsEscape(static_cast<unsigned char>(b));
  return plain;
}
constexpr std::array<bool, 256> kPlain = MakePlain();

// The bytes of `w` that are not plain (below 0x20, '"', '\\', 0x80 and up),
// as their high bits, by the word-at-a-time tests of "Bit Twiddling Hacks"
// (hasless, haszero). A borrow can mark bytes above a match, never below
// one, so the lowest bit set is exact: it is the first byte to escape.
constexpr uint64_t NotPlainBytes(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHigh = 0x8080808080808080;
  const uint64_t quote = w ^ (kOnes * '"');
  const uint64_t backslash = w ^ (kOnes * '\\');
  const uint64_t control = (w - kOnes * 0x20) & ~w;
  const uint64_t zero_quote = (quote - kOnes) & ~quote;
  const uint64_t zero_backslash = (backslash - kOnes) & ~backslash;
  return (w | control | zero_quote | zero_backslash) & kHigh;
}
static_assert(std::endian::native == std::endian::little, "the first byte is the lowest");

}  // namespace

void JsonWriter::Grow(size_t needed) {
  size_t capacity = capacity_ < 512 ? 1024 : 2 * capacity_;
  if (capacity < needed) capacity = needed;
  std::unique_ptr<char[]> bigger(new char[capacity]);
  if (len_ > 0) std::memcpy(bigger.get(), buf_.get(), len_);
  buf_ = std::move(bigger);
  capacity_ = capacity;
}

void JsonWriter::Int(int64_t v) {
  Number(v < 0, v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v));
}

void JsonWriter::Unsigned(uint64_t v) { Number(false, v); }

void JsonWriter::Number(bool negative, uint64_t magnitude) {
  Separate();
  char digits[24];
  char* end = digits + sizeof(digits);
  char* p = end;
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) *--p = '-';
  Append(std::string_view(p, static_cast<size_t>(end - p)));
}

void JsonWriter::AppendString(std::string_view s) {
  // Bytes go through a pointer into room sized for the worst case (six bytes
  // per input byte, \u00XX), given back once the piece is written; long
  // strings go in pieces so the room stays small.
  static constexpr size_t kPiece = 4096;
  Put('"');
  size_t i = 0;
  while (i < s.size()) {
    const size_t piece_end = s.size() - i > kPiece ? i + kPiece : s.size();
    // A UTF-8 sequence may run up to three bytes past the piece's end.
    const size_t room = 6 * (piece_end - i + 3);
    char* const begin = Room(room);
    char* p = begin;
    while (i < piece_end) {
      // Plain text is copied eight bytes at a time, up to the first byte
      // that needs more (generated SQL has a quote every few bytes).
      if (piece_end - i >= 8) {
        uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        std::memcpy(p, &w, 8);  // the room holds it; bytes past `plain` are rewritten
        const uint64_t special = NotPlainBytes(w);
        const size_t plain = special == 0 ? 8 : static_cast<size_t>(std::countr_zero(special)) / 8;
        p += plain;
        i += plain;
        if (plain == 8) continue;
      }
      const auto b = static_cast<unsigned char>(s[i]);
      if (kPlain[b]) {
        *p++ = static_cast<char>(b);
        ++i;
        continue;
      }
      if (b >= 0x80) {
        bool valid;
        size_t n = Utf8SequenceLength(s, i, valid);
        if (valid) {
          std::memcpy(p, s.data() + i, n);
          p += n;
        } else {
          std::memcpy(p, "\xEF\xBF\xBD", 3);  // U+FFFD
          p += 3;
        }
        i += n;
        continue;
      }
      p += EscapeJsonAscii(b, p);
      ++i;
    }
    len_ -= room - static_cast<size_t>(p - begin);
  }
  Put('"');
}

}  // namespace edgesql::gateway
