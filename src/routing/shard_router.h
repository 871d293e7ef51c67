// ShardRouter: which shard(s) serve a statement under a table policy. No I/O.
//
// The decision is one of five kinds (issue 4):
//   kSingle     one shard holds every row the statement touches;
//   kMulti      a read whose keys (an IN list) span several known shards;
//   kScatter    a read with no shard key: every shard, results merged; or a
//               schema change, which every shard applies;
//   kReference  a read of reference tables only: any one shard answers;
//   kReject     what cannot be answered correctly, with the reason as a
//               MySQL error (ER_NOT_SUPPORTED_YET or ER_DBACCESS_DENIED).
//
// Keys. A tenant table's rows live on their tenant's shard: the routing
// map's entry for the tenant, else "tenant-<k>" with k = KeyHash(tenant) mod
// tenant_shards. A hashed table's rows live on the range holding the first
// byte of KeyHash(primary key). Values are compared as MySQL compares them
// under its default case-insensitive collation: integers by value ('042' and
// 42 are one key), ASCII text case-insensitively. A non-ASCII text key is
// rejected rather than guessed (accent- and case-folding beyond ASCII would
// need the collation's tables).
#ifndef EDGESQL_ROUTING_SHARD_ROUTER_H_
#define EDGESQL_ROUTING_SHARD_ROUTER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "routing/table_policy.h"
#include "sql/statement_info.h"

namespace edgesql::routing {

struct Decision {
  enum class Kind : uint8_t { kSingle, kMulti, kScatter, kReference, kReject };
  Kind kind = Kind::kReject;
  std::vector<std::string> shards;  // sorted, unique; every shard for kScatter
  bool write = false;               // changes data or schema
  std::string reason;               // why, for `explain` and meta.shard
  std::optional<Error> error;       // kReject
};

std::string_view DecisionKindName(Decision::Kind kind);

// 64-bit hash of a canonical key (FNV-1a, then a MurmurHash3 finaliser so
// the top byte, which picks the range, is well mixed). Stable forever: rows
// are placed by it.
uint64_t KeyHash(std::string_view canonical_key);

// The canonical text of a key value, or nullopt when the value is not a
// constant (an expression, a column) or has no meaning as a key (NULL).
// `params` holds the statement's bound ? values.
std::optional<std::string> CanonicalKey(const sql::Value& value,
                                        std::span<const sql::Value> params);

// The shard of a tenant, and of a hashed key.
std::string TenantShard(const Policy& policy, std::string_view tenant);
std::string HashShard(const Policy& policy, std::string_view canonical_key);
// Every shard the map can place rows on (RoutingMap::shards).
const std::vector<std::string>& AllShards(const Policy& policy);

// Routes `statement` with its bound `params`. `caller_tenant` is the tenant
// of the caller's token ("" when the caller is not bound to a tenant): a
// statement of such a caller may only touch that tenant's rows.
Decision Decide(const Policy& policy, const sql::StatementInfo& statement,
                std::span<const sql::Value> params, std::string_view caller_tenant);

}  // namespace edgesql::routing

#endif  // EDGESQL_ROUTING_SHARD_ROUTER_H_
