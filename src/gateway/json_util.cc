#include "gateway/json_util.h"

#include "gateway/json_writer.h"

namespace edgesql::gateway {

void Write(JsonWriter& w, const Json& v) {
  switch (v.type()) {
    case Json::value_t::object:
      w.BeginObject();
      for (const auto& [key, member] : v.items()) {
        w.EscapedKey(key);
        Write(w, member);
      }
      w.EndObject();
      return;
    case Json::value_t::array:
      w.BeginArray();
      for (const Json& element : v) Write(w, element);
      w.EndArray();
      return;
    case Json::value_t::string:
      w.String(v.get_ref<const std::string&>());
      return;
    case Json::value_t::number_integer:
      w.Int(v.get<int64_t>());
      return;
    case Json::value_t::number_unsigned:  // every non-negative integer read from JSON
      w.Unsigned(v.get<uint64_t>());
      return;
    case Json::value_t::boolean:
      w.Bool(v.get<bool>());
      return;
    case Json::value_t::null:
    case Json::value_t::discarded:
      w.Null();
      return;
    default:  // floating-point numbers, binary: nlohmann's own spelling
      w.Raw(v.dump(-1, ' ', false, Json::error_handler_t::replace));
      return;
  }
}

std::string Dump(const Json& value) {
  std::string out;
  JsonWriter w(out);
  Write(w, value);
  w.Finish();
  return out;
}

}  // namespace edgesql::gateway
