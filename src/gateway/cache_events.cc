#include "gateway/cache_events.h"

#include <map>
#include <set>

#include "cache/entries.h"
#include "cache/mirror.h"
#include "gateway/calls.h"
#include "gateway/metrics.h"
#include "gateway/shard_statements.h"

namespace edgesql::gateway {
namespace {

// KV keys one batch reads (and at most writes): Workers allow 1000 KV
// operations per invocation.
constexpr size_t kMaxKeys = 400;
// Prewarmed reads one batch runs again on the shards.
constexpr size_t kMaxRefreshes = 50;

Output FinishRefills(const Json& ctx, const Json& answers);

Output Retry(Json indices) { return Output{200, Dump(Json{{"retry", std::move(indices)}})}; }

Json AllIndices(size_t n) {
  Json all = Json::array();
  for (size_t i = 0; i < n; ++i) all.push_back(i);
  return all;
}

const Json* CallError(const Json& answers) {
  if (!answers.is_array() || answers.empty() || !answers[0].is_object()) return &answers;
  auto e = answers[0].find("error");
  return e == answers[0].end() ? nullptr : &*e;
}

}  // namespace

Result<QueueBatch> ParseQueueBatch(std::string_view messages_json, std::string_view clock_json) {
  Result<Json> messages = ParseJson(messages_json, "the queue batch");
  if (!messages.ok() || !messages.value().is_array())
    return Error(ErrorCode::kWrongArguments, "a queue batch is an array of messages");
  Result<Json> clock = ParseJson(clock_json, "the consumer's clock");
  const Json* now = clock.ok() && clock.value().is_object() && clock.value().contains("now")
                        ? &clock.value()["now"]
                        : nullptr;
  const bool mirror = clock.ok() && clock.value().is_object() &&
                      clock.value().value("mirror", Json(false)) == Json(true);
  return QueueBatch{std::move(messages).value(),
                    now != nullptr && now->is_number_integer() ? now->get<int64_t>() : 0, mirror};
}

Output PlanCacheBatch(const QueueBatch& batch) {
  const Json& messages = batch.messages;
  const int64_t now = batch.now;
  Json events = Json::array();
  Json refused = Json::array();
  std::vector<std::string> keys;  // read first (EventFirstKeys)
  std::set<std::string> first;
  std::set<std::string> seen;  // every key the events may touch
  for (size_t i = 0; i < messages.size(); ++i) {
    const Json& m = messages[i];
    Result<Json> event =
        m.is_string() ? ParseJson(m.get_ref<const std::string&>(), "an event") : Result<Json>(m);
    // The mirror's own messages (resyncs, rows left over) pass through the
    // same queue.
    if (event.ok() && cache::IsMirrorMessage(event.value())) continue;
    std::string error;
    std::vector<std::string> touched;
    if (event.ok()) touched = cache::EventKeys(event.value(), &error);
    if (!event.ok() || !error.empty()) {
      refused.push_back(i);
      continue;
    }
    size_t fresh = 0;
    for (const std::string& key : touched) fresh += seen.count(key) == 0 ? 1 : 0;
    if (seen.size() + fresh > kMaxKeys) {
      // Over the batch's budget: a change invalidates its whole table
      // instead (one key, its shard's record), a fill is left out.
      if (event.value().value("type", "") != "change") continue;
      event.value()["keys"] = nullptr;
      event.value().erase("lookups");
      touched = cache::EventKeys(event.value(), &error);
    }
    for (std::string& key : touched) seen.insert(std::move(key));
    for (std::string& key : cache::EventFirstKeys(event.value())) {
      if (first.insert(key).second) keys.push_back(std::move(key));
    }
    events.push_back(std::move(event).value());
  }
  if (events.empty()) return Retry(std::move(refused));
  Json ctx{{"op", kOpQueueApply},           {"now", now},
           {"events", std::move(events)},   {"keys", keys},
           {"refused", std::move(refused)}, {"messages", messages.size()}};
  return CallsOutput(Json::array({KvGetCall(keys)}), ctx);
}

Output FinishQueue(const Json& ctx, const Json& answers) {
  const size_t messages = ctx.value("messages", size_t{0});
  if (CallError(answers) != nullptr) return Retry(AllIndices(messages));
  if (ctx.value("op", "") == kOpQueueDone) return Retry(ctx.value("refused", Json::array()));
  if (ctx.value("op", "") == kOpQueueRefill) return FinishRefills(ctx, answers);

  // The values read so far, a key's KV text or null: the first keys, then
  // the rows the first pass over the events reached unread.
  Json read = ctx.value("read", Json::object());
  const Json& keys = ctx["keys"];
  const Json& values = answers[0].value("values", Json::array());
  for (size_t i = 0; i < keys.size(); ++i)
    read[keys[i].get<std::string>()] = i < values.size() ? values[i] : Json();
  std::map<std::string, cache::KeyState> states;
  for (const auto& [key, text] : read.items()) {
    cache::KeyState& state = states[key];
    if (text.is_string()) {
      Result<Json> value = ParseJson(text.get_ref<const std::string&>(), "a cache entry");
      if (value.ok()) state.value = std::move(value).value();  // else overwritten as absent
    }
  }
  const int64_t now = ctx.value("now", int64_t{0});
  std::vector<cache::Applied> applied;
  std::set<std::string> unread;
  for (const Json& event : ctx["events"]) {
    applied.push_back(cache::ApplyEvent(event, now, states));
    unread.insert(applied.back().unread.begin(), applied.back().unread.end());
  }
  if (!unread.empty()) {
    // Which rows a change reaches depends on the records alone, so a
    // second pass, with them read, reaches no others.
    if (ctx.contains("read")) return Retry(AllIndices(messages));
    Json next = ctx;
    next["keys"] = Json(unread);
    next["read"] = std::move(read);
    return CallsOutput(
        Json::array({KvGetCall(std::vector<std::string>(unread.begin(), unread.end()))}),
        std::move(next));
  }
  Metrics& metrics = Metrics::Instance();
  std::vector<cache::Refresh> refreshes;
  const Json& events = ctx["events"];
  for (size_t i = 0; i < events.size(); ++i) {
    const Json& event = events[i];
    for (cache::Refresh& r : applied[i].refreshes) {
      if (refreshes.size() < kMaxRefreshes) refreshes.push_back(std::move(r));
    }
    const std::string shard = event.value("shard", "");
    const std::string_view database = DatabaseOfShard(shard);
    const std::string table = event.value("table", "");
    if (event.value("type", "") == "change") {
      metrics.Invalidated(database, table, applied[i].invalidated);
      metrics.QueueLag(database, table, now - event.value("at", now));
    } else {
      metrics.Fill(database, table, applied[i].filled);
    }
  }
  Json puts = Json::array();
  for (auto& [key, state] : states) {
    if (!state.changed) continue;
    Json put{{"key", key}, {"value", Dump(state.value)}};
    if (state.ttl_s > 0) put["ttl"] = state.ttl_s;
    puts.push_back(std::move(put));
  }
  Json done{{"op", kOpQueueDone},
            {"refused", ctx.value("refused", Json::array())},
            {"messages", messages}};
  if (refreshes.empty()) {
    if (puts.empty()) return Retry(done["refused"]);
    return CallsOutput(Json::array({KvWriteCall(std::move(puts))}), done);
  }
  // Prewarmed rows: with the tombstones written, their reads run again on
  // the shard, and the answers land as fills (FinishRefills).
  Json calls = Json::array({KvWriteCall(std::move(puts))});
  Json pending = Json::array();
  for (cache::Refresh& r : refreshes) {
    pending.push_back({{"table", r.table},
                       {"key", r.key},
                       {"hash", r.hash},
                       {"ttl", r.ttl_s},
                       {"shard", r.call.value("shard", "")},
                       {"call", r.call},
                       {"value", states[r.key].value}});
    calls.push_back(std::move(r.call));
  }
  done["op"] = kOpQueueRefill;
  done["refreshes"] = std::move(pending);
  done["now"] = now;
  return CallsOutput(std::move(calls), done);
}

namespace {

Output FinishRefills(const Json& ctx, const Json& answers) {
  const size_t messages = ctx.value("messages", size_t{0});
  if (CallError(answers) != nullptr) return Retry(AllIndices(messages));
  const Json refused = ctx.value("refused", Json::array());
  const int64_t now = ctx.value("now", int64_t{0});
  std::map<std::string, cache::KeyState> states;
  const Json& refreshes = ctx["refreshes"];
  for (size_t i = 0; i < refreshes.size() && i + 1 < answers.size(); ++i) {
    const Json& r = refreshes[i];
    const Json& answer = Answers(answers, i + 1);
    if (ErrorOf(answer) != nullptr || !answer.contains("results")) continue;
    const Json& results = ResultsOf(answer);
    const Json version = ReadVersion(results);
    if (version.is_null()) continue;
    const std::string key = r.value("key", "");
    cache::KeyState& state = states[key];
    if (state.value.is_null()) state.value = r["value"];
    Json fill{{"type", "fill"},    {"shard", r.value("shard", "")},
              {"key", key},        {"entity", true},
              {"hash", r["hash"]}, {"v", version},
              {"at", now},         {"results", results},
              {"ttl", r["ttl"]},   {"prewarm", true},
              {"call", r["call"]}};
    Metrics::Instance().Fill(DatabaseOfShard(r.value("shard", "")), r.value("table", ""),
                             cache::ApplyEvent(fill, now, states).filled);
  }
  Json puts = Json::array();
  for (auto& [key, state] : states) {
    if (!state.changed) continue;
    puts.push_back({{"key", key}, {"value", Dump(state.value)}, {"ttl", state.ttl_s}});
  }
  if (puts.empty()) return Retry(refused);
  return CallsOutput(Json::array({KvWriteCall(std::move(puts))}),
                     Json{{"op", kOpQueueDone}, {"refused", refused}, {"messages", messages}});
}

}  // namespace

}  // namespace edgesql::gateway
