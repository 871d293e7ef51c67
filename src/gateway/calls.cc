#include "gateway/calls.h"

#include "common/str_cat.h"
#include "gateway/json_writer.h"
#include "gateway/plan_contexts.h"

namespace edgesql::gateway {

std::string ShardObject(std::string_view database, std::string_view shard) {
  return StrCat({database, "/", shard});
}

std::string HomeShard(std::string_view database) { return ShardObject(database, "0"); }

std::string_view DatabaseOfShard(std::string_view object) {
  return object.substr(0, object.find('/'));
}

Json ShardCall(std::string_view shard, Json statements, Json before, bool dry_run) {
  Json call = JsonObjectOf("before", std::move(before), "lockWaitMs", kDefaultLockWaitMs, "shard",
                           shard, "statements", std::move(statements), "timeoutMs",
                           kDefaultLockWaitMs + kShardCallTimeoutMs);
  if (dry_run) call["dryRun"] = true;
  return call;
}

Json ReadCall(std::string_view shard, Json statements, Json before) {
  return JsonObjectOf("before", std::move(before), "readOnly", true, "shard", shard, "statements",
                      std::move(statements), "timeoutMs", kShardCallTimeoutMs);
}

Json KvGetCall(const std::vector<std::string>& keys) {
  return JsonObjectOf("keys", keys, "kv", "get");
}

Json KvWriteCall(Json puts, Json deletes) {
  return Json{{"kv", "write"}, {"puts", std::move(puts)}, {"deletes", std::move(deletes)}};
}

Json QueueSendCall(Json messages) {
  return Json{{"queue", "send"}, {"messages", std::move(messages)}};
}

Result<Json> ParseAnswers(std::string_view text) {
  Result<Json> parsed = ParseJson(text, "the shards' answers");
  if (!parsed.ok() || !parsed.value().is_object() || !parsed.value().contains("answers"))
    return Error(ErrorCode::kInternal, "Internal error: malformed shard answer");
  return std::move(parsed.value()["answers"]);
}

const Json& Answers(const Json& answers, size_t i) {
  static const Json* const kNone = new Json(Json::object());
  return answers.is_array() && i < answers.size() && answers[i].is_object() ? answers[i] : *kNone;
}

const Json* ErrorOf(const Json& answer) {
  if (!answer.is_object()) return nullptr;
  auto e = answer.find("error");
  return e != answer.end() && e->is_object() ? &*e : nullptr;
}

const Json& ResultsOf(const Json& answer) {
  static const Json* const kEmpty = new Json(Json::array());
  auto r = answer.is_object() ? answer.find("results") : answer.end();
  return answer.is_object() && r != answer.end() && r->is_array() ? *r : *kEmpty;
}

const Json& ResultRows(const Json& results, size_t index) {
  static const Json* const kEmpty = new Json(Json::array());
  if (!results.is_array() || index >= results.size()) return *kEmpty;
  const Json& r = results[index];
  return r.is_object() && r.contains("rows") && r["rows"].is_array() ? r["rows"] : *kEmpty;
}

Json D1BatchCall(Json statements) {
  return Json{{"d1", "batch"}, {"statements", std::move(statements)}};
}

Json ConfigGetCall(std::string_view database) { return Json{{"config", database}, {"op", "get"}}; }

Json ConfigPutCall(std::string_view database, int64_t version, std::string_view policy_json) {
  return Json{{"config", database}, {"op", "put"}, {"version", version}, {"policy", policy_json}};
}

namespace {

// The call's "batch" key (calls.h), or empty when it goes alone.
std::string BatchKey(const Json& call) {
  const Json& shard = Member(call, "shard");
  if (!shard.is_string() || !call.contains("statements") || call.contains("dryRun")) return "";
  const std::string& name = shard.get_ref<const std::string&>();
  const std::string wait = Dump(Member(call, "lockWaitMs"));
  const Json& txn = Member(call, "txn");
  const Json& op = Member(txn, "op");
  std::string key;
  if (txn.is_null()) {
    key = Member(call, "readOnly") == true ? StrCat({"read ", name})
                                           : StrCat({"write ", name, " ", wait});
  } else if (op == "commit") {
    // Each transaction commits from the connection state it began with,
    // which the shard keeps: the key holds no `before`.
    return StrCat({"commit ", name, " ", wait});
  } else if (op == "step" && Member(txn, "hold") == false) {
    // A step that holds nothing never waits for the shard, so none in a
    // batch waits behind another; one that takes the shard goes alone.
    key = StrCat({"step ", name});
  } else {
    return "";
  }
  // A batch runs in one transactionSync after one `before`: its calls set
  // the same connection state first (a read outside a transaction sets
  // none).
  for (const Json& sql : Member(call, "before")) StrAppend(key, {"\n", Dump(sql)});
  return key;
}

}  // namespace

std::string CallsText(Json calls) {
  for (Json& call : calls) {
    if (std::string key = BatchKey(call); !key.empty()) call["batch"] = std::move(key);
  }
  return Dump(calls);
}

Output CallsOutput(Json calls, Json context, const Json& background) {
  // Written as Dump would write {background, calls, context}, without
  // building that object first.
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  if (!background.is_null()) {
    w.Key("background");
    Write(w, background);
  }
  w.Key("calls");
  w.Raw(CallsText(std::move(calls)));
  w.Key("context");
  w.String(KeepContext(std::move(context)));
  w.EndObject();
  w.Finish();
  return Output{0, std::move(out)};
}

}  // namespace edgesql::gateway
