// MirrorVerify: POST /v1/admin/mirror/verify, what `npx edge-sql mirror
// verify` asks (docs/mirror.md). It compares each table of a database on
// every shard that holds it with its D1 mirror: the recorded definition,
// then per shard the row count and an order-independent checksum (the sum
// of each row's SHA-256, first 8 bytes, of quote() of its columns), read a
// page of rows at a time in key order on both sides over the same key
// range.
//
// A request does a bounded amount of work: it answers {"done": false,
// "state"} until the comparison is complete, and the caller sends "state"
// back unchanged; the last answer is the report:
//   {"done": true, "database", "ok", "tables": [{"table", "schema": "ok" |
//    "missing" | "differs" | "extra", "ok", "shards": [{"shard", "rows",
//    "mirrorRows", "checksum", "mirrorChecksum", "ok"}]}]}
#ifndef EDGESQL_GATEWAY_MIRROR_VERIFY_H_
#define EDGESQL_GATEWAY_MIRROR_VERIFY_H_

#include <cstdint>
#include <string>

#include "gateway/gateway.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

inline constexpr std::string_view kOpMirrorVerify = "mirror_verify";

// `body` is the request ({"database", "state"?}), already admitted.
Output PlanMirrorVerifyFor(const Json& body, const std::string& database, int64_t now_ms);
Output FinishMirrorVerify(Json ctx, const Json& answers);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_MIRROR_VERIFY_H_
