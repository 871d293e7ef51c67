// AstPrinter: writes an AST (ast.h) back as canonical MySQL text.
//
// Canonical means one spelling per meaning, so equal trees print equal text:
// keywords upper-case; || and && as OR and AND, != as <>, MOD as %, RLIKE as
// REGEXP; LIMIT a, b as LIMIT b OFFSET a; strings single-quoted with
// backslash escapes; identifiers bare when that is safe (a plain word that
// is no keyword) and backticked otherwise; function names upper-case. An
// operand that is itself an operator expression is parenthesised, so the
// text shows the tree's grouping without relying on precedence:
// "a OR b AND c" prints "a OR (b AND c)". Re-parsing printed text yields the
// same tree (the parser tests and the fuzz target check this).
//
// Used by tests for round-trips and for quoting statements in messages.
#ifndef EDGESQL_SQL_AST_PRINTER_H_
#define EDGESQL_SQL_AST_PRINTER_H_

#include <string>
#include <string_view>

#include "sql/ast.h"

namespace edgesql::sql {

std::string PrintStatement(const ast::Statement& statement);
std::string PrintQuery(const ast::Query& query);
std::string PrintExpr(const ast::Expr& expr);

// Appends `name` as a MySQL identifier: bare when safe, else backticked.
void AppendIdentifier(std::string& out, std::string_view name);

// Appends `value` as a single-quoted MySQL string literal.
void AppendStringLiteral(std::string& out, std::string_view value);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_AST_PRINTER_H_
