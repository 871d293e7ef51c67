#include "routing/shard_health.h"

#include <algorithm>

#include "common/str_cat.h"

namespace edgesql::routing {

std::string_view BreakerStateName(ShardHealth::State state) {
  switch (state) {
    case ShardHealth::State::kClosed:
      return "closed";
    case ShardHealth::State::kOpen:
      return "open";
    case ShardHealth::State::kHalfOpen:
      return "half-open";
  }
  return "closed";
}

ShardHealth::Breaker& ShardHealth::At(std::string_view shard) {
  auto it = breakers_.find(shard);
  if (it == breakers_.end()) it = breakers_.emplace(std::string(shard), Breaker{}).first;
  return it->second;
}

void ShardHealth::Refresh(Breaker& b, int64_t now_ms) const {
  if (b.stats.state == State::kOpen && now_ms >= b.opened_at + config_.open_ms) {
    b.stats.state = State::kHalfOpen;
    b.probes_in_flight = 0;
  }
}

Status ShardHealth::Admit(std::string_view shard, int64_t now_ms) {
  Breaker& b = At(shard);
  Refresh(b, now_ms);
  switch (b.stats.state) {
    case State::kClosed:
      return Status::Ok();
    case State::kHalfOpen:
      if (b.probes_in_flight < config_.half_open_probes) {
        ++b.probes_in_flight;
        return Status::Ok();
      }
      break;  // probes are out: wait for their outcome
    case State::kOpen:
      break;
  }
  ++b.stats.refused;
  const int64_t wait_ms = std::max<int64_t>(b.opened_at + config_.open_ms - now_ms, 0);
  return Error(
      ErrorCode::kServerShutdown,
      StrCat({"Shard '", shard, "' is unavailable: ", std::to_string(b.stats.consecutive_failures),
              " failures in a row opened its circuit breaker; retry in ",
              std::to_string((wait_ms + 999) / 1000), " s"}));
}

void ShardHealth::Record(std::string_view shard, bool ok, int64_t now_ms) {
  Breaker& b = At(shard);
  Refresh(b, now_ms);
  if (b.stats.state == State::kHalfOpen && b.probes_in_flight > 0) --b.probes_in_flight;
  if (ok) {
    ++b.stats.successes;
    b.stats.consecutive_failures = 0;
    b.stats.state = State::kClosed;
    return;
  }
  ++b.stats.failures;
  ++b.stats.consecutive_failures;
  const bool trip = b.stats.state == State::kHalfOpen ||
                    (b.stats.state == State::kClosed &&
                     b.stats.consecutive_failures >= config_.failure_threshold);
  if (trip) {
    b.stats.state = State::kOpen;
    b.opened_at = now_ms;
  }
}

void ShardHealth::Release(std::string_view shard) {
  Breaker& b = At(shard);
  if (b.stats.state == State::kHalfOpen && b.probes_in_flight > 0) --b.probes_in_flight;
}

ShardHealth::Stats ShardHealth::StatsOf(std::string_view shard, int64_t now_ms) {
  Breaker& b = At(shard);
  Refresh(b, now_ms);
  return b.stats;
}

}  // namespace edgesql::routing
