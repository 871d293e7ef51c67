// INSERT, REPLACE, UPDATE and DELETE (see generator.h).
#include "common/ascii.h"
#include "common/str_cat.h"
#include "sql/lexer.h"
#include "transpile/generator.h"
#include "transpile/sqlite_schema.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;
using catalog::ColumnDef;
using catalog::TableDef;

Error UnknownColumn(std::string_view column, std::string_view where) {
  return Error(ErrorCode::kBadField,
               "Unknown column '" + std::string(column) + "' in '" + std::string(where) + "'");
}

// The value a column gets when written as DEFAULT.
std::string DefaultFor(const ColumnDef& column) {
  if (column.auto_increment) return "NULL";  // the next id
  return DefaultValueSql(column);
}

// A WHERE clause that keeps `statement`'s ORDER BY / LIMIT: SQLite's UPDATE
// and DELETE take neither (without a compile option Durable Objects lack),
// so the rows are chosen by rowid in a subquery.
std::string RowidFilter(const std::string& table, const std::string& where,
                        const std::string& order, const std::string& limit) {
  std::string sub = StrCat({"SELECT rowid FROM ", table});
  if (!where.empty()) sub += " WHERE " + where;
  if (!order.empty()) sub += " " + order;
  if (!limit.empty()) sub += " " + limit;
  return StrCat({"rowid IN (", sub, ")"});
}

Error NotUpdatable(std::string_view view) {
  return Error(ErrorCode::kNonUpdatableTable,
               "The target table " + std::string(view) + " of the UPDATE is not updatable");
}

}  // namespace

bool Generator::IsReferenced(const TableDef& table, std::string_view column) const {
  if (context_.schema == nullptr) return false;
  for (const auto& [name, other] : context_.schema->tables) {
    for (const catalog::ForeignKeyDef& fk : other.foreign_keys) {
      if (fk.ref_table != table.name) continue;
      for (const std::string& c : fk.ref_columns) {
        if (EqualsIgnoreCase(c, column)) return true;
      }
    }
  }
  return false;
}

Result<ViewTarget> Generator::UpdatableView(const TableDef& view) {
  Result<sql::ParsedStatement> parsed = sql::ParseStatement(view.view_query);
  if (!parsed.ok()) return NotUpdatable(view.name);
  view_parses_.push_back(std::move(parsed).value());
  const auto* select = ast::As<ast::SelectStatement>(&view_parses_.back().root());
  const ast::SelectCore* core =
      select != nullptr && select->query->with == nullptr && select->query->limit == nullptr
          ? ast::As<ast::SelectCore>(select->query->body)
          : nullptr;
  if (core == nullptr || core->from.size != 1 || core->group_by.size > 0 ||
      core->having != nullptr || (core->modifiers & ast::kSelectDistinct) != 0) {
    return NotUpdatable(view.name);
  }
  const auto* table = ast::As<ast::TableName>(core->from[0]);
  const TableDef* base = table != nullptr && context_.schema != nullptr
                             ? context_.schema->FindTable(table->name.name)
                             : nullptr;
  if (base == nullptr || base->is_view() || core->items.size != view.columns.size()) {
    return NotUpdatable(view.name);
  }
  ViewTarget target;
  target.base = base;
  target.alias = std::string(table->alias.name);
  target.where = core->where;
  for (size_t i = 0; i < core->items.size; ++i) {
    const auto* column = ast::As<ast::ColumnRef>(core->items[i]->expr);
    if (column == nullptr) return NotUpdatable(view.name);  // an expression or a *
    target.columns.push_back({view.columns[i].name, std::string(column->column.name)});
  }
  return target;
}

Status Generator::RetargetView(Source& source, std::string& target, std::string& view_where) {
  if (source.table == nullptr || !source.table->is_view()) return Status::Ok();
  Result<ViewTarget> view = UpdatableView(*source.table);
  if (!view.ok()) return std::move(view).error();
  const ViewTarget& v = view.value();
  // The view's WHERE reads the table's own names: written before mapping.
  if (v.where != nullptr) {
    Scope base_scope;
    Source base;
    base.name = v.alias.empty() ? v.base->name : v.alias;
    base.table = v.base;
    base_scope.sources.push_back(base);
    Result<Typed> w = Expr(*v.where, base_scope);
    if (!w.ok()) return std::move(w).error();
    view_where = w.value().sql;
  }
  target = QuoteIdentifier(v.base->name);
  if (!v.alias.empty()) target += " AS " + QuoteIdentifier(v.alias);
  for (const auto& [view_column, column] : v.columns)
    view_columns_[AsciiLower(view_column)] = column;
  std::string name = source.name;
  source = Source{};
  source.name = v.alias.empty() ? v.base->name : v.alias;
  source.table = v.base;
  (void)name;
  return Status::Ok();
}

Result<Translation> Generator::Insert(const ast::InsertStatement& s) {
  if (!s.schema.empty() && s.schema.name != context_.database)
    return Unsupported("tables of another database");
  std::string table(s.table.name);
  const TableDef* def = context_.schema != nullptr ? context_.schema->FindTable(table) : nullptr;

  // The columns written, in order.
  std::vector<std::string> columns;
  if (s.source == ast::InsertSource::kSet) {
    for (const ast::Assignment* a : s.set) columns.push_back(std::string(a->column->column.name));
  } else if (s.has_columns) {
    for (const ast::Identifier* c : s.columns) columns.push_back(std::string(c->name));
  } else if (def != nullptr) {
    for (const ColumnDef& c : def->columns) columns.push_back(c.name);
  }
  if (def != nullptr && def->is_view()) {
    // Through a simple view: its columns are its table's.
    Result<ViewTarget> view = UpdatableView(*def);
    if (!view.ok()) return std::move(view).error();
    for (std::string& c : columns) {
      bool found = false;
      for (const auto& [view_column, column] : view.value().columns) {
        if (EqualsIgnoreCase(view_column, c)) {
          c = column;
          found = true;
          break;
        }
      }
      if (!found) return UnknownColumn(c, "field list");
    }
    def = view.value().base;
    table = def->name;
  }
  std::vector<const ColumnDef*> defs;
  if (def != nullptr) {
    for (const std::string& c : columns) {
      const ColumnDef* col = def->FindColumn(c);
      if (col == nullptr) return UnknownColumn(c, "field list");
      defs.push_back(col);
    }
  }
  // INSERT INTO t () VALUES (): no column list is every column, defaulted.
  bool explicit_columns =
      (s.has_columns && s.columns.size > 0) || s.source == ast::InsertSource::kSet;
  if (s.has_columns && s.columns.size == 0 && def != nullptr) {
    for (const ColumnDef& c : def->columns) columns.push_back(c.name);
  }
  // Columns left out take their defaults. A NOT NULL column without one is
  // MySQL's 1364 in strict mode; an ENUM's implicit default is its first
  // member, which SQLite must be told.
  std::vector<std::string> implicit_values;
  if (def != nullptr && explicit_columns) {
    for (const ColumnDef& c : def->columns) {
      bool listed = false;
      for (const std::string& name : columns) listed = listed || EqualsIgnoreCase(name, c.name);
      if (listed || c.nullable || c.auto_increment || c.default_kind != ColumnDef::Default::kNone)
        continue;
      if (c.type == catalog::MySqlType::kEnum && !c.members.empty()) {
        columns.push_back(c.name);
        implicit_values.push_back(QuoteString(c.members[0]));
        continue;
      }
      return Error(ErrorCode::kNoDefaultForField,
                   "Field '" + c.name + "' doesn't have a default value");
    }
  }

  // The rows.
  std::string rows;
  int row_count = -1;  // unknown for INSERT ... SELECT
  Source target;
  target.name = table;
  target.table = def;
  Scope target_scope;
  target_scope.sources.push_back(target);
  // Whether every row gives the AUTO_INCREMENT column a value of its own.
  bool explicit_ids = true;
  bool writes_auto_increment = false;
  auto value = [&](const ast::Expr* e, size_t i) -> Result<std::string> {
    const ColumnDef* col = i < defs.size() ? defs[i] : nullptr;
    if (ast::As<ast::Default>(e) != nullptr) {
      if (col != nullptr && col->auto_increment) explicit_ids = false;
      return col != nullptr ? DefaultFor(*col) : std::string("NULL");
    }
    Result<Typed> v = Expr(*e, target_scope);
    if (!v.ok()) return std::move(v).error();
    if (col == nullptr || !col->auto_increment) return std::move(v).value().sql;
    // NULL and 0 both ask an AUTO_INCREMENT column for the next id.
    writes_auto_increment = true;
    const auto* literal = ast::As<ast::Literal>(e);
    bool zero = literal != nullptr && literal->literal == ast::LiteralKind::kNumber &&
                literal->text.find_first_not_of("0") == std::string_view::npos;
    if (literal != nullptr && (literal->literal == ast::LiteralKind::kNull || zero)) {
      explicit_ids = false;
      return std::string("NULL");
    }
    if (literal != nullptr && literal->literal == ast::LiteralKind::kNumber) return v.value().sql;
    return StrCat({"nullif(", v.value().sql, ", 0)"});
  };
  size_t listed = columns.size() - implicit_values.size();
  if (s.source == ast::InsertSource::kValues) {
    row_count = static_cast<int>(s.rows.size);
    for (size_t r = 0; r < s.rows.size; ++r) {
      const ast::ValuesRow& row = *s.rows[r];
      // Each row is written straight into `rows`.
      rows += r > 0 ? ", (" : "VALUES (";
      if (row.values.size == 0 && !explicit_columns) {
        // VALUES (): every column takes its default.
        if (def == nullptr) return Unsupported("INSERT ... VALUES () without a known table");
        for (size_t i = 0; i < defs.size(); ++i)
          StrAppend(rows, {(i > 0 ? ", " : ""), DefaultFor(*defs[i])});
      } else {
        if ((def != nullptr || explicit_columns) && row.values.size != listed) {
          return Error(ErrorCode::kWrongValueCountOnRow,
                       "Column count doesn't match value count at row " + std::to_string(r + 1));
        }
        for (size_t i = 0; i < row.values.size; ++i) {
          Result<std::string> v = value(row.values[i], i);
          if (!v.ok()) return std::move(v).error();
          StrAppend(rows, {(i > 0 ? ", " : ""), v.value()});
        }
      }
      for (const std::string& v : implicit_values) StrAppend(rows, {", ", v});
      rows += ')';
    }
  } else if (s.source == ast::InsertSource::kSet) {
    row_count = 1;
    std::string values;
    for (size_t i = 0; i < s.set.size; ++i) {
      Result<std::string> v = value(s.set[i]->value, i);
      if (!v.ok()) return std::move(v).error();
      StrAppend(values, {(i > 0 ? ", " : ""), v.value()});
    }
    for (const std::string& v : implicit_values) values += ", " + v;
    rows = "VALUES (" + values + ")";
  } else {
    if (!implicit_values.empty())
      return Unsupported("INSERT ... SELECT leaving out an ENUM NOT NULL column");
    std::vector<SourceColumn> selected;
    Result<std::string> q = Query(*s.query, nullptr, &selected);
    if (!q.ok()) return std::move(q).error();
    if ((def != nullptr || explicit_columns) && selected.size() != columns.size() &&
        !(selected.size() == 1 && selected[0].name == "*")) {
      return Error(ErrorCode::kWrongValueCountOnRow,
                   "Column count doesn't match value count at row 1");
    }
    // SELECT * FROM (...) WHERE true: SQLite's parser needs the WHERE to
    // tell an upsert's ON CONFLICT from a join constraint.
    rows = "SELECT * FROM (" + q.value() + ") WHERE true";
  }

  std::string column_list;
  if (!columns.empty()) {
    column_list = " (";
    for (size_t i = 0; i < columns.size(); ++i)
      StrAppend(column_list, {(i > 0 ? ", " : ""), QuoteIdentifier(columns[i])});
    column_list += ")";
  }
  std::string verb = s.replace  ? "REPLACE INTO "
                     : s.ignore ? "INSERT OR IGNORE INTO "
                                : "INSERT INTO ";
  std::string sql = StrCat({verb, QuoteIdentifier(table), column_list, " ", rows});
  if (rows.empty()) sql = verb + QuoteIdentifier(table) + " DEFAULT VALUES";

  Translation t;
  if (s.on_duplicate.size > 0) {
    in_upsert_ = true;
    row_alias_ = std::string(s.row_alias.name);
    for (const ast::Identifier* c : s.row_alias_columns)
      row_alias_columns_.push_back(std::string(c->name));
    insert_columns_ = columns;
    std::string set;
    std::string changed;
    for (size_t i = 0; i < s.on_duplicate.size; ++i) {
      const ast::Assignment& a = *s.on_duplicate[i];
      std::string column(a.column->column.name);
      std::string v;
      if (ast::As<ast::Default>(a.value) != nullptr) {
        const ColumnDef* col = def != nullptr ? def->FindColumn(column) : nullptr;
        v = col != nullptr ? DefaultFor(*col) : "NULL";
      } else {
        Result<Typed> e = Expr(*a.value, target_scope);
        if (!e.ok()) return std::move(e).error();
        v = e.value().sql;
      }
      if (def != nullptr && def->FindColumn(column) == nullptr)
        return UnknownColumn(column, "field list");
      StrAppend(set, {(i > 0 ? ", " : ""), QuoteIdentifier(column), " = ", v});
      // An update that changes nothing is no update (MySQL counts it 0).
      changed += (i > 0 ? " OR " : "") + QuoteIdentifier(table) + "." + QuoteIdentifier(column) +
                 " IS NOT (" + v + ")";
    }
    in_upsert_ = false;
    StrAppend(sql, {" ON CONFLICT DO UPDATE SET ", set, " WHERE ", changed});
    t.affected = AffectedRows::kUpsert;
  } else if (s.replace) {
    t.affected = AffectedRows::kReplace;
  }
  if (t.affected != AffectedRows::kChanges && def != nullptr) {
    // (rows, rows that meet an existing row on a unique key): with changes()
    // the gateway tells inserted rows from updated or replaced ones.
    std::string conflict;
    for (const catalog::IndexDef& index : def->indexes) {
      if (index.kind != catalog::IndexDef::Kind::kPrimary &&
          index.kind != catalog::IndexDef::Kind::kUnique)
        continue;
      std::string match;
      bool covered = true;
      for (const catalog::KeyPart& part : index.parts) {
        bool found = false;
        for (const std::string& c : columns) found = found || EqualsIgnoreCase(c, part.column);
        covered = covered && found;
        match += (match.empty() ? "" : " AND ") + QuoteIdentifier(table) + "." +
                 QuoteIdentifier(part.column) + " = v." + QuoteIdentifier(part.column);
      }
      if (!covered) continue;
      conflict += (conflict.empty() ? "" : " OR ") + std::string("EXISTS (SELECT 1 FROM ") +
                  QuoteIdentifier(table) + " WHERE " + match + ")";
    }
    std::string source_rows = s.source == ast::InsertSource::kQuery ? rows : rows;
    t.preflight = "WITH v" + column_list + " AS (" + source_rows + ") SELECT count(*), " +
                  (conflict.empty() ? "0" : "coalesce(sum(" + conflict + "), 0)") + " FROM v";
  }
  (void)row_count;
  t.generates_ids = !(writes_auto_increment && explicit_ids);
  t.statements.push_back(std::move(sql));
  return t;
}

Result<Translation> Generator::Update(const ast::UpdateStatement& s) {
  std::string prefix;
  if (s.with != nullptr) {
    Result<std::string> w = With(*s.with, nullptr);
    if (!w.ok()) return std::move(w).error();
    prefix = w.value();
  }
  Scope scope;
  std::string verb = s.ignore ? "UPDATE OR IGNORE " : "UPDATE ";
  const auto* single = s.tables.size == 1 ? ast::As<ast::TableName>(s.tables[0]) : nullptr;
  Translation t;
  if (single != nullptr) {
    Result<std::string> target = TableRef(*single, scope);
    if (!target.ok()) return std::move(target).error();
    std::string view_where;
    if (Status st = RetargetView(scope.sources.back(), target.value(), view_where); !st.ok())
      return std::move(st).error();
    const Source& source = scope.sources.back();
    std::string set;
    for (size_t i = 0; i < s.set.size; ++i) {
      const ast::Assignment& a = *s.set[i];
      std::string column(a.column->column.name);
      if (auto it = view_columns_.find(AsciiLower(column)); it != view_columns_.end())
        column = it->second;
      const ColumnDef* col = source.table != nullptr ? source.table->FindColumn(column) : nullptr;
      if (source.table != nullptr && col == nullptr) return UnknownColumn(column, "field list");
      std::string v;
      if (ast::As<ast::Default>(a.value) != nullptr) {
        v = col != nullptr ? DefaultFor(*col) : "NULL";
      } else {
        Result<Typed> e = Expr(*a.value, scope);
        if (!e.ok()) return std::move(e).error();
        v = e.value().sql;
      }
      StrAppend(set, {(i > 0 ? ", " : ""), QuoteIdentifier(column), " = ", v});
      if (source.table != nullptr && IsReferenced(*source.table, column))
        t.changes_referenced_key = true;
      // MySQL assigns left to right: later assignments see this value.
      assigned_[AsciiLower(column)] = v;
    }
    assigned_.clear();
    std::string where;
    if (s.where != nullptr) {
      Result<Typed> w = Expr(*s.where, scope);
      if (!w.ok()) return std::move(w).error();
      where = w.value().sql;
    }
    if (!view_where.empty())
      where = where.empty() ? view_where : "(" + view_where + ") AND (" + where + ")";
    std::string sql = StrCat({prefix, verb, target.value(), " SET ", set});
    if (s.order_by.size > 0 || s.limit != nullptr) {
      std::string order, limit;
      if (s.order_by.size > 0) {
        Result<std::string> o = OrderBy(s.order_by, scope);
        if (!o.ok()) return std::move(o).error();
        order = o.value();
      }
      if (s.limit != nullptr) {
        Result<std::string> l = Limit(*s.limit, scope);
        if (!l.ok()) return std::move(l).error();
        limit = l.value();
      }
      StrAppend(sql, {" WHERE ", RowidFilter(target.value(), where, order, limit)});
    } else if (!where.empty()) {
      StrAppend(sql, {" WHERE ", where});
    }
    t.statements.push_back(std::move(sql));
    return t;
  }

  // Multi-table: UPDATE t1 JOIN t2 ON ... SET t1.a = t2.b WHERE ... becomes
  // SQLite's UPDATE t1 SET a = t2.b FROM t2 WHERE (on) AND (where). Only
  // inner joins flatten that way, and only one table may be written.
  std::vector<const ast::TableRef*> leaves;
  std::vector<const ast::Expr*> conditions;
  std::vector<const ast::TableRef*> pending(s.tables.begin(), s.tables.end());
  while (!pending.empty()) {
    const ast::TableRef* ref = pending.back();
    pending.pop_back();
    if (const auto* j = ast::As<ast::Join>(ref)) {
      if (j->join != ast::JoinKind::kInner && j->join != ast::JoinKind::kCross &&
          j->join != ast::JoinKind::kStraight) {
        return Unsupported("multi-table UPDATE with outer or natural joins");
      }
      if (j->has_using) return Unsupported("multi-table UPDATE with JOIN ... USING");
      if (j->on != nullptr) conditions.push_back(j->on);
      pending.push_back(j->right);
      pending.push_back(j->left);
    } else if (const auto* p = ast::As<ast::ParenTables>(ref)) {
      for (size_t i = p->items.size; i-- > 0;) pending.push_back(p->items[i]);
    } else {
      leaves.push_back(ref);
    }
  }
  std::vector<std::string> texts;
  for (const ast::TableRef* leaf : leaves) {
    Result<std::string> text = TableRef(*leaf, scope);
    if (!text.ok()) return std::move(text).error();
    texts.push_back(text.value());
  }
  // The written table: the one every assignment names (or can only mean).
  int target = -1;
  for (const ast::Assignment* a : s.set) {
    int owner = -1;
    for (size_t i = 0; i < scope.sources.size(); ++i) {
      const Source& src = scope.sources[i];
      if (!a->column->table.empty()) {
        if (src.name == a->column->table.name) owner = static_cast<int>(i);
      } else if (src.table != nullptr && src.table->FindColumn(a->column->column.name) != nullptr) {
        if (owner >= 0) {
          return Error(
              ErrorCode::kNonUniqueColumn,
              "Column '" + std::string(a->column->column.name) + "' in field list is ambiguous");
        }
        owner = static_cast<int>(i);
      }
    }
    if (owner < 0) return UnknownColumn(a->column->column.name, "field list");
    if (target >= 0 && owner != target)
      return Unsupported("UPDATE of several tables in one statement");
    target = owner;
  }
  if (target < 0 || ast::As<ast::TableName>(leaves[static_cast<size_t>(target)]) == nullptr)
    return Unsupported("this multi-table UPDATE");
  std::string set;
  for (size_t i = 0; i < s.set.size; ++i) {
    const ast::Assignment& a = *s.set[i];
    Result<Typed> e = Expr(*a.value, scope);
    if (!e.ok()) return std::move(e).error();
    StrAppend(set,
              {(i > 0 ? ", " : ""), QuoteIdentifier(a.column->column.name), " = ", e.value().sql});
  }
  std::string from;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (static_cast<int>(i) == target) continue;
    StrAppend(from, {(from.empty() ? "" : ", "), texts[i]});
  }
  std::string where;
  for (const ast::Expr* c : conditions) {
    Result<Typed> e = Expr(*c, scope);
    if (!e.ok()) return std::move(e).error();
    StrAppend(where, {(where.empty() ? "" : " AND "), std::string("("), e.value().sql, ")"});
  }
  if (s.where != nullptr) {
    Result<Typed> e = Expr(*s.where, scope);
    if (!e.ok()) return std::move(e).error();
    StrAppend(where, {(where.empty() ? "" : " AND "), std::string("("), e.value().sql, ")"});
  }
  std::string sql = StrCat({prefix, verb, texts[static_cast<size_t>(target)], " SET ", set});
  if (!from.empty()) sql += " FROM " + from;
  if (!where.empty()) sql += " WHERE " + where;
  t.statements.push_back(std::move(sql));
  return t;
}

Result<Translation> Generator::Delete(const ast::DeleteStatement& s) {
  std::string prefix;
  if (s.with != nullptr) {
    Result<std::string> w = With(*s.with, nullptr);
    if (!w.ok()) return std::move(w).error();
    prefix = w.value();
  }
  Scope scope;
  Translation t;
  if (s.form == ast::DeleteForm::kSingle) {
    Result<std::string> target = TableRef(*s.targets[0], scope);
    if (!target.ok()) return std::move(target).error();
    std::string view_where;
    if (Status st = RetargetView(scope.sources.back(), target.value(), view_where); !st.ok())
      return std::move(st).error();
    std::string where;
    if (s.where != nullptr) {
      Result<Typed> w = Expr(*s.where, scope);
      if (!w.ok()) return std::move(w).error();
      where = w.value().sql;
    }
    if (!view_where.empty())
      where = where.empty() ? view_where : "(" + view_where + ") AND (" + where + ")";
    std::string sql = StrCat({prefix, "DELETE FROM ", target.value()});
    if (s.order_by.size > 0 || s.limit != nullptr) {
      std::string order, limit;
      if (s.order_by.size > 0) {
        Result<std::string> o = OrderBy(s.order_by, scope);
        if (!o.ok()) return std::move(o).error();
        order = o.value();
      }
      if (s.limit != nullptr) {
        Result<std::string> l = Limit(*s.limit, scope);
        if (!l.ok()) return std::move(l).error();
        limit = l.value();
      }
      StrAppend(sql, {" WHERE ", RowidFilter(target.value(), where, order, limit)});
    } else if (!where.empty()) {
      StrAppend(sql, {" WHERE ", where});
    }
    t.statements.push_back(std::move(sql));
    return t;
  }
  // DELETE t1 FROM t1 JOIN t2 ... : the rows of t1 the join keeps, by rowid.
  if (s.targets.size != 1) return Unsupported("DELETE from several tables in one statement");
  std::string from;
  for (size_t i = 0; i < s.from.size; ++i) {
    Result<std::string> text = TableRef(*s.from[i], scope);
    if (!text.ok()) return std::move(text).error();
    StrAppend(from, {(i > 0 ? ", " : ""), text.value()});
  }
  const ast::TableName& target = *s.targets[0];
  const Source* source = nullptr;
  for (const Source& src : scope.sources) {
    if (src.name == target.name.name) source = &src;
  }
  if (source == nullptr) {
    return Error(ErrorCode::kUnknownTable,
                 "Unknown table '" + std::string(target.name.name) + "' in MULTI DELETE");
  }
  if (source->table == nullptr) return Unsupported("this multi-table DELETE");
  std::string where;
  if (s.where != nullptr) {
    Result<Typed> w = Expr(*s.where, scope);
    if (!w.ok()) return std::move(w).error();
    where = " WHERE " + w.value().sql;
  }
  t.statements.push_back(prefix + "DELETE FROM " + QuoteIdentifier(source->table->name) +
                         " WHERE rowid IN (SELECT " + QuoteIdentifier(source->name) +
                         ".rowid FROM " + from + where + ")");
  return t;
}

}  // namespace edgesql::transpile
