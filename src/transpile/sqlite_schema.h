// SqliteSchema: the SQLite statements that realise a catalog TableDef.
//
// CREATE TABLE with one column per MySQL column (storage class from
// mysql_type.h, COLLATE NOCASE for _ci collations so comparisons, keys and
// sorting ignore case as MySQL's default collations do), strict-mode checks
// as named CHECK constraints, then CREATE [UNIQUE] INDEX per key (named
// "table/index", see IndexName), an AFTER UPDATE trigger per ON UPDATE
// CURRENT_TIMESTAMP column, the three change-capture triggers that note
// each written row's key for the cache's change events (docs/cache.md), and
// the sqlite_sequence row for AUTO_INCREMENT=N.
//
// The CHECK names carry what failed, so the gateway reports MySQL's error:
//   "edgesql:range:<col>"  -> 1264 Out of range value
//   "edgesql:type:<col>"   -> 1366 Incorrect value
//   "edgesql:length:<col>" -> 1406 Data too long
//   "edgesql:enum:<col>"   -> 1265 Data truncated
#ifndef EDGESQL_TRANSPILE_SQLITE_SCHEMA_H_
#define EDGESQL_TRANSPILE_SQLITE_SCHEMA_H_

#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "common/error.h"

namespace edgesql::transpile {

inline constexpr std::string_view kCheckPrefix = "edgesql:";

struct SchemaOptions {
  bool if_not_exists = false;
  // The SQLite table to create, when not the TableDef's name (a rebuild
  // creates the new shape under a temporary name first).
  std::string table_name;
  enum class Part { kAll, kTableOnly, kExtrasOnly };
  // kTableOnly: just CREATE TABLE; kExtrasOnly: the indexes, triggers and
  // counter that follow it (a rebuild creates them after the rename).
  Part part = Part::kAll;
};

// REQUIRES: `table` passed ValidateTable().
std::vector<std::string> SqliteSchema(const catalog::TableDef& table, const SchemaOptions& options);

// A row's key as the change events name it (docs/cache.md): a JSON array
// of its primary key's values, blobs in hex; [rowid] for a table without
// one. `row` qualifies the columns ("NEW"), or is empty.
std::string RowKeySql(const catalog::TableDef& table, std::string_view row);

// `column`'s storage class and collation, as its table declares them
// ("TEXT COLLATE NOCASE"): for a copy of the rows that must compare and sort
// as the shard does (the D1 mirror).
std::string ColumnTypeSql(const catalog::TableDef& table, const catalog::ColumnDef& column);

// The SQLite value expression of `column`'s DEFAULT ("NULL" without one),
// for DEFAULT written as a value in INSERT and UPDATE.
std::string DefaultValueSql(const catalog::ColumnDef& column);

// The checks MySQL makes on a definition before creating it: one
// AUTO_INCREMENT column that is a key (and, for SQLite, the whole primary
// key), key columns that exist, no duplicate names.
Status ValidateTable(const catalog::TableDef& table);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_SQLITE_SCHEMA_H_
