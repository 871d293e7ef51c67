// JsonFunctions: MySQL's JSON functions and the -> / ->> operators as SQLite
// expressions over SQLite's JSON1 functions (json_extract, json_set,
// json_each, json_tree, ...), giving MySQL 8.0's results. The AST generator
// calls TranslateJsonFunction on each Function node whose name
// IsJsonFunction, and JsonExtractSql / JsonUnquoteExtractSql for the
// operators.
//
// Values: JSON results are compact JSON text carrying SQLite's JSON subtype
// (the gateway re-formats JSON-typed results MySQL-style), so a JSON result
// nested in JSON_OBJECT/JSON_ARRAY is embedded as JSON, not as a string.
// Arguments MySQL treats as JSON booleans (TRUE, comparisons, NOT, IS, IN,
// ...) become true/false; decimal literals keep their digits (1.50).
//
// Paths: a literal MySQL path ($.a, $[0], $."a b", $[last], $[last-1]) is
// rewritten into SQLite's syntax ($[#-1]); one wildcard leg ($[*], $.*) is
// supported in JSON_EXTRACT, ->, ->> and JSON_CONTAINS_PATH; ranges
// ($[1 to 2]), ** and several wildcards are ER_NOT_SUPPORTED_YET. A path
// that is not a literal is handed to SQLite as it is. A malformed literal
// path, like malformed JSON text, is a run-time SQLite error ("bad JSON
// path" / "malformed JSON"), which the gateway reports as MySQL's 3143 /
// 3141 (gateway/sqlite_errors.cc).
//
// Key order: MySQL stores object keys sorted (shorter first, then bytewise)
// and drops duplicate keys (the last wins). JSON_OBJECT with literal keys,
// JSON_KEYS and JSON_OBJECTAGG follow that; objects read from stored
// documents keep SQLite's insertion order.
//
// JSON_CONTAINS with a literal candidate is unrolled into SQL over the
// candidate's structure. A candidate known only at run time (a `?`) is a
// fast scalar / array-of-scalars / object-of-scalars check, or else a
// generic evaluation (milliseconds per row) of candidates up to 3 levels
// deep; a deeper one is a run-time SQLite error, never a wrong answer.
//
// Functions that need a subquery (JSON_KEYS, JSON_SEARCH, JSON_DEPTH,
// JSON_CONTAINS, wildcard paths) bind the document once in an aggregate
// subquery, so an aggregate document (JSON_KEYS(JSON_OBJECTAGG(k, v))) works.
//
// Stateless and thread-compatible; every function is a pure text transform.
#ifndef EDGESQL_TRANSPILE_JSON_FUNCTIONS_H_
#define EDGESQL_TRANSPILE_JSON_FUNCTIONS_H_

#include <string>
#include <string_view>

#include "common/error.h"
#include "transpile/function_call.h"

namespace edgesql::transpile {

// Whether this module translates MySQL function `upper_name` (every JSON_*
// function: the ones it cannot express are ER_NOT_SUPPORTED_YET).
bool IsJsonFunction(std::string_view upper_name);

// The SQLite text for `call`; ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT (1582) for a
// wrong argument count, ER_NOT_SUPPORTED_YET (1235) for forms SQLite cannot
// express (JSON_ARRAY_INSERT, JSON_MERGE_PRESERVE, JSON_PRETTY, JSON_OVERLAPS,
// paths with ranges or **, JSON_SEARCH over several paths, ...).
// REQUIRES: IsJsonFunction(call.name); call.args[i] is the SQLite text of
// call.node->args[i].
Result<std::string> TranslateJsonFunction(const FunctionCall& call);

// doc -> path (JSON_EXTRACT with one path): JSON text, NULL when nothing
// matches. `doc` and `path` are SQLite text; a path that is a string literal
// is rewritten from MySQL's syntax.
std::string JsonExtractSql(std::string_view doc, std::string_view path);

// doc ->> path (JSON_UNQUOTE(JSON_EXTRACT(doc, path))): a JSON string
// unquoted and unescaped, any other JSON value as its JSON text ('true',
// 'null', '1.5', '{"a":1}'), NULL when nothing matches.
std::string JsonUnquoteExtractSql(std::string_view doc, std::string_view path);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_JSON_FUNCTIONS_H_
