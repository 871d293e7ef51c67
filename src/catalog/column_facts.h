// ColumnFacts: how MySQL describes a column in SHOW COLUMNS and
// information_schema.COLUMNS — its Key, Default and Extra — from a TableDef.
// Shared by the gateway's SHOW answers and the transpiler's
// information_schema tables, so both say the same thing.
#ifndef EDGESQL_CATALOG_COLUMN_FACTS_H_
#define EDGESQL_CATALOG_COLUMN_FACTS_H_

#include <optional>
#include <string>

#include "catalog/table_def.h"

namespace edgesql::catalog {

// "PRI", "UNI", "MUL" or "".
std::string ColumnKey(const TableDef& table, const ColumnDef& column);
// The Default column: nullopt for NULL / none.
std::optional<std::string> ColumnDefaultText(const ColumnDef& column);
// The Extra column: "auto_increment", "DEFAULT_GENERATED on update ...", "".
std::string ColumnExtra(const ColumnDef& column);

}  // namespace edgesql::catalog

#endif  // EDGESQL_CATALOG_COLUMN_FACTS_H_
