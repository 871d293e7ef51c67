// SqliteErrors: the single place where a SQLite error message, as a shard
// reports it, becomes the MySQL error a MySQL server would have given.
//
// SQLite's messages are stable text ("UNIQUE constraint failed: t.c"), so
// they are matched by prefix. Anything unrecognised becomes ER_UNKNOWN_ERROR
// without the SQLite text: the raw message never reaches the user (the shim
// logs it for operators).
#ifndef EDGESQL_GATEWAY_SQLITE_ERRORS_H_
#define EDGESQL_GATEWAY_SQLITE_ERRORS_H_

#include <string_view>

#include "common/error.h"
#include "sql/statement_info.h"

namespace edgesql::gateway {

// `message` is the shard's error text; `kind` the MySQL statement that ran;
// `database` the current database (MySQL names it in some messages);
// `changes_referenced_key`: the statement rewrote a key other tables'
// foreign keys reference, so a failing foreign key is the parent's (1451).
Error MapSqliteError(std::string_view message, sql::StatementKind kind, std::string_view database,
                     bool changes_referenced_key = false);

}  // namespace edgesql::gateway

#endif  // EDGESQL_GATEWAY_SQLITE_ERRORS_H_
