#include "routing/merge_plan.h"

#include <algorithm>
#include <array>

#include "common/ascii.h"
#include "common/str_cat.h"
#include "sql/aggregates.h"
#include "sql/ast_walk.h"

namespace edgesql::routing {
namespace {

namespace ast = sql::ast;
using Aggregate = MergePlan::Aggregate;

Error CannotMerge(std::string_view what) {
  return Unsupported(StrCat({what, " over several shards"}));
}

bool IsAggregateCall(const ast::Expr& e) {
  const auto* f = ast::As<ast::Function>(&e);
  if (f == nullptr || f->over != nullptr || !f->schema.empty()) return false;
  return sql::IsAggregateFunction(f->name);
}

bool IsWindowCall(const ast::Expr& e) {
  const auto* f = ast::As<ast::Function>(&e);
  return f != nullptr && f->over != nullptr;
}

std::string_view Text(std::string_view source, const ast::Node& n) {
  return source.substr(n.begin, n.end - n.begin);
}

// The select-list column `e` (an ORDER BY or GROUP BY item) stands for:
// its position (ORDER BY 2), an alias, the same expression as written, or
// the same column; nullopt when the query does not select it.
std::optional<size_t> SelectedColumn(std::string_view source, const ast::Expr& e,
                                     const ast::SelectCore& select) {
  const auto& items = select.items;
  if (const auto* lit = ast::As<ast::Literal>(&e);
      lit != nullptr && lit->literal == ast::LiteralKind::kNumber) {
    int64_t k = 0;
    for (char c : lit->text) {
      if (c < '0' || c > '9' || k > 100000) return std::nullopt;
      k = k * 10 + (c - '0');
    }
    if (k >= 1 && static_cast<size_t>(k) <= items.size) return static_cast<size_t>(k - 1);
    return std::nullopt;
  }
  const auto* column = ast::As<ast::ColumnRef>(&e);
  if (column != nullptr && column->table.empty()) {
    for (size_t i = 0; i < items.size; ++i) {
      if (!items[i]->alias.empty() && EqualsIgnoreCase(items[i]->alias.name, column->column.name))
        return i;
    }
  }
  for (size_t i = 0; i < items.size; ++i) {
    const ast::Expr& item = *items[i]->expr;
    if (EqualsIgnoreCase(Text(source, item), Text(source, e))) return i;
    const auto* selected = ast::As<ast::ColumnRef>(&item);
    if (column != nullptr && selected != nullptr &&
        EqualsIgnoreCase(selected->column.name, column->column.name) &&
        (column->table.empty() || selected->table.empty() ||
         selected->table.name == column->table.name)) {
      return i;
    }
  }
  return std::nullopt;
}

Result<std::optional<int64_t>> LimitValue(const ast::Expr* e) {
  if (e == nullptr) return std::optional<int64_t>();
  const auto* lit = ast::As<ast::Literal>(e);
  if (lit == nullptr || lit->literal != ast::LiteralKind::kNumber || lit->text.size() > 15 ||
      lit->text.find_first_not_of("0123456789") != std::string_view::npos) {
    return CannotMerge("LIMIT with a parameter or an expression");
  }
  int64_t v = 0;
  for (char c : lit->text) v = v * 10 + (c - '0');
  return std::optional<int64_t>(v);
}

std::string_view AggregateName(Aggregate a) {
  switch (a) {
    case Aggregate::kNone:
      return "none";
    case Aggregate::kCount:
      return "count";
    case Aggregate::kSum:
      return "sum";
    case Aggregate::kMin:
      return "min";
    case Aggregate::kMax:
      return "max";
    case Aggregate::kAvg:
      return "avg";
  }
  return "none";
}

}  // namespace

Result<MergePlan> PlanMerge(std::string_view source, const ast::Query& query) {
  if (query.with != nullptr) return CannotMerge("WITH");
  MergePlan plan;
  const ast::Limit* l = query.limit;
  Result<std::optional<int64_t>> limit = LimitValue(l != nullptr ? l->count : nullptr);
  if (!limit.ok()) return std::move(limit).error();
  Result<std::optional<int64_t>> offset = LimitValue(l != nullptr ? l->offset : nullptr);
  if (!offset.ok()) return std::move(offset).error();
  plan.limit = limit.value();
  plan.offset = offset.value().value_or(0);

  if (query.body->kind == ast::QueryBodyKind::kTable) {  // TABLE t: SELECT * FROM t
    if (!query.order_by.empty()) return CannotMerge("TABLE ... ORDER BY");
    if (plan.limit) plan.shard_limit = *plan.limit + plan.offset;
    return plan;
  }
  const auto* select = ast::As<ast::SelectCore>(query.body);
  if (select == nullptr)
    return CannotMerge("a query with UNION, EXCEPT, INTERSECT, VALUES or parentheses");
  if (select->having != nullptr) return CannotMerge("HAVING");
  if (select->with_rollup) return CannotMerge("WITH ROLLUP");
  if (!select->windows.empty()) return CannotMerge("a window function");
  plan.distinct = (select->modifiers & ast::kSelectDistinct) != 0;

  bool star = false;
  for (const ast::SelectItem* item : select->items) {
    const ast::Expr& e = *item->expr;
    if (e.kind == ast::ExprKind::kStar) {
      star = true;
      continue;
    }
    if (ast::AnyExpr(e, IsWindowCall)) return CannotMerge("a window function");
    Aggregate a = Aggregate::kNone;
    if (IsAggregateCall(e)) {
      const auto& f = *ast::As<ast::Function>(&e);
      const std::string name = AsciiUpper(f.name);
      if (f.distinct) return CannotMerge(StrCat({name, "(DISTINCT ...)"}));
      a = name == "COUNT" ? Aggregate::kCount
          : name == "SUM" ? Aggregate::kSum
          : name == "MIN" ? Aggregate::kMin
          : name == "MAX" ? Aggregate::kMax
          : name == "AVG" ? Aggregate::kAvg
                          : Aggregate::kNone;
      if (a == Aggregate::kNone) return CannotMerge(StrCat({name, "()"}));
      for (const ast::Expr* arg : f.args) {
        if (ast::AnyExpr(*arg, IsAggregateCall)) return CannotMerge("a nested aggregate");
      }
    } else if (ast::AnyExpr(e, IsAggregateCall)) {
      return CannotMerge(StrCat({"an expression over aggregates (", Text(source, e), ")"}));
    }
    plan.columns.push_back(a);
  }
  const bool aggregates = std::any_of(plan.columns.begin(), plan.columns.end(),
                                      [](Aggregate a) { return a != Aggregate::kNone; });
  if (star) {
    if (aggregates || !select->group_by.empty() || plan.distinct || !query.order_by.empty())
      return CannotMerge("SELECT * with ORDER BY, GROUP BY, DISTINCT or aggregates");
    plan.columns.clear();
  }

  plan.grouped = aggregates || !select->group_by.empty();
  if (plan.grouped) {
    if (plan.distinct) return CannotMerge("DISTINCT with GROUP BY or aggregates");
    for (const ast::Expr* g : select->group_by) {
      std::optional<size_t> column = SelectedColumn(source, *g, *select);
      if (!column || plan.columns[*column] != Aggregate::kNone) {
        return CannotMerge(
            StrCat({"GROUP BY on a column the query does not select (", Text(source, *g), ")"}));
      }
      if (std::find(plan.group_key.begin(), plan.group_key.end(), *column) ==
          plan.group_key.end()) {
        plan.group_key.push_back(*column);
      }
    }
    // Every plain column must be part of the key, or groups from different
    // shards could not be told apart (MySQL's ONLY_FULL_GROUP_BY, too).
    for (size_t i = 0; i < plan.columns.size(); ++i) {
      if (plan.columns[i] == Aggregate::kNone &&
          std::find(plan.group_key.begin(), plan.group_key.end(), i) == plan.group_key.end()) {
        return CannotMerge(StrCat(
            {"a selected column outside GROUP BY (", Text(source, *select->items[i]->expr), ")"}));
      }
    }
  }

  for (const ast::OrderItem* o : query.order_by) {
    std::optional<size_t> column = SelectedColumn(source, *o->expr, *select);
    if (!column) {
      return CannotMerge(StrCat(
          {"ORDER BY on a column the query does not select (", Text(source, *o->expr), ")"}));
    }
    plan.order.push_back({*column, o->direction == ast::OrderDirection::kDesc});
  }
  // Rows that combine (groups) must all come back; plain or distinct rows
  // can stop at LIMIT + OFFSET per shard: every row of the answer is among
  // its own shard's first that many.
  if (plan.limit && !plan.grouped) plan.shard_limit = *plan.limit + plan.offset;
  return plan;
}

std::string DescribeMergePlan(const MergePlan& plan) {
  std::string out;
  if (plan.grouped) {
    out = "grouped key[";
    for (size_t i = 0; i < plan.group_key.size(); ++i)
      StrAppend(out, {i > 0 ? "," : "", std::to_string(plan.group_key[i])});
    out += "] cols[";
    for (size_t i = 0; i < plan.columns.size(); ++i)
      StrAppend(out, {i > 0 ? "," : "", AggregateName(plan.columns[i])});
    out += "]";
  } else {
    out = plan.distinct ? "distinct" : "concat";
  }
  if (!plan.order.empty()) {
    out += " order[";
    for (size_t i = 0; i < plan.order.size(); ++i) {
      StrAppend(out, {i > 0 ? "," : "", std::to_string(plan.order[i].column),
                      plan.order[i].descending ? " desc" : ""});
    }
    out += "]";
  }
  if (plan.limit) StrAppend(out, {" limit ", std::to_string(*plan.limit)});
  if (plan.offset > 0) StrAppend(out, {" offset ", std::to_string(plan.offset)});
  if (plan.shard_limit) StrAppend(out, {" shard_limit ", std::to_string(*plan.shard_limit)});
  return out;
}

}  // namespace edgesql::routing
