#include "common/small_object_pool.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <vector>

namespace edgesql {
namespace {

bool Aligned(const void* p) {
  return reinterpret_cast<uintptr_t>(p) % alignof(std::max_align_t) == 0;
}

TEST(SmallObjectPoolTest, BlocksAreAlignedDistinctAndWritable) {
  SmallObjectPool pool;
  std::vector<char*> blocks;
  for (size_t n : {0, 1, 15, 16, 17, 100, 239, 240, 241, 1000, 4080, 4081, 100000}) {
    char* p = static_cast<char*>(pool.Allocate(n));
    ASSERT_NE(p, nullptr) << n;
    EXPECT_TRUE(Aligned(p)) << n;
    std::memset(p, 0xAB, n);
    blocks.push_back(p);
  }
  // Writing every block in full left the others intact.
  size_t sizes[] = {0, 1, 15, 16, 17, 100, 239, 240, 241, 1000, 4080, 4081, 100000};
  for (size_t i = 0; i < blocks.size(); ++i) {
    for (size_t k = 0; k < sizes[i]; ++k) ASSERT_EQ(static_cast<unsigned char>(blocks[i][k]), 0xAB);
  }
  for (char* p : blocks) pool.Free(p);
  pool.Free(nullptr);
}

TEST(SmallObjectPoolTest, FreedSmallBlocksAreReusedBySameClass) {
  SmallObjectPool pool;
  void* a = pool.Allocate(40);
  void* b = pool.Allocate(40);
  EXPECT_NE(a, b);
  pool.Free(a);
  EXPECT_EQ(pool.Allocate(36), a);   // same 16-byte class
  void* other = pool.Allocate(200);  // another class does not take it
  EXPECT_NE(other, a);
  pool.Free(b);
  pool.Free(other);
}

TEST(SmallObjectPoolTest, LargeRequestsBypassThePool) {
  SmallObjectPool pool;
  void* p = pool.Allocate(SmallObjectPool::kMaxBlock);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(pool.pool_bytes(), 0u);
  pool.Free(p);
}

TEST(SmallObjectPoolTest, StopsGrowingAtItsCapAndFallsBackToTheSystem) {
  SmallObjectPool pool;
  std::vector<void*> blocks;
  std::set<void*> seen;
  // Far more 64-byte blocks than the cap holds.
  size_t count = SmallObjectPool::kMaxPoolBytes / 64 * 2;
  for (size_t i = 0; i < count; ++i) {
    void* p = pool.Allocate(48);
    ASSERT_NE(p, nullptr);
    ASSERT_TRUE(seen.insert(p).second) << "block handed out twice";
    blocks.push_back(p);
  }
  EXPECT_LE(pool.pool_bytes(), SmallObjectPool::kMaxPoolBytes);
  for (void* p : blocks) pool.Free(p);
  // After everything came back, the pool serves again without growing.
  size_t before = pool.pool_bytes();
  for (int i = 0; i < 1000; ++i) pool.Free(pool.Allocate(48));
  EXPECT_EQ(pool.pool_bytes(), before);
}

}  // namespace
}  // namespace edgesql
