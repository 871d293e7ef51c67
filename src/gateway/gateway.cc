#include "gateway/gateway.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <unordered_map>
#include <utility>
#include <vector>

#include "cache/entries.h"
#include "cache/isolate_cache.h"
#include "cache/read_policy.h"
#include "catalog/table_def_json.h"
#include "common/ascii.h"
#include "gateway/cache_events.h"
#include "gateway/caller.h"
#include "gateway/calls.h"
#include "gateway/catalog_cache.h"
#include "gateway/introspection.h"
#include "gateway/json_util.h"
#include "gateway/json_writer.h"
#include "gateway/metrics.h"
#include "gateway/mirror_events.h"
#include "gateway/mirror_verify.h"
#include "gateway/plan_contexts.h"
#include "gateway/planner.h"
#include "gateway/policy_store.h"
#include "gateway/queue_consumer.h"
#include "gateway/request.h"
#include "gateway/result_shaping.h"
#include "gateway/session_statements.h"
#include "gateway/shard_statements.h"
#include "gateway/sqlite_errors.h"
#include "gateway/transaction.h"
#include "gateway/translation_cache.h"
#include "routing/merge_plan.h"
#include "routing/merge_rows.h"
#include "routing/router.h"
#include "routing/shard_health.h"
#include "routing/shard_router.h"
#include "sql/analyzer.h"
#include "sql/lexer.h"
#include "sql/parser.h"
#include "sql/statement_cache.h"
#include "sql/stored_programs.h"
#include "transpile/create_trigger.h"
#include "transpile/sqlite_text.h"
#include "transpile/transpiler.h"

namespace edgesql::gateway {
namespace {

using sql::StatementKind;

constexpr int kMaxParams = 100;  // Durable Object SQLite's binding limit

// What a plan's context asks Finish to do with the shard's answer.
constexpr std::string_view kOpStatement = "statement";
constexpr std::string_view kOpLoadCatalog = "load_catalog";
constexpr std::string_view kOpIntrospect = "introspect";
constexpr std::string_view kOpLoadPolicy = "load_policy";
constexpr std::string_view kOpPutPolicy = "put_policy";
constexpr std::string_view kOpCatchUp = "catch_up";
constexpr std::string_view kOpFanOut = "fan_out";
constexpr std::string_view kOpTransactionEnd = "transaction_end";
constexpr std::string_view kOpSessionClosed = "session_closed";
constexpr std::string_view kOpReset = "reset";
constexpr std::string_view kOpBatch = "batch";
constexpr std::string_view kOpCacheRead = "cache_read";
constexpr std::string_view kOpCacheFilled = "cache_filled";

// Fills larger than this are not cached (a queue message holds 128 KB).
constexpr size_t kMaxFillBytes = 100'000;
// How long entries of a "cached" read without a ttl live in KV.
constexpr int64_t kCachedTtlS = 86'400;
// A stale entry's refresh counts as in flight for at most this long.
constexpr int64_t kRefreshMs = 30'000;
constexpr size_t kMaxRefreshing = 10'000;

// Statements one POST /v1/batch may hold.
constexpr size_t kMaxBatchStatements = 100;

// Tools and tests plan as the operator, with a clock that never moves.
constexpr std::string_view kTrustedCallerJson = R"({"auth":"optional"})";

Json WarningsJson(const std::vector<sql::Warning>& warnings) {
  Json list = Json::array();
  for (const sql::Warning& w : warnings) {
    list.push_back(JsonObjectOf("code", w.code, "level", "Warning", "message", w.message));
  }
  return list;
}

Json Meta(std::string_view shard, std::string_view database, StatementKind kind) {
  return JsonObjectOf("cache", "bypass", "database", database, "kind", sql::StatementKindName(kind),
                      "shard", shard);
}

// meta for an answer from the shards a plan called: "shard" names them
// (comma-separated when several), "shards" lists them, and "route" says why.
Json RoutedMeta(const Json& ctx, StatementKind kind) {
  std::string names;
  const Json& shards = Member(ctx, "shards");
  for (const Json& s : shards) {
    if (!names.empty()) names += ",";
    names += s.get<std::string>();
  }
  Json meta = Meta(names, ctx.value("database", ""), kind);
  meta["shards"] = shards.is_array() ? shards : Json::array();
  if (Has(ctx, "route"))
    meta["route"] = JsonObjectOf("kind", ctx["route"], "reason", StringOr(ctx, "reason"));
  return meta;
}

// The text of `body`, with a result set's "fields" and "rows" in their
// places among its members (name order, as every object is written).
std::string BodyText(const Json& body, const ShapedResultSet& shaped) {
  const std::pair<std::string_view, std::string_view> raw[] = {{"fields", shaped.fields},
                                                               {"rows", shaped.rows}};
  auto next = std::begin(raw);
  std::string text;
  JsonWriter w(text);
  w.BeginObject();
  for (const auto& [key, member] : body.items()) {
    for (; next != std::end(raw) && next->first < key; ++next) {
      w.Key(next->first);
      w.Raw(next->second);
    }
    w.EscapedKey(key);
    Write(w, member);
  }
  for (; next != std::end(raw); ++next) {
    w.Key(next->first);
    w.Raw(next->second);
  }
  w.EndObject();
  w.Finish();
  return text;
}

// A final answer. A session takes what it changed from meta: the database
// and meta.session (session.h).
Output Answer(const Json& body, const ShapedResultSet* shaped = nullptr) {
  Output out{200, shaped != nullptr ? BodyText(body, *shaped) : Dump(body), Json::object()};
  if (auto m = body.find("meta"); m != body.end() && m->is_object()) {
    if (auto s = m->find("session"); s != m->end() && s->is_object()) out.session = *s;
    if (auto d = m->find("database"); d != m->end()) out.session["database"] = *d;
  }
  return out;
}

Json OkBody(Json warnings, Json meta) {
  size_t count = warnings.size();
  return JsonObjectOf("affectedRows", 0, "insertId", 0, "meta", std::move(meta), "warningCount",
                      count, "warnings", std::move(warnings));
}

// The kind of statement a plan's context is for.
StatementKind KindOf(const Json& ctx) {
  return static_cast<StatementKind>(IntOr(ctx, "kind", static_cast<int>(StatementKind::kOther)));
}

bool WritesRows(StatementKind kind) {
  return kind == StatementKind::kInsert || kind == StatementKind::kReplace ||
         kind == StatementKind::kUpdate || kind == StatementKind::kDelete;
}

int64_t AsInt(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  return 0;
}

// `plan(caller)` for the caller `caller_json` describes, or the caller's
// error (1045).
template <typename PlanFn>
Output AsCaller(std::string_view caller_json, PlanFn plan) {
  Result<Caller> caller = ParseCaller(caller_json);
  if (!caller.ok()) return ErrorOutput(caller.error());
  return plan(caller.value());
}

}  // namespace

routing::ShardHealth& ShardBreakers() {
  static routing::ShardHealth* health = new routing::ShardHealth();  // lives as long as the isolate
  return *health;
}

namespace {

bool IsTransport(const Json& error) { return BoolOr(error, "transport"); }
bool IsGuard(const Json& ctx, const Json& error) {
  return BoolOr(ctx, "guard") && error.value("index", -1) == 0;
}

Error Interrupted(std::string_view shard) {
  return Error(ErrorCode::kQueryInterrupted,
               "Query execution was interrupted: shard " + std::string(shard) +
                   " is unavailable; the statement had no effect unless it committed");
}

int64_t FirstValue(const Json& answer, size_t result) {
  const Json& rows = ResultRows(ResultsOf(answer), result);
  return !rows.empty() && rows[0].is_array() && !rows[0].empty() ? AsInt(rows[0][0]) : 0;
}

// The plan of `calls`: each shard they name must be admitted by its circuit
// breaker first (a refused one fails the request at once, ER_SERVER_SHUTDOWN),
// and the context records which shard each answer comes from, so Finish
// can tell the breakers how the calls went.
Output Emit(Json calls, Json ctx, int64_t now_ms, const Json& background = Json()) {
  Json called = Json::array();
  for (const Json& call : calls) called.push_back(call.value("shard", ""));
  for (size_t i = 0; i < called.size(); ++i) {
    const std::string& shard = called[i].get_ref<const std::string&>();
    if (shard.empty()) continue;
    if (Status admitted = ShardBreakers().Admit(shard, now_ms); !admitted.ok()) {
      for (size_t k = 0; k < i; ++k) {
        if (!called[k].get_ref<const std::string&>().empty())
          ShardBreakers().Release(called[k].get<std::string>());
      }
      return ErrorOutput(admitted.error());
    }
  }
  ctx["called"] = std::move(called);
  ctx["now"] = now_ms;
  return CallsOutput(std::move(calls), std::move(ctx), background);
}

void RecordOutcomes(const Json& ctx, const Json& answers) {
  const int64_t now = IntOr(ctx, "now");
  const Json& called = Member(ctx, "called");
  for (size_t i = 0; i < called.size(); ++i) {
    if (!called[i].is_string() || called[i].get_ref<const std::string&>().empty()) continue;
    const Json* error = ErrorOf(Answers(answers, i));
    ShardBreakers().Record(called[i].get<std::string>(), error == nullptr || !IsTransport(*error),
                           now);
  }
}

// The context every step of one request carries, so any step can plan the
// request again from the start.
// `session` links a session's statement to it (planner.h); null over HTTP.
Json RequestContext(std::string_view op, Json body, std::string_view caller,
                    std::string_view database, Json session) {
  Json ctx =
      JsonObjectOf("caller", caller, "database", database, "op", op, "request", std::move(body));
  if (!session.is_null()) ctx["session"] = std::move(session);
  return ctx;
}

Output Replan(const Json& ctx);
Output ServeCacheRead(Json ctx, const cache::IsolateCache::Held& held, size_t bytes);

// A shard's guard failed: its schema version is not the one the plan
// assumed. Read its version and the home's history, then replay what it
// missed (FinishCatchUp) and plan the request again.
Output CatchUpPlan(const Json& ctx, std::string_view shard) {
  const std::string database(StringOr(ctx, "database"));
  Json c = RequestContext(kOpCatchUp, ctx.value("request", Json()), ctx.value("caller", ""),
                          database, ctx.value("session", Json()));
  c["stage"] = "read";
  c["shard"] = shard;
  if (Has(ctx, "batch")) c["batch"] = ctx["batch"];  // then the whole batch is planned again
  Json calls =
      Json::array({ReadCall(shard, Json::array({SchemaVersionStatement()})),
                   ReadCall(HomeShard(database),
                            Json::array({SchemaVersionStatement(), DdlReplayLoadStatement(0)}))});
  return Emit(std::move(calls), std::move(c), IntOr(ctx, "now"));
}

Json MergePlanToJson(const routing::MergePlan& plan) {
  Json columns = Json::array();
  for (routing::MergePlan::Aggregate a : plan.columns) columns.push_back(static_cast<int>(a));
  Json order = Json::array();
  for (const routing::MergePlan::OrderKey& k : plan.order)
    order.push_back({k.column, k.descending});
  Json j{{"columns", std::move(columns)}, {"grouped", plan.grouped},   {"groupKey", plan.group_key},
         {"distinct", plan.distinct},     {"order", std::move(order)}, {"offset", plan.offset}};
  if (plan.limit) j["limit"] = *plan.limit;
  return j;
}

routing::MergePlan MergePlanFromJson(const Json& j) {
  routing::MergePlan plan;
  for (const Json& c : j.value("columns", Json::array()))
    plan.columns.push_back(static_cast<routing::MergePlan::Aggregate>(c.get<int>()));
  plan.grouped = j.value("grouped", false);
  for (const Json& k : j.value("groupKey", Json::array()))
    plan.group_key.push_back(k.get<size_t>());
  plan.distinct = j.value("distinct", false);
  for (const Json& k : j.value("order", Json::array()))
    plan.order.push_back({k[0].get<size_t>(), k[1].get<bool>()});
  plan.offset = j.value("offset", int64_t{0});
  if (j.contains("limit")) plan.limit = j["limit"].get<int64_t>();
  return plan;
}

// One shard's rows of an INSERT split by /*+ split_rows */: the statement
// rebuilt with only those rows, and the parameters it keeps.
struct SplitPart {
  std::string shard;  // the router's name
  std::string sql;
  Json params = Json::array();
};

// Routes each VALUES row of `info` alone and groups the rows by shard. Empty
// when a row cannot be routed on its own (the original refusal stands).
std::vector<SplitPart> SplitInsert(const routing::Policy& policy, const sql::StatementInfo& info,
                                   const QueryRequest& r, const std::vector<sql::Token>& tokens,
                                   const std::vector<sql::Value>& params, std::string_view tenant) {
  const auto& spans = info.insert_row_spans;
  if (info.insert_rows.size() < 2 || spans.size() != info.insert_rows.size()) return {};
  std::map<std::string, std::vector<size_t>> rows_of;
  for (size_t i = 0; i < info.insert_rows.size(); ++i) {
    sql::StatementInfo one = info;
    one.insert_rows = {info.insert_rows[i]};
    one.insert_row_spans = {spans[i]};
    routing::Decision d = routing::Decide(policy, one, params, tenant);
    if (d.kind != routing::Decision::Kind::kSingle) return {};
    rows_of[d.shards[0]].push_back(i);
  }
  // Placeholders in source order, to give each part the parameters of the
  // text it keeps.
  std::vector<uint32_t> placeholders;
  for (const sql::Token& t : tokens) {
    if (t.kind == sql::TokenKind::kPlaceholder) placeholders.push_back(t.offset);
  }
  const std::string_view text = r.sql;
  const uint32_t rows_begin = spans.front().first;
  const uint32_t rows_end = spans.back().second;
  std::vector<SplitPart> parts;
  for (const auto& [shard, rows] : rows_of) {
    SplitPart part;
    part.shard = shard;
    std::vector<std::pair<uint32_t, uint32_t>> kept{{0, rows_begin}};
    for (size_t i : rows) kept.push_back(spans[i]);
    kept.emplace_back(rows_end, static_cast<uint32_t>(text.size()));
    for (size_t k = 0; k < kept.size(); ++k) {
      if (k > 1 && k + 1 < kept.size()) part.sql += ", ";
      part.sql += text.substr(kept[k].first, kept[k].second - kept[k].first);
      for (size_t p = 0; p < placeholders.size(); ++p) {
        if (placeholders[p] >= kept[k].first && placeholders[p] < kept[k].second)
          part.params.push_back(r.params[p]);
      }
    }
    parts.push_back(std::move(part));
  }
  return parts;
}

// Appends a translated statement to a shard's `statements`: the preflight
// count, the statement(s), a write's probe; and records in `ctx` what
// Finish needs to read the answer. `params` are the request's values.
void AppendTranslation(const transpile::Translation& t, const sql::StatementInfo& info, Json params,
                       Json& statements, Json& ctx) {
  for (const std::string& extra : t.extra_params) params.push_back(extra);
  if (!t.preflight.empty()) {
    ctx["preflight"] = statements.size();
    statements.push_back(JsonObjectOf("params", params, "sql", t.preflight));
  }
  if (t.affected != transpile::AffectedRows::kChanges)
    ctx["affected"] = static_cast<int>(t.affected);
  if (!t.generates_ids) ctx["explicitIds"] = true;
  if (t.changes_referenced_key) ctx["changesReferencedKey"] = true;
  if (t.set_last_insert_id) ctx["lastInsertId"] = *t.set_last_insert_id;
  for (size_t i = 0; i < t.statements.size(); ++i) {
    // Only DML carries placeholders, and DML is always one statement.
    statements.push_back(
        JsonObjectOf("params", i == 0 ? std::move(params) : Json::array(), "sql", t.statements[i]));
  }
  if (!t.result_columns.empty()) ctx["columns"] = ResultColumnsJson(t.result_columns);
  if (WritesRows(info.kind)) {
    statements.push_back(WriteProbeStatement(
        info.tables_written.empty() ? "" : info.tables_written[0].name,
        info.kind == StatementKind::kInsert || info.kind == StatementKind::kReplace));
  }
  ctx["result"] = static_cast<int>(statements.size()) - 1;
}

// Plans each part of a split INSERT on its own shard: the same guard and
// bookkeeping as any write, one transaction per shard.
Output PlanSplit(const std::vector<SplitPart>& parts, const QueryRequest& r,
                 const transpile::TranspileContext& context, Json ctx, const Json& prefix,
                 const Json& before, int64_t now_ms, const Json& background) {
  Json calls = Json::array();
  Json shards = Json::array();
  for (const SplitPart& part : parts) {
    Result<std::vector<sql::Token>> tokens = sql::Lex(part.sql);
    if (!tokens.ok()) return ErrorOutput(tokens.error());
    Result<sql::Analysis> analysis = sql::Analyze(part.sql, tokens.value());
    if (!analysis.ok()) return ErrorOutput(analysis.error());
    const sql::StatementInfo& info = analysis.value().statements[0];
    Result<transpile::Translation> t =
        transpile::Transpile(part.sql, tokens.value(), info, context);
    if (!t.ok()) return ErrorOutput(t.error());
    Json statements = prefix;
    AppendTranslation(t.value(), info, part.params, statements, ctx);
    const std::string shard = ShardObject(r.database, part.shard);
    shards.push_back(shard);
    calls.push_back(ShardCall(shard, std::move(statements), before));
  }
  ctx["shards"] = std::move(shards);
  ctx["split"] = true;
  return Emit(std::move(calls), std::move(ctx), now_ms, background);
}

// BEGIN, COMMIT and ROLLBACK in a session. Ending a transaction its shard
// holds is a call there; BEGIN first commits the open one, as MySQL does.
Output PlanTransactionControl(const sql::StatementInfo& info, const QueryRequest& r,
                              const Transaction& txn, const Json& body,
                              std::string_view caller_json, const Json& link, int64_t now_ms) {
  Transaction next;  // none open
  if (info.kind == StatementKind::kBegin) {
    next.id = link.value("nextTxn", "");
    next.open = true;
    next.hints = info.hints.shard;
  }
  if (!txn.started) {
    // Nothing of it is on a shard yet: nothing to end there.
    Output out = Answer(OkBody(Json::array(), Meta("", r.database, info.kind)));
    out.session["transaction"] = TransactionToJson(next);
    return out;
  }
  const std::string_view end = info.kind == StatementKind::kRollback ? "rollback" : "commit";
  Json ctx = RequestContext(kOpTransactionEnd, body, caller_json, r.database, link);
  ctx["kind"] = static_cast<int>(info.kind);
  ctx["shards"] = Json::array({txn.shard});
  ctx["end"] = end;
  ctx["next"] = TransactionToJson(next);
  if (!r.versions.empty()) ctx["versions"] = r.versions;
  return Emit(Json::array({EndCall(txn, end, r)}), std::move(ctx), now_ms);
}

// Commits the session's open transaction, then plans the statement again:
// what MySQL does before DDL and SET autocommit = 1.
Output PlanImplicitCommit(const Transaction& txn, const QueryRequest& r, const Json& body,
                          std::string_view caller_json, const Json& link, int64_t now_ms) {
  Json ctx = RequestContext(kOpTransactionEnd, body, caller_json, r.database, link);
  ctx["kind"] = static_cast<int>(StatementKind::kCommit);
  ctx["shards"] = Json::array({txn.shard});
  ctx["end"] = "commit";
  ctx["next"] = TransactionToJson(Transaction{});
  if (!r.versions.empty()) ctx["versions"] = r.versions;
  ctx["then"] = "replan";
  return Emit(Json::array({EndCall(txn, "commit", r)}), std::move(ctx), now_ms);
}

// The tables whose rows a read's answer shows: those it names, a view's
// replaced by the tables it reads. Changes (the record's versions, a
// session's writes) name these.
std::vector<std::string> BaseTables(const std::vector<sql::TableName>& read,
                                    const catalog::DatabaseSchema& schema) {
  std::vector<std::string> names;
  for (const sql::TableName& t : read) names.push_back(t.name);
  std::vector<std::string> tables;
  // Views name tables or other views, never themselves; the bound keeps a
  // broken catalog from looping.
  for (size_t i = 0; i < names.size() && i < 1024; ++i) {
    const catalog::TableDef* def = schema.FindTable(names[i]);
    if (def != nullptr && def->is_view()) {
      names.insert(names.end(), def->view_tables.begin(), def->view_tables.end());
      continue;
    }
    if (std::find(tables.begin(), tables.end(), names[i]) == tables.end())
      tables.push_back(names[i]);
  }
  return tables;
}

using KeepRecipe = std::function<void(const Json& call, const Json& ctx)>;

// A single-shard SELECT outside a transaction, its shard `call` ready: the
// cache answers it if its policy allows (cache/read_policy.h), so the plan
// reads its KV entry and the shard's record first (FinishCacheRead);
// otherwise the shard does.
// The read is handed to `keep_recipe`, if given, as its call and context:
// before Emit when it bypasses the cache, else before the isolate's cache
// is asked.
Output PlanCachedRead(const sql::StatementInfo& info, const QueryRequest& r,
                      const std::vector<sql::Token>& tokens, const routing::Policy* policy,
                      const catalog::DatabaseSchema& schema, Json call, Json ctx, int64_t now_ms,
                      const Json& background, const KeepRecipe* keep_recipe) {
  cache::ReadFacts facts{&info, r.sql, &tokens, policy, false, false};
  const cache::ReadPolicy p = cache::ChooseReadPolicy(facts);
  if (p.mode == cache::ServeMode::kBypass) {
    ctx["cache"] = JsonObjectOf("reason", p.reason, "status", "bypass");
    if (keep_recipe != nullptr) (*keep_recipe)(call, ctx);
    return Emit(Json::array({std::move(call)}), std::move(ctx), now_ms, background);
  }
  const std::string shard = call["shard"].get<std::string>();
  const std::string& table = info.tables_read[0].name;
  const cache::ReadEntryName name = cache::NameReadEntry(
      facts, RoutingValues(r.params), schema.FindTable(table), shard, Dump(call["statements"]));
  const std::string& hash = name.hash;
  const std::optional<cache::RowKey>& rows = name.rows;
  const std::string& key = name.key;
  const std::vector<std::string> read = BaseTables(info.tables_read, schema);
  const Json tables = read;
  const std::string record = cache::RecordKey(shard);
  Json cache =
      JsonObjectOf("entity", rows.has_value(), "fresh", p.fresh_ms, "hash", hash, "key", key,
                   "mode", p.mode == cache::ServeMode::kBounded ? "bounded" : "cached", "status",
                   "miss", "swr", p.swr_ms, "table", table, "tables", tables);
  if (p.prewarm && rows) cache["prewarm"] = true;
  if (std::optional<cache::Version> w = cache::WrittenVersion(r.versions, shard, read))
    cache["written"] = cache::VersionToJson(*w);
  ctx["cache"] = std::move(cache);
  if (keep_recipe != nullptr) (*keep_recipe)(call, ctx);
  call["share"] = shard + ":" + hash;  // identical reads in flight share the call
  ctx["op"] = kOpCacheRead;
  ctx["read"] = std::move(call);
  if (std::optional<cache::IsolateCache::Held> held =
          cache::IsolateCache::Instance().Find(key, now_ms)) {
    // Judged as if KV had just answered it; a miss after all (the
    // session's own write is newer) reads the shard.
    ctx["now"] = now_ms;
    ctx["called"] = Json::array();
    ctx["cache"]["layer"] = "isolate";
    Output out = ServeCacheRead(std::move(ctx), *held, 0);
    if (out.status != 0 && out.background.empty() && !background.is_null())
      out.background = Dump(background);
    return out;
  }
  return Emit(Json::array({KvGetCall({key, record})}), std::move(ctx), now_ms, background);
}

// `link` ties the statement to its session (planner.h); null over HTTP.
Output PlanFor(Json body, const Caller& caller, std::string_view caller_json, Json link = Json(),
               std::shared_ptr<const ReadRecipe>* recipe = nullptr) {
  Result<QueryRequest> request = QueryRequestFromJson(body);
  if (!request.ok()) return ErrorOutput(request.error());
  QueryRequest& r = request.value();

  std::shared_ptr<const sql::Analyzed> analyzed = sql::StatementCache::Instance().Find(r.sql);
  if (analyzed == nullptr) {
    Result<std::vector<sql::Token>> lexed = sql::Lex(r.sql);
    if (!lexed.ok()) return ErrorOutput(lexed.error());
    auto fresh = std::make_shared<sql::Analyzed>();
    fresh->tokens = std::move(lexed).value();
    if (std::optional<std::string> program = sql::StoredProgramStatement(r.sql, fresh->tokens)) {
      if (*program != "CREATE TRIGGER" && *program != "DROP TRIGGER") {
        return ErrorOutput(Unsupported(*program + " (stored programs)"));
      }
      // A trigger's body holds ';'s the analyser would split at. Its
      // analysis names the current database: not kept.
      Result<sql::StatementInfo> trigger =
          transpile::TriggerStatementInfo(r.sql, fresh->tokens, r.database);
      if (!trigger.ok()) return ErrorOutput(trigger.error());
      fresh->analysis.statements.push_back(std::move(trigger).value());
    } else {
      Result<sql::Analysis> analysis = sql::Analyze(r.sql, fresh->tokens);
      if (!analysis.ok()) return ErrorOutput(analysis.error());
      fresh->analysis = std::move(analysis).value();
      sql::StatementCache::Instance().Put(r.sql, fresh);
    }
    analyzed = std::move(fresh);
  }
  const std::vector<sql::Token>& tokens = analyzed->tokens;
  const sql::Analysis& a = analyzed->analysis;
  if (a.statements.size() > 1) {
    // As a MySQL server without CLIENT_MULTI_STATEMENTS: the second
    // statement is a syntax error.
    return ErrorOutput(sql::SyntaxErrorAt(r.sql, a.statements[1].begin));
  }
  const sql::StatementInfo& info = a.statements[0];
  if (static_cast<int>(r.params.size()) != a.param_count) {
    return ErrorOutput(Error(ErrorCode::kWrongArguments,
                             "Incorrect arguments to query: the statement has " +
                                 std::to_string(a.param_count) + " placeholder(s) but " +
                                 std::to_string(r.params.size()) + " parameter(s) were given"));
  }
  if (a.param_count > kMaxParams) {
    return ErrorOutput(
        Error(ErrorCode::kPsManyParam, "Prepared statement contains too many placeholders"));
  }
  std::vector<sql::Warning> warnings = a.warnings;

  // A session's transaction (transaction.h): opened by BEGIN, or by any
  // statement while autocommit is off; never around a schema change, which
  // commits it first.
  const bool in_session = link.is_object();
  if (!in_session && !r.autocommit) {
    return ErrorOutput(Unsupported("autocommit = 0 over HTTP: open a session (/v1/ws)"));
  }
  Transaction txn;
  if (in_session) {
    txn = TransactionFromJson(Member(link, "transaction"));
    if (!txn.open) {
      txn = Transaction{};
      txn.id = link.value("nextTxn", "");
    }
  }
  if (in_session) {
    if (info.kind == StatementKind::kBegin || info.kind == StatementKind::kCommit ||
        info.kind == StatementKind::kRollback) {
      return PlanTransactionControl(info, r, txn, body, caller_json, link, caller.now_ms);
    }
    if (txn.started && sql::IsDdl(info.kind))
      return PlanImplicitCommit(txn, r, body, caller_json, link, caller.now_ms);
  }

  // Statements about the session are answered here, without a shard.
  Result<SessionAnswer> session = AnswerSessionStatement(r.sql, tokens, info, r, in_session);
  if (!session.ok()) return ErrorOutput(session.error());
  if (session.value().answered && session.value().autocommit.value_or(false) && txn.started) {
    return PlanImplicitCommit(txn, r, body, caller_json, link, caller.now_ms);
  }
  if (session.value().answered) {
    std::string db = session.value().database.empty() ? r.database : session.value().database;
    Json meta = Meta("", db, info.kind);
    const SessionAnswer& a = session.value();
    if (a.foreign_key_checks.has_value() || !a.variables.empty()) {
      // The whole session state: the client replaces its copy with it.
      Json variables = Json::object();
      for (const auto& [name, value] : r.variables) variables[name] = value;
      for (const auto& [name, value] : a.variables) variables[name] = value;
      meta["session"] = {
          {"foreign_key_checks", a.foreign_key_checks.value_or(r.foreign_key_checks) ? 1 : 0},
          {"variables", std::move(variables)}};
    }
    if (a.autocommit) meta["session"]["autocommit"] = *a.autocommit ? 1 : 0;
    if (a.lock_wait_timeout) meta["session"]["innodb_lock_wait_timeout"] = *a.lock_wait_timeout;
    if (a.idle_transaction_timeout)
      meta["session"]["idle_transaction_timeout"] = *a.idle_transaction_timeout;
    Output out = Answer(OkBody(WarningsJson(warnings), std::move(meta)));
    // SET autocommit = 1 ends a transaction that never reached a shard.
    if (a.autocommit.value_or(false) && txn.open)
      out.session["transaction"] = TransactionToJson(Transaction{});
    return out;
  }

  if (Status allowed = CheckPermission(caller.claims, info); !allowed.ok())
    return ErrorOutput(allowed.error());
  Result<routing::Route> route = routing::RouteStatement(info, r.database);
  if (!route.ok()) return ErrorOutput(route.error());
  const bool names_tables = !info.tables_read.empty() || !info.tables_written.empty();

  // The database's table policy, as this isolate last fetched it: asked for
  // before the first statement, refreshed in the background once old.
  const routing::Policy* policy = nullptr;
  Json background;
  if (!r.database.empty()) {
    PolicyStore& store = PolicyStore::Instance();
    std::optional<int64_t> fetched = store.FetchedAt(r.database);
    if (!fetched) {
      return Emit(Json::array({ConfigGetCall(r.database)}),
                  RequestContext(kOpLoadPolicy, body, caller_json, r.database, link),
                  caller.now_ms);
    }
    if (caller.now_ms - *fetched >= PolicyStore::kRefreshMs) {
      store.Fetched(r.database, std::nullopt, caller.now_ms);  // one refresh in flight
      Json refresh{{"op", kOpLoadPolicy},
                   {"database", r.database},
                   {"background", true},
                   {"now", caller.now_ms},
                   {"called", Json::array({""})}};
      background = {{"calls", Json::array({ConfigGetCall(r.database)})},
                    {"context", KeepContext(std::move(refresh))}};
    }
    policy = store.Find(r.database);
  }
  if (policy == nullptr && !caller.claims.tenant.empty() && names_tables) {
    return ErrorOutput(Error(ErrorCode::kDbAccessDenied,
                             "Access denied for tenant '" + caller.claims.tenant +
                                 "' to database '" + r.database +
                                 "': it has no table policy, so no row belongs to a tenant"));
  }

  const std::string home = route.value().shard;  // "<database>/0", or the system shard
  // Table-less statements without a database (SELECT 1) need no catalog.
  const catalog::DatabaseSchema* schema = nullptr;
  if (!r.database.empty()) {
    schema = CatalogCache::Instance().Find(r.database);
    if (schema == nullptr) {
      Json ctx = RequestContext(kOpLoadCatalog, body, caller_json, r.database, link);
      return Emit(Json::array({ReadCall(home, CatalogLoadStatements())}), std::move(ctx),
                  caller.now_ms, background);
    }
  }

  Json ctx =
      RequestContext(kOpStatement, std::move(body), caller_json, r.database, std::move(link));
  // Members at their readers' defaults (false, 0, none) are left out: each
  // is a node to build and to free on every statement.
  ctx["kind"] = static_cast<int>(info.kind);
  if (r.rows_as_array) ctx["rowsAsArray"] = true;
  if (schema != nullptr) ctx["guard"] = true;
  if (r.last_insert_id != 0) ctx["lastInsertId"] = r.last_insert_id;
  Json statements = Json::array();
  Json before = Json::array();
  if (schema != nullptr) statements.push_back(GuardStatement(schema->version));

  Result<std::optional<IntrospectionQuery>> introspection =
      ParseIntrospection(r.sql, tokens, info, r.database);
  if (!introspection.ok()) return ErrorOutput(introspection.error());

  // Where it runs: the home alone without a policy, and for what only the
  // schema answers (DESCRIBE, SHOW TABLES); else where the router says.
  std::vector<std::string> shards{home};
  std::vector<SplitPart> split;
  routing::Decision decision;
  decision.kind = routing::Decision::Kind::kSingle;
  if (policy != nullptr && names_tables && !introspection.value().has_value()) {
    std::vector<sql::Value> params = RoutingValues(r.params);
    // INSERT without a column list: the catalog says which value is the key.
    const sql::StatementInfo* routed = &info;
    sql::StatementInfo adjusted;
    if (info.insert_columns.empty() && !info.insert_rows.empty() && schema != nullptr &&
        !info.tables_written.empty()) {
      if (const catalog::TableDef* table = schema->FindTable(info.tables_written[0].name)) {
        adjusted = info;
        for (const catalog::ColumnDef& c : table->columns)
          adjusted.insert_columns.push_back(c.name);
        routed = &adjusted;
      }
    }
    // BEGIN's shard hint speaks for each statement of its transaction that
    // does not name its own shard.
    sql::StatementInfo with_hints;
    const sql::StatementInfo* hinted = nullptr;
    if (in_session && txn.open && !txn.hints.empty()) {
      with_hints = *routed;
      with_hints.hints.shard.insert(with_hints.hints.shard.end(), txn.hints.begin(),
                                    txn.hints.end());
      hinted = &with_hints;
    }
    decision = routing::Decide(*policy, *routed, params, caller.claims.tenant);
    if (hinted != nullptr && (decision.kind == routing::Decision::Kind::kScatter ||
                              decision.kind == routing::Decision::Kind::kReject)) {
      decision = routing::Decide(*policy, *hinted, params, caller.claims.tenant);
    }
    if (decision.kind == routing::Decision::Kind::kReject && info.hints.split_rows) {
      split = SplitInsert(*policy, *routed, r, tokens, params, caller.claims.tenant);
      if (split.size() > 1) {
        decision.kind = routing::Decision::Kind::kMulti;
        decision.shards.clear();
        for (const SplitPart& part : split) decision.shards.push_back(part.shard);
        decision.reason = "rows split by /*+ split_rows */";
      }
    }
    if (decision.kind == routing::Decision::Kind::kReject) return ErrorOutput(*decision.error);
    shards.clear();
    for (const std::string& s : decision.shards) shards.push_back(ShardObject(r.database, s));
    ctx["route"] = routing::DecisionKindName(decision.kind);
    ctx["reason"] = decision.reason;
  }
  ctx["shards"] = shards;
  const bool several = shards.size() > 1 || decision.kind == routing::Decision::Kind::kScatter;

  // Inside a transaction: the statement joins it on its shard, pinning it
  // there if it is the first. A statement that needs no table runs on that
  // shard, or on its own before the transaction has one.
  const bool in_transaction = in_session && (txn.open || !r.autocommit) && !sql::IsDdl(info.kind) &&
                              !introspection.value().has_value() && (names_tables || txn.started);
  if (in_transaction) {
    if (several || !split.empty()) {
      return ErrorOutput(Unsupported("a statement on several shards (" + decision.reason +
                                     ") inside a transaction: a transaction runs on one shard"));
    }
    std::string shard = shards[0];
    const bool anywhere = !names_tables || decision.kind == routing::Decision::Kind::kReference;
    if (anywhere && !txn.shard.empty()) shard = txn.shard;
    if (!txn.shard.empty() && shard != txn.shard) {
      return ErrorOutput(Unsupported("a statement for shard " + shard +
                                     " inside a transaction on shard " + txn.shard +
                                     ": a transaction runs on one shard; it is still open"));
    }
    txn.open = true;
    txn.shard = shard;
    shards = {shard};
    ctx["shards"] = shards;
    ctx["txn"] = TransactionToJson(txn);
  }

  // Foreign key enforcement as the session has it, for whatever may write:
  // set before the shard's transaction (SQLite ignores the pragma inside
  // one) and proven by a statement in it. A read outside a transaction is
  // the same either way and skips both (two of a point read's five
  // statements on the shard).
  const bool reads = info.kind == StatementKind::kSelect || info.kind == StatementKind::kShow ||
                     introspection.value().has_value();
  if (schema != nullptr && (!reads || in_transaction)) {
    before.push_back(ForeignKeysPragma(r.foreign_key_checks));
    ctx["fkIndex"] = statements.size();
    statements.push_back(ForeignKeyStateStatement(r.foreign_key_checks));
  }

  if (introspection.value().has_value()) {
    if (schema == nullptr)
      return ErrorOutput(Error(ErrorCode::kNoDatabaseSelected, "No database selected"));
    const IntrospectionQuery& q = *introspection.value();
    ctx["op"] = kOpIntrospect;
    ctx["what"] = static_cast<int>(q.what);
    ctx["table"] = q.table;
    ctx["like"] = q.like;
    // The guard proves the cached catalog current; the counter is the
    // shard's.
    statements.push_back({{"sql", "SELECT seq + 1 FROM sqlite_sequence WHERE name = ?1"},
                          {"params", Json::array({q.table})}});
    return Emit(Json::array({ReadCall(home, std::move(statements), std::move(before))}),
                std::move(ctx), caller.now_ms, background);
  }

  std::map<std::string, std::string> user_variables;
  for (const auto& [name, value] : r.variables) {
    user_variables[name] = value.is_string() ? transpile::QuoteString(value.get<std::string>())
                           : value.is_null() ? std::string("NULL")
                                             : value.dump();
  }
  transpile::TranspileContext context;
  context.database = r.database;
  context.schema = schema;
  context.user_variables = &user_variables;
  // Only a statement that reads @@variables needs the session's values.
  std::map<std::string, std::string> session_variables;
  if (std::any_of(tokens.begin(), tokens.end(),
                  [](const sql::Token& t) { return t.kind == sql::TokenKind::kSystemVariable; })) {
    session_variables = {{"autocommit", r.autocommit ? "1" : "0"},
                         {"foreign_key_checks", r.foreign_key_checks ? "1" : "0"},
                         {"innodb_lock_wait_timeout", std::to_string(r.lock_wait_timeout)},
                         {"idle_transaction_timeout", std::to_string(r.idle_transaction_timeout)}};
    context.session_variables = &session_variables;
  }
  context.last_insert_id = r.last_insert_id;
  context.row_count = r.row_count;
  if (in_transaction) context.statement_time = StatementTime(caller.now_ms);
  if (!split.empty())
    return PlanSplit(split, r, context, std::move(ctx), statements, before, caller.now_ms,
                     background);
  // A read several shards answer: each runs its part, the rows are merged.
  if (several && !decision.write) {
    if (info.kind != StatementKind::kSelect) {
      return ErrorOutput(
          Unsupported(std::string(sql::StatementKindName(info.kind)) + " over several shards"));
    }
    std::string_view text = std::string_view(r.sql).substr(info.begin, info.end - info.begin);
    Result<sql::ParsedStatement> parsed = sql::ParseStatement(text);
    if (!parsed.ok()) return ErrorOutput(parsed.error());
    const auto* select = sql::ast::As<sql::ast::SelectStatement>(&parsed.value().root());
    if (select == nullptr || select->query == nullptr)
      return ErrorOutput(Unsupported("this statement over several shards"));
    Result<routing::MergePlan> merge = routing::PlanMerge(text, *select->query);
    if (!merge.ok()) return ErrorOutput(merge.error());
    context.shard_part = true;
    context.shard_limit = merge.value().shard_limit;
    ctx["merge"] = MergePlanToJson(merge.value());
  }
  TranslationCache& translations = TranslationCache::Instance();
  const std::string key = TranslationCache::Key(r.sql, info.kind, context,
                                                CatalogCache::Instance().Generation(r.database));
  std::shared_ptr<const transpile::Translation> translation = translations.Find(key, context);
  if (translation == nullptr) {
    Result<transpile::Translation> fresh = transpile::Transpile(r.sql, tokens, info, context);
    if (!fresh.ok()) return ErrorOutput(fresh.error());
    translation = std::make_shared<const transpile::Translation>(std::move(fresh).value());
    translations.Put(key, translation, context);
  }
  const transpile::Translation& t = *translation;
  warnings.insert(warnings.end(), t.warnings.begin(), t.warnings.end());
  if (!warnings.empty()) ctx["warnings"] = WarningsJson(warnings);

  AppendTranslation(t, info, r.params, statements, ctx);
  if (sql::IsDdl(info.kind) && schema != nullptr) {
    // The change's own statements, which a shard that missed it replays
    // (DDL carries no placeholders).
    Json change = Json::array();
    for (const std::string& st : t.statements)
      change.push_back({{"sql", st}, {"params", Json::array()}});
    const int64_t version = schema->version + 1;
    change.push_back(DdlLogStatement(version, r.sql));
    Json puts = Json::array();
    for (const catalog::TableDef& table : t.put_tables) {
      change.push_back(CatalogPutStatement(table));
      change.push_back(TableRewrittenStatement(table.name));
      puts.push_back(catalog::ToJson(table));
    }
    for (const std::string& name : t.dropped_tables) {
      change.push_back(CatalogDropStatement(name));
      change.push_back(TableRewrittenStatement(name));
    }
    for (size_t i = t.statements.size(); i < change.size(); ++i) statements.push_back(change[i]);
    statements.push_back(DdlReplayPutStatement(version, Dump(change)));
    ctx["ddl"] = {{"version", version}, {"puts", std::move(puts)}, {"drops", t.dropped_tables}};
  }
  Json tables = Json::array();
  for (const sql::TableName& name : info.tables_read) tables.push_back(name.name);
  ctx["tables"] = std::move(tables);

  if (several && decision.write) {
    // Every shard applies it: tried everywhere first (rolled back), then
    // recorded by the home when it changes the schema, then applied.
    ctx["op"] = kOpFanOut;
    ctx["stage"] = "dry_run";
    ctx["home"] = sql::IsDdl(info.kind);
    ctx["statements"] = statements;
    ctx["before"] = before;
    Json calls = Json::array();
    for (const std::string& shard : shards)
      calls.push_back(ShardCall(shard, statements, before, true));
    return Emit(std::move(calls), std::move(ctx), caller.now_ms, background);
  }
  // Reads never wait for a transaction holding the shard; writes wait as
  // long as the session allows.
  if (!r.versions.empty()) ctx["versions"] = r.versions;
  if (info.kind == StatementKind::kSelect) {
    if (!in_transaction && !several && shards.size() == 1 && schema != nullptr) {
      // The guard (statement 0) reads the data version too.
      statements[0] = GuardedVersionStatement(schema->version);
      ctx["versionAt"] = 0;
      // A session's read may be planned (or answered from the isolate's
      // cache) again from a recipe, if nothing of it depends on more than
      // its text and the catalog (read_recipes.h).
      const bool recipe_may_hold = recipe != nullptr && policy == nullptr && background.is_null() &&
                                   t.statements.size() == 1 && t.preflight.empty() &&
                                   !t.set_last_insert_id && !t.reads_session;
      std::optional<KeepRecipe> keep;
      if (recipe_may_hold) {
        keep = [&](const Json& call, const Json& read_ctx) {
          *recipe =
              MakeReadRecipe(r.sql, analyzed, call, read_ctx, r.params.size(), Json(t.extra_params),
                             CatalogCache::Instance().Generation(r.database));
        };
      }
      return PlanCachedRead(info, r, tokens, policy, *schema,
                            ReadCall(shards[0], std::move(statements), std::move(before)),
                            std::move(ctx), caller.now_ms, background, keep ? &*keep : nullptr);
    }
    ctx["cache"] = {{"status", "bypass"},
                    {"reason", in_transaction      ? "inside a transaction"
                               : schema == nullptr ? "no database selected"
                                                   : "it reads several shards"}};
  }
  Json calls = Json::array();
  for (const std::string& shard : shards) {
    // The last call takes the statements; any before it copy them.
    const bool last = &shard == &shards.back();
    Json these = last ? std::move(statements) : statements;
    Json set_first = last ? std::move(before) : before;
    Json call = reads && !in_transaction ? ReadCall(shard, std::move(these), std::move(set_first))
                                         : ShardCall(shard, std::move(these), std::move(set_first));
    if (in_transaction) {
      // Only an UPDATE or DELETE answers with counts alone, which COMMIT's
      // rerun checks; any other statement holds the shard from here.
      const bool hold = info.kind != StatementKind::kUpdate && info.kind != StatementKind::kDelete;
      MarkStep(call, txn, !reads, hold, r);
    } else if (!reads) {
      SetLockWait(call, r);
    }
    calls.push_back(std::move(call));
  }
  return Emit(std::move(calls), std::move(ctx), caller.now_ms, background);
}

// The session's versions (ctx "versions", request.h) after a write that
// left `version` on `shard` and changed the tables `changed` names (the
// shard's answer: a JSON array of names). When they are not
// known, or the session already holds a version for every table of the
// shard, the entry covers every table. A session that wrote to more
// shards than a request may name forgets one of the others: its reads
// there may then be answered from before its write, as any other
// session's may.
Json WithVersion(const Json& ctx, const std::string& shard, const Json& version,
                 const Json& changed) {
  Json versions = ctx.value("versions", Json::object());
  auto held = versions.find(shard);
  const bool by_table =
      changed.is_array() && (held == versions.end() || held->is_object()) &&
      std::all_of(changed.begin(), changed.end(), [](const Json& t) { return t.is_string(); });
  if (!by_table) {
    versions[shard] = version;
  } else if (!changed.empty()) {  // a write that changed nothing needs no version
    Json& tables = versions[shard];
    for (const Json& t : changed) tables[t.get<std::string>()] = version;
    if (tables.size() > kMaxSessionTables) tables = version;  // newest of them all
  }
  while (versions.size() > kMaxSessionVersions) {
    auto other = versions.begin();
    if (other.key() == shard) ++other;
    versions.erase(other);
  }
  return versions;
}

// The answer to a statement from one shard's answer (its errors already
// handled): shaped rows, or affected rows and ids, or the new schema.
Output FinishResult(const Json& ctx, const Json& answer, Json body) {
  const Json empty = Json::array();
  const Json& results = ResultsOf(answer);
  auto kind = KindOf(ctx);
  const std::string database(StringOr(ctx, "database"));
  CatalogCache& cache = CatalogCache::Instance();
  if (auto ddl = ctx.find("ddl"); ddl != ctx.end() && ddl->is_object()) {
    std::vector<catalog::TableDef> puts;
    for (const Json& t : ddl->value("puts", Json::array())) {
      Result<catalog::TableDef> table = catalog::TableFromJson(t);
      if (table.ok()) puts.push_back(std::move(table).value());
    }
    std::vector<std::string> drops;
    for (const Json& d : ddl->value("drops", Json::array())) {
      if (d.is_string()) drops.push_back(d.get<std::string>());
    }
    cache.Apply(database, ddl->value("version", int64_t{0}), std::move(puts), drops);
    body["meta"]["session"] =
        JsonObjectOf("last_insert_id", IntOr(ctx, "lastInsertId"), "row_count", 0);
    return Answer(body);
  }

  int index = IntOr(ctx, "result", -1);
  if (index < 0 || static_cast<size_t>(index) >= results.size()) {
    return ErrorOutput(Error(ErrorCode::kInternal, "Internal error: the shard returned no result"));
  }
  const Json& result = results[static_cast<size_t>(index)];
  const Json& rows = ResultRows(results, static_cast<size_t>(index));
  const Json& columns =
      result.is_object() && result.contains("columns") && result["columns"].is_array()
          ? result["columns"]
          : empty;

  if (kind == StatementKind::kSelect || kind == StatementKind::kShow) {
    const catalog::DatabaseSchema* schema = cache.Find(database);
    std::vector<const catalog::TableDef*> tables;
    if (schema != nullptr) {
      for (const Json& name : Member(ctx, "tables")) {
        if (name.is_string()) tables.push_back(schema->FindTable(name.get<std::string>()));
      }
    }
    const ShapedResultSet shaped =
        ShapeResultSet(columns, rows, tables, Member(ctx, "columns"), BoolOr(ctx, "rowsAsArray"));
    body["meta"]["session"] =
        JsonObjectOf("last_insert_id", IntOr(ctx, "lastInsertId"), "row_count", -1);
    return Answer(body, &shaped);
  }

  int64_t last_insert_id = IntOr(ctx, "lastInsertId");
  int64_t row_count = 0;
  if (WritesRows(kind) && !rows.empty() && rows[0].is_array() && rows[0].size() == 3) {
    int64_t changes = AsInt(rows[0][0]);
    int64_t last_id = AsInt(rows[0][1]);
    bool auto_increment = AsInt(rows[0][2]) != 0;
    int64_t affected = changes;
    int64_t inserted = changes;
    if (auto p = ctx.find("preflight"); p != ctx.end() && p->is_number_integer()) {
      // (rows, rows meeting an existing row on a unique key), counted just
      // before the statement in the same transaction.
      const Json& pre = ResultRows(results, p->get<size_t>());
      int64_t total =
          !pre.empty() && pre[0].is_array() && pre[0].size() == 2 ? AsInt(pre[0][0]) : 0;
      int64_t conflicts =
          !pre.empty() && pre[0].is_array() && pre[0].size() == 2 ? AsInt(pre[0][1]) : 0;
      auto rule = static_cast<transpile::AffectedRows>(ctx.value("affected", 0));
      if (rule == transpile::AffectedRows::kUpsert) {
        // 1 per inserted row, 2 per updated row, 0 per row left as it was
        // (SQLite's changes() counts neither those nor the WHERE-skipped).
        inserted = std::max<int64_t>(total - conflicts, 0);
        affected = inserted + 2 * std::max<int64_t>(changes - inserted, 0);
      } else if (rule == transpile::AffectedRows::kReplace) {
        affected = changes + conflicts;  // each replaced row was deleted, then inserted
      }
    }
    body["affectedRows"] = affected;
    row_count = affected;
    if ((kind == StatementKind::kInsert || kind == StatementKind::kReplace) && auto_increment &&
        inserted > 0) {
      // MySQL reports the first id a multi-row INSERT generated; SQLite gives
      // the last, and AUTOINCREMENT ids of one statement are consecutive.
      body["insertId"] = last_id - inserted + 1;
      if (!BoolOr(ctx, "explicitIds")) last_insert_id = last_id - inserted + 1;
    }
  }
  // LAST_INSERT_ID() and ROW_COUNT() for the session's next statements.
  body["meta"]["session"] = JsonObjectOf("last_insert_id", last_insert_id, "row_count", row_count);
  // The version the write left on its shard: the session's later reads
  // take no cached answer older than it.
  const Json& shards = Member(ctx, "shards");
  if (body["meta"].contains("dataVersion") && shards.size() == 1 && shards[0].is_string()) {
    body["meta"]["session"]["versions"] = WithVersion(
        ctx, shards[0].get<std::string>(), body["meta"]["dataVersion"], CapturedTables(answer));
  }
  return Answer(body);
}

Json AnswerVersion(const Json& ctx, const Json& answer);

// A SELECT's answer, for the metrics of each table it read (a stale
// entry's background refresh is not a read).
void CountRead(const Json& ctx) {
  const std::string_view status = StringOr(Member(ctx, "cache"), "status", "bypass");
  if (status == "refresh") return;
  const std::string_view database = StringOr(ctx, "database");
  for (const Json& table : Member(ctx, "tables")) {
    if (table.is_string())
      Metrics::Instance().Read(database, table.get_ref<const std::string&>(), status);
  }
}

// Stale entries whose refresh this isolate has in flight, since when: one
// refresh per key at a time.
std::unordered_map<std::string, int64_t>& Refreshing() {
  static auto* keys = new std::unordered_map<std::string, int64_t>();
  return *keys;
}

bool StartRefresh(const std::string& key, int64_t now_ms) {
  auto& refreshing = Refreshing();
  if (refreshing.size() >= kMaxRefreshing) {
    // Refreshes whose fill never came (a failed read) are forgotten.
    std::erase_if(refreshing, [&](const auto& r) { return now_ms - r.second >= kRefreshMs; });
  }
  auto [it, inserted] = refreshing.emplace(key, now_ms);
  if (!inserted && now_ms - it->second < kRefreshMs) return false;
  it->second = now_ms;
  return true;
}

// The plan that hands a cacheable read's fresh answer to the consumer,
// which writes it to KV unless a newer version of its key is known
// (cache/entries.h); empty when there is nothing to fill. The answer also
// becomes this isolate's copy of the key (cache/isolate_cache.h): until
// the fill lands, which may take seconds behind a burst of change events,
// the isolate's next readers take it from there instead of each reading
// the shard and sending a fill of their own.
std::string FillPlan(const Json& ctx, const Json& answer) {
  const Json& c = ctx["cache"];
  const std::string status = c.value("status", "");
  if (status == "refresh") Refreshing().erase(c.value("key", ""));
  if (status != "miss" && status != "refresh") return {};
  std::optional<cache::Version> version = cache::VersionFromJson(AnswerVersion(ctx, answer));
  if (!version) return {};
  const int64_t fresh = c.value("fresh", int64_t{0});
  const int64_t ttl_s =
      c.value("mode", "") == "cached" && fresh == 0
          ? kCachedTtlS
          : std::max(cache::kMinTtlS, (fresh + c.value("swr", int64_t{0}) + 999) / 1000);
  Json event{{"type", "fill"},
             {"shard", ctx.value("shards", Json::array({""}))[0]},
             {"key", c["key"]},
             {"entity", c["entity"]},
             {"table", c["table"]},
             {"tables", c["tables"]},
             {"hash", c["hash"]},
             {"v", cache::VersionToJson(*version)},
             {"at", IntOr(ctx, "now")},
             {"results", ResultsOf(answer)},
             {"ttl", ttl_s}};
  if (c.contains("call")) {
    event["prewarm"] = true;
    event["call"] = c["call"];
  }
  std::string text = Dump(event);
  if (text.size() > kMaxFillBytes) return {};
  const std::string key = c.value("key", "");
  const int64_t now = IntOr(ctx, "now");
  auto entry = std::make_shared<const Json>(cache::FreshEntry(c.value("entity", false),
                                                              c.value("hash", ""), *version, now,
                                                              c["tables"], ResultsOf(answer)));
  // No record: the shard's answer is newer than any KV holds.
  cache::IsolateCache& isolate = cache::IsolateCache::Instance();
  isolate.Put(key, {std::move(entry), std::make_shared<const Json>()}, text.size(), now);
  if (!isolate.StartFill(key, now)) return {};
  return CallsOutput(Json::array({QueueSendCall(Json::array({std::move(text)}))}),
                     Json{{"op", kOpCacheFilled}})
      .body;
}

Json BodyFor(const Json& ctx) {
  auto kind = KindOf(ctx);
  return OkBody(Has(ctx, "warnings") ? ctx["warnings"] : Json::array(), RoutedMeta(ctx, kind));
}

// The data version a shard's answer carries: a write's, or the one read
// with a cacheable read's rows (ctx "versionAt"). Null when neither.
Json AnswerVersion(const Json& ctx, const Json& answer) {
  if (Json captured = CapturedVersion(answer); !captured.is_null()) return captured;
  auto at = ctx.find("versionAt");
  if (at == ctx.end() || !at->is_number_integer()) return Json();
  // [epoch, ver] are the row's last two values (after the guard's, when
  // the guard read them).
  const Json& rows = ResultRows(ResultsOf(answer), at->get<size_t>());
  if (rows.empty() || !rows[0].is_array() || rows[0].size() < 2) return Json();
  const Json& row = rows[0];
  return Json::array({AsInt(row[row.size() - 2]), AsInt(row[row.size() - 1])});
}

// BodyFor, plus how the cache served the answer (meta.cache, and for a hit
// its age) and the data version it reflects.
Json BodyFor(const Json& ctx, const Json& answer) {
  Json body = BodyFor(ctx);
  const Json& cache = Member(ctx, "cache");
  if (cache.is_object()) {
    const std::string status = cache.value("status", "bypass");
    body["meta"]["cache"] = status == "refresh" ? "miss" : status;
    if (Has(cache, "reason")) body["meta"]["cacheReason"] = cache["reason"];
    if (Has(cache, "age")) body["meta"]["cacheAge"] = cache["age"];
    if (Has(cache, "layer") && status == "hit") body["meta"]["cacheLayer"] = cache["layer"];
  }
  Json version =
      cache.is_object() && Has(cache, "version") ? cache["version"] : AnswerVersion(ctx, answer);
  if (!version.is_null()) body["meta"]["dataVersion"] = std::move(version);
  return body;
}

// A shard's failed answer to a statement: what it means for the request.
Output FailedStatement(const Json& ctx, std::string_view shard, const Json& error) {
  const std::string database(StringOr(ctx, "database"));
  if (IsTransport(error)) return ErrorOutput(Interrupted(shard));
  if (error.value("lockWait", false)) {
    return ErrorOutput(Error(ErrorCode::kLockWaitTimeout,
                             "Lock wait timeout exceeded; try restarting transaction (shard " +
                                 std::string(shard) + " is held by another transaction)"));
  }
  if (IsGuard(ctx, error)) {
    if (shard == HomeShard(database) || database.empty()) {
      // The schema moved on since this isolate cached it.
      CatalogCache::Instance().Forget(database);
      return Replan(ctx);
    }
    return CatchUpPlan(ctx, shard);
  }
  if (Has(ctx, "fkIndex") && error.value("index", -1) == ctx.value("fkIndex", -2)) {
    return ErrorOutput(Error(ErrorCode::kInternal,
                             "Internal error: the shard could not set foreign key enforcement; the "
                             "statement did not run"));
  }
  auto kind = KindOf(ctx);
  return ErrorOutput(MapSqliteError(error.value("message", ""), kind, database,
                                    BoolOr(ctx, "changesReferencedKey")));
}

// A split INSERT's answers: each shard's rows committed on their own, so a
// failure says which shards' rows are in; success adds the counts up.
Output FinishSplit(const Json& ctx, const Json& answers) {
  const Json& called = Member(ctx, "called");
  std::string committed;
  std::optional<Output> failed;
  std::string failed_shard;
  int64_t affected = 0;
  Json body;
  for (size_t i = 0; i < called.size(); ++i) {
    const std::string shard = called[i].get<std::string>();
    const Json& answer = Answers(answers, i);
    if (const Json* error = ErrorOf(answer)) {
      if (!failed) {
        failed = FailedStatement(ctx, shard, *error);
        failed_shard = shard;
      }
      continue;
    }
    committed += (committed.empty() ? "" : ", ") + shard;
    Output one = FinishResult(ctx, answer, BodyFor(ctx));
    Result<Json> parsed = ParseJson(one.body, "a split part's answer");
    if (one.status != 200 || !parsed.ok()) return one;
    affected += parsed.value().value("affectedRows", int64_t{0});
    if (body.is_null()) body = std::move(parsed).value();
  }
  if (failed) {
    if (committed.empty()) return *failed;  // nothing went in: retrying (a re-plan) is safe
    if (failed->status == 0) {
      // Planning it again would insert the committed rows twice.
      return ErrorOutput(Error(ErrorCode::kErrorDuringCommit,
                               "Got error during COMMIT: split INSERT: the rows for " + committed +
                                   " were inserted, but " + failed_shard +
                                   " was not on the current schema and inserted nothing; retry "
                                   "its rows"));
    }
    Result<Json> error = ParseJson(failed->body, "a split part's error");
    if (error.ok() && error.value().contains("error")) {
      Json& e = error.value()["error"];
      e["message"] =
          e.value("message", "") + " (split INSERT: the rows for " + committed + " were inserted)";
      failed->body = Dump(error.value());
    }
    return *failed;
  }
  body["affectedRows"] = affected;
  body["meta"]["session"]["row_count"] = affected;
  return Answer(body);
}

// A transaction's shard lost it (reset, idle too long): it was rolled back
// there, and the session has no transaction any more.
Error TransactionLost(std::string_view shard, const Json& error) {
  return Error(ErrorCode::kLockDeadlock,
               "Deadlock found when trying to get lock; try restarting transaction: the " +
                   error.value("message", std::string("transaction")) + " on shard " +
                   std::string(shard) + ", and none of its changes were kept");
}

Output FinishResults(const Json& ctx, const Json& answers);

// A statement of a transaction: its answer, and whether the shard now holds
// the transaction (it does after its first statement there succeeds).
Output FinishStep(const Json& ctx, const Json& answers) {
  Transaction txn = TransactionFromJson(ctx["txn"]);
  const std::string shard = txn.shard;
  const Json& answer = Answers(answers, 0);
  const Json* error = ErrorOf(answer);
  Output out;
  if (error != nullptr && (error->value("lost", false) || IsTransport(*error))) {
    // The shard forgot it, or may have: either way it is over. A shard that
    // still holds it lets it go after idle_transaction_timeout.
    out = ErrorOutput(error->value("lost", false)
                          ? TransactionLost(shard, *error)
                          : Error(ErrorCode::kQueryInterrupted,
                                  "Query execution was interrupted: shard " + shard +
                                      " did not answer; the transaction was rolled back"));
    txn = Transaction{};
  } else {
    out = FinishResults(ctx, answers);
    if (out.status == 0) return out;  // planned again (a stale catalog)
    txn.started = answer.value("txn", "") == "open";
    if (!txn.started && txn.hints.empty()) txn.shard.clear();
  }
  out.session["transaction"] = TransactionToJson(txn);
  return out;
}

// A cacheable read's KV lookup: the entry serves if it is fresh enough
// (cache/entries.h Judge), a stale one while a refresh runs in the
// background; otherwise the shard answers, and its answer fills the cache.
Output FinishCacheRead(Json ctx, const Json& answers) {
  const Json& answer = Answers(answers, 0);
  auto entry = std::make_shared<Json>();
  auto record = std::make_shared<Json>();
  size_t bytes = 0;
  if (ErrorOf(answer) == nullptr) {
    const Json values = answer.value("values", Json::array());
    auto parse = [&](size_t i) {
      if (i >= values.size() || !values[i].is_string()) return Json();
      bytes += values[i].get_ref<const std::string&>().size();
      Result<Json> v = ParseJson(values[i].get_ref<const std::string&>(), "a cache entry");
      return v.ok() ? std::move(v).value() : Json();
    };
    *entry = parse(0);
    *record = parse(1);
  }
  return ServeCacheRead(std::move(ctx), {std::move(entry), std::move(record)}, bytes);
}

// A cacheable read's entry and record, from KV (`bytes` long there) or from
// the isolate's cache (bytes 0): judged, then served, or read from the shard.
Output ServeCacheRead(Json ctx, const cache::IsolateCache::Held& held, size_t bytes) {
  const Json& entry = *held.entry;
  const Json& record = *held.record;
  Json read = std::move(ctx["read"]);
  ctx.erase("read");
  ctx["op"] = kOpStatement;  // the shard's answer, if asked for, is a statement's
  Json& c = ctx["cache"];    // after ctx's last new member (json_object.h)
  cache::ReadPolicy policy;
  policy.mode =
      c.value("mode", "") == "bounded" ? cache::ServeMode::kBounded : cache::ServeMode::kCached;
  policy.fresh_ms = c.value("fresh", int64_t{0});
  policy.swr_ms = c.value("swr", int64_t{0});
  const cache::ReadKey key{c.value("entity", false), c.value("table", ""), c.value("hash", "")};
  const int64_t now = IntOr(ctx, "now");
  const cache::Judged judged = cache::Judge(entry, record, key, policy, now,
                                            cache::VersionFromJson(c.value("written", Json())));
  if (c.value("prewarm", false)) {
    // The fill keeps the read, which the consumer runs again after a change.
    c["call"] = read;
    c["call"].erase("share");
  }
  if (judged.verdict == cache::Verdict::kMiss)
    return Emit(Json::array({std::move(read)}), std::move(ctx), now);
  const bool stale = judged.verdict == cache::Verdict::kStale;
  if (!stale && bytes > 0)
    cache::IsolateCache::Instance().Put(c.value("key", ""), held, bytes, now);
  c["status"] = stale ? "stale" : "hit";
  c["age"] = judged.age_ms;
  c["version"] = cache::VersionToJson(judged.version);
  Json served = Json::array();
  served.push_back(JsonObjectOf("results", *judged.results));
  Output out = FinishResults(ctx, served);
  if (stale && out.status == 200 && StartRefresh(c.value("key", ""), now)) {
    Json refresh = std::move(ctx);  // FinishResults is done with it
    refresh["cache"]["status"] = "refresh";
    refresh["cache"].erase("version");
    refresh["cache"].erase("age");
    Output plan = Emit(Json::array({std::move(read)}), std::move(refresh), now);
    if (plan.status == 0) out.background = std::move(plan.body);
  }
  return out;
}

Output FinishStatement(const Json& ctx, const Json& answers) {
  if (Has(ctx, "txn")) return FinishStep(ctx, answers);
  return FinishResults(ctx, answers);
}

Output FinishResults(const Json& ctx, const Json& answers) {
  if (BoolOr(ctx, "split")) return FinishSplit(ctx, answers);
  const Json& called = Member(ctx, "called");
  for (size_t i = 0; i < called.size(); ++i) {
    if (const Json* error = ErrorOf(Answers(answers, i)))
      return FailedStatement(ctx, called[i].get<std::string>(), *error);
  }
  if (!Has(ctx, "merge")) {
    const Json& answer = Answers(answers, 0);
    Output out = FinishResult(ctx, answer, BodyFor(ctx, answer));
    if (out.status == 200 && Has(ctx, "cache")) {
      out.background = FillPlan(ctx, answer);
      CountRead(ctx);
    }
    return out;
  }

  // Several shards' parts: merged into one result.
  const routing::MergePlan plan = MergePlanFromJson(ctx["merge"]);
  const size_t index = static_cast<size_t>(ctx.value("result", 0));
  std::vector<std::vector<routing::Row>> parts;
  for (size_t i = 0; i < called.size(); ++i) {
    std::vector<routing::Row>& part = parts.emplace_back();
    for (const Json& row : ResultRows(ResultsOf(Answers(answers, i)), index)) {
      if (row.is_array()) part.emplace_back(row.begin(), row.end());
    }
  }
  Result<std::vector<routing::Row>> merged = routing::MergeRows(plan, std::move(parts));
  if (!merged.ok()) return ErrorOutput(merged.error());
  Json columns = Json::array();
  const Json& first = ResultsOf(Answers(answers, 0));
  if (index < first.size() && first[index].is_object())
    columns = first[index].value("columns", Json::array());
  if (!plan.columns.empty() && columns.size() > plan.columns.size())
    columns.erase(columns.begin() + static_cast<std::ptrdiff_t>(plan.columns.size()),
                  columns.end());
  Json rows = Json::array();
  for (routing::Row& row : merged.value()) rows.push_back(Json(std::move(row)));
  Json results = Json::array();
  for (size_t i = 0; i < index; ++i) results.push_back(Json::object());
  results.push_back(JsonObjectOf("columns", std::move(columns), "rows", std::move(rows)));
  CountRead(ctx);
  return FinishResult(ctx, JsonObjectOf("results", std::move(results)), BodyFor(ctx));
}

// A write every shard applies (a schema change, a reference table's rows):
// dry run on every shard, then the home records a schema change, then every
// shard applies it.
Output FinishFanOut(Json ctx, const Json& answers) {
  const std::string stage(StringOr(ctx, "stage"));
  const std::string database(StringOr(ctx, "database"));
  const Json called = ctx.value("called", Json::array());
  const int64_t now = IntOr(ctx, "now");
  const bool ddl = BoolOr(ctx, "home");
  auto apply = [&](Json c) {
    c["stage"] = "apply";
    Json calls = Json::array();
    for (const Json& shard : Member(c, "shards"))
      calls.push_back(
          ShardCall(shard.get<std::string>(), Member(c, "statements"), Member(c, "before")));
    return Emit(std::move(calls), std::move(c), now);
  };
  if (stage == "dry_run") {
    for (size_t i = 0; i < called.size(); ++i) {
      const Json* error = ErrorOf(Answers(answers, i));
      if (error != nullptr) return FailedStatement(ctx, called[i].get<std::string>(), *error);
    }
    if (!ddl) return apply(std::move(ctx));
    ctx["stage"] = "home";
    Json calls = Json::array({ShardCall(HomeShard(database), ctx["statements"], ctx["before"])});
    return Emit(std::move(calls), std::move(ctx), now);
  }
  if (stage == "home") {
    const Json& answer = Answers(answers, 0);
    if (const Json* error = ErrorOf(answer)) {
      if (IsGuard(ctx, *error)) {
        CatalogCache::Instance().Forget(database);
        return Replan(ctx);
      }
      return FailedStatement(ctx, HomeShard(database), *error);
    }
    ctx["answer"] = answer;
    return apply(std::move(ctx));
  }
  // apply: a shard whose schema is not the one planned for skips a schema
  // change here and replays it before its next statement.
  std::string failed;
  const Json* done = Has(ctx, "answer") ? &ctx["answer"] : nullptr;
  size_t applied = 0;
  for (size_t i = 0; i < called.size(); ++i) {
    const Json& answer = Answers(answers, i);
    const Json* error = ErrorOf(answer);
    if (error == nullptr) {
      ++applied;
      if (done == nullptr) done = &answer;
      continue;
    }
    if (ddl && IsGuard(ctx, *error)) continue;
    if (!failed.empty()) failed += "; ";
    failed += called[i].get<std::string>() + ": " +
              (IsTransport(*error) ? "unreachable" : error->value("message", ""));
  }
  if (!failed.empty() || done == nullptr) {
    return ErrorOutput(Error(
        ErrorCode::kErrorDuringCommit,
        "Got error during COMMIT: the change was applied on " + std::to_string(applied) + " of " +
            std::to_string(called.size()) + " shards but failed on " +
            (failed.empty() ? std::string("the others") : failed) +
            (ddl ? " (a shard behind the schema replays it before its next statement)" : "")));
  }
  return FinishResult(ctx, *done, BodyFor(ctx));
}

Output FinishCatchUp(Json ctx, const Json& answers) {
  const std::string database(StringOr(ctx, "database"));
  const std::string shard(StringOr(ctx, "shard"));
  const Json called = ctx.value("called", Json::array());
  for (size_t i = 0; i < called.size(); ++i) {
    const Json* error = ErrorOf(Answers(answers, i));
    if (error == nullptr) continue;
    const std::string who = called[i].get<std::string>();
    if (IsTransport(*error)) return ErrorOutput(Interrupted(who));
    if (ctx.value("stage", "") == "replay" && error->value("index", -1) == 0) {
      return Replan(ctx);  // someone else brought the shard forward meanwhile
    }
    return ErrorOutput(Error(
        ErrorCode::kErrorDuringCommit,
        "Got error during COMMIT: shard " + who +
            " could not be brought to the database's schema: " + error->value("message", "")));
  }
  CatalogCache& cache = CatalogCache::Instance();
  if (ctx.value("stage", "") == "replay") {
    const catalog::DatabaseSchema* schema = cache.Find(database);
    if (schema != nullptr && schema->version != IntOr(ctx, "target")) cache.Forget(database);
    return Replan(ctx);
  }
  const int64_t version = FirstValue(Answers(answers, 0), 0);
  const int64_t target = FirstValue(Answers(answers, 1), 0);
  if (version >= target) {
    // The shard is current: this isolate's catalog was the stale one.
    cache.Forget(database);
    return Replan(ctx);
  }
  Json statements = Json::array({GuardStatement(version)});
  int64_t next = version + 1;
  for (const Json& row : ResultRows(ResultsOf(Answers(answers, 1)), 1)) {
    if (!row.is_array() || row.size() != 2 || !row[1].is_string()) continue;
    const int64_t k = AsInt(row[0]);
    if (k < next) continue;
    Result<Json> change = ParseJson(row[1].get<std::string>(), "a recorded schema change");
    if (k != next || !change.ok() || !change.value().is_array()) break;
    for (const Json& st : change.value()) statements.push_back(st);
    statements.push_back(DdlReplayPutStatement(k, row[1].get<std::string>()));
    ++next;
  }
  if (next != target + 1) {
    return ErrorOutput(Error(ErrorCode::kErrorDuringCommit,
                             "Got error during COMMIT: shard " + shard + " is at schema version " +
                                 std::to_string(version) + " and the database at " +
                                 std::to_string(target) +
                                 ", but the database's home has no replayable record of version " +
                                 std::to_string(next)));
  }
  ctx["stage"] = "replay";
  ctx["target"] = target;
  const int64_t now = IntOr(ctx, "now");
  return Emit(Json::array({ShardCall(shard, std::move(statements))}), std::move(ctx), now);
}

Output PlanBatchFor(std::string_view body, const Caller& caller, std::string_view caller_json);

Output Replan(const Json& ctx) {
  const std::string caller_json = ctx.value("caller", std::string(kTrustedCallerJson));
  return AsCaller(caller_json, [&](const Caller& c) {
    if (Has(ctx, "batch")) return PlanBatchFor(ctx.value("batch", ""), c, caller_json);
    return PlanFor(ctx.value("request", Json()), c, caller_json, ctx.value("session", Json()));
  });
}

// Whether `sql` calls LAST_INSERT_ID() or ROW_COUNT(), which inside a batch
// would have to see the statements before it.
bool ReadsSessionCounters(std::string_view sql) {
  Result<std::vector<sql::Token>> tokens = sql::Lex(sql);
  if (!tokens.ok()) return false;  // planning reports it
  const std::vector<sql::Token>& t = tokens.value();
  for (size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i].kind != sql::TokenKind::kIdentifier || !t[i + 1].IsOperator(sql, "(")) continue;
    std::string name = AsciiLower(t[i].text(sql));
    if (name == "last_insert_id" || name == "row_count") return true;
  }
  return false;
}

Error BatchRefusal(size_t i, std::string_view why) {
  return Unsupported("statement " + std::to_string(i + 1) + " of a batch: " + std::string(why));
}

// POST /v1/batch: each statement is planned as /v1/query would plan it, then
// all of them go to their one shard in one call, one transactionSync: all
// commit or none does. Each plan's context becomes a part of the batch's,
// with the offset of its statements in the call.
Output PlanBatchFor(std::string_view body, const Caller& caller, std::string_view caller_json) {
  Result<Json> parsed = ParseJson(body, "the batch");
  if (!parsed.ok()) return ErrorOutput(parsed.error());
  const Json& b = parsed.value();
  auto list = b.is_object() ? b.find("statements") : b.end();
  if (list == b.end() || !list->is_array() || list->empty() || list->size() > kMaxBatchStatements) {
    return ErrorOutput(
        Error(ErrorCode::kWrongArguments,
              "Incorrect arguments to batch: \"statements\" must be an array of 1 to " +
                  std::to_string(kMaxBatchStatements) + " {\"sql\", \"params\"}"));
  }
  Json parts = Json::array();
  Json calls = Json::array();
  Json background;  // a policy refresh one of the plans started
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& st = (*list)[i];
    if (!st.is_object() || !st.contains("sql") || !st["sql"].is_string()) {
      return ErrorOutput(Error(ErrorCode::kWrongArguments,
                               "Incorrect arguments to batch: statement " + std::to_string(i + 1) +
                                   " needs \"sql\", a string"));
    }
    const std::string& sql = st["sql"].get_ref<const std::string&>();
    if (i > 0 && ReadsSessionCounters(sql)) {
      return ErrorOutput(BatchRefusal(i,
                                      "LAST_INSERT_ID() and ROW_COUNT() would read the values "
                                      "from before the batch; use a session (/v1/ws)"));
    }
    Json one = Json::object();
    for (const char* key : {"database", "session", "rowsAsArray"}) {
      if (b.contains(key)) one[key] = b[key];
    }
    one["sql"] = sql;
    if (st.contains("params")) one["params"] = st["params"];
    Output out = PlanFor(std::move(one), caller, caller_json);
    if (out.status == 200) {
      return ErrorOutput(BatchRefusal(i,
                                      "statements about the session (USE, SET, transaction "
                                      "control) have no place in a batch"));
    }
    if (out.status != 0) {
      Result<Json> error = ParseJson(out.body, "an error");
      if (error.ok() && error.value().contains("error")) {
        Json& e = error.value()["error"];
        e["message"] = e.value("message", "") + " (statement " + std::to_string(i + 1) +
                       " of the batch; nothing ran)";
        e["statement"] = i;
        out.body = Dump(error.value());
      }
      return out;
    }
    Json plan = ParseJson(out.body, "a plan").value();
    Json ctx = TakeContext(plan["context"].get<std::string>()).value_or(Json::object());
    for (const Json& shard : ctx.value("called", Json::array())) {
      if (!shard.get<std::string>().empty()) ShardBreakers().Release(shard.get<std::string>());
    }
    const std::string op(StringOr(ctx, "op"));
    if (op == kOpLoadPolicy || op == kOpLoadCatalog) {
      // What the first statement needs to know first; then the whole batch
      // is planned again.
      ctx["batch"] = body;
      return Emit(plan["calls"], std::move(ctx), caller.now_ms, plan.value("background", Json()));
    }
    if (op != kOpStatement || plan["calls"].size() != 1 || Has(ctx, "ddl") || Has(ctx, "merge") ||
        Has(ctx, "split")) {
      return ErrorOutput(
          BatchRefusal(i,
                       "a batch runs statements on one shard, without schema changes or reads of "
                       "several shards"));
    }
    if (plan.contains("background")) background = plan["background"];
    parts.push_back(std::move(ctx));
    calls.push_back(std::move(plan["calls"][0]));
  }
  // Statements that may run anywhere (reference tables, no table) join the
  // shard the others need.
  size_t anchor = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].value("route", "") != "reference" && parts[i].value("route", "") != "") {
      anchor = i;
      break;
    }
  }
  const std::string shard = calls[anchor]["shard"].get<std::string>();
  Json statements = Json::array();
  bool writes = false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string own = calls[i]["shard"].get<std::string>();
    if (own != shard && parts[i].value("route", "") != "reference") {
      return ErrorOutput(BatchRefusal(
          i, "its shard " + own + " is not " + shard + "; a batch commits on one shard"));
    }
    parts[i]["offset"] = statements.size();
    for (Json& st : calls[i]["statements"]) statements.push_back(std::move(st));
    writes = writes || !calls[i].value("readOnly", false);
  }
  const std::string database = parts[0].value("database", "");
  Json ctx{{"op", kOpBatch},
           {"batch", body},
           {"caller", caller_json},
           {"database", database},
           {"parts", std::move(parts)},
           {"shards", Json::array({shard})}};
  Json call = writes ? ShardCall(shard, std::move(statements), calls[0]["before"])
                     : ReadCall(shard, std::move(statements), calls[0]["before"]);
  if (writes) call["lockWaitMs"] = calls[0].value("lockWaitMs", kDefaultLockWaitMs);
  if (writes) call["timeoutMs"] = calls[0].value("timeoutMs", kShardCallTimeoutMs);
  return Emit(Json::array({std::move(call)}), std::move(ctx), caller.now_ms, background);
}

// The batch's one answer, cut back into its statements' answers.
Output FinishBatch(const Json& ctx, const Json& answers) {
  const Json& answer = Answers(answers, 0);
  const Json& parts = ctx["parts"];
  const std::string shard = ctx["shards"][0].get<std::string>();
  auto part_of = [&](int64_t index) {
    size_t p = 0;
    while (p + 1 < parts.size() && parts[p + 1].value("offset", int64_t{0}) <= index) ++p;
    return p;
  };
  if (const Json* error = ErrorOf(answer)) {
    if (IsTransport(*error)) return FailedStatement(ctx, shard, *error);
    const size_t p = part_of(error->value("index", int64_t{0}));
    Json part = parts[p];
    part["batch"] = ctx["batch"];
    Json local = *error;
    local["index"] = error->value("index", int64_t{0}) - part.value("offset", int64_t{0});
    Output out = FailedStatement(part, shard, local);
    if (out.status == 0) return out;  // planned again (a stale catalog, a shard behind)
    Result<Json> body = ParseJson(out.body, "an error");
    if (body.ok() && body.value().contains("error")) {
      Json& e = body.value()["error"];
      e["message"] = e.value("message", "") + " (statement " + std::to_string(p + 1) +
                     " of the batch; nothing in the batch was committed)";
      e["statement"] = p;
      out.body = Dump(body.value());
    }
    return out;
  }
  const Json& results = ResultsOf(answer);
  std::string out = R"({"results":[)";
  for (size_t p = 0; p < parts.size(); ++p) {
    const int64_t begin = parts[p].value("offset", int64_t{0});
    const int64_t end = p + 1 < parts.size() ? parts[p + 1].value("offset", int64_t{0})
                                             : static_cast<int64_t>(results.size());
    Json slice = Json::array();
    for (int64_t k = begin; k < end && k < static_cast<int64_t>(results.size()); ++k)
      slice.push_back(results[static_cast<size_t>(k)]);
    Output one = FinishResults(parts[p], Json::array({Json{{"results", std::move(slice)}}}));
    if (one.status != 200) return one;
    if (p > 0) out += ",";
    out += one.body;
  }
  out += "]}";
  return Output{200, std::move(out)};
}

// A transaction's COMMIT or ROLLBACK on its shard; then the transaction
// BEGIN opens, or the statement that needed the commit (PlanImplicitCommit).
Output FinishTransactionEnd(Json ctx, const Json& answers) {
  const Json& answer = Answers(answers, 0);
  const std::string shard = ctx.value("shards", Json::array({""}))[0].get<std::string>();
  const Json next = ctx.value("next", Json::object());
  const Json* error = ErrorOf(answer);
  if (error != nullptr && ctx.value("end", "") == "commit") {
    Output out = ErrorOutput(
        error->value("lost", false) ? TransactionLost(shard, *error)
        : IsTransport(*error)
            ? Error(ErrorCode::kErrorDuringCommit,
                    "Got error during COMMIT: shard " + shard +
                        " did not answer; the transaction committed whole or not at all")
            : Error(ErrorCode::kErrorDuringCommit,
                    "Got error during COMMIT: " + error->value("message", "") +
                        "; the transaction was rolled back on shard " + shard));
    out.session["transaction"] = TransactionToJson(Transaction{});
    return out;
  }
  // A rollback the shard could not confirm still ended the transaction: the
  // shard lets it go after idle_transaction_timeout at the latest.
  // A commit's data version: the session's reads take no cached answer
  // older than it (a statement planned after it, if final, carries it too).
  Json versions;
  if (Json captured = CapturedVersion(answer); error == nullptr && !captured.is_null())
    versions = WithVersion(ctx, shard, captured, CapturedTables(answer));
  if (ctx.value("then", "") == "replan") {
    ctx["session"]["transaction"] = next;
    Output out = Replan(ctx);
    if (out.status != 0 && !out.session.contains("transaction")) out.session["transaction"] = next;
    if (out.status != 0 && !versions.is_null()) out.session["versions"] = versions;
    return out;
  }
  auto kind =
      static_cast<StatementKind>(ctx.value("kind", static_cast<int>(StatementKind::kCommit)));
  Output out = Answer(OkBody(Json::array(), Meta(shard, ctx.value("database", ""), kind)));
  out.session["transaction"] = next;
  if (!versions.is_null()) out.session["versions"] = std::move(versions);
  return out;
}

// The config object's answer to a get: the database's policy, or none.
Output FinishLoadPolicy(const Json& ctx, const Json& answer) {
  const std::string database(StringOr(ctx, "database"));
  if (const Json* error = ErrorOf(answer)) {
    return ErrorOutput(Error(ErrorCode::kQueryInterrupted,
                             "Query execution was interrupted: the table policy of '" + database +
                                 "' could not be read: " + error->value("message", "")));
  }
  if (Status stored = StoreFetchedPolicy(database, answer, IntOr(ctx, "now")); !stored.ok())
    return ErrorOutput(stored.error());
  if (BoolOr(ctx, "background")) return Output{200, "{}"};
  return Replan(ctx);
}

Output FinishPutPolicy(const Json& ctx, const Json& answer) {
  const std::string database(StringOr(ctx, "database"));
  if (const Json* error = ErrorOf(answer)) {
    return ErrorOutput(Error(ErrorCode::kQueryInterrupted,
                             "Query execution was interrupted: the table policy of '" + database +
                                 "' could not be stored: " + error->value("message", "")));
  }
  const int64_t offered = IntOr(ctx, "version");
  const int64_t stored = answer.value("version", int64_t{0});
  const bool applied = answer.value("applied", false);
  if (!applied && stored > offered) {
    return ErrorOutput(Error(ErrorCode::kWrongArguments,
                             "Table policy version " + std::to_string(offered) +
                                 " is older than the current version " + std::to_string(stored) +
                                 " of database '" + database + "': not applied"));
  }
  Result<routing::Policy> policy = routing::PolicyFromJsonText(ctx.value("policy", ""));
  if (!policy.ok()) return ErrorOutput(policy.error());
  PolicyStore::Instance().Fetched(database, std::move(policy).value(), IntOr(ctx, "now"));
  return Output{200, Dump(Json{{"database", database}, {"version", stored}, {"applied", applied}})};
}

// An operator's request to an admin endpoint: {"database": string, `field`:
// of `type`}, from a caller with the operator's token. ER_WRONG_ARGUMENTS
// naming `what` for another shape.
struct AdminRequest {
  Json body;
  std::string database;
  int64_t now_ms = 0;
};

Result<AdminRequest> ParseAdminRequest(std::string_view body, std::string_view caller_json,
                                       std::string_view what, std::string_view field,
                                       Json::value_t type) {
  Result<Caller> caller = ParseCaller(caller_json);
  if (!caller.ok()) return std::move(caller).error();
  if (Status s = CheckOperator(caller.value()); !s.ok()) return std::move(s).error();
  Result<Json> request = ParseJson(body, "the " + std::string(what) + " request");
  if (!request.ok()) return std::move(request).error();
  const Json& r = request.value();
  auto f = r.is_object() ? r.find(field) : r.end();
  if (!r.is_object() || !r.contains("database") || !r["database"].is_string() || f == r.end() ||
      f->type() != type) {
    return Error(ErrorCode::kWrongArguments, "Incorrect arguments to " + std::string(what) +
                                                 ": expected {\"database\": string, \"" +
                                                 std::string(field) + "\": " +
                                                 (type == Json::value_t::object  ? "object"
                                                  : type == Json::value_t::array ? "array"
                                                                                 : "string") +
                                                 "}");
  }
  std::string database = r["database"].get<std::string>();
  if (Status s = routing::ValidateDatabaseName(database); !s.ok()) return std::move(s).error();
  return AdminRequest{std::move(request).value(), std::move(database), caller.value().now_ms};
}

// PlanFor of a request body as it came (ER_PARSE_ERROR when malformed).
Output PlanText(std::string_view body, const Caller& caller, std::string_view caller_json) {
  Result<Json> request = ParseJson(body, "the request body");
  if (!request.ok()) return ErrorOutput(request.error());
  return PlanFor(std::move(request).value(), caller, caller_json);
}

}  // namespace

Output Plan(std::string_view body) { return PlanText(body, TrustedCaller(), kTrustedCallerJson); }

Output PlanRequest(std::string_view body, std::string_view caller_json) {
  return AsCaller(caller_json, [&](const Caller& c) { return PlanText(body, c, caller_json); });
}

Output PlanSetPolicy(std::string_view body, std::string_view caller_json) {
  Result<AdminRequest> request =
      ParseAdminRequest(body, caller_json, "set policy", "policy", Json::value_t::object);
  if (!request.ok()) return ErrorOutput(request.error());
  const AdminRequest& r = request.value();
  Result<routing::Policy> policy = routing::PolicyFromJson(r.body["policy"]);
  if (!policy.ok()) return ErrorOutput(policy.error());
  const int64_t version = policy.value().routing.version;
  const std::string text = Dump(r.body["policy"]);
  Json ctx{{"op", kOpPutPolicy}, {"database", r.database}, {"version", version}, {"policy", text}};
  return Emit(Json::array({ConfigPutCall(r.database, version, text)}), std::move(ctx), r.now_ms);
}

namespace {
Output Continue(Json ctx, const Json& answers);
}  // namespace

Output PlanBatch(std::string_view body, std::string_view caller_json) {
  return AsCaller(caller_json, [&](const Caller& c) { return PlanBatchFor(body, c, caller_json); });
}

Output MetricsText(std::string_view caller_json, std::string_view worker_json) {
  Result<Caller> caller = ParseCaller(caller_json);
  if (!caller.ok()) return ErrorOutput(caller.error());
  if (Status s = CheckOperator(caller.value()); !s.ok()) return ErrorOutput(s.error());
  Result<Json> worker = ParseJson(worker_json, "the worker's counts");
  const Json none;
  const Json& w = worker.ok() ? worker.value() : none;
  auto count = [](const Json& counts, std::string_view name) -> int64_t {
    const Json& n = Member(counts, name);
    return n.is_number_integer() ? n.get<int64_t>() : 0;
  };
  Metrics::WorkerCounts counts;
  counts.shared_reads = count(w, "sharedReads");
  for (size_t k = 0; k < Metrics::kBatchKinds.size(); ++k) {
    counts.batched[k] = count(Member(w, "batched"), Metrics::kBatchKinds[k]);
    counts.batches[k] = count(Member(w, "batches"), Metrics::kBatchKinds[k]);
  }
  return Output{200, Metrics::Instance().Prometheus(counts)};
}

Output PlanReplayEvents(std::string_view body, std::string_view caller_json) {
  Result<AdminRequest> request =
      ParseAdminRequest(body, caller_json, "replay events", "events", Json::value_t::array);
  if (!request.ok()) return ErrorOutput(request.error());
  const AdminRequest& r = request.value();
  return PlanQueueBatch(Dump(r.body["events"]), Dump(Json{{"now", r.now_ms}}));
}

Output PlanMirrorVerify(std::string_view body, std::string_view caller_json) {
  Result<AdminRequest> request =
      ParseAdminRequest(body, caller_json, "mirror verify", "database", Json::value_t::string);
  if (!request.ok()) return ErrorOutput(request.error());
  const AdminRequest& r = request.value();
  return PlanMirrorVerifyFor(r.body, r.database, r.now_ms);
}

Output PlanResetShard(std::string_view body, std::string_view caller_json) {
  Result<AdminRequest> request =
      ParseAdminRequest(body, caller_json, "reset", "shard", Json::value_t::string);
  if (!request.ok()) return ErrorOutput(request.error());
  const AdminRequest& r = request.value();
  const std::string shard = ShardObject(r.database, r.body["shard"].get<std::string>());
  return CallsOutput(Json::array({Json{{"shard", shard}, {"reset", true}}}),
                     Json{{"op", kOpReset}, {"shard", shard}});
}

Output Finish(std::string_view context_token, std::string_view answers_text) {
  std::optional<Json> context = TakeContext(context_token);
  if (!context) return ErrorOutput(PlanContextGone());
  Result<Json> answers = ParseAnswers(answers_text);
  if (!answers.ok()) return ErrorOutput(answers.error());
  return FinishContext(std::move(*context), answers.value());
}

Output FinishContext(Json ctx, const Json& answers) {
  // A session statement's last step knows its transaction as its context
  // says, unless the answer changed it (planner.h).
  const Json& link = Member(ctx, "session");
  const bool in_session = link.is_object();
  Json planned_txn = in_session ? Member(link, "transaction") : Json();
  Output out = Continue(std::move(ctx), answers);
  if (out.status != 0 && in_session) {
    if (!out.session.is_object()) out.session = Json::object();
    if (!out.session.contains("transaction")) out.session["transaction"] = std::move(planned_txn);
  }
  return out;
}

namespace {

// The next step of the request whose context is `ctx`.
Output Continue(Json ctx, const Json& answers) {
  RecordOutcomes(ctx, answers);
  const std::string op(StringOr(ctx, "op"));
  if (op == kOpSessionClosed) return Output{200, "{}", Json()};
  if (op == kOpReset) return Output{200, Dump(Json{{"reset", ctx.value("shard", "")}})};
  if (op == kOpBatch) return FinishBatch(ctx, answers);
  if (op == kOpCacheRead) return FinishCacheRead(std::move(ctx), answers);
  if (op == kOpCacheFilled) return Output{200, "{}"};
  if (op == kOpQueueApply || op == kOpQueueRefill || op == kOpQueueDone)
    return FinishQueue(ctx, answers);
  if (op == kOpMirrorCatalog || op == kOpMirrorRead || op == kOpMirrorWrite)
    return FinishMirror(ctx, answers);
  if (op == kOpQueueHalves) return FinishQueueHalves(ctx, answers);
  if (op == kOpMirrorVerify) return FinishMirrorVerify(std::move(ctx), answers);
  if (op == kOpTransactionEnd) return FinishTransactionEnd(std::move(ctx), answers);
  if (op == kOpLoadPolicy) return FinishLoadPolicy(ctx, Answers(answers, 0));
  if (op == kOpPutPolicy) return FinishPutPolicy(ctx, Answers(answers, 0));
  if (op == kOpCatchUp) return FinishCatchUp(std::move(ctx), answers);
  if (op == kOpFanOut) return FinishFanOut(std::move(ctx), answers);

  const std::string database(StringOr(ctx, "database"));
  const Json& answer = Answers(answers, 0);
  CatalogCache& cache = CatalogCache::Instance();
  if (op == kOpLoadCatalog) {
    if (const Json* error = ErrorOf(answer)) {
      if (IsTransport(*error)) return ErrorOutput(Interrupted(HomeShard(database)));
      return ErrorOutput(
          MapSqliteError(error->value("message", ""), StatementKind::kSelect, database, false));
    }
    Result<catalog::DatabaseSchema> schema = CatalogFromResults(ResultsOf(answer));
    if (!schema.ok()) return ErrorOutput(schema.error());
    cache.Store(database, std::move(schema).value());
    return Replan(ctx);
  }
  if (op == kOpIntrospect) {
    if (const Json* error = ErrorOf(answer))
      return FailedStatement(ctx, ctx.value("called", Json::array({""}))[0].get<std::string>(),
                             *error);
    const catalog::DatabaseSchema* schema = cache.Find(database);
    if (schema == nullptr) return Replan(ctx);
    IntrospectionQuery q;
    q.what = static_cast<IntrospectionQuery::What>(ctx.value("what", 0));
    q.table = ctx.value("table", "");
    q.like = ctx.value("like", "");
    const Json& results = ResultsOf(answer);
    const Json& seq = ResultRows(results, results.size() - 1);
    int64_t next = !seq.empty() && seq[0].is_array() && !seq[0].empty() ? AsInt(seq[0][0]) : 0;
    Result<Json> answered =
        AnswerIntrospection(q, *schema, database, next, BoolOr(ctx, "rowsAsArray"));
    if (!answered.ok()) return ErrorOutput(answered.error());
    Json body = BodyFor(ctx);
    body["rows"] = answered.value()["rows"];
    body["fields"] = answered.value()["fields"];
    return Answer(body);
  }
  return FinishStatement(ctx, answers);
}

}  // namespace

Output PlanSessionStatement(Json body, const Caller& caller, std::string_view caller_json,
                            Json link, std::shared_ptr<const ReadRecipe>* recipe) {
  return PlanFor(std::move(body), caller, caller_json, std::move(link), recipe);
}

Output PlanSessionEnd(const Json& transaction_json) {
  Transaction txn = TransactionFromJson(transaction_json);
  if (!txn.started) return Output{200, "{}", Json()};
  return CallsOutput(Json::array({EndCall(txn, "rollback", QueryRequest{})}),
                     Json{{"op", kOpSessionClosed}});
}

std::string ShardBootstrap() { return ShardProgram(); }

}  // namespace edgesql::gateway
