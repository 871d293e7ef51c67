// Plan contexts: what Finish needs of a plan, kept in the isolate while the
// worker performs the plan's calls. The plan carries only a token ("#17"),
// so the context is never written as JSON text, escaped into the plan,
// unescaped by JavaScript and parsed back: for a point read (a context of
// about a kilobyte) that round trip was a fifth of the core's time.
//
// The Finish that answers a plan takes its context. A plan the worker never
// answers (a request cancelled mid-flight) leaves its context behind; beyond
// kMaxPlanContexts the oldest are dropped. That is far more plans than one
// isolate has in flight, so only abandoned ones go, and a plan answered
// after its context went gets a loud internal error, never a wrong answer.
// A point read's context takes about 2.6 KB of wasm memory, which never
// shrinks: the bound keeps abandoned ones to about 5 MB of the 64.
#ifndef EDGESQL_GATEWAY_PLAN_CONTEXTS_H_
#define EDGESQL_GATEWAY_PLAN_CONTEXTS_H_

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/error.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

inline constexpr size_t kMaxPlanContexts = 2048;

// What a plan leaves in the isolate until its Finish, by token: `prefix`
// and a number, oldest first, at most kMaxPlanContexts. Plan contexts are
// one; a read recipe's pending plans (read_recipes.h) another.
template <class Value>
class PlanTokens {
 public:
  explicit PlanTokens(std::string_view prefix) : prefix_(prefix) {}

  // Keeps `value` and returns the token its plan carries.
  std::string Keep(Value value) {
    const uint64_t token = next_++;
    kept_.emplace_hint(kept_.end(), token, std::move(value));
    while (kept_.size() > kMaxPlanContexts) kept_.erase(kept_.begin());
    return prefix_ + std::to_string(token);
  }
  // The value of `token`, no longer kept; nullopt when the token is unknown
  // (never issued, answered already, or dropped).
  std::optional<Value> Take(std::string_view token) {
    auto it = Find(token);
    if (it == kept_.end()) return std::nullopt;
    Value value = std::move(it->second);
    kept_.erase(it);
    return value;
  }
  const Value* Peek(std::string_view token) {
    auto it = Find(token);
    return it == kept_.end() ? nullptr : &it->second;
  }
  bool Issued(std::string_view token) const { return token.starts_with(prefix_); }
  size_t size() const { return kept_.size(); }

 private:
  typename std::map<uint64_t, Value>::iterator Find(std::string_view token) {
    uint64_t n = 0;
    if (!Issued(token)) return kept_.end();
    const char* end = token.data() + token.size();
    auto [at, ec] = std::from_chars(token.data() + prefix_.size(), end, n);
    return ec == std::errc() && at == end ? kept_.find(n) : kept_.end();
  }

  std::string prefix_;
  uint64_t next_ = 1;
  std::map<uint64_t, Value> kept_;
};

// The error of a Finish whose plan's token is no longer kept.
inline Error PlanContextGone() {
  return Error(ErrorCode::kInternal,
               "Internal error: the plan's context is gone (answered already, or dropped as "
               "abandoned)");
}

// Keeps `context` and returns the token its plan carries ("#17").
std::string KeepContext(Json context);

// The context of `token`, no longer kept; nullopt when the token is unknown
// (never issued, answered already, or dropped).
std::optional<Json> TakeContext(std::string_view token);

// The context of `token`, still kept, or nullptr (for tests).
const Json* PeekContext(std::string_view token);

// How many contexts are kept (for /v1/metrics and tests).
size_t KeptContexts();

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_PLAN_CONTEXTS_H_
