#include "transpile/alter_table.h"

#include <algorithm>

#include "common/ascii.h"
#include "transpile/sqlite_schema.h"
#include "transpile/sqlite_text.h"
#include "transpile/table_definition_parser.h"

namespace edgesql::transpile {

Status RefuseIfReferenced(const catalog::DatabaseSchema& schema, std::string_view table);

namespace {

using catalog::ColumnDef;
using catalog::TableDef;

// The new table's shape is built under this name, then renamed. The
// _edgesql_ prefix is reserved, so no user table can collide with it.
constexpr std::string_view kRebuildName = "_edgesql_rebuild";

// The value MySQL gives existing rows for a new NOT NULL column without a
// DEFAULT: the type's implicit default.
std::string ImplicitDefault(const ColumnDef& c) {
  using catalog::MySqlType;
  switch (c.type) {
    case MySqlType::kEnum:
      return c.members.empty() ? "''" : QuoteString(c.members[0]);
    case MySqlType::kDate:
      return "'0000-00-00'";
    case MySqlType::kDatetime:
    case MySqlType::kTimestamp:
      return "'0000-00-00 00:00:00'";
    case MySqlType::kTime:
      return "'00:00:00'";
    case MySqlType::kJson:
      return "'null'";
    default:
      break;
  }
  if (catalog::IsBinary(c.type)) return "X''";
  if (catalog::IsString(c.type)) return "''";
  return "0";
}

// The SQL for `c`'s default value, as the row would get it on INSERT.
std::string DefaultSql(const ColumnDef& c) {
  switch (c.default_kind) {
    case ColumnDef::Default::kLiteral:
      return QuoteString(c.default_value);
    case ColumnDef::Default::kCurrentTimestamp:
      return "CURRENT_TIMESTAMP";
    case ColumnDef::Default::kExpression:
      return "(" + c.default_sqlite + ")";
    default:
      return c.nullable || c.auto_increment ? "NULL" : ImplicitDefault(c);
  }
}

void RenameInKeys(TableDef& t, std::string_view from, const std::string& to) {
  for (catalog::IndexDef& index : t.indexes) {
    for (catalog::KeyPart& p : index.parts) {
      if (EqualsIgnoreCase(p.column, from)) p.column = to;
    }
  }
  for (catalog::ForeignKeyDef& fk : t.foreign_keys) {
    for (std::string& c : fk.columns) {
      if (EqualsIgnoreCase(c, from)) c = to;
    }
  }
}

}  // namespace

std::vector<std::string> RebuildStatements(const TableDef& old_def, const TableDef& new_def,
                                           const std::vector<std::string>& sources) {
  std::vector<std::string> out;
  std::string tmp(kRebuildName);
  for (std::string& s : SqliteSchema(new_def, {false, tmp, SchemaOptions::Part::kTableOnly})) {
    out.push_back(std::move(s));
  }
  bool new_auto = false;
  for (const ColumnDef& c : new_def.columns) new_auto = new_auto || c.auto_increment;
  if (new_auto) {
    // Carry the AUTO_INCREMENT counter over: MySQL never reuses ids.
    out.push_back("INSERT INTO sqlite_sequence (name, seq) SELECT " + QuoteString(tmp) +
                  ", seq FROM sqlite_sequence WHERE name = " + QuoteString(old_def.name));
  }
  std::string columns;
  std::string values;
  for (size_t i = 0; i < new_def.columns.size(); ++i) {
    const ColumnDef& c = new_def.columns[i];
    std::string value;
    if (!sources[i].empty()) {
      value = QuoteIdentifier(sources[i]);
    } else if (!c.nullable && c.default_kind == ColumnDef::Default::kNone && !c.auto_increment) {
      value = ImplicitDefault(c);
    } else {
      continue;  // its DEFAULT (or a fresh AUTO_INCREMENT id) applies
    }
    if (!columns.empty()) {
      columns += ", ";
      values += ", ";
    }
    columns += QuoteIdentifier(c.name);
    values += value;
  }
  if (columns.empty()) {
    // Every column is new and defaulted: still one new row per old row.
    const ColumnDef& first = new_def.columns[0];
    columns = QuoteIdentifier(first.name);
    values = DefaultSql(first);
  }
  out.push_back("INSERT INTO " + QuoteIdentifier(tmp) + " (" + columns + ") SELECT " + values +
                " FROM " + QuoteIdentifier(old_def.name));
  out.push_back("DROP TABLE " + QuoteIdentifier(old_def.name));
  out.push_back("ALTER TABLE " + QuoteIdentifier(tmp) + " RENAME TO " +
                QuoteIdentifier(new_def.name));
  for (std::string& s : SqliteSchema(new_def, {false, "", SchemaOptions::Part::kExtrasOnly})) {
    out.push_back(std::move(s));
  }
  if (new_auto && new_def.auto_increment_start > 1 &&
      new_def.auto_increment_start != old_def.auto_increment_start) {
    out.push_back("UPDATE sqlite_sequence SET seq = max(seq, " +
                  std::to_string(new_def.auto_increment_start - 1) +
                  ") WHERE name = " + QuoteString(new_def.name));
  }
  return out;
}

namespace internal {

Status TableDefinitionParser::Position(std::vector<ColumnSource>& sources, size_t column) {
  size_t target;
  if (AcceptKeyword(Keyword::kFirst)) {
    target = 0;
  } else if (AcceptWord("AFTER")) {
    Result<std::string> after = Name();
    if (!after.ok()) return std::move(after).error();
    const ColumnDef* anchor = table_.FindColumn(after.value());
    if (anchor == nullptr || anchor == &table_.columns[column]) {
      return Error(ErrorCode::kBadField,
                   "Unknown column '" + after.value() + "' in '" + table_.name + "'");
    }
    size_t anchor_index = static_cast<size_t>(anchor - table_.columns.data());
    target = anchor_index < column ? anchor_index + 1 : anchor_index;
  } else {
    return Status::Ok();
  }
  ColumnDef moved = std::move(table_.columns[column]);
  ColumnSource moved_source = std::move(sources[column]);
  table_.columns.erase(table_.columns.begin() + static_cast<std::ptrdiff_t>(column));
  sources.erase(sources.begin() + static_cast<std::ptrdiff_t>(column));
  table_.columns.insert(table_.columns.begin() + static_cast<std::ptrdiff_t>(target),
                        std::move(moved));
  sources.insert(sources.begin() + static_cast<std::ptrdiff_t>(target), std::move(moved_source));
  return Status::Ok();
}

Status TableDefinitionParser::AlterSpecification(std::vector<ColumnSource>& sources) {
  auto column_index = [&](std::string_view name) -> int {
    const ColumnDef* c = table_.FindColumn(name);
    return c == nullptr ? -1 : static_cast<int>(c - table_.columns.data());
  };
  auto cant_drop = [](std::string_view what) {
    return Error(ErrorCode::kCantDropField,
                 "Can't DROP '" + std::string(what) + "'; check that column/key exists");
  };

  if (AcceptKeyword(Keyword::kAdd)) {
    bool column_keyword = AcceptKeyword(Keyword::kColumn);
    bool constraint =
        !column_keyword && (PeekKeyword(Keyword::kIndex) || PeekKeyword(Keyword::kKey) ||
                            PeekKeyword(Keyword::kUnique) || PeekKeyword(Keyword::kPrimary) ||
                            PeekKeyword(Keyword::kFulltext) || PeekKeyword(Keyword::kSpatial) ||
                            PeekKeyword(Keyword::kConstraint) || PeekKeyword(Keyword::kForeign) ||
                            PeekKeyword(Keyword::kCheck));
    if (constraint) return Definition();
    bool list = AcceptOp("(");
    do {
      if (Status s = ColumnDefinition(); !s.ok()) return s;
      sources.push_back(ColumnSource{table_.columns.back().name, ""});
      if (!list) return Position(sources, table_.columns.size() - 1);
    } while (AcceptOp(","));
    return ExpectOp(")");
  }

  if (AcceptKeyword(Keyword::kDrop)) {
    if (AcceptKeyword(Keyword::kPrimary)) {
      if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
      auto pk = std::find_if(table_.indexes.begin(), table_.indexes.end(),
                             [](const IndexDef& i) { return i.kind == IndexDef::Kind::kPrimary; });
      if (pk == table_.indexes.end()) return cant_drop("PRIMARY");
      table_.indexes.erase(pk);
      return Status::Ok();
    }
    if (AcceptKeyword(Keyword::kIndex) || AcceptKeyword(Keyword::kKey)) {
      Result<std::string> name = Name();
      if (!name.ok()) return std::move(name).error();
      const IndexDef* index = table_.FindIndex(name.value());
      if (index == nullptr) return cant_drop(name.value());
      table_.indexes.erase(table_.indexes.begin() + (index - table_.indexes.data()));
      return Status::Ok();
    }
    bool foreign = AcceptKeyword(Keyword::kForeign);
    if (foreign) {
      if (Status s = Expect(Keyword::kKey); !s.ok()) return s;
    }
    bool check = !foreign && AcceptKeyword(Keyword::kCheck);
    bool any_constraint = !foreign && !check && AcceptKeyword(Keyword::kConstraint);
    if (foreign || check || any_constraint) {
      Result<std::string> name = Name();
      if (!name.ok()) return std::move(name).error();
      if (foreign || any_constraint) {
        auto it = std::find_if(table_.foreign_keys.begin(), table_.foreign_keys.end(),
                               [&](const catalog::ForeignKeyDef& f) {
                                 return EqualsIgnoreCase(f.name, name.value());
                               });
        if (it != table_.foreign_keys.end()) {
          table_.foreign_keys.erase(it);
          return Status::Ok();
        }
      }
      if (check || any_constraint) {
        auto it = std::find_if(
            table_.checks.begin(), table_.checks.end(),
            [&](const catalog::CheckDef& c) { return EqualsIgnoreCase(c.name, name.value()); });
        if (it != table_.checks.end()) {
          table_.checks.erase(it);
          return Status::Ok();
        }
      }
      if (any_constraint) {
        if (const IndexDef* index = table_.FindIndex(name.value());
            index != nullptr && index->kind == IndexDef::Kind::kUnique) {
          table_.indexes.erase(table_.indexes.begin() + (index - table_.indexes.data()));
          return Status::Ok();
        }
      }
      return cant_drop(name.value());
    }
    AcceptKeyword(Keyword::kColumn);
    Result<std::string> name = Name();
    if (!name.ok()) return std::move(name).error();
    int index = column_index(name.value());
    if (index < 0) return cant_drop(name.value());
    if (table_.columns.size() == 1) {
      return Error(ErrorCode::kCantRemoveAllFields,
                   "You can't delete all columns with ALTER TABLE; use DROP TABLE instead");
    }
    for (const catalog::ForeignKeyDef& fk : table_.foreign_keys) {
      for (const std::string& c : fk.columns) {
        if (EqualsIgnoreCase(c, name.value())) {
          return Error(ErrorCode::kFkColumnCannotDrop,
                       "Cannot drop column '" + name.value() +
                           "': needed in a foreign key constraint '" + fk.name + "'");
        }
      }
    }
    // MySQL takes the column out of every key, and drops keys left empty.
    for (IndexDef& i : table_.indexes) {
      i.parts.erase(std::remove_if(
                        i.parts.begin(), i.parts.end(),
                        [&](const KeyPart& p) { return EqualsIgnoreCase(p.column, name.value()); }),
                    i.parts.end());
    }
    table_.indexes.erase(std::remove_if(table_.indexes.begin(), table_.indexes.end(),
                                        [](const IndexDef& i) { return i.parts.empty(); }),
                         table_.indexes.end());
    table_.columns.erase(table_.columns.begin() + index);
    sources.erase(sources.begin() + index);
    return Status::Ok();
  }

  bool modify = AcceptKeyword(Keyword::kModify);
  if (modify || AcceptKeyword(Keyword::kChange)) {
    AcceptKeyword(Keyword::kColumn);
    std::string old_name;
    if (!modify) {
      Result<std::string> n = Name();
      if (!n.ok()) return std::move(n).error();
      old_name = std::move(n).value();
    } else {
      if (Peek().kind != TokenKind::kIdentifier && Peek().kind != TokenKind::kQuotedIdentifier) {
        return SyntaxError();
      }
      old_name = sql::DecodeIdentifier(Peek(), source_);
    }
    int index = column_index(old_name);
    if (index < 0) {
      return Error(ErrorCode::kBadField,
                   "Unknown column '" + old_name + "' in '" + table_.name + "'");
    }
    // MODIFY/CHANGE restate the whole column: nothing of the old one survives.
    ColumnDef replaced = std::move(table_.columns[static_cast<size_t>(index)]);
    table_.columns.erase(table_.columns.begin() + index);
    if (Status s = ColumnDefinition(); !s.ok()) return s;
    ColumnDef fresh = std::move(table_.columns.back());
    table_.columns.pop_back();
    if (!modify && !EqualsIgnoreCase(fresh.name, replaced.name))
      RenameInKeys(table_, replaced.name, fresh.name);
    sources[static_cast<size_t>(index)].new_name = fresh.name;
    table_.columns.insert(table_.columns.begin() + index, std::move(fresh));
    return Position(sources, static_cast<size_t>(index));
  }

  if (AcceptKeyword(Keyword::kRename)) {
    if (AcceptKeyword(Keyword::kColumn)) {
      Result<std::string> from = Name();
      if (!from.ok()) return std::move(from).error();
      if (Status s = Expect(Keyword::kTo); !s.ok()) return s;
      Result<std::string> to = Name();
      if (!to.ok()) return std::move(to).error();
      int index = column_index(from.value());
      if (index < 0) {
        return Error(ErrorCode::kBadField,
                     "Unknown column '" + from.value() + "' in '" + table_.name + "'");
      }
      if (column_index(to.value()) >= 0 && !EqualsIgnoreCase(from.value(), to.value())) {
        return Error(ErrorCode::kDuplicateFieldName, "Duplicate column name '" + to.value() + "'");
      }
      table_.columns[static_cast<size_t>(index)].name = to.value();
      sources[static_cast<size_t>(index)].new_name = to.value();
      RenameInKeys(table_, from.value(), to.value());
      return Status::Ok();
    }
    if (AcceptKeyword(Keyword::kIndex) || AcceptKeyword(Keyword::kKey)) {
      Result<std::string> from = Name();
      if (!from.ok()) return std::move(from).error();
      if (Status s = Expect(Keyword::kTo); !s.ok()) return s;
      Result<std::string> to = Name();
      if (!to.ok()) return std::move(to).error();
      const IndexDef* index = table_.FindIndex(from.value());
      if (index == nullptr) {
        return Error(ErrorCode::kKeyDoesNotExist,
                     "Key '" + from.value() + "' doesn't exist in table '" + table_.name + "'");
      }
      if (table_.FindIndex(to.value()) != nullptr) {
        return Error(ErrorCode::kDuplicateKeyName, "Duplicate key name '" + to.value() + "'");
      }
      table_.indexes[static_cast<size_t>(index - table_.indexes.data())].name = to.value();
      return Status::Ok();
    }
    if (!AcceptKeyword(Keyword::kTo)) AcceptKeyword(Keyword::kAs);
    Result<std::string> to = Name();
    if (!to.ok()) return std::move(to).error();
    if (AcceptOp(".")) return Unsupported("moving a table to another database");
    table_.name = std::move(to).value();
    return Status::Ok();
  }

  if (AcceptKeyword(Keyword::kAlter)) {
    AcceptKeyword(Keyword::kColumn);
    Result<std::string> name = Name();
    if (!name.ok()) return std::move(name).error();
    ColumnDef* column = table_.FindColumn(name.value());
    if (column == nullptr) {
      return Error(ErrorCode::kBadField,
                   "Unknown column '" + name.value() + "' in '" + table_.name + "'");
    }
    if (AcceptKeyword(Keyword::kSet)) {
      if (AcceptWord("VISIBLE")) return Status::Ok();
      if (PeekWord("INVISIBLE")) return Unsupported("invisible columns");
      if (Status s = Expect(Keyword::kDefault); !s.ok()) return s;
      return DefaultValue(*column);
    }
    if (Status s = Expect(Keyword::kDrop); !s.ok()) return s;
    if (Status s = Expect(Keyword::kDefault); !s.ok()) return s;
    column->default_kind = ColumnDef::Default::kNone;
    column->default_value.clear();
    column->default_sqlite.clear();
    return Status::Ok();
  }

  if (AcceptWord("CONVERT")) {
    if (Status s = Expect(Keyword::kTo); !s.ok()) return s;
    if (!AcceptKeyword(Keyword::kCharset)) {
      if (Status s = Expect(Keyword::kCharacter); !s.ok()) return s;
      if (Status s = Expect(Keyword::kSet); !s.ok()) return s;
    }
    Result<std::string> charset = Name();
    if (!charset.ok()) return std::move(charset).error();
    table_.charset = std::move(charset).value();
    if (AcceptKeyword(Keyword::kCollate)) {
      Result<std::string> collation = Name();
      if (!collation.ok()) return std::move(collation).error();
      table_.collation = std::move(collation).value();
    }
    for (ColumnDef& c : table_.columns) {
      c.charset.clear();
      c.collation.clear();
    }
    return Status::Ok();
  }

  if (AcceptWord("ORDER")) return Unsupported("ALTER TABLE ... ORDER BY");
  if (AcceptWord("FORCE")) return Status::Ok();
  if (PeekWord("PARTITION") || PeekWord("DISCARD") || PeekWord("IMPORT")) {
    return Unsupported("ALTER TABLE ... " + AsciiUpper(Peek().text(source_)));
  }
  if (PeekKeyword(Keyword::kLock) || PeekKeyword(Keyword::kAlgorithm) || PeekWord("ALGORITHM")) {
    Skip();  // how MySQL would run it, not what it does
    AcceptOp("=");
    Skip();
    return Status::Ok();
  }
  // A table option: ENGINE=InnoDB, AUTO_INCREMENT=100, COMMENT='x', ...
  return TableOption();
}

Result<AlterTableOutput> TableDefinitionParser::RunAlter(std::string_view database) {
  if (Status s = Expect(Keyword::kAlter); !s.ok()) return std::move(s).error();
  if (Status s = Expect(Keyword::kTable); !s.ok()) return std::move(s).error();
  Result<std::string> name = Name();
  if (!name.ok()) return std::move(name).error();
  if (AcceptOp(".")) {
    if (name.value() != database) return Unsupported("tables of another database");
    name = Name();
    if (!name.ok()) return std::move(name).error();
  }
  if (schema_ == nullptr) return Unsupported("ALTER TABLE without the catalog");
  const TableDef* old_def = schema_->FindTable(name.value());
  if (old_def == nullptr) {
    return Error(ErrorCode::kNoSuchTable,
                 "Table '" + std::string(database) + "." + name.value() + "' doesn't exist");
  }
  AlterTableOutput out;
  out.old_name = old_def->name;
  table_ = *old_def;
  std::vector<ColumnSource> sources;
  for (const ColumnDef& c : table_.columns) sources.push_back(ColumnSource{c.name, c.name});
  do {
    if (Status s = AlterSpecification(sources); !s.ok()) return std::move(s).error();
  } while (AcceptOp(","));
  if (!AtEnd()) return SyntaxError();

  if (table_.name != old_def->name && schema_->FindTable(table_.name) != nullptr) {
    return Error(ErrorCode::kTableExists, "Table '" + table_.name + "' already exists");
  }
  if (Status s = RefuseIfReferenced(*schema_, old_def->name); !s.ok()) return std::move(s).error();
  if (const IndexDef* pk = table_.PrimaryKey()) {
    for (const KeyPart& p : pk->parts) {
      if (ColumnDef* c = table_.FindColumn(p.column)) c->nullable = false;
    }
  }
  if (Status s = ValidateTable(table_); !s.ok()) return std::move(s).error();
  std::vector<std::string> from;
  for (const ColumnSource& source : sources) from.push_back(source.old_name);
  out.statements = RebuildStatements(*old_def, table_, from);
  out.table = table_;
  out.warnings = std::move(out_.warnings);
  return out;
}

Result<std::vector<AlterTableOutput>> TableDefinitionParser::RunRename(std::string_view database) {
  if (Status s = Expect(Keyword::kRename); !s.ok()) return std::move(s).error();
  if (!AcceptKeyword(Keyword::kTable)) AcceptKeyword(Keyword::kTables);
  // Pairs apply in order, so a later pair sees earlier renames (a -> tmp,
  // b -> a, tmp -> b swaps two tables).
  catalog::DatabaseSchema working = *schema_;
  std::vector<AlterTableOutput> outputs;
  auto qualified_name = [&]() -> Result<std::string> {
    Result<std::string> n = Name();
    if (!n.ok()) return n;
    if (!AcceptOp(".")) return n;
    if (n.value() != database) return Error(Unsupported("tables of another database"));
    return Name();
  };
  do {
    Result<std::string> from = qualified_name();
    if (!from.ok()) return std::move(from).error();
    if (Status s = Expect(Keyword::kTo); !s.ok()) return std::move(s).error();
    Result<std::string> to = qualified_name();
    if (!to.ok()) return std::move(to).error();
    const TableDef* old_def = working.FindTable(from.value());
    if (old_def == nullptr) {
      return Error(ErrorCode::kNoSuchTable,
                   "Table '" + std::string(database) + "." + from.value() + "' doesn't exist");
    }
    if (working.FindTable(to.value()) != nullptr) {
      return Error(ErrorCode::kTableExists, "Table '" + to.value() + "' already exists");
    }
    if (Status s = RefuseIfReferenced(working, old_def->name); !s.ok()) return std::move(s).error();
    AlterTableOutput out;
    out.old_name = old_def->name;
    out.table = *old_def;
    out.table.name = to.value();
    std::vector<std::string> sources;
    for (const ColumnDef& c : old_def->columns) sources.push_back(c.name);
    out.statements = RebuildStatements(*old_def, out.table, sources);
    working.tables.erase(out.old_name);
    working.tables[out.table.name] = out.table;
    outputs.push_back(std::move(out));
  } while (AcceptOp(","));
  if (!AtEnd()) return SyntaxError();
  return outputs;
}

}  // namespace internal

Status RefuseIfReferenced(const catalog::DatabaseSchema& schema, std::string_view table) {
  // Rebuilding a table that others reference would have SQLite count the
  // children as orphans when the old table is dropped; the documented cure
  // (foreign_keys=OFF) cannot be switched back on inside the same Durable
  // Object event, which would leave the shard unchecked. Refuse instead.
  for (const auto& [other_name, other] : schema.tables) {
    if (EqualsIgnoreCase(other_name, table)) continue;
    for (const catalog::ForeignKeyDef& fk : other.foreign_keys) {
      if (EqualsIgnoreCase(fk.ref_table, table)) {
        return Unsupported("changing a table that " + other_name + " references by FOREIGN KEY");
      }
    }
  }
  return Status::Ok();
}

Result<std::vector<AlterTableOutput>> TranspileRenameTable(std::string_view source,
                                                           const std::vector<sql::Token>& tokens,
                                                           size_t first, size_t last,
                                                           const catalog::DatabaseSchema* schema,
                                                           std::string_view database) {
  if (schema == nullptr) return Unsupported("RENAME TABLE without the catalog");
  internal::TableDefinitionParser p(source, tokens, first, last, schema);
  return p.RunRename(database);
}

Result<AlterTableOutput> TranspileAlterTable(std::string_view source,
                                             const std::vector<sql::Token>& tokens, size_t first,
                                             size_t last, const catalog::DatabaseSchema* schema,
                                             std::string_view database) {
  return internal::TableDefinitionParser(source, tokens, first, last, schema).RunAlter(database);
}

}  // namespace edgesql::transpile
