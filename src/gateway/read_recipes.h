// ReadRecipe: a session's plain read, planned by the general planner once,
// then planned and answered again from what did not change.
//
// The general planner builds a statement's request and context as JSON
// values (some twenty members, the session's settings copied in), keeps the
// context, and at Finish looks its members up one by one to write the
// answer. For a point read that was two thirds of the core's time, and the
// core a quarter of the isolate's (bench/results/2026-11-24-s21.md). Most of
// it comes out the same each time a session reads with the same text: the
// route, the calls but for the parameters, the answer's fields and meta.
//
// The planner makes a recipe of a session's SELECT that runs on one shard
// outside a transaction, in a database with no table policy, bypassing the
// cache (a strong read, or one the cache may not serve), with a translation
// that reads nothing of the session (TranslationCache's rule) and nothing
// to do in the background. The session keeps it (up to kMaxReadRecipes in
// an isolate, the least recently used dropped first). A recipe holds while the
// database's catalog is the one it was made from (its generation) and no
// policy is due to be fetched; a request that is not the statement's (its
// parameters do not fit) goes to the general planner, which answers its
// error.
//
// A read the cache may answer (cached or bounded, with no table policy) is
// answered from its recipe when the isolate's own cache holds a fresh
// entry for it (cache/isolate_cache.h): the entry is found by the same key
// and judged by the same rules, the session's writes included, and the
// answer written as the general planner writes a hit. Anything else (no
// entry, a stale one, one older than the session's writes) goes to the
// general planner, which reads KV or the shard.
//
// A plan from a recipe is the general planner's, byte for byte, but for
// its context token ("#r17"); a plain answer (the shard's rows) is written
// as Finish writes it. Any other answer (an error, a stale schema, a shard
// that failed) is finished by the general Finish, from the context the
// general planner would have kept (tests/read_recipes_test.cc compares
// both).
#ifndef EDGESQL_GATEWAY_READ_RECIPES_H_
#define EDGESQL_GATEWAY_READ_RECIPES_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/read_policy.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "sql/statement_cache.h"

namespace edgesql::gateway {

// Recipes an isolate keeps, across its sessions.
inline constexpr size_t kMaxReadRecipes = 512;

struct ReadRecipe {
  std::string sql;  // the statement's text, as the session sent it
  std::string database;
  uint64_t generation = 0;  // the catalog's, when planned (CatalogCache::Generation)
  size_t params = 0;        // its placeholders
  Json extra_params;        // appended to the request's (the translation's)
  std::string shard;
  // A read that bypasses the cache: the plan's text before the statement's
  // parameters, and after them up to its context token; the general
  // context, less what each request brings (RequestMembers).
  std::string plan_head;
  std::string plan_tail;
  Json context;
  // What the answer needs of it.
  std::vector<std::string> tables;
  Json columns;  // the translation's result column types, or null
  size_t result = 0;
  Json warnings;  // the answer's "warnings"
  std::string cache_reason;

  // A read the cache may answer: what finds and judges its entry.
  struct CacheRead {
    std::shared_ptr<const sql::Analyzed> analyzed;  // the statement's, for its entity's key
    cache::ReadPolicy policy;
    std::string table;                // whose entry it is
    std::vector<std::string> tables;  // the base tables it reads (the session's writes)
    // The shard statements' text (their hash names the answer) before and
    // after the parameters.
    std::string statements_head;
    std::string statements_tail;
  };
  std::optional<CacheRead> cache;  // none for a read that bypasses the cache
};

// A recipe of the read `analyzed` planned as `call` with context `ctx`
// (before Emit, or before its cache lookup), whose `params` placeholders the
// request's parameters and then `extra_params` fill; null if its plan's
// text cannot be split around them.
std::shared_ptr<const ReadRecipe> MakeReadRecipe(std::string sql,
                                                 std::shared_ptr<const sql::Analyzed> analyzed,
                                                 const Json& call, const Json& ctx, size_t params,
                                                 Json extra_params, uint64_t generation);

// Whether `recipe` was made from its database's catalog as the isolate
// holds it now (a recipe that is, but does not plan a request, need not be
// made again).
bool RecipeIsCurrent(const ReadRecipe& recipe);

// What a session's statement brings to a recipe: the message's "params"
// and "rowsAsArray" as it gave them (null when absent), the session's
// LAST_INSERT_ID().
struct RecipeRequest {
  Json params;
  Json rows_as_array;
  int64_t last_insert_id = 0;
  int64_t now_ms = 0;
};

// The plan of `request` from `recipe`, or for a read the isolate's cache
// answers, the answer; nullopt when the recipe no longer holds, the cache
// does not answer, or the request is not the statement's (the general
// planner then plans it). A refused shard answers its error at once, as
// Emit's. `versions` are the session's writes' (the general planner's
// "versions").
std::optional<Output> PlanFromRecipe(const std::shared_ptr<const ReadRecipe>& recipe,
                                     RecipeRequest request, const Json& versions);

// Whether a plan's context token is a recipe's.
bool IsRecipeToken(std::string_view token);

// What the general context holds of the request and its session, as
// RequestContext builds it: "caller", "request" (the body) and "session"
// (the link).
struct RequestMembers {
  std::string caller;
  Json body;
  Json link;
};

// Finish for a recipe's plan: the answer as Finish writes it. `members`
// builds the request's part of the general context, for answers only the
// general Finish handles.
Output FinishRecipeRead(
    std::string_view token, std::string_view answers,
    const std::function<RequestMembers(const ReadRecipe&, const RecipeRequest&)>& members);

// The general context a recipe's plan stands for, as the general planner
// would have kept it (for tests: read_recipes_test.cc); null for an
// unknown token. The plan stays pending.
Json RecipeContextForTest(
    std::string_view token,
    const std::function<RequestMembers(const ReadRecipe&, const RecipeRequest&)>& members);

// Recipes' plans awaiting Finish (for tests).
size_t PendingRecipeReads();

// Reads answered from the isolate's cache through a recipe (for tests).
size_t RecipeCacheAnswers();

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_READ_RECIPES_H_
