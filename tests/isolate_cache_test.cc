// The isolate's first-level cache on its own: how long it keeps a value and
// what it gives up when full (cache/isolate_cache.h).
#include "cache/isolate_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace edgesql::cache {
namespace {

IsolateCache::Held Value(int n) {
  return {std::make_shared<edgesql::Json>(n), std::make_shared<edgesql::Json>(nullptr)};
}

TEST(IsolateCacheTest, KeepsAValueForItsAgeAndNoLonger) {
  IsolateCache& cache = IsolateCache::Instance();
  cache.Clear();
  cache.Put("k", Value(1), 10, 1000);
  ASSERT_TRUE(cache.Find("k", 1000 + IsolateCache::kMaxAgeMs).has_value());
  EXPECT_EQ(*cache.Find("k", 1500)->entry, 1);
  EXPECT_FALSE(cache.Find("k", 999).has_value());  // a clock behind the value's
  cache.Put("k", Value(2), 10, 1000);
  EXPECT_FALSE(cache.Find("k", 1001 + IsolateCache::kMaxAgeMs).has_value());
  EXPECT_EQ(cache.size(), 0u);  // an expired value is dropped when found
}

TEST(IsolateCacheTest, OldestGoFirstWhenFullAndHugeValuesNeverCome) {
  IsolateCache& cache = IsolateCache::Instance();
  cache.Clear();
  const size_t each = IsolateCache::kMaxValueBytes;
  const size_t fit = IsolateCache::kMaxBytes / each;
  for (size_t i = 0; i < fit + 2; ++i) cache.Put("k" + std::to_string(i), Value(1), each, 0);
  EXPECT_EQ(cache.size(), fit);
  EXPECT_FALSE(cache.Find("k0", 0).has_value());
  EXPECT_FALSE(cache.Find("k1", 0).has_value());
  EXPECT_TRUE(cache.Find("k2", 0).has_value());
  cache.Put("huge", Value(1), each + 1, 0);
  EXPECT_FALSE(cache.Find("huge", 0).has_value());
  // Putting a key again replaces it and makes it the newest.
  cache.Put("k2", Value(7), each, 0);
  cache.Put("another", Value(1), each, 0);
  EXPECT_EQ(*cache.Find("k2", 0)->entry, 7);
  EXPECT_FALSE(cache.Find("k3", 0).has_value());
  cache.Clear();
}

}  // namespace
}  // namespace edgesql::cache
