// TableDef <-> JSON: the form a shard stores in _edgesql_catalog and hands
// back when a gateway isolate loads the catalog. Reading is defensive: a
// malformed definition is an error value, never an abort.
#ifndef EDGESQL_CATALOG_TABLE_DEF_JSON_H_
#define EDGESQL_CATALOG_TABLE_DEF_JSON_H_

#include <string>
#include <string_view>

#include "catalog/table_def.h"
#include "common/error.h"
#include "common/json.h"

namespace edgesql::catalog {

edgesql::Json ToJson(const TableDef& table);
Result<TableDef> TableFromJson(const edgesql::Json& json);

// Convenience for the text form.
std::string TableToJsonText(const TableDef& table);
Result<TableDef> TableFromJsonText(std::string_view text);

}  // namespace edgesql::catalog

#endif  // EDGESQL_CATALOG_TABLE_DEF_JSON_H_
