// TranslationCache: the SQLite statements a statement text became under one
// catalog, so that a text sent again is transpiled once, as the statement
// cache (sql/statement_cache.h) lexes and analyses it once.
//
// A translation depends on the text, the database's catalog, whether it is
// one shard's part of a merged read, and the session: its variables,
// LAST_INSERT_ID() and ROW_COUNT() are written into the SQL as literals,
// and inside a transaction so is the statement's time, where the clock is
// read. Only a translation that read none of the session
// (Translation::reads_session) is kept, under a key naming the rest, and
// of those made with a statement time only the ones that did not read the
// clock (Translation::reads_clock); one that read SQLite's clock is not
// found for a statement with a time. So a transaction's UPDATE is
// transpiled once, as it is outside one. The catalog is named by its
// generation in this isolate (CatalogCache::Generation), which changes with
// every load and every DDL applied, so a changed catalog never finds an
// old translation. Only SELECT, INSERT, REPLACE, UPDATE and DELETE are
// kept: DDL changes the catalog it was made from.
#ifndef EDGESQL_GATEWAY_TRANSLATION_CACHE_H_
#define EDGESQL_GATEWAY_TRANSLATION_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/lru_map.h"
#include "sql/statement_info.h"
#include "transpile/translation.h"

namespace edgesql::gateway {

class TranslationCache {
 public:
  static constexpr size_t kMaxEntries = 512;
  static constexpr size_t kMaxTextBytes = 4096;

  static TranslationCache& Instance();

  // The key `text` of kind `kind` has under `context` and catalog
  // `generation`; empty when no translation of it may be kept.
  static std::string Key(std::string_view text, sql::StatementKind kind,
                         const transpile::TranspileContext& context, uint64_t generation);

  // What Put kept for `key` that serves `context`, or null.
  std::shared_ptr<const transpile::Translation> Find(std::string_view key,
                                                     const transpile::TranspileContext& context);
  // Keeps `translation`, made under `context`, as `key`'s, unless it read
  // the session, or the clock at a statement time.
  void Put(std::string_view key, std::shared_ptr<const transpile::Translation> translation,
           const transpile::TranspileContext& context);

  void Clear() { entries_.Clear(); }
  size_t size() const { return entries_.size(); }

 private:
  LruMap<transpile::Translation> entries_{kMaxEntries};
};

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_TRANSLATION_CACHE_H_
