// SmallObjectPool: size-class free lists for the core's short-lived small
// allocations, in the spirit of SQLite's lookaside allocator.
//
// Translating one statement makes a few dozen strings and vectors of a few
// hundred bytes and frees them all before the call returns. Inside wasm
// every one of those went through dlmalloc, whose binning and coalescing
// cost about as much as lexing the statement. Here a small block is popped
// from (and pushed back onto) a per-size-class free list: a handful of
// instructions.
//
// Every block carries a 16-byte header naming its class, so Free() needs no
// size and no lookup; blocks are aligned as malloc's are (for any object).
// Memory for the classes comes from the system allocator in chunks and is
// kept for reuse, never returned; once kMaxPoolBytes are taken, further small
// requests go to the system allocator like large ones do, which bounds what
// the pool holds.
//
// Not thread-safe: core.wasm is single-threaded. Constant-initialised, so a
// static instance is usable before any constructor runs (the global
// operator new in wasm/operator_new.cc is called during static init).
#ifndef EDGESQL_COMMON_SMALL_OBJECT_POOL_H_
#define EDGESQL_COMMON_SMALL_OBJECT_POOL_H_

#include <cstddef>
#include <cstdint>

namespace edgesql {

class SmallObjectPool {
 public:
  static constexpr size_t kHeader = 16;  // keeps malloc's alignment
  // Header included. Large enough for a statement's token vector and its
  // AST arena (2 KiB inline), which are made and freed once per call too.
  static constexpr size_t kMaxBlock = 4096;
  static constexpr size_t kChunkBytes = 16384;  // carved into blocks of one class
  static constexpr size_t kMaxPoolBytes = size_t{4} << 20;

  constexpr SmallObjectPool() = default;
  SmallObjectPool(const SmallObjectPool&) = delete;
  SmallObjectPool& operator=(const SmallObjectPool&) = delete;

  // n usable bytes, aligned as malloc's; nullptr when out of memory.
  void* Allocate(size_t n);
  // REQUIRES: p is nullptr or came from Allocate() of this pool.
  void Free(void* p);

  // Bytes of chunks taken from the system so far (for tests).
  size_t pool_bytes() const { return pool_bytes_; }

 private:
  static constexpr size_t kClasses = kMaxBlock / 16 - 1;  // blocks of 32..kMaxBlock bytes
  static constexpr uint32_t kSystem = UINT32_MAX;         // header mark: not pooled

  struct FreeBlock {
    FreeBlock* next;
  };

  FreeBlock* free_[kClasses] = {};
  char* bump_[kClasses] = {};  // unused tail of the class's newest chunk
  char* bump_end_[kClasses] = {};
  size_t pool_bytes_ = 0;
};

}  // namespace edgesql

#endif  // EDGESQL_COMMON_SMALL_OBJECT_POOL_H_
