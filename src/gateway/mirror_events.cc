#include "gateway/mirror_events.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cache/mirror.h"
#include "catalog/table_def_json.h"
#include "gateway/cache_events.h"
#include "gateway/calls.h"
#include "gateway/catalog_cache.h"
#include "gateway/metrics.h"
#include "gateway/shard_statements.h"

namespace edgesql::gateway {
namespace {

// Rows a resync copies per batch, and rows of one (shard, table) a batch
// copies by key: the rest go back on the queue as a "rows" message
// (kRowsEvent) of at most kMaxKeys keys and kMaxRowsMessageBytes. Copying
// the table whole instead cost more the larger the table, and under a
// steady stream of inserts every batch exceeded the limit and started
// another resync of the whole table.
constexpr int kPageRows = 200;
constexpr size_t kMaxKeys = 500;
constexpr size_t kMaxRowsMessageBytes = 60'000;

Output Retry(const std::set<size_t>& indices) {
  return Output{200, Dump(Json{{"retry", Json(indices)}})};
}

std::string Text(const Json& object, std::string_view field) {
  auto it = object.find(field);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool FromStart(const Json& item) {
  return item["resync"].is_object() && item["resync"]["after"].is_null();
}

// The (shard, table) pairs a batch names, each with the messages it came
// from: the keys changes named, or a resync to run.
Json ItemsOf(const Json& messages, int64_t now) {
  std::map<std::string, Json> items;
  for (size_t i = 0; i < messages.size(); ++i) {
    Result<Json> parsed = messages[i].is_string()
                              ? ParseJson(messages[i].get_ref<const std::string&>(), "an event")
                              : Result<Json>(messages[i]);
    if (!parsed.ok() || !parsed.value().is_object()) continue;  // the cache half refuses it
    const Json& e = parsed.value();
    const std::string type = Text(e, "type");
    const std::string shard = Text(e, "shard");
    const std::string table = Text(e, "table");
    const size_t slash = shard.find('/');
    if ((type != "change" && type != cache::kResyncEvent && type != cache::kRowsEvent) ||
        table.empty() || slash == 0 || slash == std::string::npos)
      continue;
    Json& item = items[shard + '\n' + table];
    if (item.is_null()) {
      item = {{"shard", shard},    {"database", DatabaseOfShard(shard)},
              {"table", table},    {"keys", Json::array()},
              {"resync", nullptr}, {"messages", Json::array()},
              {"at", now}};
    }
    item["messages"].push_back(i);
    if (auto at = e.find("at"); at != e.end() && at->is_number_integer())
      item["at"] = std::min(item["at"].get<int64_t>(), at->get<int64_t>());
    const Json keys = e.value("keys", Json());
    if ((type == "change" || type == cache::kRowsEvent) && keys.is_array()) {
      for (const Json& key : keys)
        if (key.is_array()) item["keys"].push_back(key);
    } else if (type == "change" || e.value("after", Json()).is_null()) {
      item["resync"] = {{"after", nullptr}, {"since", nullptr}};  // every row, from now
    } else if (!item["resync"].is_object()) {
      item["resync"] = {{"after", e["after"]}, {"since", e.value("since", Json())}};
    }
  }
  Json out = Json::array();
  for (auto& [name, item] : items) {
    std::set<std::string> seen;
    Json keys = Json::array();
    for (const Json& key : item["keys"])
      if (seen.insert(Dump(key)).second) keys.push_back(key);
    if (FromStart(item)) {
      keys = Json::array();  // every row is copied
    } else if (keys.size() > kMaxKeys) {
      item["later"] = Json(keys.begin() + kMaxKeys, keys.end());
      keys.erase(keys.begin() + kMaxKeys, keys.end());
    }
    item["keys"] = std::move(keys);
    out.push_back(std::move(item));
  }
  return out;
}

std::set<size_t> MessagesOf(const Json& items) {
  std::set<size_t> out;
  for (const Json& item : items)
    for (const Json& m : item["messages"]) out.insert(m.get<size_t>());
  return out;
}

// Step 2: every catalog loaded, the mirror's definitions and the shards' rows.
Output ReadStep(Json ctx) {
  CatalogCache& catalogs = CatalogCache::Instance();
  Json calls = Json::array();
  std::set<std::string> loading;
  for (const Json& item : ctx["items"]) {
    const std::string database = item["database"];
    if (catalogs.Find(database) == nullptr) loading.insert(database);
  }
  for (const std::string& database : loading)
    calls.push_back(ReadCall(HomeShard(database), CatalogLoadStatements()));
  if (!calls.empty()) {
    ctx["op"] = kOpMirrorCatalog;
    ctx["loading"] = loading;  // in the calls' order
    return CallsOutput(std::move(calls), ctx);
  }
  calls.push_back(nullptr);  // the mirror's definitions, below
  std::set<std::string> names;
  for (Json& item : ctx["items"]) {
    const std::string database = item["database"];
    const catalog::DatabaseSchema* schema = catalogs.Find(database);
    names.insert(cache::MirrorTableName(database, item["table"].get<std::string>()));
    item["version"] = schema->version;
    const catalog::TableDef* table = schema->FindTable(item["table"].get<std::string>());
    if (table == nullptr) continue;  // dropped: no rows to read
    Json statements = Json::array({GuardStatement(schema->version)});
    if (!item["keys"].empty()) {
      item["keyedAt"] = statements.size();
      statements.push_back(cache::ShardRowsByKey(*table, item["keys"]));
    }
    if (item["resync"].is_object()) {
      item["pageAt"] = statements.size();
      statements.push_back(cache::ShardRowsPage(*table, item["resync"]["after"], kPageRows));
    }
    statements.push_back(DataVersionStatement());
    item["call"] = calls.size();
    calls.push_back(ReadCall(item["shard"].get<std::string>(), std::move(statements)));
  }
  calls[0] = D1BatchCall(cache::MirrorMetaStatements(Json(names)));
  ctx["op"] = kOpMirrorRead;
  return CallsOutput(std::move(calls), ctx);
}

// The "rows" messages (kRowsEvent) of the keys `item` leaves for later.
std::vector<std::string> RowsMessages(const Json& item) {
  std::vector<std::string> messages;
  if (!item.contains("later")) return messages;
  Json keys = Json::array();
  size_t bytes = 0;
  auto flush = [&] {
    if (keys.empty()) return;
    messages.push_back(Dump(Json{{"type", cache::kRowsEvent},
                                 {"shard", item["shard"]},
                                 {"table", item["table"]},
                                 {"keys", std::move(keys)},
                                 {"at", item["at"]}}));
    keys = Json::array();
    bytes = 0;
  };
  for (const Json& key : item["later"]) {
    const size_t size = Dump(key).size() + 1;
    if (keys.size() == kMaxKeys || (bytes + size > kMaxRowsMessageBytes && !keys.empty())) flush();
    keys.push_back(key);
    bytes += size;
  }
  flush();
  return messages;
}

struct Recorded {
  int64_t version = 0;
  std::string definition;
};

// Step 3: the D1 batch that writes what step 2 read.
Output WriteStep(Json ctx, const Json& answers) {
  std::set<size_t> retry;
  size_t expected = 1;
  for (const Json& item : ctx["items"])
    if (item.contains("call")) expected = std::max(expected, item["call"].get<size_t>() + 1);
  if (answers.size() < expected || ErrorOf(Answers(answers, 0)) != nullptr)
    return Retry(MessagesOf(ctx["items"]));
  std::map<std::string, Recorded> recorded;
  for (const Json& row : ResultRows(ResultsOf(answers[0]), 1)) {
    if (row.is_array() && row.size() == 3 && row[0].is_string() && row[1].is_number_integer() &&
        row[2].is_string())
      recorded[row[0].get<std::string>()] = {row[1].get<int64_t>(), row[2].get<std::string>()};
  }

  // A database whose catalog is older than a shard's schema, or than the
  // mirror's: it is read again, and its messages retried.
  CatalogCache& catalogs = CatalogCache::Instance();
  std::set<std::string> stale;
  for (const Json& item : ctx["items"]) {
    const std::string database = item["database"];
    auto r = recorded.find(cache::MirrorTableName(database, item["table"].get<std::string>()));
    const Json* error =
        item.contains("call") ? ErrorOf(Answers(answers, item["call"].get<size_t>())) : nullptr;
    const bool guard_failed = error != nullptr && error->value("index", -1) == 0;
    if (guard_failed || (r != recorded.end() && r->second.version > item["version"]))
      stale.insert(database);
  }
  for (const std::string& database : stale) catalogs.Forget(database);

  Json schema_statements = Json::array();
  Json row_statements = Json::array();
  Json continuations = Json::array();
  Json written = Json::array();
  std::set<std::string> decided;  // mirror tables whose definition was looked at
  std::set<std::string> remade;   // ... and made anew
  for (const Json& item : ctx["items"]) {
    const std::string database = item["database"];
    const std::string table_name = item["table"];
    const std::string shard = item["shard"];
    const Json* error =
        item.contains("call") ? ErrorOf(Answers(answers, item["call"].get<size_t>())) : nullptr;
    const catalog::DatabaseSchema* schema = catalogs.Find(database);
    if (stale.count(database) > 0 || error != nullptr || schema == nullptr) {
      for (const Json& m : item["messages"]) retry.insert(m.get<size_t>());
      continue;
    }
    const std::string name = cache::MirrorTableName(database, table_name);
    const catalog::TableDef* table = schema->FindTable(table_name);
    auto r = recorded.find(name);
    if (decided.insert(name).second) {
      if (table == nullptr) {
        if (r != recorded.end())
          for (Json& s : cache::MirrorDropStatements(database, table_name))
            schema_statements.push_back(std::move(s));
      } else if (r == recorded.end() || r->second.definition != catalog::TableToJsonText(*table)) {
        for (Json& s : cache::MirrorRecreateStatements(database, *table, schema->version))
          schema_statements.push_back(std::move(s));
        remade.insert(name);
      } else if (r->second.version < schema->version) {
        schema_statements.push_back(
            cache::MirrorVersionStatement(database, table_name, schema->version));
      }
    }
    if (table == nullptr) continue;

    const Json& answer = answers[item["call"].get<size_t>()];
    const Json& results = ResultsOf(answer);
    const Json& version_rows = ResultRows(results, results.size() - 1);
    if (version_rows.empty() || !version_rows[0].is_array() || version_rows[0].size() != 2 ||
        !version_rows[0][0].is_number_integer() || !version_rows[0][1].is_number_integer()) {
      for (const Json& m : item["messages"]) retry.insert(m.get<size_t>());
      continue;
    }
    const cache::Version v{version_rows[0][0].get<int64_t>(), version_rows[0][1].get<int64_t>()};
    int64_t upserts = 0;
    int64_t deletes = 0;
    auto upsert = [&](const std::vector<const Json*>& rows) {
      for (Json& s : cache::MirrorUpserts(database, *table, shard, rows, v))
        row_statements.push_back(std::move(s));
      upserts += static_cast<int64_t>(rows.size());
    };
    if (item.contains("keyedAt")) {
      std::set<std::string> found;
      std::vector<const Json*> rows;
      for (const Json& row : ResultRows(results, item["keyedAt"].get<size_t>())) {
        if (!row.is_array() || row.empty() || !row[0].is_string()) continue;
        found.insert(Dump(Json::parse(row[0].get<std::string>(), nullptr, false)));
        rows.push_back(&row);
      }
      upsert(rows);
      for (const Json& key : item["keys"]) {
        if (found.count(Dump(key)) > 0) continue;
        row_statements.push_back(cache::MirrorDelete(database, *table, shard, key, v));
        ++deletes;
      }
    }
    for (std::string& message : RowsMessages(item)) continuations.push_back(std::move(message));
    Json resync = item["resync"];
    if (remade.count(name) > 0 && !FromStart(item)) {
      // The table was made anew: this shard's rows are copied whole.
      resync = {{"after", nullptr}, {"since", nullptr}};
      continuations.push_back(Dump(Json{{"type", cache::kResyncEvent},
                                        {"shard", shard},
                                        {"table", table_name},
                                        {"after", nullptr},
                                        {"since", nullptr},
                                        {"at", item["at"]}}));
    } else if (item.contains("pageAt")) {
      const Json& rows = ResultRows(results, item["pageAt"].get<size_t>());
      const Json since = resync["since"].is_array() ? resync["since"] : Json::array({v.epoch, v.n});
      std::vector<const Json*> page;
      for (const Json& row : rows) page.push_back(&row);
      upsert(page);
      if (rows.size() < static_cast<size_t>(kPageRows)) {
        // The last page: rows read before the resync began are gone.
        row_statements.push_back(cache::MirrorDeleteOlder(
            database, *table, shard, {since[0].get<int64_t>(), since[1].get<int64_t>()}));
      } else {
        const Json& last = rows.back();
        continuations.push_back(
            Dump(Json{{"type", cache::kResyncEvent},
                      {"shard", shard},
                      {"table", table_name},
                      {"after", Json::parse(last[0].get<std::string>(), nullptr, false)},
                      {"since", since},
                      {"at", item["at"]}}));
      }
    }
    written.push_back({{"database", database},
                       {"table", table_name},
                       {"upserts", upserts},
                       {"deletes", deletes},
                       {"at", item["at"]},
                       {"messages", item["messages"]}});
  }

  Json calls = Json::array();
  for (Json& s : row_statements) schema_statements.push_back(std::move(s));
  if (!schema_statements.empty()) calls.push_back(D1BatchCall(std::move(schema_statements)));
  if (!continuations.empty()) calls.push_back(QueueSendCall(std::move(continuations)));
  if (calls.empty()) return Retry(retry);
  return CallsOutput(std::move(calls), Json{{"op", kOpMirrorWrite},
                                            {"now", ctx["now"]},
                                            {"written", std::move(written)},
                                            {"retry", retry}});
}

}  // namespace

Output PlanMirrorBatch(const QueueBatch& batch) {
  const int64_t now = batch.now;
  Json items = ItemsOf(batch.messages, now);
  if (items.empty()) return Retry({});
  return ReadStep(Json{{"now", now}, {"items", std::move(items)}});
}

Output FinishMirror(const Json& ctx, const Json& answers) {
  const std::string op = ctx.value("op", "");
  if (!answers.is_array()) return Retry(MessagesOf(ctx.value("items", Json::array())));
  if (op == kOpMirrorCatalog) {
    const Json& loading = ctx["loading"];
    for (size_t i = 0; i < loading.size(); ++i) {
      // A missing answer has no schema version, which CatalogFromResults refuses.
      const Json& answer = Answers(answers, i);
      Result<catalog::DatabaseSchema> schema =
          ErrorOf(answer) == nullptr
              ? CatalogFromResults(ResultsOf(answer))
              : Result<catalog::DatabaseSchema>(Error(ErrorCode::kInternal, ""));
      if (!schema.ok()) return Retry(MessagesOf(ctx["items"]));
      CatalogCache::Instance().Store(loading[i].get<std::string>(), std::move(schema).value());
    }
    return ReadStep(ctx);
  }
  if (op == kOpMirrorRead) return WriteStep(ctx, answers);

  // kOpMirrorWrite: the rows are in, or every message they served retries.
  std::set<size_t> retry = ctx["retry"].get<std::set<size_t>>();
  bool failed = false;
  for (const Json& answer : answers) failed = failed || ErrorOf(answer) != nullptr;
  const int64_t now = ctx.value("now", int64_t{0});
  for (const Json& w : ctx["written"]) {
    if (failed) {
      for (const Json& m : w["messages"]) retry.insert(m.get<size_t>());
      continue;
    }
    Metrics& metrics = Metrics::Instance();
    metrics.Mirrored(w["database"].get<std::string>(), w["table"].get<std::string>(),
                     w["upserts"].get<int64_t>(), w["deletes"].get<int64_t>());
    metrics.MirrorLag(w["database"].get<std::string>(), w["table"].get<std::string>(),
                      now - w["at"].get<int64_t>());
  }
  return Retry(retry);
}

}  // namespace edgesql::gateway
