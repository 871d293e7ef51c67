#include "gateway/catalog_cache.h"

namespace edgesql::gateway {

CatalogCache& CatalogCache::Instance() {
  static CatalogCache* cache = new CatalogCache();  // never destroyed: lives as long as the isolate
  return *cache;
}

const catalog::DatabaseSchema* CatalogCache::Find(std::string_view database) const {
  auto it = databases_.find(database);
  return it == databases_.end() ? nullptr : &it->second.schema;
}

uint64_t CatalogCache::Generation(std::string_view database) const {
  auto it = databases_.find(database);
  return it == databases_.end() ? 0 : it->second.generation;
}

void CatalogCache::Store(std::string_view database, catalog::DatabaseSchema schema) {
  databases_.insert_or_assign(std::string(database), Held{std::move(schema), next_generation_++});
}

void CatalogCache::Forget(std::string_view database) {
  auto it = databases_.find(database);
  if (it != databases_.end()) databases_.erase(it);
}

void CatalogCache::Apply(std::string_view database, int64_t version,
                         std::vector<catalog::TableDef> puts,
                         const std::vector<std::string>& drops) {
  auto it = databases_.find(database);
  if (it == databases_.end()) return;  // not loaded here: the next plan loads it whole
  catalog::DatabaseSchema& schema = it->second.schema;
  it->second.generation = next_generation_++;
  if (schema.version + 1 != version) {
    // Another isolate changed the schema in between: reload instead of guessing.
    databases_.erase(it);
    return;
  }
  schema.version = version;
  for (const std::string& name : drops) schema.tables.erase(name);
  for (catalog::TableDef& table : puts) {
    std::string name = table.name;
    schema.tables.insert_or_assign(std::move(name), std::move(table));
  }
}

}  // namespace edgesql::gateway
