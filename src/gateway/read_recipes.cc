#include "gateway/read_recipes.h"

#include <utility>

#include "cache/entries.h"
#include "cache/isolate_cache.h"
#include "common/str_cat.h"
#include "gateway/calls.h"
#include "gateway/catalog_cache.h"
#include "gateway/json_writer.h"
#include "gateway/metrics.h"
#include "gateway/plan_contexts.h"
#include "gateway/planner.h"
#include "gateway/policy_store.h"
#include "gateway/request.h"
#include "gateway/result_shaping.h"
#include "gateway/shard_statements.h"

namespace edgesql::gateway {
namespace {

// The members of the general context each request brings (RequestContext's
// and PlanFor's); a recipe keeps the others.
constexpr std::string_view kRequestMembers[] = {
    "caller", "request", "session", "rowsAsArray", "lastInsertId", "versions", "called", "now"};

struct PendingRead {
  std::shared_ptr<const ReadRecipe> recipe;
  RecipeRequest request;
};

// Plans awaiting Finish ("#r17").
PlanTokens<PendingRead>& Pending() {
  static auto* pending = new PlanTokens<PendingRead>("#r");  // lives as long as the isolate
  return *pending;
}

size_t cache_answers = 0;  // RecipeCacheAnswers

// The request's parameters as the statement binds them, or nullopt when
// the general planner must answer them (QueryRequestFromJson's rules).
std::optional<Json> RequestedParams(const ReadRecipe& recipe, const Json& given) {
  Result<Json> params = RequestParams(given);
  if (!params.ok() || params.value().size() != recipe.params) return std::nullopt;
  return std::move(params).value();
}

// The parameters the plan's statement binds: the request's, then the
// translation's.
Json BoundParams(const ReadRecipe& recipe, Json params) {
  for (const Json& extra : recipe.extra_params) params.push_back(extra);
  return params;
}

// The general context of `read`, as PlanFor and Emit leave it.
Json GeneralContext(const PendingRead& read, RequestMembers members) {
  Json ctx = read.recipe->context;
  Result<QueryRequest> r = QueryRequestFromJson(members.body);
  if (r.ok()) {
    if (r.value().rows_as_array) ctx["rowsAsArray"] = true;
    if (r.value().last_insert_id != 0) ctx["lastInsertId"] = r.value().last_insert_id;
    if (!r.value().versions.empty()) ctx["versions"] = r.value().versions;
  }
  ctx["caller"] = std::move(members.caller);
  ctx["request"] = std::move(members.body);
  if (!members.link.is_null()) ctx["session"] = std::move(members.link);
  ctx["called"] = Json::array({read.recipe->shard});
  ctx["now"] = read.request.now_ms;
  return ctx;
}

// How the answer was served: meta's "cache" members and "dataVersion".
struct Served {
  std::string_view status;     // "bypass" or "hit"
  const std::string* reason;   // a bypass's
  std::optional<int64_t> age;  // a hit's, from the isolate's cache
  cache::Version version;
};

// The body FinishResult and BodyFor write for this read, given the shard's
// `results` (a plain answer's, or a cache entry's; at least recipe.result
// of them); name order, as every object is written.
std::string AnswerText(const ReadRecipe& recipe, const RecipeRequest& request, const Json& results,
                       const Served& served) {
  const Json& result = results[recipe.result];
  static const Json* const kNoColumns = new Json(Json::array());
  const Json& columns =
      result.is_object() && result.contains("columns") && result["columns"].is_array()
          ? result["columns"]
          : *kNoColumns;
  std::vector<const catalog::TableDef*> tables;
  if (const catalog::DatabaseSchema* schema = CatalogCache::Instance().Find(recipe.database)) {
    for (const std::string& name : recipe.tables) tables.push_back(schema->FindTable(name));
  }
  const Json& as_array = request.rows_as_array;
  const ShapedResultSet shaped =
      ShapeResultSet(columns, ResultRows(results, recipe.result), tables, recipe.columns,
                     as_array.is_boolean() && as_array.get<bool>());

  std::string text;
  JsonWriter w(text);
  w.BeginObject();
  w.Key("affectedRows");
  w.Int(0);
  w.Key("fields");
  w.Raw(shaped.fields);
  w.Key("insertId");
  w.Int(0);
  w.Key("meta");
  w.BeginObject();
  w.Key("cache");
  w.String(served.status);
  if (served.age) {
    w.Key("cacheAge");
    w.Int(*served.age);
    w.Key("cacheLayer");
    w.String("isolate");
  }
  if (served.reason != nullptr) {
    w.Key("cacheReason");
    w.String(*served.reason);
  }
  w.Key("dataVersion");
  w.BeginArray();
  w.Int(served.version.epoch);
  w.Int(served.version.n);
  w.EndArray();
  w.Key("database");
  w.String(recipe.database);
  w.Key("kind");
  w.String("select");
  w.Key("session");
  w.BeginObject();
  w.Key("last_insert_id");
  w.Int(request.last_insert_id);
  w.Key("row_count");
  w.Int(-1);
  w.EndObject();
  w.Key("shard");
  w.String(recipe.shard);
  w.Key("shards");
  w.BeginArray();
  w.String(recipe.shard);
  w.EndArray();
  w.EndObject();
  w.Key("rows");
  w.Raw(shaped.rows);
  w.Key("warningCount");
  w.Unsigned(recipe.warnings.size());
  w.Key("warnings");
  Write(w, recipe.warnings);
  w.EndObject();
  w.Finish();
  return text;
}

// A plain answer's body, as the general Finish writes it for this read;
// empty when the answer is not plain, for the general Finish.
std::string PlainAnswer(const PendingRead& read, const Json& answer) {
  const ReadRecipe& recipe = *read.recipe;
  if (ErrorOf(answer) != nullptr || !CapturedVersion(answer).is_null()) return "";
  const Json& results = ResultsOf(answer);
  if (recipe.result >= results.size()) return "";
  // The data version the guard read with the rows.
  std::optional<cache::Version> version = cache::VersionFromJson(ReadVersion(results));
  if (!version) return "";
  return AnswerText(recipe, read.request, results,
                    Served{"bypass", &recipe.cache_reason, std::nullopt, *version});
}

// The answer of the read the isolate's cache holds a fresh entry for, as
// the general planner writes a hit (PlanCachedRead, ServeCacheRead);
// nullopt for anything else. `params` are the request's, as bound.
std::optional<Output> ServeFromIsolate(const ReadRecipe& recipe, const RecipeRequest& request,
                                       const Json& params, const Json& versions) {
  const ReadRecipe::CacheRead& c = *recipe.cache;
  const catalog::DatabaseSchema* schema = CatalogCache::Instance().Find(recipe.database);
  if (schema == nullptr || c.analyzed->analysis.statements.empty()) return std::nullopt;
  const cache::ReadFacts facts{
      &c.analyzed->analysis.statements[0], recipe.sql, &c.analyzed->tokens, nullptr, false, false};
  const cache::ReadEntryName name = cache::NameReadEntry(
      facts, RoutingValues(params), schema->FindTable(c.table), recipe.shard,
      StrCat({c.statements_head, Dump(BoundParams(recipe, params)), c.statements_tail}));
  std::optional<cache::IsolateCache::Held> held =
      cache::IsolateCache::Instance().Find(name.key, request.now_ms);
  if (!held) return std::nullopt;
  const cache::Judged judged = cache::Judge(
      *held->entry, *held->record, cache::ReadKey{name.rows.has_value(), c.table, name.hash},
      c.policy, request.now_ms, cache::WrittenVersion(versions, recipe.shard, c.tables));
  if (judged.verdict != cache::Verdict::kHit || recipe.result >= judged.results->size())
    return std::nullopt;
  std::string body = AnswerText(recipe, request, *judged.results,
                                Served{"hit", nullptr, judged.age_ms, judged.version});
  for (const std::string& table : recipe.tables)
    Metrics::Instance().Read(recipe.database, table, "hit");
  ++cache_answers;
  return Output{200, std::move(body),
                JsonObjectOf("database", recipe.database, "last_insert_id", request.last_insert_id,
                             "row_count", -1)};
}

}  // namespace

std::shared_ptr<const ReadRecipe> MakeReadRecipe(std::string sql,
                                                 std::shared_ptr<const sql::Analyzed> analyzed,
                                                 const Json& call, const Json& ctx, size_t params,
                                                 Json extra_params, uint64_t generation) {
  const Json& statements = Member(call, "statements");
  const Json& shard = Member(call, "shard");
  if (!statements.is_array() || statements.empty() || !shard.is_string()) return nullptr;
  // Texts around the parameters: written with a string no JSON text of the
  // plan holds in their place, then split there.
  static const std::string* const kMarker = new std::string(Dump(Json("\x01")));
  Json marked = call;
  marked["statements"].back()["params"] = "\x01";
  auto split = [](const std::string& text) -> std::optional<std::pair<std::string, std::string>> {
    const size_t at = text.find(*kMarker);
    if (at == std::string::npos || text.find(*kMarker, at + 1) != std::string::npos)
      return std::nullopt;
    return std::pair{text.substr(0, at), text.substr(at + kMarker->size())};
  };

  auto recipe = std::make_shared<ReadRecipe>();
  recipe->sql = std::move(sql);
  recipe->database = StringOr(ctx, "database");
  recipe->generation = generation;
  recipe->params = params;
  recipe->extra_params = std::move(extra_params);
  recipe->shard = shard.get<std::string>();
  for (const Json& table : Member(ctx, "tables")) {
    if (table.is_string()) recipe->tables.push_back(table.get<std::string>());
  }
  recipe->columns = Member(ctx, "columns");
  recipe->result = static_cast<size_t>(IntOr(ctx, "result"));
  recipe->warnings = Has(ctx, "warnings") ? ctx["warnings"] : Json::array();
  const Json& cache = Member(ctx, "cache");
  recipe->cache_reason = StringOr(cache, "reason");
  if (!Has(cache, "mode")) {
    // It bypasses the cache: planned from the recipe.
    auto calls = split(CallsText(Json::array({std::move(marked)})));
    if (!calls) return nullptr;
    recipe->plan_head = StrCat({"{\"calls\":", calls->first});
    recipe->plan_tail = StrCat({calls->second, ",\"context\":\""});
    recipe->context = ctx;
    for (std::string_view member : kRequestMembers) recipe->context.erase(member);
    return recipe;
  }
  // The cache may answer it (PlanCachedRead): only a hit in the isolate's
  // cache is answered from the recipe.
  auto texts = split(Dump(marked["statements"]));
  if (analyzed == nullptr || !texts) return nullptr;
  ReadRecipe::CacheRead& c = recipe->cache.emplace();
  c.analyzed = std::move(analyzed);
  c.policy.mode =
      StringOr(cache, "mode") == "bounded" ? cache::ServeMode::kBounded : cache::ServeMode::kCached;
  c.policy.fresh_ms = IntOr(cache, "fresh");
  c.policy.swr_ms = IntOr(cache, "swr");
  c.table = StringOr(cache, "table");
  for (const Json& table : Member(cache, "tables")) {
    if (table.is_string()) c.tables.push_back(table.get<std::string>());
  }
  c.statements_head = std::move(texts->first);
  c.statements_tail = std::move(texts->second);
  return recipe;
}

bool RecipeIsCurrent(const ReadRecipe& recipe) {
  return CatalogCache::Instance().Generation(recipe.database) == recipe.generation;
}

std::optional<Output> PlanFromRecipe(const std::shared_ptr<const ReadRecipe>& recipe,
                                     RecipeRequest request, const Json& versions) {
  const ReadRecipe& r = *recipe;
  if (!RecipeIsCurrent(r)) return std::nullopt;
  // The general planner asks for the policy before the first statement and
  // again in the background once it is old; a recipe has none.
  PolicyStore& policies = PolicyStore::Instance();
  std::optional<int64_t> fetched = policies.FetchedAt(r.database);
  if (!fetched || request.now_ms - *fetched >= PolicyStore::kRefreshMs ||
      policies.Find(r.database) != nullptr)
    return std::nullopt;
  if (!request.rows_as_array.is_null() && !request.rows_as_array.is_boolean()) return std::nullopt;
  std::optional<Json> params = RequestedParams(r, request.params);
  if (!params) return std::nullopt;
  if (r.cache) return ServeFromIsolate(r, request, *params, versions);

  if (Status admitted = ShardBreakers().Admit(r.shard, request.now_ms); !admitted.ok())
    return ErrorOutput(admitted.error());
  const std::string token = Pending().Keep(PendingRead{recipe, std::move(request)});
  return Output{0, StrCat({r.plan_head, Dump(BoundParams(r, *std::move(params))), r.plan_tail,
                           token, "\"}"})};
}

bool IsRecipeToken(std::string_view token) { return Pending().Issued(token); }

Output FinishRecipeRead(
    std::string_view token, std::string_view answers,
    const std::function<RequestMembers(const ReadRecipe&, const RecipeRequest&)>& members) {
  std::optional<PendingRead> taken = Pending().Take(token);
  if (!taken) return ErrorOutput(PlanContextGone());
  const PendingRead& read = *taken;
  Result<Json> parsed = ParseAnswers(answers);
  if (!parsed.ok()) return ErrorOutput(parsed.error());
  const Json& all = parsed.value();
  std::string body = PlainAnswer(read, Answers(all, 0));
  if (body.empty()) {
    return FinishContext(GeneralContext(read, members(*read.recipe, read.request)), all);
  }
  const ReadRecipe& recipe = *read.recipe;
  ShardBreakers().Record(recipe.shard, true, read.request.now_ms);
  for (const std::string& table : recipe.tables)
    Metrics::Instance().Read(recipe.database, table, "bypass");
  return Output{200, std::move(body),
                JsonObjectOf("database", recipe.database, "last_insert_id",
                             read.request.last_insert_id, "row_count", -1)};
}

Json RecipeContextForTest(
    std::string_view token,
    const std::function<RequestMembers(const ReadRecipe&, const RecipeRequest&)>& members) {
  const PendingRead* read = Pending().Peek(token);
  if (read == nullptr) return Json();
  return GeneralContext(*read, members(*read->recipe, read->request));
}

size_t PendingRecipeReads() { return Pending().size(); }

size_t RecipeCacheAnswers() { return cache_answers; }

}  // namespace edgesql::gateway
