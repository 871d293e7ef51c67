// StringFunctions: the MySQL string and numeric functions that SQLite lacks
// or means differently and that function_map.cc's templates do not cover
// (SUBSTRING_INDEX, REVERSE, HEX/UNHEX, FIND_IN_SET, CONCAT_WS, TRIM with a
// multi-character remstr, ROUND/TRUNCATE/FLOOR/MOD with MySQL's decimal
// results, FORMAT, ...), for the AST generator to call on each Function node
// whose name IsStringFunction. The generator checks this module before the
// template table, so LOCATE and POSITION here take precedence.
//
// The SQL uses only core SQLite 3.40 (substr, instr, replace, trim, hex,
// printf, round, CAST, iif, CASE, recursive CTEs in scalar subqueries):
// Durable Object SQLite has neither math functions nor user-defined ones.
// Functions that would need them (MD5, SHA2, CRC32, SQRT, LN, SIN, ...) are
// ER_NOT_SUPPORTED_YET naming the function; POW with a small non-negative
// integer literal exponent and PI() are written out exactly.
//
// Conventions shared with the generator: MySQL DECIMAL values arrive as
// SQLite REALs and are rounded half away from zero (ROUND(2.5) = 3); text
// comparisons (INSTR, LOCATE, FIND_IN_SET, STRCMP) fold ASCII case as the
// default collation utf8mb4_0900_ai_ci does, unless an argument is a binary
// string (BINARY x, _binary'x', X'..', CAST(x AS BINARY)); SUBSTRING_INDEX,
// REPLACE-like matching and TRIM compare bytes, as MySQL does.
//
// Stateless and thread-compatible; every function is a pure text transform.
#ifndef EDGESQL_TRANSPILE_STRING_FUNCTIONS_H_
#define EDGESQL_TRANSPILE_STRING_FUNCTIONS_H_

#include <string>
#include <string_view>

#include "common/error.h"
#include "transpile/function_call.h"

namespace edgesql::transpile {

// Whether this module translates MySQL function `upper_name` (including the
// ones it refuses with ER_NOT_SUPPORTED_YET, so they never reach SQLite).
bool IsStringFunction(std::string_view upper_name);

// The SQLite text for `call`; ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT (1582) for a
// wrong argument count, ER_NOT_SUPPORTED_YET (1235) for what SQLite cannot
// express (hash and math functions, TRUNCATE/FORMAT with a non-constant
// number of decimals, FORMAT with a locale other than en_US, CHAR(... USING)
// of non-constant codes).
// REQUIRES: IsStringFunction(call.name); call.args[i] is the SQLite text of
// call.node->args[i].
Result<std::string> TranslateStringFunction(const FunctionCall& call);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_STRING_FUNCTIONS_H_
