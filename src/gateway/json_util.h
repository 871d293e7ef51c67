// JSON helpers for the gateway, on top of nlohmann/json.
//
// The core is built without exceptions, where nlohmann/json aborts on any
// misuse (a failed parse, get<> of the wrong type). These helpers only use
// its non-throwing paths, so malformed input is an Error, never an abort.
#ifndef EDGESQL_GATEWAY_JSON_UTIL_H_
#define EDGESQL_GATEWAY_JSON_UTIL_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.h"
#include "common/json.h"
#include "common/json_reader.h"
#include "gateway/gateway.h"

namespace edgesql::gateway {

using Json = edgesql::Json;

// Parses `text`; ER_PARSE_ERROR naming `what` on malformed JSON.
inline Result<Json> ParseJson(std::string_view text, std::string_view what) {
  std::optional<Json> value = ReadJson(text);
  if (!value) return Error(ErrorCode::kParse, "Malformed JSON in " + std::string(what));
  return std::move(*value);
}

namespace json_util_internal {
inline void AddMembers(Json::object_t&) {}
template <class Value, class... Rest>
void AddMembers(Json::object_t& members, std::string_view name, Value&& value, Rest&&... rest) {
  members.emplace_hint(members.end(), std::string(name), Json(std::forward<Value>(value)));
  AddMembers(members, std::forward<Rest>(rest)...);
}
}  // namespace json_util_internal

// The object {name: value, ...} of `members` (name, value, name, value...),
// built member by member. nlohmann's initializer-list constructor, as in
// Json{{"sql", sql}, {"params", params}}, first makes each pair a
// two-element array, with its name as a string of its own, and only then
// moves them into the object: three allocations per member where one does.
// A plan builds a few dozen such members per statement. Names in order
// (bytewise) go in without a search.
template <class... Members>
Json JsonObjectOf(Members&&... members) {
  static_assert(sizeof...(Members) % 2 == 0, "name, value pairs");
  Json object(Json::value_t::object);
  json_util_internal::AddMembers(object.get_ref<Json::object_t&>(),
                                 std::forward<Members>(members)...);
  return object;
}

// Member `key` of `object`, or nullptr when `object` is not an object or
// lacks it: a lookup in the object's own map. nlohmann's find(), contains()
// and value() each build two of its generic iterators (any of object, array
// or scalar) to look one member up, and the finish of a point read, which
// reads a few dozen members of its plan's context, spent a sixth of its
// time in them. Has, IntOr, BoolOr, StringOr and Member look up here.
inline const Json* Find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto& members = object.get_ref<const Json::object_t&>();
  auto it = members.find(key);
  return it == members.end() ? nullptr : &it->second;
}

inline bool Has(const Json& object, std::string_view key) { return Find(object, key) != nullptr; }

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

// Member `key` of `object` by reference, where nlohmann's value() copies
// it: a null value (which iterates as empty and has size 0) when `object`
// is not an object or lacks it. The read path looks up a plan context's
// members a few dozen times per statement, and the copies were a tenth of
// a point read's time in the core.
inline const Json& Member(const Json& object, std::string_view key) {
  static const Json* const kNull = new Json();
  const Json* m = Find(object, key);
  return m == nullptr ? *kNull : *m;
}

// A string member by reference, or `fallback`.
inline std::string_view StringOr(const Json& object, std::string_view key,
                                 std::string_view fallback = "") {
  const Json& m = Member(object, key);
  return m.is_string() ? std::string_view(m.get_ref<const std::string&>()) : fallback;
}

// Serialises without throwing: invalid UTF-8 is replaced, not fatal. The
// same text as nlohmann's dump, written by JsonWriter: every plan, context
// and answer goes through here, and nlohmann's escaping of strings (a plan
// holds its context as one) was a quarter of a plan's time.
std::string Dump(const Json& value);

class JsonWriter;
// Dump's text of `value`, written by `w` as its next value.
void Write(JsonWriter& w, const Json& value);

// {"error": {errno, code, sqlState, message}}: MySQL's error, as the API sends it.
inline Json ErrorBody(const Error& error) {
  const ErrorInfo& info = error.info();
  return JsonObjectOf("error", JsonObjectOf("code", info.symbol, "errno", error.errnum(), "message",
                                            error.message(), "sqlState", info.sql_state));
}

// The one way a failure leaves the core: MySQL's error as the API sends it,
// with the HTTP status its errno maps to.
inline Output ErrorOutput(const Error& error) {
  return Output{error.info().http_status, Dump(ErrorBody(error))};
}

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_JSON_UTIL_H_
