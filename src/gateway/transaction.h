// Transaction: a session's interactive transaction as the planner sees it,
// and the shard calls that run it (docs/transactions.md).
//
// A transaction is pinned to one shard: the one BEGIN's /*+ shard:... */
// hint or the token's tenant names, else the one its first statement routes
// to. Its first statement there takes the shard (writers outside wait);
// each statement runs after the ones before it, in one transactionSync that
// rolls back; COMMIT runs them all once more and commits. A statement that
// routes elsewhere is refused and the transaction stays usable.
#ifndef EDGESQL_GATEWAY_TRANSACTION_H_
#define EDGESQL_GATEWAY_TRANSACTION_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gateway/json_util.h"
#include "gateway/request.h"
#include "sql/hints.h"

namespace edgesql::gateway {

struct Transaction {
  std::string id;                     // the shard's name for it: unique among every session's
  bool open = false;                  // BEGIN (or a statement with autocommit off) opened it
  bool started = false;               // its shard holds it: a statement of it ran there
  std::string shard;                  // the shard it is pinned to; "" until known
  std::vector<sql::ShardHint> hints;  // BEGIN's /*+ shard:... */, applied to each statement
};

Json TransactionToJson(const Transaction& t);
// Lenient: the session layer wrote it; anything missing is "none".
Transaction TransactionFromJson(const Json& j);

// Marks shard call `call` as a step of `t`: `keep` when its statements change
// data (they run again at each later step and at COMMIT, and must answer
// as they did); `hold` when the transaction holds its shard from this step
// to its end (docs/sessions.md: until then, writers outside it do not wait).
void MarkStep(Json& call, const Transaction& t, bool keep, bool hold, const QueryRequest& r);
// The call that ends `t` on its shard: op "commit" or "rollback".
Json EndCall(const Transaction& t, std::string_view op, const QueryRequest& r);
// A plain write waits for the shard up to the session's lock wait; the call's
// own timeout allows for that wait.
void SetLockWait(Json& call, const QueryRequest& r);

// now_ms as a quoted SQLite time literal, '2026-11-23 10:00:00.123' (UTC),
// for TranspileContext::statement_time.
std::string StatementTime(int64_t now_ms);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_TRANSACTION_H_
