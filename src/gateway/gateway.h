// Gateway: the core's entry points for one HTTP query, split around the
// only I/O the worker performs for it (shard and config calls).
//
//   PlanRequest(request, caller) -> either a final answer, or calls for the
//                     worker to make plus a context token (calls.h)
//   (the worker makes the calls concurrently: each shard call runs its
//    statements in one transactionSync on that shard)
//   Finish(context, answers) -> the final answer, or the next calls
//
// One request may take several steps: fetching the database's table policy,
// loading its catalog, bringing a shard that missed a schema change up to
// date, a schema change's dry run / home commit / fan-out. Answers are HTTP
// status + JSON body in the API's shape (docs/http-api.md); every error
// inside becomes a MySQL error here. Everything Finish needs is in the
// plan's context, kept in the isolate until then (plan_contexts.h); what
// else the core keeps per isolate (catalogs, policies, breakers) is a cache
// whose staleness the shards detect.
#ifndef EDGESQL_GATEWAY_GATEWAY_H_
#define EDGESQL_GATEWAY_GATEWAY_H_

#include <string>
#include <string_view>
#include <utility>

#include "common/json.h"

namespace edgesql::gateway {

struct Output {
  Output() = default;
  Output(int status_, std::string body_, edgesql::Json session_ = nullptr)
      : status(status_), body(std::move(body_)), session(std::move(session_)) {}

  // 0: `body` is a plan for the shim: {"calls", "context", "background"?}
  // (calls.h). Otherwise the HTTP status of the final answer in `body`.
  int status = 0;
  std::string body;
  // What a final answer changed in its session's state (session.h): the
  // keys of meta.session, "database", and "transaction". Null when nothing.
  edgesql::Json session;
  // A plan the worker runs after sending a final answer (ctx.waitUntil),
  // as JSON text, or empty: a cache fill, a stale entry's refresh.
  std::string background;
};

// `request` is the POST /v1/query body; `caller` what the worker knows of
// who sent it and when (caller.h): a token that is missing where required,
// invalid, or lacks the statement's permission is refused here.
Output PlanRequest(std::string_view request, std::string_view caller);
// The same as the operator, for tools and tests.
Output Plan(std::string_view request);

// POST /v1/admin/policy: {"database", "policy"} stored by the database's
// config object if its routing map's version is higher than the stored one
// (an operator's token only). Answers {"database", "version", "applied"}.
Output PlanSetPolicy(std::string_view request, std::string_view caller);

// POST /v1/batch: {"database", "statements": [{"sql", "params"}], "session"?,
// "rowsAsArray"?}: statements for one shard run in one transaction, all or
// nothing. Answers {"results": [answer, ...]}, each as /v1/query's; an error
// names the failing "statement" (0-based) and nothing was committed.
Output PlanBatch(std::string_view request, std::string_view caller);

// POST /v1/admin/reset: {"database", "shard"} resets that shard's Durable
// Object (its in-memory state, an open transaction among it, is dropped;
// what it committed stays). An operator's token only. Answers {"reset":
// "<object name>"}.
Output PlanResetShard(std::string_view request, std::string_view caller);

// The db-events consumer (queue_consumer.h): `messages` is a JSON array of
// the batch's message bodies (event texts), `clock` {"now": ms, "mirror":
// whether the worker has the D1 mirror}. The final answer is {"retry":
// [index, ...]}: the messages to retry (and at last dead-letter); the others
// are done.
Output PlanQueueBatch(std::string_view messages, std::string_view clock);

// POST /v1/admin/mirror/verify (an operator's token only): the D1 mirror
// of {"database"} compared with its shards, a bounded part per request
// (mirror_verify.h).
Output PlanMirrorVerify(std::string_view body, std::string_view caller);

// POST /v1/admin/events: {"database", "events": [event, ...]} applied as the
// consumer applies a db-events batch (an operator's token only): to replay
// dead-lettered events, or events an operator rebuilt. Answers {"retry":
// [index, ...]}, the events that could not be applied.
Output PlanReplayEvents(std::string_view body, std::string_view caller);

// GET /v1/metrics (an operator's token only): this isolate's cache and
// queue metrics in Prometheus' text format (metrics.h). `worker` is
// {"sharedReads", "batched": {<kind>: n}, "batches": {<kind>: n}}, what
// only the worker counts, by kind of call (metrics.h).
Output MetricsText(std::string_view caller, std::string_view worker);

// `context` is the plan's "context" token; `answers` is {"answers": [...]},
// one answer per call of the plan, in order (calls.h).
Output Finish(std::string_view context, std::string_view answers);

// What a shard runs of its own (shard_statements.h ShardProgram): its
// bookkeeping tables when it starts, and the change capture that ends each
// committing write. A JSON object.
std::string ShardBootstrap();

// For tools (CLI, tests): the analysis of `sql` as JSON, or a MySQL error.
Output AnalyzeToJson(std::string_view sql);
// For tools and the parser benchmark: one MySQL statement's analysis (as
// AnalyzeToJson) plus "sqlite", the SQLite statements it becomes (as
// TranspileToText), from one lex and one analysis; or a MySQL error.
Output TranslateToJson(std::string_view sql, std::string_view database);
// For tools: the SQLite text for one MySQL statement ("database" names the
// current database), or a MySQL error.
Output TranspileToText(std::string_view sql, std::string_view database);
// For tools (`edge-sql import`): a MySQL script cut into statements as the
// mysql client would send them (sql/script_splitter.h), as a JSON array
// [{"sql", "line"}] (200), or a MySQL error. Defined in script_json.cc.
Output SplitScriptToJson(std::string_view script);
// For tools (`edge-sql policy check`): a table policy (routing/table_policy.h,
// as JSON) validated and summarised as JSON (200), or ER_WRONG_ARGUMENTS
// naming the offending path. With a `schema_script` (MySQL DDL, a dump) the
// policy is also checked against the tables it defines.
Output CheckPolicyToJson(std::string_view policy_json, std::string_view schema_script = {});
// The table policy of `database` (JSON), kept by this isolate's PolicyStore
// when its routing map's version is newer than the current one: 200
// {"version", "applied"}, or the validation error, or ER_WRONG_ARGUMENTS
// for an older version. Defined in routing_api.cc.
Output SetPolicyToJson(std::string_view database, std::string_view policy_json);
// The routing decision for each statement of `sql` under the stored policy:
// 200 {"policyVersion", "statements": [{"kind", "route", "shards", "write",
// "reason", "error"?}]}. `request_json` is {"database" ("app"), "params",
// "tenant"}, all optional. Defined in routing_api.cc.
Output ExplainToJson(std::string_view sql, std::string_view request_json);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_GATEWAY_H_
