#include "transpile/sqlite_text.h"

#include <cstring>

namespace edgesql::transpile {

namespace {

// Writes `text` between two `quote`s, each quote inside doubled, at `out`,
// which has room for QuotedSize(text, quote) bytes; returns the end.
// Names and literals are written through a pointer into a string sized
// once: appending a character at a time costs a call per byte in wasm, and
// these run for every name and literal of every statement.
size_t QuotedSize(std::string_view text, char quote) {
  size_t quotes = 0;
  if (text.find(quote) != std::string_view::npos) {
    for (char c : text) quotes += c == quote;
  }
  return text.size() + quotes + 2;
}

char* WriteQuoted(char* out, std::string_view text, char quote, size_t size) {
  *out++ = quote;
  if (size == text.size() + 2) {  // the usual case: nothing to double
    if (!text.empty()) std::memcpy(out, text.data(), text.size());
    out += text.size();
  } else {
    for (char c : text) {
      *out++ = c;
      if (c == quote) *out++ = quote;
    }
  }
  *out++ = quote;
  return out;
}

std::string Quoted(std::string_view text, char quote) {
  const size_t size = QuotedSize(text, quote);
  std::string out(size, quote);
  WriteQuoted(out.data(), text, quote, size);
  return out;
}

}  // namespace

std::string QuoteIdentifier(std::string_view name) { return Quoted(name, '"'); }

void AppendQuotedIdentifier(std::string& out, std::string_view name) {
  const size_t size = QuotedSize(name, '"');
  const size_t at = out.size();
  out.resize(at + size);  // grows geometrically, as append does
  WriteQuoted(out.data() + at, name, '"', size);
}

std::string QuoteName(std::string_view name) { return Quoted(name, '`'); }

std::string QualifiedName(std::string_view table, std::string_view column) {
  const size_t table_size = QuotedSize(table, '`');
  const size_t column_size = QuotedSize(column, '`');
  std::string out(table_size + 1 + column_size, '.');
  char* p = WriteQuoted(out.data(), table, '`', table_size);
  WriteQuoted(p + 1, column, '`', column_size);
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
  return Quoted(value, '\'');
}

std::string IndexName(std::string_view table, std::string_view index) {
  std::string name(table);
  name += '/';
  name += index;
  return QuoteIdentifier(name);
}

}  // namespace edgesql::transpile
