// StoredPrograms: recognises statements about stored programs (procedures,
// functions, triggers, events) from their leading words alone, before
// analysis: their bodies hold ';' and BEGIN ... END blocks that are not
// statements of their own. Edge SQL does not run stored programs, and says so.
#ifndef EDGESQL_SQL_STORED_PROGRAMS_H_
#define EDGESQL_SQL_STORED_PROGRAMS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sql/token.h"

namespace edgesql::sql {

// "CREATE PROCEDURE", "DROP TRIGGER", "CALL", ... when the statement starting
// at the first token is one; nullopt otherwise.
std::optional<std::string> StoredProgramStatement(std::string_view source,
                                                  const std::vector<Token>& tokens);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_STORED_PROGRAMS_H_
