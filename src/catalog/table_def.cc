#include "catalog/table_def.h"

#include <cctype>

#include "common/ascii.h"

namespace edgesql::catalog {
namespace {

void AppendQuoted(std::string& out, std::string_view value) {
  out += '\'';
  for (char c : value) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
}

}  // namespace

const ColumnDef* TableDef::FindColumn(std::string_view column) const {
  for (const ColumnDef& c : columns) {
    if (EqualsIgnoreCase(c.name, column)) return &c;
  }
  return nullptr;
}

ColumnDef* TableDef::FindColumn(std::string_view column) {
  for (ColumnDef& c : columns) {
    if (EqualsIgnoreCase(c.name, column)) return &c;
  }
  return nullptr;
}

const IndexDef* TableDef::PrimaryKey() const {
  for (const IndexDef& index : indexes) {
    if (index.kind == IndexDef::Kind::kPrimary) return &index;
  }
  return nullptr;
}

std::vector<std::string> TableDef::LookupColumns() const {
  std::vector<std::string> out;
  for (const IndexDef& index : indexes) {
    if (index.kind == IndexDef::Kind::kPrimary || index.kind == IndexDef::Kind::kFulltext ||
        index.parts.empty())
      continue;
    const std::string& column = index.parts[0].column;
    bool seen = false;
    for (const std::string& c : out) seen = seen || EqualsIgnoreCase(c, column);
    if (!seen && FindColumn(column) != nullptr) out.push_back(FindColumn(column)->name);
  }
  return out;
}

const IndexDef* TableDef::FindIndex(std::string_view index) const {
  for (const IndexDef& i : indexes) {
    if (EqualsIgnoreCase(i.name, index)) return &i;
  }
  return nullptr;
}

std::string_view TableDef::CollationOf(const ColumnDef& column) const {
  return column.collation.empty() ? std::string_view(collation)
                                  : std::string_view(column.collation);
}

std::string ColumnTypeText(const ColumnDef& c) {
  std::string out(TypeName(c.type));
  switch (c.type) {
    case MySqlType::kEnum:
    case MySqlType::kSet: {
      out += '(';
      for (size_t i = 0; i < c.members.size(); ++i) {
        if (i > 0) out += ',';
        AppendQuoted(out, c.members[i]);
      }
      out += ')';
      break;
    }
    case MySqlType::kDecimal:
      out += "(" + std::to_string(c.precision < 0 ? 10 : c.precision) + "," +
             std::to_string(c.scale < 0 ? 0 : c.scale) + ")";
      break;
    case MySqlType::kFloat:
    case MySqlType::kDouble:
      if (c.precision >= 0 && c.scale >= 0) {
        out += "(" + std::to_string(c.precision) + "," + std::to_string(c.scale) + ")";
      }
      break;
    case MySqlType::kChar:
    case MySqlType::kBinary:
      out += "(" + std::to_string(c.length < 0 ? 1 : c.length) + ")";
      break;
    case MySqlType::kVarchar:
    case MySqlType::kVarbinary:
    case MySqlType::kBit:
      if (c.length >= 0) out += "(" + std::to_string(c.length) + ")";
      break;
    case MySqlType::kTinyInt:
      // MySQL 8 drops integer display widths, except tinyint(1), the
      // conventional boolean, which drivers and ORMs look for.
      if (c.length == 1) out += "(1)";
      break;
    case MySqlType::kDatetime:
    case MySqlType::kTimestamp:
    case MySqlType::kTime:
      if (c.scale > 0) out += "(" + std::to_string(c.scale) + ")";
      break;
    default:
      break;
  }
  if (c.is_unsigned) out += " unsigned";
  if (c.zerofill) out += " zerofill";
  return out;
}

bool IsCaseInsensitive(std::string_view collation) {
  return collation.size() >= 3 && collation.substr(collation.size() - 3) == "_ci";
}

const TableDef* DatabaseSchema::FindTable(std::string_view name) const {
  auto it = tables.find(std::string(name));
  return it == tables.end() ? nullptr : &it->second;
}

}  // namespace edgesql::catalog
