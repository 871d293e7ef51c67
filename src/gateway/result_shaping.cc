#include "gateway/result_shaping.h"

#include <cmath>
#include <cstdio>

namespace edgesql::gateway {
namespace {

using catalog::ColumnDef;
using catalog::MySqlType;

struct FieldType {
  std::string_view name;
  int code;
  const ColumnDef* column = nullptr;  // when the catalog knew it
  const catalog::TableDef* table = nullptr;
};

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

FieldType Resolve(const std::string& name, const Json& rows, size_t c,
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

void ShapeResultSet(const Json& columns, const Json& rows,
                    const std::vector<const catalog::TableDef*>& tables, bool rows_as_array,
                    Json& body) {
  std::vector<FieldType> types;
  Json fields = Json::array();
  for (size_t c = 0; c < columns.size(); ++c) {
    std::string name = columns[c].is_string() ? columns[c].get<std::string>() : "";
    FieldType type = Resolve(name, rows, c, tables);
    Json field{{"name", name}, {"type", type.name}, {"columnType", type.code}};
    if (type.table != nullptr) field["table"] = type.table->name;
    if (type.column != nullptr && type.column->type == MySqlType::kDecimal) {
      field["decimals"] = type.column->scale < 0 ? 0 : type.column->scale;
    }
    fields.push_back(std::move(field));
    types.push_back(type);
  }
  auto value = [&](const Json& v, size_t c) -> Json {
    const ColumnDef* col = types[c].column;
    if (col != nullptr && col->type == MySqlType::kDecimal) return DecimalText(v, col->scale);
    return v;
  };
  Json out = Json::array();
  for (const Json& row : rows) {
    if (!row.is_array()) continue;
    if (rows_as_array) {
      Json values = Json::array();
      for (size_t c = 0; c < row.size() && c < types.size(); ++c)
        values.push_back(value(row[c], c));
      out.push_back(std::move(values));
    } else {
      Json object = Json::object();
      for (size_t c = 0; c < row.size() && c < types.size(); ++c) {
        if (columns[c].is_string()) object[columns[c].get<std::string>()] = value(row[c], c);
      }
      out.push_back(std::move(object));
    }
  }
  body["rows"] = std::move(out);
  body["fields"] = std::move(fields);
}

}  // namespace edgesql::gateway
