// Expressions: operators, literals, names and variables (see generator.h).
#include <cctype>
#include <cstdint>
#include <optional>

#include "common/ascii.h"
#include "common/server_info.h"
#include "common/str_cat.h"
#include "sql/lexer.h"
#include "transpile/datetime_functions.h"
#include "transpile/generator.h"
#include "transpile/json_functions.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;

// Whether `sql` is one operand as it stands (a name, a literal, a
// placeholder, a call or a parenthesised expression), needing no
// parentheses to keep its grouping next to an operator.
bool IsAtom(std::string_view sql) {
  if (sql.empty()) return false;
  int depth = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;  // a doubled quote reopens at once
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (depth == 0 && !(std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
                               c == '.' || c == '?' || static_cast<unsigned char>(c) >= 0x80)) {
      return false;
    }
  }
  return quote == 0 && depth == 0;
}

// The text around `sql` that makes it one operand: nothing for an atom,
// else parentheses. For StrCat, which then copies each piece once.
struct Wrap {
  std::string_view open, close;
};
Wrap ParenWrap(std::string_view sql) { return IsAtom(sql) ? Wrap{} : Wrap{"(", ")"}; }

// `sql` as one operand.
std::string Paren(const std::string& sql) {
  const Wrap w = ParenWrap(sql);
  return StrCat({w.open, sql, w.close});
}

bool IsComparison(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kEq:
    case ast::BinaryOp::kNe:
    case ast::BinaryOp::kLt:
    case ast::BinaryOp::kLe:
    case ast::BinaryOp::kGt:
    case ast::BinaryOp::kGe:
    case ast::BinaryOp::kNullSafeEq:
      return true;
    default:
      return false;
  }
}

std::string_view ComparisonText(ast::BinaryOp op) {
  switch (op) {
    case ast::BinaryOp::kEq:
      return "=";
    case ast::BinaryOp::kNe:
      return "<>";
    case ast::BinaryOp::kLt:
      return "<";
    case ast::BinaryOp::kLe:
      return "<=";
    case ast::BinaryOp::kGt:
      return ">";
    case ast::BinaryOp::kGe:
      return ">=";
    default:
      return "IS";  // <=>: equal, with NULL equal to NULL
  }
}

// A collation name as SQLite's: MySQL's _ci collations are NOCASE; the
// binary and case-sensitive ones are BINARY.
std::string_view SqliteCollation(std::string_view mysql) {
  std::string lower = AsciiLower(mysql);
  if (lower.find("_ci") != std::string::npos) return "NOCASE";
  return "BINARY";
}

// An operand cheap enough to evaluate twice: a name, a literal, a
// placeholder, a call or a parenthesised expression, maybe negated.
bool IsCheap(std::string_view sql) {
  return IsAtom(sql) || (sql.size() > 1 && sql[0] == '-' && IsAtom(sql.substr(1)));
}

// Integer +, - and * where MySQL raises 1690 on overflow and SQLite would
// silently go over to REAL (or, UNSIGNED, below zero): the result is
// checked, and abs() of the smallest integer is SQLite's "integer overflow"
// error, which the gateway reports as 1690. Only for cheap operands, since
// the check evaluates the expression twice.
Typed CheckedInteger(std::string sql, const Typed& l, const Typed& r, const ExprType& type) {
  if (type.cls != TypeClass::kInteger || !IsCheap(l.sql) || !IsCheap(r.sql))
    return Typed{std::move(sql), type};
  std::string bad = StrCat({"typeof(", sql, ") = 'real'"});
  if (type.is_unsigned) bad += " OR " + sql + " < 0";
  return Typed{"(CASE WHEN " + bad + " THEN abs(-9223372036854775807 - 1) ELSE " + sql + " END)",
               type};
}

}  // namespace

std::string EnumIndexSql(const std::string& sql, const catalog::ColumnDef& column) {
  std::string out = StrCat({"CASE WHEN ", sql, " IS NULL THEN NULL"});
  for (size_t i = 0; i < column.members.size(); ++i) {
    out +=
        " WHEN " + sql + " = " + QuoteString(column.members[i]) + " THEN " + std::to_string(i + 1);
  }
  return StrCat({out, " ELSE 0 END"});
}

std::string Generator::CompareOperands(const Typed& lhs, std::string_view op, const Typed& rhs,
                                       bool parenthesized) {
  // MySQL compares a string with a number as numbers ('1' = 1, '10' > 9);
  // SQLite would compare them as text or never equal.
  static constexpr Wrap kNumeric{"CAST(", " AS NUMERIC)"};
  const Wrap l = lhs.type.IsText() && rhs.type.IsNumber() ? kNumeric : ParenWrap(lhs.sql);
  const Wrap r = rhs.type.IsText() && lhs.type.IsNumber() ? kNumeric : ParenWrap(rhs.sql);
  // Two strings neither of which carries a collation compare under the
  // connection's default, utf8mb4_0900_ai_ci: case-insensitively.
  const bool nocase = lhs.type.IsText() && rhs.type.IsText() && !lhs.type.collation_fixed &&
                      !rhs.type.collation_fixed;
  return StrCat({parenthesized ? "(" : "", l.open, lhs.sql, l.close, " ", op, " ", r.open, rhs.sql,
                 r.close, nocase ? " COLLATE NOCASE" : "", parenthesized ? ")" : ""});
}

Result<Typed> Generator::Expr(const ast::Expr& e, const Scope& scope) {
  switch (e.kind) {
    case ast::ExprKind::kLiteral:
      return Literal(*ast::As<ast::Literal>(&e));
    case ast::ExprKind::kPlaceholder:
      return Typed{Placeholder(ast::As<ast::Placeholder>(&e)->index), ExprType{}};
    case ast::ExprKind::kColumn:
      return Column(*ast::As<ast::ColumnRef>(&e), scope);
    case ast::ExprKind::kStar:
      return Error(sql::SyntaxErrorAt(source_, e.begin));
    case ast::ExprKind::kVariable:
      return Variable(*ast::As<ast::Variable>(&e));
    case ast::ExprKind::kUnary: {
      const auto& u = *ast::As<ast::Unary>(&e);
      Result<Typed> operand = Expr(*u.operand, scope);
      if (!operand.ok()) return operand;
      Typed& v = operand.value();
      switch (u.op) {
        case ast::UnaryOp::kMinus:
          v.sql = "-" + Paren(v.sql);
          v.type = v.type.IsNumber() || v.type.cls == TypeClass::kUnknown
                       ? v.type.Value()
                       : TypeOf(TypeClass::kDouble);
          v.type.is_unsigned = false;
          return operand;
        case ast::UnaryOp::kPlus:
          return operand;
        case ast::UnaryOp::kBitNot:
          return Unsupported("the ~ operator (MySQL's is unsigned 64-bit)");
        case ast::UnaryOp::kNot:
          v.sql = "NOT " + Paren(v.sql);
          v.type = TypeOf(TypeClass::kInteger);
          return operand;
        case ast::UnaryOp::kBinary:
          // BINARY x compares byte by byte.
          v.sql = Paren(v.sql) + " COLLATE BINARY";
          v.type = v.type.Value();
          v.type.collation_fixed = true;
          return operand;
      }
      return operand;
    }
    case ast::ExprKind::kBinary:
      return Binary(*ast::As<ast::Binary>(&e), scope);
    case ast::ExprKind::kIs: {
      const auto& is = *ast::As<ast::Is>(&e);
      Result<Typed> operand = Expr(*is.operand, scope);
      if (!operand.ok()) return operand;
      std::string_view test = is.test == ast::IsTest::kTrue    ? "TRUE"
                              : is.test == ast::IsTest::kFalse ? "FALSE"
                                                               : "NULL";
      return Typed{
          Paren(operand.value().sql) + (is.negated ? " IS NOT " : " IS ") + std::string(test),
          TypeOf(TypeClass::kInteger)};
    }
    case ast::ExprKind::kBetween: {
      const auto& b = *ast::As<ast::Between>(&e);
      Result<Typed> x = Expr(*b.operand, scope);
      if (!x.ok()) return x;
      Result<Typed> low = Expr(*b.low, scope);
      if (!low.ok()) return low;
      Result<Typed> high = Expr(*b.high, scope);
      if (!high.ok()) return high;
      // x BETWEEN a AND b is a <= x AND x <= b, each compared MySQL's way.
      std::string sql = "(" + CompareOperands(low.value(), "<=", x.value()) + " AND " +
                        CompareOperands(x.value(), "<=", high.value()) + ")";
      if (b.negated) sql = "NOT " + sql;
      return Typed{std::move(sql), TypeOf(TypeClass::kInteger)};
    }
    case ast::ExprKind::kIn: {
      const auto& in = *ast::As<ast::In>(&e);
      Result<Typed> x = Expr(*in.operand, scope);
      if (!x.ok()) return x;
      std::string list;
      bool all_text = x.value().type.IsText() && !x.value().type.collation_fixed;
      bool any_number = false;
      if (in.query != nullptr) {
        std::vector<SourceColumn> columns;
        ++depth_;
        Result<std::string> q = Query(*in.query, &scope, &columns);
        --depth_;
        if (!q.ok()) return std::move(q).error();
        const auto* row = ast::As<ast::Row>(in.operand);
        size_t width = row != nullptr ? row->items.size : 1;
        bool star = false;
        for (const SourceColumn& c : columns) star = star || c.name == "*";
        if (!star && columns.size() != width) {
          return Error(ErrorCode::kOperandColumns,
                       "Operand should contain " + std::to_string(width) + " column(s)");
        }
        list = q.value();
        all_text = false;
      } else {
        for (size_t i = 0; i < in.list.size; ++i) {
          Result<Typed> item = Expr(*in.list[i], scope);
          if (!item.ok()) return item;
          if (!item.value().type.IsText() || item.value().type.collation_fixed) all_text = false;
          if (item.value().type.IsNumber()) any_number = true;
          if (i > 0) list += ", ";
          list += item.value().sql;
        }
      }
      std::string operand = Paren(x.value().sql);
      if (x.value().type.IsText() && any_number) operand = "CAST(" + x.value().sql + " AS NUMERIC)";
      if (all_text) operand += " COLLATE NOCASE";
      return Typed{operand + (in.negated ? " NOT IN (" : " IN (") + list + ")",
                   TypeOf(TypeClass::kInteger)};
    }
    case ast::ExprKind::kCase: {
      const auto& c = *ast::As<ast::Case>(&e);
      std::string sql = "CASE";
      ExprType type = TypeOf(TypeClass::kNull);
      // CASE x WHEN v compares as x = v does in MySQL (numbers with
      // strings, strings case-insensitively): written as a searched CASE.
      std::optional<Typed> operand;
      if (c.operand != nullptr) {
        Result<Typed> o = Expr(*c.operand, scope);
        if (!o.ok()) return o;
        operand = std::move(o).value();
      }
      for (const ast::CaseWhen* w : c.whens) {
        Result<Typed> when = Expr(*w->when, scope);
        if (!when.ok()) return when;
        Result<Typed> then = Expr(*w->then, scope);
        if (!then.ok()) return then;
        std::string test =
            operand ? CompareOperands(*operand, "=", when.value()) : when.value().sql;
        StrAppend(sql, {" WHEN ", Paren(test), " THEN ", Paren(then.value().sql)});
        type = MergeTypes(type, then.value().type);
      }
      if (c.else_result != nullptr) {
        Result<Typed> otherwise = Expr(*c.else_result, scope);
        if (!otherwise.ok()) return otherwise;
        StrAppend(sql, {" ELSE ", Paren(otherwise.value().sql)});
        type = MergeTypes(type, otherwise.value().type);
      }
      return Typed{sql + " END", type};
    }
    case ast::ExprKind::kExists: {
      ++depth_;
      Result<std::string> q = Query(*ast::As<ast::Exists>(&e)->query, &scope, nullptr);
      --depth_;
      if (!q.ok()) return std::move(q).error();
      return Typed{"EXISTS (" + q.value() + ")", TypeOf(TypeClass::kInteger)};
    }
    case ast::ExprKind::kSubquery: {
      std::vector<SourceColumn> columns;
      ++depth_;
      Result<std::string> q = Query(*ast::As<ast::Subquery>(&e)->query, &scope, &columns);
      --depth_;
      if (!q.ok()) return std::move(q).error();
      if (columns.size() != 1 && !(columns.size() == 1 && columns[0].name == "*")) {
        bool star = false;
        for (const SourceColumn& c : columns) star = star || c.name == "*";
        if (!star) return Error(ErrorCode::kOperandColumns, "Operand should contain 1 column(s)");
      }
      ExprType type = columns.size() == 1 ? columns[0].type.Value() : ExprType{};
      return Typed{"(" + q.value() + ")", type};
    }
    case ast::ExprKind::kRow: {
      const auto& row = *ast::As<ast::Row>(&e);
      std::string sql = "(";
      for (size_t i = 0; i < row.items.size; ++i) {
        Result<Typed> item = Expr(*row.items[i], scope);
        if (!item.ok()) return item;
        StrAppend(sql, {(i > 0 ? ", " : ""), item.value().sql});
      }
      return Typed{sql + ")", ExprType{}};
    }
    case ast::ExprKind::kFunction:
      return Function(*ast::As<ast::Function>(&e), scope);
    case ast::ExprKind::kCast:
      return Cast(*ast::As<ast::Cast>(&e), scope);
    case ast::ExprKind::kConvertUsing:
      // Every string is UTF-8 here: converting the character set is a no-op.
      return Expr(*ast::As<ast::ConvertUsing>(&e)->operand, scope);
    case ast::ExprKind::kCollate: {
      const auto& c = *ast::As<ast::Collate>(&e);
      Result<Typed> operand = Expr(*c.operand, scope);
      if (!operand.ok()) return operand;
      Typed& v = operand.value();
      v.sql = Paren(v.sql) + " COLLATE " + std::string(SqliteCollation(c.collation));
      v.type = v.type.Value();
      v.type.collation_fixed = true;
      return operand;
    }
    case ast::ExprKind::kInterval:
      return Error(sql::SyntaxErrorAt(source_, e.begin));
    case ast::ExprKind::kMatch:
      return Unsupported("MATCH ... AGAINST (full-text search)");
    case ast::ExprKind::kDefault:
      return Unsupported("DEFAULT as a value outside INSERT and UPDATE");
  }
  return Error(sql::SyntaxErrorAt(source_, e.begin));
}

Result<Typed> Generator::Literal(const ast::Literal& l) {
  switch (l.literal) {
    case ast::LiteralKind::kNull:
      return Typed{"NULL", TypeOf(TypeClass::kNull)};
    case ast::LiteralKind::kTrue:
      return Typed{"1", TypeOf(TypeClass::kInteger)};
    case ast::LiteralKind::kFalse:
      return Typed{"0", TypeOf(TypeClass::kInteger)};
    case ast::LiteralKind::kNumber: {
      std::string_view t = l.text;
      if (t.find_first_of("eE") != std::string_view::npos) {
        return Typed{std::string(t), TypeOf(TypeClass::kDouble)};
      }
      size_t dot = t.find('.');
      if (dot != std::string_view::npos) {
        return Typed{std::string(t),
                     TypeOf(TypeClass::kDecimal, static_cast<int>(t.size() - dot - 1))};
      }
      // Beyond BIGINT a literal is a DECIMAL in MySQL.
      bool big = t.size() > 19 || (t.size() == 19 && t > "9223372036854775807");
      return Typed{std::string(t),
                   big ? TypeOf(TypeClass::kDecimal, 0) : TypeOf(TypeClass::kInteger)};
    }
    case ast::LiteralKind::kString:
      if (EqualsIgnoreCase(l.charset, "binary")) {
        return Typed{"CAST(" + QuoteString(l.text) + " AS BLOB)", TypeOf(TypeClass::kBinary)};
      }
      return Typed{QuoteString(l.text), TypeOf(TypeClass::kString)};
    case ast::LiteralKind::kHex: {
      std::string_view t = l.text;
      if (t.size() >= 2 && t[0] == '0') {  // 0xABC -> X'0ABC': MySQL pads to whole bytes
        std::string digits(t.substr(2));
        if (digits.size() % 2 != 0) digits = "0" + digits;
        return Typed{"X'" + digits + "'", TypeOf(TypeClass::kBinary)};
      }
      return Typed{std::string(t), TypeOf(TypeClass::kBinary)};
    }
    case ast::LiteralKind::kBit: {
      std::string_view t = l.text;
      std::string_view bits = t[0] == '0' ? t.substr(2) : t.substr(2, t.size() - 3);
      if (bits.size() > 63) return Unsupported("bit literals wider than 63 bits");
      uint64_t value = 0;
      for (char c : bits) value = value * 2 + static_cast<uint64_t>(c - '0');
      return Typed{std::to_string(value), TypeOf(TypeClass::kInteger)};
    }
    case ast::LiteralKind::kDate:
      return Typed{QuoteString(l.text), TypeOf(TypeClass::kDate)};
    case ast::LiteralKind::kTime:
      return Typed{QuoteString(l.text), TypeOf(TypeClass::kTime)};
    case ast::LiteralKind::kTimestamp:
      return Typed{QuoteString(l.text), TypeOf(TypeClass::kDatetime)};
  }
  return Typed{"NULL", TypeOf(TypeClass::kNull)};
}

Result<Typed> Generator::Variable(const ast::Variable& v) {
  reads_session_ = true;
  if (v.system) {
    if (context_.session_variables != nullptr) {
      std::string name = AsciiLower(v.text.substr(2));
      for (std::string_view scope : {"session.", "local."}) {
        if (name.starts_with(scope)) name = name.substr(scope.size());
      }
      auto it = context_.session_variables->find(name);
      if (it != context_.session_variables->end())
        return Typed{it->second, TypeOf(TypeClass::kInteger)};
    }
    Result<VariableValue> value = ReadSystemVariable(v.text.substr(2));
    if (!value.ok()) return std::move(value).error();
    if (value.value().is_number) return Typed{value.value().text, TypeOf(TypeClass::kInteger)};
    return Typed{QuoteString(value.value().text), TypeOf(TypeClass::kString)};
  }
  // A user variable reads its session value; one never set is NULL.
  std::string key = AsciiLower(v.name);
  if (context_.user_variables != nullptr) {
    auto it = context_.user_variables->find(key);
    if (it != context_.user_variables->end()) {
      const std::string& literal = it->second;
      TypeClass cls = literal == "NULL"                                   ? TypeClass::kNull
                      : !literal.empty() && literal[0] == '\''            ? TypeClass::kString
                      : literal.find_first_of(".eE") != std::string::npos ? TypeClass::kDouble
                                                                          : TypeClass::kInteger;
      return Typed{literal, TypeOf(cls)};
    }
  }
  return Typed{"NULL", TypeOf(TypeClass::kNull)};
}

Result<Typed> Generator::Column(const ast::ColumnRef& c, const Scope& scope) {
  std::string column(c.column.name);
  // UPDATE t SET a = a + 1, b = a: MySQL's b sees the new a.
  if (!assigned_.empty() && c.schema.empty()) {
    auto it = assigned_.find(AsciiLower(column));
    if (it != assigned_.end()) return Typed{Paren(it->second), ExprType{}};
  }
  if (!view_columns_.empty() && c.schema.empty()) {
    auto it = view_columns_.find(AsciiLower(column));
    if (it != view_columns_.end()) column = it->second;
  }
  if (in_upsert_ && c.table.empty()) {
    // AS new (a, b): the alias's own column names read the new row.
    for (size_t i = 0; i < row_alias_columns_.size() && i < insert_columns_.size(); ++i) {
      if (EqualsIgnoreCase(row_alias_columns_[i], column))
        return Typed{"excluded." + QuoteIdentifier(insert_columns_[i]), ExprType{}};
    }
  }
  if (in_upsert_ && !row_alias_.empty() && c.schema.empty() && c.table.name == row_alias_) {
    // INSERT ... AS new ON DUPLICATE KEY UPDATE v = new.v
    std::string target = column;
    for (size_t i = 0; i < row_alias_columns_.size() && i < insert_columns_.size(); ++i) {
      if (EqualsIgnoreCase(row_alias_columns_[i], column)) target = insert_columns_[i];
    }
    return Typed{"excluded." + QuoteIdentifier(target), ExprType{}};
  }
  if (!c.schema.empty() && c.schema.name != context_.database) {
    return Unsupported("columns of another database's tables");
  }
  // Resolve, innermost block first, for the type.
  ExprType type;
  bool found = false;
  for (const Scope* s = &scope; s != nullptr && !found; s = s->outer) {
    for (const Source& source : s->sources) {
      if (!c.table.empty() && source.name != c.table.name) continue;
      if (source.table != nullptr) {
        if (const catalog::ColumnDef* def = source.table->FindColumn(column)) {
          type = ColumnType(*def, source.table);
          found = true;
          break;
        }
      } else {
        for (const SourceColumn& sc : source.columns) {
          if (EqualsIgnoreCase(sc.name, column)) {
            type = sc.type;
            type.collation_fixed = true;  // a derived column keeps its own
            found = true;
            break;
          }
        }
        if (found) break;
      }
    }
  }
  if (!found) type.collation_fixed = true;  // unknown: leave comparisons alone
  if (c.table.empty()) return Typed{QuoteName(column), type};
  return Typed{QualifiedName(c.table.name, column), type};
}

Result<Typed> Generator::Comparison(const ast::Binary& b, const Scope& scope) {
  if (b.quantifier != ast::Quantifier::kNone) return Quantified(b, scope);
  Result<Typed> lhs = Expr(*b.lhs, scope);
  if (!lhs.ok()) return lhs;
  Result<Typed> rhs = Expr(*b.rhs, scope);
  if (!rhs.ok()) return rhs;
  return Typed{CompareOperands(lhs.value(), ComparisonText(b.op), rhs.value(), true),
               TypeOf(TypeClass::kInteger)};
}

// x op ANY (subquery) / x op ALL (subquery): = ANY is IN and <> ALL is NOT
// IN; the orderings compare with the subquery's MIN or MAX, an empty
// subquery making ANY false and ALL true.
Result<Typed> Generator::Quantified(const ast::Binary& b, const Scope& scope) {
  const auto* sub = ast::As<ast::Subquery>(b.rhs);
  if (sub == nullptr) return Error(sql::SyntaxErrorAt(source_, b.rhs->begin));
  Result<Typed> x = Expr(*b.lhs, scope);
  if (!x.ok()) return x;
  std::vector<SourceColumn> columns;
  ++depth_;
  Result<std::string> q = Query(*sub->query, &scope, &columns);
  --depth_;
  if (!q.ok()) return std::move(q).error();
  if (columns.size() != 1)
    return Error(ErrorCode::kOperandColumns, "Operand should contain 1 column(s)");
  bool all = b.quantifier == ast::Quantifier::kAll;
  ExprType integer = TypeOf(TypeClass::kInteger);
  if (b.op == ast::BinaryOp::kEq && !all)
    return Typed{"(" + Paren(x.value().sql) + " IN (" + q.value() + "))", integer};
  if (b.op == ast::BinaryOp::kNe && all)
    return Typed{"(" + Paren(x.value().sql) + " NOT IN (" + q.value() + "))", integer};
  if (b.op == ast::BinaryOp::kEq || b.op == ast::BinaryOp::kNe ||
      b.op == ast::BinaryOp::kNullSafeEq)
    return Unsupported(all ? "= ALL (subquery)" : "<> ANY (subquery)");
  bool greater = b.op == ast::BinaryOp::kGt || b.op == ast::BinaryOp::kGe;
  // > ALL: above the maximum; > ANY: above the minimum (and mirrored for <).
  std::string agg = (greater == all) ? "max" : "min";
  Typed bound{"(SELECT " + agg + "(" + QuoteName(columns[0].name) + ") FROM (" + q.value() + "))",
              columns[0].type.Value()};
  std::string test = CompareOperands(x.value(), ComparisonText(b.op), bound);
  return Typed{
      "(CASE WHEN EXISTS (" + q.value() + ") THEN " + test + " ELSE " + (all ? "1" : "0") + " END)",
      integer};
}

Result<Typed> Generator::Binary(const ast::Binary& b, const Scope& scope) {
  if (IsComparison(b.op)) return Comparison(b, scope);
  if (b.op == ast::BinaryOp::kAssign)
    return Unsupported("assigning user variables inside a statement");
  if (b.op == ast::BinaryOp::kRegexp) return Unsupported("REGEXP");
  if (b.op == ast::BinaryOp::kSoundsLike) return Unsupported("SOUNDS LIKE");
  // date +/- INTERVAL n unit (INTERVAL n unit + date too).
  const auto* interval = ast::As<ast::Interval>(b.rhs);
  const ast::Expr* temporal = b.lhs;
  if (interval == nullptr && b.op == ast::BinaryOp::kAdd) {
    interval = ast::As<ast::Interval>(b.lhs);
    temporal = b.rhs;
  }
  if (interval != nullptr && (b.op == ast::BinaryOp::kAdd || b.op == ast::BinaryOp::kSub)) {
    Result<Typed> date = Expr(*temporal, scope);
    if (!date.ok()) return date;
    Result<Typed> amount = Expr(*interval->value, scope);
    if (!amount.ok()) return amount;
    return Typed{AddIntervalSql(date.value().sql, amount.value().sql, interval->unit,
                                b.op == ast::BinaryOp::kSub),
                 IntervalResultType(date.value().type, interval->unit)};
  }
  Result<Typed> lhs = Expr(*b.lhs, scope);
  if (!lhs.ok()) return lhs;
  Result<Typed> rhs = Expr(*b.rhs, scope);
  if (!rhs.ok()) return rhs;
  // An ENUM in arithmetic is its member index (rating + 0).
  bool arithmetic = b.op == ast::BinaryOp::kAdd || b.op == ast::BinaryOp::kSub ||
                    b.op == ast::BinaryOp::kMul || b.op == ast::BinaryOp::kDiv ||
                    b.op == ast::BinaryOp::kIntDiv || b.op == ast::BinaryOp::kMod;
  for (Typed* v : {&lhs.value(), &rhs.value()}) {
    const catalog::ColumnDef* c = v->type.column;
    if (arithmetic && c != nullptr && c->type == catalog::MySqlType::kEnum) {
      *v = Typed{"(" + EnumIndexSql(v->sql, *c) + ")", TypeOf(TypeClass::kInteger)};
    }
  }
  const Typed& l = lhs.value();
  const Typed& r = rhs.value();
  const Wrap lw = ParenWrap(l.sql);
  const Wrap rw = ParenWrap(r.sql);
  // Most operators below take both operands as they are: `(` ls op rs `)`.
  const auto around = [&](std::string_view op) {
    return StrCat({"(", lw.open, l.sql, lw.close, op, rw.open, r.sql, rw.close, ")"});
  };
  // The rarer ones need an operand on its own.
  const auto ls = [&] { return Paren(l.sql); };
  const auto rs = [&] { return Paren(r.sql); };
  ExprType integer = TypeOf(TypeClass::kInteger);
  switch (b.op) {
    case ast::BinaryOp::kOr:
      return Typed{around(" OR "), integer};
    case ast::BinaryOp::kAnd:
      return Typed{around(" AND "), integer};
    case ast::BinaryOp::kXor:
      return Typed{"(CASE WHEN " + ls() + " IS NULL OR " + rs() + " IS NULL THEN NULL ELSE (" +
                       ls() + " <> 0) <> (" + rs() + " <> 0) END)",
                   integer};
    case ast::BinaryOp::kLike: {
      // MySQL's LIKE escapes with a backslash unless told otherwise.
      std::string escape = "'\\'";
      if (b.escape != nullptr) {
        Result<Typed> e = Expr(*b.escape, scope);
        if (!e.ok()) return e;
        escape = e.value().sql;
      }
      return Typed{
          "(" + ls() + (b.negated ? " NOT LIKE " : " LIKE ") + rs() + " ESCAPE " + escape + ")",
          integer};
    }
    case ast::BinaryOp::kMemberOf:
      return Typed{"(" + ls() + " IN (SELECT value FROM json_each(" + r.sql + ")))", integer};
    case ast::BinaryOp::kBitOr:
      return Typed{around(" | "), integer};
    case ast::BinaryOp::kBitAnd:
      return Typed{around(" & "), integer};
    case ast::BinaryOp::kBitXor:
      return Typed{"((" + ls() + " | " + rs() + ") - (" + ls() + " & " + rs() + "))", integer};
    case ast::BinaryOp::kShiftLeft:
      return Typed{around(" << "), integer};
    case ast::BinaryOp::kShiftRight:
      return Typed{around(" >> "), integer};
    case ast::BinaryOp::kAdd:
      return CheckedInteger(around(" + "), l, r, ArithmeticType(l.type, r.type, false));
    case ast::BinaryOp::kSub:
      return CheckedInteger(around(" - "), l, r, ArithmeticType(l.type, r.type, false));
    case ast::BinaryOp::kMul:
      return CheckedInteger(around(" * "), l, r, ArithmeticType(l.type, r.type, true));
    case ast::BinaryOp::kDiv: {
      // MySQL's / never divides integers as integers: 7 / 2 = 3.5000, a
      // DECIMAL with four more digits of scale than the dividend.
      ExprType t = ArithmeticType(l.type, r.type, false);
      if (t.IsExactNumber()) {
        int scale = l.type.cls == TypeClass::kDecimal ? std::max(l.type.scale, 0) : 0;
        t = TypeOf(TypeClass::kDecimal, std::min(scale + 4, 30));
      }
      return Typed{"(CAST(" + l.sql + " AS REAL) / " + rs() + ")", t};
    }
    case ast::BinaryOp::kIntDiv:
      if (l.type.cls == TypeClass::kInteger && r.type.cls == TypeClass::kInteger)
        return Typed{"(" + ls() + " / " + rs() + ")", integer};
      return Typed{"CAST(CAST(" + l.sql + " AS REAL) / " + rs() + " AS INTEGER)", integer};
    case ast::BinaryOp::kMod: {
      ExprType t = ArithmeticType(l.type, r.type, false);
      if (l.type.cls == TypeClass::kInteger && r.type.cls == TypeClass::kInteger)
        return Typed{"(" + ls() + " % " + rs() + ")", t};
      // SQLite's % works on integers only: 7.5 % 2 must be 1.5.
      return Typed{"(CASE WHEN " + rs() + " = 0 THEN NULL ELSE " + ls() + " - " + rs() +
                       " * CAST(CAST(" + l.sql + " AS REAL) / " + rs() + " AS INTEGER) END)",
                   t};
    }
    case ast::BinaryOp::kJsonExtract:
      return Typed{JsonExtractSql(l.sql, r.sql), TypeOf(TypeClass::kJson)};
    case ast::BinaryOp::kJsonUnquoteExtract: {
      // MySQL compares ->> results as utf8mb4_bin: case-sensitively.
      ExprType t = TypeOf(TypeClass::kString);
      t.collation_fixed = true;
      return Typed{JsonUnquoteExtractSql(l.sql, r.sql), t};
    }
    default:
      break;
  }
  return Error(sql::SyntaxErrorAt(source_, b.begin));
}

}  // namespace edgesql::transpile
