// PolicyStore: this isolate's table policy per database (issue 4).
//
// The config Durable Object owns the policy; isolates fetch it, keep it
// here, and fetch it again in the background once it is kRefreshMs old, so
// an update reaches every isolate within seconds. A policy replaces the
// current one only when its routing map's version is higher, so a stale
// copy arriving late (from a slow isolate, a retried push, a fetch that
// raced an update) can never undo a newer one; the same version again is a
// no-op. Single-threaded, like the wasm instance.
#ifndef EDGESQL_GATEWAY_POLICY_STORE_H_
#define EDGESQL_GATEWAY_POLICY_STORE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"
#include "common/json.h"
#include "routing/table_policy.h"

namespace edgesql::gateway {

class PolicyStore {
 public:
  // The process-wide store (one per wasm instance, i.e. per isolate).
  static PolicyStore& Instance();

  // How old a fetched policy may be before a request triggers a refresh.
  static constexpr int64_t kRefreshMs = 2'000;

  // nullptr while `database` has no policy.
  const routing::Policy* Find(std::string_view database) const;

  // When this isolate last learned what the config object holds for
  // `database`; nullopt when it never asked (the first request must).
  std::optional<int64_t> FetchedAt(std::string_view database) const;
  // What the config object holds for `database` (nullopt: no policy), as
  // of `now_ms`. An older policy than the current one is ignored.
  void Fetched(std::string_view database, std::optional<routing::Policy> policy, int64_t now_ms);

  // Makes `policy` current for `database` when its version is newer; true
  // when it replaced the current one, false when that version was already
  // current. ER_WRONG_ARGUMENTS when an older version is offered.
  Result<bool> Replace(std::string_view database, routing::Policy policy);

 private:
  struct Entry {
    std::optional<routing::Policy> policy;
    int64_t fetched_at = 0;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

// Records what a config object answered for `database` (calls.h: {"version",
// "policy": text | null}) as fetched at `now_ms`; the policy's validation
// error if it holds one that does not validate.
Status StoreFetchedPolicy(std::string_view database, const edgesql::Json& answer, int64_t now_ms);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_POLICY_STORE_H_
