// Translation: what the transpiler hands the gateway for one statement, and
// TranspileContext: what it needs to know about the session and the schema.
#ifndef EDGESQL_TRANSPILE_TRANSLATION_H_
#define EDGESQL_TRANSPILE_TRANSLATION_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "sql/statement_info.h"

namespace edgesql::transpile {

// The MySQL type of one result column, as drivers should see it.
struct ResultColumn {
  enum class Kind : uint8_t { kUnknown, kNull, kTyped };
  Kind kind = Kind::kUnknown;  // kUnknown: typed from the values
  catalog::MySqlType type = catalog::MySqlType::kVarchar;
  int scale = -1;  // DECIMAL digits after the point
  bool is_unsigned = false;
  std::string table;  // the catalogued table a plain column comes from
};

// How the gateway computes MySQL's affected-rows count from what SQLite
// reports (changes()) and the preflight's (rows, conflicting rows).
enum class AffectedRows : uint8_t {
  kChanges,  // changes() as is
  kUpsert,   // ON DUPLICATE KEY UPDATE: 1 per inserted row, 2 per updated row
  kReplace,  // REPLACE: 1 per inserted row plus 1 per replaced row
};

struct Translation {
  std::vector<std::string> statements;  // run in order, in one transaction
  std::vector<sql::Warning> warnings;
  // How the statement changes the catalog, applied when it commits.
  std::vector<catalog::TableDef> put_tables;  // created or redefined
  std::vector<std::string> dropped_tables;
  // Values for placeholders after the statement's own (?N+1, ...), bound as
  // text: e.g. the rows of information_schema views.
  std::vector<std::string> extra_params;
  // A SELECT of (rows, conflicting rows) run just before statements[0],
  // with the same parameters, for AffectedRows::kUpsert and kReplace.
  std::string preflight;
  AffectedRows affected = AffectedRows::kChanges;
  // The result set's column types when the generator knew all of them
  // (SELECT); empty otherwise.
  std::vector<ResultColumn> result_columns;
  // false when an INSERT gives its AUTO_INCREMENT column explicit values:
  // LAST_INSERT_ID() then keeps its value.
  bool generates_ids = true;
  // An UPDATE assigning a column other tables' foreign keys reference: a
  // failing foreign key then means a referenced parent row (1451).
  bool changes_referenced_key = false;
  // SELECT LAST_INSERT_ID(n) sets what the session's next LAST_INSERT_ID() says.
  std::optional<int64_t> set_last_insert_id;
  // The statements hold the session's values (user and system variables,
  // LAST_INSERT_ID(), ROW_COUNT()), so they are this request's alone. The
  // statement time (TranspileContext::statement_time) is not counted here.
  bool reads_session = false;
  // The statements read the clock (NOW(), CURDATE(), ...): SQLite's, or the
  // statement time they were made with. One that does not is the same
  // whatever the statement time.
  bool reads_clock = false;
};

struct TranspileContext {
  std::string_view database;  // for names MySQL derives from it (SHOW TABLES)
  // The database's catalog at planning time; null when unknown (tools).
  const catalog::DatabaseSchema* schema = nullptr;
  // The session's user variables (lower-cased name -> SQL literal); unset
  // variables read as NULL, as in MySQL.
  const std::map<std::string, std::string>* user_variables = nullptr;
  // The session's LAST_INSERT_ID() and ROW_COUNT().
  int64_t last_insert_id = 0;
  int64_t row_count = -1;
  // The session's own values of system variables it may set (lower-case
  // name -> number text: autocommit, foreign_key_checks, the timeouts);
  // others read as server_info.h says.
  const std::map<std::string, std::string>* session_variables = nullptr;
  // The SELECT is one shard's part of a read several shards answer, whose
  // rows the gateway merges (routing/merge_plan.h). Each top-level AVG(x) is
  // then written as SUM(x), with its COUNT(x) appended after the select list
  // (in column order), so averages can be combined; and the top-level LIMIT
  // becomes `shard_limit` rows from the start (none when nullopt), since the
  // OFFSET applies to the merged rows.
  bool shard_part = false;
  std::optional<int64_t> shard_limit = std::nullopt;
  // NOW() and the other clock functions read this SQLite time literal
  // ('2026-11-23 10:00:00.123', quoted) instead of SQLite's clock: a
  // transaction's statements run again at each step and at COMMIT, and
  // must see the time they first ran at. Empty: SQLite's clock.
  std::string statement_time = std::string();
};

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_TRANSLATION_H_
