// Queries: SELECT blocks, set operations, FROM clauses, CTEs, windows,
// ORDER BY and LIMIT (see generator.h).
#include "common/ascii.h"
#include "common/str_cat.h"
#include "sql/lexer.h"
#include "transpile/generator.h"
#include "transpile/information_schema.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;

// The output columns of a catalogued table, in order.
void AddTableColumns(const catalog::TableDef& table, std::vector<SourceColumn>& out) {
  for (const catalog::ColumnDef& c : table.columns) out.push_back({c.name, ColumnType(c, &table)});
}

// JavaScript numbers hold integers exactly only up to 2^53, and workerd's
// SQLite cursor hands every INTEGER over as a number: a top-level BIGINT
// beyond that range is selected as text, which the gateway sends as
// {"$bigint": "digits"}.
constexpr std::string_view kMaxSafeInteger = "9007199254740991";

std::string ExactBigInt(const std::string& sql) {
  return "CASE WHEN " + sql + " > " + std::string(kMaxSafeInteger) + " OR " + sql + " < -" +
         std::string(kMaxSafeInteger) + " THEN CAST(" + sql + " AS TEXT) ELSE " + sql + " END";
}

bool IsBigInt(const ExprType& t) {
  return t.column != nullptr && t.column->type == catalog::MySqlType::kBigInt;
}

// `sql`, the select item `expr`, as ORDER BY may name it without meaning
// the output column of the same name: a bare column qualified by its table
// (a bare name in ORDER BY is the output column first).
std::string Unaliased(const ast::Expr& expr, const std::string& sql, const Scope& scope) {
  const auto* c = ast::As<ast::ColumnRef>(&expr);
  if (c == nullptr || !c->table.empty()) return sql;
  for (const Source& s : scope.sources) {
    if (s.table != nullptr && s.table->FindColumn(c->column.name) != nullptr)
      return QualifiedName(s.name, c->column.name);
  }
  return sql;
}

}  // namespace

Result<std::string> Generator::With(const ast::WithClause& with, const Scope* outer) {
  std::string out = with.recursive ? "WITH RECURSIVE " : "WITH ";
  for (size_t i = 0; i < with.ctes.size; ++i) {
    const ast::CommonTableExpr& cte = *with.ctes[i];
    std::string name(cte.name.name);
    std::vector<SourceColumn> declared;
    for (const ast::Identifier* c : cte.columns) declared.push_back({std::string(c->name), {}});
    // A recursive CTE reads itself: visible (untyped) while it is written.
    if (with.recursive) ctes_.push_back({name, declared});
    std::vector<SourceColumn> columns;
    ++depth_;
    Result<std::string> q = Query(*cte.query, outer, &columns);
    --depth_;
    if (with.recursive) ctes_.pop_back();
    if (!q.ok()) return q;
    for (size_t k = 0; k < declared.size() && k < columns.size(); ++k)
      columns[k].name = declared[k].name;
    ctes_.push_back({name, std::move(columns)});
    if (i > 0) out += ", ";
    out += QuoteIdentifier(name);
    if (!declared.empty()) {
      out += " (";
      for (size_t k = 0; k < declared.size(); ++k)
        StrAppend(out, {(k > 0 ? ", " : ""), QuoteIdentifier(declared[k].name)});
      out += ")";
    }
    StrAppend(out, {" AS (", q.value(), ")"});
  }
  return StrCat({out, " "});
}

Result<std::string> Generator::Query(const ast::Query& query, const Scope* outer,
                                     std::vector<SourceColumn>* columns) {
  if (query.into != nullptr) return Unsupported("SELECT ... INTO");
  // FOR UPDATE / FOR SHARE: every statement runs alone in its shard's
  // transaction, so the rows it reads cannot change under it anyway.
  size_t cte_mark = ctes_.size();
  std::string out;
  if (query.with != nullptr) {
    Result<std::string> w = With(*query.with, outer);
    if (!w.ok()) return w;
    out = w.value();
  }
  std::vector<SourceColumn> own;
  std::vector<SourceColumn>* cols = columns != nullptr ? columns : &own;
  Result<std::string> body = std::string();
  if (const auto* select = ast::As<ast::SelectCore>(query.body)) {
    // A plain SELECT block orders and limits within its own scope (ORDER BY
    // may name columns of its tables that it does not select).
    body = Select(*select, outer, cols, &query);
    if (!body.ok()) return body;
    out += body.value();
  } else {
    body = Body(*query.body, outer, cols);
    if (!body.ok()) return body;
    out += body.value();
    Scope result;
    result.outer = nullptr;
    Source s;
    s.columns = *cols;
    s.columns_known = true;
    result.sources.push_back(std::move(s));
    if (query.order_by.size > 0) {
      Result<std::string> o = OrderBy(query.order_by, result);
      if (!o.ok()) return o;
      StrAppend(out, {" ", o.value()});
    }
    if (query.limit != nullptr) {
      Result<std::string> l = Limit(*query.limit, result);
      if (!l.ok()) return l;
      StrAppend(out, {" ", l.value()});
    }
  }
  ctes_.resize(cte_mark);
  return out;
}

Result<std::string> Generator::Body(const ast::QueryBody& body, const Scope* outer,
                                    std::vector<SourceColumn>* columns) {
  switch (body.kind) {
    case ast::QueryBodyKind::kSelect:
      return Select(*ast::As<ast::SelectCore>(&body), outer, columns, nullptr);
    case ast::QueryBodyKind::kSetOperation: {
      const auto& op = *ast::As<ast::SetOperation>(&body);
      if (op.all && op.op != ast::SetOp::kUnion) return Unsupported("EXCEPT ALL and INTERSECT ALL");
      std::vector<SourceColumn> right_columns;
      Result<std::string> l = Body(*op.left, outer, columns);
      if (!l.ok()) return l;
      Result<std::string> r = Body(*op.right, outer, &right_columns);
      if (!r.ok()) return r;
      if (columns != nullptr) {
        if (columns->size() != right_columns.size() && !right_columns.empty()) {
          return Error(ErrorCode::kWrongNumberOfColumnsInSelect,
                       "The used SELECT statements have a different number of columns");
        }
        for (size_t i = 0; i < columns->size() && i < right_columns.size(); ++i) {
          (*columns)[i].type = MergeTypes((*columns)[i].type, right_columns[i].type);
        }
      }
      std::string word = op.op == ast::SetOp::kUnion    ? (op.all ? " UNION ALL " : " UNION ")
                         : op.op == ast::SetOp::kExcept ? " EXCEPT "
                                                        : " INTERSECT ";
      return StrCat({l.value(), word, r.value()});
    }
    case ast::QueryBodyKind::kParens: {
      // SQLite takes no parenthesised operands: a parenthesised query (with
      // its own ORDER BY / LIMIT) becomes a derived table.
      ++depth_;
      Result<std::string> q = Query(*ast::As<ast::ParenQuery>(&body)->query, outer, columns);
      --depth_;
      if (!q.ok()) return q;
      return StrCat({"SELECT * FROM (", q.value(), ")"});
    }
    case ast::QueryBodyKind::kValues: {
      const auto& values = *ast::As<ast::ValuesBody>(&body);
      Scope scope;
      scope.outer = outer;
      std::string rows;
      size_t width = 0;
      for (size_t r = 0; r < values.rows.size; ++r) {
        const ast::ValuesRow& row = *values.rows[r];
        if (r == 0) width = row.values.size;
        if (row.values.size != width) {
          return Error(ErrorCode::kWrongValueCountOnRow,
                       "Column count doesn't match value count at row " + std::to_string(r + 1));
        }
        rows += r > 0 ? ", (" : "(";
        for (size_t i = 0; i < row.values.size; ++i) {
          Result<Typed> v = Expr(*row.values[i], scope);
          if (!v.ok()) return std::move(v).error();
          StrAppend(rows, {(i > 0 ? ", " : ""), v.value().sql});
          if (r == 0 && columns != nullptr) {
            columns->push_back({"column_" + std::to_string(i), v.value().type.Value()});
          }
        }
        rows += ")";
      }
      // MySQL names VALUES columns column_0, column_1, ...; SQLite column1, ...
      std::string select = "SELECT ";
      for (size_t i = 0; i < width; ++i) {
        select += (i > 0 ? ", " : "") + std::string("column") + std::to_string(i + 1) + " AS " +
                  QuoteIdentifier("column_" + std::to_string(i));
      }
      return StrCat({select, " FROM (VALUES ", rows, ")"});
    }
    case ast::QueryBodyKind::kTable: {
      const auto& t = *ast::As<ast::TableBody>(&body);
      Source source;
      Result<std::string> name = TableName(t.schema, t.name, &source);
      if (!name.ok()) return name;
      if (columns != nullptr) {
        if (source.table != nullptr)
          AddTableColumns(*source.table, *columns);
        else
          *columns = source.columns;
      }
      return StrCat({"SELECT * FROM ", name.value()});
    }
  }
  return Error(sql::SyntaxErrorAt(source_, body.begin));
}

Result<std::string> Generator::TableName(const ast::Identifier& schema, const ast::Identifier& name,
                                         Source* source) {
  std::string table(name.name);
  if (!schema.empty() && EqualsIgnoreCase(schema.name, "information_schema")) {
    if (!IsInformationSchemaView(table)) {
      return Error(ErrorCode::kUnknownTable, "Unknown table '" + table + "' in information_schema");
    }
    information_schema_.insert(AsciiUpper(table));
    source->name = table;
    return InformationSchemaCteName(table);
  }
  if (!schema.empty() && schema.name != context_.database) {
    return Unsupported("tables of another database");
  }
  source->name = table;
  if (schema.empty()) {
    for (auto it = ctes_.rbegin(); it != ctes_.rend(); ++it) {
      if (it->first == table) {
        source->columns = it->second;
        source->columns_known = true;
        return QuoteIdentifier(table);
      }
    }
  }
  if (context_.schema != nullptr) {
    source->table = context_.schema->FindTable(table);
    if (source->table == nullptr && strict_tables_) {
      return Error(ErrorCode::kNoSuchTable,
                   "Table '" + std::string(context_.database) + "." + table + "' doesn't exist");
    }
    if (source->table != nullptr && source->table->is_view()) {
      // A view whose tables are gone cannot be read (SQLite would only say
      // "no such table" about a name the statement never wrote).
      for (const std::string& base : source->table->view_tables) {
        if (context_.schema->FindTable(base) == nullptr) {
          return Error(ErrorCode::kViewInvalid,
                       "View '" + std::string(context_.database) + "." + table +
                           "' references invalid table(s) or column(s) or function(s) or "
                           "definer/invoker of view lack rights to use them");
        }
      }
    }
    if (source->table != nullptr) read_tables_.insert(source->table->name);
  }
  return QuoteIdentifier(table);
}

Result<std::string> Generator::TableRef(const ast::TableRef& ref, Scope& scope) {
  switch (ref.kind) {
    case ast::TableRefKind::kTable: {
      const auto& t = *ast::As<ast::TableName>(&ref);
      // Index hints only steer MySQL's planner; they never change a result.
      Source source;
      Result<std::string> name = TableName(t.schema, t.name, &source);
      if (!name.ok()) return name;
      std::string out = std::move(name).value();
      if (!t.alias.empty()) {
        source.name = std::string(t.alias.name);
        out += " AS ";
        AppendQuotedIdentifier(out, t.alias.name);
      } else if (!t.schema.empty()) {
        out += " AS ";  // db.t is still t to its columns
        AppendQuotedIdentifier(out, t.name.name);
      }
      scope.sources.push_back(std::move(source));
      return out;
    }
    case ast::TableRefKind::kDerived: {
      const auto& d = *ast::As<ast::DerivedTable>(&ref);
      if (d.lateral) return Unsupported("LATERAL derived tables");
      std::vector<SourceColumn> columns;
      ++depth_;
      Result<std::string> q = Query(*d.query, scope.outer, &columns);
      --depth_;
      if (!q.ok()) return q;
      Source source;
      source.name = std::string(d.alias.name);
      std::string out = StrCat({"(", q.value(), ") AS ", QuoteIdentifier(d.alias.name)});
      if (d.columns.size > 0) {
        // SQLite has no derived-table column list: rename in a wrapper. The
        // inner names are known, since every select item is aliased.
        if (d.columns.size != columns.size()) {
          return Error(ErrorCode::kViewWrongList,
                       "In definition of view, derived table or common table expression, SELECT "
                       "list and column names list have different column counts");
        }
        std::string renamed = "SELECT ";
        for (size_t i = 0; i < columns.size(); ++i) {
          if (columns[i].name == "*") return Unsupported("a column list on a derived table of *");
          renamed += (i > 0 ? ", " : "") + QuoteIdentifier(columns[i].name) + " AS " +
                     QuoteIdentifier(d.columns[i]->name);
          columns[i].name = std::string(d.columns[i]->name);
        }
        out = "(" + renamed + " FROM (" + q.value() + ")) AS " + QuoteIdentifier(d.alias.name);
      }
      source.columns = std::move(columns);
      source.columns_known = true;
      scope.sources.push_back(std::move(source));
      return out;
    }
    case ast::TableRefKind::kJoin: {
      const auto& j = *ast::As<ast::Join>(&ref);
      Result<std::string> left = TableRef(*j.left, scope);
      if (!left.ok()) return left;
      Result<std::string> right = TableRef(*j.right, scope);
      if (!right.ok()) return right;
      std::string word;
      switch (j.join) {
        case ast::JoinKind::kInner:
        case ast::JoinKind::kStraight:
          word = j.on != nullptr || j.has_using ? " JOIN " : " CROSS JOIN ";
          break;
        case ast::JoinKind::kCross:
          word = j.on != nullptr || j.has_using ? " JOIN " : " CROSS JOIN ";
          break;
        case ast::JoinKind::kLeft:
          word = " LEFT JOIN ";
          break;
        case ast::JoinKind::kRight:
          word = " RIGHT JOIN ";
          break;
        case ast::JoinKind::kNatural:
          word = " NATURAL JOIN ";
          break;
        case ast::JoinKind::kNaturalLeft:
          word = " NATURAL LEFT JOIN ";
          break;
        case ast::JoinKind::kNaturalRight:
          word = " NATURAL RIGHT JOIN ";
          break;
      }
      std::string out = StrCat({left.value(), word, right.value()});
      if (j.on != nullptr) {
        Result<Typed> on = Expr(*j.on, scope);
        if (!on.ok()) return std::move(on).error();
        StrAppend(out, {" ON ", on.value().sql});
      } else if (j.has_using) {
        out += " USING (";
        for (size_t i = 0; i < j.using_columns.size; ++i)
          StrAppend(out, {(i > 0 ? ", " : ""), QuoteIdentifier(j.using_columns[i]->name)});
        out += ")";
      }
      return out;
    }
    case ast::TableRefKind::kParens: {
      const auto& p = *ast::As<ast::ParenTables>(&ref);
      std::string out = "(";
      for (size_t i = 0; i < p.items.size; ++i) {
        Result<std::string> item = TableRef(*p.items[i], scope);
        if (!item.ok()) return item;
        StrAppend(out, {(i > 0 ? ", " : ""), item.value()});
      }
      return StrCat({out, ")"});
    }
  }
  return Error(sql::SyntaxErrorAt(source_, ref.begin));
}

Result<std::string> Generator::Select(const ast::SelectCore& select, const Scope* outer,
                                      std::vector<SourceColumn>* columns, const ast::Query* query) {
  if (select.into != nullptr) return Unsupported("SELECT ... INTO");
  if (select.modifiers & ast::kSelectCalcFoundRows) return Unsupported("SQL_CALC_FOUND_ROWS");
  if (select.with_rollup) return Unsupported("GROUP BY ... WITH ROLLUP");
  Scope scope;
  scope.outer = outer;
  std::string from;
  for (size_t i = 0; i < select.from.size; ++i) {
    Result<std::string> t = TableRef(*select.from[i], scope);
    if (!t.ok()) return t;
    StrAppend(from, {i > 0 ? ", " : "", t.value()});
  }
  std::string out = (select.modifiers & ast::kSelectDistinct) ? "SELECT DISTINCT " : "SELECT ";
  const bool shard_part = context_.shard_part && depth_ == 0 && query != nullptr;
  std::vector<ExactColumn> exact;  // what ORDER BY must sort instead of the exact text
  std::string shard_counts;        // COUNT(x) of each AVG(x), for the merge
  for (size_t i = 0; i < select.items.size; ++i) {
    const ast::SelectItem& item = *select.items[i];
    if (i > 0) out += ", ";
    if (const auto* star = ast::As<ast::Star>(item.expr)) {
      if (!star->schema.empty() && star->schema.name != context_.database)
        return Unsupported("columns of another database's tables");
      // At the top, a * over tables with BIGINT columns is spelt out so
      // those columns can be selected exactly.
      bool spell_out = depth_ == 0;
      bool any_bigint = false;
      for (const Source& s : scope.sources) {
        if (!star->table.empty() && s.name != star->table.name) continue;
        if (s.table == nullptr) spell_out = false;
        for (size_t k = 0; s.table != nullptr && k < s.table->columns.size(); ++k)
          any_bigint = any_bigint || s.table->columns[k].type == catalog::MySqlType::kBigInt;
      }
      if (spell_out && any_bigint) {
        std::string list;
        for (const Source& s : scope.sources) {
          if (!star->table.empty() && s.name != star->table.name) continue;
          for (const catalog::ColumnDef& c : s.table->columns) {
            std::string ref = QualifiedName(s.name, c.name);
            const bool wrap = c.type == catalog::MySqlType::kBigInt;
            exact.push_back({c.name, wrap ? ref : std::string()});
            if (wrap) ref = ExactBigInt(ref);
            StrAppend(list, {list.empty() ? "" : ", ", ref, " AS ", QuoteIdentifier(c.name)});
          }
        }
        out += list;
      } else if (star->table.empty()) {
        out += "*";
      } else {
        StrAppend(out, {QuoteIdentifier(star->table.name), ".*"});
      }
      if (!spell_out || !any_bigint) {
        // Not spelled out, so nothing wrapped: only the positions count.
        for (const Source& s : scope.sources) {
          if (!star->table.empty() && s.name != star->table.name) continue;
          if (s.table != nullptr) {
            for (const catalog::ColumnDef& c : s.table->columns) exact.push_back({c.name, ""});
          } else if (s.columns_known) {
            for (const SourceColumn& c : s.columns) exact.push_back({c.name, ""});
          } else {
            exact.push_back({"*", ""});  // unknown width: the positions after it are unknown
          }
        }
      }
      if (columns == nullptr) continue;
      for (const Source& s : scope.sources) {
        if (!star->table.empty() && s.name != star->table.name) continue;
        if (s.table != nullptr)
          AddTableColumns(*s.table, *columns);
        else if (s.columns_known)
          columns->insert(columns->end(), s.columns.begin(), s.columns.end());
        else
          columns->push_back({"*", ExprType{}});  // unknown width: the gateway falls back
      }
      continue;
    }
    Result<Typed> v = Expr(*item.expr, scope);
    if (!v.ok()) return std::move(v).error();
    // MySQL names an unaliased item after its text as written ("7 / 2",
    // "COUNT(*)"), or after the column it reads.
    std::string name;
    if (!item.alias.empty()) {
      name = std::string(item.alias.name);
    } else if (const auto* c = ast::As<ast::ColumnRef>(item.expr)) {
      name = std::string(c->column.name);
    } else {
      name = std::string(Text(*item.expr));
    }
    std::string& sql = v.value().sql;
    if (const auto* f = ast::As<ast::Function>(item.expr);
        shard_part && f != nullptr && !f->distinct && f->over == nullptr && f->args.size == 1 &&
        EqualsIgnoreCase(f->name, "AVG")) {
      Result<Typed> arg = Expr(*f->args[0], scope);
      if (!arg.ok()) return std::move(arg).error();
      sql = StrCat({"sum(", arg.value().sql, ")"});
      StrAppend(shard_counts, {", count(", arg.value().sql, ")"});
    }
    const bool wrap = depth_ == 0 && IsBigInt(v.value().type);
    exact.push_back({name, wrap ? Unaliased(*item.expr, sql, scope) : std::string()});
    if (wrap) sql = ExactBigInt(sql);
    StrAppend(out, {sql, " AS "});
    AppendQuotedIdentifier(out, name);
    if (columns != nullptr) columns->push_back({name, v.value().type});
  }
  out += shard_counts;
  if (!from.empty()) StrAppend(out, {" FROM ", from});
  if (select.where != nullptr) {
    Result<Typed> w = Expr(*select.where, scope);
    if (!w.ok()) return std::move(w).error();
    StrAppend(out, {" WHERE ", w.value().sql});
  }
  if (select.group_by.size > 0) {
    out += " GROUP BY ";
    for (size_t i = 0; i < select.group_by.size; ++i) {
      Result<Typed> g = Expr(*select.group_by[i], scope);
      if (!g.ok()) return std::move(g).error();
      StrAppend(out, {i > 0 ? ", " : "", g.value().sql});
    }
  }
  if (select.having != nullptr) {
    Result<Typed> h = Expr(*select.having, scope);
    if (!h.ok()) return std::move(h).error();
    StrAppend(out, {" HAVING ", h.value().sql});
  }
  if (select.windows.size > 0) {
    out += " WINDOW ";
    for (size_t i = 0; i < select.windows.size; ++i) {
      Result<std::string> w = Window(*select.windows[i]->spec, scope);
      if (!w.ok()) return w;
      out +=
          (i > 0 ? ", " : "") + QuoteIdentifier(select.windows[i]->name.name) + " AS " + w.value();
    }
  }
  if (query != nullptr) {
    if (query->order_by.size > 0) {
      Result<std::string> o = OrderBy(query->order_by, scope, &exact);
      if (!o.ok()) return o;
      StrAppend(out, {" ", o.value()});
    }
    if (shard_part) {
      if (context_.shard_limit) StrAppend(out, {" LIMIT ", std::to_string(*context_.shard_limit)});
    } else if (query->limit != nullptr) {
      Result<std::string> l = Limit(*query->limit, scope);
      if (!l.ok()) return l;
      StrAppend(out, {" ", l.value()});
    }
  }
  return out;
}

// The output column an ORDER BY item names, as SQLite (and MySQL) read it:
// a bare name is the select item of that name before any table column, and
// an integer is a position. Null when it names none.
const Generator::ExactColumn* NamedOutput(const ast::Expr& expr,
                                          const std::vector<Generator::ExactColumn>& outputs) {
  if (const auto* c = ast::As<ast::ColumnRef>(&expr); c != nullptr && c->table.empty()) {
    for (const Generator::ExactColumn& o : outputs)
      if (EqualsIgnoreCase(o.name, c->column.name)) return &o;
  }
  if (const auto* l = ast::As<ast::Literal>(&expr);
      l != nullptr && l->literal == ast::LiteralKind::kNumber && !l->text.empty() &&
      l->text.size() < 10 && l->text.find_first_not_of("0123456789") == std::string_view::npos) {
    const size_t position = std::stoul(std::string(l->text));
    for (size_t k = 0; k < position && k < outputs.size(); ++k)
      if (outputs[k].name == "*") return nullptr;
    if (position >= 1 && position <= outputs.size()) return &outputs[position - 1];
  }
  return nullptr;
}

Result<std::string> Generator::OrderBy(const ast::NodeList<ast::OrderItem>& items,
                                       const Scope& scope, const std::vector<ExactColumn>* exact) {
  std::string out = "ORDER BY ";
  for (size_t i = 0; i < items.size; ++i) {
    const ast::OrderItem& item = *items[i];
    Result<Typed> e = Expr(*item.expr, scope);
    if (!e.ok()) return std::move(e).error();
    std::string sql = e.value().sql;
    if (exact != nullptr) {
      const ExactColumn* named = NamedOutput(*item.expr, *exact);
      if (named != nullptr && !named->unwrapped.empty()) sql = named->unwrapped;
    }
    const ExprType& t = e.value().type;
    if (t.column != nullptr && t.column->type == catalog::MySqlType::kEnum) {
      sql = EnumIndexSql(sql, *t.column);
    } else if (t.IsText() && !t.collation_fixed) {
      sql = "(" + sql + ") COLLATE NOCASE";  // MySQL sorts strings under its _ci default
    }
    StrAppend(out, {(i > 0 ? ", " : ""), sql});
    if (item.direction == ast::OrderDirection::kDesc) out += " DESC";
  }
  return out;
}

Result<std::string> Generator::Limit(const ast::Limit& limit, const Scope& scope) {
  Result<Typed> count = Expr(*limit.count, scope);
  if (!count.ok()) return std::move(count).error();
  std::string out = StrCat({"LIMIT ", count.value().sql});
  if (limit.offset != nullptr) {
    Result<Typed> offset = Expr(*limit.offset, scope);
    if (!offset.ok()) return std::move(offset).error();
    StrAppend(out, {" OFFSET ", offset.value().sql});
  }
  return out;
}

Result<std::string> Generator::Window(const ast::WindowSpec& spec, const Scope& scope) {
  if (!spec.parenthesized) return QuoteIdentifier(spec.name.name);
  std::string out = "(";
  auto sep = [&] {
    if (out.size() > 1) out += " ";
  };
  if (!spec.name.empty()) out += QuoteIdentifier(spec.name.name);
  if (spec.partition_by.size > 0) {
    sep();
    out += "PARTITION BY ";
    for (size_t i = 0; i < spec.partition_by.size; ++i) {
      Result<Typed> p = Expr(*spec.partition_by[i], scope);
      if (!p.ok()) return std::move(p).error();
      StrAppend(out, {(i > 0 ? ", " : ""), p.value().sql});
    }
  }
  if (spec.order_by.size > 0) {
    Result<std::string> o = OrderBy(spec.order_by, scope);
    if (!o.ok()) return o;
    sep();
    out += o.value();
  }
  if (spec.frame != nullptr) {
    const ast::WindowFrame& f = *spec.frame;
    auto bound = [&](const ast::FrameBound& b) -> Result<std::string> {
      switch (b.kind) {
        case ast::FrameBoundKind::kUnboundedPreceding:
          return std::string("UNBOUNDED PRECEDING");
        case ast::FrameBoundKind::kUnboundedFollowing:
          return std::string("UNBOUNDED FOLLOWING");
        case ast::FrameBoundKind::kCurrentRow:
          return std::string("CURRENT ROW");
        case ast::FrameBoundKind::kPreceding:
        case ast::FrameBoundKind::kFollowing: {
          if (ast::As<ast::Interval>(b.offset) != nullptr)
            return Unsupported("INTERVAL window frame offsets");
          Result<Typed> v = Expr(*b.offset, scope);
          if (!v.ok()) return std::move(v).error();
          return v.value().sql +
                 (b.kind == ast::FrameBoundKind::kPreceding ? " PRECEDING" : " FOLLOWING");
        }
      }
      return std::string("CURRENT ROW");
    };
    sep();
    out += f.unit == ast::FrameUnit::kRows    ? "ROWS "
           : f.unit == ast::FrameUnit::kRange ? "RANGE "
                                              : "GROUPS ";
    Result<std::string> start = bound(f.start);
    if (!start.ok()) return start;
    if (f.between) {
      Result<std::string> end = bound(f.end_bound);
      if (!end.ok()) return end;
      StrAppend(out, {"BETWEEN ", start.value(), " AND ", end.value()});
    } else {
      out += start.value();
    }
  }
  return StrCat({out, ")"});
}

}  // namespace edgesql::transpile
