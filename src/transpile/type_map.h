// TypeMap: which SQLite storage type stands in for each MySQL column type.
//
// SQLite has five affinities; the MySQL type itself (length, UNSIGNED, ENUM
// members...) is kept by the catalog, not here. Spatial types have no SQLite
// counterpart and are reported as unsupported rather than stored as text.
#ifndef EDGESQL_TRANSPILE_TYPE_MAP_H_
#define EDGESQL_TRANSPILE_TYPE_MAP_H_

#include <optional>
#include <string_view>

namespace edgesql::transpile {

enum class SqliteType { kInteger, kReal, kNumeric, kText, kBlob };

std::string_view SqliteTypeName(SqliteType type);

// Maps a MySQL type name (any case, without its parameters: "varchar",
// "BIGINT") to its SQLite storage type; nullopt for a type Edge SQL cannot
// store faithfully or that MySQL does not have.
std::optional<SqliteType> MapMySqlType(std::string_view mysql_type);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_TYPE_MAP_H_
