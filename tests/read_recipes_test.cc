// A session's reads planned and answered from recipes (gateway/read_recipes.h):
// the same plans, contexts and answers as the general planner's, and the
// general planner wherever a recipe no longer holds.
#include "gateway/read_recipes.h"

#include <gtest/gtest.h>

#include "cache/isolate_cache.h"
#include "gateway/catalog_cache.h"
#include "gateway/json_util.h"
#include "gateway/session.h"
#include "output_json.h"

namespace edgesql::gateway {
namespace {

constexpr int64_t kNow = 1'700'000'000'123;

// The catalog's row for table `users`, as its CREATE TABLE records it.
Json UsersRow() {
  static const Json* const row = [] {
    const std::string request =
        Dump(Json{{"sql", "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(40), score INT)"},
                  {"database", "recipes_test_ddl"}});
    auto answer = [](const Json& plan, const Json& one) {
      return Body(gateway::Finish(plan["context"].get<std::string>(),
                                  Dump(Json{{"answers", Json::array({one})}})));
    };
    Json plan = Body(Plan(request));
    plan = answer(plan, Json{{"policy", nullptr}});
    plan = answer(plan, Json{{"results", {Json{{"rows", {{0}}}}, Json{{"rows", Json::array()}}}}});
    for (const Json& st : plan["calls"][0]["statements"]) {
      if (st["sql"].get<std::string>().find("_edgesql_catalog") != std::string::npos)
        return new Json(Json::array({"users", st["params"][1]}));
    }
    return new Json();
  }();
  return *row;
}

// A shard's answer to a read: the guard's row (its value, epoch, version),
// then the statement's rows.
std::string ReadAnswer(const Json& rows, int64_t version = 7) {
  return Dump(Json{{"answers",
                    {Json{{"results",
                           {Json{{"columns", {"g", "epoch", "ver"}}, {"rows", {{"1", 3, version}}}},
                            Json{{"columns", {"id", "name", "score"}}, {"rows", rows}}}}}}}});
}

class ReadRecipesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(UsersRow().is_array());
    static int n = 0;
    database_ = "recipes_test_" + std::to_string(++n);
    Output opened = SessionOpen(R"({"auth":"optional","nonce":"n0nce"})", database_);
    ASSERT_EQ(opened.status, 200) << opened.body;
    id_ = Body(opened)["session"].get<uint32_t>();
    // The policy (none) and the catalog, then one answered read: from
    // here on the session's settings stay as they are.
    Output out = Message(Query("SELECT 1 FROM users"));
    for (int step = 0; step < 2 && out.status == 0; ++step) {
      const Json plan = Body(out);
      const std::string op = Context(plan)["op"];
      out = op == "load_policy"
                ? Finish(plan, R"({"answers":[{"version":0,"policy":null}]})")
                : Finish(plan, Dump(Json{{"answers",
                                          {Json{{"results",
                                                 {Json{{"columns", {"v"}}, {"rows", {{1}}}},
                                                  Json{{"columns", {"name", "definition"}},
                                                       {"rows", Json::array({UsersRow()})}}}}}}}}));
    }
    ASSERT_EQ(out.status, 0) << out.body;
    ASSERT_EQ(Finish(Body(out), ReadAnswer(Json::array())).status, 200);
  }
  void TearDown() override { SessionClose(id_); }

  static Json Query(std::string_view sql, Json params = Json::array()) {
    return Json{{"id", 1}, {"op", "query"}, {"sql", sql}, {"params", std::move(params)}};
  }
  Output Message(const Json& message, int64_t now = kNow) {
    return SessionMessage(id_, Dump(message), now);
  }
  Output Finish(const Json& plan, std::string_view answers) {
    return SessionFinish(id_, plan["context"].get<std::string>(), answers);
  }

  // The general context a recipe's plan stands for, as SessionFinish
  // would build it.
  Json RecipeContext(const Json& plan) {
    return SessionRecipeContextForTest(id_, plan["context"].get<std::string>());
  }

  // Plans `message` twice: the first by the general planner (which makes
  // the recipe), the second from the recipe. Each is answered with
  // `answers`; the plans, their contexts and the answers must agree.
  void ExpectSameAsGeneral(const Json& message, const std::string& answers) {
    Output general = Message(message);
    ASSERT_EQ(general.status, 0) << general.body;
    Json general_plan = Body(general);
    ASSERT_FALSE(IsRecipeToken(general_plan["context"].get<std::string>()));
    const Json general_ctx = Context(general_plan);
    const Output general_answer = Finish(general_plan, answers);

    Output recipe = Message(message);
    ASSERT_EQ(recipe.status, 0) << recipe.body;
    Json recipe_plan = Body(recipe);
    ASSERT_TRUE(IsRecipeToken(recipe_plan["context"].get<std::string>())) << recipe.body;
    EXPECT_EQ(RecipeContext(recipe_plan), general_ctx);
    const Output recipe_answer = Finish(recipe_plan, answers);

    general_plan.erase("context");
    recipe_plan.erase("context");
    EXPECT_EQ(Dump(recipe_plan), Dump(general_plan));
    EXPECT_EQ(recipe_answer.status, general_answer.status);
    EXPECT_EQ(recipe_answer.body, general_answer.body);
    EXPECT_EQ(recipe_answer.background, general_answer.background);
  }

  // Reads `message` through the general planner's cache read: KV misses,
  // the shard answers `rows`, and its answer becomes the isolate's copy.
  Output ReadThrough(const Json& message, const Json& rows, int64_t now = kNow) {
    Output out = Message(message, now);
    for (int step = 0; step < 3 && out.status == 0; ++step) {
      const Json plan = Body(out);
      out = Finish(plan, plan["calls"][0].contains("kv") ? R"({"answers":[{"values":[null,null]}]})"
                                                         : ReadAnswer(rows));
    }
    return out;
  }

  // The answer another session (with no recipe) gets for `message`.
  Output GeneralAnswer(const Json& message, int64_t now) {
    Output other = SessionOpen(R"({"auth":"optional","nonce":"0ther"})", database_);
    const uint32_t other_id = Body(other)["session"].get<uint32_t>();
    Output out = SessionMessage(other_id, Dump(message), now);
    SessionClose(other_id);
    return out;
  }

  std::string database_;
  uint32_t id_ = 0;
};

TEST_F(ReadRecipesTest, APointReadIsPlannedAndAnsweredAsTheGeneralPlannerDoes) {
  ExpectSameAsGeneral(Query("SELECT /*+ strong */ * FROM users WHERE id = ?", {42}),
                      ReadAnswer({{42, "ann", 7}}));
}

TEST_F(ReadRecipesTest, WhatEachMessageBringsIsItsOwn) {
  // Rows as arrays, parameters the statement binds otherwise (TRUE is 1),
  // no rows, and a warning from the analysis.
  Json as_arrays = Query("SELECT /*+ strong */ name FROM users WHERE id = ? OR id = ?", {1, true});
  as_arrays["rowsAsArray"] = true;
  ExpectSameAsGeneral(as_arrays, ReadAnswer({{"bo"}, {"al"}}));
  ExpectSameAsGeneral(Query("SELECT /*+ strong */ * FROM users WHERE name = ?", {"none"}),
                      ReadAnswer(Json::array()));
  const Json warned = Query("SELECT /*+ strong nonsense */ * FROM users WHERE id = 2");
  ExpectSameAsGeneral(warned, ReadAnswer({{2, "bo", 1}}));
  Json answer_warned = Body(Finish(Body(Message(warned)), ReadAnswer({{2, "bo", 1}})));
  EXPECT_EQ(answer_warned["warningCount"], 1) << answer_warned;

  // The same recipe for another message: its own parameters and id.
  Json other = Query("SELECT /*+ strong */ * FROM users WHERE name = ?", {"bo"});
  other["id"] = "second";
  Output planned = Message(other);
  Json plan = Body(planned);
  ASSERT_TRUE(IsRecipeToken(plan["context"].get<std::string>()));
  EXPECT_EQ(plan["calls"][0]["statements"][1]["params"], Json::array({"bo"}));
  Json answer = Body(Finish(plan, ReadAnswer({{2, "bo", 1}}, 9)));
  EXPECT_EQ(answer["id"], "second");
  EXPECT_EQ(answer["rows"], Json::array({Json{{"id", 2}, {"name", "bo"}, {"score", 1}}}));
  EXPECT_EQ(answer["meta"]["dataVersion"], Json::array({3, 9}));
}

TEST_F(ReadRecipesTest, AnAnswerThatIsNotRowsIsTheGeneralFinishs) {
  // The shard's error, and a shard that could not be reached.
  ExpectSameAsGeneral(Query("SELECT /*+ strong */ * FROM users WHERE id = ?", {5}),
                      R"({"answers":[{"error":{"message":"no such column: score","index":1}}]})");
  ExpectSameAsGeneral(Query("SELECT /*+ strong */ id FROM users WHERE id = ?", {5}),
                      R"({"answers":[{"error":{"message":"no answer","transport":true}}]})");
  // Malformed answers, and a plan answered twice.
  const Json read = Query("SELECT /*+ strong */ name FROM users WHERE id = ?", {5});
  Finish(Body(Message(read)), ReadAnswer(Json::array()));
  Json plan = Body(Message(read));
  ASSERT_TRUE(IsRecipeToken(plan["context"].get<std::string>()));
  EXPECT_EQ(Body(Finish(plan, "[]"))["error"]["errno"], 1815);
  EXPECT_EQ(Body(Finish(plan, ReadAnswer(Json::array())))["error"]["errno"], 1815);
  // A stale schema: the shard is brought up to date, then the read planned
  // again, as the general planner does it.
  Output general = Message(Query("SELECT /*+ strong */ score FROM users WHERE id = ?", {5}));
  Output recipe = Message(Query("SELECT /*+ strong */ score FROM users WHERE id = ?", {5}));
  ASSERT_TRUE(IsRecipeToken(Body(recipe)["context"].get<std::string>()));
  const std::string stale =
      R"({"answers":[{"error":{"message":"edgesql: stale schema","index":0}}]})";
  Output general_next = Finish(Body(general), stale);
  Output recipe_next = Finish(Body(recipe), stale);
  ASSERT_EQ(recipe_next.status, 0) << recipe_next.body;
  Json general_plan = Body(general_next);
  Json recipe_plan = Body(recipe_next);
  general_plan.erase("context");
  recipe_plan.erase("context");
  EXPECT_EQ(recipe_plan, general_plan);
}

TEST_F(ReadRecipesTest, TheGeneralPlannerPlansWhereARecipeNoLongerHolds) {
  const Json read = Query("SELECT /*+ strong */ * FROM users WHERE id = ?", {5});
  auto planned_by_recipe = [&](const Json& message, int64_t now = kNow) {
    Output out = Message(message, now);
    if (out.status != 0) return false;
    Json plan = Body(out);
    const bool recipe = IsRecipeToken(plan["context"].get<std::string>());
    Finish(plan, ReadAnswer(Json::array()));
    return recipe;
  };
  EXPECT_FALSE(planned_by_recipe(read));
  EXPECT_TRUE(planned_by_recipe(read));

  // Parameters that are not the statement's: the general planner's error.
  Output wrong = Message(Query("SELECT /*+ strong */ * FROM users WHERE id = ?", {1, 2}));
  EXPECT_EQ(Body(wrong)["error"]["errno"], 1210);
  Output object =
      Message(Query("SELECT /*+ strong */ * FROM users WHERE id = ?", {Json{{"a", 1}}}));
  EXPECT_EQ(Body(object)["error"]["errno"], 1210);

  // Inside a transaction every statement joins it.
  ASSERT_EQ(Message(Query("BEGIN")).status, 200);
  Json in_txn = Body(Message(read));
  EXPECT_FALSE(IsRecipeToken(in_txn["context"].get<std::string>()));
  EXPECT_TRUE(in_txn["calls"][0].contains("txn"));
  ASSERT_EQ(Message(Query("ROLLBACK")).status, 200);
  EXPECT_TRUE(planned_by_recipe(read));

  // The policy is due to be fetched again: the general planner asks for it.
  Output later = Message(read, kNow + 60'000);
  ASSERT_EQ(later.status, 0);
  Json refreshing = Body(later);
  EXPECT_FALSE(IsRecipeToken(refreshing["context"].get<std::string>()));
  EXPECT_TRUE(refreshing.contains("background"));
  Finish(refreshing, ReadAnswer(Json::array()));

  // Another catalog (a DDL applied, a reload): planned again, and kept anew.
  CatalogCache::Instance().Apply(database_, 2, {}, {"gone"});
  EXPECT_FALSE(planned_by_recipe(read, kNow + 60'000));
  EXPECT_TRUE(planned_by_recipe(read, kNow + 60'000));

  // A session that reads with a text of its own never meets another's recipe.
  Output other = SessionOpen(R"({"auth":"optional","nonce":"0ther"})", database_);
  const uint32_t other_id = Body(other)["session"].get<uint32_t>();
  Json first = Body(SessionMessage(other_id, Dump(read), kNow + 60'000));
  EXPECT_FALSE(IsRecipeToken(first["context"].get<std::string>()));
  SessionClose(other_id);
}

TEST_F(ReadRecipesTest, AReadTheIsolatesCacheHoldsIsAnsweredAsTheGeneralPlannerAnswersIt) {
  cache::IsolateCache::Instance().Clear();
  const Json read = Query("SELECT /*+ cached */ * FROM users WHERE id = ?", {42});
  Output first = ReadThrough(read, {{42, "ann", 7}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Body(first)["meta"]["cache"], "miss");

  size_t answers = RecipeCacheAnswers();
  Output hit = Message(read, kNow + 5);
  ASSERT_EQ(hit.status, 200) << hit.body;
  EXPECT_EQ(RecipeCacheAnswers(), answers + 1);
  EXPECT_EQ(Body(hit)["meta"]["cacheAge"], 5);
  EXPECT_EQ(Body(hit)["meta"]["cacheLayer"], "isolate");
  EXPECT_EQ(Body(hit)["fields"][0]["type"], "LONG");  // the catalog's column
  EXPECT_EQ(hit.body, GeneralAnswer(read, kNow + 5).body);

  // Another key misses the isolate: the general planner reads it (the
  // recipe stays), then the recipe answers it, rows as arrays too.
  Json other = Query("SELECT /*+ cached */ * FROM users WHERE id = ?", {43});
  other["rowsAsArray"] = true;
  answers = RecipeCacheAnswers();
  ASSERT_EQ(Message(other, kNow + 6).status, 0);
  ASSERT_EQ(ReadThrough(other, {{43, "bo", 1}}, kNow + 6).status, 200);
  EXPECT_EQ(RecipeCacheAnswers(), answers);
  Output other_hit = Message(other, kNow + 8);
  EXPECT_EQ(RecipeCacheAnswers(), answers + 1);
  EXPECT_EQ(Body(other_hit)["rows"], Json::parse(R"([[43, "bo", 1]])"));
  EXPECT_EQ(other_hit.body, GeneralAnswer(other, kNow + 8).body);

  // A bound the entry's age exceeds: the general planner reads the shard.
  const Json bounded = Query("SELECT /*+ bounded=100 */ name FROM users WHERE id = ?", {42});
  ASSERT_EQ(ReadThrough(bounded, {{"ann"}}).status, 200);
  Output young = Message(bounded, kNow + 50);
  ASSERT_EQ(young.status, 200) << young.body;
  EXPECT_EQ(young.body, GeneralAnswer(bounded, kNow + 50).body);
  answers = RecipeCacheAnswers();
  Output old = Message(bounded, kNow + 500);
  ASSERT_EQ(old.status, 0) << old.body;
  EXPECT_EQ(RecipeCacheAnswers(), answers);
  Finish(Body(old), ReadAnswer({{"ann"}}));

  // The session's own write, newer than the entry: it reads the shard.
  Json write = Body(Message(Query("UPDATE users SET score = 8 WHERE id = 42")));
  Json results = Json::array();
  for (size_t i = 0; i < write["calls"][0]["statements"].size(); ++i)
    results.push_back(Json{{"rows", Json::array()}});
  results[Context(write)["result"].get<size_t>()]["rows"] = Json::parse("[[1, 0, 0]]");
  Output written =
      Finish(write, Dump(Json{{"answers", {Json{{"results", results}, {"captured", {3, 99}}}}}}));
  ASSERT_EQ(written.status, 200) << written.body;
  Output own = Message(read, kNow + 9);
  EXPECT_EQ(own.status, 0) << own.body;
  EXPECT_EQ(RecipeCacheAnswers(), answers);
}

TEST_F(ReadRecipesTest, ARefusedShardIsRefusedAsTheGeneralPlannerRefusesIt) {
  const Json read = Query("SELECT /*+ strong */ * FROM users WHERE id = ?", {5});
  const std::string down = R"({"answers":[{"error":{"message":"down","transport":true}}]})";
  Finish(Body(Message(read)), down);
  // Failures open the shard's breaker; a recipe's plan is refused at once.
  for (int i = 0; i < 10; ++i) {
    Output out = Message(read);
    if (out.status != 0) break;
    Finish(Body(out), down);
  }
  const size_t pending = PendingRecipeReads();
  Output refused = Message(read);
  ASSERT_NE(refused.status, 0) << refused.body;
  EXPECT_EQ(Body(refused)["error"]["errno"], 1053);
  EXPECT_EQ(PendingRecipeReads(), pending);
}

}  // namespace
}  // namespace edgesql::gateway
