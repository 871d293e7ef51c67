#include "gateway/read_recipes.h"

#include <utility>

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

// The request's parameters as the statement binds them, or nullopt when
// the general planner must answer them (QueryRequestFromJson's rules).
std::optional<Json> BoundParams(const ReadRecipe& recipe, const Json& given) {
  Result<Json> params = RequestParams(given);
  if (!params.ok() || params.value().size() != recipe.params) return std::nullopt;
  Json bound = std::move(params).value();
  for (const Json& extra : recipe.extra_params) bound.push_back(extra);
  return bound;
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

// A plain answer's body as FinishResult and BodyFor write it for this read
// (name order, as every object is written); empty when the answer is not
// plain, for the general Finish.
std::string PlainAnswer(const PendingRead& read, const Json& answer) {
  const ReadRecipe& recipe = *read.recipe;
  if (ErrorOf(answer) != nullptr || !CapturedVersion(answer).is_null()) return "";
  const Json& results = ResultsOf(answer);
  if (recipe.result >= results.size()) return "";
  // The data version the guard read with the rows.
  const Json version = ReadVersion(results);
  if (version.is_null()) return "";

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
  const Json& as_array = read.request.rows_as_array;
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
  w.String("bypass");
  w.Key("cacheReason");
  w.String(recipe.cache_reason);
  w.Key("dataVersion");
  w.BeginArray();
  w.Int(version[0].get<int64_t>());
  w.Int(version[1].get<int64_t>());
  w.EndArray();
  w.Key("database");
  w.String(recipe.database);
  w.Key("kind");
  w.String("select");
  w.Key("session");
  w.BeginObject();
  w.Key("last_insert_id");
  w.Int(read.request.last_insert_id);
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

}  // namespace

std::shared_ptr<const ReadRecipe> MakeReadRecipe(std::string sql, const Json& call, const Json& ctx,
                                                 size_t params, Json extra_params,
                                                 uint64_t generation) {
  const Json& statements = Member(call, "statements");
  const Json& shard = Member(call, "shard");
  if (!statements.is_array() || statements.empty() || !shard.is_string()) return nullptr;
  // The plan's text around the parameters: written with a string no JSON
  // text of the plan holds in their place, then split there.
  static const std::string* const kMarker = new std::string(Dump(Json("\x01")));
  Json marked = call;
  marked["statements"].back()["params"] = "\x01";
  const std::string calls = CallsText(Json::array({std::move(marked)}));
  const size_t at = calls.find(*kMarker);
  if (at == std::string::npos || calls.find(*kMarker, at + 1) != std::string::npos) return nullptr;

  auto recipe = std::make_shared<ReadRecipe>();
  recipe->sql = std::move(sql);
  recipe->database = StringOr(ctx, "database");
  recipe->generation = generation;
  recipe->params = params;
  recipe->extra_params = std::move(extra_params);
  recipe->shard = shard.get<std::string>();
  recipe->plan_head = StrCat({"{\"calls\":", std::string_view(calls).substr(0, at)});
  recipe->plan_tail =
      StrCat({std::string_view(calls).substr(at + kMarker->size()), ",\"context\":\""});
  recipe->context = ctx;
  for (std::string_view member : kRequestMembers) recipe->context.erase(member);
  for (const Json& table : Member(ctx, "tables")) {
    if (table.is_string()) recipe->tables.push_back(table.get<std::string>());
  }
  recipe->columns = Member(ctx, "columns");
  recipe->result = static_cast<size_t>(IntOr(ctx, "result"));
  recipe->warnings = Has(ctx, "warnings") ? ctx["warnings"] : Json::array();
  recipe->cache_reason = StringOr(Member(ctx, "cache"), "reason");
  return recipe;
}

std::optional<Output> PlanFromRecipe(const std::shared_ptr<const ReadRecipe>& recipe,
                                     RecipeRequest request) {
  const ReadRecipe& r = *recipe;
  if (CatalogCache::Instance().Generation(r.database) != r.generation) return std::nullopt;
  // The general planner asks for the policy before the first statement and
  // again in the background once it is old; a recipe has none.
  PolicyStore& policies = PolicyStore::Instance();
  std::optional<int64_t> fetched = policies.FetchedAt(r.database);
  if (!fetched || request.now_ms - *fetched >= PolicyStore::kRefreshMs ||
      policies.Find(r.database) != nullptr)
    return std::nullopt;
  if (!request.rows_as_array.is_null() && !request.rows_as_array.is_boolean()) return std::nullopt;
  std::optional<Json> bound = BoundParams(r, request.params);
  if (!bound) return std::nullopt;

  if (Status admitted = ShardBreakers().Admit(r.shard, request.now_ms); !admitted.ok())
    return ErrorOutput(admitted.error());
  const std::string token = Pending().Keep(PendingRead{recipe, std::move(request)});
  return Output{0, StrCat({r.plan_head, Dump(*bound), r.plan_tail, token, "\"}"})};
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

}  // namespace edgesql::gateway
