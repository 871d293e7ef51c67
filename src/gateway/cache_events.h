// CacheEvents: the db-events consumer (docs/cache.md). A batch of change
// and fill events becomes one KV read of their shards' records and fills'
// keys, a second of the changed rows of tables marked cached, if any, then
// one write of the keys whose values the events change (cache/entries.h
// decides); for a prewarmed table's rows, then the shard reads of their
// cached answers, which land as fills. Messages that are not events are
// retried by the queue, then dead-lettered; a failed read or write retries
// the whole batch, which versions make harmless.
#ifndef EDGESQL_GATEWAY_CACHE_EVENTS_H_
#define EDGESQL_GATEWAY_CACHE_EVENTS_H_

#include "gateway/gateway.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

inline constexpr std::string_view kOpQueueApply = "queue_apply";
inline constexpr std::string_view kOpQueueDone = "queue_done";
inline constexpr std::string_view kOpQueueRefill = "queue_refill";

// A db-events batch as the worker hands it: the messages (a JSON array of
// bodies) and the consumer's clock ({"now": ms, "mirror": the worker has
// the D1 mirror}); ER_WRONG_ARGUMENTS when the messages are not an array.
struct QueueBatch {
  Json messages;
  int64_t now = 0;
  bool mirror = false;
};
Result<QueueBatch> ParseQueueBatch(std::string_view messages_json, std::string_view clock_json);

// The cache half of a db-events batch (gateway.h PlanQueueBatch runs it,
// and the mirror half beside it, over the batch's events one by one); the
// final answer is {"retry": [index, ...]}, indexes of `batch.messages`.
Output PlanCacheBatch(const QueueBatch& batch);

// The next step of a consumer plan whose context is `ctx` (op queue_apply,
// queue_refill or queue_done); the final answer is {"retry": [message
// index, ...]}.
Output FinishQueue(const Json& ctx, const Json& answers);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_CACHE_EVENTS_H_
