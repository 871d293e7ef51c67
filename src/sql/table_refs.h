// Table references: reading table names, aliases and join lists out of a
// StatementTokens range (MySQL's table_references grammar, loosely).
//
// The reader is forgiving: it takes what has the shape of a table and stops
// at the first token that does not fit, never failing. Derived tables
// "(SELECT ...) AS d" and table functions "JSON_TABLE(...) AS j" are not
// tables; their inner FROM clauses are found by the analyser's scan.
// Internal to src/sql.
#ifndef EDGESQL_SQL_TABLE_REFS_H_
#define EDGESQL_SQL_TABLE_REFS_H_

#include <string>
#include <vector>

#include "sql/statement_info.h"
#include "sql/statement_tokens.h"

namespace edgesql::sql {

struct TableRef {
  TableName name;
  std::string alias;    // empty when none was written
  size_t position = 0;  // token index of the name, to order by appearance
};

// True if the token at i can name a table or column: an identifier that is
// not a reserved word of the clauses around it, or a `quoted` name.
bool IsNameToken(const StatementTokens& st, size_t i);

// True if a query expression starts at i: SELECT, WITH, VALUES, TABLE, or a
// '(' directly holding one.
bool IsQueryStart(const StatementTokens& st, size_t i);

// Reads "name" or "db.name" at i into `out`; returns the index after it, or i
// when no name is there.
size_t ReadTableName(const StatementTokens& st, size_t i, TableName& out);

// Reads a table_references list (FROM a, b JOIN c ON ... ) starting at i,
// appending every named table; returns the index of the first token after it.
size_t ParseTableRefs(const StatementTokens& st, size_t i, std::vector<TableRef>& out);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_TABLE_REFS_H_
