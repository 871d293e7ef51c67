#include "common/json.h"

#include <memory>
#include <vector>

namespace {

// Levels freed by recursion; below them, the library's flattening. Each
// level takes a few frames of stack; 32 of them stay far inside wasm's.
constexpr int kFlatDepth = 32;
int depth = 0;  // core.wasm is single-threaded, as the native tests are

// The library's way (nlohmann/json 3.11.2, json_value::destroy): the
// members move to a heap stack and are emptied one by one, so that freeing
// each container finds it empty.
void Flatten(edgesql::Json::array_t* array, edgesql::Json::object_t* object) {
  std::vector<edgesql::Json> stack;
  if (array != nullptr) {
    stack.reserve(array->size());
    std::move(array->begin(), array->end(), std::back_inserter(stack));
  } else {
    stack.reserve(object->size());
    for (auto&& it : *object) stack.push_back(std::move(it.second));
  }
  while (!stack.empty()) {
    edgesql::Json current(std::move(stack.back()));
    stack.pop_back();
    if (current.is_array()) {
      auto& items = current.get_ref<edgesql::Json::array_t&>();
      std::move(items.begin(), items.end(), std::back_inserter(stack));
      items.clear();
    } else if (current.is_object()) {
      auto& members = current.get_ref<edgesql::Json::object_t&>();
      for (auto&& it : members) stack.push_back(std::move(it.second));
      members.clear();
    }
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
      if (depth >= kFlatDepth) {
        Flatten(t == detail::value_t::array ? array : nullptr,
                t == detail::value_t::object ? object : nullptr);
      }
      // The members' destructors come back here, one level deeper; after
      // Flatten they are all empty.
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
