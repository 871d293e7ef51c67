// StatementCache: the tokens and analysis of statement texts this isolate
// has seen, so that the same text is lexed and analysed once. Applications
// send the same few texts over and over (prepared statements, ORMs), and
// both steps depend on the text alone: a cached analysis is the one the
// text would get again. What depends on more (the catalog, the session,
// the policy: transpilation and routing) is done for every request.
//
// Bounded by count and by text length, least recently used out first. One
// per isolate, single-threaded like it; entries are shared, immutable.
#ifndef EDGESQL_SQL_STATEMENT_CACHE_H_
#define EDGESQL_SQL_STATEMENT_CACHE_H_

#include <cstddef>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sql/statement_info.h"
#include "sql/token.h"

namespace edgesql::sql {

struct Analyzed {
  std::vector<Token> tokens;
  Analysis analysis;
};

class StatementCache {
 public:
  static constexpr size_t kMaxEntries = 512;
  static constexpr size_t kMaxTextBytes = 4096;

  static StatementCache& Instance();

  // What Put kept for exactly `text`, or null.
  std::shared_ptr<const Analyzed> Find(std::string_view text);
  // Keeps `analyzed` as `text`'s; longer texts are not kept.
  void Put(std::string_view text, std::shared_ptr<const Analyzed> analyzed);

  void Clear();
  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::shared_ptr<const Analyzed> analyzed;
    std::list<std::string>::iterator order;
  };
  // Looked up by the request's text without copying it.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };
  std::unordered_map<std::string, Entry, TextHash, std::equal_to<>> entries_;
  std::list<std::string> order_;  // least recently used first
};

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_STATEMENT_CACHE_H_
