// ReadPolicy: which reads the cache may serve and how fresh they must be,
// and which reads depend on one row alone (cache/read_policy.h).
#include "cache/read_policy.h"

#include <gtest/gtest.h>

#include "sql/analyzer.h"
#include "sql/lexer.h"
#include "transpile/transpiler.h"

namespace edgesql::cache {
namespace {

struct Read {
  explicit Read(std::string text) : sql(std::move(text)) {
    tokens = sql::Lex(sql).value();
    info = sql::Analyze(sql, tokens).value().statements[0];
  }
  ReadFacts Facts(const routing::Policy* policy = nullptr) const {
    return ReadFacts{&info, sql, &tokens, policy, false, false};
  }
  std::string sql;
  std::vector<sql::Token> tokens;
  sql::StatementInfo info;
};

routing::Policy PolicyOf(std::string_view json) {
  Result<routing::Policy> p = routing::PolicyFromJsonText(json);
  EXPECT_TRUE(p.ok()) << p.error().message();
  return p.value();
}

TEST(ReadPolicyTest, HintsDecideOverTablesAndVolatileReadsStayStrong) {
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT * FROM t").Facts()).reason, "table t is strong");
  ReadPolicy bounded = ChooseReadPolicy(Read("SELECT /*+ bounded=1500 */ * FROM t").Facts());
  EXPECT_EQ(bounded.mode, ServeMode::kBounded);
  EXPECT_EQ(bounded.fresh_ms, 1500);
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT /*+ cached */ * FROM t").Facts()).mode,
            ServeMode::kCached);
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT /*+ strong */ * FROM t").Facts()).reason,
            "/*+ strong */");
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT /*+ cached */ RAND() FROM t").Facts()).reason,
            "RAND() changes between calls");
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT /*+ cached */ a FROM t WHERE b = @x").Facts()).reason,
            "it reads a variable");
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT /*+ cached */ a FROM t FOR UPDATE").Facts()).reason,
            "it is a locking read");
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT /*+ cached */ 1").Facts()).reason, "it reads no table");
  Read in_txn("SELECT /*+ cached */ a FROM t");
  ReadFacts facts = in_txn.Facts();
  facts.in_transaction = true;
  EXPECT_EQ(ChooseReadPolicy(facts).reason, "inside a transaction");
}

TEST(ReadPolicyTest, TheStrictestTableSpeaksAndStrongColumnsAreNeverCached) {
  routing::Policy policy = PolicyOf(R"({"tables": {
      "a": {"pk": ["id"], "cache": {"mode": "cached", "ttl_ms": 5000, "swr_ms": 1000}},
      "b": {"pk": ["id"], "cache": {"mode": "cached", "ttl_ms": 2000, "swr_ms": 9000}},
      "c": {"pk": ["id"], "cache": {"mode": "bounded", "ttl_ms": 300,
                                     "always_strong_columns": ["secret"]}}},
      "routing": {"version": 1, "ranges": [{"prefix": "00..ff", "shard": "r"}]}})");
  ReadPolicy a = ChooseReadPolicy(Read("SELECT x FROM a").Facts(&policy));
  EXPECT_EQ(a.mode, ServeMode::kCached);
  EXPECT_EQ(a.fresh_ms, 5000);
  EXPECT_EQ(a.swr_ms, 1000);
  ReadPolicy ab = ChooseReadPolicy(Read("SELECT x FROM a JOIN b USING (id)").Facts(&policy));
  EXPECT_EQ(ab.fresh_ms, 2000);
  EXPECT_EQ(ab.swr_ms, 1000);
  ReadPolicy ac = ChooseReadPolicy(Read("SELECT x FROM a JOIN c USING (id)").Facts(&policy));
  EXPECT_EQ(ac.mode, ServeMode::kBounded);
  EXPECT_EQ(ac.fresh_ms, 300);
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT x FROM a JOIN d USING (id)").Facts(&policy)).reason,
            "table d is strong");
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT `Secret` FROM c").Facts(&policy)).reason,
            "column c.secret is always strong");
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT /*+ cached */ * FROM c").Facts(&policy)).reason,
            "column c.secret (*) is always strong");
  EXPECT_EQ(ChooseReadPolicy(Read("SELECT id FROM c").Facts(&policy)).mode, ServeMode::kBounded);
}

TEST(ReadPolicyTest, AReadOfRowsOneEqualityNamesIsKeyedByThem) {
  catalog::DatabaseSchema schema;
  for (const char* ddl :
       {"CREATE TABLE u (id INT PRIMARY KEY, name VARCHAR(9), email VARCHAR(20), UNIQUE (email), "
        "KEY (name, id))",
        "CREATE TABLE m (a VARCHAR(5), b INT, PRIMARY KEY (a, b))",
        "CREATE TABLE f (x DOUBLE PRIMARY KEY)"}) {
    Result<transpile::Translation> t = transpile::TranspileText(ddl, {"app", &schema});
    ASSERT_TRUE(t.ok()) << t.error().message();
    schema.tables[t.value().put_tables[0].name] = t.value().put_tables[0];
  }
  auto key = [&](std::string sql, std::vector<sql::Value> params = {}) {
    Read r(sql);
    std::optional<RowKey> k =
        RowReadKey(r.Facts(), params, *schema.FindTable(r.info.tables_read[0].name));
    return k ? k->column + "=" + ::testing::PrintToString(k->values) : std::string("none");
  };
  const std::string row42 = "=" + ::testing::PrintToString(std::vector<std::string>{"42"});
  EXPECT_EQ(key("SELECT name FROM u WHERE id = 42"), row42);
  EXPECT_EQ(key("SELECT * FROM u WHERE id = '042'"), row42);  // MySQL reads it as 42
  EXPECT_EQ(key("SELECT name FROM u WHERE id = ?", {sql::Value{sql::Value::Kind::kNumber, "42"}}),
            row42);
  EXPECT_EQ(key("SELECT * FROM m WHERE b = 2 AND a = 'X'"),
            "=" + ::testing::PrintToString(std::vector<std::string>{"x", "2"}));
  // Columns that lead an index key the rows they name.
  EXPECT_EQ(key("SELECT id FROM u WHERE email = 'A@b.c'"),
            "email=" + ::testing::PrintToString(std::vector<std::string>{"a@b.c"}));
  EXPECT_EQ(key("SELECT id FROM u WHERE Name = 'ann' ORDER BY id LIMIT 3"),
            "name=" + ::testing::PrintToString(std::vector<std::string>{"ann"}));
  // What MySQL would compare differently, or what names no single key.
  EXPECT_EQ(key("SELECT * FROM u WHERE id = '42abc'"), "none");  // compared as 42
  EXPECT_EQ(key("SELECT * FROM u WHERE id = 42.0"), "none");
  EXPECT_EQ(key("SELECT * FROM u WHERE email = 0"), "none");  // every non-number equals 0
  EXPECT_EQ(key("SELECT * FROM m WHERE a = 'x'"), "none");    // part of the key
  EXPECT_EQ(key("SELECT * FROM u WHERE id = 1 OR id = 2"), "none");
  EXPECT_EQ(key("SELECT * FROM u WHERE id IN (1, 2)"), "none");
  EXPECT_EQ(key("SELECT * FROM u WHERE id = 1 AND name IN (SELECT name FROM u)"), "none");
  EXPECT_EQ(key("SELECT * FROM u, u AS v WHERE u.id = 1"), "none");  // a second table
  EXPECT_EQ(key("SELECT * FROM f WHERE x = 1"), "none");             // approximate key
}

}  // namespace
}  // namespace edgesql::cache
