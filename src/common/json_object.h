// JsonObject: the members of a Json object, in one vector sorted by name.
//
// The core's objects are small (a plan's context has about twenty members,
// an answer's body a dozen, most have a handful), and each is built, read a
// few times and freed within one statement. As a std::map every member was
// a node of its own, somewhere in the heap. Here an object is one block:
// in the gateway, where a plan's context waits in memory while the shard
// runs and comes back cold, a point read's finish took a quarter less time
// (bench/results/2026-11-24-s19.md).
//
// The order is JsonKeyLess's (bytewise, as std::map<std::string> orders),
// so every dump, and every cache key made of one, reads as before.
//
// What a std::map promised and this does not: a reference to a member (or
// an iterator) stays valid only until a member is added to or erased from
// the same object. Take references after the object's last new member, or
// look the member up again. Debug builds move every object's members on
// each insertion and erasure, so that a reference held across one fails
// under the sanitizer at once (tests/json_object_test.cc).
#ifndef EDGESQL_COMMON_JSON_OBJECT_H_
#define EDGESQL_COMMON_JSON_OBJECT_H_

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace edgesql {

// The order of an object's member names: bytewise, exactly as std::less<>
// on std::string (so dumps, and the cache keys made of them, read as with
// nlohmann::json), but compared inline. Every lookup of a plan context's
// member compares a few names, and in wasm std::string::compare costs a
// call to it, to memcmp and, for a literal name, to strlen each time: a
// tenth of core.plan.
struct JsonKeyLess {
  using is_transparent = void;

  static bool Less(std::string_view a, std::string_view b) {
    const size_t n = a.size() < b.size() ? a.size() : b.size();
    for (size_t i = 0; i < n; ++i) {
      const auto x = static_cast<unsigned char>(a[i]);
      const auto y = static_cast<unsigned char>(b[i]);
      if (x != y) return x < y;
    }
    return a.size() < b.size();
  }
  // A literal's length is known: no strlen per comparison.
  template <size_t N>
  static std::string_view View(const char (&s)[N]) {
    return {s, N - 1};
  }
  static std::string_view View(std::string_view s) { return s; }

  // Only names compare (nlohmann asks which types may index an object).
  template <class A, class B,
            class = std::enable_if_t<std::is_convertible_v<const A&, std::string_view> &&
                                     std::is_convertible_v<const B&, std::string_view>>>
  bool operator()(const A& a, const B& b) const {
    return Less(View(a), View(b));
  }
};

// What nlohmann::basic_json asks of its ObjectType (find, count, emplace,
// operator[], erase, insert, and a container's iteration), with std::map's
// meaning: emplace and insert leave a member already there as it is.
template <class Key, class Value, class IgnoredLess, class IgnoredAllocator>
class JsonObject : public std::vector<std::pair<Key, Value>> {
  using Base = std::vector<std::pair<Key, Value>>;

 public:
  using key_type = Key;
  using mapped_type = Value;
  using key_compare = JsonKeyLess;
  using typename Base::const_iterator;
  using typename Base::iterator;
  using typename Base::size_type;
  using typename Base::value_type;

  JsonObject() = default;
  template <class It>
  JsonObject(It first, It last) {
    insert(first, last);
  }

  template <class K>
  iterator find(const K& key) {
    iterator it = LowerBound(key);
    return it != this->end() && !JsonKeyLess()(key, it->first) ? it : this->end();
  }
  template <class K>
  const_iterator find(const K& key) const {
    return const_cast<JsonObject*>(this)->find(key);
  }
  template <class K>
  size_type count(const K& key) const {
    return find(key) != this->end() ? 1 : 0;
  }

  template <class K, class... Args>
  std::pair<iterator, bool> emplace(K&& key, Args&&... args) {
    iterator it = LowerBound(key);
    if (it != this->end() && !JsonKeyLess()(key, it->first)) return {it, false};
    const auto at = it - this->begin();
    MakeRoom();
    it = Base::emplace(this->begin() + at, std::piecewise_construct,
                       std::forward_as_tuple(std::forward<K>(key)),
                       std::forward_as_tuple(std::forward<Args>(args)...));
    return {it, true};
  }
  // Members added in name order (JsonObjectOf's) go on the end unsearched.
  template <class K, class... Args>
  iterator emplace_hint(const_iterator hint, K&& key, Args&&... args) {
    if (hint != this->cend() || (!this->empty() && !JsonKeyLess()(this->back().first, key)))
      return emplace(std::forward<K>(key), std::forward<Args>(args)...).first;
    MakeRoom();
    Base::emplace_back(std::piecewise_construct, std::forward_as_tuple(std::forward<K>(key)),
                       std::forward_as_tuple(std::forward<Args>(args)...));
    return this->end() - 1;
  }
  std::pair<iterator, bool> insert(const value_type& member) {
    return emplace(member.first, member.second);
  }
  template <class It>
  void insert(It first, It last) {
    for (; first != last; ++first) emplace(first->first, first->second);
  }

  template <class K>
  Value& operator[](K&& key) {
    return emplace(std::forward<K>(key)).first->second;
  }

  iterator erase(const_iterator first, const_iterator last) {
    const auto from = first - this->cbegin();
    const auto to = last - this->cbegin();
    MoveAllInDebug();
    return Base::erase(this->cbegin() + from, this->cbegin() + to);
  }
  iterator erase(const_iterator pos) { return erase(pos, pos + 1); }
  iterator erase(iterator pos) { return erase(const_iterator(pos)); }
  template <class K, class = std::enable_if_t<!std::is_convertible_v<const K&, const_iterator>>>
  size_type erase(const K& key) {
    iterator it = find(key);
    if (it == this->end()) return 0;
    erase(it);
    return 1;
  }

 private:
  template <class K>
  iterator LowerBound(const K& key) {
    return std::lower_bound(this->begin(), this->end(), key, [](const value_type& m, const K& k) {
      return JsonKeyLess()(m.first, k);
    });
  }

  // Room for one more member. The first takes room for four, which most of
  // the core's objects never outgrow: one allocation each.
  void MakeRoom() {
    MoveAllInDebug();
    if (this->capacity() == 0) this->reserve(4);
  }

  // Debug builds give the members new addresses before every change, so a
  // reference held across one points at freed memory at once, for the
  // sanitizer to see, instead of only when the vector happens to grow.
  void MoveAllInDebug() {
#ifndef NDEBUG
    Base moved;
    moved.reserve(this->size() + 1);
    for (value_type& m : *this) moved.emplace_back(std::move(m));
    Base::swap(moved);
#endif
  }
};

}  // namespace edgesql

#endif  // EDGESQL_COMMON_JSON_OBJECT_H_
