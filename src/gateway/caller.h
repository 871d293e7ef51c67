// Caller: who sent a request, as the worker saw it, and the request's clock.
//
// The worker hands the core what it received and how it is configured,
// without judging either: {"authorization": the Authorization header,
// "secret": the token secret (a Worker secret), "auth": "optional" or
// "required", "now": Date.now()}. Authentication is required unless the
// deployment says "optional" (local development does, in .dev.vars); then a
// request without a token is the operator, with every permission and no
// tenant. A request with a token is always verified, in either mode.
#ifndef EDGESQL_GATEWAY_CALLER_H_
#define EDGESQL_GATEWAY_CALLER_H_

#include <cstdint>
#include <string_view>

#include "common/error.h"
#include "gateway/tenant_token.h"

namespace edgesql::gateway {

struct Caller {
  TenantClaims claims;  // claims.tenant empty: not bound to a tenant
  int64_t now_ms = 0;
};

// ER_ACCESS_DENIED_ERROR (1045) for a missing, malformed or invalid token.
Result<Caller> ParseCaller(std::string_view caller_json);

// `verified` (a ParseCaller result kept by a session) at a later `now_ms`:
// its token is not verified again, only its time (CheckValidAt).
Result<Caller> CallerAt(const Caller& verified, int64_t now_ms);

// The in-process caller of tools and tests: every permission, no tenant.
Caller TrustedCaller();

// Changing a database's table policy is the operator's: a token with the ddl
// permission that is not bound to a tenant. ER_SPECIFIC_ACCESS_DENIED
// otherwise.
Status CheckOperator(const Caller& caller);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_CALLER_H_
