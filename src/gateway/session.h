// Session: one client connection over a WebSocket (GET /v1/ws), kept by the
// isolate that holds the socket for as long as it is open.
//
// A session is what a MySQL connection is: a current database, settings
// (autocommit, foreign_key_checks, the lock and idle timeouts), user
// variables, LAST_INSERT_ID(), its prepared statements, and at most one open
// transaction (transaction.h). The worker hands each message to
// SessionMessage in order and sends back each answer with the message's id
// (docs/sessions.md); one message is answered before the next is planned,
// so a client may pipeline.
#ifndef EDGESQL_GATEWAY_SESSION_H_
#define EDGESQL_GATEWAY_SESSION_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "gateway/gateway.h"
#include "gateway/json_util.h"

namespace edgesql::gateway {

// Prepared statements one session may hold (MySQL's max_prepared_stmt_count).
inline constexpr size_t kMaxPreparedStatements = 16382;

// Opens a session for `caller_json` (caller.h, plus "nonce": a random string
// the worker draws once per socket, which makes transaction ids unique
// across isolates) on `database` ("" for none). 200 {"session": id}, or the
// caller's error (1045) or the name's (1102).
Output SessionOpen(std::string_view caller_json, std::string_view database);

// One message of session `session`, at `now_ms`:
//   {"op": "query", "sql", "params"?, "rowsAsArray"?}
//   {"op": "prepare", "sql"}           -> {"statement": id, "params": count}
//   {"op": "execute", "statement", "params"?, "rowsAsArray"?}
//   {"op": "close-statement", "statement"} -> {}
//   {"op": "begin" | "commit" | "rollback" | "ping"}
// A plan to run and Finish, as PlanRequest's, or the final answer as the
// socket sends it: {"id": the message's "id" (null if none), ...answer}.
Output SessionMessage(uint32_t session, std::string_view message, int64_t now_ms);

// Finish for a plan of session `session` (from SessionMessage or
// SessionClose): the session keeps what a final answer changed, which is
// the reply to the message being answered, as SessionMessage's.
Output SessionFinish(uint32_t session, std::string_view context, std::string_view answers);

// Forgets `session` (its socket closed): a plan that rolls its transaction
// back on its shard, or 200 {}.
Output SessionClose(uint32_t session);

// Sessions this isolate holds.
size_t SessionCount();

// Why a socket answered a message itself, before any session saw it or in
// its place (worker-shim/session_socket.js); values as the ABI passes them.
enum class SocketRefusal : uint32_t {
  kMalformedFrame = 0,   // the frame is not JSON
  kNoSession = 1,        // `detail` (a channel, as JSON) has no open session
  kChannelTaken = 2,     // "open" names `detail`, a channel in use or not a number
  kTooManySessions = 3,  // "open" beyond the socket's `detail` sessions
  kWorkerFault = 4,      // the worker failed answering it: `detail` says how
};

// The reply to the message whose id is `id` (JSON text, "null" if none)
// that a socket refused: {"id", "error": ...}, MySQL's error for `why`.
Output SocketRefusalReply(SocketRefusal why, std::string_view id, std::string_view detail);

// The general context a read recipe's plan (read_recipes.h) of session
// `session` stands for, as SessionFinish would build it (for tests).
Json SessionRecipeContextForTest(uint32_t session, std::string_view token);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_SESSION_H_
