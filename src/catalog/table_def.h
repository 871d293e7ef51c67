// TableDef: a table as MySQL describes it — declared types, lengths,
// UNSIGNED, ENUM/SET members, defaults, collations, keys, foreign keys.
//
// This is the catalog's unit: the gateway plans with it (types for rewrites,
// strict-mode checks, result typing, introspection), each shard stores it
// (as JSON, in the same transaction as the DDL that changed it), and the
// SQLite schema is generated from it, never the other way round.
#ifndef EDGESQL_CATALOG_TABLE_DEF_H_
#define EDGESQL_CATALOG_TABLE_DEF_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/mysql_type.h"

namespace edgesql::catalog {

struct ColumnDef {
  enum class Default : uint8_t {
    kNone,              // no DEFAULT clause
    kNull,              // DEFAULT NULL
    kLiteral,           // `default_value` holds the value's text
    kCurrentTimestamp,  // DEFAULT CURRENT_TIMESTAMP[(fsp)]
    kExpression,        // DEFAULT (expr): `default_value` MySQL text, `default_sqlite` SQLite
  };

  std::string name;
  MySqlType type = MySqlType::kInt;
  int64_t length = -1;  // CHAR/VARCHAR/BINARY/VARBINARY/BIT(n); display width otherwise
  int precision = -1;   // DECIMAL(p,s), FLOAT(p,s), DOUBLE(p,s)
  int scale = -1;       //   ... and fractional seconds of DATETIME/TIMESTAMP/TIME(fsp)
  bool is_unsigned = false;
  bool zerofill = false;
  std::vector<std::string> members;  // ENUM / SET, in declaration order
  bool nullable = true;
  Default default_kind = Default::kNone;
  std::string default_value;
  std::string default_sqlite;
  bool auto_increment = false;
  bool on_update_current_timestamp = false;
  std::string charset;    // empty: the table's
  std::string collation;  // empty: the table's
  std::string comment;
};

struct KeyPart {
  std::string column;
  int64_t prefix_length = -1;
  bool descending = false;
};

struct IndexDef {
  enum class Kind : uint8_t { kPrimary, kUnique, kIndex, kFulltext };
  std::string name;  // "PRIMARY" for the primary key
  Kind kind = Kind::kIndex;
  std::vector<KeyPart> parts;
  std::string comment;
};

struct ForeignKeyDef {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  std::string on_delete = "RESTRICT";  // as MySQL reports: RESTRICT, CASCADE, SET NULL, ...
  std::string on_update = "RESTRICT";
};

struct CheckDef {
  std::string name;
  std::string expression;         // MySQL text, as written
  std::string sqlite_expression;  // what SQLite enforces
};

struct TableDef {
  std::string name;
  std::vector<ColumnDef> columns;
  std::vector<IndexDef> indexes;  // the primary key, if any, first
  std::vector<ForeignKeyDef> foreign_keys;
  std::vector<CheckDef> checks;
  std::string engine = "InnoDB";
  std::string charset = "utf8mb4";
  std::string collation = "utf8mb4_0900_ai_ci";
  std::string comment;
  int64_t auto_increment_start = 0;  // AUTO_INCREMENT=N table option; 0 when absent
  // A view: its defining SELECT as MySQL text, and the tables it reads;
  // `columns` then hold its output columns as the generator typed them.
  std::string view_query;
  std::vector<std::string> view_tables;

  bool is_view() const { return !view_query.empty(); }

  // Column lookup is case-insensitive, as in MySQL. nullptr when absent.
  const ColumnDef* FindColumn(std::string_view column) const;
  ColumnDef* FindColumn(std::string_view column);
  const IndexDef* PrimaryKey() const;
  const IndexDef* FindIndex(std::string_view index) const;
  // The columns that lead a secondary index (not the primary key, not
  // FULLTEXT), once each, in index order: what an equality read can look
  // rows up by, and so what the cache keys such reads by (docs/cache.md).
  std::vector<std::string> LookupColumns() const;
  // The column's effective collation (its own, else the table's).
  std::string_view CollationOf(const ColumnDef& column) const;
};

// MySQL's SHOW COLUMNS spelling of a column's type: "int unsigned",
// "varchar(64)", "decimal(10,2)", "enum('a','b')", "tinyint(1)", "datetime(3)".
std::string ColumnTypeText(const ColumnDef& column);

// True for case-insensitive collations ("..._ci"), MySQL's default.
bool IsCaseInsensitive(std::string_view collation);

// One database's catalog: every table, and the schema version it reflects.
struct DatabaseSchema {
  int64_t version = 0;
  std::map<std::string, TableDef> tables;  // by exact table name

  const TableDef* FindTable(std::string_view name) const;
};

}  // namespace edgesql::catalog

#endif  // EDGESQL_CATALOG_TABLE_DEF_H_
