#include "common/small_object_pool.h"

#include <cstdlib>

namespace edgesql {
namespace {

// malloc's alignment suits any object; blocks keep it, since headers and
// block sizes are multiples of 16. (posix_memalign would cost more per call.)
void* SystemAllocate(size_t n) { return std::malloc(n); }

uint32_t& ClassOf(char* block) { return *reinterpret_cast<uint32_t*>(block); }

}  // namespace

void* SmallObjectPool::Allocate(size_t n) {
  if (n <= kMaxBlock - kHeader) {
    size_t block_size = (n + kHeader + 15) & ~size_t{15};
    if (block_size < 32) block_size = 32;
    size_t c = block_size / 16 - 2;
    char* block = nullptr;
    if (free_[c] != nullptr) {
      block = reinterpret_cast<char*>(free_[c]);
      free_[c] = free_[c]->next;
    } else {
      if (bump_end_[c] - bump_[c] < static_cast<ptrdiff_t>(block_size) &&
          pool_bytes_ + kChunkBytes <= kMaxPoolBytes) {
        char* chunk = static_cast<char*>(SystemAllocate(kChunkBytes));
        if (chunk != nullptr) {
          // The old chunk's tail (under one block) is given up.
          bump_[c] = chunk;
          bump_end_[c] = chunk + kChunkBytes;
          pool_bytes_ += kChunkBytes;
        }
      }
      if (bump_end_[c] - bump_[c] >= static_cast<ptrdiff_t>(block_size)) {
        block = bump_[c];
        bump_[c] += block_size;
      }
    }
    if (block != nullptr) {
      ClassOf(block) = static_cast<uint32_t>(c);
      return block + kHeader;
    }
  }
  char* block = static_cast<char*>(SystemAllocate(n + kHeader));
  if (block == nullptr) return nullptr;
  ClassOf(block) = kSystem;
  return block + kHeader;
}

void SmallObjectPool::Free(void* p) {
  if (p == nullptr) return;
  char* block = static_cast<char*>(p) - kHeader;
  uint32_t c = ClassOf(block);
  if (c == kSystem) {
    std::free(block);
    return;
  }
  auto* f = reinterpret_cast<FreeBlock*>(block);
  f->next = free_[c];
  free_[c] = f;
}

}  // namespace edgesql
