#include "transpile/information_schema.h"

#include <cctype>
#include <vector>

#include "catalog/column_facts.h"
#include "common/ascii.h"
#include "common/json.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

using Json = edgesql::Json;
using catalog::ColumnDef;
using catalog::IndexDef;
using catalog::MySqlType;
using catalog::TableDef;

struct View {
  std::string_view name;
  std::vector<std::string_view> columns;  // MySQL 8.0's, in order
};

const std::vector<View>& Views() {
  static const std::vector<View>* views = new std::vector<View>{
      {"SCHEMATA",
       {"CATALOG_NAME", "SCHEMA_NAME", "DEFAULT_CHARACTER_SET_NAME", "DEFAULT_COLLATION_NAME",
        "SQL_PATH", "DEFAULT_ENCRYPTION"}},
      {"TABLES",
       {"TABLE_CATALOG",   "TABLE_SCHEMA", "TABLE_NAME",      "TABLE_TYPE",     "ENGINE",
        "VERSION",         "ROW_FORMAT",   "TABLE_ROWS",      "AVG_ROW_LENGTH", "DATA_LENGTH",
        "MAX_DATA_LENGTH", "INDEX_LENGTH", "DATA_FREE",       "AUTO_INCREMENT", "CREATE_TIME",
        "UPDATE_TIME",     "CHECK_TIME",   "TABLE_COLLATION", "CHECKSUM",       "CREATE_OPTIONS",
        "TABLE_COMMENT"}},
      {"TABLE_CONSTRAINTS",
       {"CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_SCHEMA", "TABLE_NAME",
        "CONSTRAINT_TYPE", "ENFORCED"}},
      {"VIEWS",
       {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "VIEW_DEFINITION", "CHECK_OPTION",
        "IS_UPDATABLE", "DEFINER", "SECURITY_TYPE", "CHARACTER_SET_CLIENT",
        "COLLATION_CONNECTION"}},
      {"COLUMNS",
       {"TABLE_CATALOG",
        "TABLE_SCHEMA",
        "TABLE_NAME",
        "COLUMN_NAME",
        "ORDINAL_POSITION",
        "COLUMN_DEFAULT",
        "IS_NULLABLE",
        "DATA_TYPE",
        "CHARACTER_MAXIMUM_LENGTH",
        "CHARACTER_OCTET_LENGTH",
        "NUMERIC_PRECISION",
        "NUMERIC_SCALE",
        "DATETIME_PRECISION",
        "CHARACTER_SET_NAME",
        "COLLATION_NAME",
        "COLUMN_TYPE",
        "COLUMN_KEY",
        "EXTRA",
        "PRIVILEGES",
        "COLUMN_COMMENT",
        "GENERATION_EXPRESSION",
        "SRS_ID"}},
      {"KEY_COLUMN_USAGE",
       {"CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "TABLE_CATALOG",
        "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION",
        "POSITION_IN_UNIQUE_CONSTRAINT", "REFERENCED_TABLE_SCHEMA", "REFERENCED_TABLE_NAME",
        "REFERENCED_COLUMN_NAME"}},
      {"STATISTICS",
       {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "NON_UNIQUE", "INDEX_SCHEMA", "INDEX_NAME",
        "SEQ_IN_INDEX", "COLUMN_NAME", "COLLATION", "CARDINALITY", "SUB_PART", "PACKED", "NULLABLE",
        "INDEX_TYPE", "COMMENT", "INDEX_COMMENT", "IS_VISIBLE", "EXPRESSION"}},
      {"REFERENTIAL_CONSTRAINTS",
       {"CONSTRAINT_CATALOG", "CONSTRAINT_SCHEMA", "CONSTRAINT_NAME", "UNIQUE_CONSTRAINT_CATALOG",
        "UNIQUE_CONSTRAINT_SCHEMA", "UNIQUE_CONSTRAINT_NAME", "MATCH_OPTION", "UPDATE_RULE",
        "DELETE_RULE", "TABLE_NAME", "REFERENCED_TABLE_NAME"}},
  };
  return *views;
}

const View* FindView(std::string_view name) {
  std::string upper = AsciiUpper(name);
  for (const View& v : Views()) {
    if (v.name == upper) return &v;
  }
  return nullptr;
}

Json Nullable(std::optional<std::string> s) { return s ? Json(*s) : Json(nullptr); }

// Character and numeric facts MySQL reports per column.
void TypeFacts(const ColumnDef& c, Json& char_max, Json& octet_max, Json& precision, Json& scale,
               Json& datetime_precision) {
  char_max = octet_max = precision = scale = datetime_precision = nullptr;
  if (catalog::IsString(c.type) || catalog::IsBinary(c.type)) {
    int64_t length = c.length;
    if (c.type == MySqlType::kEnum || c.type == MySqlType::kSet) {
      length = 0;
      for (const std::string& m : c.members)
        length = std::max<int64_t>(length, static_cast<int64_t>(m.size()));
    } else if (length < 0) {
      length = catalog::ImplicitMaxLength(c.type);
    }
    bool binary = catalog::IsBinary(c.type);
    char_max = length;
    octet_max = binary ? length : length * 4;  // utf8mb4: up to 4 bytes a character
    return;
  }
  switch (c.type) {
    case MySqlType::kTinyInt:
      precision = 3;
      scale = 0;
      break;
    case MySqlType::kSmallInt:
      precision = 5;
      scale = 0;
      break;
    case MySqlType::kMediumInt:
      precision = 7;
      scale = 0;
      break;
    case MySqlType::kInt:
      precision = 10;
      scale = 0;
      break;
    case MySqlType::kBigInt:
      precision = c.is_unsigned ? 20 : 19;
      scale = 0;
      break;
    case MySqlType::kDecimal:
      precision = c.precision < 0 ? 10 : c.precision;
      scale = c.scale < 0 ? 0 : c.scale;
      break;
    case MySqlType::kFloat:
      precision = 12;
      break;
    case MySqlType::kDouble:
      precision = 22;
      break;
    case MySqlType::kBit:
      precision = c.length < 0 ? 1 : c.length;
      break;
    case MySqlType::kDatetime:
    case MySqlType::kTimestamp:
    case MySqlType::kTime:
      datetime_precision = c.scale < 0 ? 0 : c.scale;
      break;
    default:
      break;
  }
}

Json ViewRows(const View& view, const catalog::DatabaseSchema* schema, std::string_view database) {
  Json rows = Json::array();
  if (view.name == "SCHEMATA") {
    if (!database.empty()) {
      rows.push_back({"def", database, "utf8mb4", "utf8mb4_0900_ai_ci", nullptr, "NO"});
    }
    return rows;
  }
  if (schema == nullptr) return rows;
  for (const auto& [name, t] : schema->tables) {
    if (view.name == "TABLE_CONSTRAINTS") {
      for (const IndexDef& i : t.indexes) {
        if (i.kind != IndexDef::Kind::kPrimary && i.kind != IndexDef::Kind::kUnique) continue;
        rows.push_back({"def", database, i.name, database, t.name,
                        i.kind == IndexDef::Kind::kPrimary ? "PRIMARY KEY" : "UNIQUE", "YES"});
      }
      for (const catalog::ForeignKeyDef& f : t.foreign_keys)
        rows.push_back({"def", database, f.name, database, t.name, "FOREIGN KEY", "YES"});
      for (const catalog::CheckDef& c : t.checks)
        rows.push_back({"def", database, c.name, database, t.name, "CHECK", "YES"});
    } else if (view.name == "VIEWS") {
      if (t.is_view()) {
        rows.push_back({"def", database, t.name, t.view_query, "NONE", "YES", "root@%", "DEFINER",
                        "utf8mb4", "utf8mb4_0900_ai_ci"});
      }
    } else if (view.name == "TABLES" && t.is_view()) {
      rows.push_back({"def",   database, t.name,  "VIEW",  nullptr, nullptr, nullptr,
                      nullptr, nullptr,  nullptr, nullptr, nullptr, nullptr, nullptr,
                      nullptr, nullptr,  nullptr, nullptr, nullptr, nullptr, "VIEW"});
    } else if (view.name == "TABLES") {
      Json auto_increment = nullptr;
      for (const ColumnDef& c : t.columns) {
        if (c.auto_increment)
          auto_increment = t.auto_increment_start > 0 ? t.auto_increment_start : 1;
      }
      rows.push_back({"def",   database, t.name,  "BASE TABLE", t.engine, 10,      "Dynamic",
                      nullptr, nullptr,  nullptr, nullptr,      nullptr,  nullptr, auto_increment,
                      nullptr, nullptr,  nullptr, t.collation,  nullptr,  "",      t.comment});
    } else if (view.name == "COLUMNS") {
      for (size_t i = 0; i < t.columns.size(); ++i) {
        const ColumnDef& c = t.columns[i];
        Json char_max, octet_max, precision, scale, dt;
        TypeFacts(c, char_max, octet_max, precision, scale, dt);
        bool text = catalog::IsString(c.type);
        rows.push_back({"def",
                        database,
                        t.name,
                        c.name,
                        i + 1,
                        Nullable(catalog::ColumnDefaultText(c)),
                        c.nullable ? "YES" : "NO",
                        catalog::TypeName(c.type),
                        char_max,
                        octet_max,
                        precision,
                        scale,
                        dt,
                        text ? Json(c.charset.empty() ? t.charset : c.charset) : Json(nullptr),
                        text ? Json(std::string(t.CollationOf(c))) : Json(nullptr),
                        catalog::ColumnTypeText(c),
                        catalog::ColumnKey(t, c),
                        catalog::ColumnExtra(c),
                        "select,insert,update,references",
                        c.comment,
                        "",
                        nullptr});
      }
    } else if (view.name == "KEY_COLUMN_USAGE") {
      for (const IndexDef& i : t.indexes) {
        if (i.kind != IndexDef::Kind::kPrimary && i.kind != IndexDef::Kind::kUnique) continue;
        for (size_t k = 0; k < i.parts.size(); ++k) {
          rows.push_back({"def", database, i.name, "def", database, t.name, i.parts[k].column,
                          k + 1, nullptr, nullptr, nullptr, nullptr});
        }
      }
      for (const catalog::ForeignKeyDef& f : t.foreign_keys) {
        for (size_t k = 0; k < f.columns.size(); ++k) {
          rows.push_back({"def", database, f.name, "def", database, t.name, f.columns[k], k + 1,
                          k + 1, database, f.ref_table,
                          k < f.ref_columns.size() ? Json(f.ref_columns[k]) : Json(nullptr)});
        }
      }
    } else if (view.name == "STATISTICS") {
      for (const IndexDef& i : t.indexes) {
        bool unique = i.kind == IndexDef::Kind::kPrimary || i.kind == IndexDef::Kind::kUnique;
        for (size_t k = 0; k < i.parts.size(); ++k) {
          const ColumnDef* c = t.FindColumn(i.parts[k].column);
          rows.push_back(
              {"def", database, t.name, unique ? 0 : 1, database, i.name, k + 1, i.parts[k].column,
               i.parts[k].descending ? "D" : "A", 0,
               i.parts[k].prefix_length >= 0 ? Json(i.parts[k].prefix_length) : Json(nullptr),
               nullptr, c != nullptr && c->nullable ? "YES" : "",
               i.kind == IndexDef::Kind::kFulltext ? "FULLTEXT" : "BTREE", "", i.comment, "YES",
               nullptr});
        }
      }
    } else if (view.name == "REFERENTIAL_CONSTRAINTS") {
      for (const catalog::ForeignKeyDef& f : t.foreign_keys) {
        rows.push_back({"def", database, f.name, "def", database, "PRIMARY", "NONE", f.on_update,
                        f.on_delete, t.name, f.ref_table});
      }
    }
  }
  return rows;
}

}  // namespace

bool IsInformationSchemaView(std::string_view name) { return FindView(name) != nullptr; }

std::string InformationSchemaCteName(std::string_view view) {
  return QuoteIdentifier("information_schema." + AsciiUpper(view));
}

std::string InformationSchemaWith(const std::set<std::string>& views, int param) {
  std::string sql = "WITH ";
  bool first = true;
  for (const std::string& name : views) {
    const View* view = FindView(name);
    if (view == nullptr) continue;
    if (!first) sql += ", ";
    first = false;
    sql += InformationSchemaCteName(view->name) + " AS (SELECT ";
    for (size_t i = 0; i < view->columns.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += "value ->> " + std::to_string(i) + " AS " + QuoteIdentifier(view->columns[i]);
    }
    sql += " FROM json_each(?" + std::to_string(param) + ", " +
           QuoteString("$." + std::string(view->name)) + "))";
  }
  return sql + " ";
}

std::string InformationSchemaRows(const std::set<std::string>& views,
                                  const catalog::DatabaseSchema* schema,
                                  std::string_view database) {
  Json all = Json::object();
  for (const std::string& name : views) {
    if (const View* view = FindView(name))
      all[std::string(view->name)] = ViewRows(*view, schema, database);
  }
  return all.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace edgesql::transpile
