// ResultShaping: a shard's raw columns and rows -> the API's rows and fields.
//
// SQLite values carry no MySQL type, so each result column is matched by name
// against the columns of the tables the statement read (catalog); a unique
// match gives the column its MySQL type, which decides the field's wire type
// and how values are written (DECIMAL as a string with the declared scale,
// as MySQL sends it). Unmatched columns (expressions) are typed from their
// values until the expression typer arrives with the parser.
#ifndef EDGESQL_GATEWAY_RESULT_SHAPING_H_
#define EDGESQL_GATEWAY_RESULT_SHAPING_H_

#include <vector>

#include "catalog/table_def.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

// Adds "rows" and "fields" to `body`. `tables` may contain nulls.
void ShapeResultSet(const Json& columns, const Json& rows,
                    const std::vector<const catalog::TableDef*>& tables, bool rows_as_array,
                    Json& body);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_RESULT_SHAPING_H_
