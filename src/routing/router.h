// Router: decides which shard serves a statement. No I/O.
//
// Foundation stage: every database is one shard, named "<database>/0"
// ('/' cannot appear in a MySQL database name, so names never collide).
// Table-less statements without a database (SELECT 1) go to kSystemShard.
// The decision is a type so later policies (tenant, hash, scatter,
// reference) extend it instead of replacing call sites.
#ifndef EDGESQL_ROUTING_ROUTER_H_
#define EDGESQL_ROUTING_ROUTER_H_

#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/statement_info.h"

namespace edgesql::routing {

inline constexpr std::string_view kSystemShard = "/system";

struct Route {
  enum class Kind {
    // Requires: `shard` names the one shard holding every table involved.
    kSingleShard,
  };
  Kind kind = Kind::kSingleShard;
  std::string shard;
};

// Checks `name` against MySQL's rules for database names: 1..64 characters,
// no '/', '\\', '.', NUL, and no trailing space. Error 1102 otherwise.
Status ValidateDatabaseName(std::string_view name);

// Routes `statement`, run with `database` selected ("" when none).
// Errors: 1046 when tables are named but no database is selected; 1103 for
// the shard's internal tables; 1235 for tables of another database.
Result<Route> RouteStatement(const sql::StatementInfo& statement, std::string_view database);

}  // namespace edgesql::routing

#endif  // EDGESQL_ROUTING_ROUTER_H_
