// Reading a Json object's members: the core's contexts, answers and cache
// entries are objects it wrote itself, read member by member.
//
// Each looks the member up in the object's own members (json_object.h).
// nlohmann's find(), contains() and value() build two of its generic
// iterators (any of object, array or scalar) for one lookup, value()
// copies what it returns, and both abort on a member of another type,
// where these give the fallback.
#ifndef EDGESQL_COMMON_JSON_MEMBERS_H_
#define EDGESQL_COMMON_JSON_MEMBERS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "common/json.h"

namespace edgesql {

// Member `key` of `object`, or nullptr when `object` is not an object or
// lacks it.
inline const Json* Find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto& members = object.get_ref<const Json::object_t&>();
  auto it = members.find(key);
  return it == members.end() ? nullptr : &it->second;
}

inline bool Has(const Json& object, std::string_view key) { return Find(object, key) != nullptr; }

// Member `key` by reference: a null value (which iterates as empty and has
// size 0) when there is none. The read path looks up a plan context's
// members a few dozen times per statement, and value()'s copies were a
// tenth of a point read's time in the core.
inline const Json& Member(const Json& object, std::string_view key) {
  static const Json* const kNull = new Json();
  const Json* m = Find(object, key);
  return m == nullptr ? *kNull : *m;
}

// An integer member, or `fallback` (also when it is of another type).
inline int64_t IntOr(const Json& object, std::string_view key, int64_t fallback = 0) {
  const Json* m = Find(object, key);
  return m != nullptr && m->is_number_integer() ? m->get<int64_t>() : fallback;
}

// A boolean member, or `fallback` (also when it is of another type).
inline bool BoolOr(const Json& object, std::string_view key, bool fallback = false) {
  const Json* m = Find(object, key);
  return m != nullptr && m->is_boolean() ? m->get<bool>() : fallback;
}

// A string member by reference, or `fallback` (also when it is of another type).
inline std::string_view StringOr(const Json& object, std::string_view key,
                                 std::string_view fallback = "") {
  const Json* m = Find(object, key);
  return m != nullptr && m->is_string() ? std::string_view(m->get_ref<const std::string&>())
                                        : fallback;
}

}  // namespace edgesql

#endif  // EDGESQL_COMMON_JSON_MEMBERS_H_
