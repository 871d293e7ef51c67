// InformationSchema: MySQL's information_schema views that drivers and ORMs
// query (TABLES, COLUMNS, KEY_COLUMN_USAGE, STATISTICS, SCHEMATA,
// REFERENTIAL_CONSTRAINTS), produced from the catalog.
//
// The user's statement runs unchanged in SQLite: each view it names becomes
// a CTE over json_each() of one extra bound parameter holding the rows, so
// WHERE, ORDER BY and joins behave as in MySQL. Only the current database is
// visible (a gateway cannot enumerate every shard).
#ifndef EDGESQL_TRANSPILE_INFORMATION_SCHEMA_H_
#define EDGESQL_TRANSPILE_INFORMATION_SCHEMA_H_

#include <set>
#include <string>
#include <string_view>

#include "catalog/table_def.h"

namespace edgesql::transpile {

// True for a view name this module serves ("COLUMNS"; any case).
bool IsInformationSchemaView(std::string_view name);

// The SQLite name standing for information_schema.<VIEW>.
std::string InformationSchemaCteName(std::string_view view);

// "WITH <cte>, <cte> " defining `views` (upper-case names) from the JSON
// bound to placeholder `param` (see InformationSchemaRows).
std::string InformationSchemaWith(const std::set<std::string>& views, int param);

// The JSON for that placeholder: {"COLUMNS": [[...], ...], ...}. `schema`
// may be null (no database selected: every view is empty).
std::string InformationSchemaRows(const std::set<std::string>& views,
                                  const catalog::DatabaseSchema* schema, std::string_view database);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_INFORMATION_SCHEMA_H_
