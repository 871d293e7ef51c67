// AstArena: the memory every AST node of one parsed statement lives in.
//
// The parser allocates nodes, lists and decoded strings here and links them
// with raw pointers; nothing is freed until the arena is, all at once. That
// is why AST nodes are plain, trivially destructible structs (New<T> checks
// it): no destructor ever runs, so a node may hold only pointers, spans and
// string_views (into the statement text or into this arena). The first
// kInlineBytes live inside the arena object itself, so a typical statement
// costs no allocation beyond the arena's own — the point, given the 5 µs
// budget inside wasm — and bigger ones a few growing blocks.
//
// NodeList<T> is the arena's array type: a pointer and a count, read-only
// once built. Not thread-safe; one arena belongs to one ParsedStatement.
#ifndef EDGESQL_SQL_AST_ARENA_H_
#define EDGESQL_SQL_AST_ARENA_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace edgesql::sql::ast {

// An immutable array of node pointers, owned by an AstArena.
template <typename T>
struct NodeList {
  T* const* data = nullptr;
  uint32_t size = 0;

  bool empty() const { return size == 0; }
  // REQUIRES: i < size
  T* operator[](size_t i) const { return data[i]; }
  T* const* begin() const { return data; }
  T* const* end() const { return data + size; }
};

class AstArena {
 public:
  AstArena() = default;
  AstArena(const AstArena&) = delete;
  AstArena& operator=(const AstArena&) = delete;

  template <typename T>
  T* New() {
    static_assert(std::is_trivially_destructible_v<T>, "arena nodes never have destructors run");
    return new (Allocate(sizeof(T), alignof(T))) T();
  }

  // An uninitialised array of n trivially copyable T (the caller fills it).
  template <typename T>
  T* NewArray(size_t n) {
    static_assert(std::is_trivially_copyable_v<T>);
    return static_cast<T*>(Allocate(n * sizeof(T), alignof(T)));
  }

  // Copies `n` pointers into the arena as a NodeList.
  template <typename T>
  NodeList<T> CopyList(T* const* items, size_t n) {
    NodeList<T> list;
    if (n == 0) return list;
    auto** data = static_cast<T**>(Allocate(n * sizeof(T*), alignof(T*)));
    std::memcpy(data, items, n * sizeof(T*));
    list.data = data;
    list.size = static_cast<uint32_t>(n);
    return list;
  }

  std::string_view CopyString(std::string_view s) {
    if (s.empty()) return std::string_view();
    char* p = static_cast<char*>(Allocate(s.size(), 1));
    std::memcpy(p, s.data(), s.size());
    return std::string_view(p, s.size());
  }

  // Bytes handed out so far (for tests and benchmarks).
  size_t bytes_used() const { return used_; }

 private:
  static constexpr size_t kInlineBytes = 2048;
  static constexpr size_t kFirstBlock = 4096;
  static constexpr size_t kMaxBlock = 64 * 1024;

  void* Allocate(size_t size, size_t align) {
    size_t pad = (align - (reinterpret_cast<uintptr_t>(ptr_) & (align - 1))) & (align - 1);
    if (pad + size > left_) {
      NewBlock(size + align);
      pad = (align - (reinterpret_cast<uintptr_t>(ptr_) & (align - 1))) & (align - 1);
    }
    char* p = ptr_ + pad;
    ptr_ = p + size;
    left_ -= pad + size;
    used_ += size;
    return p;
  }

  void NewBlock(size_t at_least) {
    next_block_ = next_block_ == 0 ? kFirstBlock : std::min(next_block_ * 2, kMaxBlock);
    size_t size = at_least > next_block_ ? at_least : next_block_;
    // Not make_unique: that would zero the block, and every byte is written anyway.
    blocks_.push_back(std::unique_ptr<char[]>(new char[size]));
    ptr_ = blocks_.back().get();
    left_ = size;
  }

  alignas(std::max_align_t) char inline_[kInlineBytes];
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* ptr_ = inline_;
  size_t left_ = kInlineBytes;
  size_t next_block_ = 0;
  size_t used_ = 0;
};

}  // namespace edgesql::sql::ast

#endif  // EDGESQL_SQL_AST_ARENA_H_
