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

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/json_util.h"

namespace edgesql::gateway {

inline constexpr size_t kMaxPlanContexts = 2048;

// Keeps `context` and returns the token its plan carries.
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
