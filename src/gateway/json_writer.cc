#include "gateway/json_writer.h"

#include <array>

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

// Bytes that stand for themselves inside a JSON string: printable ASCII but
// the quote and the backslash.
constexpr std::array<bool, 256> MakePlain() {
  std::array<bool, 256> plain{};
  for (int b = 0x20; b < 0x80; ++b) plain[b] = b != '"' && b != '\\';
  return plain;
}
constexpr std::array<bool, 256> kPlain = MakePlain();

}  // namespace

void JsonWriter::Int(int64_t v) {
  Separate();
  char digits[24];
  char* end = digits + sizeof(digits);
  char* p = end;
  uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (v < 0) *--p = '-';
  Append(std::string_view(p, static_cast<size_t>(end - p)));
}

void JsonWriter::AppendString(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  Put('"');
  size_t i = 0;
  while (i < s.size()) {
    // Copy the longest run that needs no escaping in one go.
    size_t run = i;
    while (run < s.size() && kPlain[static_cast<unsigned char>(s[run])]) ++run;
    Append(s.substr(i, run - i));
    i = run;
    if (i == s.size()) break;
    const auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0x80) {
      bool valid;
      size_t n = Utf8SequenceLength(s, i, valid);
      Append(valid ? s.substr(i, n) : std::string_view("\xEF\xBF\xBD"));  // U+FFFD
      i += n;
      continue;
    }
    switch (b) {
      case '"':
        Append("\\\"");
        break;
      case '\\':
        Append("\\\\");
        break;
      case '\b':
        Append("\\b");
        break;
      case '\f':
        Append("\\f");
        break;
      case '\n':
        Append("\\n");
        break;
      case '\r':
        Append("\\r");
        break;
      case '\t':
        Append("\\t");
        break;
      default: {
        char escape[] = {'\\', 'u', '0', '0', kHex[b >> 4], kHex[b & 0xF]};
        Append(std::string_view(escape, sizeof(escape)));
        break;
      }
    }
    ++i;
  }
  Put('"');
}

}  // namespace edgesql::gateway
