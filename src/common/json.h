// Json: the core's JSON values, nlohmann::basic_json with two changes of
// its own: objects ordered by JsonKeyLess, and values freed as json.cc
// frees them. Json is its own type, so every file that makes one sees the
// declaration of how it is freed (below); nlohmann::json is untouched.
//
// Freeing: nlohmann destroys every array and object by moving its members into
// a heap vector used as a stack and taking them off one by one, so that a
// deeply nested document cannot overflow the call stack. The core makes and
// frees a few dozen small values per statement (a request, its plan
// context, the calls, the answer's body), and that flattening was the
// largest single item of a point read's time in the core: a sixth of
// core.plan. Values are freed here by plain recursion down to
// kFlatDepth levels, and only deeper ones the library's way, so the stack
// stays bounded for any input.
#ifndef EDGESQL_COMMON_JSON_H_
#define EDGESQL_COMMON_JSON_H_

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>

namespace edgesql {

// The order of an object's member names: bytewise, exactly as std::less<>
// on std::string (so dumps, and the cache keys made of them, read as with
// nlohmann::json), but compared inline. Every lookup of a plan context's
// member compares a few names, and in wasm std::string::compare costs a
// call to it, to memcmp and, for a literal name, to strlen each time: a
// tenth of core.plan.
struct JsonKeyLess {
  using is_transparent = void;

  static bool Less(std::string_view a, std::string_view b) {
    const size_t n = a.size() < b.size() ? a.size() : b.size();
    for (size_t i = 0; i < n; ++i) {
      const auto x = static_cast<unsigned char>(a[i]);
      const auto y = static_cast<unsigned char>(b[i]);
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  }
  // A literal's length is known: no strlen per comparison.
  template <size_t N>
  static std::string_view View(const char (&s)[N]) {
    return {s, N - 1};
  }
  static std::string_view View(std::string_view s) { return s; }

  // Only names compare (nlohmann asks which types may index an object).
  template <class A, class B,
            class = std::enable_if_t<std::is_convertible_v<const A&, std::string_view> &&
                                     std::is_convertible_v<const B&, std::string_view>>>
  bool operator()(const A& a, const B& b) const {
    return Less(View(a), View(b));
  }
};

template <class Key, class Value, class IgnoredLess, class Allocator>
using JsonObject = std::map<Key, Value, JsonKeyLess, Allocator>;

using Json = nlohmann::basic_json<JsonObject>;

}  // namespace edgesql

// Defined in json.cc. (An explicit specialization may name the library's
// private member: C++20, P0692.)
template <>
void edgesql::Json::json_value::destroy(nlohmann::detail::value_t t);

#endif  // EDGESQL_COMMON_JSON_H_
