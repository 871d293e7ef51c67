#include "gateway/policy_store.h"

#include <utility>

#include "common/str_cat.h"

namespace edgesql::gateway {

PolicyStore& PolicyStore::Instance() {
  static PolicyStore store;
  return store;
}

const routing::Policy* PolicyStore::Find(std::string_view database) const {
  auto it = entries_.find(database);
  return it == entries_.end() || !it->second.policy ? nullptr : &*it->second.policy;
}

std::optional<int64_t> PolicyStore::FetchedAt(std::string_view database) const {
  auto it = entries_.find(database);
  if (it == entries_.end()) return std::nullopt;
  return it->second.fetched_at;
}

void PolicyStore::Fetched(std::string_view database, std::optional<routing::Policy> policy,
                          int64_t now_ms) {
  auto it = entries_.find(database);
  if (it == entries_.end()) it = entries_.emplace(std::string(database), Entry{}).first;
  Entry& entry = it->second;
  entry.fetched_at = now_ms;
  if (policy && (!entry.policy || policy->routing.version > entry.policy->routing.version)) {
    entry.policy = std::move(policy);
  }
}

Result<bool> PolicyStore::Replace(std::string_view database, routing::Policy policy) {
  auto it = entries_.find(database);
  if (it != entries_.end() && it->second.policy) {
    const int64_t current = it->second.policy->routing.version;
    const int64_t offered = policy.routing.version;
    if (offered == current) return false;
    if (offered < current) {
      return Error(ErrorCode::kWrongArguments,
                   StrCat({"Table policy version ", std::to_string(offered),
                           " is older than the current version ", std::to_string(current),
                           " of database '", database, "': not applied"}));
    }
    it->second.policy = std::move(policy);
    return true;
  }
  if (it == entries_.end()) it = entries_.emplace(std::string(database), Entry{}).first;
  it->second.policy = std::move(policy);
  return true;
}

Status StoreFetchedPolicy(std::string_view database, const edgesql::Json& answer, int64_t now_ms) {
  std::optional<routing::Policy> policy;
  auto p = answer.is_object() ? answer.find("policy") : answer.end();
  if (answer.is_object() && p != answer.end() && p->is_string()) {
    Result<routing::Policy> parsed = routing::PolicyFromJsonText(p->get<std::string>());
    if (!parsed.ok()) return std::move(parsed).error();
    policy = std::move(parsed).value();
  }
  PolicyStore::Instance().Fetched(database, std::move(policy), now_ms);
  return Status();
}

}  // namespace edgesql::gateway
