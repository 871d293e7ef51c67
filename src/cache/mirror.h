// Mirror: the SQL that keeps the D1 mirror (PORTABLE_DB) a copy of the
// shards' rows, and that reads both sides to compare them (docs/mirror.md).
//
// Each table of each database is one D1 table, "<database>.<table>", with
// the table's columns (their storage class and collation, no constraints:
// the shards enforced them) plus
//   _edgesql_shard   the shard object the row lives on ("app/tenant-3")
//   _edgesql_epoch, _edgesql_ver   the shard's data version the row was
//                    read at (docs/cache.md)
//   _edgesql_rowid   for a table without a primary key, the shard's rowid
// keyed by (_edgesql_shard, primary key). D1 table _edgesql_mirror records
// the definition and schema version each mirror table was made from.
//
// The mirror copies state, never deltas: a change event only names rows,
// which the consumer reads from their shard and writes as they are now, so
// a repeated, late or reordered event writes the same rows again. A row is
// only replaced by one read at a newer version, and only rows read at an
// older version are deleted, so two writers cannot undo each other either.
//
// Statements are {"sql", "params"}; "key" parameters are a row's primary
// key as the capture triggers write it (a JSON array, blobs in hex).
#ifndef EDGESQL_CACHE_MIRROR_H_
#define EDGESQL_CACHE_MIRROR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cache/entries.h"
#include "catalog/table_def.h"
#include "common/json.h"

namespace edgesql::cache {

// The mirror's own queue message, {"type": "resync", "shard", "table",
// "after", "since", "at"}: copy the table's rows on that shard after key
// `after` (null: all of them) into the mirror, as a resync that started at
// data version `since` (null: this one). A resync is done a page per batch.
inline constexpr std::string_view kResyncEvent = "resync";
// The mirror's other message, {"type": "rows", "shard", "table", "keys",
// "at"}: copy those rows (as a change naming them would), left over from a
// batch whose changes named more rows of one table than it copies.
inline constexpr std::string_view kRowsEvent = "rows";
// Whether `event` is one of the mirror's own messages above, which the
// cache half of the consumer leaves alone.
inline bool IsMirrorMessage(const Json& event) {
  if (!event.is_object()) return false;
  auto type = event.find("type");
  return type != event.end() && (*type == kResyncEvent || *type == kRowsEvent);
}

std::string MirrorTableName(std::string_view database, std::string_view table);

// D1: the bookkeeping table, made if missing; then (name, version,
// definition) of the mirror tables `names` (a JSON array of mirror names).
Json MirrorMetaStatements(const Json& names);
// D1: the bookkeeping table, made if missing; then (name, tbl, version,
// definition) of every mirror table of `database`.
Json MirrorTablesStatements(std::string_view database);
// D1: makes the mirror table of `table` anew (dropping its rows) and
// records it at schema `version`.
Json MirrorRecreateStatements(std::string_view database, const catalog::TableDef& table,
                              int64_t version);
// D1: raises the recorded schema version of an unchanged definition.
Json MirrorVersionStatement(std::string_view database, std::string_view table, int64_t version);
// D1: the mirror of a table the database no longer has.
Json MirrorDropStatements(std::string_view database, std::string_view table);

// Rows a shard read returns: the key (as capture writes it), then every
// column, integers beyond 2^53 as text so they cross JSON exactly.
// Rows whose keys are in `keys` (a JSON array of keys).
Json ShardRowsByKey(const catalog::TableDef& table, const Json& keys);
// The first `limit` rows in key order after key `after` (null: from the
// start).
Json ShardRowsPage(const catalog::TableDef& table, const Json& after, int limit);

// D1: the `rows` (as ShardRows* read them, key first) of `shard`, read at
// `v`, each unless the mirror holds it from a newer version. As few
// statements as D1's 100 bound parameters allow: the simulator and D1 pay
// per statement, so a ten-row write costs one statement, not ten.
std::vector<Json> MirrorUpserts(std::string_view database, const catalog::TableDef& table,
                                std::string_view shard, const std::vector<const Json*>& rows,
                                Version v);
// D1: the row with `key` of `shard`, unless the mirror holds it from a
// version at or after `v` (at which it was found gone).
Json MirrorDelete(std::string_view database, const catalog::TableDef& table, std::string_view shard,
                  const Json& key, Version v);
// D1: every row of `shard` read before `v`, which a resync that started at
// `v` did not find.
Json MirrorDeleteOlder(std::string_view database, const catalog::TableDef& table,
                       std::string_view shard, Version v);

// For verification, rows as (key, text) where text is every column's
// quote() joined by ',': on the shard the first `limit` after `after`; on
// D1 those of `shard` after `after` up to and including `upto` (null: to
// the end).
Json ShardRowTexts(const catalog::TableDef& table, const Json& after, int limit);
Json MirrorRowTexts(std::string_view database, const catalog::TableDef& table,
                    std::string_view shard, const Json& after, const Json& upto);
// D1: (shard, row count) of every shard the mirror of `table` holds rows of.
Json MirrorShardCounts(std::string_view database, std::string_view table);

}  // namespace edgesql::cache

#endif  // EDGESQL_CACHE_MIRROR_H_
