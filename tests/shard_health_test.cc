#include "routing/shard_health.h"

#include <gtest/gtest.h>

namespace edgesql::routing {
namespace {

using State = ShardHealth::State;

TEST(ShardHealthTest, OpensAfterConsecutiveFailuresAndRefusesFast) {
  ShardHealth health({.failure_threshold = 3, .open_ms = 5000, .half_open_probes = 1});
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(health.Admit("s1", 1000).ok());
    health.Record("s1", false, 1000);
  }
  // A success in between resets the count: failures must be consecutive.
  ASSERT_TRUE(health.Admit("s1", 1000).ok());
  health.Record("s1", true, 1000);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(health.Admit("s1", 2000).ok());
    health.Record("s1", false, 2000);
  }
  EXPECT_EQ(health.StatsOf("s1", 2000).state, State::kOpen);
  Status refused = health.Admit("s1", 4500);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().errnum(), 1053);
  EXPECT_EQ(refused.error().info().sql_state, "08S01");
  EXPECT_EQ(refused.error().message(),
            "Shard 's1' is unavailable: 3 failures in a row opened its circuit breaker; retry in "
            "3 s");
  // Other shards are unaffected.
  EXPECT_TRUE(health.Admit("s2", 4500).ok());
  const ShardHealth::Stats stats = health.StatsOf("s1", 4500);
  EXPECT_EQ(stats.failures, 5);
  EXPECT_EQ(stats.successes, 1);
  EXPECT_EQ(stats.refused, 1);
}

TEST(ShardHealthTest, HalfOpenProbesCloseOrReopen) {
  ShardHealth health({.failure_threshold = 1, .open_ms = 1000, .half_open_probes = 1});
  ASSERT_TRUE(health.Admit("s", 0).ok());
  health.Record("s", false, 0);
  EXPECT_FALSE(health.Admit("s", 999).ok());

  // Due: one probe goes through, a second waits for its outcome.
  EXPECT_EQ(health.StatsOf("s", 1000).state, State::kHalfOpen);
  EXPECT_TRUE(health.Admit("s", 1000).ok());
  EXPECT_FALSE(health.Admit("s", 1001).ok());
  // The probe fails: open again, for a full period from now.
  health.Record("s", false, 1100);
  EXPECT_EQ(health.StatsOf("s", 1100).state, State::kOpen);
  EXPECT_FALSE(health.Admit("s", 2099).ok());

  // The next probe succeeds: closed, and everything flows.
  EXPECT_TRUE(health.Admit("s", 2100).ok());
  health.Record("s", true, 2150);
  EXPECT_EQ(health.StatsOf("s", 2150).state, State::kClosed);
  EXPECT_TRUE(health.Admit("s", 2151).ok());
  EXPECT_TRUE(health.Admit("s", 2151).ok());
  EXPECT_EQ(BreakerStateName(State::kHalfOpen), "half-open");
}

}  // namespace
}  // namespace edgesql::routing
