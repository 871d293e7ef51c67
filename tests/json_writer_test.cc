#include "gateway/json_writer.h"

#include <gtest/gtest.h>

#include <string>

#include "gateway/json_util.h"

namespace edgesql::gateway {
namespace {

TEST(JsonWriterTest, PlacesCommasInNestedContainers) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.Null();
  w.EndArray();
  w.Key("b");
  w.Bool(false);
  w.Key("c");
  w.Int(-42);
  w.Key("d");
  w.Int(INT64_MIN);
  w.Key("e");
  w.Int(0);
  w.EndObject();
  w.Finish();
  EXPECT_EQ(out, R"({"a":[1,{},[],null],"b":false,"c":-42,"d":-9223372036854775808,"e":0})");
}

// Dump writes every kind of number as nlohmann's dump does.
TEST(JsonWriterTest, DumpsNumbersAsNlohmannDoes) {
  const Json numbers =
      Json::array({Json(uint64_t{0}), Json(uint64_t{42}), Json(UINT64_MAX), Json(int64_t{-7}),
                   Json(INT64_MIN), Json(INT64_MAX), Json(0.5), Json(-1e300), Json(3.0)});
  EXPECT_EQ(Dump(numbers), numbers.dump());
  EXPECT_EQ(Dump(Json(UINT64_MAX)), "18446744073709551615");
}

TEST(JsonWriterTest, RawValuesTakeTheirPlaceAmongOthers) {
  std::string out;
  JsonWriter w(out);
  w.BeginArray();
  w.Int(1);
  w.Raw(R"({"a":[true]})");
  w.BeginObject();
  w.Key("k");
  w.Raw("null");
  w.EndObject();
  w.EndArray();
  w.Finish();
  EXPECT_EQ(out, R"([1,{"a":[true]},{"k":null}])");
}

// Strings come out exactly as Dump() writes them, bad UTF-8 included.
TEST(JsonWriterTest, EscapesStringsAsDumpDoes) {
  const std::string cases[] = {
      "plain",
      "quote \" backslash \\ slash /",
      std::string("controls \b\f\n\r\t \x01\x1f and NUL ") + '\0' + " end",
      "UTF-8: é € 𝄞",
      "bad: \xff \xc0\x80 \xed\xa0\x80 \xf4\x90\x80\x80 \xe2\x82 cut",
      "\xe2\x82",
      // Longer than a piece, with a sequence across the piece boundary.
      std::string(4095, 'a') + "\xe2\x82\xac" + std::string(3000, '"') + "\xe9 \xc3\xa9" +
          std::string(5000, '\n'),
  };
  for (const std::string& s : cases) {
    std::string out;
    JsonWriter w(out);
    w.String(s);
    w.Finish();
    EXPECT_EQ(out, Dump(Json(s))) << s;
  }
}

// The writer copies plain text eight bytes at a time: every byte value at
// every position of a word (and of the tail after the last whole word) must
// still be escaped as Dump() does.
TEST(JsonWriterTest, EscapesEveryByteAtEveryPosition) {
  for (int b = 0; b < 256; ++b) {
    for (size_t at = 0; at < 19; ++at) {
      std::string s(19, 'x');
      s[at] = static_cast<char>(b);
      std::string out;
      JsonWriter w(out);
      w.String(s);
      w.Finish();
      ASSERT_EQ(out, Dump(Json(s))) << "byte " << b << " at " << at;
    }
  }
  // Two bytes to escape in one word, or in neighbouring words.
  for (size_t a = 0; a < 19; ++a) {
    for (size_t b = a + 1; b < 19; ++b) {
      std::string s(19, 'x');
      s[a] = '"';
      s[b] = static_cast<char>(b % 2 == 0 ? '\n' : 0xE9);
      std::string out;
      JsonWriter w(out);
      w.String(s);
      w.Finish();
      ASSERT_EQ(out, Dump(Json(s))) << a << ", " << b;
    }
  }
}

TEST(JsonWriterTest, DumpWritesWhatNlohmannWrites) {
  // Dump goes through JsonWriter; its text must stay nlohmann's, byte for
  // byte, since plans carry their context as a string of it.
  Json context{
      {"op", "statement"},
      {"request", R"({"sql":"SELECT \"x\" FROM t","params":[1,"a\n"]})"},
      {"tables", Json::array({"t", "ümlaut", std::string("bad\xff\xfeutf8")})},
      {std::string("key \"quoted\"\t"), nullptr},
      {"numbers", Json::array({0, -1, int64_t{9007199254740993}, uint64_t{18446744073709551615u},
                               1.5, 0.1, -2e-300, 1e21, 3.0})},
      {"flags", Json::array({true, false})},
      {"empty", Json::object()},
      {"nested", Json::array({Json::array(), Json::array({Json::object({{"a", 1}})})})}};
  Json plan{{"calls", Json::array({Json{{"shard", "app/0"}}})}, {"context", Dump(context)}};
  for (const Json* v : {&context, &plan})
    EXPECT_EQ(Dump(*v), v->dump(-1, ' ', false, Json::error_handler_t::replace));
}

}  // namespace
}  // namespace edgesql::gateway
