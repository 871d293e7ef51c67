#include "gateway/mirror_verify.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <set>

#include "cache/mirror.h"
#include "catalog/table_def_json.h"
#include "common/sha256.h"
#include "gateway/calls.h"
#include "gateway/catalog_cache.h"
#include "gateway/policy_store.h"
#include "gateway/shard_statements.h"

namespace edgesql::gateway {
namespace {

// Rows compared per page, and pages per request: a request's steps stay
// within what the worker runs for one (index.js MAX_STEPS).
constexpr int kPageRows = 1000;
constexpr int kPagesPerRequest = 6;

Output Failed(const std::string& database, const Json& error) {
  return ErrorOutput(Error(ErrorCode::kQueryInterrupted,
                           "Query execution was interrupted: verifying the mirror of '" + database +
                               "' failed: " + error.value("message", std::string("no answer"))));
}

uint64_t FromHex(const Json& hex) {
  return hex.is_string() ? std::stoull(hex.get<std::string>(), nullptr, 16) : 0;
}

std::string ToHex(uint64_t v) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(v));
  return out;
}

// Adds each row's count and checksum to side `side` ("" or "mirror") of a
// shard's entry; a row is [key, text].
void Add(Json& entry, std::string_view side, const Json& rows) {
  const std::string rows_field = side.empty() ? "rows" : "mirrorRows";
  const std::string sum_field = side.empty() ? "checksum" : "mirrorChecksum";
  uint64_t sum = FromHex(entry[sum_field]);
  for (const Json& row : rows) {
    if (!row.is_array() || row.size() != 2 || !row[1].is_string()) continue;
    const Sha256Digest d = Sha256Of(row[1].get_ref<const std::string&>());
    uint64_t prefix = 0;
    for (int i = 0; i < 8; ++i) prefix = prefix << 8 | d[i];
    sum += prefix;
  }
  entry[rows_field] = entry[rows_field].get<int64_t>() + static_cast<int64_t>(rows.size());
  entry[sum_field] = ToHex(sum);
}

Json ShardEntry(const std::string& shard) {
  return Json{{"shard", shard},
              {"rows", 0},
              {"mirrorRows", 0},
              {"checksum", ToHex(0)},
              {"mirrorChecksum", ToHex(0)},
              {"ok", false}};
}

// The shards that hold `table`'s rows: the home without a policy entry,
// else every shard of the routing map (a reference table's copies too).
std::vector<std::string> ShardsOf(const std::string& database, const std::string& table) {
  const routing::Policy* policy = PolicyStore::Instance().Find(database);
  const routing::TablePolicy* t = policy != nullptr ? policy->FindTable(table) : nullptr;
  std::set<std::string> shards;
  if (t == nullptr || t->placement == routing::Placement::kReference)
    shards.insert(HomeShard(database));
  if (t != nullptr)
    for (const std::string& s : policy->routing.shards) shards.insert(ShardObject(database, s));
  return {shards.begin(), shards.end()};
}

Output Report(const Json& ctx) {
  const Json& state = ctx["state"];
  Json tables = state["tables"];
  bool ok = true;
  for (Json& t : tables) {
    bool table_ok = t["schema"] == "ok";
    for (Json& s : t["shards"]) {
      s["ok"] = s["rows"] == s["mirrorRows"] && s["checksum"] == s["mirrorChecksum"] &&
                !s.value("unexpected", false) && !s.contains("error");
      table_ok = table_ok && s["ok"].get<bool>();
    }
    t["ok"] = table_ok;
    ok = ok && table_ok;
  }
  return Output{200, Dump(Json{{"done", true},
                               {"database", ctx["database"]},
                               {"ok", ok},
                               {"tables", std::move(tables)}})};
}

// The next page of the current (table, shard), or the report.
Output PageStep(Json ctx) {
  ctx["stage"] = "shard";  // before `state` is taken: ctx gains no member after (json_object.h)
  Json& state = ctx["state"];
  const size_t task = state["task"].get<size_t>();
  if (task >= state["tasks"].size()) return Report(ctx);
  if (IntOr(ctx, "pages") >= kPagesPerRequest)
    return Output{200, Dump(Json{{"done", false}, {"state", state}})};
  const Json& t = state["tasks"][task];
  const std::string database = ctx["database"];
  const catalog::DatabaseSchema* schema = CatalogCache::Instance().Find(database);
  const Json& entry = state["tables"][t[0].get<size_t>()];
  const catalog::TableDef* table =
      schema != nullptr ? schema->FindTable(entry["table"].get<std::string>()) : nullptr;
  if (table == nullptr || schema->version != state["version"])
    return Failed(database, Json{{"message", "the schema changed meanwhile; verify again"}});
  const std::string shard = entry["shards"][t[1].get<size_t>()]["shard"];
  return CallsOutput(
      Json::array({ReadCall(
          shard, Json::array({cache::ShardRowTexts(*table, state["after"], kPageRows)}))}),
      ctx);
}

// The first request: the policy, the catalog and the mirror's tables.
Output Start(Json ctx, const Json& answers) {
  const std::string database = ctx["database"];
  for (size_t i = 0; i < 3; ++i)
    if (const Json* error = ErrorOf(Answers(answers, i))) return Failed(database, *error);
  if (Status stored = StoreFetchedPolicy(database, Answers(answers, 0), ctx["now"].get<int64_t>());
      !stored.ok())
    return ErrorOutput(stored.error());
  Result<catalog::DatabaseSchema> schema = CatalogFromResults(ResultsOf(Answers(answers, 1)));
  if (!schema.ok()) return ErrorOutput(schema.error());
  const int64_t version = schema.value().version;
  std::map<std::string, std::string> recorded;  // table -> definition
  for (const Json& row : ResultRows(ResultsOf(Answers(answers, 2)), 1)) {
    if (row.is_array() && row.size() == 4 && row[1].is_string() && row[3].is_string())
      recorded[row[1].get<std::string>()] = row[3].get<std::string>();
  }

  Json tables = Json::array();
  Json tasks = Json::array();
  Json counts = Json::array();
  for (const auto& [name, table] : schema.value().tables) {
    auto r = recorded.find(name);
    const char* status = r == recorded.end()                            ? "missing"
                         : r->second != catalog::TableToJsonText(table) ? "differs"
                                                                        : "ok";
    Json shards = Json::array();
    if (std::string_view(status) == "ok") {
      for (const std::string& shard : ShardsOf(database, name)) {
        tasks.push_back(Json::array({tables.size(), shards.size()}));
        shards.push_back(ShardEntry(shard));
      }
      counts.push_back(cache::MirrorShardCounts(database, name));
    }
    tables.push_back({{"table", name}, {"schema", status}, {"shards", std::move(shards)}});
    if (r != recorded.end()) recorded.erase(r);
  }
  for (const auto& [name, definition] : recorded)
    tables.push_back({{"table", name}, {"schema", "extra"}, {"shards", Json::array()}});
  CatalogCache::Instance().Store(database, std::move(schema).value());
  ctx["state"] = {{"version", version},
                  {"tables", std::move(tables)},
                  {"tasks", std::move(tasks)},
                  {"task", 0},
                  {"after", nullptr}};
  if (counts.empty()) return PageStep(std::move(ctx));
  ctx["stage"] = "counts";
  return CallsOutput(Json::array({D1BatchCall(std::move(counts))}), ctx);
}

// Shards the mirror holds rows of that do not hold the table.
Output Counts(Json ctx, const Json& answer) {
  if (const Json* error = ErrorOf(answer)) return Failed(ctx["database"], *error);
  size_t result = 0;
  for (Json& t : ctx["state"]["tables"]) {
    if (t["schema"] != "ok") continue;
    std::set<std::string> known;
    for (const Json& s : t["shards"]) known.insert(s["shard"].get<std::string>());
    for (const Json& row : ResultRows(ResultsOf(answer), result)) {
      if (!row.is_array() || row.size() != 2 || !row[0].is_string() ||
          known.count(row[0].get<std::string>()) > 0)
        continue;
      Json entry = ShardEntry(row[0].get<std::string>());
      entry["mirrorRows"] = row[1];
      entry["unexpected"] = true;
      t["shards"].push_back(std::move(entry));
    }
    ++result;
  }
  return PageStep(std::move(ctx));
}

bool IsHex16(const Json& v) {
  if (!v.is_string() || v.get_ref<const std::string&>().size() != 16) return false;
  for (char c : v.get_ref<const std::string&>())
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Whether `state` has the shape this endpoint answers: it comes back from
// the caller, and every index and number in it is used as it stands.
bool ValidState(const Json& state) {
  auto number = [](const Json& o, const char* f) {
    return o.contains(f) && o[f].is_number_integer() && o[f].get<int64_t>() >= 0;
  };
  if (!number(state, "version") || !number(state, "task") || !state.contains("after") ||
      !state.contains("tables") || !state["tables"].is_array() || !state.contains("tasks") ||
      !state["tasks"].is_array())
    return false;
  for (const Json& t : state["tables"]) {
    if (!t.is_object() || !t.contains("table") || !t["table"].is_string() ||
        !t.contains("schema") || !t["schema"].is_string() || !t.contains("shards") ||
        !t["shards"].is_array())
      return false;
    for (const Json& e : t["shards"]) {
      if (!e.is_object() || !e.contains("shard") || !e["shard"].is_string() || !number(e, "rows") ||
          !number(e, "mirrorRows") || !e.contains("checksum") || !IsHex16(e["checksum"]) ||
          !e.contains("mirrorChecksum") || !IsHex16(e["mirrorChecksum"]))
        return false;
    }
  }
  for (const Json& task : state["tasks"]) {
    if (!task.is_array() || task.size() != 2 || !task[0].is_number_unsigned() ||
        !task[1].is_number_unsigned() || task[0].get<size_t>() >= state["tables"].size() ||
        task[1].get<size_t>() >= state["tables"][task[0].get<size_t>()]["shards"].size())
      return false;
  }
  return true;
}

}  // namespace

Output PlanMirrorVerifyFor(const Json& body, const std::string& database, int64_t now_ms) {
  Json ctx{{"op", kOpMirrorVerify}, {"database", database}, {"now", now_ms}, {"pages", 0}};
  const Json state = body.value("state", Json());
  if (!state.is_object()) {
    ctx["stage"] = "start";
    return CallsOutput(Json::array({ConfigGetCall(database),
                                    ReadCall(HomeShard(database), CatalogLoadStatements()),
                                    D1BatchCall(cache::MirrorTablesStatements(database))}),
                       ctx);
  }
  if (!ValidState(state)) {
    return ErrorOutput(Error(ErrorCode::kWrongArguments,
                             "Incorrect arguments to mirror verify: \"state\" is not one this "
                             "endpoint answered"));
  }
  ctx["state"] = state;
  ctx["stage"] = "catalog";
  return CallsOutput(Json::array({ReadCall(HomeShard(database), CatalogLoadStatements())}), ctx);
}

Output FinishMirrorVerify(Json ctx, const Json& answers) {
  const std::string database = ctx["database"];
  const std::string stage = ctx.value("stage", "");
  if (!answers.is_array() || answers.empty()) return Failed(database, Json::object());
  if (stage == "start") return Start(std::move(ctx), answers);
  if (stage == "counts") return Counts(std::move(ctx), answers[0]);
  const Json* error = ErrorOf(Answers(answers, 0));
  if (error != nullptr && (stage != "shard" || error->value("transport", false)))
    return Failed(database, *error);
  if (stage == "catalog") {
    Result<catalog::DatabaseSchema> schema = CatalogFromResults(ResultsOf(Answers(answers, 0)));
    if (!schema.ok()) return ErrorOutput(schema.error());
    CatalogCache::Instance().Store(database, std::move(schema).value());
    return PageStep(std::move(ctx));
  }

  // "upto" is ctx's last new member: `state` is taken after it, and stays
  // valid (json_object.h).
  if (!ctx.contains("upto")) ctx["upto"] = nullptr;
  Json& state = ctx["state"];
  const Json t = state["tasks"][state["task"].get<size_t>()];
  Json& table_entry = state["tables"][t[0].get<size_t>()];
  Json& entry = table_entry["shards"][t[1].get<size_t>()];
  if (stage == "shard" && error != nullptr) {
    // A shard the table never reached holds none of its rows (and the
    // mirror should hold none from it); any other refusal is reported.
    const std::string message = error->value("message", std::string());
    if (message.find("no such table") == std::string::npos) {
      entry["error"] = message;
      state["task"] = state["task"].get<size_t>() + 1;
      state["after"] = nullptr;
      return PageStep(std::move(ctx));
    }
  }
  if (stage == "shard") {
    const Json& rows = error != nullptr ? Json::array() : ResultRows(ResultsOf(answers[0]), 0);
    Add(entry, "", rows);
    const bool full = rows.size() == static_cast<size_t>(kPageRows);
    ctx["upto"] = full ? Json::parse(rows.back()[0].get<std::string>(), nullptr, false) : Json();
    const catalog::TableDef* table =
        CatalogCache::Instance().Find(database)->FindTable(table_entry["table"].get<std::string>());
    ctx["stage"] = "mirror";
    return CallsOutput(
        Json::array({D1BatchCall(Json::array({cache::MirrorRowTexts(
            database, *table, entry["shard"].get<std::string>(), state["after"], ctx["upto"])}))}),
        ctx);
  }
  // stage "mirror": the same key range in D1.
  Add(entry, "mirror", ResultRows(ResultsOf(answers[0]), 0));
  if (ctx["upto"].is_null()) {
    state["task"] = state["task"].get<size_t>() + 1;
    state["after"] = nullptr;
  } else {
    state["after"] = ctx["upto"];
  }
  ctx["pages"] = ctx["pages"].get<int>() + 1;
  return PageStep(std::move(ctx));
}

}  // namespace edgesql::gateway
