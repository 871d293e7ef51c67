#include "gateway/plan_contexts.h"

namespace edgesql::gateway {
namespace {

PlanTokens<Json>& Kept() {
  static auto* kept = new PlanTokens<Json>("#");  // lives as long as the isolate
  return *kept;
}

}  // namespace

std::string KeepContext(Json context) { return Kept().Keep(std::move(context)); }

std::optional<Json> TakeContext(std::string_view token) { return Kept().Take(token); }

const Json* PeekContext(std::string_view token) { return Kept().Peek(token); }

size_t KeptContexts() { return Kept().size(); }

}  // namespace edgesql::gateway
