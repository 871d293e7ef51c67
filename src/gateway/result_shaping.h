// ResultShaping: a shard's raw columns and rows -> the API's rows and fields.
//
// SQLite values carry no MySQL type. The generator infers one for every
// result column (transpile/expr_type.h) and the plan carries them
// (ResultColumnsJson); they decide the field's wire type and how values are
// written: DECIMAL as a string with its scale, as MySQL sends it; integers
// as integers even where SQLite computed a REAL; JSON results in MySQL's
// spacing. Columns the generator could not type (a view's, a placeholder)
// are matched by name against the tables the statement read, and failing
// that typed from their values.
#ifndef EDGESQL_GATEWAY_RESULT_SHAPING_H_
#define EDGESQL_GATEWAY_RESULT_SHAPING_H_

#include <string>
#include <vector>

#include "catalog/table_def.h"
#include "gateway/json_util.h"
#include "transpile/translation.h"

namespace edgesql::gateway {

// The generator's result column types, for the plan's context.
Json ResultColumnsJson(const std::vector<transpile::ResultColumn>& columns);

// A result set as the answer's body carries it: "fields" and "rows", each
// as JSON text, written straight from the shard's rows (building them as
// JSON values first, to write those, was a fifth of a point read's finish).
struct ShapedResultSet {
  std::string fields;
  std::string rows;
};

// `tables` may contain nulls; `typed` is ResultColumnsJson's output or null.
ShapedResultSet ShapeResultSet(const Json& columns, const Json& rows,
                               const std::vector<const catalog::TableDef*>& tables,
                               const Json& typed, bool rows_as_array);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_RESULT_SHAPING_H_
