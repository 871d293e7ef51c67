#include "common/json.h"

#include <memory>
#include <vector>

namespace {

// Levels freed by recursion; below them, the library's flattening. Each
// level takes a few frames of stack; 32 of them stay far inside wasm's.
constexpr int kFlatDepth = 32;
int depth = 0;  // core.wasm is single-threaded, as the native tests are

// Moves the members of `container` (an array or an object) onto `stack`
// and leaves it empty.
void TakeMembers(edgesql::Json& container, std::vector<edgesql::Json>& stack) {
  if (container.is_array()) {
    auto& items = container.get_ref<edgesql::Json::array_t&>();
    std::move(items.begin(), items.end(), std::back_inserter(stack));
    items.clear();
  } else if (container.is_object()) {
    auto& members = container.get_ref<edgesql::Json::object_t&>();
    for (auto&& it : members) stack.push_back(std::move(it.second));
    members.clear();
  }
}

// The library's way (nlohmann/json 3.11.2, json_value::destroy): every
// member below `top` moves to a heap stack and is emptied there, so that
// freeing each container finds it empty.
void Flatten(edgesql::Json top) {
  std::vector<edgesql::Json> stack;
  TakeMembers(top, stack);
  while (!stack.empty()) {
    edgesql::Json current(std::move(stack.back()));
    stack.pop_back();
    TakeMembers(current, stack);
  }
}

template <typename T>
void Delete(T* p) {
  std::allocator<T> alloc;
  std::allocator_traits<std::allocator<T>>::destroy(alloc, p);
  std::allocator_traits<std::allocator<T>>::deallocate(alloc, p, 1);
}

}  // namespace

template <>
void edgesql::Json::json_value::destroy(nlohmann::detail::value_t t) {
  switch (t) {
    case detail::value_t::object:
    case detail::value_t::array: {
      // Deep down, the members move into a value of their own to be
      // flattened; the container is freed below, empty. (An empty one has
      // nothing to flatten, and flattening it would come back here.)
      if (depth >= kFlatDepth && t == detail::value_t::array && !array->empty()) {
        Flatten(edgesql::Json(std::move(*array)));
      } else if (depth >= kFlatDepth && t == detail::value_t::object && !object->empty()) {
        Flatten(edgesql::Json(std::move(*object)));
      }
      // The members' destructors come back here, one level deeper (deep
      // down, none are left).
      ++depth;
      if (t == detail::value_t::object) {
        Delete(object);
      } else {
        Delete(array);
      }
      --depth;
      break;
    }
    case detail::value_t::string:
      Delete(string);
      break;
    case detail::value_t::binary:
      Delete(binary);
      break;
    default:
      break;
  }
}
