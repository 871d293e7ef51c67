// FunctionMap: MySQL functions whose SQLite spelling differs, as a table of
// templates ("iif($1, $2, $3)" for IF(a, b, c)). Functions SQLite already
// spells and means the same way (COALESCE, IFNULL, NULLIF, UPPER, INSTR,
// REPLACE, ...) are not listed; they pass through unchanged. The generator
// asks the translation modules (datetime_functions.h, string_functions.h,
// json_functions.h) first; this table holds the simple rest.
#ifndef EDGESQL_TRANSPILE_FUNCTION_MAP_H_
#define EDGESQL_TRANSPILE_FUNCTION_MAP_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgesql::transpile {

// The SQLite text for MySQL function `name` (any case) applied to `args`
// (each already SQLite text); nullopt when the name/arity is not mapped.
std::optional<std::string> MapFunction(std::string_view name, const std::vector<std::string>& args);

// Whether some arity of `name` is mapped (to decide before writing args).
bool IsMappedFunction(std::string_view name);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_FUNCTION_MAP_H_
