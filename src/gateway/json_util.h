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
#include "common/json_members.h"
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
