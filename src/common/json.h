// Json: the core's JSON values, nlohmann::basic_json with two changes of
// its own: objects kept as JsonObject keeps them (json_object.h: one sorted
// block, not a tree), and values freed as json.cc frees them. Json is its
// own type, so every file that makes one sees the declaration of how it is
// freed (below); nlohmann::json is untouched.
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
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <type_traits>

#include "common/json_object.h"

namespace edgesql {

using Json = nlohmann::basic_json<JsonObject>;

}  // namespace edgesql

// Defined in json.cc. (An explicit specialization may name the library's
// private member: C++20, P0692.)
template <>
void edgesql::Json::json_value::destroy(nlohmann::detail::value_t t);

#endif  // EDGESQL_COMMON_JSON_H_
