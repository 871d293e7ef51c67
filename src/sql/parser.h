// Parser: MySQL statement text to an AST (ast.h), by recursive descent over
// the lexer's tokens.
//
// Covers the statements the transpiler rewrites: SELECT (CTEs, set
// operations, joins, windows, locking), INSERT/REPLACE, UPDATE and DELETE
// (single- and multi-table), with MySQL 8.0's full expression grammar and
// operator precedence. Other statements (DDL, SET, SHOW, transactions, ...)
// are recognised by their first word and answered with ER_NOT_SUPPORTED_YET:
// the analyser (analyzer.h) and transpile/create_table.cc handle them.
//
// Errors: ER_PARSE_ERROR built by SyntaxErrorAt at the first token that does
// not fit, with its byte offset; ER_NOT_SUPPORTED_YET for constructs that are
// recognised but not modelled (INTO OUTFILE, JSON_TABLE, PARTITION, ...).
// Nesting deeper than kMaxParseDepth is a parse error too, so no input can
// exhaust the stack, and so is a tree taller than kMaxTreeHeight. Hint comments (kHint tokens) are
// skipped. The parser never reads outside the token range, whatever it holds.
//
// Ownership: ParsedStatement owns the arena with every node; the nodes'
// string_views point into that arena or into `source`, which must outlive it.
#ifndef EDGESQL_SQL_PARSER_H_
#define EDGESQL_SQL_PARSER_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/ast.h"
#include "sql/token.h"

namespace edgesql::sql {

// Nesting levels (parentheses, subqueries, unary operators, CASE, ...) the
// parser follows before giving up with ER_PARSE_ERROR. Sized with the wasm
// stack (1 MiB) in mind: one level costs well under 1 KiB of stack.
inline constexpr int kMaxParseDepth = 200;

// Height of the tree, counting operators chained left-associatively too
// (a OR b OR c ... is a left-deep tree): taller is ER_PARSE_ERROR, so code
// that walks the tree recursively (the printer, the generator) may do so.
inline constexpr int kMaxTreeHeight = 1000;

struct ParseOptions {
  // Index of the statement's first `?` among all placeholders of the request
  // (StatementInfo::first_param), so Placeholder::index is request-wide.
  int first_param = 0;
  // A lower nesting limit than kMaxParseDepth (never a higher one), for
  // tools and tests that want headroom; the fuzz target uses it.
  int max_depth = kMaxParseDepth;
};

class ParsedStatement {
 public:
  ParsedStatement(std::unique_ptr<ast::AstArena> arena, ast::Statement* root, int param_count)
      : arena_(std::move(arena)), root_(root), param_count_(param_count) {}

  const ast::Statement& root() const { return *root_; }
  ast::Statement* mutable_root() { return root_; }
  ast::AstArena& arena() { return *arena_; }
  // Number of `?` in the statement.
  int param_count() const { return param_count_; }

 private:
  std::unique_ptr<ast::AstArena> arena_;
  ast::Statement* root_;
  int param_count_;
};

// Parses the one statement made of tokens [first_token, last_token) of
// `tokens` (which must come from Lex(source)); a single trailing ';' is
// allowed. REQUIRES: first_token <= last_token <= tokens.size().
Result<ParsedStatement> ParseStatement(std::string_view source, const std::vector<Token>& tokens,
                                       size_t first_token, size_t last_token,
                                       const ParseOptions& options = {});

// Convenience: Lex(source), then parse it as exactly one statement.
Result<ParsedStatement> ParseStatement(std::string_view source, const ParseOptions& options = {});

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_PARSER_H_
