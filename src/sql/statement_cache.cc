#include "sql/statement_cache.h"

#include <utility>

namespace edgesql::sql {

StatementCache& StatementCache::Instance() {
  static StatementCache* cache = new StatementCache();  // lives as long as the isolate
  return *cache;
}

std::shared_ptr<const Analyzed> StatementCache::Find(std::string_view text) {
  auto it = entries_.find(text);
  if (it == entries_.end()) return nullptr;
  order_.splice(order_.end(), order_, it->second.order);  // now the most recently used
  return it->second.analyzed;
}

void StatementCache::Put(std::string_view text, std::shared_ptr<const Analyzed> analyzed) {
  if (text.size() > kMaxTextBytes) return;
  if (auto it = entries_.find(text); it != entries_.end()) {
    it->second.analyzed = std::move(analyzed);
    order_.splice(order_.end(), order_, it->second.order);
    return;
  }
  if (entries_.size() >= kMaxEntries) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
  order_.emplace_back(text);
  entries_.emplace(order_.back(), Entry{std::move(analyzed), std::prev(order_.end())});
}

void StatementCache::Clear() {
  entries_.clear();
  order_.clear();
}

}  // namespace edgesql::sql
