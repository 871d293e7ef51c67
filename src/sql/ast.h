// AST: the tree the parser (parser.h) builds for one MySQL statement.
//
// This header only gathers the pieces: ast_arena.h (the memory every node
// lives in), ast_expr.h (expressions) and ast_statement.h (queries, table
// references, INSERT/UPDATE/DELETE). See those for the conventions: plain
// arena structs, a `kind` per polymorphic base, As<T>() for downcasts, byte
// ranges into the statement text on every node.
#ifndef EDGESQL_SQL_AST_H_
#define EDGESQL_SQL_AST_H_

#include "sql/ast_arena.h"
#include "sql/ast_expr.h"
#include "sql/ast_statement.h"

#endif  // EDGESQL_SQL_AST_H_
