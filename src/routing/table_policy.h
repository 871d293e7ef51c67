// The table policy and routing map: where every row lives (issue 4).
//
// Written by the operator as table-policy.yaml; the JS side only turns YAML
// into JSON, and everything else (the model, its validation, every error
// message) is here. A policy says, per table, how its rows are placed:
//
//   tables:
//     orders:    {pk: [id], shard_by: tenant_id}   # a tenant's rows on its shard
//     events:    {pk: [id]}                        # hashed by primary key
//     countries: {pk: [code], reference: true}     # copied to every shard
//   routing:
//     version: 3
//     tenant_shards: 4          # tenants without an entry: hash(tenant) % 4
//     tenants: {acme: shard-acme-2}
//     ranges:                   # hashed tables: the hash's first byte
//       - {prefix: "00..7f", shard: shard-range-0}
//       - {prefix: "80..ff", shard: shard-range-1}
//
// Every error names the path of the offending entry and why, as
// ER_WRONG_ARGUMENTS (1210): "tables.orders.pk[1]: ...".
#ifndef EDGESQL_ROUTING_TABLE_POLICY_H_
#define EDGESQL_ROUTING_TABLE_POLICY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "common/error.h"
#include "common/json.h"

namespace edgesql::routing {

enum class Placement : uint8_t {
  kTenant,     // rows live on their tenant's shard (shard_by names the column)
  kHash,       // rows live where a hash of the primary key points
  kReference,  // every shard holds a copy; reads go anywhere, writes everywhere
};

// The cache's (cache/read_policy.h); routing does not read it.
enum class CacheMode : uint8_t { kStrong, kBounded, kCached };

struct CachePolicy {
  CacheMode mode = CacheMode::kStrong;
  int64_t ttl_ms = 0;
  int64_t swr_ms = 0;
  // A write rewrites the cached reads of the rows it changed (read again
  // from the shard) instead of only invalidating them.
  bool prewarm = false;
  std::vector<std::string> always_strong_columns;
};

struct TablePolicy {
  std::string name;
  Placement placement = Placement::kHash;
  std::vector<std::string> pk;  // primary-key columns, in key order
  std::string shard_by;         // kTenant: the tenant column
  CachePolicy cache;
};

// Hashed rows whose hash's first byte is in [first, last] live on `shard`.
struct ShardRange {
  uint8_t first = 0;
  uint8_t last = 0;
  std::string shard;
};

struct RoutingMap {
  int64_t version = 0;
  // Tenants without an explicit entry: shard "tenant-<k>", k a stable hash
  // of the tenant modulo this count.
  int tenant_shards = 1;
  std::map<std::string, std::string> tenants;  // tenant (CanonicalText) -> shard
  std::vector<ShardRange> ranges;              // sorted; together exactly 00..ff
  // Every shard the map can place rows on: explicit tenants, the default
  // tenant shards, the hash ranges. Sorted, unique; derived once on reading,
  // since scatter and reference reads ask for it on every statement.
  std::vector<std::string> shards;
};

// The shard name of default tenant placement k ("tenant-3").
std::string DefaultTenantShard(int k);

// A text value as routing compares keys, like MySQL's default collation:
// an integer by value ("042" is "42"), other ASCII text case-folded;
// nullopt for non-ASCII text, which cannot be folded without the
// collation's tables.
std::optional<std::string> CanonicalText(std::string_view text);

struct Policy {
  std::vector<TablePolicy> tables;  // sorted by name
  RoutingMap routing;

  // By MySQL's default table-name rules here: exact, case-sensitive.
  const TablePolicy* FindTable(std::string_view name) const;
};

Result<Policy> PolicyFromJson(const edgesql::Json& json);
Result<Policy> PolicyFromJsonText(std::string_view text);

// What the policy says against what the schema holds: every table it names
// exists, and every column it names (pk, shard_by, always_strong_columns)
// is a column of that table; a table's pk is its PRIMARY KEY when it has
// one. Errors name the policy path, as above.
Status CheckPolicyAgainstSchema(const Policy& policy, const catalog::DatabaseSchema& schema);

}  // namespace edgesql::routing

#endif  // EDGESQL_ROUTING_TABLE_POLICY_H_
