// ReadPolicy: whether a read may be served from the KV cache, and how fresh
// an entry must be to serve it (docs/cache.md).
//
//   strong          the shard answers; the cache is bypassed
//   bounded(ms)     an entry read from the shard at most `ms` ago serves
//   cached          any entry the cache still holds serves; with a policy's
//                   ttl_ms it is fresh that long, and for swr_ms more it is
//                   served stale while one refresh runs in the background
//
// A query hint (/*+ strong */, /*+ bounded=1500 */, /*+ cached */) decides
// over the table policy; without either a read is strong. Whatever either
// says, a read is strong inside a transaction, when it locks, reads several
// shards, calls a function whose value changes between calls (NOW(),
// RAND(), LAST_INSERT_ID(), ...), reads a variable, or names a column the
// policy lists in always_strong_columns.
#ifndef EDGESQL_CACHE_READ_POLICY_H_
#define EDGESQL_CACHE_READ_POLICY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "routing/table_policy.h"
#include "sql/statement_info.h"
#include "sql/token.h"

namespace edgesql::cache {

enum class ServeMode : uint8_t { kBypass, kBounded, kCached };

struct ReadPolicy {
  ServeMode mode = ServeMode::kBypass;
  int64_t fresh_ms = 0;  // bounded: the bound; cached: the ttl (0: no limit)
  int64_t swr_ms = 0;    // cached: how long past fresh_ms an entry serves stale
  bool prewarm = false;  // a write rereads the rows' cached reads (every table's policy says so)
  std::string reason;    // bypass: why, for meta.cacheReason
};

struct ReadFacts {
  const sql::StatementInfo* info = nullptr;
  std::string_view source;  // the statement's text
  const std::vector<sql::Token>* tokens = nullptr;
  const routing::Policy* policy = nullptr;  // null without a table policy
  bool in_transaction = false;
  bool several_shards = false;
};

ReadPolicy ChooseReadPolicy(const ReadFacts& facts);

// The rows a SELECT depends on alone, when one equality names them: the
// SELECT reads one table (no subquery, join, union or second table in
// FROM), and its WHERE has top-level conjuncts that fix every primary-key
// column to a constant (`column` empty; an entity), or else one that fixes
// a column leading an index (TableDef::LookupColumns; `column` names it, in
// lower case). Such a read is cached under the rows' key, which a write of
// any row with that key (before or after) invalidates; other reads under a
// query key, which any write of their tables invalidates. `values` are
// canonical as routing compares keys, and only for a constant of the
// column's own kind: MySQL would compare '42abc' with an INT key as 42.
struct RowKey {
  std::string column;
  std::vector<std::string> values;
};
std::optional<RowKey> RowReadKey(const ReadFacts& facts, const std::vector<sql::Value>& params,
                                 const catalog::TableDef& table);

}  // namespace edgesql::cache

#endif  // EDGESQL_CACHE_READ_POLICY_H_
