// StatementInfo: what the analyser learned about one statement, in the shape
// routing and caching consume. Pure data; produced by Analyze() (analyzer.h).
#ifndef EDGESQL_SQL_STATEMENT_INFO_H_
#define EDGESQL_SQL_STATEMENT_INFO_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sql/hints.h"

namespace edgesql::sql {

enum class StatementKind : uint8_t {
  kSelect,
  kInsert,
  kUpdate,
  kDelete,
  kReplace,
  kCreateTable,
  kAlterTable,
  kDropTable,
  kRenameTable,
  kTruncate,
  kCreateIndex,
  kDropIndex,
  kCreateView,
  kDropView,
  kCreateTrigger,
  kDropTrigger,
  kCreateDatabase,
  kDropDatabase,
  kBegin,  // BEGIN, START TRANSACTION
  kCommit,
  kRollback,
  kSet,
  kShow,
  kUse,
  kDescribe,  // DESCRIBE t, DESC t, EXPLAIN t, SHOW COLUMNS is kShow
  kExplain,   // EXPLAIN <statement>
  kOther,
};

// Lower-case name for JSON and messages: "select", "create_table", ...
std::string_view StatementKindName(StatementKind kind);

// DDL changes the schema; routing fans it out and the catalog records it.
bool IsDdl(StatementKind kind);

struct TableName {
  std::string database;  // empty when unqualified
  std::string name;
  bool operator==(const TableName&) const = default;
};

// One value on the right of an equality, an IN list or in INSERT VALUES.
struct Value {
  enum class Kind : uint8_t {
    kString,  // text holds the decoded string
    kNumber,  // text holds the literal as written ("42", "-1.5")
    kNull,
    kBool,        // text is "1" or "0"
    kParam,       // param_index is the 0-based position of the ?
    kExpression,  // anything else (a function call, a column, arithmetic)
  };
  Kind kind = Kind::kExpression;
  std::string text;
  int param_index = -1;
  bool operator==(const Value&) const = default;
};

// `column = value` or `column IN (v1, v2, ...)` that holds for every row the
// statement touches: only conjuncts of the outermost WHERE (joined by AND, no
// OR/XOR/NOT above them) are reported, so routing may rely on them.
struct Equality {
  std::string table;  // qualifier as written ("u" in u.id = 1), else empty
  std::string column;
  std::vector<Value> values;  // one for '=', several for IN
  bool is_in = false;
};

// `alias` names `table` somewhere in the statement (FROM orders o).
struct TableAlias {
  std::string alias;
  TableName table;
};

struct StatementInfo {
  StatementKind kind = StatementKind::kOther;
  bool read_only = false;                 // changes neither data nor schema
  uint32_t begin = 0;                     // byte range of the statement in the
  uint32_t end = 0;                       //   source, without the ';'
  std::vector<TableName> tables_read;     // in order of appearance, unique
  std::vector<TableName> tables_written;  // in order of appearance, unique
  std::vector<Equality> equalities;
  // Aliases of the tables above, so routing can tell which table o.x means;
  // an alias given to two different tables (in different subqueries) is
  // left out, being ambiguous.
  std::vector<TableAlias> aliases;
  // INSERT / REPLACE: the column list (empty when none was written) and the
  // rows of a VALUES clause, each aligned with the column list.
  std::vector<std::string> insert_columns;
  std::vector<std::vector<Value>> insert_rows;
  // Source offsets [begin, end) of each VALUES row's parenthesised text, in
  // order (empty for INSERT ... SET): what a split INSERT is rebuilt from.
  std::vector<std::pair<uint32_t, uint32_t>> insert_row_spans;
  int first_param = 0;  // index of this statement's first ?
  int param_count = 0;  // number of ? in this statement
  Hints hints;
};

struct Analysis {
  std::vector<StatementInfo> statements;  // one per ';'-separated statement
  std::vector<Warning> warnings;          // from hints, in order
  int param_count = 0;                    // over all statements
};

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_STATEMENT_INFO_H_
