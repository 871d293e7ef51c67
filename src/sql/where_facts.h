// Where facts: values and the outermost WHERE's equalities, read from a
// StatementTokens range. Internal to src/sql; used by the analyser.
//
// Only what holds for every row is reported: the WHERE is split into its
// top-level AND conjuncts (the AND of BETWEEN and anything inside CASE or
// parentheses excluded), and a top-level OR, XOR or || anywhere drops every
// equality, since then no single conjunct constrains all rows.
#ifndef EDGESQL_SQL_WHERE_FACTS_H_
#define EDGESQL_SQL_WHERE_FACTS_H_

#include <vector>

#include "sql/statement_info.h"
#include "sql/statement_tokens.h"

namespace edgesql::sql {

// The Value written by tokens [a, b): a literal, a '?', or kExpression with
// the source text.
Value MakeValue(const StatementTokens& st, size_t a, size_t b);

// The index of the first token at i's nesting level that ends a WHERE
// condition (GROUP BY, ORDER BY, LIMIT, HAVING, WINDOW, FOR, UNION, ..., end).
size_t FindConditionEnd(const StatementTokens& st, size_t i);

// Appends the equalities of the condition [a, b) to `out`.
void ExtractEqualities(const StatementTokens& st, size_t a, size_t b, std::vector<Equality>& out);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_WHERE_FACTS_H_
