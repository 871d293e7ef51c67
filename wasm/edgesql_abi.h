/* The C ABI of core.wasm: the only functions the worker shim calls.
 *
 * Strings cross as UTF-8 bytes, pointer + length. The caller writes its input
 * into the buffer esql_input_buffer() returns (owned by the core, reused by
 * every call), calls one entry point, and reads the result where
 * esql_result_view() points, valid until the next call. The core is
 * single-threaded and every call is synchronous, so one buffer of each
 * suffices. Both stay put between calls, so a caller asks for them once, not
 * per call: a call into wasm costs about as much as a short statement's
 * marshalling. No logic lives here: only marshalling to gateway/gateway.h.
 *
 * Return values: 0 means the result is a plan for the shim; 100..599 is the
 * HTTP status of a final answer in the result; negative is an ABI misuse. */
#ifndef EDGESQL_WASM_EDGESQL_ABI_H_
#define EDGESQL_WASM_EDGESQL_ABI_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped whenever a signature or the meaning of a result changes. */
uint32_t esql_abi_version(void);

/* A buffer of at least `capacity` bytes for the next call's input, or NULL
 * when memory is exhausted. Invalidates earlier input pointers; the buffer
 * and its capacity last until the next esql_input_buffer call. */
uint8_t* esql_input_buffer(uint32_t capacity);

/* Four uint32 words, rewritten by every call (the words themselves never
 * move): the address and length of the last call's result, then those of
 * its background plan (length 0 when none): a plan the worker runs after
 * sending a final answer. */
const uint32_t* esql_result_view(void);

/* POST /v1/query body + caller ({authorization, secret, auth, now}) -> plan
 * (0) or final answer (HTTP status). */
int32_t esql_plan(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                  uint32_t caller_len);
/* POST /v1/admin/policy body + caller -> plan (0) or final answer. */
int32_t esql_plan_set_policy(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                             uint32_t caller_len);
/* POST /v1/batch body + caller -> plan (0) or final answer. */
int32_t esql_plan_batch(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                        uint32_t caller_len);
/* POST /v1/admin/reset body + caller -> plan (0) or final answer. */
int32_t esql_plan_reset_shard(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                              uint32_t caller_len);
/* Plan context + {"answers": [...]} -> next plan (0) or final answer. */
int32_t esql_finish(const uint8_t* context, uint32_t context_len, const uint8_t* answers,
                    uint32_t answers_len);
/* Caller (as esql_plan's, plus "nonce"), database -> {"session": id} (200)
 * or the caller's error. */
int32_t esql_session_open(const uint8_t* caller, uint32_t caller_len, const uint8_t* database,
                          uint32_t database_len);
/* Session id, one message of it (gateway/session.h), Date.now() -> plan (0)
 * or the reply to send: {"id": the message's id, ...final answer}. */
int32_t esql_session_message(uint32_t session, const uint8_t* message, uint32_t message_len,
                             double now_ms);
/* Session id, plan context + {"answers": [...]} -> as esql_finish, a final
 * answer as the reply esql_session_message gives; the session keeps what
 * it changed. */
int32_t esql_session_finish(uint32_t session, const uint8_t* context, uint32_t context_len,
                            const uint8_t* answers, uint32_t answers_len);
/* Session id -> the plan rolling its transaction back (0), or {} (200). */
int32_t esql_session_close(uint32_t session);
/* Why a socket refused a message (gateway::SocketRefusal), the message's id
 * (JSON text), a detail -> the reply to send: {"id", "error": ...}. */
int32_t esql_socket_refusal(uint32_t why, const uint8_t* id, uint32_t id_len, const uint8_t* detail,
                            uint32_t detail_len);
/* How many sessions the instance holds. */
uint32_t esql_session_count(void);
/* JSON array of db-events message bodies + {"now": ms, "mirror": bool} ->
 * consumer plan (0) or {"retry": [index, ...]} (200). */
int32_t esql_plan_queue_batch(const uint8_t* messages, uint32_t messages_len, const uint8_t* clock,
                              uint32_t clock_len);
/* POST /v1/admin/mirror/verify body + caller -> plan (0) or final answer. */
int32_t esql_plan_mirror_verify(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                                uint32_t caller_len);
/* POST /v1/admin/events body + caller -> consumer plan (0) or final answer. */
int32_t esql_plan_replay_events(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                                uint32_t caller_len);
/* Caller + the worker's counts ({"sharedReads", "batched": {"read",
   "write"}, "batches": {"read", "write"}}) -> the metrics' text (200) or
   an error. */
int32_t esql_metrics(const uint8_t* caller, uint32_t caller_len, const uint8_t* worker,
                     uint32_t worker_len);
/* What a shard runs of its own: {bootstrap, capture, outboxRead,
 * outboxDelete} (gateway/shard_statements.h). */
int32_t esql_shard_bootstrap(void);
/* SQL -> analysis JSON (200) or error. */
int32_t esql_analyze(const uint8_t* sql, uint32_t sql_len);
/* SQL, NUL, database -> SQLite text (200) or error. */
int32_t esql_transpile(const uint8_t* sql, uint32_t sql_len, const uint8_t* database,
                       uint32_t database_len);
/* One statement -> its analysis plus "sqlite", the SQLite statements it
 * becomes, as JSON (200), or a MySQL error. */
int32_t esql_translate(const uint8_t* sql, uint32_t sql_len, const uint8_t* database,
                       uint32_t database_len);
/* MySQL script -> JSON array [{"sql": "...", "line": N}] of the statements the
 * mysql client would send (200), or error. */
int32_t esql_split_script(const uint8_t* script, uint32_t len);
/* Table policy as JSON, and optionally a MySQL schema script to check it
 * against -> summary JSON (200), or the error naming its path. */
int32_t esql_check_policy(const uint8_t* policy, uint32_t policy_len, const uint8_t* schema,
                          uint32_t schema_len);
/* Database, table policy JSON -> {"version", "applied"} (200): kept by this
 * instance when newer than its current one; or the error. */
int32_t esql_set_policy(const uint8_t* database, uint32_t database_len, const uint8_t* policy,
                        uint32_t policy_len);
/* SQL, request JSON {"database", "params", "tenant"} -> each statement's
 * routing decision under the stored policy (200), or the error. */
int32_t esql_explain(const uint8_t* sql, uint32_t sql_len, const uint8_t* request,
                     uint32_t request_len);

#ifdef __cplusplus
}
#endif

#endif /* EDGESQL_WASM_EDGESQL_ABI_H_ */
