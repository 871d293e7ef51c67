// SQLite spelling helpers: how names and values are written in the SQL the
// transpiler emits. Every identifier is double-quoted and every string is a
// single-quoted SQLite literal, so no user text is ever read as SQL.
#ifndef EDGESQL_TRANSPILE_SQLITE_TEXT_H_
#define EDGESQL_TRANSPILE_SQLITE_TEXT_H_

#include <string>
#include <string_view>

namespace edgesql::transpile {

// "name" with embedded double quotes doubled.
std::string QuoteIdentifier(std::string_view name);
// The same, appended to `out` (no string of its own).
void AppendQuotedIdentifier(std::string& out, std::string_view name);

// A column reference SQLite can only read as a name: backticks, unlike
// double quotes, never fall back to a string literal when no column matches
// (SQLite's "DQS" quirk), so a misspelt column is an error, as in MySQL.
std::string QuoteName(std::string_view name);
// `table`.`column`, sized once.
std::string QualifiedName(std::string_view table, std::string_view column);

// 'value' with embedded single quotes doubled. SQLite string literals cannot
// hold a NUL byte, so a value containing one is written as
// CAST(X'...' AS TEXT), which yields exactly the same bytes.
std::string QuoteString(std::string_view value);

// The SQLite name of MySQL index `index` on table `table`. MySQL scopes index
// names to their table, SQLite to the whole database; '/' cannot occur in a
// MySQL table name, so "table/index" never collides.
std::string IndexName(std::string_view table, std::string_view index);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_SQLITE_TEXT_H_
