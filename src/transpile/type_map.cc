#include "transpile/type_map.h"

#include <cctype>
#include <string>

namespace edgesql::transpile {
namespace {

struct Mapping {
  std::string_view mysql;
  SqliteType sqlite;
};

// MySQL 8.0 data types (https://dev.mysql.com/doc/refman/8.0/en/data-types.html).
// DECIMAL keeps NUMERIC affinity so comparisons stay numeric; exact decimal
// formatting is the catalog's job. Temporal types are stored as MySQL's own
// text format ('2024-01-31 12:00:00'), which sorts and compares correctly.
constexpr Mapping kMappings[] = {
    {"TINYINT", SqliteType::kInteger},   {"SMALLINT", SqliteType::kInteger},
    {"MEDIUMINT", SqliteType::kInteger}, {"INT", SqliteType::kInteger},
    {"INTEGER", SqliteType::kInteger},   {"BIGINT", SqliteType::kInteger},
    {"BOOL", SqliteType::kInteger},      {"BOOLEAN", SqliteType::kInteger},
    {"BIT", SqliteType::kInteger},       {"YEAR", SqliteType::kInteger},
    {"SERIAL", SqliteType::kInteger},    {"DECIMAL", SqliteType::kNumeric},
    {"DEC", SqliteType::kNumeric},       {"NUMERIC", SqliteType::kNumeric},
    {"FIXED", SqliteType::kNumeric},     {"FLOAT", SqliteType::kReal},
    {"DOUBLE", SqliteType::kReal},       {"REAL", SqliteType::kReal},
    {"CHAR", SqliteType::kText},         {"VARCHAR", SqliteType::kText},
    {"TINYTEXT", SqliteType::kText},     {"TEXT", SqliteType::kText},
    {"MEDIUMTEXT", SqliteType::kText},   {"LONGTEXT", SqliteType::kText},
    {"ENUM", SqliteType::kText},         {"SET", SqliteType::kText},
    {"JSON", SqliteType::kText},         {"DATE", SqliteType::kText},
    {"DATETIME", SqliteType::kText},     {"TIMESTAMP", SqliteType::kText},
    {"TIME", SqliteType::kText},         {"NCHAR", SqliteType::kText},
    {"NVARCHAR", SqliteType::kText},     {"BINARY", SqliteType::kBlob},
    {"VARBINARY", SqliteType::kBlob},    {"TINYBLOB", SqliteType::kBlob},
    {"BLOB", SqliteType::kBlob},         {"MEDIUMBLOB", SqliteType::kBlob},
    {"LONGBLOB", SqliteType::kBlob},
};

}  // namespace

std::string_view SqliteTypeName(SqliteType type) {
  switch (type) {
    case SqliteType::kInteger:
      return "INTEGER";
    case SqliteType::kReal:
      return "REAL";
    case SqliteType::kNumeric:
      return "NUMERIC";
    case SqliteType::kText:
      return "TEXT";
    case SqliteType::kBlob:
      return "BLOB";
  }
  return "BLOB";
}

std::optional<SqliteType> MapMySqlType(std::string_view mysql_type) {
  std::string upper(mysql_type);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const Mapping& m : kMappings) {
    if (m.mysql == upper) return m.sqlite;
  }
  return std::nullopt;
}

}  // namespace edgesql::transpile
