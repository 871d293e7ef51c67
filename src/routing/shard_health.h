// ShardHealth: a circuit breaker per shard, so a failing shard fails fast
// with a MySQL error instead of holding every request to it until timeout.
//
//   closed     requests go through; `failure_threshold` failures in a row
//              open the breaker
//   open       requests are refused at once (ER_SERVER_SHUTDOWN, SQLSTATE
//              08S01: drivers treat that class as a lost link and may retry)
//              until `open_ms` have passed
//   half-open  up to `half_open_probes` requests go through as probes; a
//              success closes the breaker, a failure opens it again
//
// Only transport failures count (the shard did not answer, or answered 5xx):
// a statement that fails with a MySQL error proves the shard is healthy.
// The clock is the caller's (milliseconds), so tests drive time and the
// Workers runtime, whose Date.now() stands still within a request, supplies
// it per request. No I/O; one instance per isolate.
#ifndef EDGESQL_ROUTING_SHARD_HEALTH_H_
#define EDGESQL_ROUTING_SHARD_HEALTH_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "common/error.h"

namespace edgesql::routing {

struct BreakerConfig {
  int failure_threshold = 5;
  int64_t open_ms = 10'000;
  int half_open_probes = 1;
};

class ShardHealth {
 public:
  enum class State : uint8_t { kClosed, kOpen, kHalfOpen };

  struct Stats {
    State state = State::kClosed;
    int consecutive_failures = 0;
    int64_t successes = 0;
    int64_t failures = 0;
    int64_t refused = 0;  // requests the open breaker turned away
  };

  explicit ShardHealth(BreakerConfig config = {}) : config_(config) {}

  // Whether a request may go to `shard` now. When it may, the caller must
  // Record() its outcome (a half-open probe holds its slot until then).
  Status Admit(std::string_view shard, int64_t now_ms);
  // The outcome of an admitted request: `ok` false for transport failures.
  void Record(std::string_view shard, bool ok, int64_t now_ms);
  // An admitted request that was never sent (another shard of the same plan
  // was refused): gives back its probe slot without an outcome.
  void Release(std::string_view shard);

  Stats StatsOf(std::string_view shard, int64_t now_ms);

 private:
  struct Breaker {
    Stats stats;
    int64_t opened_at = 0;
    int probes_in_flight = 0;
  };
  Breaker& At(std::string_view shard);
  void Refresh(Breaker& b, int64_t now_ms) const;  // open -> half-open once due

  BreakerConfig config_;
  std::map<std::string, Breaker, std::less<>> breakers_;
};

std::string_view BreakerStateName(ShardHealth::State state);

}  // namespace edgesql::routing

#endif  // EDGESQL_ROUTING_SHARD_HEALTH_H_
