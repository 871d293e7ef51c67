// How the core's JSON values are freed (common/json.h): by recursion near
// the top, the library's flattening further down, so any depth is safe.
#include "common/json.h"

#include <gtest/gtest.h>

#include <string>

namespace edgesql {
namespace {

// A request may carry a parameter nested as deep as its sender likes. Freed
// by recursion alone, 200,000 levels would overflow the stack (each level
// is a few frames), so this crashes unless the deep levels are flattened.
TEST(JsonTest, ADocumentNestedBeyondTheRecursionDepthIsFreedWithoutExhaustingTheStack) {
  constexpr size_t kLevels = 200'000;
  std::string text(kLevels, '[');
  text += "1";
  text.append(kLevels, ']');
  {
    Json deep = Json::parse(text);
    ASSERT_TRUE(deep.is_array());
    Json objects = Json::object();
    Json* at = &objects;
    for (size_t i = 0; i < kLevels; ++i) at = &((*at)["k"] = Json::object());
    (*at)["leaf"] = "x";
  }  // both freed here
  // And a value made after them is whole.
  Json after = Json::parse(R"({"a": [1, {"b": "c"}], "d": "e"})");
  EXPECT_EQ(after.dump(), R"({"a":[1,{"b":"c"}],"d":"e"})");
}

TEST(JsonTest, ValuesOfEveryKindAreFreedAndCopiesStayIndependent) {
  Json original = {{"s", std::string(100, 's')},
                   {"a", Json::array({1, "two", nullptr, Json::array({3.5})})},
                   {"o", {{"inner", {{"x", true}}}}},
                   {"b", Json::binary({1, 2, 3})}};
  Json copy = original;
  original = nullptr;  // frees the first
  EXPECT_EQ(copy["a"][3][0], 3.5);
  EXPECT_EQ(copy["o"]["inner"]["x"], true);
  EXPECT_EQ(copy["s"].get<std::string>().size(), 100u);
  EXPECT_EQ(copy["b"].get_binary().size(), 3u);
}

}  // namespace
}  // namespace edgesql
