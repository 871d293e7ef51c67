#include "cache/isolate_cache.h"

#include <utility>

namespace edgesql::cache {

IsolateCache& IsolateCache::Instance() {
  static IsolateCache* cache = new IsolateCache();  // lives as long as the isolate
  return *cache;
}

std::optional<IsolateCache::Held> IsolateCache::Find(const std::string& key, int64_t now_ms) {
  auto it = slots_.find(key);
  if (it == slots_.end()) return std::nullopt;
  // A clock that went backwards (a new request's frozen time) counts as old.
  if (now_ms - it->second.at > kMaxAgeMs || now_ms < it->second.at) {
    Erase(it);
    return std::nullopt;
  }
  return it->second.held;
}

void IsolateCache::Put(const std::string& key, Held held, size_t bytes, int64_t now_ms) {
  if (bytes > kMaxValueBytes) return;
  if (auto it = slots_.find(key); it != slots_.end()) Erase(it);
  while (!order_.empty() && bytes_ + bytes > kMaxBytes) Erase(slots_.find(order_.front()));
  order_.push_back(key);
  slots_.emplace(key, Slot{std::move(held), bytes, now_ms, std::prev(order_.end())});
  bytes_ += bytes;
}

bool IsolateCache::StartFill(const std::string& key, int64_t now_ms) {
  // Keys of fills sent long ago are forgotten once there are many.
  constexpr size_t kMaxFills = 10'000;
  if (fills_.size() >= kMaxFills) {
    std::erase_if(fills_, [&](const auto& f) { return now_ms - f.second >= kFillGapMs; });
    if (fills_.size() >= kMaxFills) fills_.clear();
  }
  auto [it, inserted] = fills_.emplace(key, now_ms);
  // A clock that went backwards (a new request's frozen time) counts as late.
  if (!inserted && now_ms - it->second < kFillGapMs && now_ms >= it->second) return false;
  it->second = now_ms;
  return true;
}

void IsolateCache::Clear() {
  fills_.clear();
  slots_.clear();
  order_.clear();
  bytes_ = 0;
}

void IsolateCache::Erase(std::unordered_map<std::string, Slot>::iterator it) {
  bytes_ -= it->second.bytes;
  order_.erase(it->second.order);
  slots_.erase(it);
}

}  // namespace edgesql::cache
