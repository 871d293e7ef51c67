// EscapeJsonAscii: how JSON writes an ASCII byte inside a string, as both
// nlohmann's dump and MySQL's JSON do it: the quote and the backslash and
// \b \f \n \r \t take a two-character escape, other control characters
// \u00XX, everything else stands for itself. The gateway's JSON writer and
// the JSON path printer of the transpiler share it.
#ifndef EDGESQL_COMMON_JSON_ESCAPE_H_
#define EDGESQL_COMMON_JSON_ESCAPE_H_

#include <cstddef>

namespace edgesql {

// True when ASCII byte `b` needs an escape.
constexpr bool JsonNeedsEscape(unsigned char b) { return b < 0x20 || b == '"' || b == '\\'; }

// Writes the escape of `b` (REQUIRES: JsonNeedsEscape(b)) to `out`, which
// has room for six bytes; returns how many it wrote.
inline size_t EscapeJsonAscii(unsigned char b, char* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  char short_form = 0;
  switch (b) {
    case '"':
      short_form = '"';
      break;
    case '\\':
      short_form = '\\';
      break;
    case '\b':
      short_form = 'b';
      break;
    case '\f':
      short_form = 'f';
      break;
    case '\n':
      short_form = 'n';
      break;
    case '\r':
      short_form = 'r';
      break;
    case '\t':
      short_form = 't';
      break;
  }
  out[0] = '\\';
  if (short_form != 0) {
    out[1] = short_form;
    return 2;
  }
  out[1] = 'u';
  out[2] = '0';
  out[3] = '0';
  out[4] = kHex[b >> 4];
  out[5] = kHex[b & 0xF];
  return 6;
}

}  // namespace edgesql

#endif  // EDGESQL_COMMON_JSON_ESCAPE_H_
