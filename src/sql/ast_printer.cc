// AST to canonical MySQL text (ast_printer.h).
#include "sql/ast_printer.h"

#include "sql/keyword.h"
#include "sql/parser_internal.h"

namespace edgesql::sql {
namespace {

using namespace ast;  // NOLINT: this file is all AST

std::string_view BinaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return "OR";
    case BinaryOp::kXor:
      return "XOR";
    case BinaryOp::kAnd:
      return "AND";
    case BinaryOp::kEq:
      return "=";
    case BinaryOp::kNullSafeEq:
      return "<=>";
    case BinaryOp::kNe:
      return "<>";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kLike:
      return "LIKE";
    case BinaryOp::kRegexp:
      return "REGEXP";
    case BinaryOp::kSoundsLike:
      return "SOUNDS LIKE";
    case BinaryOp::kMemberOf:
      return "MEMBER OF";
    case BinaryOp::kBitOr:
      return "|";
    case BinaryOp::kBitAnd:
      return "&";
    case BinaryOp::kShiftLeft:
      return "<<";
    case BinaryOp::kShiftRight:
      return ">>";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kIntDiv:
      return "DIV";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kBitXor:
      return "^";
    case BinaryOp::kJsonExtract:
      return "->";
    case BinaryOp::kJsonUnquoteExtract:
      return "->>";
    case BinaryOp::kAssign:
      return ":=";
  }
  return "?";
}

// Nodes that print as one self-delimited unit and never need parentheses.
bool IsAtom(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kUnary:
    case ExprKind::kBinary:
    case ExprKind::kIs:
    case ExprKind::kBetween:
    case ExprKind::kIn:
    case ExprKind::kCollate:
      return false;
    default:
      return true;
  }
}

// -x, +x, ~x and BINARY x over an atom (or over another such prefix) bind
// tighter than every binary operator, so they need no parentheses as
// operands of one.
bool IsTightUnary(const Expr& e) {
  const auto* u = As<Unary>(&e);
  return u != nullptr && u->op != UnaryOp::kNot &&
         (IsAtom(*u->operand) || IsTightUnary(*u->operand));
}

// Precedence level of a left-associative binary operator (higher binds
// tighter), or 0 for operators that do not chain. A left operand on the
// same level prints without parentheses: "a - b - c", "a = b IS NULL", so
// long chains print flat instead of nesting a parenthesis per operator.
int ChainLevel(const Expr& e) {
  if (e.kind == ExprKind::kIs) return 5;
  const auto* b = As<Binary>(&e);
  if (b == nullptr) return 0;
  switch (b->op) {
    case BinaryOp::kOr:
      return 1;
    case BinaryOp::kXor:
      return 2;
    case BinaryOp::kAnd:
      return 3;
    case BinaryOp::kEq:
    case BinaryOp::kNullSafeEq:
    case BinaryOp::kNe:
    case BinaryOp::kLt:
    case BinaryOp::kLe:
    case BinaryOp::kGt:
    case BinaryOp::kGe:
      return 5;
    case BinaryOp::kBitOr:
      return 7;
    case BinaryOp::kBitAnd:
      return 8;
    case BinaryOp::kShiftLeft:
    case BinaryOp::kShiftRight:
      return 9;
    case BinaryOp::kAdd:
    case BinaryOp::kSub:
      return 10;
    case BinaryOp::kMul:
    case BinaryOp::kDiv:
    case BinaryOp::kIntDiv:
    case BinaryOp::kMod:
      return 11;
    case BinaryOp::kBitXor:
      return 12;
    default:
      return 0;
  }
}

class Printer {
 public:
  explicit Printer(std::string& out) : out_(out) {}

  void Expr(const ast::Expr& e);
  void Query(const ast::Query& q);
  void Statement(const ast::Statement& s);

 private:
  void Operand(const ast::Expr& e) {
    if (IsAtom(e) || IsTightUnary(e)) {
      Expr(e);
    } else {
      out_ += '(';
      Expr(e);
      out_ += ')';
    }
  }
  // The left operand of a chaining operator at `level`.
  void LeftOperand(const ast::Expr& e, int level) {
    if (level > 0 && ChainLevel(e) == level) {
      Expr(e);
    } else {
      Operand(e);
    }
  }
  void Id(const Identifier& id) { AppendIdentifier(out_, id.name); }
  void Qualified(const Identifier& schema, const Identifier& table, const Identifier& name) {
    if (!schema.empty()) {
      Id(schema);
      out_ += '.';
    }
    if (!table.empty()) {
      Id(table);
      out_ += '.';
    }
    Id(name);
  }
  void ExprList(const NodeList<ast::Expr>& list) {
    for (size_t i = 0; i < list.size; ++i) {
      if (i > 0) out_ += ", ";
      Expr(*list[i]);
    }
  }
  void NameList(const NodeList<Identifier>& list) {
    out_ += '(';
    for (size_t i = 0; i < list.size; ++i) {
      if (i > 0) out_ += ", ";
      Id(*list[i]);
    }
    out_ += ')';
  }
  void Literal(const ast::Literal& l);
  void Function(const ast::Function& f);
  void CastType(const ast::CastType& t);
  void Window(const WindowSpec& w);
  void Bound(const FrameBound& b);
  void OrderBy(const NodeList<OrderItem>& items);
  void Limit(const ast::Limit& l);
  void With(const WithClause& w);
  void Body(const QueryBody& b);
  void Select(const SelectCore& s);
  void Into(const ast::Into& i);
  void TableRefs(const NodeList<TableRef>& refs);
  void TableRef(const ast::TableRef& t);
  void Assignments(const NodeList<Assignment>& list);
  void Where(const ast::Expr* where) {
    if (where == nullptr) return;
    out_ += " WHERE ";
    Expr(*where);
  }

  std::string& out_;
};

void Printer::Literal(const ast::Literal& l) {
  switch (l.literal) {
    case LiteralKind::kNull:
      out_ += "NULL";
      return;
    case LiteralKind::kTrue:
      out_ += "TRUE";
      return;
    case LiteralKind::kFalse:
      out_ += "FALSE";
      return;
    case LiteralKind::kNumber:
    case LiteralKind::kHex:
    case LiteralKind::kBit:
      out_ += l.text;
      return;
    case LiteralKind::kString:
      if (!l.charset.empty()) {
        out_ += '_';
        out_ += l.charset;
      } else if (l.national) {
        out_ += 'N';
      }
      AppendStringLiteral(out_, l.text);
      return;
    case LiteralKind::kDate:
      out_ += "DATE ";
      AppendStringLiteral(out_, l.text);
      return;
    case LiteralKind::kTime:
      out_ += "TIME ";
      AppendStringLiteral(out_, l.text);
      return;
    case LiteralKind::kTimestamp:
      out_ += "TIMESTAMP ";
      AppendStringLiteral(out_, l.text);
      return;
  }
}

void Printer::CastType(const ast::CastType& t) {
  switch (t.kind) {
    case CastTypeKind::kBinary:
      out_ += "BINARY";
      break;
    case CastTypeKind::kChar:
      out_ += "CHAR";
      break;
    case CastTypeKind::kNChar:
      out_ += "NCHAR";
      break;
    case CastTypeKind::kDate:
      out_ += "DATE";
      break;
    case CastTypeKind::kDatetime:
      out_ += "DATETIME";
      break;
    case CastTypeKind::kTime:
      out_ += "TIME";
      break;
    case CastTypeKind::kDecimal:
      out_ += "DECIMAL";
      break;
    case CastTypeKind::kSigned:
      out_ += "SIGNED";
      break;
    case CastTypeKind::kUnsigned:
      out_ += "UNSIGNED";
      break;
    case CastTypeKind::kJson:
      out_ += "JSON";
      break;
    case CastTypeKind::kDouble:
      out_ += "DOUBLE";
      break;
    case CastTypeKind::kFloat:
      out_ += "FLOAT";
      break;
    case CastTypeKind::kReal:
      out_ += "REAL";
      break;
    case CastTypeKind::kYear:
      out_ += "YEAR";
      break;
  }
  if (t.length >= 0) {
    out_ += '(';
    out_ += std::to_string(t.length);
    if (t.scale >= 0) {
      out_ += ", ";
      out_ += std::to_string(t.scale);
    }
    out_ += ')';
  }
  if (!t.charset.empty()) {
    out_ += " CHARACTER SET ";
    AppendIdentifier(out_, t.charset);
  }
}

void Printer::Function(const ast::Function& f) {
  if (!f.schema.empty()) {
    Id(f.schema);
    out_ += '.';
    AppendIdentifier(out_, f.name);
  } else {
    for (char c : f.name) out_ += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  if (f.form == FunctionForm::kNoParens) return;
  out_ += '(';
  switch (f.form) {
    case FunctionForm::kCall:
    case FunctionForm::kNoParens:
      if (f.star) {
        out_ += '*';
      } else {
        if (f.distinct) out_ += "DISTINCT ";
        ExprList(f.args);
      }
      if (!f.order_by.empty()) {
        out_ += " ORDER BY ";
        OrderBy(f.order_by);
      }
      if (f.separator != nullptr) {
        out_ += " SEPARATOR ";
        Expr(*f.separator);
      }
      break;
    case FunctionForm::kUnitFirst:
      out_ += TimeUnitName(f.unit);
      if (f.args.size == 1) {
        out_ += " FROM ";
        Expr(*f.args[0]);
      } else {
        for (const ast::Expr* a : f.args) {
          out_ += ", ";
          Expr(*a);
        }
      }
      break;
    case FunctionForm::kTrim:
      if (f.trim_side == TrimSide::kLeading) out_ += "LEADING ";
      if (f.trim_side == TrimSide::kTrailing) out_ += "TRAILING ";
      if (f.trim_side == TrimSide::kBoth) out_ += "BOTH ";
      if (f.args.size > 1) {
        Expr(*f.args[1]);
        out_ += " FROM ";
      } else if (f.trim_side != TrimSide::kNone) {
        out_ += "FROM ";
      }
      if (f.args.size > 0) Expr(*f.args[0]);
      break;
    case FunctionForm::kSubstringFrom:
      for (size_t i = 0; i < f.args.size; ++i) {
        if (i == 1) out_ += " FROM ";
        if (i == 2) out_ += " FOR ";
        Expr(*f.args[i]);
      }
      break;
    case FunctionForm::kPosition:
      if (f.args.size == 2) {
        Operand(*f.args[0]);
        out_ += " IN ";
        Expr(*f.args[1]);
      }
      break;
    case FunctionForm::kCharUsing:
      ExprList(f.args);
      out_ += " USING ";
      AppendIdentifier(out_, f.charset);
      break;
  }
  out_ += ')';
  if (f.over != nullptr) {
    out_ += " OVER ";
    Window(*f.over);
  }
}

void Printer::Window(const WindowSpec& w) {
  if (!w.parenthesized) {
    Id(w.name);
    return;
  }
  out_ += '(';
  bool space = false;
  if (!w.name.empty()) {
    Id(w.name);
    space = true;
  }
  if (!w.partition_by.empty()) {
    if (space) out_ += ' ';
    out_ += "PARTITION BY ";
    ExprList(w.partition_by);
    space = true;
  }
  if (!w.order_by.empty()) {
    if (space) out_ += ' ';
    out_ += "ORDER BY ";
    OrderBy(w.order_by);
    space = true;
  }
  if (w.frame != nullptr) {
    if (space) out_ += ' ';
    const WindowFrame& f = *w.frame;
    out_ += f.unit == FrameUnit::kRows    ? "ROWS "
            : f.unit == FrameUnit::kRange ? "RANGE "
                                          : "GROUPS ";
    if (f.between) {
      out_ += "BETWEEN ";
      Bound(f.start);
      out_ += " AND ";
      Bound(f.end_bound);
    } else {
      Bound(f.start);
    }
  }
  out_ += ')';
}

void Printer::Bound(const FrameBound& b) {
  switch (b.kind) {
    case FrameBoundKind::kUnboundedPreceding:
      out_ += "UNBOUNDED PRECEDING";
      return;
    case FrameBoundKind::kUnboundedFollowing:
      out_ += "UNBOUNDED FOLLOWING";
      return;
    case FrameBoundKind::kCurrentRow:
      out_ += "CURRENT ROW";
      return;
    case FrameBoundKind::kPreceding:
    case FrameBoundKind::kFollowing:
      if (b.offset != nullptr) Operand(*b.offset);
      out_ += b.kind == FrameBoundKind::kPreceding ? " PRECEDING" : " FOLLOWING";
      return;
  }
}

void Printer::Expr(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::kLiteral:
      Literal(static_cast<const ast::Literal&>(e));
      return;
    case ExprKind::kPlaceholder:
      out_ += '?';
      return;
    case ExprKind::kColumn: {
      const auto& c = static_cast<const ColumnRef&>(e);
      Qualified(c.schema, c.table, c.column);
      return;
    }
    case ExprKind::kStar: {
      const auto& s = static_cast<const Star&>(e);
      if (!s.schema.empty()) {
        Id(s.schema);
        out_ += '.';
      }
      if (!s.table.empty()) {
        Id(s.table);
        out_ += '.';
      }
      out_ += '*';
      return;
    }
    case ExprKind::kVariable:
      out_ += static_cast<const Variable&>(e).text;
      return;
    case ExprKind::kUnary: {
      const auto& u = static_cast<const Unary&>(e);
      switch (u.op) {
        case UnaryOp::kMinus:
          out_ += '-';
          break;
        case UnaryOp::kPlus:
          out_ += '+';
          break;
        case UnaryOp::kBitNot:
          out_ += '~';
          break;
        case UnaryOp::kNot:
          out_ += "NOT ";
          break;
        case UnaryOp::kBinary:
          out_ += "BINARY ";
          break;
      }
      // Prefix chains print without parentheses (- -a, NOT NOT a): they read
      // back as the same tree, and text no deeper than it was written stays
      // within the parser's depth limit.
      bool bare = IsAtom(*u.operand) || (u.op == UnaryOp::kNot ? u.operand->kind == ExprKind::kUnary
                                                               : IsTightUnary(*u.operand));
      if (!bare) {
        out_ += '(';
        Expr(*u.operand);
        out_ += ')';
      } else {
        if (u.op != UnaryOp::kNot && u.op != UnaryOp::kBinary &&
            u.operand->kind == ExprKind::kUnary) {
          out_ += ' ';  // "- -a", never "--a" (a comment)
        }
        Expr(*u.operand);
      }
      return;
    }
    case ExprKind::kBinary: {
      const auto& b = static_cast<const Binary&>(e);
      LeftOperand(*b.lhs, ChainLevel(b));
      out_ += ' ';
      if (b.negated) out_ += "NOT ";
      out_ += BinaryOpText(b.op);
      out_ += ' ';
      if (b.quantifier == Quantifier::kAll) out_ += "ALL ";
      if (b.quantifier == Quantifier::kAny) out_ += "ANY ";
      if (b.op == BinaryOp::kMemberOf) {
        out_ += '(';
        Expr(*b.rhs);
        out_ += ')';
      } else if (b.op == BinaryOp::kAssign) {
        Expr(*b.rhs);
      } else {
        Operand(*b.rhs);
      }
      if (b.escape != nullptr) {
        out_ += " ESCAPE ";
        Operand(*b.escape);
      }
      return;
    }
    case ExprKind::kIs: {
      const auto& is = static_cast<const Is&>(e);
      LeftOperand(*is.operand, 5);
      out_ += is.negated ? " IS NOT " : " IS ";
      out_ += is.test == IsTest::kNull    ? "NULL"
              : is.test == IsTest::kTrue  ? "TRUE"
              : is.test == IsTest::kFalse ? "FALSE"
                                          : "UNKNOWN";
      return;
    }
    case ExprKind::kBetween: {
      const auto& b = static_cast<const Between&>(e);
      Operand(*b.operand);
      out_ += b.negated ? " NOT BETWEEN " : " BETWEEN ";
      Operand(*b.low);
      out_ += " AND ";
      Operand(*b.high);
      return;
    }
    case ExprKind::kIn: {
      const auto& in = static_cast<const In&>(e);
      Operand(*in.operand);
      out_ += in.negated ? " NOT IN (" : " IN (";
      if (in.query != nullptr) {
        Query(*in.query);
      } else {
        ExprList(in.list);
      }
      out_ += ')';
      return;
    }
    case ExprKind::kCase: {
      const auto& c = static_cast<const Case&>(e);
      out_ += "CASE";
      if (c.operand != nullptr) {
        out_ += ' ';
        Expr(*c.operand);
      }
      for (const CaseWhen* w : c.whens) {
        out_ += " WHEN ";
        Expr(*w->when);
        out_ += " THEN ";
        Expr(*w->then);
      }
      if (c.else_result != nullptr) {
        out_ += " ELSE ";
        Expr(*c.else_result);
      }
      out_ += " END";
      return;
    }
    case ExprKind::kExists:
      out_ += "EXISTS (";
      Query(*static_cast<const Exists&>(e).query);
      out_ += ')';
      return;
    case ExprKind::kSubquery:
      out_ += '(';
      Query(*static_cast<const Subquery&>(e).query);
      out_ += ')';
      return;
    case ExprKind::kRow: {
      const auto& r = static_cast<const Row&>(e);
      if (r.row_keyword) out_ += "ROW";
      out_ += '(';
      ExprList(r.items);
      out_ += ')';
      return;
    }
    case ExprKind::kFunction:
      Function(static_cast<const ast::Function&>(e));
      return;
    case ExprKind::kCast: {
      const auto& c = static_cast<const Cast&>(e);
      out_ += c.convert_syntax ? "CONVERT(" : "CAST(";
      Expr(*c.operand);
      out_ += c.convert_syntax ? ", " : " AS ";
      CastType(c.type);
      if (c.array) out_ += " ARRAY";
      out_ += ')';
      return;
    }
    case ExprKind::kConvertUsing: {
      const auto& c = static_cast<const ConvertUsing&>(e);
      out_ += "CONVERT(";
      Expr(*c.operand);
      out_ += " USING ";
      AppendIdentifier(out_, c.charset);
      out_ += ')';
      return;
    }
    case ExprKind::kCollate: {
      const auto& c = static_cast<const Collate&>(e);
      if (IsAtom(*c.operand) || c.operand->kind == ExprKind::kCollate) {
        Expr(*c.operand);
      } else {
        out_ += '(';
        Expr(*c.operand);
        out_ += ')';
      }
      out_ += " COLLATE ";
      AppendIdentifier(out_, c.collation);
      return;
    }
    case ExprKind::kInterval: {
      const auto& i = static_cast<const Interval&>(e);
      out_ += "INTERVAL ";
      Operand(*i.value);
      out_ += ' ';
      out_ += TimeUnitName(i.unit);
      return;
    }
    case ExprKind::kMatch: {
      const auto& m = static_cast<const Match&>(e);
      out_ += "MATCH (";
      ExprList(m.columns);
      out_ += ") AGAINST (";
      Operand(*m.against);
      switch (m.modifier) {
        case MatchModifier::kNone:
          break;
        case MatchModifier::kNaturalLanguage:
          out_ += " IN NATURAL LANGUAGE MODE";
          break;
        case MatchModifier::kNaturalLanguageWithQueryExpansion:
          out_ += " IN NATURAL LANGUAGE MODE WITH QUERY EXPANSION";
          break;
        case MatchModifier::kBoolean:
          out_ += " IN BOOLEAN MODE";
          break;
        case MatchModifier::kQueryExpansion:
          out_ += " WITH QUERY EXPANSION";
          break;
      }
      out_ += ')';
      return;
    }
    case ExprKind::kDefault:
      out_ += "DEFAULT";
      return;
  }
}

void Printer::OrderBy(const NodeList<OrderItem>& items) {
  for (size_t i = 0; i < items.size; ++i) {
    if (i > 0) out_ += ", ";
    Expr(*items[i]->expr);
    if (items[i]->direction == OrderDirection::kAsc) out_ += " ASC";
    if (items[i]->direction == OrderDirection::kDesc) out_ += " DESC";
  }
}

void Printer::Limit(const ast::Limit& l) {
  out_ += " LIMIT ";
  Expr(*l.count);
  if (l.offset != nullptr) {
    out_ += " OFFSET ";
    Expr(*l.offset);
  }
}

void Printer::With(const WithClause& w) {
  out_ += w.recursive ? "WITH RECURSIVE " : "WITH ";
  for (size_t i = 0; i < w.ctes.size; ++i) {
    const CommonTableExpr& c = *w.ctes[i];
    if (i > 0) out_ += ", ";
    Id(c.name);
    if (!c.columns.empty()) {
      out_ += ' ';
      NameList(c.columns);
    }
    out_ += " AS (";
    Query(*c.query);
    out_ += ')';
  }
  out_ += ' ';
}

void Printer::Into(const ast::Into& i) {
  out_ += " INTO ";
  ExprList(i.targets);
}

void Printer::Query(const ast::Query& q) {
  if (q.with != nullptr) With(*q.with);
  Body(*q.body);
  if (!q.order_by.empty()) {
    out_ += " ORDER BY ";
    OrderBy(q.order_by);
  }
  if (q.limit != nullptr) Limit(*q.limit);
  if (q.into != nullptr) Into(*q.into);
  for (const LockingClause* l : q.locking) {
    switch (l->strength) {
      case LockStrength::kUpdate:
        out_ += " FOR UPDATE";
        break;
      case LockStrength::kShare:
        out_ += " FOR SHARE";
        break;
      case LockStrength::kLockInShareMode:
        out_ += " LOCK IN SHARE MODE";
        break;
    }
    if (!l->tables.empty()) {
      out_ += " OF ";
      for (size_t i = 0; i < l->tables.size; ++i) {
        if (i > 0) out_ += ", ";
        Id(*l->tables[i]);
      }
    }
    if (l->wait == LockWait::kNoWait) out_ += " NOWAIT";
    if (l->wait == LockWait::kSkipLocked) out_ += " SKIP LOCKED";
  }
}

void Printer::Body(const QueryBody& b) {
  switch (b.kind) {
    case QueryBodyKind::kSelect:
      Select(static_cast<const SelectCore&>(b));
      return;
    case QueryBodyKind::kSetOperation: {
      const auto& s = static_cast<const SetOperation&>(b);
      Body(*s.left);
      out_ += s.op == SetOp::kUnion    ? " UNION "
              : s.op == SetOp::kExcept ? " EXCEPT "
                                       : " INTERSECT ";
      if (s.all) out_ += "ALL ";
      if (s.distinct_written) out_ += "DISTINCT ";
      Body(*s.right);
      return;
    }
    case QueryBodyKind::kParens:
      out_ += '(';
      Query(*static_cast<const ParenQuery&>(b).query);
      out_ += ')';
      return;
    case QueryBodyKind::kValues: {
      const auto& v = static_cast<const ValuesBody&>(b);
      out_ += "VALUES ";
      for (size_t i = 0; i < v.rows.size; ++i) {
        if (i > 0) out_ += ", ";
        out_ += "ROW(";
        ExprList(v.rows[i]->values);
        out_ += ')';
      }
      return;
    }
    case QueryBodyKind::kTable: {
      const auto& t = static_cast<const TableBody&>(b);
      out_ += "TABLE ";
      Qualified(t.schema, Identifier{}, t.name);
      return;
    }
  }
}

void Printer::Select(const SelectCore& s) {
  out_ += "SELECT ";
  static constexpr struct {
    uint16_t bit;
    std::string_view text;
  } kModifiers[] = {
      {kSelectAll, "ALL "},
      {kSelectDistinct, "DISTINCT "},
      {kSelectHighPriority, "HIGH_PRIORITY "},
      {kSelectStraightJoin, "STRAIGHT_JOIN "},
      {kSelectSmallResult, "SQL_SMALL_RESULT "},
      {kSelectBigResult, "SQL_BIG_RESULT "},
      {kSelectBufferResult, "SQL_BUFFER_RESULT "},
      {kSelectNoCache, "SQL_NO_CACHE "},
      {kSelectCalcFoundRows, "SQL_CALC_FOUND_ROWS "},
  };
  for (const auto& m : kModifiers) {
    if (s.modifiers & m.bit) out_ += m.text;
  }
  for (size_t i = 0; i < s.items.size; ++i) {
    if (i > 0) out_ += ", ";
    Expr(*s.items[i]->expr);
    if (!s.items[i]->alias.empty()) {
      out_ += " AS ";
      Id(s.items[i]->alias);
    }
  }
  if (s.into != nullptr) Into(*s.into);
  if (s.from_dual) out_ += " FROM DUAL";
  if (!s.from.empty()) {
    out_ += " FROM ";
    TableRefs(s.from);
  }
  Where(s.where);
  if (!s.group_by.empty()) {
    out_ += " GROUP BY ";
    ExprList(s.group_by);
    if (s.with_rollup) out_ += " WITH ROLLUP";
  }
  if (s.having != nullptr) {
    out_ += " HAVING ";
    Expr(*s.having);
  }
  if (!s.windows.empty()) {
    out_ += " WINDOW ";
    for (size_t i = 0; i < s.windows.size; ++i) {
      if (i > 0) out_ += ", ";
      Id(s.windows[i]->name);
      out_ += " AS ";
      Window(*s.windows[i]->spec);
    }
  }
}

void Printer::TableRefs(const NodeList<ast::TableRef>& refs) {
  for (size_t i = 0; i < refs.size; ++i) {
    if (i > 0) out_ += ", ";
    TableRef(*refs[i]);
  }
}

void Printer::TableRef(const ast::TableRef& t) {
  switch (t.kind) {
    case TableRefKind::kTable: {
      const auto& n = static_cast<const TableName&>(t);
      Qualified(n.schema, Identifier{}, n.name);
      if (n.star) out_ += ".*";
      if (!n.alias.empty()) {
        out_ += " AS ";
        Id(n.alias);
      }
      for (const IndexHint* h : n.index_hints) {
        out_ += h->type == IndexHintType::kUse      ? " USE INDEX"
                : h->type == IndexHintType::kIgnore ? " IGNORE INDEX"
                                                    : " FORCE INDEX";
        if (h->scope == IndexHintScope::kJoin) out_ += " FOR JOIN";
        if (h->scope == IndexHintScope::kOrderBy) out_ += " FOR ORDER BY";
        if (h->scope == IndexHintScope::kGroupBy) out_ += " FOR GROUP BY";
        out_ += ' ';
        if (h->names.empty()) {
          out_ += "()";
        } else {
          NameList(h->names);
        }
      }
      return;
    }
    case TableRefKind::kDerived: {
      const auto& d = static_cast<const DerivedTable&>(t);
      if (d.lateral) out_ += "LATERAL ";
      out_ += '(';
      Query(*d.query);
      out_ += ')';
      if (!d.alias.empty()) {
        out_ += " AS ";
        Id(d.alias);
      }
      if (!d.columns.empty()) {
        out_ += ' ';
        NameList(d.columns);
      }
      return;
    }
    case TableRefKind::kJoin: {
      const auto& j = static_cast<const Join&>(t);
      TableRef(*j.left);
      switch (j.join) {
        case JoinKind::kInner:
          out_ += " JOIN ";
          break;
        case JoinKind::kCross:
          out_ += " CROSS JOIN ";
          break;
        case JoinKind::kStraight:
          out_ += " STRAIGHT_JOIN ";
          break;
        case JoinKind::kLeft:
          out_ += " LEFT JOIN ";
          break;
        case JoinKind::kRight:
          out_ += " RIGHT JOIN ";
          break;
        case JoinKind::kNatural:
          out_ += " NATURAL JOIN ";
          break;
        case JoinKind::kNaturalLeft:
          out_ += " NATURAL LEFT JOIN ";
          break;
        case JoinKind::kNaturalRight:
          out_ += " NATURAL RIGHT JOIN ";
          break;
      }
      if (j.right->kind == TableRefKind::kJoin) {
        out_ += '(';
        TableRef(*j.right);
        out_ += ')';
      } else {
        TableRef(*j.right);
      }
      if (j.on != nullptr) {
        out_ += " ON ";
        Expr(*j.on);
      } else if (j.has_using) {
        out_ += " USING ";
        NameList(j.using_columns);
      }
      return;
    }
    case TableRefKind::kParens:
      out_ += '(';
      TableRefs(static_cast<const ParenTables&>(t).items);
      out_ += ')';
      return;
  }
}

void Printer::Assignments(const NodeList<Assignment>& list) {
  for (size_t i = 0; i < list.size; ++i) {
    if (i > 0) out_ += ", ";
    Expr(*list[i]->column);
    out_ += " = ";
    Expr(*list[i]->value);
  }
}

void Printer::Statement(const ast::Statement& s) {
  switch (s.kind) {
    case StatementKind::kSelect:
      Query(*static_cast<const SelectStatement&>(s).query);
      return;
    case StatementKind::kInsert: {
      const auto& ins = static_cast<const InsertStatement&>(s);
      out_ += ins.replace ? "REPLACE" : "INSERT";
      if (ins.priority == Priority::kLow) out_ += " LOW_PRIORITY";
      if (ins.priority == Priority::kDelayed) out_ += " DELAYED";
      if (ins.priority == Priority::kHigh) out_ += " HIGH_PRIORITY";
      if (ins.ignore) out_ += " IGNORE";
      out_ += " INTO ";
      Qualified(ins.schema, Identifier{}, ins.table);
      if (ins.has_columns) {
        out_ += ' ';
        if (ins.columns.empty()) {
          out_ += "()";
        } else {
          NameList(ins.columns);
        }
      }
      switch (ins.source) {
        case InsertSource::kValues:
          out_ += " VALUES ";
          for (size_t i = 0; i < ins.rows.size; ++i) {
            if (i > 0) out_ += ", ";
            out_ += '(';
            ExprList(ins.rows[i]->values);
            out_ += ')';
          }
          break;
        case InsertSource::kSet:
          out_ += " SET ";
          Assignments(ins.set);
          break;
        case InsertSource::kQuery:
          out_ += ' ';
          Query(*ins.query);
          break;
      }
      if (!ins.row_alias.empty()) {
        out_ += " AS ";
        Id(ins.row_alias);
        if (!ins.row_alias_columns.empty()) {
          out_ += ' ';
          NameList(ins.row_alias_columns);
        }
      }
      if (!ins.on_duplicate.empty()) {
        out_ += " ON DUPLICATE KEY UPDATE ";
        Assignments(ins.on_duplicate);
      }
      return;
    }
    case StatementKind::kUpdate: {
      const auto& up = static_cast<const UpdateStatement&>(s);
      if (up.with != nullptr) With(*up.with);
      out_ += "UPDATE ";
      if (up.low_priority) out_ += "LOW_PRIORITY ";
      if (up.ignore) out_ += "IGNORE ";
      TableRefs(up.tables);
      out_ += " SET ";
      Assignments(up.set);
      Where(up.where);
      if (!up.order_by.empty()) {
        out_ += " ORDER BY ";
        OrderBy(up.order_by);
      }
      if (up.limit != nullptr) Limit(*up.limit);
      return;
    }
    case StatementKind::kDelete: {
      const auto& del = static_cast<const DeleteStatement&>(s);
      if (del.with != nullptr) With(*del.with);
      out_ += "DELETE ";
      if (del.low_priority) out_ += "LOW_PRIORITY ";
      if (del.quick) out_ += "QUICK ";
      if (del.ignore) out_ += "IGNORE ";
      auto targets = [&] {
        for (size_t i = 0; i < del.targets.size; ++i) {
          if (i > 0) out_ += ", ";
          TableRef(*del.targets[i]);
        }
      };
      switch (del.form) {
        case DeleteForm::kSingle:
          out_ += "FROM ";
          targets();
          break;
        case DeleteForm::kMultiFrom:
          targets();
          out_ += " FROM ";
          TableRefs(del.from);
          break;
        case DeleteForm::kMultiUsing:
          out_ += "FROM ";
          targets();
          out_ += " USING ";
          TableRefs(del.from);
          break;
      }
      Where(del.where);
      if (!del.order_by.empty()) {
        out_ += " ORDER BY ";
        OrderBy(del.order_by);
      }
      if (del.limit != nullptr) Limit(*del.limit);
      return;
    }
  }
}

}  // namespace

void AppendIdentifier(std::string& out, std::string_view name) {
  bool bare = !name.empty() && name.size() <= 64;
  for (size_t i = 0; bare && i < name.size(); ++i) {
    char c = name[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    bare = letter || (i > 0 && (digit || c == '_'));
  }
  if (bare && LookupKeyword(name) != Keyword::kNone) bare = false;
  if (bare) {
    Token t{TokenKind::kIdentifier, Keyword::kNone, 0, static_cast<uint32_t>(name.size())};
    // Reserved plain words, and words the grammar reads specially in name
    // position, stay quoted.
    bare = !IsReservedWord(t, name) && !EqualsWord(name, "ROW") && !EqualsWord(name, "ANY") &&
           !EqualsWord(name, "SOME") && !EqualsWord(name, "MEMBER") && !EqualsWord(name, "SOUNDS");
  }
  if (bare) {
    out += name;
    return;
  }
  out += '`';
  for (char c : name) {
    out += c;
    if (c == '`') out += '`';
  }
  out += '`';
}

void AppendStringLiteral(std::string& out, std::string_view value) {
  out += '\'';
  for (char c : value) {
    switch (c) {
      case '\'':
        out += "\\'";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\0':
        out += "\\0";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\x1a':
        out += "\\Z";
        break;
      default:
        out += c;
        break;
    }
  }
  out += '\'';
}

std::string PrintStatement(const ast::Statement& statement) {
  std::string out;
  Printer(out).Statement(statement);
  return out;
}

std::string PrintQuery(const ast::Query& query) {
  std::string out;
  Printer(out).Query(query);
  return out;
}

std::string PrintExpr(const ast::Expr& expr) {
  std::string out;
  Printer(out).Expr(expr);
  return out;
}

}  // namespace edgesql::sql
