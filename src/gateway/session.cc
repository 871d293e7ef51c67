#include "gateway/session.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "common/lru_map.h"
#include "common/str_cat.h"
#include "gateway/caller.h"
#include "gateway/planner.h"
#include "gateway/read_recipes.h"
#include "gateway/transaction.h"
#include "routing/router.h"
#include "sql/analyzer.h"
#include "sql/lexer.h"

namespace edgesql::gateway {
namespace {

struct PreparedStatement {
  std::string sql;
  int params = 0;
};

struct Session {
  Json caller;      // as the socket's upgrade request showed it; "now" per message
  Caller verified;  // the caller judged once, when the session opened
  std::string nonce;
  uint64_t transactions = 0;
  std::string next_txn;  // the id the next transaction takes
  std::string database;
  // The settings a request's "session" object carries (request.h):
  // foreign_key_checks, variables, last_insert_id, row_count, autocommit,
  // innodb_lock_wait_timeout, idle_transaction_timeout, and versions
  // (read-your-writes across the cache).
  Json settings = Json::object();
  Transaction txn;
  std::map<uint32_t, PreparedStatement> prepared;
  uint32_t next_statement = 1;
  std::string reply_id = "null";  // the id of the message being answered, as JSON
  // The error the last message answered got (status 0: it succeeded). A
  // message sent "ifPreviousOk" after a failure gets it too, and does not
  // run: a client's deferred BEGIN goes with the statement after it, which
  // must not then run outside a transaction.
  Output previous_error;
};

// The isolate's sessions: they live as long as their sockets.
struct Sessions {
  std::unordered_map<uint32_t, Session> by_id;
  uint32_t next_id = 1;
};

Sessions& Table() {
  static Sessions* sessions = new Sessions();  // lives as long as the isolate
  return *sessions;
}

Session* Find(uint32_t id) {
  auto it = Table().by_id.find(id);
  return it == Table().by_id.end() ? nullptr : &it->second;
}

std::string NewTransactionId(Session& s, uint32_t id) {
  return s.nonce + "." + std::to_string(id) + "." + std::to_string(++s.transactions);
}

Error WrongMessage(std::string_view what) {
  return Error(ErrorCode::kWrongArguments,
               "Incorrect arguments to the session: " + std::string(what));
}

// The member `key` of `m` when it is a string, else null (checked: the message is the
// client's, and the core is built without exceptions).
const std::string* StringMember(const Json& m, std::string_view key) {
  const Json& member = Member(m, key);
  return member.is_string() ? &member.get_ref<const std::string&>() : nullptr;
}

std::optional<uint32_t> StatementId(const Json& m) {
  auto it = m.find("statement");
  if (it == m.end() || !it->is_number_unsigned() || it->get<uint64_t>() > UINT32_MAX)
    return std::nullopt;
  return static_cast<uint32_t>(it->get<uint64_t>());
}

// What a final answer changed (Output::session) becomes the session's.
void Absorb(Session& s, uint32_t id, const Output& out) {
  const Json& e = out.session;
  if (!e.is_object()) return;
  if (auto t = e.find("transaction"); t != e.end()) s.txn = TransactionFromJson(*t);
  if (s.txn.open && s.txn.id == s.next_txn) s.next_txn = NewTransactionId(s, id);
  if (auto d = e.find("database");
      d != e.end() && d->is_string() && !d->get_ref<const std::string&>().empty())
    s.database = d->get<std::string>();
  for (const char* key :
       {"foreign_key_checks", "variables", "last_insert_id", "row_count", "autocommit",
        "innodb_lock_wait_timeout", "idle_transaction_timeout", "versions"}) {
    if (auto v = e.find(key); v != e.end()) s.settings[key] = *v;
  }
}

Output Prepare(Session& s, const Json& m) {
  const std::string* sql = StringMember(m, "sql");
  if (sql == nullptr) return ErrorOutput(WrongMessage("prepare needs \"sql\", a string"));
  Result<std::vector<sql::Token>> tokens = sql::Lex(*sql);
  if (!tokens.ok()) return ErrorOutput(tokens.error());
  Result<sql::Analysis> analysis = sql::Analyze(*sql, tokens.value());
  if (!analysis.ok()) return ErrorOutput(analysis.error());
  if (analysis.value().statements.size() > 1)
    return ErrorOutput(sql::SyntaxErrorAt(*sql, analysis.value().statements[1].begin));
  if (s.prepared.size() >= kMaxPreparedStatements) {
    return ErrorOutput(Error(ErrorCode::kMaxPreparedStatements,
                             "Can't create more than max_prepared_stmt_count statements "
                             "(current value: " +
                                 std::to_string(kMaxPreparedStatements) + ")"));
  }
  const uint32_t id = s.next_statement++;
  const int params = analysis.value().param_count;
  s.prepared[id] = PreparedStatement{*sql, params};
  return Output{200, Dump(Json{{"statement", id}, {"params", params}}), Json()};
}

}  // namespace

Output SessionOpen(std::string_view caller_json, std::string_view database) {
  Result<Caller> caller = ParseCaller(caller_json);
  if (!caller.ok()) return ErrorOutput(caller.error());
  Result<Json> parsed = ParseJson(caller_json, "the caller");
  if (!parsed.ok()) return ErrorOutput(parsed.error());
  const std::string* nonce = StringMember(parsed.value(), "nonce");
  if (nonce == nullptr || nonce->empty())
    return ErrorOutput(Error(ErrorCode::kInternal, "Internal error: a session needs a nonce"));
  if (!database.empty()) {
    if (Status s = routing::ValidateDatabaseName(database); !s.ok()) return ErrorOutput(s.error());
  }
  Sessions& table = Table();
  const uint32_t id = table.next_id++;
  Session& s = table.by_id[id];
  s.caller = std::move(parsed).value();
  s.verified = std::move(caller).value();
  s.nonce = *nonce;
  s.database = database;
  s.next_txn = NewTransactionId(s, id);
  return Output{200, Dump(Json{{"session", id}}), Json()};
}

namespace {

// A statement's request as the planner takes it (a POST /v1/query body, the
// session's settings as its "session").
Json RequestBody(const Session& s, std::string sql, Json params, const Json& rows_as_array) {
  Json body{{"sql", std::move(sql)},
            {"params", std::move(params)},
            {"database", s.database},
            {"session", s.settings}};
  if (!rows_as_array.is_null()) body["rowsAsArray"] = rows_as_array;
  return body;
}

// What ties a statement to its session (planner.h).
Json Link(const Session& s, uint32_t id) {
  return JsonObjectOf("id", id, "nextTxn", s.next_txn, "transaction", TransactionToJson(s.txn));
}

// The recipes of sessions' reads (read_recipes.h), by session and text:
// one isolate-wide bound (a recipe holds its plan's text and the general
// context, a few kilobytes) however many sessions it holds. A closed
// session's go as the least recently used.
LruMap<ReadRecipe>& Recipes() {
  static auto* recipes = new LruMap<ReadRecipe>(kMaxReadRecipes);  // lives as long as the isolate
  return *recipes;
}

std::string RecipeKey(uint32_t id, std::string_view sql) {
  return StrCat({std::to_string(id), "\n", sql});
}

// The plan of a read from the session's recipe of its text, or its answer
// from the isolate's cache, if it has a recipe that holds; nullopt for the
// general planner. Outside a transaction only: in one, every statement
// joins it. `recipe` is the session's recipe of the text, if any.
std::optional<Output> PlanRead(const Session& s, const std::shared_ptr<const ReadRecipe>& recipe,
                               const Json& params, const Json& rows_as_array, int64_t now_ms) {
  if (s.txn.open || recipe == nullptr || recipe->database != s.database) return std::nullopt;
  const Json& autocommit = Member(s.settings, "autocommit");
  const Json& last_insert_id = Member(s.settings, "last_insert_id");
  if (!(autocommit.is_null() || autocommit == 1)) return std::nullopt;
  if (!(last_insert_id.is_null() || last_insert_id.is_number_integer())) return std::nullopt;
  const Json& versions = Member(s.settings, "versions");
  if (!(versions.is_null() || versions.is_object())) return std::nullopt;  // the planner's error
  return PlanFromRecipe(
      recipe,
      RecipeRequest{params, rows_as_array,
                    last_insert_id.is_null() ? 0 : last_insert_id.get<int64_t>(), now_ms},
      versions);
}

// MySQL's server status flags an OK packet carries, as mysql2 reports them
// (ResultSetHeader.serverStatus).
constexpr int kStatusInTransaction = 1;  // SERVER_STATUS_IN_TRANS
constexpr int kStatusAutocommit = 2;     // SERVER_STATUS_AUTOCOMMIT

// The session's status flags once its last statement is answered.
int ServerStatus(const Session& s) {
  const Json& autocommit = Member(s.settings, "autocommit");
  return (s.txn.open ? kStatusInTransaction : 0) |
         (autocommit.is_null() || autocommit == 1 ? kStatusAutocommit : 0);
}

// A final answer as the socket sends it: {"id": the message's id, ...}, and
// for a success the session's status flags ("serverStatus") after it.
Output AsReply(Output out, std::string_view id, const Session* s = nullptr) {
  std::string_view rest = std::string_view(out.body).substr(1);
  std::string status;
  if (s != nullptr && out.status == 200 && rest.size() > 1) {
    rest.remove_suffix(1);  // the closing brace
    status = StrCat({",\"serverStatus\":", std::to_string(ServerStatus(*s)), "}"});
  }
  out.body = StrCat({"{\"id\":", id, rest.size() > 1 ? "," : "", rest, status});
  return out;
}

// SessionMessage's answer, before it becomes the reply to the message;
// `reply_id` gets the message's id (it stays null when the message has
// none, or is not JSON).
Output AnswerMessage(Session* s, uint32_t id, std::string_view message, int64_t now_ms,
                     std::string& reply_id) {
  Result<Json> parsed = ParseJson(message, "the session message");
  if (!parsed.ok()) return ErrorOutput(parsed.error());
  const Json& m = parsed.value();
  if (!m.is_object()) return ErrorOutput(WrongMessage("a message is a JSON object"));
  if (auto i = m.find("id"); i != m.end()) reply_id = Dump(*i);
  if (s == nullptr) {
    return ErrorOutput(
        Error(ErrorCode::kServerShutdown, "Server shutdown in progress: the session is closed"));
  }
  s->reply_id = reply_id;
  if (Member(m, "ifPreviousOk") == true && s->previous_error.status != 0) return s->previous_error;
  const std::string* op = StringMember(m, "op");
  if (op == nullptr) return ErrorOutput(WrongMessage("a message needs \"op\", a string"));

  std::string sql;
  if (*op == "ping") return Output{200, "{}", Json()};
  if (*op == "prepare") return Prepare(*s, m);
  if (*op == "close-statement") {
    if (std::optional<uint32_t> statement = StatementId(m)) s->prepared.erase(*statement);
    return Output{200, "{}", Json()};  // as COM_STMT_CLOSE: an unknown id is no error
  }
  Json params = m.contains("params") ? m["params"] : Json::array();
  if (*op == "execute") {
    std::optional<uint32_t> statement = StatementId(m);
    auto it = statement ? s->prepared.find(*statement) : s->prepared.end();
    if (it == s->prepared.end()) {
      return ErrorOutput(
          Error(ErrorCode::kUnknownStatementHandler,
                "Unknown prepared statement handler (" +
                    (m.contains("statement") ? Dump(m["statement"]) : std::string("none")) +
                    ") given to mysqld_stmt_execute"));
    }
    if (!params.is_array() || static_cast<int>(params.size()) != it->second.params) {
      return ErrorOutput(Error(ErrorCode::kWrongArguments,
                               "Incorrect arguments to mysqld_stmt_execute: the statement has " +
                                   std::to_string(it->second.params) + " placeholder(s)"));
    }
    sql = it->second.sql;
  } else if (*op == "query") {
    const std::string* text = StringMember(m, "sql");
    if (text == nullptr) return ErrorOutput(WrongMessage("query needs \"sql\", a string"));
    sql = *text;
  } else if (*op == "begin" || *op == "commit" || *op == "rollback") {
    sql = *op;
  } else {
    return ErrorOutput(WrongMessage("unknown op \"" + *op + "\""));
  }

  // The token was verified when the session opened; only its expiry can
  // change the verdict since.
  Result<Caller> caller = CallerAt(s->verified, now_ms);
  if (!caller.ok()) return ErrorOutput(caller.error());
  s->caller["now"] = now_ms;
  const Json rows_as_array = m.contains("rowsAsArray") ? m["rowsAsArray"] : Json();
  std::shared_ptr<const ReadRecipe> kept;
  if (*op == "query" || *op == "execute") {
    kept = Recipes().Find(RecipeKey(id, sql));
    if (std::optional<Output> planned = PlanRead(*s, kept, params, rows_as_array, now_ms)) {
      if (planned->status != 0) Absorb(*s, id, *planned);
      return *std::move(planned);
    }
  }
  // A recipe still current (the isolate's cache did not answer its read)
  // is not made again.
  std::shared_ptr<const ReadRecipe> recipe;
  const bool current = kept != nullptr && kept->database == s->database && RecipeIsCurrent(*kept);
  Output out = PlanSessionStatement(
      RequestBody(*s, std::move(sql), std::move(params), rows_as_array), caller.value(),
      Dump(s->caller), Link(*s, id), current ? nullptr : &recipe);
  if (recipe != nullptr) {
    const std::string key = RecipeKey(id, recipe->sql);
    Recipes().Put(key, std::move(recipe));
  }
  if (out.status != 0) Absorb(*s, id, out);
  return out;
}

// The request's part of a recipe's general context: as AnswerMessage
// would have planned it, the session being as it was (nothing of it
// changes while its statement runs: the next message waits).
std::function<RequestMembers(const ReadRecipe&, const RecipeRequest&)> RecipeMembers(uint32_t id) {
  return [id](const ReadRecipe& recipe, const RecipeRequest& request) {
    Session* s = Find(id);
    if (s == nullptr) {  // closed while its statement ran: no one hears the answer
      return RequestMembers{"{}", Json{{"sql", recipe.sql}, {"params", request.params}}, Json()};
    }
    Json caller = s->caller;
    caller["now"] = request.now_ms;
    return RequestMembers{Dump(caller),
                          RequestBody(*s, recipe.sql, request.params, request.rows_as_array),
                          Link(*s, id)};
  };
}

// Keeps whether the final answer `out` was an error, for the session's next
// message ("ifPreviousOk").
void Remember(Session* s, const Output& out) {
  if (s != nullptr) s->previous_error = out.status == 200 ? Output() : Output{out.status, out.body};
}

}  // namespace

Output SessionMessage(uint32_t id, std::string_view message, int64_t now_ms) {
  std::string reply_id = "null";
  Output out = AnswerMessage(Find(id), id, message, now_ms, reply_id);
  if (out.status == 0) return out;
  Remember(Find(id), out);
  return AsReply(std::move(out), reply_id, Find(id));
}

Output SessionFinish(uint32_t id, std::string_view context, std::string_view answers) {
  Output out = IsRecipeToken(context) ? FinishRecipeRead(context, answers, RecipeMembers(id))
                                      : Finish(context, answers);
  if (out.status == 0) return out;
  Session* s = Find(id);
  if (s == nullptr) return AsReply(std::move(out), "null");  // closed while its statement ran
  Absorb(*s, id, out);
  Remember(s, out);
  return AsReply(std::move(out), s->reply_id, s);
}

Output SessionClose(uint32_t id) {
  Session* s = Find(id);
  if (s == nullptr) return Output{200, "{}", Json()};
  Json txn = TransactionToJson(s->txn);
  Table().by_id.erase(id);
  return PlanSessionEnd(txn);
}

size_t SessionCount() { return Table().by_id.size(); }

Output SocketRefusalReply(SocketRefusal why, std::string_view id, std::string_view detail) {
  const std::string what(detail);
  Error error = Error(ErrorCode::kUnknown, "Unknown error: " + what);
  switch (why) {
    case SocketRefusal::kMalformedFrame:
      error = WrongMessage("a frame is a JSON object or an array of them");
      break;
    case SocketRefusal::kNoSession:
      error = WrongMessage("no session is open on channel " + what);
      break;
    case SocketRefusal::kChannelTaken:
      error = WrongMessage("channel " + what + " is not a free channel number");
      break;
    case SocketRefusal::kTooManySessions:
      error = Error(ErrorCode::kTooManyConnections,
                    "Too many connections: a socket carries at most " + what + " sessions");
      break;
    case SocketRefusal::kWorkerFault:
      break;
  }
  return AsReply(ErrorOutput(error), id);
}

Json SessionRecipeContextForTest(uint32_t session, std::string_view token) {
  return RecipeContextForTest(token, RecipeMembers(session));
}

}  // namespace edgesql::gateway
