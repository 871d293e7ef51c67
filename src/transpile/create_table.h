// CREATE TABLE: MySQL's table definition as SQLite statements.
//
// One MySQL CREATE TABLE becomes a SQLite CREATE TABLE followed by the
// statements SQLite keeps outside the table: CREATE [UNIQUE] INDEX for each
// KEY / INDEX / UNIQUE clause (named "table/index", see IndexName), a trigger
// per ON UPDATE CURRENT_TIMESTAMP column, and the sqlite_sequence row for an
// AUTO_INCREMENT=N table option. Column types follow type_map.h; UNSIGNED
// becomes a named CHECK so a negative value fails as MySQL's 1264 does.
// An AUTO_INCREMENT column must be the whole primary key (SQLite's
// INTEGER PRIMARY KEY AUTOINCREMENT); other shapes are ER_NOT_SUPPORTED_YET.
#ifndef EDGESQL_TRANSPILE_CREATE_TABLE_H_
#define EDGESQL_TRANSPILE_CREATE_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/hints.h"
#include "sql/token.h"

namespace edgesql::transpile {

// Name prefix of the CHECK constraints that stand for UNSIGNED; the gateway
// turns their failure into ER_WARN_DATA_OUT_OF_RANGE.
inline constexpr std::string_view kUnsignedCheckPrefix = "unsigned:";

struct CreateTableOutput {
  std::string table;                    // the table's name, decoded
  std::vector<std::string> statements;  // SQLite statements, in order
  std::vector<sql::Warning> warnings;   // e.g. FULLTEXT accepted without an index
};

// Transpiles the CREATE TABLE statement in tokens [first, last).
Result<CreateTableOutput> TranspileCreateTable(std::string_view source,
                                               const std::vector<sql::Token>& tokens, size_t first,
                                               size_t last);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_CREATE_TABLE_H_
