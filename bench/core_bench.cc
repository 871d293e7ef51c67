// Core micro-benchmarks (native): the per-statement work the gateway does
// before it reaches a shard. The same paths are timed inside wasm by
// bench/parser_bench.mjs (translation) and bench/routing_bench.mjs (routing).
#include <benchmark/benchmark.h>

#include <string>

#include "catalog/table_def_json.h"
#include "gateway/catalog_cache.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "gateway/policy_store.h"
#include "gateway/session.h"
#include "routing/shard_router.h"
#include "sql/analyzer.h"
#include "sql/lexer.h"
#include "transpile/transpiler.h"

namespace {

constexpr std::string_view kPointRead = "SELECT * FROM `users` WHERE `id` = ?";
constexpr std::string_view kTenantScan =
    "SELECT id, kind, payload FROM events WHERE tenant_id = 'acme' ORDER BY created_at DESC "
    "LIMIT 0, 50";
constexpr std::string_view kCreate =
    "CREATE TABLE users (id INT UNSIGNED NOT NULL AUTO_INCREMENT, email VARCHAR(255) NOT NULL, "
    "name VARCHAR(64), created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (id), UNIQUE "
    "KEY uk_email (email), KEY idx_name (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";

void BM_Lex(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(edgesql::sql::Lex(kTenantScan));
}
BENCHMARK(BM_Lex);

void BM_Analyze(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(edgesql::sql::Analyze(kTenantScan));
}
BENCHMARK(BM_Analyze);

void BM_TranspileSelect(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(edgesql::transpile::TranspileText(kTenantScan, {"app"}));
}
BENCHMARK(BM_TranspileSelect);

void BM_TranspileCreateTable(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(edgesql::transpile::TranspileText(kCreate, {"app"}));
}
BENCHMARK(BM_TranspileCreateTable);

void BM_PlanPointRead(benchmark::State& state) {
  std::string request =
      R"({"sql":")" + std::string(kPointRead) + R"(","params":[42],"database":"app"})";
  for (auto _ : state) benchmark::DoNotOptimize(edgesql::gateway::Plan(request));
}
BENCHMARK(BM_PlanPointRead);

// Statements in an isolate that holds the catalog and a table policy, as
// every request after an isolate's first finds it: the whole plan up to the
// shard call (bench/core_wasm_bench.mjs times the same inside wasm).
// The catalog and policy of database "warm", stored once per process.
bool StoreWarm() {
  const std::string database = "warm";
  static const bool stored = [&] {
    edgesql::catalog::DatabaseSchema schema;
    schema.version = 1;
    for (const char* table :
         {R"({"name":"users","charset":"utf8mb4","collation":"utf8mb4_0900_ai_ci",)"
          R"("engine":"InnoDB","checks":[],"foreignKeys":[],"columns":[)"
          R"({"name":"id","type":"int","nullable":false},)"
          R"({"name":"name","type":"varchar","length":40,"nullable":true}],)"
          R"("indexes":[{"kind":0,"name":"PRIMARY","parts":[{"column":"id"}]}]})",
          R"({"name":"events","charset":"utf8mb4","collation":"utf8mb4_0900_ai_ci",)"
          R"("engine":"InnoDB","checks":[],"foreignKeys":[],"columns":[)"
          R"({"name":"id","type":"bigint","nullable":false},)"
          R"({"name":"tenant_id","type":"varchar","length":20,"nullable":true},)"
          R"({"name":"kind","type":"varchar","length":20,"nullable":true},)"
          R"({"name":"at","type":"datetime","nullable":true}],)"
          R"("indexes":[{"kind":0,"name":"PRIMARY","parts":[{"column":"id"}]}]})"}) {
      edgesql::catalog::TableDef def = edgesql::catalog::TableFromJsonText(table).value();
      std::string name = def.name;
      schema.tables.emplace(std::move(name), std::move(def));
    }
    edgesql::gateway::CatalogCache::Instance().Store(database, std::move(schema));
    edgesql::gateway::PolicyStore::Instance().Fetched(
        database,
        edgesql::routing::PolicyFromJsonText(
            R"({"tables":{"users":{"pk":["id"]},"events":{"pk":["id"],"shard_by":"tenant_id"}},)"
            R"("routing":{"version":1,"tenant_shards":4,"ranges":[)"
            R"({"prefix":"00..7f","shard":"r0"},{"prefix":"80..ff","shard":"r1"}]}})")
            .value(),
        0);
    return true;
  }();
  return stored;
}

void BM_PlanWarm(benchmark::State& state, std::string_view sql, std::string_view params) {
  benchmark::DoNotOptimize(StoreWarm());
  std::string request = R"({"sql":")" + std::string(sql) + R"(","params":)" + std::string(params) +
                        R"(,"database":"warm"})";
  if (edgesql::gateway::Plan(request).status != 0) state.SkipWithError("not a shard plan");
  for (auto _ : state) benchmark::DoNotOptimize(edgesql::gateway::Plan(request));
}
BENCHMARK_CAPTURE(BM_PlanWarm, point_read, kPointRead, "[42]");
BENCHMARK_CAPTURE(BM_PlanWarm, tenant_scan,
                  "SELECT id, kind, at FROM events WHERE tenant_id = ? ORDER BY id DESC LIMIT 50",
                  R"(["acme"])");
BENCHMARK_CAPTURE(BM_PlanWarm, tenant_insert,
                  "INSERT INTO events (id, tenant_id, kind, at) VALUES (?, ?, ?, ?)",
                  R"([7, "acme", "login", "2026-11-23 10:00:00"])");

// A session on database "warm" (StoreWarm), as a socket's upgrade opens one.
uint32_t OpenWarmSession() {
  benchmark::DoNotOptimize(StoreWarm());
  auto opened =
      edgesql::gateway::SessionOpen(R"({"auth":"optional","now":1,"nonce":"bench"})", "warm");
  return static_cast<uint32_t>(edgesql::Json::parse(opened.body)["session"].get<int64_t>());
}

// The context a plan names (a token, "#n", at the plan's end). The worker
// reads it with JSON.parse, which is not the core's time.
std::string ContextOf(const edgesql::gateway::Output& plan) {
  const size_t at = plan.body.rfind(R"("context":")") + 11;
  return plan.body.substr(at, plan.body.find('"', at) - at);
}

// A WebSocket session's strong point read, both halves of the core's part:
// the message to its shard call, and the shard's answer to the reply.
void BM_SessionStrongRead(benchmark::State& state) {
  const uint32_t session = OpenWarmSession();
  const std::string message =
      R"({"id":1,"op":"query","sql":"SELECT /*+ strong */ * FROM users WHERE id = ?",)"
      R"("params":[42],"rowsAsArray":true})";
  const std::string answers =
      R"({"answers":[{"results":[{"columns":["g","epoch","ver"],"rows":[["1",1,5]]},)"
      R"({"columns":["id","name"],"rows":[[42,"ann"]]}]}]})";
  auto round = [&] {
    auto out = edgesql::gateway::SessionMessage(session, message, 1000);
    if (out.status != 0) return out;
    return edgesql::gateway::SessionFinish(session, ContextOf(out), answers);
  };
  if (auto out = round(); out.status != 200) state.SkipWithError(out.body.c_str());
  for (auto _ : state) benchmark::DoNotOptimize(round());
}
BENCHMARK(BM_SessionStrongRead);

// A WebSocket session's single-row UPDATE transaction, the core's whole
// part: BEGIN (no shard), the UPDATE's step and its answer, the COMMIT and
// its answer (bench/run.mjs's workload 3).
void BM_SessionUpdateTransaction(benchmark::State& state) {
  const uint32_t session = OpenWarmSession();
  auto message = [](std::string_view op, std::string_view sql = "") {
    return std::string(R"({"id":1,"op":")") + std::string(op) + R"(")" +
           (sql.empty() ? "" : R"(,"sql":")" + std::string(sql) + R"(","params":["ann",42])") + "}";
  };
  const std::string begin = message("begin");
  const std::string update = message("query", "UPDATE users SET name = ? WHERE id = ?");
  const std::string commit = message("commit");
  // The step's answer: an empty result per statement, then the write's
  // probe (one row changed); the COMMIT's: nothing held any more.
  auto step_answer = [](const edgesql::Json& plan) {
    edgesql::Json results = edgesql::Json::array();
    const size_t n = plan["calls"][0]["statements"].size();
    for (size_t i = 0; i + 1 < n; ++i) {
      results.push_back(
          edgesql::Json{{"columns", edgesql::Json::array()}, {"rows", edgesql::Json::array()}});
    }
    results.push_back(edgesql::Json{{"columns", {"c", "id", "auto"}}, {"rows", {{1, 0, 0}}}});
    return edgesql::gateway::Dump(
        edgesql::Json{{"answers", {edgesql::Json{{"results", results}, {"txn", "none"}}}}});
  };
  const std::string commit_answer = R"({"answers":[{"results":[],"txn":"none"}]})";
  std::string update_answer;  // from the first step's plan: its statements are the same each time
  auto finish = [&](const edgesql::gateway::Output& planned, const std::string& answers) {
    return edgesql::gateway::SessionFinish(session, ContextOf(planned), answers);
  };
  auto round = [&] {
    auto out = edgesql::gateway::SessionMessage(session, begin, 1000);
    if (out.status != 200) return out;
    out = edgesql::gateway::SessionMessage(session, update, 1000);
    if (out.status != 0) return out;
    if (update_answer.empty()) update_answer = step_answer(edgesql::Json::parse(out.body));
    out = finish(out, update_answer);
    if (out.status != 200) return out;
    out = edgesql::gateway::SessionMessage(session, commit, 1000);
    return out.status == 0 ? finish(out, commit_answer) : out;
  };
  if (auto out = round(); out.status != 200) state.SkipWithError(out.body.c_str());
  for (auto _ : state) benchmark::DoNotOptimize(round());
}
BENCHMARK(BM_SessionUpdateTransaction);

// The routing decision alone, on an analysed statement (the analysis is
// BM_Analyze's): a tenant point read under a policy with 100 tenants.
void BM_Decide(benchmark::State& state) {
  std::string tenants;
  for (int i = 0; i < 100; ++i) {
    tenants += (i > 0 ? ", " : "") + std::string("\"t") + std::to_string(i) + "\": \"s" +
               std::to_string(i % 8) + "\"";
  }
  auto policy = edgesql::routing::PolicyFromJsonText(
      R"({"tables": {"events": {"pk": "id", "shard_by": "tenant_id"}}, "routing": {"version": 1,
          "tenant_shards": 16, "tenants": {)" +
      tenants + "}}}");
  auto analysis = edgesql::sql::Analyze(kTenantScan);
  if (!policy.ok() || !analysis.ok()) {
    state.SkipWithError("setup failed");
    return;
  }
  const auto& statement = analysis.value().statements[0];
  for (auto _ : state)
    benchmark::DoNotOptimize(edgesql::routing::Decide(policy.value(), statement, {}, ""));
}
BENCHMARK(BM_Decide);

}  // namespace
