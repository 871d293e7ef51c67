// Lexer: MySQL's lexical rules one case at a time, then adversarial bytes.
#include "sql/lexer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace edgesql::sql {
namespace {

struct Lexed {
  TokenKind kind;
  std::string text;
};

std::vector<Lexed> LexOk(std::string_view sql) {
  Result<std::vector<Token>> r = Lex(sql);
  EXPECT_TRUE(r.ok()) << sql << ": " << (r.ok() ? "" : r.error().message());
  std::vector<Lexed> out;
  if (!r.ok()) return out;
  EXPECT_FALSE(r.value().empty());
  EXPECT_EQ(r.value().back().kind, TokenKind::kEnd);
  for (const Token& t : r.value()) {
    if (t.kind != TokenKind::kEnd) out.push_back({t.kind, std::string(t.text(sql))});
  }
  return out;
}

// The single token `sql` lexes to.
Lexed One(std::string_view sql) {
  std::vector<Lexed> t = LexOk(sql);
  EXPECT_EQ(t.size(), 1u) << sql;
  return t.empty() ? Lexed{TokenKind::kEnd, ""} : t[0];
}

int64_t ErrorOffset(std::string_view sql) {
  Result<std::vector<Token>> r = Lex(sql);
  EXPECT_FALSE(r.ok()) << sql;
  if (r.ok()) return -2;
  EXPECT_EQ(r.error().code(), ErrorCode::kParse) << sql;
  return r.error().offset();
}

TEST(LexerTest, EmptyInputIsJustEnd) {
  Result<std::vector<Token>> r = Lex("");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().size(), 1u);
  EXPECT_EQ(r.value()[0].kind, TokenKind::kEnd);
}

TEST(LexerTest, KeywordsAndIdentifiers) {
  Result<std::vector<Token>> r = Lex("select From x");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value()[0].Is(Keyword::kSelect));
  EXPECT_TRUE(r.value()[1].Is(Keyword::kFrom));
  EXPECT_EQ(r.value()[2].keyword, Keyword::kNone);
  EXPECT_EQ(r.value()[2].kind, TokenKind::kIdentifier);
}

TEST(LexerTest, BacktickIdentifiers) {
  const char* sql = "`we``ird name`";
  Lexed t = One(sql);
  EXPECT_EQ(t.kind, TokenKind::kQuotedIdentifier);
  Result<std::vector<Token>> r = Lex(sql);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(DecodeIdentifier(r.value()[0], sql), "we`ird name");
  EXPECT_EQ(DecodeIdentifier(r.value()[0], sql).size(), 11u);
  EXPECT_EQ(ErrorOffset("SELECT ``"), 7);
}

TEST(LexerTest, StringsAndEscapes) {
  struct Case {
    const char* sql;
    const char* decoded;
  };
  const Case cases[] = {
      {"'plain'", "plain"},   {"'it''s'", "it's"},
      {"'it\\'s'", "it's"},   {"\"say \"\"hi\"\"\"", "say \"hi\""},
      {"\"a\\\"b\"", "a\"b"}, {"'a\\nb\\tc\\\\d'", "a\nb\tc\\d"},
      {"'\\%\\_'", "\\%\\_"}, {"'\\Z'", "\x1a"},
      {"'\\q'", "q"},         {"N'national'", "national"},
      {"n'x'", "x"},          {"''", ""},
  };
  for (const Case& c : cases) {
    Lexed t = One(c.sql);
    EXPECT_EQ(t.kind, TokenKind::kString) << c.sql;
    EXPECT_EQ(DecodeString(t.text), c.decoded) << c.sql;
  }
  EXPECT_EQ(DecodeString("'a\\0b'"), std::string("a\0b", 3));
}

TEST(LexerTest, HexAndBitLiterals) {
  EXPECT_EQ(One("X'0A1f'").kind, TokenKind::kHexLiteral);
  EXPECT_EQ(One("x''").kind, TokenKind::kHexLiteral);
  EXPECT_EQ(One("0x1F").kind, TokenKind::kHexLiteral);
  EXPECT_EQ(One("B'0101'").kind, TokenKind::kBitLiteral);
  EXPECT_EQ(One("0b101").kind, TokenKind::kBitLiteral);
  // Not literals: MySQL reads these as identifiers.
  EXPECT_EQ(One("0x1G").kind, TokenKind::kIdentifier);
  EXPECT_EQ(One("0b12").kind, TokenKind::kIdentifier);
  EXPECT_EQ(ErrorOffset("SELECT X'0G'"), 7);
  EXPECT_EQ(ErrorOffset("SELECT X'ABC'"), 7);  // odd number of digits
  EXPECT_EQ(ErrorOffset("SELECT B'102'"), 7);
}

TEST(LexerTest, Numbers) {
  for (const char* n : {"1", "42", "1.5", ".5", "1.", "1e10", "1E+3", "1.5e-3", ".5e2"}) {
    Lexed t = One(n);
    EXPECT_EQ(t.kind, TokenKind::kNumber) << n;
    EXPECT_EQ(t.text, n);
  }
}

TEST(LexerTest, IdentifiersStartingWithDigits) {
  EXPECT_EQ(One("123abc").kind, TokenKind::kIdentifier);
  EXPECT_EQ(One("1e").kind, TokenKind::kIdentifier);
  EXPECT_EQ(One("1ea").kind, TokenKind::kIdentifier);
  EXPECT_EQ(One("1_000").kind, TokenKind::kIdentifier);
}

TEST(LexerTest, PlaceholdersAndVariables) {
  std::vector<Lexed> t = LexOk("? @v @'q v' @`b` @@sql_mode @@session.time_zone");
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].kind, TokenKind::kPlaceholder);
  EXPECT_EQ(t[1].kind, TokenKind::kUserVariable);
  EXPECT_EQ(t[2].kind, TokenKind::kUserVariable);
  EXPECT_EQ(t[2].text, "@'q v'");
  EXPECT_EQ(t[3].kind, TokenKind::kUserVariable);
  EXPECT_EQ(t[4].kind, TokenKind::kSystemVariable);
  EXPECT_EQ(t[5].kind, TokenKind::kSystemVariable);
  EXPECT_EQ(t[5].text, "@@session.time_zone");
  EXPECT_EQ(ErrorOffset("SELECT @@"), 7);
  EXPECT_EQ(ErrorOffset("SELECT @"), 7);
}

TEST(LexerTest, Operators) {
  std::vector<Lexed> t =
      LexOk("<=> := -> ->> <= >= <> != << >> && || ( ) , ; . = < > + - * / % ! ~ ^ & |");
  const char* expected[] = {"<=>", ":=", "->", "->>", "<=", ">=", "<>", "!=", "<<", ">>",
                            "&&",  "||", "(",  ")",   ",",  ";",  ".",  "=",  "<",  ">",
                            "+",   "-",  "*",  "/",   "%",  "!",  "~",  "^",  "&",  "|"};
  ASSERT_EQ(t.size(), std::size(expected));
  for (size_t i = 0; i < t.size(); ++i) {
    EXPECT_EQ(t[i].kind, TokenKind::kOperator) << i;
    EXPECT_EQ(t[i].text, expected[i]);
  }
  // No spaces needed between operators and operands.
  std::vector<Lexed> u = LexOk("a<=>b");
  ASSERT_EQ(u.size(), 3u);
  EXPECT_EQ(u[1].text, "<=>");
  std::vector<Lexed> j = LexOk("doc->>'$.a'");
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[1].text, "->>");
}

TEST(LexerTest, LineComments) {
  EXPECT_EQ(LexOk("SELECT 1 # comment\n").size(), 2u);
  EXPECT_EQ(LexOk("SELECT 1 -- comment\n, 2").size(), 4u);
  EXPECT_EQ(LexOk("SELECT 1 --\tcomment").size(), 2u);
  EXPECT_EQ(LexOk("SELECT 1 --").size(), 2u);
  // "--" without a following space is two minus signs: 1 - (-1).
  std::vector<Lexed> t = LexOk("1--1");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[1].text, "-");
  EXPECT_EQ(t[2].text, "-");
}

TEST(LexerTest, BlockAndVersionComments) {
  EXPECT_EQ(LexOk("SELECT /* a * / b */ 1").size(), 2u);
  std::vector<Lexed> run = LexOk("SELECT 1 /*!80000 + 2 */");
  ASSERT_EQ(run.size(), 4u);
  EXPECT_EQ(run[2].text, "+");
  EXPECT_EQ(LexOk("SELECT 1 /*! + 2 */").size(), 4u);
  EXPECT_EQ(LexOk("SELECT 1 /*!99999 + 2 */").size(), 2u);
  EXPECT_EQ(LexOk("CREATE TABLE t (a INT) /*!50100 ENGINE=InnoDB */").size(), 10u);
  EXPECT_EQ(ErrorOffset("SELECT 1 /* never closed"), 9);
  EXPECT_EQ(ErrorOffset("SELECT 1 /*!80000 + 2"), 9);
}

TEST(LexerTest, HintCommentsAreKept) {
  std::vector<Lexed> t = LexOk("SELECT /*+ strong shard:a=1 */ 1");
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].kind, TokenKind::kHint);
  EXPECT_EQ(t[1].text, "/*+ strong shard:a=1 */");
  EXPECT_EQ(ErrorOffset("SELECT /*+ strong"), 7);
}

TEST(LexerTest, ErrorsCarryByteOffsets) {
  EXPECT_EQ(ErrorOffset("SELECT 'abc"), 7);
  EXPECT_EQ(ErrorOffset("SELECT \"abc"), 7);
  EXPECT_EQ(ErrorOffset("SELECT 'abc\\'"), 7);
  EXPECT_EQ(ErrorOffset("SELECT `abc"), 7);
  EXPECT_EQ(ErrorOffset("SELECT 1\x01"), 8);
  EXPECT_EQ(ErrorOffset(std::string_view("SELECT \0 1", 10)), 7);
  Result<std::vector<Token>> r = Lex("SELECT 1,\n  'x");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("near ''x' at line 2"), std::string::npos)
      << r.error().message();
}

TEST(LexerTest, ControlBytesInsideStringsAreFine) {
  EXPECT_EQ(One(std::string_view("'a\0\x01"
                                 "b'",
                                 6))
                .kind,
            TokenKind::kString);
}

TEST(LexerTest, TooLargeInputIsRefused) {
  std::string big(kMaxStatementBytes + 1, ' ');
  Result<std::vector<Token>> r = Lex(big);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().errnum(), 1153);
  std::string fits(kMaxStatementBytes, ' ');
  EXPECT_TRUE(Lex(fits).ok());
}

// Tokens must always lie inside the input and the decoders must accept them.
void CheckInvariants(std::string_view sql) {
  Result<std::vector<Token>> r = Lex(sql);
  if (!r.ok()) {
    EXPECT_TRUE(r.error().has_offset());
    EXPECT_LE(r.error().offset(), static_cast<int64_t>(sql.size()));
    return;
  }
  ASSERT_FALSE(r.value().empty());
  EXPECT_EQ(r.value().back().kind, TokenKind::kEnd);
  uint32_t previous_end = 0;
  for (const Token& t : r.value()) {
    ASSERT_LE(static_cast<size_t>(t.offset) + t.length, sql.size());
    EXPECT_GE(t.offset, previous_end);
    previous_end = t.offset + t.length;
    (void)DecodeString(t.text(sql));
    (void)DecodeIdentifier(t, sql);
  }
}

TEST(LexerTest, EverySingleByte) {
  for (int b = 0; b < 256; ++b) {
    std::string s(1, static_cast<char>(b));
    CheckInvariants(s);
    CheckInvariants("SELECT " + s);
    CheckInvariants(s + "x");
  }
}

TEST(LexerTest, LoneQuotesAndBackslashAtEnd) {
  for (const char* s :
       {"'",  "\"",  "`",   "\\",   "'\\", "\"\\", "N'", "X'", "B'", "0x",   "0b",   "@'", "@`",
        "/*", "/*!", "/*+", "/*!8", "--",  "#",    "@@", "@",  ".",  "'a''", "`a``", "*/"}) {
    CheckInvariants(s);
  }
}

TEST(LexerTest, RandomBytesWithFixedSeed) {
  std::mt19937 rng(20240601);
  const std::string alphabet = "'\"`\\/*!+-#@?.()=<>;, \n\t0123456789abcdefxXbBnNeE\x01\x80\xff";
  for (int i = 0; i < 3000; ++i) {
    size_t len = rng() % 40;
    std::string s;
    for (size_t k = 0; k < len; ++k) {
      s += (i % 2 == 0) ? static_cast<char>(rng() & 0xff) : alphabet[rng() % alphabet.size()];
    }
    CheckInvariants(s);
  }
}

}  // namespace
}  // namespace edgesql::sql
