// Tenant tokens: signed JWTs (RFC 7519) that bind a caller to a tenant.
//
//   header  {"alg": "HS256", "typ": "JWT"}
//   claims  {"tenant_id": "acme", "permissions": ["read", "write"], "exp": 1767225600}
//
// Signed with HMAC-SHA256 under the Worker's secret. A token without
// tenant_id is an operator's: not bound to a tenant (the router then lets
// statements name any tenant). Verification is strict: only HS256 (never
// "none", never an algorithm the token chooses for itself), a signature that
// matches in constant time, an exp in the future (nbf, when present, in the
// past), and permissions from read, write and ddl. Every failure is
// ER_ACCESS_DENIED_ERROR (1045) saying what was wrong, but never echoing the
// token.
#ifndef EDGESQL_GATEWAY_TENANT_TOKEN_H_
#define EDGESQL_GATEWAY_TENANT_TOKEN_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/statement_info.h"

namespace edgesql::gateway {

struct TenantClaims {
  std::string tenant;  // empty: not bound to a tenant
  bool read = false;
  bool write = false;
  bool ddl = false;
  int64_t expires_at = 0;  // seconds since the epoch
  int64_t not_before = 0;  // seconds since the epoch (nbf); 0 when the token has none
};

// Verifies `token` under `secret` at `now` (seconds since the epoch; the
// caller passes the clock, so tests and the Workers runtime agree).
//
// Every request over HTTP carries its token, and its HMAC was more than
// planning the statement costs. So the isolate remembers the claims of the
// last kVerifiedTokens tokens that passed, by token and secret: one seen
// again is only checked against the clock (exp, nbf). A token that failed is
// verified again each time; a changed secret matches nothing remembered.
Result<TenantClaims> VerifyTenantToken(std::string_view token, std::string_view secret,
                                       int64_t now);
inline constexpr size_t kVerifiedTokens = 1024;

// ER_ACCESS_DENIED_ERROR unless `now` (seconds since the epoch) is before
// the claims' exp and not before their nbf: the one check of a token's time,
// whether it was just verified, remembered, or kept by a session. Claims
// without exp (no token) never expire.
Status CheckValidAt(const TenantClaims& claims, int64_t now);

// Whether `claims` allow `statement`: reading needs read, changing data
// write, changing the schema ddl. ER_TABLEACCESS_DENIED_ERROR (1142) names
// the first table otherwise, as MySQL does.
Status CheckPermission(const TenantClaims& claims, const sql::StatementInfo& statement);

// base64url without padding (RFC 4648 §5), as JWTs use it.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_TENANT_TOKEN_H_
