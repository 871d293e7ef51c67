// MirrorEvents: the db-events consumer's second half, which keeps the D1
// mirror (PORTABLE_DB) a copy of the shards' rows (docs/mirror.md;
// cache/mirror.h has its SQL).
//
// For each (shard, table) a batch names, in three steps:
//   1. the catalog of each database, if this isolate has none yet;
//   2. one D1 read of the mirror tables' recorded definitions, and one read
//      per (shard, table) of the rows the changes name, or of the next page
//      of a resync, with the data version they were read at;
//   3. one D1 batch (one transaction) that makes a mirror table anew when
//      its definition changed, writes the rows read and deletes the named
//      rows that are gone; and the next page of each resync, as a queue
//      message, as are the rows a batch names beyond the 500 of a table it
//      copies ("rows" messages, cache/mirror.h).
// A change naming its table only (a large write, DDL, a table without a
// primary key) resyncs that shard's rows of the table. A shard whose
// schema is not the catalog's retries its messages with the catalog read
// again; a failed call retries the messages it served.
#ifndef EDGESQL_GATEWAY_MIRROR_EVENTS_H_
#define EDGESQL_GATEWAY_MIRROR_EVENTS_H_

#include "gateway/cache_events.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

inline constexpr std::string_view kOpMirrorCatalog = "mirror_catalog";
inline constexpr std::string_view kOpMirrorRead = "mirror_read";
inline constexpr std::string_view kOpMirrorWrite = "mirror_write";

// The mirror half of a db-events batch (gateway.h PlanQueueBatch runs it
// beside the cache half, over the same events).
Output PlanMirrorBatch(const QueueBatch& batch);

// The next step of a mirror plan; the final answer is {"retry": [message
// index, ...]}.
Output FinishMirror(const Json& ctx, const Json& answers);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_MIRROR_EVENTS_H_
