// Change capture on a real SQLite: the triggers every table gets and the
// statements that end a committing write (gateway/shard_statements.h) turn
// the rows a transaction wrote into one change event per table, with the
// data version it made, however the rows were written.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/json.h"
#include "gateway/gateway.h"
#include "gateway/shard_statements.h"
#include "sqlite_eval.h"
#include "transpile/transpiler.h"

namespace edgesql {
namespace {

using Json = edgesql::Json;

class ChangeCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    program_ = Json::parse(gateway::ShardBootstrap());
    for (const Json& s : program_["bootstrap"]) ASSERT_EQ(db_.Exec(s.get<std::string>()), "");
  }

  // A MySQL statement as the shard runs it (DDL keeps the catalog here).
  void Run(std::string_view mysql) {
    transpile::TranspileContext context{"app", &schema_};
    Result<transpile::Translation> t = transpile::TranspileText(mysql, context);
    ASSERT_TRUE(t.ok()) << t.error().message();
    for (const std::string& s : t.value().statements) ASSERT_EQ(db_.Exec(s), "") << s;
    for (catalog::TableDef& table : t.value().put_tables) {
      std::string name = table.name;
      schema_.tables[name] = std::move(table);
    }
  }

  // The capture that ends a write; returns the events it put in the outbox
  // (and empties it, as sending does), and the version ("epoch|ver") and
  // the tables (a JSON array) it answered.
  std::vector<Json> Capture(std::string* version = nullptr, std::string* tables = nullptr) {
    std::string answer;
    for (const Json& s : program_["capture"]) {
      std::vector<std::string> params;
      if (s["bindsShard"].get<bool>()) params.push_back("app/0");
      std::string out = db_.Query(s["sql"].get<std::string>(), params);
      EXPECT_EQ(out.rfind("error", 0), std::string::npos) << out;
      if (s.value("answers", false)) answer = out;
    }
    const size_t tables_at = answer.find('|', answer.find('|') + 1);
    if (version != nullptr) *version = answer.substr(0, tables_at);
    if (tables != nullptr && tables_at != std::string::npos) *tables = answer.substr(tables_at + 1);
    std::vector<Json> events;
    // One message, [last seq, array of events, more], holds them all here.
    std::string row = db_.Query(program_["outboxRead"].get<std::string>());
    const std::string message = row.substr(row.find('|') + 1, row.rfind('|') - row.find('|') - 1);
    if (!message.empty() && message != "NULL") {
      for (Json& event : Json::parse(message)) events.push_back(event);
    }
    db_.Query(program_["outboxDelete"].get<std::string>(), {"1000000"});
    return events;
  }

  static std::string Epoch(const std::string& version) {
    return version.substr(0, version.find('|'));
  }

  Json program_;
  testing::SqliteDb db_;
  catalog::DatabaseSchema schema_;
};

TEST_F(ChangeCaptureTest, EachWriteNamesTheKeysItChangedWithTheVersionItMade) {
  Run("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20))");
  EXPECT_TRUE(Capture().empty());  // a schema change writes no rows

  Run("INSERT INTO users VALUES (1, 'ann'), (2, 'bob')");
  std::string version;
  std::string tables;
  std::vector<Json> events = Capture(&version, &tables);
  EXPECT_EQ(tables, R"(["users"])");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["type"], "change");
  EXPECT_EQ(events[0]["shard"], "app/0");
  EXPECT_EQ(events[0]["table"], "users");
  EXPECT_EQ(events[0]["keys"], Json::parse("[[1],[2]]"));
  EXPECT_EQ(events[0]["v"][1], 1);
  EXPECT_EQ(version, Epoch(version) + "|1");
  EXPECT_EQ(events[0]["v"][0].dump(), Epoch(version));

  // An UPDATE that moves a key names the key before and after.
  Run("UPDATE users SET id = 5 WHERE id = 1");
  events = Capture(&version);
  ASSERT_EQ(events.size(), 1u);
  std::vector<Json> keys(events[0]["keys"].begin(), events[0]["keys"].end());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(Json(keys), Json::parse("[[1],[5]]"));
  EXPECT_EQ(events[0]["v"][1], 2);

  // A write that changes nothing makes no event and no version.
  Run("UPDATE users SET name = 'x' WHERE id = 99");
  EXPECT_TRUE(Capture(&version, &tables).empty());
  EXPECT_EQ(version, Epoch(version) + "|2");
  EXPECT_EQ(tables, "[]");

  Run("DELETE FROM users WHERE id = 2");
  events = Capture();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["keys"], Json::parse("[[2]]"));
  EXPECT_EQ(events[0]["v"][1], 3);
}

TEST_F(ChangeCaptureTest, CascadesTextKeysAndKeylessTablesAreCapturedToo) {
  ASSERT_EQ(db_.Exec("PRAGMA foreign_keys = ON"), "");
  Run("CREATE TABLE parents (code VARCHAR(10) PRIMARY KEY)");
  Run("CREATE TABLE kids (id INT PRIMARY KEY, parent VARCHAR(10), FOREIGN KEY (parent) "
      "REFERENCES parents (code) ON DELETE CASCADE)");
  Run("CREATE TABLE log (line VARCHAR(20))");
  Run("INSERT INTO parents VALUES ('Abc')");
  Run("INSERT INTO kids VALUES (1, 'Abc'), (2, 'Abc')");
  Run("INSERT INTO log VALUES ('hello')");
  std::vector<Json> events = Capture();
  ASSERT_EQ(events.size(), 3u);  // one per table, one version for all
  for (const Json& e : events) EXPECT_EQ(e["v"][1], 1);

  // Deleting the parent deletes its children: both tables' events say so,
  // and so does the answer (a session's reads of either table take no
  // cached answer from before it).
  Run("DELETE FROM parents WHERE code = 'Abc'");
  std::string tables;
  events = Capture(nullptr, &tables);
  ASSERT_EQ(events.size(), 2u);
  std::vector<std::string> changed = Json::parse(tables).get<std::vector<std::string>>();
  std::sort(changed.begin(), changed.end());
  EXPECT_EQ(changed, (std::vector<std::string>{"kids", "parents"}));
  std::map<std::string, Json> by_table;
  for (const Json& e : events) by_table[e["table"]] = e["keys"];
  EXPECT_EQ(by_table["parents"], Json::parse(R"([["Abc"]])"));
  EXPECT_EQ(by_table["kids"].size(), 2u);

  // A table without a primary key names no rows: its event names the table.
  Run("UPDATE log SET line = 'bye'");
  events = Capture();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["table"], "log");
  EXPECT_TRUE(events[0]["keys"].is_null());
  EXPECT_TRUE(events[0]["lookups"].is_null());
}

TEST_F(ChangeCaptureTest, ValuesOfIndexedColumnsAreNotedBeforeAndAfter) {
  Run("CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(20), city VARCHAR(9), UNIQUE "
      "(email), KEY (city))");
  Run("INSERT INTO people VALUES (1, 'a@x', 'Oslo')");
  std::vector<Json> events = Capture();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["lookups"], Json::parse(R"([{"email":"a@x","city":"Oslo"}])"));
  // A moved value names both: reads of either city may have changed.
  Run("UPDATE people SET city = 'Rome' WHERE id = 1");
  events = Capture();
  ASSERT_EQ(events.size(), 1u);
  std::set<std::string> cities;
  for (const Json& row : events[0]["lookups"]) cities.insert(row["city"].get<std::string>());
  EXPECT_EQ(cities, (std::set<std::string>{"Oslo", "Rome"}));
}

TEST_F(ChangeCaptureTest, AHugeChangeNamesItsTableInsteadOfEveryKey) {
  Run("CREATE TABLE big (id INT PRIMARY KEY)");
  ASSERT_EQ(db_.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
                     "20000) INSERT INTO big SELECT i FROM n"),
            "");
  std::vector<Json> events = Capture();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0]["keys"].is_null());  // the consumer flushes the table
}

// Many small writes committed together (a group commit) name their rows
// in events of at most 100 rows each, all with the version they made, as
// does one write of up to 1,000 rows: only a larger change is worth
// invalidating, and the mirror copying, whole.
TEST_F(ChangeCaptureTest, AChangeOfUpToAThousandRowsNamesThemInEventsOfAHundred) {
  Run("CREATE TABLE ev (id INT PRIMARY KEY, tenant INT, KEY by_tenant (tenant))");
  Run("CREATE TABLE other (id INT PRIMARY KEY)");
  for (int write = 0; write < 16; ++write) {
    std::string insert = "INSERT INTO ev VALUES ";
    for (int i = 0; i < 10; ++i)
      insert +=
          (i ? ", (" : "(") + std::to_string(write * 10 + i) + ", " + std::to_string(write) + ")";
    Run(insert);
  }
  Run("INSERT INTO other VALUES (1)");
  std::string version;
  std::vector<Json> events = Capture(&version);
  ASSERT_EQ(events.size(), 3u);
  std::set<int64_t> ids;
  std::set<int64_t> tenants;
  std::map<std::string, size_t> per_table;
  for (const Json& e : events) {
    ASSERT_TRUE(e["keys"].is_array()) << e.dump();
    EXPECT_LE(e["keys"].size(), 100u);
    EXPECT_EQ(
        std::to_string(e["v"][0].get<int64_t>()) + "|" + std::to_string(e["v"][1].get<int64_t>()),
        version);
    per_table[e["table"].get<std::string>()] += e["keys"].size();
    if (e["table"] != "ev") continue;
    for (const Json& key : e["keys"]) ids.insert(key[0].get<int64_t>());
    for (const Json& lookup : e["lookups"]) tenants.insert(lookup["tenant"].get<int64_t>());
  }
  EXPECT_EQ(per_table, (std::map<std::string, size_t>{{"ev", 160}, {"other", 1}}));
  EXPECT_EQ(ids.size(), 160u);  // every row once
  EXPECT_EQ(*ids.rbegin(), 159);
  EXPECT_EQ(tenants.size(), 16u);

  ASSERT_EQ(db_.Exec("WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < "
                     "1999) INSERT INTO ev SELECT i, 0 FROM n"),
            "");
  events = Capture();
  ASSERT_EQ(events.size(), 10u);  // exactly 1,000: still named
  for (const Json& e : events) EXPECT_EQ(e["keys"].size(), 100u);
  ASSERT_EQ(db_.Exec("DELETE FROM ev WHERE id >= 150"), "");  // 1,010 rows
  events = Capture();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0]["keys"].is_null());
  EXPECT_TRUE(events[0]["lookups"].is_null());
}

// A read's guard also reads the data version, and the version is found
// where the guard puts it.
TEST_F(ChangeCaptureTest, AReadsGuardCarriesTheDataVersionItsRowsReflect) {
  Run("CREATE TABLE t (id INT PRIMARY KEY)");
  Run("INSERT INTO t VALUES (1)");
  std::string version;
  Capture(&version);
  Json guard = gateway::GuardedVersionStatement(0);
  Json rows;
  std::string error;
  ASSERT_TRUE(db_.Run(guard["sql"], guard["params"], &rows, &error)) << error;
  ASSERT_EQ(rows.size(), 1u);
  Json results = Json::array({Json{{"rows", rows}}, Json{{"rows", Json::array()}}});
  Json v = gateway::ReadVersion(results);
  ASSERT_TRUE(v.is_array()) << results.dump();
  EXPECT_EQ(std::to_string(v[0].get<int64_t>()) + "|" + std::to_string(v[1].get<int64_t>()),
            version);

  Json stale = gateway::GuardedVersionStatement(7);  // the schema moved on
  EXPECT_FALSE(db_.Run(stale["sql"], stale["params"], &rows, &error));

  EXPECT_TRUE(gateway::ReadVersion(Json::array({Json{{"rows", {{"1"}}}}})).is_null());
}

TEST_F(ChangeCaptureTest, TheOutboxGoesOutOldestFirstInMessagesAQueueTakes) {
  // Each read is one queue message, [last seq, array of events]: at most 100
  // events and 100,000 bytes, but the oldest event always, whatever its size.
  auto add = [&](size_t bytes) {
    const std::string event = Json{{"pad", std::string(bytes, 'x')}}.dump();
    ASSERT_EQ(db_.Query("INSERT INTO _edgesql_outbox (event) VALUES (?1)", {event}), "");
  };
  // The events of the next message, the seq to delete up to, and whether
  // more wait behind them (a backlog, sent at once).
  bool more = false;
  auto next = [&](std::string* last) {
    const std::string row = db_.Query(program_["outboxRead"].get<std::string>());
    *last = row.substr(0, row.find('|'));
    more = row.substr(row.rfind('|') + 1) == "1";
    const std::string message = row.substr(row.find('|') + 1, row.rfind('|') - row.find('|') - 1);
    if (message.empty() || message == "NULL") return Json::array();
    db_.Query(program_["outboxDelete"].get<std::string>(), {*last});
    return Json::parse(message);
  };
  std::string last;
  EXPECT_EQ(next(&last), Json::array());

  for (int i = 0; i < 150; ++i) add(10);
  EXPECT_EQ(next(&last).size(), 100u);
  EXPECT_EQ(last, "100");
  EXPECT_TRUE(more);
  EXPECT_EQ(next(&last).size(), 50u);
  EXPECT_FALSE(more);

  add(60'000);
  add(60'000);   // the two together would not fit
  add(150'000);  // alone over the limit: still goes, alone
  add(10);
  EXPECT_EQ(next(&last).size(), 1u);
  EXPECT_TRUE(more);
  EXPECT_EQ(next(&last).size(), 1u);
  Json big = next(&last);
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0]["pad"].get<std::string>().size(), 150'000u);
  EXPECT_EQ(next(&last).size(), 1u);
  EXPECT_FALSE(more);
  EXPECT_EQ(next(&last), Json::array());
  EXPECT_FALSE(more);
}

}  // namespace
}  // namespace edgesql
