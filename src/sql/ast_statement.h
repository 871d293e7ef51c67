// AST queries and DML statements: SELECT (with CTEs and set operations),
// INSERT/REPLACE, UPDATE and DELETE, as plain arena structs.
//
// Same conventions as ast_expr.h: a `kind` on each polymorphic base
// (QueryBody, TableRef, Statement), As<T>() to downcast, raw pointers into
// the owning AstArena, null for clauses that were not written, and byte
// ranges into the statement text on every node.
//
// Shape of a query: Query = [WITH ...] body [ORDER BY] [LIMIT] [INTO]
// [locking]; the body is a SelectCore, a SetOperation (left op right), a
// ParenQuery (a parenthesised Query with its own ORDER BY/LIMIT), a VALUES
// ROW(...) list or TABLE t. FROM holds TableRefs: TableName, DerivedTable,
// Join (a binary tree, left-deep for a JOIN b JOIN c) and ParenTables.
#ifndef EDGESQL_SQL_AST_STATEMENT_H_
#define EDGESQL_SQL_AST_STATEMENT_H_

#include <cstdint>
#include <string_view>

#include "sql/ast_arena.h"
#include "sql/ast_expr.h"

namespace edgesql::sql::ast {

enum class OrderDirection : uint8_t { kNone, kAsc, kDesc };

struct OrderItem : Node {
  Expr* expr = nullptr;
  OrderDirection direction = OrderDirection::kNone;
};

// LIMIT count [OFFSET offset]; LIMIT offset, count is stored the same way.
struct Limit : Node {
  Expr* count = nullptr;
  Expr* offset = nullptr;  // null when not written
};

enum class FrameUnit : uint8_t { kRows, kRange, kGroups };

enum class FrameBoundKind : uint8_t {
  kUnboundedPreceding,
  kPreceding,  // offset PRECEDING (offset may be an Interval)
  kCurrentRow,
  kFollowing,
  kUnboundedFollowing,
};

struct FrameBound {
  FrameBoundKind kind = FrameBoundKind::kCurrentRow;
  Expr* offset = nullptr;
};

struct WindowFrame : Node {
  FrameUnit unit = FrameUnit::kRows;
  bool between = false;  // BETWEEN start AND end; otherwise only start
  FrameBound start;
  FrameBound end_bound;
};

// OVER name (parenthesized == false, only `name`), or
// OVER ([name] [PARTITION BY ...] [ORDER BY ...] [frame]), or a WINDOW clause body.
struct WindowSpec : Node {
  bool parenthesized = true;
  Identifier name;  // the window this one refines, or the one OVER names
  NodeList<Expr> partition_by;
  NodeList<OrderItem> order_by;
  WindowFrame* frame = nullptr;
};

// WINDOW name AS (spec)
struct NamedWindow : Node {
  Identifier name;
  WindowSpec* spec = nullptr;
};

struct SelectItem : Node {
  Expr* expr = nullptr;  // a Star for * and t.*
  Identifier alias;      // empty when none
};

enum class IndexHintType : uint8_t { kUse, kIgnore, kForce };
enum class IndexHintScope : uint8_t { kAll, kJoin, kOrderBy, kGroupBy };

// USE|IGNORE|FORCE {INDEX|KEY} [FOR JOIN|ORDER BY|GROUP BY] (names)
struct IndexHint : Node {
  IndexHintType type = IndexHintType::kUse;
  IndexHintScope scope = IndexHintScope::kAll;
  NodeList<Identifier> names;  // PRIMARY is the name "PRIMARY"
};

enum class TableRefKind : uint8_t { kTable, kDerived, kJoin, kParens };

struct TableRef : Node {
  explicit TableRef(TableRefKind k) : kind(k) {}
  TableRefKind kind;
};

template <typename T>
const T* As(const TableRef* t) {
  return t != nullptr && t->kind == T::kKind ? static_cast<const T*>(t) : nullptr;
}

// [schema.]name [[AS] alias] [index hints]; also a DELETE target (t or t.*).
struct TableName : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kTable;
  TableName() : TableRef(kKind) {}
  Identifier schema;
  Identifier name;
  Identifier alias;
  NodeList<IndexHint> index_hints;
  bool star = false;  // DELETE t.* FROM ...
};

// [LATERAL] (query) [AS] alias [(columns)]
struct DerivedTable : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kDerived;
  DerivedTable() : TableRef(kKind) {}
  Query* query = nullptr;
  Identifier alias;
  NodeList<Identifier> columns;
  bool lateral = false;
};

enum class JoinKind : uint8_t {
  kInner,     // JOIN, INNER JOIN (without a condition: a cross join, as MySQL treats it)
  kCross,     // CROSS JOIN
  kStraight,  // STRAIGHT_JOIN
  kLeft,      // LEFT [OUTER] JOIN
  kRight,     // RIGHT [OUTER] JOIN
  kNatural,   // NATURAL [INNER] JOIN
  kNaturalLeft,
  kNaturalRight,
};

struct Join : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kJoin;
  Join() : TableRef(kKind) {}
  JoinKind join = JoinKind::kInner;
  TableRef* left = nullptr;
  TableRef* right = nullptr;
  Expr* on = nullptr;
  NodeList<Identifier> using_columns;
  bool has_using = false;
};

// ( table_ref [, table_ref ...] ): a parenthesised join or comma list.
struct ParenTables : TableRef {
  static constexpr TableRefKind kKind = TableRefKind::kParens;
  ParenTables() : TableRef(kKind) {}
  NodeList<TableRef> items;
};

struct CommonTableExpr : Node {
  Identifier name;
  NodeList<Identifier> columns;
  Query* query = nullptr;
};

struct WithClause : Node {
  bool recursive = false;
  NodeList<CommonTableExpr> ctes;
};

// INTO @a, @b (INTO OUTFILE/DUMPFILE are ER_NOT_SUPPORTED_YET).
struct Into : Node {
  NodeList<Expr> targets;  // Variable nodes
};

enum class LockStrength : uint8_t { kUpdate, kShare, kLockInShareMode };
enum class LockWait : uint8_t { kWait, kNoWait, kSkipLocked };

struct LockingClause : Node {
  LockStrength strength = LockStrength::kUpdate;
  NodeList<Identifier> tables;  // FOR UPDATE OF t1, t2
  LockWait wait = LockWait::kWait;
};

enum class QueryBodyKind : uint8_t { kSelect, kSetOperation, kParens, kValues, kTable };

struct QueryBody : Node {
  explicit QueryBody(QueryBodyKind k) : kind(k) {}
  QueryBodyKind kind;
};

template <typename T>
const T* As(const QueryBody* b) {
  return b != nullptr && b->kind == T::kKind ? static_cast<const T*>(b) : nullptr;
}

// SELECT modifiers, as bits of SelectCore::modifiers.
enum SelectModifier : uint16_t {
  kSelectDistinct = 1 << 0,
  kSelectAll = 1 << 1,  // written ALL (the default)
  kSelectHighPriority = 1 << 2,
  kSelectStraightJoin = 1 << 3,
  kSelectSmallResult = 1 << 4,
  kSelectBigResult = 1 << 5,
  kSelectBufferResult = 1 << 6,
  kSelectNoCache = 1 << 7,
  kSelectCalcFoundRows = 1 << 8,
};

struct SelectCore : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kSelect;
  SelectCore() : QueryBody(kKind) {}
  uint16_t modifiers = 0;  // SelectModifier bits
  NodeList<SelectItem> items;
  Into* into = nullptr;  // INTO written before FROM
  NodeList<TableRef> from;
  bool from_dual = false;  // FROM DUAL (from is empty)
  Expr* where = nullptr;
  NodeList<Expr> group_by;
  bool with_rollup = false;
  Expr* having = nullptr;
  NodeList<NamedWindow> windows;
};

enum class SetOp : uint8_t { kUnion, kExcept, kIntersect };

struct SetOperation : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kSetOperation;
  SetOperation() : QueryBody(kKind) {}
  SetOp op = SetOp::kUnion;
  bool all = false;
  bool distinct_written = false;  // UNION DISTINCT (same meaning as UNION)
  QueryBody* left = nullptr;
  QueryBody* right = nullptr;
};

struct ParenQuery : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kParens;
  ParenQuery() : QueryBody(kKind) {}
  Query* query = nullptr;
};

struct ValuesRow : Node {
  NodeList<Expr> values;  // may hold Default nodes
};

// VALUES ROW(..), ROW(..) as a query.
struct ValuesBody : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kValues;
  ValuesBody() : QueryBody(kKind) {}
  NodeList<ValuesRow> rows;
};

// TABLE [schema.]name
struct TableBody : QueryBody {
  static constexpr QueryBodyKind kKind = QueryBodyKind::kTable;
  TableBody() : QueryBody(kKind) {}
  Identifier schema;
  Identifier name;
};

struct Query : Node {
  WithClause* with = nullptr;
  QueryBody* body = nullptr;
  NodeList<OrderItem> order_by;
  Limit* limit = nullptr;
  Into* into = nullptr;  // INTO written after the body
  NodeList<LockingClause> locking;
};

// column = value, in SET and ON DUPLICATE KEY UPDATE.
struct Assignment : Node {
  ColumnRef* column = nullptr;
  Expr* value = nullptr;  // may be a Default
};

enum class StatementKind : uint8_t { kSelect, kInsert, kUpdate, kDelete };

struct Statement : Node {
  explicit Statement(StatementKind k) : kind(k) {}
  StatementKind kind;
};

template <typename T>
const T* As(const Statement* s) {
  return s != nullptr && s->kind == T::kKind ? static_cast<const T*>(s) : nullptr;
}

struct SelectStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kSelect;
  SelectStatement() : Statement(kKind) {}
  Query* query = nullptr;
};

enum class Priority : uint8_t { kNone, kLow, kDelayed, kHigh };
enum class InsertSource : uint8_t { kValues, kSet, kQuery };

// INSERT/REPLACE [priority] [IGNORE] [INTO] t [(cols)] source [AS alias [(cols)]]
// [ON DUPLICATE KEY UPDATE ...]
struct InsertStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kInsert;
  InsertStatement() : Statement(kKind) {}
  bool replace = false;
  Priority priority = Priority::kNone;
  bool ignore = false;
  Identifier schema;
  Identifier table;
  bool has_columns = false;  // a column list was written (it may be "()")
  NodeList<Identifier> columns;
  InsertSource source = InsertSource::kValues;
  NodeList<ValuesRow> rows;  // kValues
  NodeList<Assignment> set;  // kSet
  Query* query = nullptr;    // kQuery (SELECT, TABLE, VALUES ROW, parenthesised)
  Identifier row_alias;      // VALUES (...) AS new
  NodeList<Identifier> row_alias_columns;
  NodeList<Assignment> on_duplicate;
};

// UPDATE [LOW_PRIORITY] [IGNORE] table_refs SET ... [WHERE] [ORDER BY] [LIMIT]
struct UpdateStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kUpdate;
  UpdateStatement() : Statement(kKind) {}
  WithClause* with = nullptr;
  bool low_priority = false;
  bool ignore = false;
  NodeList<TableRef> tables;
  NodeList<Assignment> set;
  Expr* where = nullptr;
  NodeList<OrderItem> order_by;
  Limit* limit = nullptr;
};

enum class DeleteForm : uint8_t {
  kSingle,      // DELETE FROM t [[AS] a] [WHERE] [ORDER BY] [LIMIT]
  kMultiFrom,   // DELETE t1, t2 FROM table_refs [WHERE]
  kMultiUsing,  // DELETE FROM t1, t2 USING table_refs [WHERE]
};

struct DeleteStatement : Statement {
  static constexpr StatementKind kKind = StatementKind::kDelete;
  DeleteStatement() : Statement(kKind) {}
  WithClause* with = nullptr;
  bool low_priority = false;
  bool quick = false;
  bool ignore = false;
  DeleteForm form = DeleteForm::kSingle;
  NodeList<TableName> targets;  // kSingle: the one table; multi: the tables to delete from
  NodeList<TableRef> from;      // multi forms: the table references
  Expr* where = nullptr;
  NodeList<OrderItem> order_by;  // kSingle only
  Limit* limit = nullptr;        // kSingle only
};

}  // namespace edgesql::sql::ast

#endif  // EDGESQL_SQL_AST_STATEMENT_H_
