// CatalogCache: this isolate's copy of each database's catalog.
//
// The shards own the catalog (each stores it next to its data); this cache
// only saves a round trip per statement. Every plan made from it carries the
// schema version it assumed, and the shard refuses the plan when its own
// version differs (see ShardStatements::Guard), so a stale entry costs one
// reload, never a wrong answer. Single-threaded, like the wasm instance.
#ifndef EDGESQL_GATEWAY_CATALOG_CACHE_H_
#define EDGESQL_GATEWAY_CATALOG_CACHE_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"

namespace edgesql::gateway {

class CatalogCache {
 public:
  // The process-wide cache (one per wasm instance, i.e. per isolate).
  static CatalogCache& Instance();

  // nullptr when this isolate has not loaded `database` yet.
  const catalog::DatabaseSchema* Find(std::string_view database) const;
  void Store(std::string_view database, catalog::DatabaseSchema schema);
  void Forget(std::string_view database);
  // Records a committed DDL: the shard's version is now `version`.
  void Apply(std::string_view database, int64_t version, std::vector<catalog::TableDef> puts,
             const std::vector<std::string>& drops);
  // Which content Find(database) holds: a number no other content of any
  // database had in this isolate, for caches of what is derived from it
  // (translation_cache.h); 0 when none is held.
  uint64_t Generation(std::string_view database) const;

 private:
  struct Held {
    catalog::DatabaseSchema schema;
    uint64_t generation = 0;
  };
  std::map<std::string, Held, std::less<>> databases_;
  uint64_t next_generation_ = 1;
};

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_CATALOG_CACHE_H_
