#include "catalog/column_facts.h"

namespace edgesql::catalog {

std::string ColumnKey(const TableDef& t, const ColumnDef& c) {
  for (const IndexDef& i : t.indexes) {
    if (i.kind != IndexDef::Kind::kPrimary) continue;
    for (const KeyPart& p : i.parts) {
      if (t.FindColumn(p.column) == &c) return "PRI";
    }
  }
  for (const IndexDef& i : t.indexes) {
    if (i.kind == IndexDef::Kind::kUnique && i.parts.size() == 1 &&
        t.FindColumn(i.parts[0].column) == &c) {
      return "UNI";
    }
  }
  for (const IndexDef& i : t.indexes) {
    if (!i.parts.empty() && t.FindColumn(i.parts[0].column) == &c) return "MUL";
  }
  return "";
}

std::optional<std::string> ColumnDefaultText(const ColumnDef& c) {
  switch (c.default_kind) {
    case ColumnDef::Default::kNone:
    case ColumnDef::Default::kNull:
      return std::nullopt;
    case ColumnDef::Default::kLiteral:
    case ColumnDef::Default::kExpression:
      return c.default_value;
    case ColumnDef::Default::kCurrentTimestamp:
      return c.scale > 0 ? "CURRENT_TIMESTAMP(" + std::to_string(c.scale) + ")"
                         : std::string("CURRENT_TIMESTAMP");
  }
  return std::nullopt;
}

std::string ColumnExtra(const ColumnDef& c) {
  if (c.auto_increment) return "auto_increment";
  std::string extra;
  if (c.default_kind == ColumnDef::Default::kCurrentTimestamp ||
      c.default_kind == ColumnDef::Default::kExpression) {
    extra = "DEFAULT_GENERATED";
  }
  if (c.on_update_current_timestamp) {
    if (!extra.empty()) extra += ' ';
    extra += "on update CURRENT_TIMESTAMP";
  }
  return extra;
}

}  // namespace edgesql::catalog
