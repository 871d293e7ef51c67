// ForEachChild: the expressions directly below an expression, for analyses
// that must look through a whole expression (is there an aggregate inside?)
// without a switch over every kind at each call site. Subqueries are not
// entered: their expressions belong to another query block.
#ifndef EDGESQL_SQL_AST_WALK_H_
#define EDGESQL_SQL_AST_WALK_H_

#include "sql/ast.h"

namespace edgesql::sql::ast {

template <typename F>
void ForEachChild(const Expr& e, F&& f) {
  auto each = [&](const NodeList<Expr>& list) {
    for (const Expr* x : list) f(*x);
  };
  auto one = [&](const Expr* x) {
    if (x != nullptr) f(*x);
  };
  switch (e.kind) {
    case ExprKind::kUnary:
      one(As<Unary>(&e)->operand);
      break;
    case ExprKind::kBinary: {
      const auto* b = As<Binary>(&e);
      one(b->lhs);
      one(b->rhs);
      one(b->escape);
      break;
    }
    case ExprKind::kIs:
      one(As<Is>(&e)->operand);
      break;
    case ExprKind::kBetween: {
      const auto* b = As<Between>(&e);
      one(b->operand);
      one(b->low);
      one(b->high);
      break;
    }
    case ExprKind::kIn: {
      const auto* in = As<In>(&e);
      one(in->operand);
      each(in->list);
      break;
    }
    case ExprKind::kCase: {
      const auto* c = As<Case>(&e);
      one(c->operand);
      for (const CaseWhen* w : c->whens) {
        one(w->when);
        one(w->then);
      }
      one(c->else_result);
      break;
    }
    case ExprKind::kRow:
      each(As<Row>(&e)->items);
      break;
    case ExprKind::kFunction: {
      const auto* fn = As<Function>(&e);
      each(fn->args);
      for (const OrderItem* o : fn->order_by) one(o->expr);
      one(fn->separator);
      break;
    }
    case ExprKind::kCast:
      one(As<Cast>(&e)->operand);
      break;
    case ExprKind::kConvertUsing:
      one(As<ConvertUsing>(&e)->operand);
      break;
    case ExprKind::kCollate:
      one(As<Collate>(&e)->operand);
      break;
    case ExprKind::kInterval:
      one(As<Interval>(&e)->value);
      break;
    case ExprKind::kMatch: {
      const auto* m = As<Match>(&e);
      each(m->columns);
      one(m->against);
      break;
    }
    case ExprKind::kLiteral:
    case ExprKind::kPlaceholder:
    case ExprKind::kColumn:
    case ExprKind::kStar:
    case ExprKind::kVariable:
    case ExprKind::kExists:
    case ExprKind::kSubquery:
    case ExprKind::kDefault:
      break;
  }
}

// True when `pred` holds for `e` or any expression below it (subqueries
// excepted, as above).
template <typename P>
bool AnyExpr(const Expr& e, P&& pred) {
  if (pred(e)) return true;
  bool found = false;
  ForEachChild(e, [&](const Expr& child) { found = found || AnyExpr(child, pred); });
  return found;
}

}  // namespace edgesql::sql::ast

#endif  // EDGESQL_SQL_AST_WALK_H_
