// Transpiler: turns one analysed MySQL statement into the SQLite statements
// a shard runs for it, or says precisely what is not supported.
//
// Statement kinds the gateway answers itself (USE, SET NAMES, transaction
// control) never reach here. The output's placeholders are numbered ?1..?N
// in the order of the MySQL statement's own `?`s; only DML carries them.
#ifndef EDGESQL_TRANSPILE_TRANSPILER_H_
#define EDGESQL_TRANSPILE_TRANSPILER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/analyzer.h"
#include "sql/statement_info.h"
#include "sql/token.h"
#include "transpile/translation.h"

namespace edgesql::transpile {

// `tokens` must be Lex(source); `info` one statement of Analyze(source).
Result<Translation> Transpile(std::string_view source, const std::vector<sql::Token>& tokens,
                              const sql::StatementInfo& info, const TranspileContext& context);

// Convenience for tools and tests: Lex + Analyze + Transpile of a single
// statement (ER_PARSE_ERROR for several).
Result<Translation> TranspileText(std::string_view source, const TranspileContext& context);
// The same, handing back the analysis it made on success (left empty for
// CREATE/DROP TRIGGER, which the analyser does not read).
Result<Translation> TranspileText(std::string_view source, const TranspileContext& context,
                                  sql::Analysis* analysis);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_TRANSPILER_H_
