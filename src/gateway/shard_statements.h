// ShardStatements: the bookkeeping SQL the gateway adds around a user's
// statement, all run by the shard in the same transactionSync:
//   Guard      first: fails the whole transaction unless the shard's schema
//              version is the one the plan was made with
//   WriteProbe after INSERT/UPDATE/DELETE: changes() and the insert id
//   DdlLog     after DDL: one row in the DDL log, which is the schema version
//   CatalogPut / CatalogDrop   after DDL: the catalog's new definitions
//   DataVersion after a cacheable read: the shard's data version
//   DdlReplayPut  after DDL: the change's own shard statements, so a shard
//              that missed it (new, or down while it was applied) can be
//              brought to the current version by replaying them
// plus the statements that load a catalog and bootstrap a new shard.
#ifndef EDGESQL_GATEWAY_SHARD_STATEMENTS_H_
#define EDGESQL_GATEWAY_SHARD_STATEMENTS_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/table_def.h"
#include "catalog/table_def_json.h"
#include "common/error.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

// Each returns {"sql": ..., "params": [...]} for a plan's statement list.
Json GuardStatement(int64_t expected_version);
// A write's probe: [changes(), the last rowid inserted, whether `table`
// has AUTOINCREMENT]. Only an INSERT or REPLACE (`inserts`) reads the last
// two; other writes get 0 and 0, because last_insert_rowid() is the
// connection's, moved by any other request's INSERT (the change capture's
// outbox rows included), and a transaction's rerun must answer as the
// statement first did (worker-shim/table_shard.js).
Json WriteProbeStatement(std::string_view table, bool inserts);
Json DdlLogStatement(int64_t version, std::string_view mysql_text);
Json DdlReplayPutStatement(int64_t version, std::string_view statements_json);
// The shard's schema version.
Json SchemaVersionStatement();
// (version, statements JSON) of every change after `version`, in order.
Json DdlReplayLoadStatement(int64_t after_version);
Json CatalogPutStatement(const catalog::TableDef& table);
Json CatalogDropStatement(std::string_view table);
// After DDL: a change event naming the whole table follows (docs/cache.md),
// so its cached reads and its mirror (docs/mirror.md) are made again.
Json TableRewrittenStatement(std::string_view table);
// SQLite enforces foreign keys per connection, and the pragma only takes
// effect outside a transaction, so a plan sets it before its transactionSync
// (ForeignKeysPragma) and asserts it inside (ForeignKeyStateStatement): if
// the setting did not take, the statement fails instead of running unchecked.
std::string ForeignKeysPragma(bool enforce);
Json ForeignKeyStateStatement(bool enforce);
// Two statements: the schema version, then every (name, definition) row.
Json CatalogLoadStatements();
// The catalog their "results" (calls.h) hold.
Result<catalog::DatabaseSchema> CatalogFromResults(const Json& results);

// The shard's data version [epoch, ver] (docs/cache.md), read with a
// statement's rows so a cached copy of them carries it.
Json DataVersionStatement();
// GuardStatement and DataVersionStatement in one: a row (guard, epoch,
// ver), or the guard's failure. For reads, whose statements see one
// snapshot wherever the version is read: one statement fewer on the shard.
Json GuardedVersionStatement(int64_t expected_version);
// The [epoch, ver] a read's results carry in GuardedVersionStatement's row
// (its first statement); null when they hold none.
Json ReadVersion(const Json& results);
// What a committing write's answer says through the capture's answering
// row ({"captured": [epoch, ver, tables]}, worker-shim/table_shard.js):
// the data version it left, and the names of the tables it changed (tables
// is that row's JSON text). Null when the answer holds none, or holds them
// malformed: the caller then knows no version, or takes every table.
Json CapturedVersion(const Json& answer);
Json CapturedTables(const Json& answer);

// What a shard runs of its own (worker-shim/table_shard.js), as JSON:
//   "bootstrap": [sql]  once when it starts: Edge SQL's own tables
//   "capture": [{sql, bindsShard, answers}]  at the end of every write
//                       transaction that commits (?1 the shard's object name
//                       where bindsShard): change events into the outbox;
//                       the one that `answers` yields [epoch, ver, tables]:
//                       the data version and a JSON array of the tables
//                       the transaction changed
//   "outboxRead": sql   the next queue message: one row [last seq, JSON
//                       array of the oldest events, 1 when more wait
//                       behind them], [NULL, NULL, 0] when there are none
//   "outboxDelete": sql those up to ?1 are sent
std::string ShardProgram();

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_SHARD_STATEMENTS_H_
