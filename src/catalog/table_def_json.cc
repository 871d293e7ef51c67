#include "catalog/table_def_json.h"

namespace edgesql::catalog {
namespace {

using Json = edgesql::Json;

Error Malformed(std::string_view what) {
  return Error(ErrorCode::kInternal,
               "Internal error: malformed catalog entry (" + std::string(what) + ")");
}

std::string Str(const Json& j, const char* key, std::string fallback = "") {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

int64_t Int(const Json& j, const char* key, int64_t fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

bool Bool(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::vector<std::string> Strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const Json& v : *it) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

const Json& Array(const Json& j, const char* key) {
  static const Json kEmpty = Json::array();
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

}  // namespace

Json ToJson(const TableDef& t) {
  Json columns = Json::array();
  for (const ColumnDef& c : t.columns) {
    Json col{{"name", c.name}, {"type", TypeName(c.type)}, {"nullable", c.nullable}};
    if (c.length >= 0) col["length"] = c.length;
    if (c.precision >= 0) col["precision"] = c.precision;
    if (c.scale >= 0) col["scale"] = c.scale;
    if (c.is_unsigned) col["unsigned"] = true;
    if (c.zerofill) col["zerofill"] = true;
    if (!c.members.empty()) col["members"] = c.members;
    if (c.default_kind != ColumnDef::Default::kNone) {
      col["default"] = static_cast<int>(c.default_kind);
      col["defaultValue"] = c.default_value;
      if (!c.default_sqlite.empty()) col["defaultSqlite"] = c.default_sqlite;
    }
    if (c.auto_increment) col["autoIncrement"] = true;
    if (c.on_update_current_timestamp) col["onUpdateNow"] = true;
    if (!c.charset.empty()) col["charset"] = c.charset;
    if (!c.collation.empty()) col["collation"] = c.collation;
    if (!c.comment.empty()) col["comment"] = c.comment;
    columns.push_back(std::move(col));
  }
  Json indexes = Json::array();
  for (const IndexDef& i : t.indexes) {
    Json parts = Json::array();
    for (const KeyPart& p : i.parts) {
      Json part{{"column", p.column}};
      if (p.prefix_length >= 0) part["prefix"] = p.prefix_length;
      if (p.descending) part["desc"] = true;
      parts.push_back(std::move(part));
    }
    Json index{{"name", i.name}, {"kind", static_cast<int>(i.kind)}, {"parts", std::move(parts)}};
    if (!i.comment.empty()) index["comment"] = i.comment;
    indexes.push_back(std::move(index));
  }
  Json fks = Json::array();
  for (const ForeignKeyDef& f : t.foreign_keys) {
    fks.push_back({{"name", f.name},
                   {"columns", f.columns},
                   {"refTable", f.ref_table},
                   {"refColumns", f.ref_columns},
                   {"onDelete", f.on_delete},
                   {"onUpdate", f.on_update}});
  }
  Json checks = Json::array();
  for (const CheckDef& c : t.checks) {
    checks.push_back(
        {{"name", c.name}, {"expression", c.expression}, {"sqlite", c.sqlite_expression}});
  }
  Json j{{"name", t.name},
         {"columns", std::move(columns)},
         {"indexes", std::move(indexes)},
         {"foreignKeys", std::move(fks)},
         {"checks", std::move(checks)},
         {"engine", t.engine},
         {"charset", t.charset},
         {"collation", t.collation}};
  if (!t.comment.empty()) j["comment"] = t.comment;
  if (t.auto_increment_start > 0) j["autoIncrement"] = t.auto_increment_start;
  if (t.is_view()) {
    j["view"] = t.view_query;
    j["viewTables"] = t.view_tables;
  }
  return j;
}

Result<TableDef> TableFromJson(const Json& j) {
  if (!j.is_object()) return Malformed("not an object");
  TableDef t;
  t.name = Str(j, "name");
  if (t.name.empty()) return Malformed("no name");
  for (const Json& cj : Array(j, "columns")) {
    if (!cj.is_object()) return Malformed("column");
    ColumnDef c;
    c.name = Str(cj, "name");
    std::optional<MySqlType> type = ParseMySqlType(Str(cj, "type"));
    if (c.name.empty() || !type) return Malformed("column " + c.name);
    c.type = *type;
    c.nullable = Bool(cj, "nullable");
    c.length = Int(cj, "length", -1);
    c.precision = static_cast<int>(Int(cj, "precision", -1));
    c.scale = static_cast<int>(Int(cj, "scale", -1));
    c.is_unsigned = Bool(cj, "unsigned");
    c.zerofill = Bool(cj, "zerofill");
    c.members = Strings(cj, "members");
    int64_t kind = Int(cj, "default", 0);
    if (kind < 0 || kind > static_cast<int>(ColumnDef::Default::kExpression))
      return Malformed("default");
    c.default_kind = static_cast<ColumnDef::Default>(kind);
    c.default_value = Str(cj, "defaultValue");
    c.default_sqlite = Str(cj, "defaultSqlite");
    c.auto_increment = Bool(cj, "autoIncrement");
    c.on_update_current_timestamp = Bool(cj, "onUpdateNow");
    c.charset = Str(cj, "charset");
    c.collation = Str(cj, "collation");
    c.comment = Str(cj, "comment");
    t.columns.push_back(std::move(c));
  }
  for (const Json& ij : Array(j, "indexes")) {
    if (!ij.is_object()) return Malformed("index");
    IndexDef i;
    i.name = Str(ij, "name");
    int64_t kind = Int(ij, "kind", 2);
    if (kind < 0 || kind > static_cast<int>(IndexDef::Kind::kFulltext))
      return Malformed("index kind");
    i.kind = static_cast<IndexDef::Kind>(kind);
    for (const Json& pj : Array(ij, "parts")) {
      if (!pj.is_object()) return Malformed("key part");
      i.parts.push_back(KeyPart{Str(pj, "column"), Int(pj, "prefix", -1), Bool(pj, "desc")});
    }
    i.comment = Str(ij, "comment");
    t.indexes.push_back(std::move(i));
  }
  for (const Json& fj : Array(j, "foreignKeys")) {
    if (!fj.is_object()) return Malformed("foreign key");
    t.foreign_keys.push_back(ForeignKeyDef{
        Str(fj, "name"), Strings(fj, "columns"), Str(fj, "refTable"), Strings(fj, "refColumns"),
        Str(fj, "onDelete", "RESTRICT"), Str(fj, "onUpdate", "RESTRICT")});
  }
  for (const Json& cj : Array(j, "checks")) {
    if (!cj.is_object()) return Malformed("check");
    t.checks.push_back(CheckDef{Str(cj, "name"), Str(cj, "expression"), Str(cj, "sqlite")});
  }
  t.engine = Str(j, "engine", "InnoDB");
  t.charset = Str(j, "charset", "utf8mb4");
  t.collation = Str(j, "collation", "utf8mb4_0900_ai_ci");
  t.comment = Str(j, "comment");
  t.auto_increment_start = Int(j, "autoIncrement", 0);
  t.view_query = Str(j, "view");
  if (auto v = j.find("viewTables"); v != j.end() && v->is_array()) {
    for (const auto& name : *v) {
      if (name.is_string()) t.view_tables.push_back(name.get<std::string>());
    }
  }
  return t;
}

std::string TableToJsonText(const TableDef& table) {
  return ToJson(table).dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<TableDef> TableFromJsonText(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return Malformed("not JSON");
  return TableFromJson(j);
}

}  // namespace edgesql::catalog
