// Triggers, where SQLite can express them.
//
// CREATE TRIGGER name {BEFORE|AFTER} {INSERT|UPDATE|DELETE} ON t FOR EACH ROW
// body becomes a SQLite trigger when the body is made of INSERT, UPDATE and
// DELETE statements (each written by the generator, NEW and OLD included),
// optionally under one IF condition THEN ... END IF (SQLite's WHEN), or,
// for BEFORE INSERT/UPDATE, only of SET NEW.col = expr assignments: SQLite
// cannot change NEW, so those run as an AFTER trigger updating the row just
// written. Anything else in a body (variables, loops, SIGNAL, CALL, ELSE
// branches, FOLLOWS/PRECEDES) is ER_NOT_SUPPORTED_YET naming it.
#ifndef EDGESQL_TRANSPILE_CREATE_TRIGGER_H_
#define EDGESQL_TRANSPILE_CREATE_TRIGGER_H_

#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/statement_info.h"
#include "sql/token.h"
#include "transpile/translation.h"

namespace edgesql::transpile {

// The StatementInfo of a CREATE/DROP TRIGGER (which the analyser, splitting
// at ';', cannot read): its kind, range and the table it is on.
Result<sql::StatementInfo> TriggerStatementInfo(std::string_view source,
                                                const std::vector<sql::Token>& tokens,
                                                std::string_view database);

// `tokens` = Lex(source), one CREATE TRIGGER or DROP TRIGGER statement.
Result<Translation> TranspileTrigger(std::string_view source, const std::vector<sql::Token>& tokens,
                                     const TranspileContext& context);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_CREATE_TRIGGER_H_
