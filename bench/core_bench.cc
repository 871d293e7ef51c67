// Core micro-benchmarks (native): the per-statement work the gateway does
// before it reaches a shard. The same paths are timed inside wasm by
// bench/wasm_bench.mjs.
#include <benchmark/benchmark.h>

#include <string>

#include "gateway/gateway.h"
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

}  // namespace
