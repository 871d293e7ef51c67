// Calls: the I/O a plan asks the worker to perform, in the shape the shim
// runs them (worker-shim/calls.js). A plan is
//   {"calls": [call, ...], "context": "<token>", "background"?: plan}
// and the worker answers Finish with {"answers": [answer, ...]}, one per
// call in order, run concurrently. A call is either
//   {"shard": "<durable object name>", "before": [sql], "statements":
//    [{sql, params, pure?}], "dryRun"?: true, "readOnly"?: true, "lockWaitMs"?,
//    "txn"?: {...}, "idleMs"?, "timeoutMs"}
//        answered {"results": [{columns, rows}], "captured"?: row} (a
//        committing write: the change capture's answering row, read by
//        shard_statements.h) or {"error": {"message", "index"}} or
//        {"error": {"message", "transport": true}}; a dry run
//        runs the statements and rolls them back. A write waits up to
//        lockWaitMs while a transaction holds the shard ({"error":
//        {"lockWait": true}} after that); a read never waits. "txn" makes
//        it a step of an interactive transaction (transaction.h; the
//        answer then says "txn": "open" | "none" | "lost")
//   {"shard", "reset": true}   the shard's object is reset (operators)
//   {"config": "<database>", "op": "get"}  or
//   {"config": "<database>", "op": "put", "version", "policy": "<json>"}
//        the database's config object: answered {"version", "policy"} (get;
//        policy null when none) or {"applied", "version"} (put)
//   {"kv": "get", "keys": [key, ...]}   the cache (APP_CACHE): answered
//        {"values": [text | null, ...]}
//   {"kv": "write", "puts": [{"key", "value", "ttl"?}], "deletes": [key]}
//        answered {}; "ttl" is KV's expirationTtl in seconds
//   {"queue": "send", "messages": [text, ...]}   to db-events; answered {}
//   {"d1": "batch", "statements": [{sql, params}]}   the D1 mirror
//        (PORTABLE_DB), all in one transaction: answered {"results":
//        [{"rows": [[value, ...]]}]}, a row's values in select order
// Any call may instead be answered {"error": {"message", "transport":
// true}} when the worker could not make it. A read call may carry "share":
// identical reads in flight in one isolate then share one shard call. A
// shard call that is not a dry run may carry "batch": calls with the same
// key in flight at once may go to the shard in one call, each answered as
// if alone. The key begins with its kind (Metrics::kBatchKinds), which
// names the shard's method for the batch (worker-shim/table_shard.js):
//   read    reads, in one transaction, which nothing writes in between, so
//           each sees what it would alone (runReads)
//   write   plain writes, committed as a group, sharing the data version
//           they leave (runWrites)
//   commit  interactive transactions' COMMITs, committed as a group the
//           same way, each transaction lost or kept on its own (runCommits)
//   step    their steps that hold nothing, each run as if alone (runSteps)
// Calls share a key only with calls of their kind that set the same
// connection state first ("before"), and writes and COMMITs only with ones
// that wait as long for the shard. A statement marked "pure": true reads
// only what reads cannot change, so in batched reads one run of it (its
// answer, or its error) answers every identical one (same sql, same
// params) of the batch.
// "background" is a plan the worker runs after answering (ctx.waitUntil)
// and finishes without sending its answer anywhere.
#ifndef EDGESQL_GATEWAY_CALLS_H_
#define EDGESQL_GATEWAY_CALLS_H_

#include <string>
#include <string_view>
#include <vector>

#include "gateway/gateway.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

// How long the worker waits for a shard before counting the call as a
// transport failure (the breaker then sees it).
inline constexpr int kShardCallTimeoutMs = 15'000;
// How long a write waits for a transaction holding its shard, unless the
// session set innodb_lock_wait_timeout (MySQL's default, 50 s).
inline constexpr int kDefaultLockWaitMs = 50'000;

// Shard `shard` of `database` is the Durable Object "<database>/<shard>"
// ('/' cannot appear in a database name). Shard "0" is the database's home:
// its only shard without a table policy and, with one, the keeper of the
// schema (catalog, DDL history) that data shards follow.
std::string ShardObject(std::string_view database, std::string_view shard);
std::string HomeShard(std::string_view database);
// The database of shard object `object` ("app" of "app/3"); all of it
// when it has no '/'.
std::string_view DatabaseOfShard(std::string_view object);

// A write: it waits for a transaction holding the shard (and the worker
// waits that long more for it).
Json ShardCall(std::string_view shard, Json statements, Json before = Json::array(),
               bool dry_run = false);
// A read: it never waits for a transaction, and sees only committed rows.
Json ReadCall(std::string_view shard, Json statements, Json before = Json::array());
Json ConfigGetCall(std::string_view database);
Json KvGetCall(const std::vector<std::string>& keys);
Json KvWriteCall(Json puts, Json deletes = Json::array());
Json QueueSendCall(Json messages);
Json D1BatchCall(Json statements);
Json ConfigPutCall(std::string_view database, int64_t version, std::string_view policy_json);

// Reading answers: the `i`-th of them (an empty object when there is none),
// an answer's {"error"} object or nullptr, its "results", and the rows of
// result `index` (empty when any of them is missing).
const Json& Answers(const Json& answers, size_t i);
const Json* ErrorOf(const Json& answer);
const Json& ResultsOf(const Json& answer);
const Json& ResultRows(const Json& results, size_t index);

// The answers' array of Finish's text ({"answers": [...]}), or an internal
// error when it is not that.
Result<Json> ParseAnswers(std::string_view text);

// A plan (status 0) of `calls`; `context`, what Finish needs, stays in the
// isolate (plan_contexts.h) and the plan carries its token.
Output CallsOutput(Json calls, Json context, const Json& background = Json());

// The text of a plan's "calls" as CallsOutput writes them, each with its
// batch key.
std::string CallsText(Json calls);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_CALLS_H_
