// StatementCache: the tokens and analysis of statement texts this isolate
// has seen, so that the same text is lexed and analysed once. Applications
// send the same few texts over and over (prepared statements, ORMs), and
// both steps depend on the text alone: a cached analysis is the one the
// text would get again. Transpilation also depends on the catalog and the
// session (gateway/translation_cache.h), routing on the policy and the
// parameters: it is done for every request.
//
// Bounded by count and by text length, least recently used out first. One
// per isolate, single-threaded like it; entries are shared, immutable.
#ifndef EDGESQL_SQL_STATEMENT_CACHE_H_
#define EDGESQL_SQL_STATEMENT_CACHE_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "common/lru_map.h"
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
  std::shared_ptr<const Analyzed> Find(std::string_view text) { return entries_.Find(text); }
  // Keeps `analyzed` as `text`'s; longer texts are not kept.
  void Put(std::string_view text, std::shared_ptr<const Analyzed> analyzed) {
    if (text.size() <= kMaxTextBytes) entries_.Put(text, std::move(analyzed));
  }

  void Clear() { entries_.Clear(); }
  size_t size() const { return entries_.size(); }

 private:
  LruMap<Analyzed> entries_{kMaxEntries};
};

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_STATEMENT_CACHE_H_
