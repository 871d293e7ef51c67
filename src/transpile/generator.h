// Generator: the walker behind sqlite_generator.h (internal to transpile/).
//
// One Generator writes one statement. Its methods return Typed: the SQLite
// text of a node and the MySQL type inferred for it. Name resolution follows
// MySQL's scoping: each query block opens a Scope holding the sources its
// FROM clause names (catalogued tables, derived tables and CTEs with their
// output columns), and a column reference looks outwards through enclosing
// blocks for correlated subqueries. The implementation is split by what it
// writes: generate_expression.cc, generate_function.cc, generate_query.cc,
// generate_dml.cc.
#ifndef EDGESQL_TRANSPILE_GENERATOR_H_
#define EDGESQL_TRANSPILE_GENERATOR_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/ast.h"
#include "sql/parser.h"
#include "transpile/expr_type.h"
#include "transpile/translation.h"

namespace edgesql::transpile {

struct Typed {
  std::string sql;
  ExprType type;
};

// A named output column of a source (a derived table's, a CTE's).
struct SourceColumn {
  std::string name;
  ExprType type;
};

// One FROM item visible to column references.
struct Source {
  std::string name;                          // the alias, or the table's name
  const catalog::TableDef* table = nullptr;  // a catalogued base table
  std::vector<SourceColumn> columns;         // a derived table or CTE
  bool columns_known = false;                // `columns` lists all of them
};

struct Scope {
  std::vector<Source> sources;
  const Scope* outer = nullptr;
};

// The type of `temporal` + INTERVAL n `unit`: a DATE stays a DATE for units
// of a day or more; a string stays a string (shaped at run time).
ExprType IntervalResultType(const ExprType& temporal, sql::ast::TimeUnit unit);

// A simple view (one table, plain columns, no grouping) seen as its table,
// for INSERT, UPDATE and DELETE through it.
struct ViewTarget {
  const catalog::TableDef* base = nullptr;
  std::string alias;                                         // the view's alias for it, or ""
  std::vector<std::pair<std::string, std::string>> columns;  // view column -> table column
  const sql::ast::Expr* where = nullptr;                     // the view's WHERE
};

// An ENUM value's member index (1-based; 0 for '', NULL for NULL), as
// MySQL uses it in ORDER BY and arithmetic.
std::string EnumIndexSql(const std::string& sql, const catalog::ColumnDef& column);

class Generator {
 public:
  Generator(std::string_view source, const TranspileContext& context)
      : source_(source), context_(context) {}

  Result<Translation> Statement(const sql::ast::Statement& statement);
  // A view's query, its typed output columns and the tables it reads.
  Result<std::string> ViewQuery(const sql::ast::Statement& statement,
                                std::vector<SourceColumn>& columns);

  // --- queries (generate_query.cc) ---
  // A whole query; `columns` receives its output columns.
  Result<std::string> Query(const sql::ast::Query& query, const Scope* outer,
                            std::vector<SourceColumn>* columns);
  Result<std::string> Body(const sql::ast::QueryBody& body, const Scope* outer,
                           std::vector<SourceColumn>* columns);
  Result<std::string> Select(const sql::ast::SelectCore& select, const Scope* outer,
                             std::vector<SourceColumn>* columns, const sql::ast::Query* query);
  Result<std::string> TableRef(const sql::ast::TableRef& ref, Scope& scope);
  // `exact`: a top-level SELECT's output columns, by position, each with
  // the SQL it selects before ExactBigInt wrapped it (empty when not
  // wrapped): an ORDER BY naming such a column, by its name or position,
  // sorts that SQL, the numbers, not the text the output carries.
  struct ExactColumn {
    std::string name;
    std::string unwrapped;
  };
  Result<std::string> OrderBy(const sql::ast::NodeList<sql::ast::OrderItem>& items,
                              const Scope& scope, const std::vector<ExactColumn>* exact = nullptr);
  Result<std::string> Limit(const sql::ast::Limit& limit, const Scope& scope);
  Result<std::string> With(const sql::ast::WithClause& with, const Scope* outer);
  Result<std::string> Window(const sql::ast::WindowSpec& spec, const Scope& scope);
  // A catalogued table by name: the current database's, or information_schema's.
  Result<std::string> TableName(const sql::ast::Identifier& schema,
                                const sql::ast::Identifier& name, Source* source);

  // --- expressions (generate_expression.cc) ---
  Result<Typed> Expr(const sql::ast::Expr& e, const Scope& scope);
  Result<Typed> Column(const sql::ast::ColumnRef& c, const Scope& scope);
  Result<Typed> Binary(const sql::ast::Binary& b, const Scope& scope);
  Result<Typed> Comparison(const sql::ast::Binary& b, const Scope& scope);
  Result<Typed> Quantified(const sql::ast::Binary& b, const Scope& scope);
  Result<Typed> Literal(const sql::ast::Literal& l);
  Result<Typed> Variable(const sql::ast::Variable& v);
  Result<Typed> Cast(const sql::ast::Cast& c, const Scope& scope);
  // `lhs` OP `rhs` for comparisons: coerces a string compared with a number
  // to a number, and compares two non-column strings case-insensitively.
  // `parenthesized` wraps the whole comparison.
  static std::string CompareOperands(const Typed& lhs, std::string_view op, const Typed& rhs,
                                     bool parenthesized = false);

  // --- functions (generate_function.cc) ---
  Result<Typed> Function(const sql::ast::Function& f, const Scope& scope);

  // --- DML (generate_dml.cc) ---
  Result<ViewTarget> UpdatableView(const catalog::TableDef& view);
  // Whether another table's foreign key references `column` of `table`.
  bool IsReferenced(const catalog::TableDef& table, std::string_view column) const;
  // Rewrites the single-table target `source` (text `target`) when it is a
  // view: onto its table, with its WHERE in `view_where`.
  Status RetargetView(Source& source, std::string& target, std::string& view_where);
  Result<Translation> Insert(const sql::ast::InsertStatement& s);
  Result<Translation> Update(const sql::ast::UpdateStatement& s);
  Result<Translation> Delete(const sql::ast::DeleteStatement& s);

  std::string_view Text(const sql::ast::Node& n) const {
    return source_.substr(n.begin, n.end - n.begin);
  }
  std::string Placeholder(int index) const { return "?" + std::to_string(index + 1); }

  std::string_view source_;
  const TranspileContext& context_;
  // CTEs in scope (name -> output columns), innermost last.
  std::vector<std::pair<std::string, std::vector<SourceColumn>>> ctes_;
  // information_schema views the statement reads (upper case).
  std::set<std::string> information_schema_;
  // UPDATE: columns already assigned, with the SQLite text of their new
  // value: MySQL evaluates single-table SET left to right.
  std::map<std::string, std::string> assigned_;
  // INSERT ... ON DUPLICATE KEY UPDATE: VALUES(col) and the row alias read
  // the row that was to be inserted (SQLite's `excluded`).
  bool in_upsert_ = false;
  std::string row_alias_;
  std::vector<std::string> row_alias_columns_;  // alias column -> insert column
  std::vector<std::string> insert_columns_;
  std::optional<int64_t> set_last_insert_id_;  // SELECT LAST_INSERT_ID(n)
  bool reads_session_ = false;                 // Translation::reads_session
  // Writing a view: every table must exist now; the tables read.
  bool strict_tables_ = false;
  std::set<std::string> read_tables_;
  // Writing through a view: its column names (lower case) -> the table's.
  std::map<std::string, std::string> view_columns_;
  std::vector<sql::ParsedStatement> view_parses_;  // keeps view ASTs alive
  int depth_ = 0;  // query nesting; 0 while writing the top-level select list
};

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_GENERATOR_H_
