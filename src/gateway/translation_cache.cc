#include "gateway/translation_cache.h"

#include <utility>

#include "common/str_cat.h"

namespace edgesql::gateway {

TranslationCache& TranslationCache::Instance() {
  static TranslationCache* cache = new TranslationCache();  // lives as long as the isolate
  return *cache;
}

std::string TranslationCache::Key(std::string_view text, sql::StatementKind kind,
                                  const transpile::TranspileContext& context, uint64_t generation) {
  using sql::StatementKind;
  const bool kept_kind = kind == StatementKind::kSelect || kind == StatementKind::kInsert ||
                         kind == StatementKind::kReplace || kind == StatementKind::kUpdate ||
                         kind == StatementKind::kDelete;
  if (!kept_kind || text.size() > kMaxTextBytes) return "";
  const std::string part = !context.shard_part   ? "whole"
                           : context.shard_limit ? "part " + std::to_string(*context.shard_limit)
                                                 : std::string("part");
  // The database names no other database's catalog, and '\n' cannot end a
  // database name: the fields cannot run into each other.
  return StrCat({context.database, "\n", std::to_string(generation), "\n", part, "\n", text});
}

std::shared_ptr<const transpile::Translation> TranslationCache::Find(
    std::string_view key, const transpile::TranspileContext& context) {
  if (key.empty()) return nullptr;
  std::shared_ptr<const transpile::Translation> found = entries_.Find(key);
  if (found != nullptr && found->reads_clock && !context.statement_time.empty()) return nullptr;
  return found;
}

void TranslationCache::Put(std::string_view key,
                           std::shared_ptr<const transpile::Translation> translation,
                           const transpile::TranspileContext& context) {
  if (key.empty() || translation->reads_session) return;
  if (translation->reads_clock && !context.statement_time.empty()) return;
  entries_.Put(key, std::move(translation));
}

}  // namespace edgesql::gateway
