// FunctionCall: one MySQL function call handed to a translation module
// (datetime_functions.h, json_functions.h, string_functions.h), with every
// argument already written as SQLite text by the generator.
//
// Modules return the SQLite expression that gives MySQL's result, or an
// error: ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT (1582) for a wrong argument count,
// ER_NOT_SUPPORTED_YET (1235) for a form they cannot express (for example a
// DATE_FORMAT whose format is not a literal). Argument texts may be used more
// than once in the output (placeholders are numbered ?N, so a repeated
// placeholder binds the same value); wrap each use in parentheses.
#ifndef EDGESQL_TRANSPILE_FUNCTION_CALL_H_
#define EDGESQL_TRANSPILE_FUNCTION_CALL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/ast.h"

namespace edgesql::transpile {

struct FunctionCall {
  // The MySQL node: name, form, unit (TIMESTAMPDIFF), trim side, ...
  const sql::ast::Function* node = nullptr;
  std::string name;               // upper-case
  std::vector<std::string> args;  // SQLite text of node->args[i]; an INTERVAL
                                  // argument is written as its value only
  // SQLite's time value for "the statement's start" (NOW(), CURDATE(), ...):
  // its clock, or a fixed time where the statement may run again and must
  // see the same time (a transaction's statements, gateway/transactions.md).
  std::string_view now = "'now'";
};

// The decoded value of a string literal argument ('%Y-%m-%d'), or nullopt
// when argument `i` is not a string literal (a column, a `?`, ...).
inline std::optional<std::string_view> StringLiteralArg(const FunctionCall& call, size_t i) {
  if (call.node == nullptr || i >= call.node->args.size) return std::nullopt;
  const auto* literal = sql::ast::As<sql::ast::Literal>(call.node->args[i]);
  if (literal == nullptr || literal->literal != sql::ast::LiteralKind::kString) return std::nullopt;
  return literal->text;
}

// The INTERVAL node of argument `i` (DATE_ADD(d, INTERVAL 1 DAY)), or null.
inline const sql::ast::Interval* IntervalArg(const FunctionCall& call, size_t i) {
  if (call.node == nullptr || i >= call.node->args.size) return nullptr;
  return sql::ast::As<sql::ast::Interval>(call.node->args[i]);
}

inline Error WrongArgumentCount(std::string_view name) {
  return Error(
      ErrorCode::kWrongParamCountToNativeFunction,
      "Incorrect parameter count in the call to native function '" + std::string(name) + "'");
}

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_FUNCTION_CALL_H_
