// Json objects as one sorted block (common/json_object.h): a std::map's
// meaning, its order, and, in debug builds, members that move on every
// change so that a reference held across one is caught.
#include "common/json_object.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <string_view>

#include "common/json.h"

namespace edgesql {
namespace {

TEST(JsonObjectTest, MembersKeepTheOrderAndTextAStdMapWouldGiveThem) {
  std::mt19937 random(7);
  std::map<std::string, int> expected;
  Json object = Json::object();
  for (int i = 0; i < 500; ++i) {
    std::string name(1 + random() % 4, 'a');
    for (char& c : name) c = static_cast<char>("aB_z~"[random() % 5]);
    const int value = static_cast<int>(random() % 1000);
    if (random() % 5 == 0) {
      EXPECT_EQ(object.erase(name), expected.erase(name)) << name;
    } else {
      object[name] = value;
      expected[name] = value;
    }
  }
  EXPECT_EQ(object.dump(), Json(expected).dump());
  EXPECT_EQ(Json::parse(object.dump()), object);
}

TEST(JsonObjectTest, EmplaceAndInsertLeaveAMemberThatIsThereAsItIs) {
  Json object = Json::object();
  auto& members = object.get_ref<Json::object_t&>();
  EXPECT_TRUE(members.emplace("a", 1).second);
  EXPECT_FALSE(members.emplace("a", 2).second);
  EXPECT_FALSE(members.insert({"a", 3}).second);
  object.update(Json{{"a", 4}, {"b", 5}});  // update overwrites, as nlohmann's does
  EXPECT_EQ(object.dump(), R"({"a":4,"b":5})");
  EXPECT_EQ(members.count(std::string_view("b")), 1u);
  EXPECT_EQ(members.count("c"), 0u);
}

TEST(JsonObjectTest, MembersAddedInNameOrderGoOnTheEndAndOthersFindTheirPlace) {
  Json object = Json::object();
  auto& members = object.get_ref<Json::object_t&>();
  members.emplace_hint(members.end(), "b", 1);
  members.emplace_hint(members.end(), "d", 2);
  members.emplace_hint(members.end(), "a", 3);  // out of order: searched
  members.emplace_hint(members.end(), "d", 4);  // there already: kept
  EXPECT_EQ(object.dump(), R"({"a":3,"b":1,"d":2})");
}

TEST(JsonObjectTest, ErasingByPositionAndRangeLeavesTheRestInOrder) {
  Json object = {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}};
  object.erase(object.find("b"));
  EXPECT_EQ(object.dump(), R"({"a":1,"c":3,"d":4,"e":5})");
  auto& members = object.get_ref<Json::object_t&>();
  members.erase(members.begin() + 1, members.begin() + 3);
  EXPECT_EQ(object.dump(), R"({"a":1,"e":5})");
  EXPECT_EQ(object.erase("zz"), 0u);
}

// The promise json_object.h makes debug builds keep: any change to an
// object gives its members new addresses, so code that holds a reference
// across one reads freed memory in every test run under the sanitizer,
// not only when the block happens to grow.
TEST(JsonObjectTest, InDebugBuildsEveryChangeMovesTheMembers) {
#ifdef NDEBUG
  GTEST_SKIP() << "release build: members move only when the block grows";
#else
  Json object = {{"a", 1}, {"b", 2}};
  const Json* before = &object["a"];
  object["c"] = 3;
  EXPECT_NE(&object["a"], before);
  before = &object["a"];
  object.erase("b");
  EXPECT_NE(&object["a"], before);
#endif
}

}  // namespace
}  // namespace edgesql
