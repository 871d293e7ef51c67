// SessionStatements: the statements the gateway answers without a shard
// because they concern the session, not the data: USE, SET NAMES, SET
// autocommit, and transaction control over stateless HTTP (a session's
// BEGIN, COMMIT and ROLLBACK are planned with its transaction instead).
#ifndef EDGESQL_GATEWAY_SESSION_STATEMENTS_H_
#define EDGESQL_GATEWAY_SESSION_STATEMENTS_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "gateway/request.h"
#include "sql/statement_info.h"
#include "sql/token.h"

namespace edgesql::gateway {

struct SessionAnswer {
  bool answered = false;                   // false: the statement goes to a shard
  std::string database;                    // set by USE
  std::optional<bool> foreign_key_checks;  // set by SET foreign_key_checks
  std::map<std::string, Json> variables;   // user variables set by SET @x = ...
  std::optional<bool> autocommit;
  std::optional<int64_t> lock_wait_timeout;         // seconds: innodb_lock_wait_timeout
  std::optional<int64_t> idle_transaction_timeout;  // seconds
};

// Answers `info` if it is a session statement; an error if it is one Edge
// SQL cannot honour over HTTP (BEGIN, autocommit off: each request is its
// own transaction). `in_session`: the statement came over a session, whose
// transaction control the caller plans.
Result<SessionAnswer> AnswerSessionStatement(std::string_view source,
                                             const std::vector<sql::Token>& tokens,
                                             const sql::StatementInfo& info,
                                             const QueryRequest& request, bool in_session);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_SESSION_STATEMENTS_H_
