#include "gateway/shard_statements.h"

#include "catalog/table_def_json.h"

namespace edgesql::gateway {
namespace {

// Edge SQL's DDL log: every schema change a shard applied, in order. Its
// height is the shard's schema version; being AUTOINCREMENT it also makes
// sure sqlite_sequence exists (TRUNCATE and the insert-id probe rely on it).
constexpr std::string_view kDdlLog = "_edgesql_ddl_log";
// Each schema change's shard statements (JSON), by version: what a shard
// behind the others replays.
constexpr std::string_view kDdlReplay = "_edgesql_ddl_replay";
// The catalog: one MySQL-level table definition (JSON) per table.
constexpr std::string_view kCatalog = "_edgesql_catalog";

constexpr std::string_view kVersionSql = "SELECT coalesce(max(version), 0) FROM _edgesql_ddl_log";

Json Statement(std::string sql, Json params = Json::array()) {
  return Json{{"sql", std::move(sql)}, {"params", std::move(params)}};
}

}  // namespace

Json GuardStatement(int64_t expected_version) {
  // SQLite has no RAISE outside triggers; json() of a non-JSON string is the
  // portable way to make a plain SELECT fail, and failing aborts the
  // transactionSync before any user statement ran.
  return Statement("SELECT json(CASE WHEN (" + std::string(kVersionSql) +
                       ") = ?1 THEN '1' ELSE 'edgesql: stale schema' END)",
                   Json::array({expected_version}));
}

std::string ForeignKeysPragma(bool enforce) {
  return enforce ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF";
}

Json ForeignKeyStateStatement(bool enforce) {
  return Statement(
      "SELECT json(CASE WHEN (SELECT foreign_keys FROM pragma_foreign_keys) = ?1 THEN '1' ELSE "
      "'edgesql: foreign key enforcement not as planned' END)",
      Json::array({enforce ? 1 : 0}));
}

Json WriteProbeStatement(std::string_view table) {
  return Statement(
      "SELECT changes(), last_insert_rowid(), EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = "
      "?1)",
      Json::array({table}));
}

Json DdlLogStatement(int64_t version, std::string_view mysql_text) {
  // The version is explicit (the guard proved the one before it), so a
  // replayed change gets the number it had everywhere else.
  return Statement("INSERT INTO " + std::string(kDdlLog) + " (version, statement) VALUES (?1, ?2)",
                   Json::array({version, mysql_text}));
}

Json DdlReplayPutStatement(int64_t version, std::string_view statements_json) {
  return Statement(
      "INSERT INTO " + std::string(kDdlReplay) + " (version, statements) VALUES (?1, ?2)",
      Json::array({version, statements_json}));
}

Json SchemaVersionStatement() { return Statement(std::string(kVersionSql)); }

Json DdlReplayLoadStatement(int64_t after_version) {
  return Statement("SELECT version, statements FROM " + std::string(kDdlReplay) +
                       " WHERE version > ?1 ORDER BY version",
                   Json::array({after_version}));
}

Json CatalogPutStatement(const catalog::TableDef& table) {
  return Statement(
      "INSERT OR REPLACE INTO " + std::string(kCatalog) + " (name, definition) VALUES (?1, ?2)",
      Json::array({table.name, catalog::TableToJsonText(table)}));
}

Json CatalogDropStatement(std::string_view table) {
  return Statement("DELETE FROM " + std::string(kCatalog) + " WHERE name = ?1",
                   Json::array({table}));
}

Json CatalogLoadStatements() {
  return Json::array({Statement(std::string(kVersionSql)),
                      Statement("SELECT name, definition FROM " + std::string(kCatalog))});
}

std::string BootstrapStatements() {
  Json statements = Json::array();
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kDdlLog) +
                       " (version INTEGER PRIMARY KEY AUTOINCREMENT, statement TEXT NOT NULL, "
                       "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kDdlReplay) +
                       " (version INTEGER PRIMARY KEY, statements TEXT NOT NULL)");
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kCatalog) +
                       " (name TEXT PRIMARY KEY, definition TEXT NOT NULL)");
  return Dump(statements);
}

}  // namespace edgesql::gateway
