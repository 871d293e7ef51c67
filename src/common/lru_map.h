// LruMap: a map from text to shared, immutable values, bounded by count,
// the least recently used out first. The isolate's caches of what a text
// becomes (sql/statement_cache.h, gateway/translation_cache.h) are made of
// it. Looked up by a string_view without copying the text. Single-threaded,
// like the wasm instance.
#ifndef EDGESQL_COMMON_LRU_MAP_H_
#define EDGESQL_COMMON_LRU_MAP_H_

#include <cstddef>
#include <functional>
#include <iterator>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace edgesql {

template <typename Value>
class LruMap {
 public:
  explicit LruMap(size_t max_entries) : max_entries_(max_entries) {}

  // The value kept for exactly `key`, now the most recently used, or null.
  std::shared_ptr<const Value> Find(std::string_view key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    order_.splice(order_.end(), order_, it->second.order);
    return it->second.value;
  }

  // Keeps `value` as `key`'s, dropping the least recently used beyond the bound.
  void Put(std::string_view key, std::shared_ptr<const Value> value) {
    if (auto it = entries_.find(key); it != entries_.end()) {
      it->second.value = std::move(value);
      order_.splice(order_.end(), order_, it->second.order);
      return;
    }
    if (entries_.size() >= max_entries_) {
      entries_.erase(order_.front());
      order_.pop_front();
    }
    order_.emplace_back(key);
    entries_.emplace(order_.back(), Entry{std::move(value), std::prev(order_.end())});
  }

  void Clear() {
    entries_.clear();
    order_.clear();
  }
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::shared_ptr<const Value> value;
    std::list<std::string>::iterator order;
  };
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  size_t max_entries_;
  std::unordered_map<std::string, Entry, TextHash, std::equal_to<>> entries_;
  std::list<std::string> order_;  // least recently used first
};

}  // namespace edgesql

#endif  // EDGESQL_COMMON_LRU_MAP_H_
