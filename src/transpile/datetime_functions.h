// DatetimeFunctions: MySQL's date and time functions as SQLite expressions
// that give MySQL 8.0's results (server time zone UTC), for the AST
// generator to call on each Function node whose name IsDatetimeFunction.
//
// Temporal values are text, as Edge SQL stores them: 'YYYY-MM-DD',
// 'YYYY-MM-DD HH:MM:SS[.ffffff]' and '[-]HH:MM:SS[.ffffff]'. Like MySQL with
// a string argument, the generated SQL decides at run time what a value is by
// its shape: a date, a datetime, a time, or invalid (NULL out, as MySQL's
// default sql_mode gives; '2024-02-30' is invalid). The output uses only core
// SQLite functions (strftime, date, unixepoch, printf, substr, json_*, ...):
// Durable Object SQLite has no math functions and no user-defined functions,
// so month-end clamping, ISO weeks and MySQL's truncation rules are written
// out in arithmetic. Argument texts may appear several times in the output.
//
// Stateless and thread-compatible; every function is a pure text transform.
#ifndef EDGESQL_TRANSPILE_DATETIME_FUNCTIONS_H_
#define EDGESQL_TRANSPILE_DATETIME_FUNCTIONS_H_

#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/ast_expr.h"
#include "transpile/function_call.h"

namespace edgesql::transpile {

// Whether this module translates MySQL function `upper_name`.
bool IsDatetimeFunction(std::string_view upper_name);

// The SQLite text for `call` (function_call.h); 1582 for a wrong argument
// count (WrongArgumentCount), 1235 (Unsupported(...)) for forms SQLite cannot
// express: a DATE_FORMAT/TIME_FORMAT/STR_TO_DATE format that is not a string
// literal, week-number specifiers in STR_TO_DATE, CONVERT_TZ between named
// time zones.
// REQUIRES: IsDatetimeFunction(call.name); call.args[i] is the SQLite text of
// call.node->args[i].
Result<std::string> TranslateDatetimeFunction(const FunctionCall& call);

// temporal +/- INTERVAL amount unit, as in `d + INTERVAL 1 MONTH`, DATE_ADD,
// DATE_SUB, ADDDATE, SUBDATE: both args are SQLite texts. A literal amount
// (42, -1.5, '1:30') is decoded here; any other amount is decoded at run time
// the way MySQL decodes it (numbers rounded, strings split on separators).
std::string AddIntervalSql(std::string_view temporal, std::string_view amount,
                           sql::ast::TimeUnit unit, bool subtract);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_DATETIME_FUNCTIONS_H_
