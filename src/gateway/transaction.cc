#include "gateway/transaction.h"

#include <cstdio>

#include "gateway/calls.h"

namespace edgesql::gateway {

Json TransactionToJson(const Transaction& t) {
  Json hints = Json::array();
  for (const sql::ShardHint& h : t.hints) hints.push_back(Json::array({h.column, h.value}));
  return JsonObjectOf("hints", std::move(hints), "id", t.id, "open", t.open, "shard", t.shard,
                      "started", t.started);
}

Transaction TransactionFromJson(const Json& j) {
  Transaction t;
  if (!j.is_object()) return t;
  t.id = j.value("id", "");
  t.open = j.value("open", false);
  t.started = j.value("started", false);
  t.shard = j.value("shard", "");
  for (const Json& h : j.value("hints", Json::array())) {
    if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
      t.hints.push_back({h[0].get<std::string>(), h[1].get<std::string>()});
  }
  return t;
}

void SetLockWait(Json& call, const QueryRequest& r) {
  const int64_t wait_ms = r.lock_wait_timeout * 1000;
  call["lockWaitMs"] = wait_ms;
  call["timeoutMs"] = wait_ms + kShardCallTimeoutMs;
}

void MarkStep(Json& call, const Transaction& t, bool keep, bool hold, const QueryRequest& r) {
  call["txn"] =
      JsonObjectOf("first", !t.started, "hold", hold, "id", t.id, "keep", keep, "op", "step");
  call["idleMs"] = r.idle_transaction_timeout * 1000;
  SetLockWait(call, r);
}

Json EndCall(const Transaction& t, std::string_view op, const QueryRequest& r) {
  Json call = ShardCall(t.shard, Json::array());
  call["txn"] = {{"id", t.id}, {"op", op}};
  SetLockWait(call, r);
  return call;
}

std::string StatementTime(int64_t now_ms) {
  // Days to a civil date (Howard Hinnant's algorithm), UTC.
  int64_t days = now_ms / 86'400'000;
  int64_t ms_of_day = now_ms % 86'400'000;
  if (ms_of_day < 0) {
    ms_of_day += 86'400'000;
    --days;
  }
  days += 719'468;
  const int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
  const int64_t doe = days - era * 146'097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char text[96];
  std::snprintf(text, sizeof text, "'%04lld-%02lld-%02lld %02lld:%02lld:%02lld.%03lld'",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day), static_cast<long long>(ms_of_day / 3'600'000),
                static_cast<long long>(ms_of_day / 60'000 % 60),
                static_cast<long long>(ms_of_day / 1000 % 60),
                static_cast<long long>(ms_of_day % 1000));
  return text;
}

}  // namespace edgesql::gateway
