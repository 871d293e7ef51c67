#include "gateway/caller.h"

#include <string>

#include "common/ascii.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {
namespace {

Error Denied(std::string_view why) {
  return Error(ErrorCode::kAccessDenied, "Access denied: " + std::string(why));
}

}  // namespace

Result<Caller> ParseCaller(std::string_view caller_json) {
  Result<Json> parsed = ParseJson(caller_json, "the caller");
  if (!parsed.ok() || !parsed.value().is_object()) {
    return Error(ErrorCode::kInternal, "Internal error: the worker sent no caller");
  }
  const Json& c = parsed.value();
  Caller caller;
  if (auto now = c.find("now"); now != c.end() && now->is_number()) {
    caller.now_ms = now->get<int64_t>();
  }
  const std::string header = c.value("authorization", std::string());
  if (header.empty()) {
    if (c.value("auth", std::string()) != "optional") {
      return Denied("this server requires a tenant token (Authorization: Bearer <token>)");
    }
    caller.claims.read = caller.claims.write = caller.claims.ddl = true;
    return caller;
  }
  constexpr std::string_view kBearer = "Bearer ";
  if (!StartsWithIgnoreCase(header, kBearer)) {
    return Denied("the Authorization header must be 'Bearer <token>'");
  }
  const std::string secret = c.value("secret", std::string());
  if (secret.empty()) return Denied("this server has no token secret configured");
  Result<TenantClaims> claims = VerifyTenantToken(std::string_view(header).substr(kBearer.size()),
                                                  secret, caller.now_ms / 1000);
  if (!claims.ok()) return std::move(claims).error();
  caller.claims = std::move(claims).value();
  return caller;
}

Result<Caller> CallerAt(const Caller& verified, int64_t now_ms) {
  if (Status s = CheckValidAt(verified.claims, now_ms / 1000); !s.ok()) return std::move(s).error();
  Caller caller = verified;
  caller.now_ms = now_ms;
  return caller;
}

Caller TrustedCaller() {
  Caller caller;
  caller.claims.read = caller.claims.write = caller.claims.ddl = true;
  return caller;
}

Status CheckOperator(const Caller& caller) {
  if (caller.claims.tenant.empty() && caller.claims.ddl) return Status::Ok();
  return Error(ErrorCode::kSpecificAccessDenied,
               "Access denied; you need an operator token (ddl permission, no tenant_id) for "
               "this operation");
}

}  // namespace edgesql::gateway
