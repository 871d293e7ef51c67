// IsolateCache: the first-level cache, in the isolate's own memory, in
// front of KV. When KV answers a cached or bounded read with a hit, the
// entry and its shard's record (parsed) stay here for at most kMaxAgeMs, so
// the isolate serves its hot keys again without I/O. So does the entry a
// miss's own shard answer makes (with no record: nothing KV holds is newer),
// so the isolate's next readers need not wait for the fill to land in KV.
//
// A read served from here is judged again, exactly as one served from KV
// (Judge: the policy's freshness against the entry's own age, the version
// the session last wrote), so bounded reads keep their bound and a session
// still reads its own writes. What this layer adds is delay: a change
// reaches this isolate's readers up to kMaxAgeMs after the entry was kept
// (docs/cache.md). A stale entry is never kept.
//
// Bounded by bytes (the KV values' lengths), oldest out first. One per
// isolate, single-threaded like it.
#ifndef EDGESQL_CACHE_ISOLATE_CACHE_H_
#define EDGESQL_CACHE_ISOLATE_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/json.h"

namespace edgesql::cache {

class IsolateCache {
 public:
  static constexpr int64_t kMaxAgeMs = 1000;
  static constexpr size_t kMaxBytes = size_t{8} << 20;
  // Larger values are not kept: a few would push out every hot key.
  static constexpr size_t kMaxValueBytes = size_t{256} << 10;

  static IsolateCache& Instance();

  struct Held {
    std::shared_ptr<const edgesql::Json> entry;
    std::shared_ptr<const edgesql::Json> record;
  };

  // What KV answered for `key` (and its record) at most kMaxAgeMs before
  // `now_ms`; nullopt otherwise.
  std::optional<Held> Find(const std::string& key, int64_t now_ms);

  // Keeps an entry for `key`, `bytes` long as KV holds it (or would), read
  // at `now_ms`.
  void Put(const std::string& key, Held held, size_t bytes, int64_t now_ms);

  // Whether a fill of `key` may be sent at `now_ms`: one per key per
  // kFillGapMs from this isolate. A fill queues behind the change events
  // before it, and every read of the key that misses meanwhile would send
  // one more, each a KV read and write for the consumer: after a burst of
  // writes, that backlog was what slowed reads, not the misses. A skipped
  // fill loses nothing: the one sent holds an answer that stays right until
  // its row changes, and a change drops it, so a later miss fills again.
  bool StartFill(const std::string& key, int64_t now_ms);
  static constexpr int64_t kFillGapMs = 5000;

  // Forgets everything: entries and fills sent (another isolate, for tests).
  void Clear();
  size_t size() const { return slots_.size(); }

 private:
  struct Slot {
    Held held;
    size_t bytes = 0;
    int64_t at = 0;
    std::list<std::string>::iterator order;
  };
  void Erase(std::unordered_map<std::string, Slot>::iterator it);

  std::unordered_map<std::string, Slot> slots_;
  std::list<std::string> order_;  // oldest first
  size_t bytes_ = 0;
  std::unordered_map<std::string, int64_t> fills_;  // key -> when its last fill was sent
};

}  // namespace edgesql::cache

#endif  // EDGESQL_CACHE_ISOLATE_CACHE_H_
