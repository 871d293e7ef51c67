// CREATE TABLE: MySQL's table definition read into a catalog TableDef, then
// realised as SQLite statements by SqliteSchema (sqlite_schema.h).
//
// Also CREATE TABLE ... LIKE, which copies a TableDef from the catalog.
#ifndef EDGESQL_TRANSPILE_CREATE_TABLE_H_
#define EDGESQL_TRANSPILE_CREATE_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "common/error.h"
#include "sql/hints.h"
#include "sql/token.h"

namespace edgesql::transpile {

struct CreateTableOutput {
  catalog::TableDef table;  // what the catalog records
  bool if_not_exists = false;
  std::vector<std::string> statements;  // SQLite statements, in order
  std::vector<sql::Warning> warnings;   // e.g. FULLTEXT accepted without an index
};

// Transpiles the CREATE TABLE statement in tokens [first, last). `schema`
// (may be null) resolves CREATE TABLE ... LIKE.
Result<CreateTableOutput> TranspileCreateTable(std::string_view source,
                                               const std::vector<sql::Token>& tokens, size_t first,
                                               size_t last, const catalog::DatabaseSchema* schema);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_CREATE_TABLE_H_
