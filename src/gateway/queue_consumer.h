// QueueConsumer: the db-events consumer as a whole. Its two halves, the KV
// cache (cache_events.h) and, when the worker has one, the D1 mirror
// (mirror_events.h), run side by side: each step makes the calls of both
// halves' current plans at once, and a message is acknowledged only when
// neither half asks for it again. A redelivered message redoes both, which
// versions make harmless.
#ifndef EDGESQL_GATEWAY_QUEUE_CONSUMER_H_
#define EDGESQL_GATEWAY_QUEUE_CONSUMER_H_

#include "gateway/gateway.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

inline constexpr std::string_view kOpQueueHalves = "queue_halves";

// The next step of both halves; the final answer is {"retry": [index, ...]}.
Output FinishQueueHalves(const Json& ctx, const Json& answers);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_QUEUE_CONSUMER_H_
