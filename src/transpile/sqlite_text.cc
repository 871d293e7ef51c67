#include "transpile/sqlite_text.h"

namespace edgesql::transpile {

std::string QuoteIdentifier(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '"';
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string QuoteName(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 2);
  out += '`';
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  out += '`';
  return out;
}

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
  std::string out;
  out.reserve(value.size() + 2);
  out += '\'';
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string IndexName(std::string_view table, std::string_view index) {
  std::string name(table);
  name += '/';
  name += index;
  return QuoteIdentifier(name);
}

}  // namespace edgesql::transpile
