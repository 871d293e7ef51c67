// QueryRequest: the POST /v1/query body, validated.
#ifndef EDGESQL_GATEWAY_REQUEST_H_
#define EDGESQL_GATEWAY_REQUEST_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "gateway/json_util.h"
#include "sql/statement_info.h"

namespace edgesql::gateway {

struct QueryRequest {
  std::string sql;
  Json params = Json::array();  // booleans already turned into 1/0
  std::string database;
  bool rows_as_array = false;
  // Session state a stateless HTTP client carries from answer to answer
  // (meta.session), as it carries the database.
  bool foreign_key_checks = true;
  // User variables (@name, lower-cased) -> JSON null, number or string.
  std::map<std::string, Json> variables;
  // What LAST_INSERT_ID() and ROW_COUNT() return.
  int64_t last_insert_id = 0;
  int64_t row_count = -1;
  // A session's settings (SET autocommit, innodb_lock_wait_timeout,
  // idle_transaction_timeout); the timeouts in seconds.
  bool autocommit = true;
  int64_t lock_wait_timeout = 50;
  int64_t idle_transaction_timeout = 30;
  // The data version each shard had after the session's last write there
  // to each table it changed ({"<shard object>": {"<table>": [epoch, n]}}),
  // or to every table of the shard ({"<shard object>": [epoch, n]}): a
  // cached answer older than it is not served (read-your-writes,
  // docs/cache.md).
  Json versions = Json::object();
};

// Shards a request's session versions may name, and tables per shard (a
// session that wrote more holds one version for every table of the shard).
inline constexpr size_t kMaxSessionVersions = 256;
inline constexpr size_t kMaxSessionTables = 64;

// A POST /v1/query body, parsed; ER_WRONG_ARGUMENTS for wrong shapes. A
// JSON value, not text: a session builds its requests as values, which
// need not be written as text only to be parsed again.
Result<QueryRequest> QueryRequestFromJson(const Json& body);

// A request's "params" (null for none) as the statement binds them, or
// ER_WRONG_ARGUMENTS.
Result<Json> RequestParams(const Json& params);

// Bound parameters as the analyser's values: what routing reads of them
// (objects and arrays stay expressions, never keys).
std::vector<sql::Value> RoutingValues(const Json& params);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_REQUEST_H_
