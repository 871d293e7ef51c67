// Json: nlohmann/json as the core uses it. Include this header, never
// <nlohmann/json.hpp> directly: it declares how the core's JSON values are
// destroyed (json.cc), and every translation unit must see that
// declaration before it destroys one.
//
// Why: nlohmann destroys every array and object by moving its members into
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

#include <nlohmann/json.hpp>

namespace edgesql {
using Json = nlohmann::json;
}  // namespace edgesql

// Defined in json.cc. (An explicit specialization may name the library's
// private member: C++20, P0692.)
template <>
void nlohmann::json::json_value::destroy(nlohmann::detail::value_t t);

#endif  // EDGESQL_COMMON_JSON_H_
