#include "gateway/policy_store.h"

#include <utility>

#include "common/str_cat.h"

namespace edgesql::gateway {

PolicyStore& PolicyStore::Instance() {
  static PolicyStore store;
  return store;
}

const routing::Policy* PolicyStore::Find(std::string_view database) const {
  auto it = policies_.find(database);
  return it == policies_.end() ? nullptr : &it->second;
}

Result<bool> PolicyStore::Replace(std::string_view database, routing::Policy policy) {
  auto it = policies_.find(database);
  if (it != policies_.end()) {
    const int64_t current = it->second.routing.version;
    const int64_t offered = policy.routing.version;
    if (offered == current) return false;
    if (offered < current) {
      return Error(ErrorCode::kWrongArguments,
                   StrCat({"Table policy version ", std::to_string(offered),
                           " is older than the current version ", std::to_string(current),
                           " of database '", database, "': not applied"}));
    }
    it->second = std::move(policy);
    return true;
  }
  policies_.emplace(std::string(database), std::move(policy));
  return true;
}

}  // namespace edgesql::gateway
