// SessionStatements: the statements the gateway answers without a shard
// because they concern the session, not the data: USE, SET NAMES, and
// transaction control over stateless HTTP.
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
};

// Answers `info` if it is a session statement; an error if it is one Edge
// SQL cannot honour over HTTP (BEGIN: each request is its own transaction).
Result<SessionAnswer> AnswerSessionStatement(std::string_view source,
                                             const std::vector<sql::Token>& tokens,
                                             const sql::StatementInfo& info,
                                             const QueryRequest& request);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_SESSION_STATEMENTS_H_
