// ScriptSplitter: scripts cut as the mysql command-line client cuts them,
// then the JSON the tools receive, then adversarial bytes.
#include "sql/script_splitter.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "gateway/gateway.h"

namespace edgesql::sql {
namespace {

struct Piece {
  std::string sql;
  uint32_t line;
  bool operator==(const Piece& o) const { return sql == o.sql && line == o.line; }
};

std::ostream& operator<<(std::ostream& os, const Piece& p) {
  return os << "{line " << p.line << ": \"" << p.sql << "\"}";
}

std::vector<Piece> Split(std::string_view script) {
  Result<std::vector<ScriptStatement>> r = SplitScript(script);
  EXPECT_TRUE(r.ok()) << script << ": " << (r.ok() ? "" : r.error().message());
  std::vector<Piece> out;
  if (!r.ok()) return out;
  for (const ScriptStatement& s : r.value()) out.push_back({std::string(s.sql), s.line});
  return out;
}

std::vector<std::string> Texts(std::string_view script) {
  std::vector<std::string> out;
  for (const Piece& p : Split(script)) out.push_back(p.sql);
  return out;
}

using Strings = std::vector<std::string>;

TEST(ScriptSplitterTest, SplitsOnSemicolonsAndKeepsTheLastStatementWithoutOne) {
  EXPECT_EQ(Split("SELECT 1; SELECT 2;\nSELECT 3"),
            (std::vector<Piece>{{"SELECT 1", 1}, {"SELECT 2", 1}, {"SELECT 3", 2}}));
}

TEST(ScriptSplitterTest, SkipsEmptyStatementsAndBlankScripts) {
  EXPECT_EQ(Texts(";;  ;\n SELECT 1;;\n;"), (Strings{"SELECT 1"}));
  EXPECT_TRUE(Texts("").empty());
  EXPECT_TRUE(Texts(" \n\t\r\n").empty());
  EXPECT_TRUE(Texts("-- only a comment\n/* and another */ # and one more").empty());
}

TEST(ScriptSplitterTest, MultiLineStatementsCarryTheLineOfTheirFirstCharacter) {
  EXPECT_EQ(Split("\n\nCREATE TABLE t (\n  a INT,\n  b INT\n);\n\nINSERT INTO t\nVALUES (1, 2);\n"),
            (std::vector<Piece>{{"CREATE TABLE t (\n  a INT,\n  b INT\n)", 3},
                                {"INSERT INTO t\nVALUES (1, 2)", 8}}));
}

TEST(ScriptSplitterTest, SemicolonsInsideStringsAndIdentifiersDoNotSplit) {
  EXPECT_EQ(Texts("INSERT INTO `a;b` VALUES ('x;y', \"p;q\", 'it''s;', 'back\\';slash');SELECT 2"),
            (Strings{"INSERT INTO `a;b` VALUES ('x;y', \"p;q\", 'it''s;', 'back\\';slash')",
                     "SELECT 2"}));
  // A backslash does not escape inside backticks; doubled backticks do.
  EXPECT_EQ(Texts("SELECT `a\\`; SELECT `x``;y`;"), (Strings{"SELECT `a\\`", "SELECT `x``;y`"}));
  // Escaped backslash before the closing quote.
  EXPECT_EQ(Texts("SELECT 'a\\\\'; SELECT 2"), (Strings{"SELECT 'a\\\\'", "SELECT 2"}));
}

TEST(ScriptSplitterTest, DelimiterInsideAStringIsText) {
  std::string script = "INSERT INTO t VALUES ('one\nDELIMITER $$\ntwo;');\nSELECT 1;";
  EXPECT_EQ(Split(script),
            (std::vector<Piece>{{"INSERT INTO t VALUES ('one\nDELIMITER $$\ntwo;')", 1},
                                {"SELECT 1", 4}}));
}

TEST(ScriptSplitterTest, CommentsInsideAStatementAreKeptAndDoNotSplit) {
  EXPECT_EQ(Texts("SELECT 1 -- ; not a split\n, 2; # ; nor this\nSELECT /* ; */ 3;"),
            (Strings{"SELECT 1 -- ; not a split\n, 2", "SELECT /* ; */ 3"}));
  // A comment between statements belongs to none; the line is the SQL's.
  EXPECT_EQ(Split("SELECT 1; -- trailing note\n-- header\n/* block\n */ SELECT 2;"),
            (std::vector<Piece>{{"SELECT 1", 1}, {"SELECT 2", 4}}));
  // "--" needs a blank after it: "1--1" is 1 - -1.
  EXPECT_EQ(Texts("SELECT 1--1;SELECT 2"), (Strings{"SELECT 1--1", "SELECT 2"}));
  EXPECT_EQ(Texts("SELECT 1 --\tx;\n;SELECT 2"), (Strings{"SELECT 1 --\tx;", "SELECT 2"}));
  // Optimizer hints are opaque, as in the client.
  EXPECT_EQ(Texts("SELECT /*+ BKA(t;u) */ 1;"), (Strings{"SELECT /*+ BKA(t;u) */ 1"}));
}

TEST(ScriptSplitterTest, VersionCommentsAreSqlAndKeptForTheGateway) {
  EXPECT_EQ(Texts("/*!40101 SET NAMES utf8 */;\n/*!40014 SET @x=1 */ ;"),
            (Strings{"/*!40101 SET NAMES utf8 */", "/*!40014 SET @x=1 */"}));
  // Their body is SQL: strings count, and (as in the client) the delimiter
  // splits even there.
  EXPECT_EQ(Texts("/*!50003 SELECT ';' */;"), (Strings{"/*!50003 SELECT ';' */"}));
  EXPECT_EQ(Texts("/*!50003 SELECT 1; SELECT 2 */;"),
            (Strings{"/*!50003 SELECT 1", "SELECT 2 */"}));
  // A plain comment inside one ends at its own "*/".
  EXPECT_EQ(Texts("/*!50001 CREATE /* x; */ VIEW v */;"),
            (Strings{"/*!50001 CREATE /* x; */ VIEW v */"}));
}

TEST(ScriptSplitterTest, DelimiterDollarsWithTriggerBodies) {
  std::string script =
      "CREATE TABLE t (a INT, b TEXT);\n"
      "DELIMITER $$\n"
      "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\n"
      "BEGIN\n"
      "  SET NEW.a = 1;\n"
      "  SET NEW.b = 'x;y$$z';\n"
      "END$$\n"
      "CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW SET NEW.a = 2$$\n"
      "delimiter ;\n"
      "SELECT 1;\n";
  EXPECT_EQ(Split(script),
            (std::vector<Piece>{
                {"CREATE TABLE t (a INT, b TEXT)", 1},
                {"CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW\nBEGIN\n  SET NEW.a = 1;\n"
                 "  SET NEW.b = 'x;y$$z';\nEND",
                 3},
                {"CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW SET NEW.a = 2", 8},
                {"SELECT 1", 10}}));
}

TEST(ScriptSplitterTest, AnyDelimiterAndAnyCaseOfTheKeyword) {
  EXPECT_EQ(Texts("DELIMITER //\nSELECT 1; SELECT 2//\nDeLiMiTeR ;\nSELECT 3;"),
            (Strings{"SELECT 1; SELECT 2", "SELECT 3"}));
  EXPECT_EQ(Texts("DELIMITER ;;\nSELECT 1;;SELECT 2;;\nDELIMITER ;\n"),
            (Strings{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(Texts("DELIMITER GO\nSELECT 1\nGO\n"), (Strings{"SELECT 1"}));
  // Quoted argument; the rest of the line is ignored.
  EXPECT_EQ(Texts("DELIMITER '$$' anything\nSELECT 1$$\n"), (Strings{"SELECT 1"}));
  // After a comment line or after a statement on the same line.
  EXPECT_EQ(Texts("-- next\n  DELIMITER $$\nSELECT 1;$$ DELIMITER ;\nSELECT 2;"),
            (Strings{"SELECT 1;", "SELECT 2"}));
  // "//" as delimiter is found before a comment would be.
  EXPECT_EQ(Texts("DELIMITER //\nSELECT 1 //\n/* c */ SELECT 2//"),
            (Strings{"SELECT 1", "SELECT 2"}));
}

TEST(ScriptSplitterTest, DelimiterOnlyWhereAStatementWouldStart) {
  // Inside a pending statement the word is just text (sent to the server).
  EXPECT_EQ(Texts("SELECT 1\nDELIMITER $$\n;SELECT 2"),
            (Strings{"SELECT 1\nDELIMITER $$", "SELECT 2"}));
  // A name that merely starts with the word is not the command.
  EXPECT_EQ(Texts("delimiters;"), (Strings{"delimiters"}));
}

TEST(ScriptSplitterTest, BadDelimiterCommandsFailWithTheirLine) {
  for (std::string_view script : {"SELECT 1;\nDELIMITER\nSELECT 2;", "SELECT 1;\nDELIMITER   \r\n",
                                  "SELECT 1;\nDELIMITER \\$\n"}) {
    Result<std::vector<ScriptStatement>> r = SplitScript(script);
    ASSERT_FALSE(r.ok()) << script;
    EXPECT_EQ(r.error().code(), ErrorCode::kParse);
    EXPECT_NE(r.error().message().find("DELIMITER"), std::string::npos);
    EXPECT_NE(r.error().message().find("at line 2"), std::string::npos) << r.error().message();
  }
}

TEST(ScriptSplitterTest, CrlfLineEndings) {
  EXPECT_EQ(Split("SELECT 1;\r\nSELECT\r\n  2;\r\nDELIMITER $$\r\nSELECT 3;$$\r\n"),
            (std::vector<Piece>{{"SELECT 1", 1}, {"SELECT\r\n  2", 2}, {"SELECT 3;", 5}}));
  EXPECT_EQ(Split("-- c\r\nSELECT 1 -- d\r\n;\r\n"), (std::vector<Piece>{{"SELECT 1 -- d", 2}}));
}

TEST(ScriptSplitterTest, SkipsALeadingByteOrderMark) {
  EXPECT_EQ(Split("\xEF\xBB\xBFSELECT 1;\nSELECT 2;"),
            (std::vector<Piece>{{"SELECT 1", 1}, {"SELECT 2", 2}}));
}

TEST(ScriptSplitterTest, LineNumbersCountNewlinesInsideStringsAndComments) {
  EXPECT_EQ(Split("SELECT 'a\nb\nc';\n/* x\ny */\nSELECT `q\n`; # z\nSELECT 3"),
            (std::vector<Piece>{{"SELECT 'a\nb\nc'", 1}, {"SELECT `q\n`", 6}, {"SELECT 3", 8}}));
}

TEST(ScriptSplitterTest, UnterminatedStringsAndCommentsRunToTheEnd) {
  EXPECT_EQ(Texts("SELECT 1; SELECT 'abc; SELECT 2;\n"),
            (Strings{"SELECT 1", "SELECT 'abc; SELECT 2;"}));
  EXPECT_EQ(Texts("SELECT 1 /* never closed; SELECT 2;"),
            (Strings{"SELECT 1 /* never closed; SELECT 2;"}));
  EXPECT_TRUE(Texts("/* never closed; SELECT 2;").empty());
}

TEST(ScriptSplitterTest, UseAndSetPassThroughAsStatements) {
  EXPECT_EQ(Texts("USE sakila;\nSET NAMES utf8mb4;\n"),
            (Strings{"USE sakila", "SET NAMES utf8mb4"}));
}

// The head of sakila-schema.sql (BSD, /work/shared/datasets/sakila), with its
// first DELIMITER ;; block of triggers.
TEST(ScriptSplitterTest, SakilaSchemaHead) {
  std::string script =
      "\n-- Sakila Sample Database Schema\n-- Version 0.8\n\n"
      "-- Copyright (c) 2006, MySQL AB\n\n\n"
      "SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0;\n"                 // 8
      "SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0;\n"  // 9
      "SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='TRADITIONAL';\n\n"                  // 10
      "DROP SCHEMA IF EXISTS sakila;\nCREATE SCHEMA sakila;\nUSE sakila;\n\n"      // 12-14
      "--\n-- Table structure for table `actor`\n--\n\n"                           // 16-19
      "CREATE TABLE actor (\n"                                                     // 20
      "  actor_id INT UNSIGNED NOT NULL AUTO_INCREMENT,\n"
      "  first_name VARCHAR(45) NOT NULL,\n"
      "  last_name VARCHAR(45) NOT NULL,\n"
      "  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,\n"
      "  PRIMARY KEY  (actor_id),\n"
      "  KEY idx_actor_last_name (last_name)\n"
      ")ENGINE=InnoDB DEFAULT CHARSET=utf8;\n\n"                               // 27
      "--\n-- Triggers for loading film_text from film\n--\n\n"                // 29-32
      "DELIMITER ;;\n"                                                         // 33
      "CREATE TRIGGER `ins_film` AFTER INSERT ON `film` FOR EACH ROW BEGIN\n"  // 34
      "    INSERT INTO film_text (film_id, title, description)\n"
      "        VALUES (new.film_id, new.title, new.description);\n"
      "  END;;\n\n\n"                                                          // 37
      "CREATE TRIGGER `del_film` AFTER DELETE ON `film` FOR EACH ROW BEGIN\n"  // 40
      "    DELETE FROM film_text WHERE film_id = old.film_id;\n"
      "  END;;\n\n"
      "DELIMITER ;\n\n"                 // 44
      "SET SQL_MODE=@OLD_SQL_MODE;\n";  // 46
  std::vector<Piece> pieces = Split(script);
  ASSERT_EQ(pieces.size(), 10u);
  EXPECT_EQ(pieces[0], (Piece{"SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0", 8}));
  EXPECT_EQ(pieces[3], (Piece{"DROP SCHEMA IF EXISTS sakila", 12}));
  EXPECT_EQ(pieces[5], (Piece{"USE sakila", 14}));
  EXPECT_EQ(pieces[6].line, 20u);
  EXPECT_EQ(pieces[6].sql.substr(0, 20), "CREATE TABLE actor (");
  EXPECT_TRUE(pieces[6].sql.ends_with(")ENGINE=InnoDB DEFAULT CHARSET=utf8")) << pieces[6].sql;
  EXPECT_EQ(pieces[7],
            (Piece{"CREATE TRIGGER `ins_film` AFTER INSERT ON `film` FOR EACH ROW BEGIN\n"
                   "    INSERT INTO film_text (film_id, title, description)\n"
                   "        VALUES (new.film_id, new.title, new.description);\n  END",
                   34}));
  EXPECT_EQ(pieces[8].line, 40u);
  EXPECT_EQ(pieces[9], (Piece{"SET SQL_MODE=@OLD_SQL_MODE", 46}));
}

TEST(ScriptSplitterTest, LongMultiRowInsertIsOneStatementInLinearTime) {
  // sakila-data.sql has INSERTs of tens of thousands of rows; 5 MB here.
  std::string script = "INSERT INTO t (a, b) VALUES\n";
  constexpr int kRows = 200000;
  for (int i = 0; i < kRows; ++i) {
    script += "(" + std::to_string(i) + ", 'row;" + std::to_string(i) + "')";
    script += i + 1 < kRows ? ",\n" : ";\n";
  }
  script += "SELECT 1;";
  std::vector<Piece> pieces = Split(script);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0].line, 1u);
  EXPECT_EQ(pieces[1], (Piece{"SELECT 1", kRows + 2}));
}

TEST(ScriptSplitterTest, JsonForTools) {
  gateway::Output out = gateway::SplitScriptToJson("SELECT 'a\"b\\n';\n\nSELECT 2");
  EXPECT_EQ(out.status, 200);
  EXPECT_EQ(out.body, R"([{"sql":"SELECT 'a\"b\\n'","line":1},{"sql":"SELECT 2","line":3}])");
  EXPECT_EQ(gateway::SplitScriptToJson(" -- nothing\n").body, "[]");
  gateway::Output bad = gateway::SplitScriptToJson("DELIMITER\n");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("\"errno\":1064"), std::string::npos) << bad.body;
}

// Random scripts over the characters that matter: no crash, and every
// statement is a non-empty, trimmed view inside the script.
TEST(ScriptSplitterTest, RandomScriptsNeverBreakTheContract) {
  static constexpr std::string_view kAlphabet = "'\"`;$/*!+-#\n\r\\ \tdelimiterDELIMITER x1";
  std::mt19937 rng(20240601);
  for (int round = 0; round < 20000; ++round) {
    std::string script(rng() % 64, ' ');
    for (char& c : script) c = kAlphabet[rng() % kAlphabet.size()];
    if (round % 7 == 0) script = "DELIMITER $$\n" + script;
    Result<std::vector<ScriptStatement>> r = SplitScript(script);
    if (!r.ok()) {
      EXPECT_EQ(r.error().code(), ErrorCode::kParse);
      continue;
    }
    uint32_t last_line = 0;
    for (const ScriptStatement& s : r.value()) {
      ASSERT_FALSE(s.sql.empty()) << script;
      ASSERT_GE(s.sql.data(), script.data());
      ASSERT_LE(s.sql.data() + s.sql.size(), script.data() + script.size());
      EXPECT_NE(s.sql.front(), ' ');
      EXPECT_NE(s.sql.back(), '\n');
      EXPECT_GE(s.line, last_line);
      last_line = s.line;
    }
  }
}

}  // namespace
}  // namespace edgesql::sql
