#include "transpile/sqlite_schema.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <initializer_list>

#include "common/ascii.h"
#include "common/str_cat.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

using catalog::ColumnDef;
using catalog::IndexDef;
using catalog::MySqlType;
using catalog::StorageClass;
using catalog::TableDef;

std::string_view StorageName(StorageClass s) {
  switch (s) {
    case StorageClass::kInteger:
      return "INTEGER";
    case StorageClass::kReal:
      return "REAL";
    case StorageClass::kNumeric:
      return "NUMERIC";
    case StorageClass::kText:
      return "TEXT";
    case StorageClass::kBlob:
      return "BLOB";
  }
  return "BLOB";
}

bool InPrimaryKey(const TableDef& t, const ColumnDef& c) {
  const IndexDef* pk = t.PrimaryKey();
  if (pk == nullptr) return false;
  for (const catalog::KeyPart& p : pk->parts) {
    if (EqualsIgnoreCase(p.column, c.name)) return true;
  }
  return false;
}

// Appends CONSTRAINT "<prefix><kind>:<column>" CHECK (<condition pieces>).
// Written piece by piece into `out`: a CREATE TABLE has a few checks per
// column, and building each from temporaries cost more than the rest of
// the table's translation.
void AppendCheck(std::string& out, std::string_view kind, const ColumnDef& c,
                 std::initializer_list<std::string_view> condition) {
  out += " CONSTRAINT ";
  AppendQuotedIdentifier(out, StrCat({kCheckPrefix, kind, ":", c.name}));
  out += " CHECK (";
  StrAppend(out, condition);
  out += ')';
}

// Strict mode (STRICT_TRANS_TABLES, MySQL 8's default) refuses values the
// column cannot hold instead of clamping them.
std::string StrictChecks(const ColumnDef& c) {
  const std::string col = QuoteIdentifier(c.name);
  std::string out;
  if (catalog::IsInteger(c.type) || c.type == MySqlType::kDecimal || c.type == MySqlType::kFloat ||
      c.type == MySqlType::kDouble || c.type == MySqlType::kYear) {
    AppendCheck(out, "type", c, {"typeof(", col, ") IN ('integer', 'real', 'null')"});
  }
  if (catalog::IsInteger(c.type) || c.type == MySqlType::kYear) {
    catalog::IntRange r = catalog::RangeOf(c.type, c.is_unsigned);
    if (c.type == MySqlType::kYear) {
      AppendCheck(out, "range", c, {col, " = 0 OR ", col, " BETWEEN 1901 AND 2155"});
    } else if (c.type == MySqlType::kBigInt && c.is_unsigned) {
      AppendCheck(out, "range", c, {col, " >= 0"});
    } else if (c.type != MySqlType::kBigInt) {
      AppendCheck(out, "range", c,
                  {col, " BETWEEN ", std::to_string(r.min), " AND ", std::to_string(r.max)});
    }
  } else if (c.type == MySqlType::kDecimal) {
    int precision = c.precision < 0 ? 10 : c.precision;
    int scale = c.scale < 0 ? 0 : c.scale;
    // |x| < 10^(precision - scale)
    const std::string limit = "1" + std::string(std::max(precision - scale, 0), '0');
    AppendCheck(
        out, "range", c,
        {c.is_unsigned ? col : "", c.is_unsigned ? " >= 0 AND " : "", "abs(", col, ") < ", limit});
  } else if ((c.type == MySqlType::kFloat || c.type == MySqlType::kDouble) && c.is_unsigned) {
    AppendCheck(out, "range", c, {col, " >= 0"});
  }
  int64_t max_length = -1;
  bool bytes = false;
  switch (c.type) {
    case MySqlType::kChar:
    case MySqlType::kVarchar:
      max_length = c.length < 0 ? 1 : c.length;
      break;
    case MySqlType::kBinary:
    case MySqlType::kVarbinary:
      max_length = c.length < 0 ? 1 : c.length;
      bytes = true;
      break;
    case MySqlType::kTinyText:
    case MySqlType::kText:
    case MySqlType::kTinyBlob:
    case MySqlType::kBlob:
      max_length = catalog::ImplicitMaxLength(c.type);
      bytes = true;  // TEXT limits are in bytes
      break;
    default:
      break;
  }
  if (max_length >= 0) {
    AppendCheck(out, "length", c,
                {bytes ? "length(CAST(" : "length(", col, bytes ? " AS BLOB))" : ")",
                 " <= ", std::to_string(max_length)});
  }
  if (c.type == MySqlType::kEnum && !c.members.empty()) {
    std::string list;
    for (const std::string& m : c.members) {
      if (!list.empty()) list += ", ";
      list += QuoteString(m);
    }
    AppendCheck(out, "enum", c, {col, " IN (", list, ")"});
  }
  return out;
}

std::string DefaultClause(const ColumnDef& c) {
  switch (c.default_kind) {
    case ColumnDef::Default::kNone:
      return "";
    case ColumnDef::Default::kNull:
      return " DEFAULT NULL";
    case ColumnDef::Default::kLiteral:
      // Quoted always: SQLite applies the column's affinity when the row is
      // stored, so '1' lands in an INTEGER column as 1.
      return StrCat({" DEFAULT ", QuoteString(c.default_value)});
    case ColumnDef::Default::kCurrentTimestamp:
      return c.scale > 0 ? " DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now'))"
                         : " DEFAULT CURRENT_TIMESTAMP";
    case ColumnDef::Default::kExpression:
      return StrCat({" DEFAULT (", c.default_sqlite, ")"});
  }
  return "";
}

}  // namespace

std::string DefaultValueSql(const ColumnDef& c) {
  std::string clause = DefaultClause(c);
  if (clause.empty()) return "NULL";
  return clause.substr(9);  // " DEFAULT "
}

Status ValidateTable(const TableDef& t) {
  auto wrong_auto = [] {
    return Error(ErrorCode::kWrongAutoKey,
                 "Incorrect table definition; there can be only one auto column and it must be "
                 "defined as a key");
  };
  for (size_t i = 0; i < t.columns.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (EqualsIgnoreCase(t.columns[i].name, t.columns[j].name)) {
        return Error(ErrorCode::kDuplicateFieldName,
                     "Duplicate column name '" + t.columns[i].name + "'");
      }
    }
  }
  if (t.columns.empty()) {
    return Error(ErrorCode::kTableMustHaveColumns, "A table must have at least 1 column");
  }
  int primary_keys = 0;
  for (const IndexDef& index : t.indexes) {
    if (index.kind == IndexDef::Kind::kPrimary) ++primary_keys;
    for (const catalog::KeyPart& p : index.parts) {
      if (t.FindColumn(p.column) == nullptr) {
        return Error(ErrorCode::kKeyColumnDoesNotExist,
                     "Key column '" + p.column + "' doesn't exist in table");
      }
    }
  }
  if (primary_keys > 1)
    return Error(ErrorCode::kMultiplePrimaryKey, "Multiple primary key defined");
  const ColumnDef* auto_column = nullptr;
  for (const ColumnDef& c : t.columns) {
    if (!c.auto_increment) continue;
    if (auto_column != nullptr) return wrong_auto();
    auto_column = &c;
  }
  if (auto_column != nullptr) {
    const IndexDef* pk = t.PrimaryKey();
    if (pk != nullptr && pk->parts.size() == 1 &&
        EqualsIgnoreCase(pk->parts[0].column, auto_column->name)) {
      return Status::Ok();
    }
    bool keyed = false;
    for (const IndexDef& index : t.indexes) {
      keyed = keyed || EqualsIgnoreCase(index.parts[0].column, auto_column->name);
    }
    if (!keyed) return wrong_auto();
    return Unsupported("AUTO_INCREMENT on a column that is not the whole primary key");
  }
  return Status::Ok();
}

namespace {

// Change capture (docs/cache.md): each written row's primary key, as a
// JSON array, and its values of the columns reads look rows up by
// (TableDef::LookupColumns, as a JSON object), noted in _edgesql_changes
// for the write's change event (the shard turns the notes into events when
// the write commits). An UPDATE notes the row before and after, a DELETE
// the row it removed; rows a cascade or a user's trigger writes are noted
// by their own table's triggers. Bytes are noted as hex (JSON holds no
// BLOB), and a table without a primary key notes NULL: its event then
// names the table only.
// A column's value as the change events name it: JSON cannot hold a blob,
// so a blob is written as its hex.
std::string JsonValueSql(std::string_view row, std::string_view column_name) {
  std::string column =
      row.empty() ? QuoteIdentifier(column_name) : StrCat({row, ".", QuoteIdentifier(column_name)});
  return StrCat(
      {"CASE WHEN typeof(", column, ") = 'blob' THEN hex(", column, ") ELSE ", column, " END"});
}

}  // namespace

std::string RowKeySql(const TableDef& t, std::string_view row) {
  const IndexDef* pk = t.PrimaryKey();
  if (pk == nullptr)
    return row.empty() ? "json_array(rowid)" : StrCat({"json_array(", row, ".rowid)"});
  std::string values;
  for (const catalog::KeyPart& part : pk->parts) {
    if (!values.empty()) values += ", ";
    values += JsonValueSql(row, part.column);
  }
  return StrCat({"json_array(", values, ")"});
}

std::string ColumnTypeSql(const TableDef& t, const ColumnDef& c) {
  std::string sql(StorageName(catalog::StorageOf(c.type)));
  if (catalog::IsString(c.type))
    sql += catalog::IsCaseInsensitive(t.CollationOf(c)) ? " COLLATE NOCASE" : " COLLATE BINARY";
  return sql;
}

namespace {

std::vector<std::string> CaptureTriggers(const TableDef& t, const std::string& name,
                                         const std::string& ine) {
  // The row's key, and its values of the columns reads look rows up by.
  auto note = [&](std::string_view row) {
    std::string pk = t.PrimaryKey() != nullptr ? RowKeySql(t, row) : "NULL";
    std::string lookup = "NULL";
    if (std::vector<std::string> columns = t.LookupColumns(); !columns.empty()) {
      std::string pairs;
      for (const std::string& c : columns) {
        if (!pairs.empty()) pairs += ", ";
        StrAppend(pairs, {QuoteString(AsciiLower(c)), ", ", JsonValueSql(row, c)});
      }
      lookup = StrCat({"json_object(", pairs, ")"});
    }
    return StrCat({"(", QuoteString(name), ", ", pk, ", ", lookup, ")"});
  };
  const std::string table = QuoteIdentifier(name);
  auto trigger = [&](std::string_view event, const std::string& rows) {
    return StrCat({"CREATE TRIGGER ", ine, QuoteIdentifier(name + "/capture/" + std::string(event)),
                   " AFTER ", event, " ON ", table,
                   " FOR EACH ROW BEGIN INSERT INTO _edgesql_changes (tbl, pk, lookup) VALUES ",
                   rows, "; END"});
  };
  return {trigger("INSERT", note("NEW")), trigger("UPDATE", note("OLD") + ", " + note("NEW")),
          trigger("DELETE", note("OLD"))};
}

}  // namespace

std::vector<std::string> SqliteSchema(const TableDef& t, const SchemaOptions& options) {
  const std::string& name = options.table_name.empty() ? t.name : options.table_name;
  std::string ine = options.if_not_exists ? "IF NOT EXISTS " : "";
  std::vector<std::string> out;

  bool table_part = options.part != SchemaOptions::Part::kExtrasOnly;
  bool extras_part = options.part != SchemaOptions::Part::kTableOnly;
  std::string sql = StrCat({"CREATE TABLE ", ine, QuoteIdentifier(name), " ("});
  const ColumnDef* auto_column = nullptr;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const ColumnDef& c = t.columns[i];
    if (i > 0) sql += ", ";
    sql += QuoteIdentifier(c.name);
    bool in_pk = InPrimaryKey(t, c);
    StorageClass storage = catalog::StorageOf(c.type);
    if (c.auto_increment) {
      auto_column = &c;
      sql += " INTEGER PRIMARY KEY AUTOINCREMENT";
    } else {
      // An INTEGER primary key would become SQLite's rowid alias and turn an
      // inserted NULL into a fresh id; MySQL rejects that NULL. INT keeps
      // integer affinity without the alias.
      sql += ' ';
      sql += (in_pk && storage == StorageClass::kInteger) ? "INT" : StorageName(storage);
      if (!c.nullable || in_pk) sql += " NOT NULL";
    }
    if (catalog::IsString(c.type)) {
      sql += catalog::IsCaseInsensitive(t.CollationOf(c)) ? " COLLATE NOCASE" : " COLLATE BINARY";
    }
    sql += DefaultClause(c);
    sql += StrictChecks(c);
  }
  const IndexDef* pk = t.PrimaryKey();
  if (pk != nullptr && auto_column == nullptr) {
    sql += ", PRIMARY KEY (";
    for (size_t i = 0; i < pk->parts.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += QuoteIdentifier(pk->parts[i].column);
    }
    sql += ')';
  }
  for (const catalog::ForeignKeyDef& fk : t.foreign_keys) {
    StrAppend(sql, {", CONSTRAINT ", QuoteIdentifier(fk.name), " FOREIGN KEY ("});
    for (size_t i = 0; i < fk.columns.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += QuoteIdentifier(fk.columns[i]);
    }
    StrAppend(sql, {") REFERENCES ", QuoteIdentifier(fk.ref_table), " ("});
    for (size_t i = 0; i < fk.ref_columns.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += QuoteIdentifier(fk.ref_columns[i]);
    }
    StrAppend(sql, {") ON DELETE ", fk.on_delete, " ON UPDATE ", fk.on_update});
  }
  for (const catalog::CheckDef& check : t.checks) {
    sql +=
        ", CONSTRAINT " + QuoteIdentifier(check.name) + " CHECK (" + check.sqlite_expression + ")";
  }
  sql += ')';
  if (table_part) out.push_back(std::move(sql));
  if (!extras_part) return out;

  for (const IndexDef& index : t.indexes) {
    if (index.kind == IndexDef::Kind::kPrimary || index.kind == IndexDef::Kind::kFulltext) continue;
    std::string create =
        index.kind == IndexDef::Kind::kUnique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ";
    StrAppend(create, {ine, IndexName(name, index.name), " ON ", QuoteIdentifier(name), " ("});
    for (size_t i = 0; i < index.parts.size(); ++i) {
      if (i > 0) create += ", ";
      create += QuoteIdentifier(index.parts[i].column);
      if (index.parts[i].descending) create += " DESC";
    }
    create += ')';
    out.push_back(std::move(create));
  }

  // ON UPDATE CURRENT_TIMESTAMP: MySQL refreshes the column when an UPDATE
  // changes some other column of the row and does not set this one itself.
  for (const ColumnDef& c : t.columns) {
    if (!c.on_update_current_timestamp) continue;
    std::string col = QuoteIdentifier(c.name);
    std::string changed;
    for (const ColumnDef& other : t.columns) {
      if (&other == &c) continue;
      if (!changed.empty()) changed += " OR ";
      std::string o = QuoteIdentifier(other.name);
      StrAppend(changed, {"NEW.", o, " IS NOT OLD.", o});
    }
    if (changed.empty()) changed = "0";
    std::string now = c.scale > 0 ? "strftime('%Y-%m-%d %H:%M:%f', 'now')" : "CURRENT_TIMESTAMP";
    out.push_back("CREATE TRIGGER " + ine + QuoteIdentifier(name + "/on_update/" + c.name) +
                  " AFTER UPDATE ON " + QuoteIdentifier(name) + " FOR EACH ROW WHEN NEW." + col +
                  " IS OLD." + col + " AND (" + changed + ") BEGIN UPDATE " +
                  QuoteIdentifier(name) + " SET " + col + " = " + now +
                  " WHERE rowid = NEW.rowid; END");
  }

  for (std::string& trigger : CaptureTriggers(t, name, ine)) out.push_back(std::move(trigger));

  if (t.auto_increment_start > 1 && auto_column != nullptr) {
    // sqlite_sequence holds the last id used; MySQL's option names the next.
    out.push_back(
        "INSERT INTO sqlite_sequence (name, seq) SELECT " + QuoteString(name) + ", " +
        std::to_string(t.auto_increment_start - 1) +
        " WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = " + QuoteString(name) + ")");
  }
  return out;
}

}  // namespace edgesql::transpile
