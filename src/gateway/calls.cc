#include "gateway/calls.h"

#include "common/str_cat.h"

namespace edgesql::gateway {

std::string ShardObject(std::string_view database, std::string_view shard) {
  return StrCat({database, "/", shard});
}

std::string HomeShard(std::string_view database) { return ShardObject(database, "0"); }

Json ShardCall(std::string_view shard, Json statements, Json before, bool dry_run) {
  Json call{{"shard", shard},
            {"before", std::move(before)},
            {"statements", std::move(statements)},
            {"lockWaitMs", kDefaultLockWaitMs},
            {"timeoutMs", kDefaultLockWaitMs + kShardCallTimeoutMs}};
  if (dry_run) call["dryRun"] = true;
  return call;
}

Json ReadCall(std::string_view shard, Json statements, Json before) {
  return Json{{"shard", shard},
              {"before", std::move(before)},
              {"statements", std::move(statements)},
              {"readOnly", true},
              {"timeoutMs", kShardCallTimeoutMs}};
}

Json KvGetCall(const std::vector<std::string>& keys) { return Json{{"kv", "get"}, {"keys", keys}}; }

Json KvWriteCall(Json puts, Json deletes) {
  return Json{{"kv", "write"}, {"puts", std::move(puts)}, {"deletes", std::move(deletes)}};
}

Json QueueSendCall(Json messages) {
  return Json{{"queue", "send"}, {"messages", std::move(messages)}};
}

const Json* AnswerError(const Json& answer) {
  if (!answer.is_object()) return &answer;
  auto e = answer.find("error");
  return e == answer.end() ? nullptr : &*e;
}

const Json& AnswerRows(const Json& answer, size_t result) {
  static const Json* const kNone = new Json(Json::array());
  auto results = answer.is_object() ? answer.find("results") : answer.end();
  if (results == answer.end() || !results->is_array() || result >= results->size() ||
      !(*results)[result].is_object())
    return *kNone;
  auto rows = (*results)[result].find("rows");
  return rows != (*results)[result].end() && rows->is_array() ? *rows : *kNone;
}

Json D1BatchCall(Json statements) {
  return Json{{"d1", "batch"}, {"statements", std::move(statements)}};
}

Json ConfigGetCall(std::string_view database) { return Json{{"config", database}, {"op", "get"}}; }

Json ConfigPutCall(std::string_view database, int64_t version, std::string_view policy_json) {
  return Json{{"config", database}, {"op", "put"}, {"version", version}, {"policy", policy_json}};
}

Output CallsOutput(Json calls, const Json& context, const Json& background) {
  Json plan{{"calls", std::move(calls)}, {"context", Dump(context)}};
  if (!background.is_null()) plan["background"] = background;
  return Output{0, Dump(plan)};
}

}  // namespace edgesql::gateway
