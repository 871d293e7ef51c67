// The isolate's cache of statement texts' tokens and analyses
// (sql/statement_cache.h): what it keeps, what it gives up, and that a kept
// analysis carries nothing of the request it came with.
#include "sql/statement_cache.h"

#include <gtest/gtest.h>

#include <string>

#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "output_json.h"
#include "sql/analyzer.h"
#include "sql/lexer.h"

namespace edgesql::sql {
namespace {

using Json = edgesql::Json;

std::shared_ptr<const Analyzed> AnalyzedOf(std::string_view text) {
  auto out = std::make_shared<Analyzed>();
  out->tokens = Lex(text).value();
  out->analysis = Analyze(text, out->tokens).value();
  return out;
}

TEST(StatementCacheTest, KeepsTextsUpToItsBoundLeastRecentlyUsedOutFirst) {
  StatementCache& cache = StatementCache::Instance();
  cache.Clear();
  for (size_t i = 0; i < StatementCache::kMaxEntries; ++i) {
    std::string text = "SELECT " + std::to_string(i);
    cache.Put(text, AnalyzedOf(text));
  }
  ASSERT_NE(cache.Find("SELECT 0"), nullptr);  // now the most recently used
  cache.Put("SELECT 'new'", AnalyzedOf("SELECT 'new'"));
  EXPECT_EQ(cache.size(), StatementCache::kMaxEntries);
  EXPECT_NE(cache.Find("SELECT 0"), nullptr);
  EXPECT_EQ(cache.Find("SELECT 1"), nullptr);  // the least recently used went
  EXPECT_NE(cache.Find("SELECT 'new'"), nullptr);
  EXPECT_EQ(cache.Find("select 0"), nullptr);  // exactly the text, nothing looser

  std::string long_text = "SELECT '" + std::string(StatementCache::kMaxTextBytes, 'x') + "'";
  cache.Put(long_text, AnalyzedOf(long_text));
  EXPECT_EQ(cache.Find(long_text), nullptr);
  cache.Clear();
}

TEST(StatementCacheTest, AKeptAnalysisServesEveryDatabaseAndSession) {
  StatementCache::Instance().Clear();
  // The same text for two databases: the second plan is made from the kept
  // analysis, and still asks for its own database's policy.
  for (std::string db : {"stmt_cache_a", "stmt_cache_b"}) {
    Json plan = gateway::Body(gateway::Plan(gateway::Dump(
        Json{{"sql", "SELECT * FROM t WHERE id = ?"}, {"database", db}, {"params", {1}}})));
    EXPECT_EQ(plan["calls"][0]["config"], db) << plan.dump();
  }
  EXPECT_NE(StatementCache::Instance().Find("SELECT * FROM t WHERE id = ?"), nullptr);
  // An error is not kept: the text is answered the same way each time.
  for (int i = 0; i < 2; ++i) {
    gateway::Output out = gateway::Plan(R"({"sql":"SELEC 1"})");
    EXPECT_EQ(gateway::Body(out)["error"]["errno"], 1064);
  }
  EXPECT_EQ(StatementCache::Instance().Find("SELEC 1"), nullptr);
}

}  // namespace
}  // namespace edgesql::sql
