#include "gateway/plan_contexts.h"

#include <charconv>
#include <cstdint>
#include <map>

namespace edgesql::gateway {
namespace {

// By the order they were kept: the first entry is the oldest.
std::map<uint64_t, Json>& Kept() {
  static auto* kept = new std::map<uint64_t, Json>();  // lives as long as the isolate
  return *kept;
}

uint64_t next_token = 1;

// The kept entry of `token`, or Kept().end().
std::map<uint64_t, Json>::iterator Find(std::string_view token) {
  uint64_t n = 0;
  const char* end = token.data() + token.size();
  if (token.size() < 2 || token[0] != '#') return Kept().end();
  auto [at, ec] = std::from_chars(token.data() + 1, end, n);
  return ec == std::errc() && at == end ? Kept().find(n) : Kept().end();
}

}  // namespace

std::string KeepContext(Json context) {
  std::map<uint64_t, Json>& kept = Kept();
  const uint64_t token = next_token++;
  kept.emplace_hint(kept.end(), token, std::move(context));
  while (kept.size() > kMaxPlanContexts) kept.erase(kept.begin());
  return "#" + std::to_string(token);
}

std::optional<Json> TakeContext(std::string_view token) {
  auto it = Find(token);
  if (it == Kept().end()) return std::nullopt;
  Json context = std::move(it->second);
  Kept().erase(it);
  return context;
}

const Json* PeekContext(std::string_view token) {
  auto it = Find(token);
  return it == Kept().end() ? nullptr : &it->second;
}

size_t KeptContexts() { return Kept().size(); }

}  // namespace edgesql::gateway
