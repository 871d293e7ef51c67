// TEMPORARY while the translation modules are written: fallbacks so the
// generator builds before they exist. Removed once they land.
#ifndef EDGESQL_TRANSPILE_FUNCTION_MODULES_H_
#define EDGESQL_TRANSPILE_FUNCTION_MODULES_H_

#include "transpile/function_call.h"

#if __has_include("transpile/datetime_functions.h") && defined(EDGESQL_WITH_MODULES)
#include "transpile/cast.h"
#include "transpile/datetime_functions.h"
#include "transpile/json_functions.h"
#include "transpile/string_functions.h"
#else
namespace edgesql::transpile {
inline bool IsDatetimeFunction(std::string_view n) {
  return n == "NOW" || n == "CURRENT_TIMESTAMP" || n == "LOCALTIME" || n == "LOCALTIMESTAMP" ||
         n == "SYSDATE" || n == "UTC_TIMESTAMP" || n == "CURDATE" || n == "CURRENT_DATE" ||
         n == "UTC_DATE" || n == "CURTIME" || n == "CURRENT_TIME" || n == "UTC_TIME";
}
inline Result<std::string> TranslateDatetimeFunction(const FunctionCall& c) {
  if (c.name == "CURDATE" || c.name == "CURRENT_DATE" || c.name == "UTC_DATE")
    return std::string("CURRENT_DATE");
  if (c.name == "CURTIME" || c.name == "CURRENT_TIME" || c.name == "UTC_TIME")
    return std::string("CURRENT_TIME");
  if (!c.args.empty() && c.args[0] != "0")
    return std::string("strftime('%Y-%m-%d %H:%M:%f', 'now')");
  return std::string("CURRENT_TIMESTAMP");
}
inline std::string AddIntervalSql(std::string_view t, std::string_view amount,
                                  sql::ast::TimeUnit unit, bool subtract) {
  std::string u(sql::ast::TimeUnitName(unit));
  for (char& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string fn = u == "day" || u == "month" || u == "year" ? "date" : "datetime";
  return fn + "(" + std::string(t) + ", " + (subtract ? "'-' || " : "'+' || ") + "(" +
         std::string(amount) + ") || ' " + u + "s')";
}
inline bool IsJsonFunction(std::string_view) { return false; }
inline Result<std::string> TranslateJsonFunction(const FunctionCall&) { return Unsupported("x"); }
inline std::string JsonExtractSql(std::string_view d, std::string_view p) {
  return "(" + std::string(d) + " -> " + std::string(p) + ")";
}
inline std::string JsonUnquoteExtractSql(std::string_view d, std::string_view p) {
  return "(" + std::string(d) + " ->> " + std::string(p) + ")";
}
inline bool IsStringFunction(std::string_view) { return false; }
inline Result<std::string> TranslateStringFunction(const FunctionCall&) { return Unsupported("x"); }
inline Result<std::string> CastSql(std::string_view operand, const sql::ast::CastType& type) {
  switch (type.kind) {
    case sql::ast::CastTypeKind::kSigned:
    case sql::ast::CastTypeKind::kUnsigned:
      return "CAST(" + std::string(operand) + " AS INTEGER)";
    case sql::ast::CastTypeKind::kDouble:
    case sql::ast::CastTypeKind::kDecimal:
      return "CAST(" + std::string(operand) + " AS REAL)";
    case sql::ast::CastTypeKind::kDate:
      return "date(" + std::string(operand) + ")";
    case sql::ast::CastTypeKind::kDatetime:
      return "datetime(" + std::string(operand) + ")";
    default:
      return "CAST(" + std::string(operand) + " AS TEXT)";
  }
}
}  // namespace edgesql::transpile
#endif

#endif  // EDGESQL_TRANSPILE_FUNCTION_MODULES_H_
