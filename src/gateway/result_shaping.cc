#include "gateway/result_shaping.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "gateway/json_writer.h"

namespace edgesql::gateway {
namespace {

using catalog::ColumnDef;
using catalog::MySqlType;

struct FieldType {
  FieldType(std::string_view name, int code, const ColumnDef* column = nullptr,
            const catalog::TableDef* table = nullptr)
      : name(name), code(code), column(column), table(table) {}

  std::string_view name;
  int code;
  const ColumnDef* column;  // when the catalog knew it
  const catalog::TableDef* table;
  // From the generator, when it typed the column.
  bool typed = false;
  MySqlType type = MySqlType::kVarchar;
  int scale = -1;
  std::string table_name;
};

FieldType FromTyped(const Json& t) {
  if (t.value("null", false)) return {"NULL", 6};
  FieldType f{"", 0};
  f.typed = true;
  f.type = static_cast<MySqlType>(t.value("type", 0));
  f.scale = t.value("scale", -1);
  f.table_name = t.value("table", "");
  catalog::WireType wire = catalog::WireTypeOf(f.type);
  f.name = wire.name;
  f.code = wire.code;
  return f;
}

// JSON text as MySQL prints it: ", " between items and ": " after keys.
void AppendMySqlJson(const Json& v, std::string& out) {
  if (v.is_object()) {
    out += '{';
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      out += Json(it.key()).dump();
      out += ": ";
      AppendMySqlJson(it.value(), out);
    }
    out += '}';
  } else if (v.is_array()) {
    out += '[';
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out += ", ";
      AppendMySqlJson(v[i], out);
    }
    out += ']';
  } else {
    out += Dump(v);
  }
}

Json MySqlJsonText(const Json& v) {
  if (!v.is_string()) return v;
  const std::string& text = v.get_ref<const std::string&>();
  Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return v;
  std::string out;
  AppendMySqlJson(parsed, out);
  return out;
}

FieldType FromValues(const Json& rows, size_t c) {
  bool any = false, text = false, binary = false, real = false;
  for (const Json& row : rows) {
    if (!row.is_array() || c >= row.size()) continue;
    const Json& v = row[c];
    if (v.is_null()) continue;
    any = true;
    if (v.is_string()) text = true;
    if (v.is_object()) binary = true;
    if (v.is_number_float() && v.get<double>() != std::floor(v.get<double>())) real = true;
  }
  if (!any) return {"NULL", 6};
  if (binary) return {"BLOB", 252};
  if (text) return {"VAR_STRING", 253};
  if (real) return {"DOUBLE", 5};
  return {"LONGLONG", 8};
}

FieldType Resolve(std::string_view name, const Json& rows, size_t c,
                  const std::vector<const catalog::TableDef*>& tables) {
  const ColumnDef* found = nullptr;
  const catalog::TableDef* owner = nullptr;
  int matches = 0;
  for (const catalog::TableDef* t : tables) {
    if (t == nullptr) continue;
    if (const ColumnDef* col = t->FindColumn(name)) {
      found = col;
      owner = t;
      ++matches;
    }
  }
  if (matches != 1) return FromValues(rows, c);
  catalog::WireType wire = catalog::WireTypeOf(found->type);
  return {wire.name, wire.code, found, owner};
}

// MySQL sends DECIMAL values as text with exactly the declared scale.
Json DecimalText(const Json& v, int scale) {
  if (!v.is_number()) return v;
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", scale < 0 ? 0 : scale, v.get<double>());
  if (v.is_number_integer() && scale <= 0) return std::to_string(v.get<int64_t>());
  return std::string(buffer);
}

}  // namespace

Json ResultColumnsJson(const std::vector<transpile::ResultColumn>& columns) {
  Json out = Json::array();
  for (const transpile::ResultColumn& c : columns) {
    switch (c.kind) {
      case transpile::ResultColumn::Kind::kUnknown:
        out.push_back(nullptr);
        break;
      case transpile::ResultColumn::Kind::kNull:
        out.push_back(JsonObjectOf("null", true));
        break;
      case transpile::ResultColumn::Kind::kTyped: {
        Json t = JsonObjectOf("type", static_cast<int>(c.type));
        if (c.scale >= 0) t["scale"] = c.scale;
        if (c.is_unsigned) t["unsigned"] = true;
        if (!c.table.empty()) t["table"] = c.table;
        out.push_back(std::move(t));
      }
    }
  }
  return out;
}

ShapedResultSet ShapeResultSet(const Json& columns, const Json& rows,
                               const std::vector<const catalog::TableDef*>& tables,
                               const Json& typed, bool rows_as_array) {
  std::vector<FieldType> types;
  ShapedResultSet shaped;
  JsonWriter fields(shaped.fields);
  fields.BeginArray();
  bool use_typed = typed.is_array() && typed.size() == columns.size();
  for (size_t c = 0; c < columns.size(); ++c) {
    std::string_view name =
        columns[c].is_string() ? std::string_view(columns[c].get_ref<const std::string&>()) : "";
    FieldType type =
        use_typed && typed[c].is_object() ? FromTyped(typed[c]) : Resolve(name, rows, c, tables);
    if (type.column != nullptr) {
      type.typed = true;
      type.type = type.column->type;
      type.scale = type.column->scale;
      if (type.table != nullptr) type.table_name = type.table->name;
    }
    // Members in name order, as an nlohmann object would write them.
    fields.BeginObject();
    fields.Key("columnType");
    fields.Int(type.code);
    if (type.typed && type.type == MySqlType::kDecimal) {
      fields.Key("decimals");
      fields.Int(type.scale < 0 ? 0 : type.scale);
    }
    fields.Key("name");
    fields.String(name);
    if (!type.table_name.empty()) {
      fields.Key("table");
      fields.String(type.table_name);
    }
    fields.Key("type");
    fields.String(type.name);
    fields.EndObject();
    types.push_back(std::move(type));
  }
  fields.EndArray();
  fields.Finish();
  // A value as the API sends it: null when it is sent as the shard gave it
  // (most are), so that those are written without a copy.
  auto converted = [&](const Json& v, size_t c) -> std::optional<Json> {
    const FieldType& t = types[c];
    if (!t.typed || v.is_null()) return std::nullopt;
    if (t.type == MySqlType::kDecimal) return DecimalText(v, t.scale);
    // SQLite computes some integer results as REAL (round(), avg of a
    // whole number): MySQL sends the integer.
    if (catalog::IsInteger(t.type) && v.is_string())
      return JsonObjectOf("$bigint", v);  // beyond 2^53
    if (catalog::IsInteger(t.type) && v.is_number_float()) {
      double d = v.get<double>();
      if (d == std::floor(d) && std::fabs(d) < 9.2e18) return Json(static_cast<int64_t>(d));
    }
    if (t.type == MySqlType::kJson && t.column == nullptr) return MySqlJsonText(v);
    return std::nullopt;
  };
  // An object row's members: by column name (JsonKeyLess's order, as every
  // object is written), a later duplicate winning, as in an object built
  // up member by member. A row that holds every column is written straight
  // from the row, without building that object.
  std::vector<size_t> by_name;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].is_string()) by_name.push_back(c);
  }
  std::stable_sort(by_name.begin(), by_name.end(), [&](size_t a, size_t b) {
    return JsonKeyLess()(columns[a].get_ref<const std::string&>(),
                         columns[b].get_ref<const std::string&>());
  });
  std::vector<size_t> members;
  for (size_t i = 0; i < by_name.size(); ++i) {
    if (i + 1 < by_name.size() && columns[by_name[i]] == columns[by_name[i + 1]]) continue;
    members.push_back(by_name[i]);
  }
  JsonWriter out(shaped.rows);
  out.BeginArray();
  for (const Json& row : rows) {
    if (!row.is_array()) continue;
    if (!rows_as_array && row.size() >= types.size()) {
      out.BeginObject();
      for (size_t c : members) {
        out.EscapedKey(columns[c].get_ref<const std::string&>());
        std::optional<Json> v = converted(row[c], c);
        Write(out, v ? *v : row[c]);
      }
      out.EndObject();
    } else if (rows_as_array) {
      out.BeginArray();
      for (size_t c = 0; c < row.size() && c < types.size(); ++c) {
        std::optional<Json> v = converted(row[c], c);
        Write(out, v ? *v : row[c]);
      }
      out.EndArray();
    } else {
      // By column name, a later duplicate winning, in name order: as an
      // object built up and written.
      Json object = Json::object();
      for (size_t c = 0; c < row.size() && c < types.size(); ++c) {
        if (!columns[c].is_string()) continue;
        std::optional<Json> v = converted(row[c], c);
        object[columns[c].get<std::string>()] = v ? std::move(*v) : row[c];
      }
      Write(out, object);
    }
  }
  out.EndArray();
  out.Finish();
  return shaped;
}

}  // namespace edgesql::gateway
