#include "gateway/queue_consumer.h"

#include <set>
#include <vector>

#include "gateway/cache_events.h"
#include "gateway/calls.h"
#include "gateway/metrics.h"
#include "gateway/mirror_events.h"

namespace edgesql::gateway {
namespace {

// The database an event belongs to, or "".
std::string_view DatabaseOf(const Json& event) {
  if (!event.is_object()) return "";
  auto shard = event.find("shard");
  return shard != event.end() && shard->is_string()
             ? DatabaseOfShard(shard->get_ref<const std::string&>())
             : "";
}

// The batch's events, each message read once here rather than by each
// half: a shard sends each round of its outbox as one message, a JSON
// array of events (shard_statements.h); fills, and messages an older shard
// sent, hold one event, an object. `origin` gets each event's message. A
// message that cannot be read stays as it came, for a half to refuse.
QueueBatch EventsOf(QueueBatch batch, Json& origin) {
  QueueBatch events{Json::array(), batch.now, batch.mirror};
  origin = Json::array();
  for (size_t i = 0; i < batch.messages.size(); ++i) {
    Json& message = batch.messages[i];
    Result<Json> read = message.is_string()
                            ? ParseJson(message.get_ref<const std::string&>(), "a queue message")
                            : Result<Json>(std::move(message));
    if (!read.ok() || (read.value().is_array() && read.value().empty())) {
      events.messages.push_back(read.ok() ? std::move(read.value()) : std::move(message));
      origin.push_back(i);
      continue;
    }
    Json& value = read.value();
    if (!value.is_array()) {
      Json one = Json::array();
      one.push_back(std::move(value));
      value = std::move(one);
    }
    Metrics::Instance().QueueMessage(DatabaseOf(value[0]));
    for (Json& event : value) {
      events.messages.push_back(std::move(event));
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
