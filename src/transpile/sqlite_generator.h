// SqliteGenerator: the SQLite text of a parsed MySQL query or DML statement,
// with MySQL's meaning.
//
// The parser (sql/parser.h) gives the tree; the generator walks it once,
// inferring each expression's MySQL type (expr_type.h) from the catalog,
// and writes SQLite that returns what MySQL would: `/` divides as decimals,
// strings compare with numbers as numbers and with each other under the
// default case-insensitive collation, ENUMs sort by member index, functions
// are rewritten by the translation modules (function_map.h,
// datetime_functions.h, json_functions.h, string_functions.h, cast.h),
// LIMIT a, b and ORDER BY/LIMIT on UPDATE and DELETE take SQLite's forms,
// ON DUPLICATE KEY UPDATE becomes an upsert whose affected rows the gateway
// can count as MySQL does, and every unaliased select item is named after
// its MySQL text, as MySQL names it. A construct it cannot express is
// ER_NOT_SUPPORTED_YET naming it; nothing is silently changed.
#ifndef EDGESQL_TRANSPILE_SQLITE_GENERATOR_H_
#define EDGESQL_TRANSPILE_SQLITE_GENERATOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/token.h"
#include "transpile/translation.h"

namespace edgesql::transpile {

// SELECT, INSERT, REPLACE, UPDATE or DELETE made of tokens [first, last) of
// `tokens` (= Lex(source)). Placeholders are numbered ?1.. in the order the
// statement writes them.
Result<Translation> GenerateStatement(std::string_view source,
                                      const std::vector<sql::Token>& tokens, size_t first,
                                      size_t last, const TranspileContext& context);

struct GeneratedView {
  std::string sql;                          // the SQLite SELECT
  std::vector<catalog::ColumnDef> columns;  // its output columns, typed
  std::vector<std::string> tables;          // the catalogued tables it reads
};

// A view's defining query (tokens [first, last)): every table it names must
// exist (ER_NO_SUCH_TABLE), and it cannot hold placeholders (ER_PARSE_ERROR).
Result<GeneratedView> GenerateViewQuery(std::string_view source,
                                        const std::vector<sql::Token>& tokens, size_t first,
                                        size_t last, const TranspileContext& context);

// One MySQL expression's SQLite text: a trigger's IF condition, a CHECK
// constraint, a DEFAULT. Placeholders are ER_PARSE_ERROR.
Result<std::string> GenerateExpression(std::string_view mysql_expression,
                                       const TranspileContext& context);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_SQLITE_GENERATOR_H_
