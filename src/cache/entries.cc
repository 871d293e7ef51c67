#include "cache/entries.h"

#include <algorithm>
#include <memory>

#include "common/json_members.h"
#include "common/lru_map.h"
#include "common/sha256.h"
#include "common/str_cat.h"
#include "routing/table_policy.h"

namespace edgesql::cache {

Json FreshEntry(bool entity, std::string_view hash, const Version& v, int64_t at,
                const Json& tables, const Json& results) {
  if (entity) {
    return Json{{"v", VersionToJson(v)},
                {"answers", {{std::string(hash), {{"at", at}, {"results", results}}}}}};
  }
  return Json{{"v", VersionToJson(v)}, {"at", at}, {"tables", tables}, {"results", results}};
}

namespace {

// The hash naming a read's answer. The reads an isolate repeats, which are
// those the cache is for, find it remembered: hashing was a tenth of a read
// the isolate's cache answered. Only short texts are remembered (at most
// 1024 of 2 KiB: 2 MiB), where hashing costs most next to the read.
constexpr size_t kStatementHashesKept = 1024;
constexpr size_t kMaxRememberedStatementBytes = 2048;

std::string StatementsHash(const std::string& statements) {
  if (statements.size() > kMaxRememberedStatementBytes) return HashHex(statements);
  static auto* remembered = new LruMap<std::string>(kStatementHashesKept);  // the isolate's
  if (std::shared_ptr<const std::string> hash = remembered->Find(statements)) return *hash;
  auto hash = std::make_shared<const std::string>(HashHex(statements));
  remembered->Put(statements, hash);
  return *hash;
}

// KV keys are at most 512 bytes; longer ones are named by their hash.
constexpr size_t kMaxKeyBytes = 480;

std::string Bounded(std::string key, std::string_view prefix) {
  if (key.size() <= kMaxKeyBytes) return key;
  return StrCat({prefix, "h:", HashHex(key)});
}

// The version the record holds for `table` in `field` ("tables", "flush"),
// when the record is of `epoch`.
int64_t RecordVersion(const Json& record, std::string_view field, const std::string& table) {
  const Json* tables = Find(record, field);
  return tables != nullptr ? IntOr(*tables, table) : 0;
}

// A row's key values from a change event, canonical as reads compute them.
std::optional<std::vector<std::string>> CanonicalKey(const Json& values) {
  if (!values.is_array() || values.empty()) return std::nullopt;
  std::vector<std::string> key;
  for (const Json& v : values) {
    std::optional<std::string> text;
    if (v.is_string()) {
      text = routing::CanonicalText(v.get_ref<const std::string&>());
    } else if (v.is_number_integer()) {
      text = routing::CanonicalText(v.dump());
    }
    if (!text) return std::nullopt;
    key.push_back(std::move(*text));
  }
  return key;
}

bool IsChange(const Json& e) { return StringOr(e, "type") == "change"; }

// Whether the record says `table` may have entries on its shard (a fill of
// it landed since the record's epoch began).
bool Cached(const Json& record, const std::string& table) {
  const Json* cached = Find(record, "cached");
  return cached != nullptr && cached->is_object() && cached->contains(table);
}

Json NewRecord(int64_t epoch) {
  return Json{{"epoch", epoch},
              {"tables", Json::object()},
              {"flush", Json::object()},
              {"cached", Json::object()}};
}

// The lookup keys a change names: each noted row's value of each column
// that leads an index, before and after.
std::vector<std::string> LookupKeys(const Json& e, const std::string& shard,
                                    const std::string& table) {
  std::vector<std::string> keys;
  const Json* lookups = Find(e, "lookups");
  if (lookups == nullptr || !lookups->is_array()) return keys;
  for (const Json& row : *lookups) {
    if (!row.is_object()) continue;
    for (auto it = row.begin(); it != row.end(); ++it) {
      if (std::optional<std::vector<std::string>> value = CanonicalKey(Json::array({*it})))
        keys.push_back(LookupKey(shard, table, it.key(), (*value)[0]));
    }
  }
  return keys;
}

int64_t ApplyChange(const Json& e, const Version& v, std::map<std::string, KeyState>& keys,
                    std::vector<Refresh>& refreshes, std::vector<std::string>& unread) {
  int64_t invalidated = 0;
  const std::string shard(StringOr(e, "shard"));
  const std::string table(StringOr(e, "table"));
  KeyState& record = keys[RecordKey(shard)];
  if (!record.value.is_object() || IntOr(record.value, "epoch") < v.epoch) {
    record.value = NewRecord(v.epoch);
    record.changed = true;
  }
  if (IntOr(record.value, "epoch") == v.epoch) {
    const Json* names = Find(e, "keys");
    std::vector<std::string_view> fields{"tables"};
    if (names == nullptr || !names->is_array()) fields.push_back("flush");
    for (std::string_view field : fields) {
      Json& versions = record.value[std::string(field)];
      if (!versions.is_object()) versions = Json::object();
      if (IntOr(versions, table) < v.n) {
        versions[table] = v.n;
        record.changed = true;
        if (field == "flush") invalidated = 1;
      }
    }
  }
  const Json* names = Find(e, "keys");
  if (names == nullptr || !names->is_array()) return invalidated;
  // A table nothing was filled from has no entries to tombstone; its
  // version in the record keeps out fills read before this change.
  if (IntOr(record.value, "epoch") == v.epoch && !Cached(record.value, table)) return invalidated;
  std::vector<std::string> rows = LookupKeys(e, shard, table);
  for (const Json& values : *names) {
    if (std::optional<std::vector<std::string>> pk = CanonicalKey(values))
      rows.push_back(EntityKey(shard, table, *pk));
  }
  for (const std::string& key : rows) {
    auto it = keys.find(key);
    if (it == keys.end()) {
      unread.push_back(key);
      continue;
    }
    KeyState& entity = it->second;
    std::optional<Version> held =
        VersionFromJson(Find(entity.value, "v") != nullptr ? entity.value["v"] : Json());
    if (held && *held >= v) continue;
    if (const Json* answers = Find(entity.value, "answers");
        answers != nullptr && entity.value.value("prewarm", false)) {
      for (auto it = answers->begin(); it != answers->end(); ++it) {
        if (const Json* call = Find(*it, "call"))
          refreshes.push_back(Refresh{table, key, it.key(), *call, IntOr(entity.value, "ttl")});
      }
    }
    entity.value = Json{{"v", VersionToJson(v)}, {"gone", true}};
    entity.changed = true;
    entity.ttl_s = kTombstoneTtlS;
    ++invalidated;
  }
  return invalidated;
}

bool ApplyFill(const Json& e, const Version& v, int64_t now_ms,
               std::map<std::string, KeyState>& keys) {
  const int64_t at = IntOr(e, "at");
  if (now_ms - at > kMaxFillAgeMs) return false;  // it could outlive a tombstone
  const std::string key(StringOr(e, "key"));
  const Json* results = Find(e, "results");
  if (results == nullptr) return false;
  const int64_t ttl = std::max(IntOr(e, "ttl"), kMinTtlS);
  // The first fill of a table on a shard marks it in the record: from then
  // on its changes tombstone the rows they name. Before, they tombstoned
  // nothing, so such a fill must have read after the table's last change.
  // (A refill of a prewarmed entry names no tables: its table is marked.)
  KeyState& record = keys[RecordKey(StringOr(e, "shard"))];
  if (record.value.is_object() && IntOr(record.value, "epoch") > v.epoch) return false;
  const bool same_epoch = record.value.is_object() && IntOr(record.value, "epoch") == v.epoch;
  std::vector<std::string> unmarked;
  Json tables = e.value("tables", Json::array());
  if (!tables.is_array()) tables = Json::array();
  for (const Json& t : tables) {
    if (!t.is_string()) continue;
    const std::string& table = t.get_ref<const std::string&>();
    if (same_epoch && Cached(record.value, table)) continue;
    if (same_epoch && RecordVersion(record.value, "tables", table) > v.n) return false;
    unmarked.push_back(table);
  }
  KeyState& state = keys[key];
  std::optional<Version> held =
      VersionFromJson(Find(state.value, "v") != nullptr ? state.value["v"] : Json());
  if (held && *held > v) return false;
  if (Find(e, "entity") != nullptr && e["entity"].is_boolean() && e["entity"].get<bool>()) {
    const std::string hash(StringOr(e, "hash"));
    if (!held || *held < v || Find(state.value, "gone") != nullptr) {
      state.value = FreshEntry(true, hash, v, at, Json(), *results);
    } else {
      Json& answers = state.value["answers"];
      if (IntOr(Find(answers, hash) ? answers[hash] : Json(), "at", -1) >= at) return false;
      if (!answers.contains(hash) && answers.size() >= kMaxEntityAnswers) {
        // Make room: the answer filled longest ago goes.
        auto oldest = answers.begin();
        for (auto it = answers.begin(); it != answers.end(); ++it) {
          if (IntOr(*it, "at") < IntOr(*oldest, "at")) oldest = it;
        }
        answers.erase(oldest);
      }
      answers[hash] = Json{{"at", at}, {"results", *results}};
    }
    if (const Json* call = Find(e, "call"); call != nullptr && e.value("prewarm", false)) {
      // A prewarmed table: a change reads this answer again (ApplyChange).
      state.value["answers"][hash]["call"] = *call;
      state.value["prewarm"] = true;
      state.value["ttl"] = ttl;
    }
  } else {
    if (held && *held == v && IntOr(state.value, "at") >= at) return false;
    // A fill the record already outdates would never be served.
    const std::string shard(StringOr(e, "shard"));
    if (auto r = keys.find(RecordKey(shard)); r != keys.end() && r->second.value.is_object()) {
      const Json& record = r->second.value;
      if (IntOr(record, "epoch") > v.epoch) return false;
      if (IntOr(record, "epoch") == v.epoch) {
        for (const Json& t : e.value("tables", Json::array())) {
          if (t.is_string() && RecordVersion(record, "tables", t.get<std::string>()) > v.n)
            return false;
        }
      }
    }
    state.value = FreshEntry(false, "", v, at, e.value("tables", Json::array()), *results);
  }
  state.changed = true;
  state.ttl_s = ttl;
  if (!unmarked.empty()) {
    if (!same_epoch) record.value = NewRecord(v.epoch);
    for (const std::string& table : unmarked) record.value["cached"][table] = true;
    record.changed = true;
  }
  return true;
}

}  // namespace

// The keys carry the layout's number: entries of the layout before the
// record marked its cached tables (v:, t:, idx:, q:) are never read again,
// and expire.
std::string RecordKey(std::string_view shard) { return StrCat({"v2:", shard}); }

std::string EntityKey(std::string_view shard, std::string_view table,
                      const std::vector<std::string>& pk) {
  std::string prefix = StrCat({"t2:", shard, ":", table, ":"});
  std::string id = pk.size() == 1 ? pk[0] : Json(pk).dump();
  return Bounded(StrCat({prefix, "id:", id}), prefix);
}

std::string LookupKey(std::string_view shard, std::string_view table, std::string_view column,
                      std::string_view value) {
  std::string prefix = StrCat({"idx2:", shard, ":", table, ":", column, ":"});
  return Bounded(StrCat({prefix, value}), prefix);
}

std::string QueryKey(std::string_view shard, std::string_view table, std::string_view hash) {
  std::string prefix = StrCat({"q2:", shard, ":", table, ":"});
  return Bounded(StrCat({prefix, hash}), prefix);
}

std::string HashHex(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : Sha256Of(text)) {
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
  }
  return out;
}

ReadEntryName NameReadEntry(const ReadFacts& facts, const std::vector<sql::Value>& params,
                            const catalog::TableDef* table, std::string_view shard,
                            const std::string& statements) {
  ReadEntryName name;
  name.hash = StatementsHash(statements);
  if (table != nullptr) name.rows = RowReadKey(facts, params, *table);
  const std::string& read = facts.info->tables_read[0].name;
  name.key = !name.rows ? QueryKey(shard, read, name.hash)
             : name.rows->column.empty()
                 ? EntityKey(shard, read, name.rows->values)
                 : LookupKey(shard, read, name.rows->column, name.rows->values[0]);
  return name;
}

std::optional<Version> VersionFromJson(const Json& j) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number_integer() || !j[1].is_number_integer())
    return std::nullopt;
  return Version{j[0].get<int64_t>(), j[1].get<int64_t>()};
}

Json VersionToJson(const Version& v) { return Json::array({v.epoch, v.n}); }

std::optional<Version> WrittenVersion(const Json& versions, const std::string& shard,
                                      const std::vector<std::string>& tables) {
  auto entry = versions.find(shard);
  if (entry == versions.end()) return std::nullopt;
  if (!entry->is_object()) return VersionFromJson(*entry);  // every table
  std::optional<Version> newest;
  for (const std::string& t : tables) {
    auto w = entry->find(t);
    if (w == entry->end()) continue;
    std::optional<Version> v = VersionFromJson(*w);
    if (v && (!newest || *newest < *v)) newest = v;
  }
  return newest;
}

Judged Judge(const Json& entry, const Json& record, const ReadKey& key, const ReadPolicy& policy,
             int64_t now_ms, std::optional<Version> written) {
  Judged out;
  std::optional<Version> v = VersionFromJson(Find(entry, "v") ? entry["v"] : Json());
  if (!v || (written && *v < *written)) return out;
  if (record.is_object()) {
    const int64_t epoch = IntOr(record, "epoch");
    if (epoch > v->epoch) return out;
    if (epoch == v->epoch) {
      if (key.entity) {
        if (RecordVersion(record, "flush", key.table) > v->n) return out;
      } else {
        for (const Json& t : entry.value("tables", Json::array())) {
          if (t.is_string() && RecordVersion(record, "tables", t.get<std::string>()) > v->n)
            return out;
        }
      }
    }
  }
  const Json* holder = &entry;
  if (key.entity) {
    const Json* answers = Find(entry, "answers");
    holder = answers != nullptr ? Find(*answers, key.hash) : nullptr;
    if (holder == nullptr) return out;
  }
  const Json* results = Find(*holder, "results");
  if (results == nullptr || !results->is_array()) return out;
  out.age_ms = std::max<int64_t>(0, now_ms - IntOr(*holder, "at"));
  if (policy.mode == ServeMode::kBounded) {
    if (out.age_ms > policy.fresh_ms) return out;
    out.verdict = Verdict::kHit;
  } else if (policy.fresh_ms == 0 || out.age_ms <= policy.fresh_ms) {
    out.verdict = Verdict::kHit;
  } else if (out.age_ms <= policy.fresh_ms + policy.swr_ms) {
    out.verdict = Verdict::kStale;
  } else {
    return out;
  }
  out.results = results;
  out.version = *v;
  return out;
}

std::vector<std::string> EventKeys(const Json& e, std::string* error) {
  std::vector<std::string> keys;
  const std::string type(StringOr(e, "type"));
  const std::string shard(StringOr(e, "shard"));
  std::optional<Version> v = VersionFromJson(Find(e, "v") ? e["v"] : Json());
  if ((type != "change" && type != "fill") || shard.empty() || !v) {
    *error = "not a change or fill event with a shard and a version";
    return keys;
  }
  keys.push_back(RecordKey(shard));
  if (IsChange(e)) {
    const std::string table(StringOr(e, "table"));
    if (table.empty()) {
      *error = "a change event without its table";
      return {};
    }
    if (const Json* names = Find(e, "keys"); names != nullptr && names->is_array()) {
      for (const Json& values : *names) {
        if (std::optional<std::vector<std::string>> pk = CanonicalKey(values))
          keys.push_back(EntityKey(shard, table, *pk));
      }
      for (std::string& key : LookupKeys(e, shard, table)) keys.push_back(std::move(key));
    }
  } else {
    const std::string key(StringOr(e, "key"));
    if (key.empty() || Find(e, "results") == nullptr) {
      *error = "a fill event without its key or results";
      return {};
    }
    keys.push_back(key);
  }
  return keys;
}

std::vector<std::string> EventFirstKeys(const Json& e) {
  std::vector<std::string> keys{RecordKey(StringOr(e, "shard"))};
  if (!IsChange(e)) keys.emplace_back(StringOr(e, "key"));
  return keys;
}

Applied ApplyEvent(const Json& e, int64_t now_ms, std::map<std::string, KeyState>& keys) {
  Applied applied;
  std::optional<Version> v = VersionFromJson(Find(e, "v") ? e["v"] : Json());
  if (!v) return applied;
  if (IsChange(e)) {
    applied.invalidated = ApplyChange(e, *v, keys, applied.refreshes, applied.unread);
  } else {
    applied.filled = ApplyFill(e, *v, now_ms, keys);
  }
  return applied;
}

}  // namespace edgesql::cache
