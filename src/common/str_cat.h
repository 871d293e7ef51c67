// StrCat and StrAppend: join pieces of text with one allocation.
//
// `a + " AS " + b` makes a temporary string per `+`, and `out += x + y`
// another before the append; the generator writes every SQLite statement
// this way, piece by piece, so those temporaries were a good part of its
// cost. These size the result once and copy each piece once (the idea of
// Abseil's StrCat).
#ifndef EDGESQL_COMMON_STR_CAT_H_
#define EDGESQL_COMMON_STR_CAT_H_

#include <initializer_list>
#include <string>
#include <string_view>

namespace edgesql {

inline void StrAppend(std::string& out, std::initializer_list<std::string_view> pieces) {
  size_t size = out.size();
  for (std::string_view p : pieces) size += p.size();
  // Geometric growth, as append's own: libc++'s reserve() grows to exactly
  // what is asked, which would make appending in a loop quadratic.
  if (size > out.capacity()) out.reserve(size > 2 * out.capacity() ? size : 2 * out.capacity());
  for (std::string_view p : pieces) out.append(p);
}

inline std::string StrCat(std::initializer_list<std::string_view> pieces) {
  std::string out;
  StrAppend(out, pieces);
  return out;
}

}  // namespace edgesql

#endif  // EDGESQL_COMMON_STR_CAT_H_
