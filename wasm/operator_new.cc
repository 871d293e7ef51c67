// Global operator new/delete for core.wasm: every C++ allocation goes through
// a SmallObjectPool (src/common/small_object_pool.h says why). Native builds
// keep the C++ library's own, whose malloc already has per-size caches.
#include <cstdlib>
#include <new>

#include "common/small_object_pool.h"

namespace {

constinit edgesql::SmallObjectPool g_pool;

void* AllocateOrAbort(std::size_t n) {
  void* p = g_pool.Allocate(n);
  // Built without exceptions, so there is no bad_alloc to throw: running out
  // of the isolate's memory ends the call, as a failed new would.
  if (p == nullptr) std::abort();
  return p;
}

}  // namespace

void* operator new(std::size_t n) { return AllocateOrAbort(n); }
void* operator new[](std::size_t n) { return AllocateOrAbort(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept { return g_pool.Allocate(n); }
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept { return g_pool.Allocate(n); }
void operator delete(void* p) noexcept { g_pool.Free(p); }
void operator delete[](void* p) noexcept { g_pool.Free(p); }
void operator delete(void* p, std::size_t) noexcept { g_pool.Free(p); }
void operator delete[](void* p, std::size_t) noexcept { g_pool.Free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { g_pool.Free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { g_pool.Free(p); }
