// Analyzer: classifies MySQL statements and extracts the facts routing and
// caching need (statement_info.h), from the token stream alone.
//
// It is not a full parser (that arrives with the dialect work): it reads the
// statement's skeleton (leading keywords, FROM/JOIN/INTO/UPDATE table lists,
// the outermost WHERE's AND-chain, INSERT column and VALUES lists) and is
// deliberately conservative: a fact it cannot establish is left out, never
// guessed. Empty input is ER_EMPTY_QUERY; unbalanced parentheses and
// statements that start with something other than a statement keyword are
// ER_PARSE_ERROR with the offset.
#ifndef EDGESQL_SQL_ANALYZER_H_
#define EDGESQL_SQL_ANALYZER_H_

#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/statement_info.h"
#include "sql/token.h"

namespace edgesql::sql {

// Analyses `source` (one or more ';'-separated statements; a trailing ';' is
// allowed). `tokens` must come from Lex(source).
Result<Analysis> Analyze(std::string_view source, const std::vector<Token>& tokens);

// Convenience: Lex + Analyze.
Result<Analysis> Analyze(std::string_view source);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_ANALYZER_H_
