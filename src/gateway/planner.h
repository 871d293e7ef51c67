// Planner: the gateway's statement planner, as sessions call it.
//
// A session (session.h) plans each of its statements as an HTTP request
// would be planned, plus a link to the session: {"id", "transaction":
// transaction.h's JSON, "nextTxn": the id its next transaction takes}. The
// link travels in every context of the statement, so its transaction is
// planned with it. Finish's final answer then says in Output::session what
// the statement changed, its transaction always included, for SessionFinish
// (session.h) to keep.
#ifndef EDGESQL_GATEWAY_PLANNER_H_
#define EDGESQL_GATEWAY_PLANNER_H_

#include <memory>
#include <string_view>

#include "gateway/caller.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "gateway/read_recipes.h"
#include "routing/shard_health.h"

namespace edgesql::gateway {

// `body` has the shape of a POST /v1/query body, its "session" the
// session's settings; `caller` is the session's caller judged at this
// moment, `caller_json` the same as the worker sent it (a context keeps it
// to plan the statement again). A read that a recipe may plan again
// (read_recipes.h) leaves one in `*recipe`.
Output PlanSessionStatement(Json body, const Caller& caller, std::string_view caller_json,
                            Json link, std::shared_ptr<const ReadRecipe>* recipe = nullptr);

// Finish for a plan's context given as it is, not by its token (a read
// recipe's, rebuilt); `answers` is the answers' array.
Output FinishContext(Json ctx, const Json& answers);

// The isolate's circuit breakers, one per shard: a plan's calls are
// admitted by them, and their answers recorded.
routing::ShardHealth& ShardBreakers();

// The plan that ends transaction `transaction_json` on its shard when its
// session goes away (a rollback), or a final empty answer.
Output PlanSessionEnd(const Json& transaction_json);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_PLANNER_H_
