#include "sql/statement_cache.h"

namespace edgesql::sql {

StatementCache& StatementCache::Instance() {
  static StatementCache* cache = new StatementCache();  // lives as long as the isolate
  return *cache;
}

}  // namespace edgesql::sql
