// TokenRewriter: writes a run of MySQL tokens as SQLite text.
//
// This is the expression-level half of the transpiler: identifiers become
// double-quoted names, strings are decoded with MySQL's escape rules and
// re-encoded as SQLite literals, `?` becomes a numbered `?N` (so clauses may
// be reordered without rebinding), and the operators and functions whose
// meaning differs are rewritten:
//   <=>  -> IS            ||, && -> OR, AND (MySQL's default sql_mode)
//   !    -> NOT           LIMIT a, b -> LIMIT b OFFSET a
//   NOW(), CURRENT_TIMESTAMP(), UTC_TIMESTAMP(), SYSDATE() -> CURRENT_TIMESTAMP
//   NOW(n) -> a fractional-second strftime      CURDATE() -> CURRENT_DATE
//   0x1F -> X'1F'         b'101' -> 5           'a' 'b' -> 'ab'
//   @@version, @@session.sql_mode, ... -> their values (common/server_info.h)
//   DATABASE(), SCHEMA(), VERSION()    -> literals
//   CONCAT(a, b)  -> ((a) || (b))      (NULL if any argument is NULL, as MySQL;
//                                        SQLite's concat() skips NULLs)
//   GROUP_CONCAT(a, b ORDER BY c SEPARATOR s) -> group_concat((a) || (b), s ORDER BY c)
// Constructs whose meaning SQLite cannot reproduce token by token (user
// variables, :=, ^, DIV, XOR) are ER_NOT_SUPPORTED_YET.
#ifndef EDGESQL_TRANSPILE_TOKEN_REWRITER_H_
#define EDGESQL_TRANSPILE_TOKEN_REWRITER_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/token.h"

namespace edgesql::transpile {

class TokenRewriter {
 public:
  // `source` and `tokens` must outlive the rewriter.
  TokenRewriter(std::string_view source, const std::vector<sql::Token>& tokens)
      : source_(source), tokens_(tokens) {}

  // Appends tokens [first, last) to `out`. Placeholders are numbered
  // continuing from previous calls (the first ? written is ?1).
  Status Write(size_t first, size_t last, std::string& out);

  // Appends one piece of SQLite text, separated from what precedes it by a
  // space when the two would otherwise run together.
  static void Append(std::string& out, std::string_view piece);

  int placeholders_written() const { return next_param_ - 1; }

  // The current database, for DATABASE() / SCHEMA(); "" means none (NULL).
  void set_database(std::string_view database) { database_ = database; }
  // Tables (lower-cased) the statement names as `<database>.<table>` with the
  // current database: the qualifier is dropped, since a shard holds exactly
  // one database.
  void set_qualified_tables(std::set<std::string> tables) { qualified_tables_ = std::move(tables); }
  // The session's user variables (name -> SQL literal); may be null.
  void set_user_variables(const std::map<std::string, std::string>* variables) {
    user_variables_ = variables;
  }

  // information_schema views the written text refers to (upper case); the
  // caller defines them (information_schema.h).
  const std::set<std::string>& information_schema_views() const { return information_schema_; }

 private:
  // Writes the token at `i` (and any it consumes), advancing `i` past them.
  Status WriteToken(size_t& i, size_t last, std::string& out);
  Status WriteIdentifier(size_t& i, size_t last, std::string& out);
  Status WriteLimit(size_t& i, size_t last, std::string& out);
  // For FUNC( [digits] ): returns the digits' value (0 when absent) and moves
  // `i` past the ')'; returns -1 and leaves `i` when the shape differs.
  int ConsumeEmptyOrPrecisionCall(size_t& i, size_t last) const;
  bool IsOp(size_t i, std::string_view op) const;
  // Writes `literal` for the tokens [start, end) (a variable or a call); when
  // they form a whole item of the top-level select list, names the column
  // after the original text, as MySQL does ("@@version", "DATABASE()").
  void WriteConstant(size_t start, size_t end, size_t last, const std::string& literal,
                     std::string& out) const;
  // CONCAT(...) and GROUP_CONCAT(...) at `i` (the name; `close` indexes its
  // ')'): MySQL's semantics in SQLite's terms.
  Status WriteConcat(size_t& i, size_t close, size_t last, std::string& out);
  Status WriteGroupConcat(size_t& i, size_t close, size_t last, std::string& out);
  // A mapped MySQL function (function_map.h) at `i`.
  Status WriteMappedCall(size_t& i, size_t close, size_t last, std::string& out);
  // Writes the arguments of the call whose '(' is at `open` and ')' at
  // `close`, each on its own; an empty list for f().
  Status WriteArguments(size_t open, size_t close, std::vector<std::string>& args);
  // Index of the ')' matching the '(' at `open`, or `last` if none.
  size_t MatchingParen(size_t open, size_t last) const;
  // information_schema.<view> at `i`: writes the view's CTE name.
  bool WriteInformationSchema(size_t& i, size_t last, std::string& out);

  std::string_view source_;
  const std::vector<sql::Token>& tokens_;
  int next_param_ = 1;
  std::string_view database_;
  const std::map<std::string, std::string>* user_variables_ = nullptr;
  int depth_ = 0;             // parentheses open in what was written
  bool select_list_ = false;  // inside the top-level SELECT's item list
  std::set<std::string> information_schema_;
  std::set<std::string> qualified_tables_;
  // `<database> .` at `i` qualifying a known table: skipped.
  bool SkipDatabaseQualifier(size_t& i, size_t last);
};

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_TOKEN_REWRITER_H_
