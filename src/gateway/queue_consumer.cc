#include "gateway/queue_consumer.h"

#include <algorithm>
#include <set>
#include <vector>

#include "gateway/cache_events.h"
#include "gateway/calls.h"
#include "gateway/mirror_events.h"

namespace edgesql::gateway {
namespace {

// A shard sends each round of its outbox as one message: a JSON array of
// events (shard_statements.h). Fills, and messages an older shard sent,
// hold one event, an object.
bool HoldsSeveral(const Json& message) {
  if (!message.is_string()) return false;
  const std::string& text = message.get_ref<const std::string&>();
  const size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string::npos && text[first] == '[';
}

// The batch with each message of several events replaced by its events;
// `origin` gets each event's message (left null when no message holds
// several). One that cannot be read stays as it came, for a half to refuse.
QueueBatch EventsOf(QueueBatch batch, Json& origin) {
  const Json& messages = batch.messages;
  if (std::none_of(messages.begin(), messages.end(), HoldsSeveral)) return batch;
  QueueBatch events{Json::array(), batch.now, batch.mirror};
  origin = Json::array();
  for (size_t i = 0; i < messages.size(); ++i) {
    Result<Json> several = HoldsSeveral(messages[i])
                               ? ParseJson(messages[i].get_ref<const std::string&>(), "events")
                               : Result<Json>(Json());
    if (several.ok() && several.value().is_array() && !several.value().empty()) {
      for (Json& event : several.value()) {
        events.messages.push_back(std::move(event));
        origin.push_back(i);
      }
    } else {
      events.messages.push_back(messages[i]);
      origin.push_back(i);
    }
  }
  return events;
}

// Each half's output so far joined into one: the plans still running make
// one step (their calls in order, and how many each made), the finished
// ones add the messages they retry. A half that failed outright retries
// every message.
Output Join(const std::vector<Output>& halves, std::set<size_t> retry, size_t messages,
            const Json& origin) {
  // The halves count events; a message is retried when one of its is.
  auto message_of = [&](size_t event) {
    return origin.is_array() && event < origin.size() && origin[event].is_number_unsigned()
               ? origin[event].get<size_t>()
               : event;
  };
  Json calls = Json::array();
  Json running = Json::array();
  for (const Output& half : halves) {
    if (half.status == 0) {
      Result<Json> plan = ParseJson(half.body, "a consumer plan");
      if (plan.ok() && plan.value().is_object() && plan.value()["calls"].is_array()) {
        running.push_back(
            {{"context", plan.value()["context"]}, {"calls", plan.value()["calls"].size()}});
        for (Json& call : plan.value()["calls"]) calls.push_back(std::move(call));
        continue;
      }
    }
    Result<Json> answer =
        half.status == 200 ? ParseJson(half.body, "a consumer answer") : Result<Json>(Json());
    const bool done = answer.ok() && answer.value().is_object() &&
                      answer.value().contains("retry") && answer.value()["retry"].is_array();
    if (done) {
      for (const Json& i : answer.value()["retry"])
        if (i.is_number_unsigned()) retry.insert(message_of(i.get<size_t>()));
    } else {
      for (size_t i = 0; i < messages; ++i) retry.insert(i);
    }
  }
  if (running.empty()) return Output{200, Dump(Json{{"retry", Json(retry)}})};
  return CallsOutput(std::move(calls), Json{{"op", kOpQueueHalves},
                                            {"running", std::move(running)},
                                            {"retry", Json(retry)},
                                            {"messages", messages},
                                            {"origin", origin}});
}

}  // namespace

Output PlanQueueBatch(std::string_view messages_json, std::string_view clock_json) {
  Result<QueueBatch> batch = ParseQueueBatch(messages_json, clock_json);
  if (!batch.ok()) return ErrorOutput(batch.error());
  const size_t messages = batch.value().messages.size();
  Json origin;
  const QueueBatch events = EventsOf(std::move(batch).value(), origin);
  std::vector<Output> halves{PlanCacheBatch(events)};
  if (events.mirror) halves.push_back(PlanMirrorBatch(events));
  return Join(halves, {}, messages, origin);
}

Output FinishQueueHalves(const Json& ctx, const Json& answers) {
  const size_t messages = ctx.value("messages", size_t{0});
  std::vector<Output> halves;
  size_t next = 0;
  for (const Json& half : ctx.value("running", Json::array())) {
    const size_t n = half.value("calls", size_t{0});
    Json mine = Json::array();
    for (size_t i = 0; i < n; ++i) mine.push_back(Answers(answers, next + i));
    next += n;
    const Json context = half.value("context", Json());
    halves.push_back(context.is_string() ? Finish(context.get_ref<const std::string&>(),
                                                  Dump(Json{{"answers", std::move(mine)}}))
                                         : Output{500, "{}"});
  }
  std::set<size_t> retry;
  for (const Json& i : ctx.value("retry", Json::array()))
    if (i.is_number_unsigned()) retry.insert(i.get<size_t>());
  return Join(halves, std::move(retry), messages, ctx.value("origin", Json()));
}

}  // namespace edgesql::gateway
