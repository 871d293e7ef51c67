// AST expressions: the MySQL expression grammar as plain structs.
//
// Every expression node derives from Expr, whose `kind` says which struct it
// is (the core has no RTTI); As<T>(e) is the checked downcast. Nodes live in
// an AstArena (ast_arena.h) and point to their children with raw pointers;
// a null child means "not written" (no ELSE, no ESCAPE, ...). Names and
// literal texts are string_views into the statement text or the arena, so the
// statement text must outlive the tree. `begin`/`end` are the byte offsets of
// the node's source text (end exclusive), for error messages and quoting.
//
// The tree keeps what a generator needs to print the statement back with
// MySQL's meaning: operators are normalised to one enum value per meaning
// (`||` is kOr and `&&` kAnd, as in MySQL's default sql_mode; `!=` is kNe;
// `MOD` is kMod), parentheses are implied by the shape, and everything with
// special syntax (CAST, EXTRACT, TRIM, INTERVAL, window functions, ...) has
// its own fields so nothing is lost to a generic function call.
#ifndef EDGESQL_SQL_AST_EXPR_H_
#define EDGESQL_SQL_AST_EXPR_H_

#include <cstdint>
#include <string_view>

#include "sql/ast_arena.h"

namespace edgesql::sql::ast {

struct Query;
struct WindowSpec;
struct OrderItem;

// Base of every node: its source byte range.
struct Node {
  uint32_t begin = 0;
  uint32_t end = 0;
};

// A name as the statement spells it, decoded (backticks removed and doubled
// backticks undoubled). Empty name: not written.
struct Identifier {
  std::string_view name;
  bool quoted = false;  // was `backticked` (or a 'string' alias)

  bool empty() const { return name.empty(); }
};

enum class ExprKind : uint8_t {
  kLiteral,
  kPlaceholder,
  kColumn,
  kStar,
  kVariable,
  kUnary,
  kBinary,
  kIs,
  kBetween,
  kIn,
  kCase,
  kExists,
  kSubquery,
  kRow,
  kFunction,
  kCast,
  kConvertUsing,
  kCollate,
  kInterval,
  kMatch,
  kDefault,
};

struct Expr : Node {
  explicit Expr(ExprKind k) : kind(k) {}
  ExprKind kind;
};

// Checked downcast: nullptr when `e` is not a T.
template <typename T>
const T* As(const Expr* e) {
  return e != nullptr && e->kind == T::kKind ? static_cast<const T*>(e) : nullptr;
}

enum class LiteralKind : uint8_t {
  kNull,
  kTrue,
  kFalse,
  kNumber,     // text: as written ("42", "1.5e3", ".5")
  kString,     // text: the decoded value; adjacent strings are concatenated
  kHex,        // text: as written (X'1F' or 0x1F)
  kBit,        // text: as written (b'101' or 0b101)
  kDate,       // DATE 'text'
  kTime,       // TIME 'text'
  kTimestamp,  // TIMESTAMP 'text'
};

struct Literal : Expr {
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  Literal() : Expr(kKind) {}
  LiteralKind literal = LiteralKind::kNull;
  std::string_view text;
  std::string_view charset;  // introducer without '_' (_utf8mb4'x'), or empty
  bool national = false;     // N'x'
};

// `?`; index is 0-based over the whole request (ParseOptions::first_param).
struct Placeholder : Expr {
  static constexpr ExprKind kKind = ExprKind::kPlaceholder;
  Placeholder() : Expr(kKind) {}
  int index = 0;
};

// column, table.column or schema.table.column.
struct ColumnRef : Expr {
  static constexpr ExprKind kKind = ExprKind::kColumn;
  ColumnRef() : Expr(kKind) {}
  Identifier schema;
  Identifier table;
  Identifier column;
};

// *, table.* or schema.table.*
struct Star : Expr {
  static constexpr ExprKind kKind = ExprKind::kStar;
  Star() : Expr(kKind) {}
  Identifier schema;
  Identifier table;
};

// @name (user) or @@[scope.]name (system).
struct Variable : Expr {
  static constexpr ExprKind kKind = ExprKind::kVariable;
  Variable() : Expr(kKind) {}
  bool system = false;
  std::string_view text;   // the token as written: "@x", "@`a b`", "@@session.sql_mode"
  std::string_view name;   // decoded name; for system variables without the scope
  std::string_view scope;  // system only: "GLOBAL", "SESSION", "LOCAL" as written, or empty
};

enum class UnaryOp : uint8_t {
  kMinus,   // -x
  kPlus,    // +x
  kBitNot,  // ~x
  kNot,     // NOT x and !x (same meaning; the tree shape carries precedence)
  kBinary,  // BINARY x
};

struct Unary : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  Unary() : Expr(kKind) {}
  UnaryOp op = UnaryOp::kMinus;
  Expr* operand = nullptr;
};

enum class BinaryOp : uint8_t {
  kOr,   // OR, ||
  kXor,  // XOR
  kAnd,  // AND, &&
  kEq,
  kNullSafeEq,  // <=>
  kNe,          // <>, !=
  kLt,
  kLe,
  kGt,
  kGe,
  kLike,        // [NOT] LIKE, with optional escape
  kRegexp,      // [NOT] REGEXP, RLIKE
  kSoundsLike,  // SOUNDS LIKE
  kMemberOf,    // x MEMBER OF (json)
  kBitOr,
  kBitAnd,
  kShiftLeft,
  kShiftRight,
  kAdd,  // rhs may be an Interval: d + INTERVAL 1 DAY
  kSub,
  kMul,
  kDiv,                 // /  (MySQL: decimal division)
  kIntDiv,              // DIV
  kMod,                 // %, MOD
  kBitXor,              // ^
  kJsonExtract,         // column -> 'path'
  kJsonUnquoteExtract,  // column ->> 'path'
  kAssign,              // @var := value
};

// ALL / ANY / SOME before a subquery on the right of a comparison.
enum class Quantifier : uint8_t { kNone, kAll, kAny };

struct Binary : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  Binary() : Expr(kKind) {}
  BinaryOp op = BinaryOp::kEq;
  Expr* lhs = nullptr;
  Expr* rhs = nullptr;
  Expr* escape = nullptr;                     // kLike only
  bool negated = false;                       // NOT LIKE, NOT REGEXP
  Quantifier quantifier = Quantifier::kNone;  // comparisons: rhs is a Subquery
};

enum class IsTest : uint8_t { kNull, kTrue, kFalse, kUnknown };

// x IS [NOT] NULL|TRUE|FALSE|UNKNOWN
struct Is : Expr {
  static constexpr ExprKind kKind = ExprKind::kIs;
  Is() : Expr(kKind) {}
  Expr* operand = nullptr;
  IsTest test = IsTest::kNull;
  bool negated = false;
};

struct Between : Expr {
  static constexpr ExprKind kKind = ExprKind::kBetween;
  Between() : Expr(kKind) {}
  Expr* operand = nullptr;
  Expr* low = nullptr;
  Expr* high = nullptr;
  bool negated = false;
};

// x [NOT] IN (list) or x [NOT] IN (subquery): exactly one of list/query.
struct In : Expr {
  static constexpr ExprKind kKind = ExprKind::kIn;
  In() : Expr(kKind) {}
  Expr* operand = nullptr;
  NodeList<Expr> list;
  Query* query = nullptr;
  bool negated = false;
};

struct CaseWhen : Node {
  Expr* when = nullptr;
  Expr* then = nullptr;
};

// CASE [operand] WHEN .. THEN .. [ELSE ..] END; operand null when searched.
struct Case : Expr {
  static constexpr ExprKind kKind = ExprKind::kCase;
  Case() : Expr(kKind) {}
  Expr* operand = nullptr;
  NodeList<CaseWhen> whens;
  Expr* else_result = nullptr;
};

struct Exists : Expr {
  static constexpr ExprKind kKind = ExprKind::kExists;
  Exists() : Expr(kKind) {}
  Query* query = nullptr;
};

// (SELECT ...) used as a value.
struct Subquery : Expr {
  static constexpr ExprKind kKind = ExprKind::kSubquery;
  Subquery() : Expr(kKind) {}
  Query* query = nullptr;
};

// (a, b) or ROW(a, b).
struct Row : Expr {
  static constexpr ExprKind kKind = ExprKind::kRow;
  Row() : Expr(kKind) {}
  NodeList<Expr> items;
  bool row_keyword = false;
};

// Units of INTERVAL, EXTRACT, TIMESTAMPDIFF and TIMESTAMPADD.
enum class TimeUnit : uint8_t {
  kMicrosecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kSecondMicrosecond,
  kMinuteMicrosecond,
  kMinuteSecond,
  kHourMicrosecond,
  kHourSecond,
  kHourMinute,
  kDayMicrosecond,
  kDaySecond,
  kDayMinute,
  kDayHour,
  kYearMonth,
};

// The function's written syntax, when it is not name(args).
enum class FunctionForm : uint8_t {
  kCall,           // name(args) or COUNT(*) (star) or GROUP_CONCAT(...)
  kNoParens,       // CURRENT_TIMESTAMP, CURRENT_DATE, ... written without ()
  kUnitFirst,      // EXTRACT(unit FROM args[0]); TIMESTAMPDIFF/ADD(unit, args...)
  kTrim,           // TRIM([side] [args[1]] FROM args[0]); args[1] optional
  kSubstringFrom,  // SUBSTRING(args[0] FROM args[1] [FOR args[2]])
  kPosition,       // POSITION(args[0] IN args[1])
  kCharUsing,      // CHAR(args USING charset)
};

enum class TrimSide : uint8_t { kNone, kBoth, kLeading, kTrailing };

struct Function : Expr {
  static constexpr ExprKind kKind = ExprKind::kFunction;
  Function() : Expr(kKind) {}
  Identifier schema;      // db.f(...) for stored functions
  std::string_view name;  // as written; compare case-insensitively
  NodeList<Expr> args;    // may contain Interval nodes (DATE_ADD)
  FunctionForm form = FunctionForm::kCall;
  bool distinct = false;           // COUNT(DISTINCT a)
  bool star = false;               // COUNT(*)
  NodeList<OrderItem> order_by;    // GROUP_CONCAT(... ORDER BY ...)
  Expr* separator = nullptr;       // GROUP_CONCAT(... SEPARATOR 'x'): a string Literal
  TimeUnit unit = TimeUnit::kDay;  // kUnitFirst
  TrimSide trim_side = TrimSide::kNone;
  std::string_view charset;    // kCharUsing
  WindowSpec* over = nullptr;  // f(...) OVER ...
};

enum class CastTypeKind : uint8_t {
  kBinary,
  kChar,
  kNChar,
  kDate,
  kDatetime,
  kTime,
  kDecimal,
  kSigned,
  kUnsigned,
  kJson,
  kDouble,
  kFloat,
  kReal,
  kYear,
};

struct CastType {
  CastTypeKind kind = CastTypeKind::kChar;
  int32_t length = -1;       // CHAR(n), BINARY(n), DECIMAL(p, s), DATETIME(n), FLOAT(n); -1: none
  int32_t scale = -1;        // DECIMAL(p, s)
  std::string_view charset;  // CHAR CHARACTER SET x (CHARSET x, ASCII, UNICODE not kept)
};

// CAST(x AS type) or CONVERT(x, type).
struct Cast : Expr {
  static constexpr ExprKind kKind = ExprKind::kCast;
  Cast() : Expr(kKind) {}
  Expr* operand = nullptr;
  CastType type;
  bool convert_syntax = false;
  bool array = false;  // CAST(x AS type ARRAY)
};

// CONVERT(x USING charset).
struct ConvertUsing : Expr {
  static constexpr ExprKind kKind = ExprKind::kConvertUsing;
  ConvertUsing() : Expr(kKind) {}
  Expr* operand = nullptr;
  std::string_view charset;
};

// x COLLATE name
struct Collate : Expr {
  static constexpr ExprKind kKind = ExprKind::kCollate;
  Collate() : Expr(kKind) {}
  Expr* operand = nullptr;
  std::string_view collation;  // decoded
};

// INTERVAL value unit: only as an operand of + and - or a function argument.
struct Interval : Expr {
  static constexpr ExprKind kKind = ExprKind::kInterval;
  Interval() : Expr(kKind) {}
  Expr* value = nullptr;
  TimeUnit unit = TimeUnit::kDay;
};

enum class MatchModifier : uint8_t {
  kNone,
  kNaturalLanguage,                    // IN NATURAL LANGUAGE MODE
  kNaturalLanguageWithQueryExpansion,  // IN NATURAL LANGUAGE MODE WITH QUERY EXPANSION
  kBoolean,                            // IN BOOLEAN MODE
  kQueryExpansion,                     // WITH QUERY EXPANSION
};

// MATCH (columns) AGAINST (expr [modifier])
struct Match : Expr {
  static constexpr ExprKind kKind = ExprKind::kMatch;
  Match() : Expr(kKind) {}
  NodeList<Expr> columns;
  Expr* against = nullptr;
  MatchModifier modifier = MatchModifier::kNone;
};

// DEFAULT as a value in VALUES rows and SET assignments.
struct Default : Expr {
  static constexpr ExprKind kKind = ExprKind::kDefault;
  Default() : Expr(kKind) {}
};

// Canonical upper-case spelling of a unit ("DAY_HOUR").
std::string_view TimeUnitName(TimeUnit unit);

}  // namespace edgesql::sql::ast

#endif  // EDGESQL_SQL_AST_EXPR_H_
