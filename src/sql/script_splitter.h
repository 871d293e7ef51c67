// ScriptSplitter: cuts a MySQL script (a schema file, a mysqldump) into the
// statements the mysql command-line client would send, one at a time.
//
// Follows the client's add_line() (client/mysql.cc) rather than the server's
// grammar, because that is what dumps are written for:
//   - `DELIMITER xx` (keyword case-insensitive) where a statement would start
//     changes the delimiter to any string without a backslash (`;;`, `$$`,
//     `//`); the rest of that line belongs to the command. So the inner `;` of
//     a CREATE TRIGGER/PROCEDURE body under a custom delimiter is no split.
//   - The delimiter splits nowhere inside '...', "..." (backslash escapes,
//     doubled quotes), `...`, #/-- line comments, /* */ comments or /*+ */
//     hints. Inside /*! ... */ version comments it does split, as in the
//     client, because their body is SQL.
//   - Comments inside a statement stay in its text (the gateway decides what
//     /*! */ and /*+ */ mean); comments and whitespace before a statement's
//     first character belong to no statement and are dropped, and so are
//     statements with nothing else in them (`;;` under delimiter `;`).
//   - CRLF line endings, a leading UTF-8 byte-order mark, a last statement
//     without a delimiter, and unterminated strings or comments (sent as they
//     are, for the server to reject) are handled.
// The client's backslash commands (\G, \g, \c, ...) are not interpreted, and
// `USE db` is an ordinary statement for the gateway to answer.
//
// One pass over the text, nothing copied: every statement is a view into the
// script, which must outlive the result. Never reads outside the input.
#ifndef EDGESQL_SQL_SCRIPT_SPLITTER_H_
#define EDGESQL_SQL_SCRIPT_SPLITTER_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace edgesql::sql {

struct ScriptStatement {
  std::string_view sql;  // without delimiter and surrounding whitespace; never empty
  uint32_t line = 0;     // 1-based line of sql's first character
};

// Splits `script`. Fails (ER_PARSE_ERROR naming the line) only on a
// DELIMITER command without an argument or with a backslash in it, which the
// mysql client refuses too.
Result<std::vector<ScriptStatement>> SplitScript(std::string_view script);

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_SCRIPT_SPLITTER_H_
