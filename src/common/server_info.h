// ServerInfo: what Edge SQL tells clients about the "server": its version and
// the system variables drivers and ORMs read (@@version, @@sql_mode, ...) or
// set on connect (SET NAMES, SET time_zone, SET autocommit, ...).
//
// Edge SQL runs with one fixed configuration. Reading a variable gives its
// value; setting one is accepted only when it asks for what Edge SQL already
// does (or when it has no effect on results), and refused with 1235 when it
// would change meaning, never silently ignored.
#ifndef EDGESQL_COMMON_SERVER_INFO_H_
#define EDGESQL_COMMON_SERVER_INFO_H_

#include <string>
#include <string_view>

#include "common/error.h"

namespace edgesql {

inline constexpr std::string_view kServerVersionText = "8.0.36-edge-sql-0.1.0";

struct VariableValue {
  bool is_number = false;
  std::string text;  // the value, or the number's digits
};

// `name` without "@@" but possibly with "session." / "local." / "global.".
// Error 1193 (ER_UNKNOWN_SYSTEM_VARIABLE) for names Edge SQL does not know.
Result<VariableValue> ReadSystemVariable(std::string_view name);

// Whether `SET name = value` may be accepted; `value` is the literal's text
// (strings decoded, ON/OFF/DEFAULT as words). `global` for SET GLOBAL.
Status CheckSystemVariableSetting(std::string_view name, std::string_view value, bool global);

}  // namespace edgesql

#endif  // EDGESQL_COMMON_SERVER_INFO_H_
