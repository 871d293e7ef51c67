// Cast: MySQL's CAST(x AS type) and CONVERT(x, type) as SQLite expressions
// that give MySQL 8.0's values, written with core SQLite 3.40 functions only
// (no math functions, no user-defined functions), as Durable Objects run it.
//
// SQLite values are dynamically typed, so each cast looks at typeof() of the
// operand at run time: a REAL (MySQL's DECIMAL literals and columns arrive as
// REALs) rounds half away from zero where MySQL rounds a DECIMAL, while text
// converts from its leading number as MySQL converts strings. NULL stays
// NULL. An invalid DATE/DATETIME/TIME/YEAR is NULL, as in MySQL (which adds a
// warning the gateway cannot raise from SQL).
//
// Values above 2^63 cannot be SQLite integers: CAST(-1 AS UNSIGNED) is the
// text '18446744073709551615', exact in digits but typed TEXT.
//
// Some casts bind their operand once with `json_each(json_array(x))` in an
// aggregate scalar subquery (the parse of DATE/DATETIME/TIME/YEAR): unlike
// a FROM subquery, a table-valued function argument of an aggregate query
// may hold an aggregate of the outer query, so CAST(MAX(d) AS DATE) works.
// A BLOB operand there is a run-time error ("JSON cannot hold BLOB values").
//
// Stateless and thread-compatible; the functions only build strings.
#ifndef EDGESQL_TRANSPILE_CAST_H_
#define EDGESQL_TRANSPILE_CAST_H_

#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/ast.h"

namespace edgesql::transpile {

// The SQLite expression for CAST(operand AS type); `operand` is SQLite text
// and may be written more than once. Errors: ER_NOT_SUPPORTED_YET (1235) for
// a DECIMAL whose precision/scale MySQL rejects (it raises 1425-1427).
Result<std::string> CastSql(std::string_view operand, const sql::ast::CastType& type);

// MySQL's integer value of `operand` (CAST(x AS SIGNED)): integers as they
// are, REALs rounded half away from zero, text and blobs by their leading
// integer ('1.5' -> 1, 'abc' -> 0), NULL as NULL. Used by functions whose
// arguments MySQL reads as integers (ELT, CHAR, ...).
std::string SignedSql(std::string_view operand);

// The SQLite spelling of a number if `operand` is a plain numeric literal as
// the generator writes one ("42", "1.50", "-(3)", "-(1.5)"), else "".
std::string NumericLiteral(std::string_view operand);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_CAST_H_
