// Entries: the cache's KV layout and the rules that decide what it holds
// (docs/cache.md). Everything is scoped by the shard object the rows live
// on ("app/0", "app/tenant-3"), whose data versions are one sequence:
//
//   v2:<shard>                     the shard's record: {"epoch", "tables":
//                                  {table: version of its last change},
//                                  "flush": {table: version of its last
//                                  change too large to name its rows},
//                                  "cached": {table: true once a fill of it
//                                  landed}}
//   t2:<shard>:<table>:id:<pk>     an entity: {"v": [epoch, version],
//                                  "answers": {hash: {"at", "results"}}},
//                                  or a tombstone {"v", "gone": true}
//   idx2:<shard>:<table>:<column>:<value>   the reads of the rows whose
//                                  `column` (one that leads an index) is
//                                  `value`: laid out as an entity
//   q2:<shard>:<table>:<hash>      a query: {"v", "at", "tables", "results"}
//
// A version is [epoch, n]: n counts the shard's committed writes, and the
// epoch (when its version table was made) orders the counts of a shard that
// was recreated. `hash` is the SHA-256 of the SQLite statements and
// parameters a read runs, the schema version among them; "results" are the
// shard's raw answer to them, shaped again for each read; "at" is when
// (gateway clock, ms) the read that filled the entry was planned.
//
// Only the db-events consumer writes entries, one batch at a time, and
// versions decide, never arrival order: a change tombstones each entity it
// names and raises the record, and a fill lands only if no newer version of
// its key is known. So an invalidation raced by a slower fill of older rows
// leaves the newer version in place, and redelivered or reordered events
// change nothing. A change to a table no fill ever landed for tombstones
// nothing (there is nothing cached to invalidate; only its version in the
// record moves), so the first fill of a table must have read after that
// version, and marks the table.
#ifndef EDGESQL_CACHE_ENTRIES_H_
#define EDGESQL_CACHE_ENTRIES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/read_policy.h"
#include "common/json.h"

namespace edgesql::cache {

using Json = edgesql::Json;

std::string RecordKey(std::string_view shard);
// `pk`: the key's canonical values in key order (routing::CanonicalText).
std::string EntityKey(std::string_view shard, std::string_view table,
                      const std::vector<std::string>& pk);
std::string LookupKey(std::string_view shard, std::string_view table, std::string_view column,
                      std::string_view value);
std::string QueryKey(std::string_view shard, std::string_view table, std::string_view hash);
// Lower-case hex SHA-256 of `text`.
std::string HashHex(std::string_view text);
// What names the entry of a read on `shard` whose shard statements are
// `statements` (their text, as JSON): its answer's hash (HashHex of that
// text, remembered for the texts an isolate repeats), the rows of its table
// `table` (null when not catalogued) it reads by key (RowReadKey, with the
// request's `params`), and its key: the entity's or the lookup's those
// rows name, or else the query's, by the hash.
struct ReadEntryName {
  std::string hash;
  std::optional<RowKey> rows;
  std::string key;
};
ReadEntryName NameReadEntry(const ReadFacts& facts, const std::vector<sql::Value>& params,
                            const catalog::TableDef* table, std::string_view shard,
                            const std::string& statements);

struct Version {
  int64_t epoch = 0;
  int64_t n = 0;
  auto operator<=>(const Version&) const = default;
};
std::optional<Version> VersionFromJson(const Json& j);  // [epoch, n]
Json VersionToJson(const Version& v);

// The newest version a session's writes left on `shard` for any of
// `tables` (a read's base tables); none when it changed none of them.
// `versions`: {shard: version of its last write, or {table: version}}.
std::optional<Version> WrittenVersion(const Json& versions, const std::string& shard,
                                      const std::vector<std::string>& tables);

enum class Verdict : uint8_t { kHit, kStale, kMiss };

struct Judged {
  Verdict verdict = Verdict::kMiss;
  // Hit or stale: the shard's answer the entry holds (in the entry judged,
  // which must outlive it).
  const Json* results = nullptr;
  Version version;
  int64_t age_ms = 0;
};

// What a read may make of `entry` (null when absent) given the shard's
// `record` (null when absent), `policy`, the gateway's clock, and the
// version its session last wrote on the shard (read-your-writes). `entity`
// says which layout the entry has (an entity's or a lookup's, or a
// query's); `hash` picks an entity's answer; `table` is the entity's.
struct ReadKey {
  bool entity = false;
  std::string table;
  std::string hash;
};
Judged Judge(const Json& entry, const Json& record, const ReadKey& key, const ReadPolicy& policy,
             int64_t now_ms, std::optional<Version> written);

// The entry a read's answer makes of its key when nothing newer is held:
// an entity's or a lookup's (`entity`, with this one answer under `hash`),
// or a query's over `tables`. `at` is when the read was planned.
Json FreshEntry(bool entity, std::string_view hash, const Version& v, int64_t at,
                const Json& tables, const Json& results);

// The consumer's side: what a batch of events makes of the keys they touch.
// `current` holds each key's value as KV returned it (null when absent); it
// is updated in place, and `changed` collects the keys whose value must be
// written. Events that make no sense are refused with a reason (the
// consumer retries them, then dead-letters them).
struct KeyState {
  Json value;  // null: absent
  bool changed = false;
  int64_t ttl_s = 0;  // expiration of a written value; 0 for none
};

// The keys an event reads and writes (its record and entities, or its
// fill's key and record); empty with `error` set when the event is not one.
std::vector<std::string> EventKeys(const Json& event, std::string* error);

// The keys of EventKeys an event needs read before its rows are known to
// matter: its shard's record, and a fill's own key. A change's rows need
// reading only where its table is marked cached (ApplyEvent says which it
// reached unread), which for a table only ever read strongly is never.
std::vector<std::string> EventFirstKeys(const Json& event);

// What applying an event did, for metrics: rows a change invalidated (1
// for a whole table), and whether a fill was written.
// A cached read of a prewarmed table's row to run again after a change
// (the entry's answers keep their shard calls): its answer is a fill.
struct Refresh {
  std::string table;
  std::string key;
  std::string hash;
  Json call;
  int64_t ttl_s = 0;
};

struct Applied {
  int64_t invalidated = 0;
  bool filled = false;
  std::vector<Refresh> refreshes;
  // Rows a change would tombstone whose keys `keys` does not hold: they
  // are to be read, and the batch applied again with them.
  std::vector<std::string> unread;
};

// Applies `event` to the states of its keys. `now_ms` is the consumer's
// clock: a fill older than a tombstone's lifetime could outlive it, and is
// dropped. A key absent from `keys` was not read: a row's is left alone
// and reported in `unread`; the others (EventFirstKeys) must be there.
Applied ApplyEvent(const Json& event, int64_t now_ms, std::map<std::string, KeyState>& keys);

// How long entries and tombstones live in KV.
inline constexpr int64_t kTombstoneTtlS = 3600;
inline constexpr int64_t kMinTtlS = 60;  // KV's shortest expiration
inline constexpr int64_t kMaxFillAgeMs = 600'000;
inline constexpr size_t kMaxEntityAnswers = 16;

}  // namespace edgesql::cache

#endif  // EDGESQL_CACHE_ENTRIES_H_
