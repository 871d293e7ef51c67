// Marshalling only: see edgesql_abi.h for the contract.
#include "edgesql_abi.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/gateway.h"
#include "gateway/session.h"

namespace {

constexpr uint32_t kAbiVersion = 8;

std::string g_input;
std::string g_result;
std::string g_background;
uint32_t g_result_view[4];  // address, length of g_result, then of g_background

std::string_view View(const uint8_t* data, uint32_t len) {
  return data == nullptr ? std::string_view()
                         : std::string_view(reinterpret_cast<const char*>(data), len);
}

void PublishView() {
  g_result_view[0] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(g_result.data()));
  g_result_view[1] = static_cast<uint32_t>(g_result.size());
  g_result_view[2] = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(g_background.data()));
  g_result_view[3] = static_cast<uint32_t>(g_background.size());
}

int32_t Publish(edgesql::gateway::Output out) {
  g_result = std::move(out.body);
  g_background = std::move(out.background);
  PublishView();
  return out.status;
}

}  // namespace

extern "C" {

uint32_t esql_abi_version(void) { return kAbiVersion; }

uint8_t* esql_input_buffer(uint32_t capacity) {
  // Grows only: callers size requests generously, and shrinking then
  // growing again would zero-fill the difference on every call.
  if (g_input.size() < capacity) g_input.resize(capacity);
  return reinterpret_cast<uint8_t*>(g_input.data());
}

const uint32_t* esql_result_view(void) { return g_result_view; }

int32_t esql_plan(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                  uint32_t caller_len) {
  return Publish(
      edgesql::gateway::PlanRequest(View(request, request_len), View(caller, caller_len)));
}

int32_t esql_plan_set_policy(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                             uint32_t caller_len) {
  return Publish(
      edgesql::gateway::PlanSetPolicy(View(request, request_len), View(caller, caller_len)));
}

int32_t esql_plan_batch(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                        uint32_t caller_len) {
  return Publish(edgesql::gateway::PlanBatch(View(request, request_len), View(caller, caller_len)));
}

int32_t esql_plan_reset_shard(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                              uint32_t caller_len) {
  return Publish(
      edgesql::gateway::PlanResetShard(View(request, request_len), View(caller, caller_len)));
}

int32_t esql_finish(const uint8_t* context, uint32_t context_len, const uint8_t* answers,
                    uint32_t answers_len) {
  return Publish(edgesql::gateway::Finish(View(context, context_len), View(answers, answers_len)));
}

int32_t esql_session_open(const uint8_t* caller, uint32_t caller_len, const uint8_t* database,
                          uint32_t database_len) {
  return Publish(
      edgesql::gateway::SessionOpen(View(caller, caller_len), View(database, database_len)));
}

int32_t esql_session_message(uint32_t session, const uint8_t* message, uint32_t message_len,
                             double now_ms) {
  return Publish(edgesql::gateway::SessionMessage(session, View(message, message_len),
                                                  static_cast<int64_t>(now_ms)));
}

int32_t esql_session_finish(uint32_t session, const uint8_t* context, uint32_t context_len,
                            const uint8_t* answers, uint32_t answers_len) {
  return Publish(edgesql::gateway::SessionFinish(session, View(context, context_len),
                                                 View(answers, answers_len)));
}

int32_t esql_session_close(uint32_t session) {
  return Publish(edgesql::gateway::SessionClose(session));
}

int32_t esql_socket_refusal(uint32_t why, const uint8_t* id, uint32_t id_len, const uint8_t* detail,
                            uint32_t detail_len) {
  return Publish(
      edgesql::gateway::SocketRefusalReply(static_cast<edgesql::gateway::SocketRefusal>(why),
                                           View(id, id_len), View(detail, detail_len)));
}

uint32_t esql_session_count(void) {
  return static_cast<uint32_t>(edgesql::gateway::SessionCount());
}

int32_t esql_plan_queue_batch(const uint8_t* messages, uint32_t messages_len, const uint8_t* clock,
                              uint32_t clock_len) {
  return Publish(
      edgesql::gateway::PlanQueueBatch(View(messages, messages_len), View(clock, clock_len)));
}

int32_t esql_plan_mirror_verify(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                                uint32_t caller_len) {
  return Publish(
      edgesql::gateway::PlanMirrorVerify(View(request, request_len), View(caller, caller_len)));
}

int32_t esql_plan_replay_events(const uint8_t* request, uint32_t request_len, const uint8_t* caller,
                                uint32_t caller_len) {
  return Publish(
      edgesql::gateway::PlanReplayEvents(View(request, request_len), View(caller, caller_len)));
}

int32_t esql_metrics(const uint8_t* caller, uint32_t caller_len, const uint8_t* worker,
                     uint32_t worker_len) {
  return Publish(edgesql::gateway::MetricsText(View(caller, caller_len), View(worker, worker_len)));
}

int32_t esql_shard_bootstrap(void) {
  g_result = edgesql::gateway::ShardBootstrap();
  g_background.clear();
  PublishView();
  return 200;
}

int32_t esql_analyze(const uint8_t* sql, uint32_t sql_len) {
  return Publish(edgesql::gateway::AnalyzeToJson(View(sql, sql_len)));
}

int32_t esql_transpile(const uint8_t* sql, uint32_t sql_len, const uint8_t* database,
                       uint32_t database_len) {
  return Publish(
      edgesql::gateway::TranspileToText(View(sql, sql_len), View(database, database_len)));
}

int32_t esql_translate(const uint8_t* sql, uint32_t sql_len, const uint8_t* database,
                       uint32_t database_len) {
  return Publish(
      edgesql::gateway::TranslateToJson(View(sql, sql_len), View(database, database_len)));
}

int32_t esql_split_script(const uint8_t* script, uint32_t len) {
  return Publish(edgesql::gateway::SplitScriptToJson(View(script, len)));
}

int32_t esql_check_policy(const uint8_t* policy, uint32_t policy_len, const uint8_t* schema,
                          uint32_t schema_len) {
  return Publish(
      edgesql::gateway::CheckPolicyToJson(View(policy, policy_len), View(schema, schema_len)));
}

int32_t esql_set_policy(const uint8_t* database, uint32_t database_len, const uint8_t* policy,
                        uint32_t policy_len) {
  return Publish(
      edgesql::gateway::SetPolicyToJson(View(database, database_len), View(policy, policy_len)));
}

int32_t esql_explain(const uint8_t* sql, uint32_t sql_len, const uint8_t* request,
                     uint32_t request_len) {
  return Publish(edgesql::gateway::ExplainToJson(View(sql, sql_len), View(request, request_len)));
}

}  // extern "C"
