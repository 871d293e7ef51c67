// ShardStatements: the bookkeeping SQL the gateway adds around a user's
// statement, all run by the shard in the same transactionSync:
//   Guard      first: fails the whole transaction unless the shard's schema
//              version is the one the plan was made with
//   WriteProbe after INSERT/UPDATE/DELETE: changes() and the insert id
//   DdlLog     after DDL: one row in the DDL log, which is the schema version
//   CatalogPut / CatalogDrop   after DDL: the catalog's new definitions
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
#include "gateway/json_util.h"

namespace edgesql::gateway {

// Each returns {"sql": ..., "params": [...]} for a plan's statement list.
Json GuardStatement(int64_t expected_version);
Json WriteProbeStatement(std::string_view table);
Json DdlLogStatement(int64_t version, std::string_view mysql_text);
Json DdlReplayPutStatement(int64_t version, std::string_view statements_json);
// The shard's schema version.
Json SchemaVersionStatement();
// (version, statements JSON) of every change after `version`, in order.
Json DdlReplayLoadStatement(int64_t after_version);
Json CatalogPutStatement(const catalog::TableDef& table);
Json CatalogDropStatement(std::string_view table);
// SQLite enforces foreign keys per connection, and the pragma only takes
// effect outside a transaction, so a plan sets it before its transactionSync
// (ForeignKeysPragma) and asserts it inside (ForeignKeyStateStatement): if
// the setting did not take, the statement fails instead of running unchecked.
std::string ForeignKeysPragma(bool enforce);
Json ForeignKeyStateStatement(bool enforce);
// Two statements: the schema version, then every (name, definition) row.
Json CatalogLoadStatements();

// JSON array of the statements a shard runs once when it starts.
std::string BootstrapStatements();

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_SHARD_STATEMENTS_H_
