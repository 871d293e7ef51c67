// Introspection: DESCRIBE, SHOW [FULL] COLUMNS, SHOW INDEX and SHOW CREATE
// TABLE, answered from the catalog in MySQL's exact column layout, so drivers
// and ORMs that read them see MySQL types, keys and defaults.
#ifndef EDGESQL_GATEWAY_INTROSPECTION_H_
#define EDGESQL_GATEWAY_INTROSPECTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/table_def.h"
#include "common/error.h"
#include "gateway/json_util.h"
#include "sql/statement_info.h"
#include "sql/token.h"

namespace edgesql::gateway {

struct IntrospectionQuery {
  enum class What { kColumns, kFullColumns, kIndex, kCreateTable };
  What what = What::kColumns;
  std::string table;
  std::string like;  // SHOW COLUMNS ... LIKE 'pattern'; DESCRIBE t col
};

// Recognises the statement; nullopt for anything else (SHOW TABLES goes to
// the shard). Errors for malformed or unsupported SHOW forms.
Result<std::optional<IntrospectionQuery>> ParseIntrospection(std::string_view source,
                                                             const std::vector<sql::Token>& tokens,
                                                             const sql::StatementInfo& info,
                                                             std::string_view database);

// The result set for `query`; `next_auto_increment` is the table's next id
// (0 when unknown). 1146 when the table is not in `schema`.
Result<Json> AnswerIntrospection(const IntrospectionQuery& query,
                                 const catalog::DatabaseSchema& schema, std::string_view database,
                                 int64_t next_auto_increment, bool rows_as_array);

// MySQL's CREATE TABLE text for `table`, as SHOW CREATE TABLE prints it.
std::string ShowCreateTable(const catalog::TableDef& table, int64_t next_auto_increment);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_INTROSPECTION_H_
