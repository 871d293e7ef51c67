// PolicyStore: this isolate's table policy per database (issue 4).
//
// The config Durable Object owns the policy; isolates receive it and keep it
// here. A policy replaces the current one only when its routing map's
// version is higher, so a stale copy arriving late (from a slow isolate or
// a retried push) can never undo a newer one; the same version again is a
// no-op. Single-threaded, like the wasm instance.
#ifndef EDGESQL_GATEWAY_POLICY_STORE_H_
#define EDGESQL_GATEWAY_POLICY_STORE_H_

#include <map>
#include <string>
#include <string_view>

#include "common/error.h"
#include "routing/table_policy.h"

namespace edgesql::gateway {

class PolicyStore {
 public:
  // The process-wide store (one per wasm instance, i.e. per isolate).
  static PolicyStore& Instance();

  // nullptr while `database` has no policy.
  const routing::Policy* Find(std::string_view database) const;

  // Makes `policy` current for `database` when its version is newer; true
  // when it replaced the current one, false when that version was already
  // current. ER_WRONG_ARGUMENTS when an older version is offered.
  Result<bool> Replace(std::string_view database, routing::Policy policy);

 private:
  std::map<std::string, routing::Policy, std::less<>> policies_;
};

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_POLICY_STORE_H_
