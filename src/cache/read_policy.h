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

// The primary-key values (canonical, as routing compares keys) of the one
// row a SELECT depends on alone: one table, no subquery, join or union, and
// a WHERE whose top-level conjuncts fix every primary-key column to a
// constant. Such a read is cached under the row's entity key, which a
// write of that row invalidates; other reads under a query key, which any
// write of their tables invalidates. nullopt when the read is not one.
std::optional<std::vector<std::string>> PointReadKey(const ReadFacts& facts,
                                                     const std::vector<sql::Value>& params,
                                                     const catalog::TableDef& table);

}  // namespace edgesql::cache

#endif  // EDGESQL_CACHE_READ_POLICY_H_
