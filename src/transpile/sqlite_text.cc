#include "transpile/sqlite_text.h"

#include <cstring>

namespace edgesql::transpile {

namespace {

// `text` between two `quote`s, each quote inside doubled. Sized once and
// filled through a pointer: appending a character at a time costs a call per
// byte in wasm, and these run for every name and literal of every statement.
std::string Quoted(std::string_view text, char quote) {
  if (text.find(quote) == std::string_view::npos) {  // the usual case: one copy
    std::string out(text.size() + 2, quote);
    if (!text.empty()) std::memcpy(out.data() + 1, text.data(), text.size());
    return out;
  }
  size_t quotes = 0;
  for (char c : text) quotes += c == quote;
  std::string out(text.size() + quotes + 2, quote);
  char* p = out.data() + 1;
  for (char c : text) {
    *p++ = c;
    if (c == quote) *p++ = quote;
  }
  return out;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) { return Quoted(name, '"'); }

std::string QuoteName(std::string_view name) { return Quoted(name, '`'); }

std::string QuoteString(std::string_view value) {
  if (value.find('\0') != std::string_view::npos) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "CAST(X'";
    for (char c : value) {
      auto b = static_cast<unsigned char>(c);
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
    out += "' AS TEXT)";
    return out;
  }
  return Quoted(value, '\'');
}

std::string IndexName(std::string_view table, std::string_view index) {
  std::string name(table);
  name += '/';
  name += index;
  return QuoteIdentifier(name);
}

}  // namespace edgesql::transpile
