#include "cache/mirror.h"

#include <algorithm>
#include <vector>

#include "catalog/table_def_json.h"
#include "common/str_cat.h"
#include "transpile/sqlite_schema.h"
#include "transpile/sqlite_text.h"

namespace edgesql::cache {
namespace {

using transpile::QuoteIdentifier;

constexpr std::string_view kMeta = "_edgesql_mirror";
constexpr std::string_view kShard = "\"_edgesql_shard\"";
constexpr std::string_view kEpoch = "\"_edgesql_epoch\"";
constexpr std::string_view kVer = "\"_edgesql_ver\"";
constexpr std::string_view kRowid = "_edgesql_rowid";
// D1 binds at most 100 parameters to one statement.
constexpr size_t kD1MaxBoundParams = 100;

Json Statement(std::string sql, Json params = Json::array()) {
  return Json{{"sql", std::move(sql)}, {"params", std::move(params)}};
}

// The columns that order and identify a table's rows on its shard: its
// primary key, or SQLite's rowid.
struct KeyColumn {
  std::string shard_sql;   // on the shard
  std::string mirror_sql;  // in the mirror table
  bool blob = false;       // the key holds it in hex
};

std::vector<KeyColumn> KeyColumns(const catalog::TableDef& t) {
  std::vector<KeyColumn> out;
  const catalog::IndexDef* pk = t.PrimaryKey();
  if (pk == nullptr) return {KeyColumn{"rowid", QuoteIdentifier(kRowid), false}};
  for (const catalog::KeyPart& part : pk->parts) {
    const catalog::ColumnDef* c = t.FindColumn(part.column);
    const bool blob = c != nullptr && catalog::StorageOf(c->type) == catalog::StorageClass::kBlob;
    out.push_back({QuoteIdentifier(part.column), QuoteIdentifier(part.column), blob});
  }
  return out;
}

std::string KeyList(const std::vector<KeyColumn>& key, bool mirror) {
  std::string out;
  for (const KeyColumn& k : key) {
    if (!out.empty()) out += ", ";
    out += mirror ? k.mirror_sql : k.shard_sql;
  }
  return out;
}

// The key's values out of the key `json` (SQL text of a JSON array), in
// the columns' own types: a blob's hex made bytes again.
std::string KeyValues(const std::vector<KeyColumn>& key, std::string_view json) {
  std::string out;
  for (size_t i = 0; i < key.size(); ++i) {
    if (!out.empty()) out += ", ";
    std::string v = StrCat({"json_extract(", json, ", '$[", std::to_string(i), "]')"});
    out += key[i].blob ? StrCat({"unhex(", v, ")"}) : v;
  }
  return out;
}

// The mirror's key as the shard names it (transpile::RowKeySql).
std::string MirrorKeySql(const catalog::TableDef& t) {
  if (t.PrimaryKey() == nullptr) return StrCat({"json_array(", QuoteIdentifier(kRowid), ")"});
  return transpile::RowKeySql(t, "");
}

// A column as a shard read returns it: an integer JSON numbers cannot hold
// exactly as text, which the mirror column's affinity makes an integer again.
std::string ValueSql(const catalog::ColumnDef& c) {
  const std::string name = QuoteIdentifier(c.name);
  const catalog::StorageClass s = catalog::StorageOf(c.type);
  if (s != catalog::StorageClass::kInteger && s != catalog::StorageClass::kNumeric) return name;
  return StrCat({"CASE WHEN typeof(", name, ") = 'integer' AND ", name,
                 " NOT BETWEEN -9007199254740991 AND 9007199254740991 THEN CAST(", name,
                 " AS TEXT) ELSE ", name, " END"});
}

std::string RowTextSql(const catalog::TableDef& t) {
  std::string out;
  for (const catalog::ColumnDef& c : t.columns) {
    if (!out.empty()) out += " || ',' || ";
    StrAppend(out, {"quote(", QuoteIdentifier(c.name), ")"});
  }
  return out.empty() ? "''" : out;
}

// A keyless row's rowid, out of its key "[rowid]".
Json RowidOf(const Json& row) {
  if (row.empty() || !row[0].is_string()) return Json();
  Json key = Json::parse(row[0].get<std::string>(), nullptr, false);
  return key.is_array() && !key.empty() ? key[0] : Json();
}

std::string VersionParams(int first) {
  return StrCat({"(?", std::to_string(first), ", ?", std::to_string(first + 1), ")"});
}

}  // namespace

std::string MirrorTableName(std::string_view database, std::string_view table) {
  return StrCat({database, ".", table});
}

namespace {

Json CreateMeta() {
  return Statement(StrCat({"CREATE TABLE IF NOT EXISTS ", kMeta,
                           " (name TEXT PRIMARY KEY, db TEXT NOT NULL, tbl TEXT NOT NULL, "
                           "version INTEGER NOT NULL, definition TEXT NOT NULL)"}));
}

}  // namespace

Json MirrorMetaStatements(const Json& names) {
  return Json::array(
      {CreateMeta(), Statement(StrCat({"SELECT name, version, definition FROM ", kMeta,
                                       " WHERE name IN (SELECT value FROM "
                                       "json_each(?1))"}),
                               Json::array({names.dump()}))});
}

Json MirrorTablesStatements(std::string_view database) {
  return Json::array({CreateMeta(), Statement(StrCat({"SELECT name, tbl, version, definition FROM ",
                                                      kMeta, " WHERE db = ?1 ORDER BY tbl"}),
                                              Json::array({database}))});
}

Json MirrorRecreateStatements(std::string_view database, const catalog::TableDef& t,
                              int64_t version) {
  const std::string name = MirrorTableName(database, t.name);
  std::string create = StrCat({"CREATE TABLE ", QuoteIdentifier(name), " ("});
  for (const catalog::ColumnDef& c : t.columns)
    StrAppend(create, {QuoteIdentifier(c.name), " ", transpile::ColumnTypeSql(t, c), ", "});
  if (t.PrimaryKey() == nullptr)
    StrAppend(create, {QuoteIdentifier(kRowid), " INTEGER NOT NULL, "});
  StrAppend(create,
            {kShard, " TEXT NOT NULL, ", kEpoch, " INTEGER NOT NULL, ", kVer,
             " INTEGER NOT NULL, PRIMARY KEY (", kShard, ", ", KeyList(KeyColumns(t), true), "))"});
  return Json::array(
      {Statement("DROP TABLE IF EXISTS " + QuoteIdentifier(name)), Statement(std::move(create)),
       Statement(StrCat({"INSERT OR REPLACE INTO ", kMeta,
                         " (name, db, tbl, version, definition) "
                         "VALUES (?1, ?2, ?3, ?4, ?5)"}),
                 Json::array({name, database, t.name, version, catalog::TableToJsonText(t)}))});
}

Json MirrorVersionStatement(std::string_view database, std::string_view table, int64_t version) {
  return Statement(StrCat({"UPDATE ", kMeta, " SET version = ?2 WHERE name = ?1 AND version < ?2"}),
                   Json::array({MirrorTableName(database, table), version}));
}

Json MirrorDropStatements(std::string_view database, std::string_view table) {
  const std::string name = MirrorTableName(database, table);
  return Json::array(
      {Statement("DROP TABLE IF EXISTS " + QuoteIdentifier(name)),
       Statement(StrCat({"DELETE FROM ", kMeta, " WHERE name = ?1"}), Json::array({name}))});
}

namespace {

// `select` (of a shard's table) limited to the first `limit` rows in key
// order after key `after` (null: from the first).
Json PageAfter(std::string select, const std::vector<KeyColumn>& key, const Json& after,
               int limit) {
  Json params = Json::array();
  if (!after.is_null()) {
    StrAppend(select, {" WHERE (", KeyList(key, false), ") > (", KeyValues(key, "?1"), ")"});
    params.push_back(after.dump());
  }
  StrAppend(select, {" ORDER BY ", KeyList(key, false), " LIMIT ", std::to_string(limit)});
  return Statement(std::move(select), std::move(params));
}

std::string ShardRowsSelect(const catalog::TableDef& t) {
  std::string sql = StrCat({"SELECT ", transpile::RowKeySql(t, "")});
  for (const catalog::ColumnDef& c : t.columns) StrAppend(sql, {", ", ValueSql(c)});
  StrAppend(sql, {" FROM ", QuoteIdentifier(t.name)});
  return sql;
}

}  // namespace

Json ShardRowsByKey(const catalog::TableDef& t, const Json& keys) {
  const std::vector<KeyColumn> key = KeyColumns(t);
  return Statement(StrCat({ShardRowsSelect(t), " WHERE (", KeyList(key, false), ") IN (SELECT ",
                           KeyValues(key, "value"), " FROM json_each(?1))"}),
                   Json::array({keys.dump()}));
}

Json ShardRowsPage(const catalog::TableDef& t, const Json& after, int limit) {
  return PageAfter(ShardRowsSelect(t), KeyColumns(t), after, limit);
}

std::vector<Json> MirrorUpserts(std::string_view database, const catalog::TableDef& t,
                                std::string_view shard, const std::vector<const Json*>& rows,
                                Version v) {
  const std::vector<KeyColumn> key = KeyColumns(t);
  std::vector<std::string> columns;
  for (const catalog::ColumnDef& c : t.columns) columns.push_back(QuoteIdentifier(c.name));
  const bool rowid = t.PrimaryKey() == nullptr;
  if (rowid) columns.push_back(QuoteIdentifier(kRowid));
  for (std::string_view c : {kShard, kEpoch, kVer}) columns.emplace_back(c);
  std::string head =
      StrCat({"INSERT INTO ", QuoteIdentifier(MirrorTableName(database, t.name)), " ("});
  for (size_t i = 0; i < columns.size(); ++i) StrAppend(head, {i == 0 ? "" : ", ", columns[i]});
  head += ") VALUES ";
  std::string tail =
      StrCat({" ON CONFLICT (", kShard, ", ", KeyList(key, true), ") DO UPDATE SET "});
  for (size_t i = 0; i < columns.size(); ++i)
    StrAppend(tail, {i == 0 ? "" : ", ", columns[i], " = excluded.", columns[i]});
  StrAppend(tail,
            {" WHERE (excluded.", kEpoch, ", excluded.", kVer, ") > (", kEpoch, ", ", kVer, ")"});

  // A row's values in `columns` order: its own (key first in `row`, so
  // from index 1), its rowid, then whose copy it is and of which version.
  auto values_of = [&](const Json& row) {
    std::vector<Json> values;
    for (size_t i = 0; i < t.columns.size(); ++i)
      values.push_back(i + 1 < row.size() ? row[i + 1] : Json());
    if (rowid) values.push_back(RowidOf(row));
    values.insert(values.end(), {Json(shard), Json(v.epoch), Json(v.n)});
    return values;
  };
  const size_t rows_per_statement = std::max<size_t>(1, kD1MaxBoundParams / columns.size());
  std::vector<Json> statements;
  for (size_t first = 0; first < rows.size(); first += rows_per_statement) {
    const size_t end = std::min(rows.size(), first + rows_per_statement);
    std::string sql = head;
    Json params = Json::array();
    for (size_t r = first; r < end; ++r) {
      sql += r == first ? "(" : ", (";
      std::vector<Json> values = values_of(*rows[r]);
      for (size_t i = 0; i < values.size(); ++i) {
        params.push_back(std::move(values[i]));
        StrAppend(sql, {i == 0 ? "?" : ", ?", std::to_string(params.size())});
      }
      sql += ')';
    }
    sql += tail;
    statements.push_back(Statement(std::move(sql), std::move(params)));
  }
  return statements;
}

Json MirrorDelete(std::string_view database, const catalog::TableDef& t, std::string_view shard,
                  const Json& key_json, Version v) {
  const std::vector<KeyColumn> key = KeyColumns(t);
  return Statement(
      StrCat({"DELETE FROM ", QuoteIdentifier(MirrorTableName(database, t.name)), " WHERE ", kShard,
              " = ?1 AND (", KeyList(key, true), ") = (", KeyValues(key, "?2"), ") AND (", kEpoch,
              ", ", kVer, ") < ", VersionParams(3)}),
      Json::array({shard, key_json.dump(), v.epoch, v.n}));
}

Json MirrorDeleteOlder(std::string_view database, const catalog::TableDef& t,
                       std::string_view shard, Version v) {
  return Statement(
      StrCat({"DELETE FROM ", QuoteIdentifier(MirrorTableName(database, t.name)), " WHERE ", kShard,
              " = ?1 AND (", kEpoch, ", ", kVer, ") < ", VersionParams(2)}),
      Json::array({shard, v.epoch, v.n}));
}

Json ShardRowTexts(const catalog::TableDef& t, const Json& after, int limit) {
  return PageAfter(StrCat({"SELECT ", transpile::RowKeySql(t, ""), ", ", RowTextSql(t), " FROM ",
                           QuoteIdentifier(t.name)}),
                   KeyColumns(t), after, limit);
}

Json MirrorRowTexts(std::string_view database, const catalog::TableDef& t, std::string_view shard,
                    const Json& after, const Json& upto) {
  const std::vector<KeyColumn> key = KeyColumns(t);
  std::string sql =
      StrCat({"SELECT ", MirrorKeySql(t), ", ", RowTextSql(t), " FROM ",
              QuoteIdentifier(MirrorTableName(database, t.name)), " WHERE ", kShard, " = ?1"});
  Json params = Json::array({shard});
  if (!after.is_null()) {
    params.push_back(after.dump());
    StrAppend(sql, {" AND (", KeyList(key, true), ") > (",
                    KeyValues(key, "?" + std::to_string(params.size())), ")"});
  }
  if (!upto.is_null()) {
    params.push_back(upto.dump());
    StrAppend(sql, {" AND (", KeyList(key, true), ") <= (",
                    KeyValues(key, "?" + std::to_string(params.size())), ")"});
  }
  return Statement(std::move(sql), std::move(params));
}

Json MirrorShardCounts(std::string_view database, std::string_view table) {
  return Statement(StrCat({"SELECT ", kShard, ", count(*) FROM ",
                           QuoteIdentifier(MirrorTableName(database, table)), " GROUP BY ", kShard,
                           " ORDER BY ", kShard}));
}

}  // namespace edgesql::cache
