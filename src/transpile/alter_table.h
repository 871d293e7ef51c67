// ALTER TABLE: the change applied to the table's catalog definition, then
// realised by SQLite's table-rebuild procedure
// (https://www.sqlite.org/lang_altertable.html#otheralter), all inside the
// statement's one transaction, so a failure (e.g. existing data that breaks a
// narrowed column: 1406, 1264) leaves the table exactly as it was:
//   create the new shape under a temporary name, carry the AUTO_INCREMENT
//   counter over, copy the rows (renamed columns mapped, new columns from
//   their defaults), drop the old table, rename the new one, then recreate
//   its indexes and triggers under their final names.
// Foreign-key checks are deferred to commit for the duration.
#ifndef EDGESQL_TRANSPILE_ALTER_TABLE_H_
#define EDGESQL_TRANSPILE_ALTER_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "common/error.h"
#include "sql/hints.h"
#include "sql/token.h"

namespace edgesql::transpile {

struct AlterTableOutput {
  catalog::TableDef table;              // the new definition
  std::string old_name;                 // differs from table.name after RENAME TO
  std::vector<std::string> statements;  // SQLite, in order
  std::vector<sql::Warning> warnings;
};

// Transpiles the ALTER TABLE in tokens [first, last) against `schema`.
// 1146 when the table is unknown; ER_NOT_SUPPORTED_YET without a catalog.
Result<AlterTableOutput> TranspileAlterTable(std::string_view source,
                                             const std::vector<sql::Token>& tokens, size_t first,
                                             size_t last, const catalog::DatabaseSchema* schema,
                                             std::string_view database);

// RENAME TABLE a TO b [, c TO d]: the same rebuild for each pair, in order.
Result<std::vector<AlterTableOutput>> TranspileRenameTable(std::string_view source,
                                                           const std::vector<sql::Token>& tokens,
                                                           size_t first, size_t last,
                                                           const catalog::DatabaseSchema* schema,
                                                           std::string_view database);

// The rebuild statements turning `old_def` into `new_def`. `sources[i]` names
// the old column new column i is copied from ("" for none).
std::vector<std::string> RebuildStatements(const catalog::TableDef& old_def,
                                           const catalog::TableDef& new_def,
                                           const std::vector<std::string>& sources);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_ALTER_TABLE_H_
