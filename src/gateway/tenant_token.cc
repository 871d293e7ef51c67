#include "gateway/tenant_token.h"

#include <memory>
#include <string>

#include "common/lru_map.h"
#include "common/sha256.h"
#include "common/str_cat.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int Sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

Error Denied(std::string_view why) {
  return Error(ErrorCode::kAccessDenied, StrCat({"Access denied: tenant token ", why}));
}

Result<Json> Part(std::string_view text, std::string_view name) {
  std::optional<std::string> bytes = Base64UrlDecode(text);
  if (!bytes) return Denied(StrCat({"has a ", name, " that is not base64url"}));
  Json json = Json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object())
    return Denied(StrCat({"has a ", name, " that is not a JSON object"}));
  return json;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  const auto at = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t n = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (bytes.size() - i == 1) {
    const uint32_t n = at(i) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (bytes.size() - i == 2) {
    const uint32_t n = (at(i) << 16) | (at(i + 1) << 8);
    for (int shift : {18, 12, 6}) out += kAlphabet[(n >> shift) & 63];
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;  // no whole byte ends there
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    const int v = Sextet(c);
    if (v < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xFF);
    }
  }
  // The leftover bits must be zero: one encoding per byte string.
  if ((bits & ((1u << count) - 1)) != 0) return std::nullopt;
  return out;
}

Status CheckValidAt(const TenantClaims& claims, int64_t now) {
  if (claims.expires_at != 0 && now >= claims.expires_at) return Denied("has expired");
  if (now < claims.not_before) return Denied("is not valid yet (nbf)");
  return Status::Ok();
}

namespace {

// VerifyTenantToken without the isolate's memory of tokens.
Result<TenantClaims> Verify(std::string_view token, std::string_view secret, int64_t now) {
  const size_t first = token.find('.');
  const size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos)
    return Denied("is not a JWT (header.claims.signature)");
  const std::string_view header_text = token.substr(0, first);
  const std::string_view claims_text = token.substr(first + 1, second - first - 1);
  const std::string_view signature_text = token.substr(second + 1);

  Result<Json> header = Part(header_text, "header");
  if (!header.ok()) return std::move(header).error();
  // The algorithm is ours to choose, not the token's: only HS256.
  if (header.value().value("alg", std::string()) != "HS256")
    return Denied("is not signed with HS256");

  std::optional<std::string> signature = Base64UrlDecode(signature_text);
  const Sha256Digest expected =
      HmacSha256(secret, token.substr(0, second));  // over "header.claims"
  if (!signature || !ConstantTimeEqual(
                        *signature, std::string_view(reinterpret_cast<const char*>(expected.data()),
                                                     expected.size()))) {
    return Denied("has a bad signature");
  }

  Result<Json> claims_json = Part(claims_text, "claims part");
  if (!claims_json.ok()) return std::move(claims_json).error();
  const Json& c = claims_json.value();
  TenantClaims claims;
  auto exp = c.find("exp");
  if (exp == c.end() || !exp->is_number_integer()) return Denied("has no exp claim");
  claims.expires_at = exp->get<int64_t>();
  if (auto nbf = c.find("nbf"); nbf != c.end()) {
    if (!nbf->is_number_integer()) return Denied("has an nbf claim that is not a number");
    claims.not_before = nbf->get<int64_t>();
  }
  if (Status s = CheckValidAt(claims, now); !s.ok()) return std::move(s).error();
  if (auto tenant = c.find("tenant_id"); tenant != c.end()) {
    if (!tenant->is_string() || tenant->get_ref<const std::string&>().empty())
      return Denied("has a tenant_id that is not a non-empty string");
    claims.tenant = tenant->get<std::string>();
  }
  auto permissions = c.find("permissions");
  if (permissions == c.end() || !permissions->is_array()) return Denied("has no permissions list");
  for (const Json& p : *permissions) {
    const std::string name = p.is_string() ? p.get<std::string>() : "";
    if (name == "read") {
      claims.read = true;
    } else if (name == "write") {
      claims.write = true;
    } else if (name == "ddl") {
      claims.ddl = true;
    } else {
      return Denied("has a permission other than read, write and ddl");
    }
  }
  return claims;
}

}  // namespace

Result<TenantClaims> VerifyTenantToken(std::string_view token, std::string_view secret,
                                       int64_t now) {
  if (secret.empty()) return Denied("cannot be checked: no signing secret is configured");
  static auto* verified = new LruMap<TenantClaims>(kVerifiedTokens);  // lives with the isolate
  // The secret's length first, so no other token and secret spell the same key.
  const std::string key = StrCat({std::to_string(secret.size()), ":", secret, token});
  if (std::shared_ptr<const TenantClaims> known = verified->Find(key)) {
    if (Status s = CheckValidAt(*known, now); !s.ok()) return std::move(s).error();
    return *known;
  }
  Result<TenantClaims> claims = Verify(token, secret, now);
  if (claims.ok()) verified->Put(key, std::make_shared<const TenantClaims>(claims.value()));
  return claims;
}

Status CheckPermission(const TenantClaims& claims, const sql::StatementInfo& statement) {
  const bool ddl = sql::IsDdl(statement.kind);
  const bool allowed = ddl ? claims.ddl : statement.read_only ? claims.read : claims.write;
  if (allowed) return Status::Ok();
  std::string command(sql::StatementKindName(statement.kind));
  for (char& ch : command) ch = ch == '_' ? ' ' : static_cast<char>(ch & ~0x20);
  std::string table;
  for (const auto* list : {&statement.tables_written, &statement.tables_read}) {
    if (table.empty() && !list->empty()) table = list->front().name;
  }
  const std::string who = claims.tenant.empty() ? "this token" : "tenant '" + claims.tenant + "'";
  return Error(ErrorCode::kTableAccessDenied,
               StrCat({command, " command denied to ", who, table.empty() ? "" : " for table '",
                       table, table.empty() ? "" : "'", " (the token lacks the ",
                       ddl                   ? "ddl"
                       : statement.read_only ? "read"
                                             : "write",
                       " permission)"}));
}

}  // namespace edgesql::gateway
