#include "gateway/shard_statements.h"

#include "catalog/table_def_json.h"
#include "common/str_cat.h"
#include "gateway/calls.h"

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

// Change capture (docs/cache.md). The capture triggers every table has
// (transpile/sqlite_schema.cc) note each written row's key here; the
// statements that end a committing write turn the notes into events.
constexpr std::string_view kChanges = "_edgesql_changes";
// One row: the shard's data version [epoch, ver]. ver counts committed
// writes that changed rows; epoch (ms) is when the row was made, so a shard
// made again counts on from a higher epoch.
constexpr std::string_view kDataVersion = "_edgesql_data_version";
// Change events committed with their writes, until the shard has sent them
// to the db-events queue: none is lost to a crash between the two.
constexpr std::string_view kOutbox = "_edgesql_outbox";
// A change event names at most this many rows (and 60 KB of their keys and
// lookup values): each named row costs the consumer a KV read and write,
// and an invocation may make 1000. A commit that changed more rows of a
// table names them in several events, up to kMaxNamedRows; a larger change
// names its table only, which invalidates the table's cached rows on that
// shard at once and makes the mirror copy the shard's whole table. A group
// commit (TableShard.runWrites, runCommits) captures many small writes at
// once: with one event per table, 16 sessions' 10-row INSERTs made table
// events, and the mirror resynced the whole table for each.
constexpr int kMaxEventRows = 100;
constexpr int kMaxEventKeyBytes = 60'000;
constexpr int kMaxNamedRows = 1000;
constexpr std::string_view kNowMs = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

Json Statement(std::string sql, Json params = Json::array()) {
  return JsonObjectOf("params", std::move(params), "sql", std::move(sql));
}

// A statement that reads only what no statement of a read batch changes
// (the shard's own bookkeeping), so in one snapshot the same text and
// parameters answer the same: batched reads run it once ("pure", calls.h).
Json PureStatement(std::string sql, Json params) {
  return JsonObjectOf("params", std::move(params), "pure", true, "sql", std::move(sql));
}

// One outbox message: at most this many events, and bytes short of a queue
// message's 128 KB (its JSON array's brackets and commas included).
constexpr int kOutboxMessageEvents = 100;
constexpr int kOutboxMessageBytes = 100'000;

// The next message of the outbox: [last seq, JSON array of the oldest
// events, whether more wait behind them], or [NULL, NULL, 0] when it is
// empty. More waiting means a backlog the message could not carry, which
// the shard sends at once; otherwise its next round waits its turn. One
// queue message per round instead of one per event: each message costs a
// send, a delivery and its share of a consumer batch, and a busy shard
// commits many events between two rounds. The oldest event always goes,
// however large (a change caps its keys at 60 KB); the rest only while the
// message stays under kOutboxMessageBytes (a queue message holds 128 KB).
std::string OutboxRead() {
  return StrCat({"SELECT max(seq), '[' || group_concat(event, ',') || ']', (SELECT count(*) FROM ",
                 kOutbox,
                 ") > count(*) FROM (SELECT seq, event, "
                 "sum(length(CAST(event AS BLOB)) + 1) OVER (ORDER BY seq) AS bytes FROM ",
                 kOutbox, " ORDER BY seq LIMIT ", std::to_string(kOutboxMessageEvents),
                 ") WHERE bytes <= ", std::to_string(kOutboxMessageBytes),
                 " OR seq = (SELECT min(seq) FROM ", kOutbox, ")"});
}

// SQLite has no RAISE outside triggers; json() of a non-JSON string is the
// portable way to make a plain SELECT fail, and failing aborts the
// transactionSync before any user statement ran. Every plan carries one:
// the text is made once.
// The bookkeeping statements name their columns briefly: every answer
// carries its column names, through the RPC and the core's parse, and
// SQLite would name these by their whole expressions.
const std::string& GuardSql() {
  static const std::string* sql =
      new std::string(StrCat({"SELECT json(CASE WHEN (", kVersionSql,
                              ") = ?1 THEN '1' ELSE 'edgesql: stale schema' END) AS g"}));
  return *sql;
}

}  // namespace

Json GuardStatement(int64_t expected_version) {
  return PureStatement(GuardSql(), Json::array({expected_version}));
}

std::string ForeignKeysPragma(bool enforce) {
  return enforce ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF";
}

Json ForeignKeyStateStatement(bool enforce) {
  return Statement(
      "SELECT json(CASE WHEN (SELECT foreign_keys FROM pragma_foreign_keys) = ?1 THEN '1' ELSE "
      "'edgesql: foreign key enforcement not as planned' END) AS fk",
      Json::array({enforce ? 1 : 0}));
}

Json WriteProbeStatement(std::string_view table, bool inserts) {
  if (!inserts) return Statement("SELECT changes() AS n, 0 AS id, 0 AS ai");
  return Statement(
      "SELECT changes() AS n, last_insert_rowid() AS id, EXISTS (SELECT 1 FROM sqlite_sequence "
      "WHERE name = ?1) AS ai",
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

Json TableRewrittenStatement(std::string_view table) {
  // A note without key or lookups names the whole table (ShardProgram).
  return Statement("INSERT INTO " + std::string(kChanges) + " (tbl) VALUES (?1)",
                   Json::array({table}));
}

Json CatalogLoadStatements() {
  return Json::array({Statement(std::string(kVersionSql)),
                      Statement("SELECT name, definition FROM " + std::string(kCatalog))});
}

Result<catalog::DatabaseSchema> CatalogFromResults(const Json& results) {
  catalog::DatabaseSchema schema;
  const Json& version = ResultRows(results, 0);
  if (version.empty() || !version[0].is_array() || version[0].empty() ||
      !version[0][0].is_number_integer()) {
    return Error(ErrorCode::kInternal, "Internal error: a shard answered no schema version");
  }
  schema.version = version[0][0].get<int64_t>();
  for (const Json& row : ResultRows(results, 1)) {
    if (!row.is_array() || row.size() != 2 || !row[1].is_string()) continue;
    Result<catalog::TableDef> table = catalog::TableFromJsonText(row[1].get<std::string>());
    if (!table.ok()) return std::move(table).error();
    std::string name = table.value().name;
    schema.tables.emplace(std::move(name), std::move(table).value());
  }
  return schema;
}

Json DataVersionStatement() {
  return Statement("SELECT epoch, ver FROM " + std::string(kDataVersion));
}

Json ReadVersion(const Json& results) {
  const Json& rows = ResultRows(results, 0);
  if (rows.empty() || !rows[0].is_array() || rows[0].size() != 3) return Json();
  const Json& row = rows[0];
  if (!row[1].is_number_integer() || !row[2].is_number_integer()) return Json();
  return Json::array({row[1], row[2]});
}

namespace {
const Json* CapturedRow(const Json& answer) {
  if (!answer.is_object()) return nullptr;
  auto row = answer.find("captured");
  if (row == answer.end() || !row->is_array() || row->size() < 2) return nullptr;
  return &*row;
}
}  // namespace

Json CapturedVersion(const Json& answer) {
  const Json* row = CapturedRow(answer);
  if (row == nullptr || !(*row)[0].is_number_integer() || !(*row)[1].is_number_integer())
    return Json();
  return Json::array({(*row)[0], (*row)[1]});
}

Json CapturedTables(const Json& answer) {
  const Json* row = CapturedRow(answer);
  if (row == nullptr || row->size() < 3 || !(*row)[2].is_string()) return Json();
  Result<Json> tables = ParseJson((*row)[2].get_ref<const std::string&>(), "the changed tables");
  return tables.ok() ? std::move(tables).value() : Json();
}

Json GuardedVersionStatement(int64_t expected_version) {
  static const std::string* sql =
      new std::string(StrCat({GuardSql(), ", epoch, ver FROM ", kDataVersion}));
  return PureStatement(*sql, Json::array({expected_version}));
}

std::string ShardProgram() {
  Json statements = Json::array();
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kDdlLog) +
                       " (version INTEGER PRIMARY KEY AUTOINCREMENT, statement TEXT NOT NULL, "
                       "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kDdlReplay) +
                       " (version INTEGER PRIMARY KEY, statements TEXT NOT NULL)");
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kCatalog) +
                       " (name TEXT PRIMARY KEY, definition TEXT NOT NULL)");
  // Empty between transactions, so made afresh at each start: its shape is
  // always the one this core's triggers write.
  statements.push_back("DROP TABLE IF EXISTS " + std::string(kChanges));
  statements.push_back("CREATE TABLE " + std::string(kChanges) +
                       " (tbl TEXT NOT NULL, pk TEXT, lookup TEXT)");
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kDataVersion) +
                       " (id INTEGER PRIMARY KEY CHECK (id = 1), epoch INTEGER NOT NULL, ver "
                       "INTEGER NOT NULL)");
  statements.push_back("INSERT OR IGNORE INTO " + std::string(kDataVersion) + " VALUES (1, " +
                       std::string(kNowMs) + ", 0)");
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kOutbox) +
                       " (seq INTEGER PRIMARY KEY AUTOINCREMENT, event TEXT NOT NULL)");

  // The end of every committing write, ?1 being the shard's object name:
  // one version for the transaction if it changed rows, events for each
  // table it changed, the version and the tables for the answer, and the
  // notes cleared.
  const std::string changes(kChanges);
  const std::string version(kDataVersion);
  auto statement = [](std::string sql, bool binds_shard = false) {
    return Json{{"sql", std::move(sql)}, {"bindsShard", binds_shard}};
  };
  // A table's notes name it whole when they are too many, or one of them
  // names no row (after DDL, or of a table without a primary key and
  // indexes): one event, part 0. Else each part of at most kMaxEventRows
  // notes is an event, which names its table only if its keys are too long.
  const std::string notes = StrCat(
      {"SELECT tbl, pk, lookup, whole, CASE WHEN whole THEN 0 ELSE (n - 1) / ",
       std::to_string(kMaxEventRows), " END AS part FROM (SELECT tbl, pk, lookup, ",
       "row_number() OVER (PARTITION BY tbl ORDER BY pk, lookup) AS n, count(*) OVER t > ",
       std::to_string(kMaxNamedRows),
       " OR sum(pk IS NULL AND lookup IS NULL) OVER t > 0 AS whole FROM (SELECT DISTINCT tbl, pk, "
       "lookup FROM ",
       changes, ") WINDOW t AS (PARTITION BY tbl))"});
  const std::string whole =
      StrCat({"(max(c.whole) OR sum(length(c.pk)) + coalesce(sum(length(c.lookup)), 0) > ",
              std::to_string(kMaxEventKeyBytes), ")"});
  Json capture = Json::array();
  capture.push_back(statement("UPDATE " + version +
                              " SET ver = ver + 1 WHERE EXISTS (SELECT 1 FROM " + changes + ")"));
  capture.push_back(statement(
      StrCat({"INSERT INTO ", kOutbox,
              " (event) SELECT json_object('type', 'change', 'shard', ?1, 'table', c.tbl, "
              "'keys', CASE WHEN ",
              whole,
              " THEN NULL ELSE json_group_array(json(c.pk)) FILTER (WHERE c.pk IS NOT NULL) END, "
              "'lookups', CASE WHEN ",
              whole,
              " THEN NULL ELSE json_group_array(json(c.lookup)) FILTER (WHERE c.lookup IS NOT "
              "NULL) END, 'v', json_array(v.epoch, v.ver), 'at', ",
              kNowMs, ") FROM (", notes, ") AS c, ", version, " AS v GROUP BY c.tbl, c.part"}),
      true));
  // The answer: the version, and the tables the notes name, by which a
  // session's later reads know which cached answers its write outdated
  // (read-your-writes, docs/cache.md).
  Json answer = statement("SELECT epoch, ver, (SELECT json_group_array(DISTINCT tbl) FROM " +
                          changes + ") FROM " + version);
  answer["answers"] = true;
  capture.push_back(std::move(answer));
  capture.push_back(statement("DELETE FROM " + changes));

  return Dump(Json{{"bootstrap", std::move(statements)},
                   {"capture", std::move(capture)},
                   {"outboxRead", OutboxRead()},
                   {"outboxDelete", "DELETE FROM " + std::string(kOutbox) + " WHERE seq <= ?1"}});
}

}  // namespace edgesql::gateway
