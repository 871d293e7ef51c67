#include "routing/router.h"

#include <cctype>

#include "common/ascii.h"

namespace edgesql::routing {
namespace {

// Tables of the shard's own machinery: Edge SQL's (_edgesql_), Cloudflare's
// (_cf_) and SQLite's (sqlite_). Users can neither create nor read them.
bool IsReservedTableName(std::string_view name) {
  return StartsWithIgnoreCase(name, "_edgesql_") || StartsWithIgnoreCase(name, "_cf_") ||
         StartsWithIgnoreCase(name, "sqlite_");
}

Status CheckTables(const std::vector<sql::TableName>& tables, std::string_view database) {
  for (const sql::TableName& t : tables) {
    if (t.database.empty() && IsReservedTableName(t.name)) {
      return Error(ErrorCode::kWrongTableName, "Incorrect table name '" + t.name +
                                                   "': names starting with _edgesql_, _cf_ or "
                                                   "sqlite_ are reserved");
    }
    // information_schema views are served by the gateway from the catalog.
    if (StartsWithIgnoreCase(t.database, "information_schema") &&
        t.database.size() == std::string_view("information_schema").size()) {
      continue;
    }
    if (!t.database.empty() && t.database != database) {
      // Tables of other databases live on other shards.
      return Unsupported("database-qualified table names (" + t.database + "." + t.name + ")");
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateDatabaseName(std::string_view name) {
  bool bad = name.empty() || name.size() > 64 || name.back() == ' ';
  for (char c : name) bad = bad || c == '/' || c == '\\' || c == '.' || c == '\0';
  if (bad)
    return Error(ErrorCode::kWrongDatabaseName,
                 "Incorrect database name '" + std::string(name) + "'");
  return Status::Ok();
}

Result<Route> RouteStatement(const sql::StatementInfo& statement, std::string_view database) {
  bool names_tables = false;
  for (const auto* list : {&statement.tables_read, &statement.tables_written}) {
    for (const sql::TableName& t : *list) {
      names_tables = names_tables || !StartsWithIgnoreCase(t.database, "information_schema");
    }
  }
  if (Status s = CheckTables(statement.tables_read, database); !s.ok()) return std::move(s).error();
  if (Status s = CheckTables(statement.tables_written, database); !s.ok()) {
    return std::move(s).error();
  }
  Route route;
  if (database.empty()) {
    if (names_tables) return Error(ErrorCode::kNoDatabaseSelected, "No database selected");
    route.shard = std::string(kSystemShard);
    return route;
  }
  if (Status s = ValidateDatabaseName(database); !s.ok()) return std::move(s).error();
  route.shard = std::string(database) + "/0";
  return route;
}

}  // namespace edgesql::routing
