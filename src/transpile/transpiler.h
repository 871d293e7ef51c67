// Transpiler: turns one analysed MySQL statement into the SQLite statements
// a shard runs for it, or says precisely what is not supported.
//
// Statement kinds the gateway answers itself (USE, SET NAMES, transaction
// control) never reach here. The output's placeholders are numbered ?1..?N
// in the order of the MySQL statement's own `?`s; only DML carries them.
#ifndef EDGESQL_TRANSPILE_TRANSPILER_H_
#define EDGESQL_TRANSPILE_TRANSPILER_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "common/error.h"
#include "sql/statement_info.h"
#include "sql/token.h"

namespace edgesql::transpile {

struct Translation {
  std::vector<std::string> statements;  // run in order, in one transaction
  std::vector<sql::Warning> warnings;
  // How the statement changes the catalog, applied when it commits.
  std::vector<catalog::TableDef> put_tables;  // created or redefined
  std::vector<std::string> dropped_tables;
  // Values for placeholders after the statement's own (?N+1, ...), bound as
  // text: e.g. the rows of information_schema views.
  std::vector<std::string> extra_params;
};

struct TranspileContext {
  std::string_view database;  // for names MySQL derives from it (SHOW TABLES)
  // The database's catalog at planning time; null when unknown (tools).
  const catalog::DatabaseSchema* schema = nullptr;
  // The session's user variables (lower-cased name -> SQL literal); unset
  // variables read as NULL, as in MySQL.
  const std::map<std::string, std::string>* user_variables = nullptr;
};

// `tokens` must be Lex(source); `info` one statement of Analyze(source).
Result<Translation> Transpile(std::string_view source, const std::vector<sql::Token>& tokens,
                              const sql::StatementInfo& info, const TranspileContext& context);

// Convenience for tools and tests: Lex + Analyze + Transpile of a single
// statement (ER_PARSE_ERROR for several).
Result<Translation> TranspileText(std::string_view source, const TranspileContext& context);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_TRANSPILER_H_
