// ReadJson against nlohmann/json's own parser: the same verdict on every
// text, and the same value, type for type.
#include "common/json_reader.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace edgesql {
namespace {

std::optional<Json> Nlohmann(std::string_view text) {
  Json v = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return std::nullopt;
  return v;
}

// Equal values of equal types, member order included (nlohmann's == takes
// 1 and 1.0 and 1u for one value).
bool Same(const Json& a, const Json& b) {
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::array:
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i)
        if (!Same(a[i], b[i])) return false;
      return true;
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      auto j = b.begin();
      for (auto i = a.begin(); i != a.end(); ++i, ++j)
        if (i.key() != j.key() || !Same(*i, *j)) return false;
      return true;
    }
    case Json::value_t::number_float: {
      const double x = a.get<double>(), y = b.get<double>();
      return std::memcmp(&x, &y, sizeof x) == 0;
    }
    default:
      return a == b;
  }
}

// Fails with the text when the two parsers disagree.
void ExpectAgree(std::string_view text) {
  std::optional<Json> ours = ReadJson(text);
  std::optional<Json> theirs = Nlohmann(text);
  ASSERT_EQ(ours.has_value(), theirs.has_value()) << "text: " << testing::PrintToString(text);
  if (ours) EXPECT_TRUE(Same(*ours, *theirs)) << "text: " << testing::PrintToString(text);
}

TEST(JsonReaderTest, ReadsWhatNlohmannReads) {
  const char* const kTexts[] = {
      R"({"database":"bench","sql":"SELECT * FROM users WHERE id = ?","params":[42]})",
      R"({"answers":[{"results":[{"rows":[[1,"a",null,true,false,-2,3.5]]}]}]})",
      " [ 1 , 2 ] ",
      "\t\r\n{}\n",
      "[]",
      "{}",
      "[[[]]]",
      R"({"a":{"b":{"c":[{}]}}})",
      "0",
      "-0",
      "1",
      "-1",
      "0.5",
      "-0.0",
      "1e3",
      "1E+3",
      "1e-3",
      "2.5e10",
      "123456789012345678",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "18446744073709551615",
      "18446744073709551616",
      "99999999999999999999999",
      "1e308",
      "1e309",
      "-1e309",
      "1e-400",
      "0.1",
      "3.141592653589793",
      R"("")",
      R"("plain")",
      R"("a\"b\\c\/d\be\ff\ng\rh\ti")",
      R"("\u0000")",
      R"("\u00e9\u4e2d")",
      R"("\uD83D\uDE00")",
      R"("\ud83d\ude00")",
      "\"caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80\"",
      R"({"a":1,"a":2})",
      R"({"a":[1],"a":{"b":2}})",
      R"({"b":1,"a":2,"c":3})",
      "\xEF\xBB\xBF{\"bom\":1}",
      "true",
      "false",
      "null",
      R"({"k":true,"l":false,"m":null})",
      // Malformed, each in its own way.
      "",
      " ",
      "[",
      "]",
      "{",
      "}",
      "[1,]",
      "[,1]",
      "{,}",
      R"({"a":1,})",
      R"({"a"})",
      R"({"a":})",
      R"({a:1})",
      "{'a':1}",
      "[1 2]",
      R"({"a":1 "b":2})",
      "01",
      "-01",
      "-",
      "+1",
      ".5",
      "1.",
      "1.e3",
      "1e",
      "1e+",
      "--1",
      "0x10",
      "NaN",
      "Infinity",
      "-Infinity",
      "tru",
      "truex",
      "nul",
      "nulll",
      "True",
      "[true false]",
      "1 2",
      "{} {}",
      "[]]",
      R"("unterminated)",
      "\"a\nb\"",
      "\"tab\there\"",
      R"("\x")",
      R"("\u12")",
      R"("\u12G4")",
      R"("\uD83D")",
      R"("\uD83Dx")",
      R"("\uD83D\u0041")",
      R"("\uDE00")",
      R"("\uD83D\uD83D")",
      "\"\xC0\xAF\"",
      "\"\xC1\x80\"",
      "\"\xE0\x80\x80\"",
      "\"\xED\xA0\x80\"",
      "\"\xF0\x80\x80\x80\"",
      "\"\xF4\x90\x80\x80\"",
      "\"\xF5\x80\x80\x80\"",
      "\"\xFF\"",
      "\"\x80\"",
      "\"\xC3\"",
      "\"\xE4\xB8\"",
      "\xEF\xBB{}",
      "\xEF{}",
      "/* c */ 1",
      "[1]// c",
      "[1]\x01",
  };
  for (const char* text : kTexts) ExpectAgree(text);
  ExpectAgree(std::string_view("\"a\0b\"", 5));  // a raw NUL: a control character
  ExpectAgree(std::string_view("[1,\0 2]", 7));
}

// nlohmann takes a NUL byte outside a string for the end of the input (for
// C strings), so it accepts "[1]\0anything". Here that is malformed.
TEST(JsonReaderTest, RefusesTextAfterNul) {
  EXPECT_TRUE(Nlohmann(std::string_view("[1]\0x", 5)).has_value());
  EXPECT_FALSE(ReadJson(std::string_view("[1]\0x", 5)).has_value());
  EXPECT_FALSE(ReadJson(std::string_view("[1]\0", 4)).has_value());
  EXPECT_FALSE(ReadJson(std::string_view("\0", 1)).has_value());
}

TEST(JsonReaderTest, TypesNumbersAsNlohmannDoes) {
  EXPECT_TRUE(ReadJson("42")->is_number_unsigned());
  EXPECT_TRUE(ReadJson("-42")->is_number_integer());
  EXPECT_FALSE(ReadJson("-42")->is_number_unsigned());
  EXPECT_TRUE(ReadJson("4.2")->is_number_float());
  EXPECT_TRUE(ReadJson("18446744073709551616")->is_number_float());
  EXPECT_EQ(ReadJson("-9223372036854775808")->get<int64_t>(), INT64_MIN);
  EXPECT_FALSE(ReadJson("1e309").has_value());
}

TEST(JsonReaderTest, ReadsAnyDepthWithoutRecursion) {
  constexpr int kDepth = 200000;
  std::string text = std::string(kDepth, '[') + std::string(kDepth, ']');
  std::optional<Json> v = ReadJson(text);
  ASSERT_TRUE(v.has_value());
  const Json* inner = &*v;
  for (int i = 1; i < kDepth; ++i) inner = &(*inner)[0];
  EXPECT_TRUE(inner->is_array() && inner->empty());
  text.pop_back();
  EXPECT_FALSE(ReadJson(text).has_value());
}

// Documents with one byte changed, removed or doubled: most become
// malformed somewhere in the middle of a token, which is where two parsers
// part ways if they do.
TEST(JsonReaderTest, AgreesOnMutatedDocuments) {
  const std::string seeds[] = {
      R"({"database":"db","sql":"SELECT ?","params":[1,-2,3.5e-7,"x\u00e9\"",null,true]})",
      R"({"answers":[{"results":[{"rows":[[18446744073709551615,-9223372036854775808]]}]},{"error":{"message":"caf\u00e9 \ud83d\ude00","transport":false}}]})",
      "[\"\xE4\xB8\xAD\xF0\x9F\x98\x80\",{\"\":[]},0.0,-0,1E5]",
  };
  const std::string alphabet = "{}[]\",:\\/ 0123456789.eE+-tfnrulasbu\xC3\xA9\xED\xA0\xF0\x9F\x80";
  std::mt19937 random(20261124);
  int mutations = 0;
  for (const std::string& seed : seeds) {
    ExpectAgree(seed);
    for (int i = 0; i < 4000; ++i) {
      std::string text = seed;
      const int edits = 1 + static_cast<int>(random() % 3);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        const size_t at = random() % text.size();
        switch (random() % 3) {
          case 0:
            text[at] = alphabet[random() % alphabet.size()];
            break;
          case 1:
            text.erase(at, 1);
            break;
          default:
            text.insert(at, 1, text[at]);
            break;
        }
      }
      ExpectAgree(text);
      ++mutations;
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_EQ(mutations, 12000);
}

}  // namespace
}  // namespace edgesql
