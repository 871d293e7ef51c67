// Function calls: aggregates, window functions, the functions whose value
// comes from the session, and dispatch to the translation modules (see
// generator.h). Also the MySQL result type of each function.
#include <algorithm>
#include <array>
#include <cstdlib>

#include "common/ascii.h"
#include "common/server_info.h"
#include "common/str_cat.h"
#include "sql/aggregates.h"
#include "sql/lexer.h"
#include "transpile/cast.h"
#include "transpile/datetime_functions.h"
#include "transpile/function_call.h"
#include "transpile/function_map.h"
#include "transpile/generator.h"
#include "transpile/json_functions.h"
#include "transpile/sqlite_schema.h"
#include "transpile/sqlite_text.h"
#include "transpile/string_functions.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;

template <size_t N>
bool OneOf(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 44> kIntegerFunctions = {
    "LENGTH",        "CHAR_LENGTH", "CHARACTER_LENGTH",
    "OCTET_LENGTH",  "BIT_LENGTH",  "LOCATE",
    "POSITION",      "INSTR",       "FIELD",
    "FIND_IN_SET",   "ASCII",       "ORD",
    "STRCMP",        "YEAR",        "MONTH",
    "DAY",           "DAYOFMONTH",  "HOUR",
    "MINUTE",        "SECOND",      "MICROSECOND",
    "DAYOFYEAR",     "DAYOFWEEK",   "WEEKDAY",
    "WEEK",          "WEEKOFYEAR",  "YEARWEEK",
    "QUARTER",       "DATEDIFF",    "TIMESTAMPDIFF",
    "TO_DAYS",       "TO_SECONDS",  "TIME_TO_SEC",
    "PERIOD_DIFF",   "PERIOD_ADD",  "JSON_LENGTH",
    "JSON_CONTAINS", "JSON_VALID",  "JSON_CONTAINS_PATH",
    "JSON_DEPTH",    "SIGN",        "EXTRACT",
    "CEIL",          "CEILING"};

constexpr std::array<std::string_view, 16> kJsonFunctions = {
    "JSON_EXTRACT",   "JSON_OBJECT",       "JSON_ARRAY",          "JSON_SET",
    "JSON_INSERT",    "JSON_REPLACE",      "JSON_REMOVE",         "JSON_ARRAY_APPEND",
    "JSON_KEYS",      "JSON_MERGE_PATCH",  "JSON_MERGE_PRESERVE", "JSON_ARRAYAGG",
    "JSON_OBJECTAGG", "JSON_ARRAY_INSERT", "JSON_MERGE",          "JSON_SEARCH"};

constexpr std::array<std::string_view, 7> kDatetimeFunctions = {
    "NOW",     "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP",
    "SYSDATE", "UTC_TIMESTAMP",     "TIMESTAMP"};
constexpr std::array<std::string_view, 8> kDateFunctions = {
    "DATE",     "CURDATE",  "CURRENT_DATE", "UTC_DATE",
    "LAST_DAY", "MAKEDATE", "FROM_DAYS",    "STR_TO_DATE_DATE"};
constexpr std::array<std::string_view, 7> kTimeFunctions = {
    "CURTIME", "CURRENT_TIME", "UTC_TIME", "TIME", "SEC_TO_TIME", "MAKETIME", "TIMEDIFF"};

// A literal integer argument's value (ROUND(x, 2)), or `fallback`.
int IntegerArg(const ast::Function& f, size_t i, int fallback) {
  if (i >= f.args.size) return fallback;
  const ast::Expr* e = f.args[i];
  bool negative = false;
  if (const auto* u = ast::As<ast::Unary>(e); u != nullptr && u->op == ast::UnaryOp::kMinus) {
    negative = true;
    e = u->operand;
  }
  const auto* l = ast::As<ast::Literal>(e);
  if (l == nullptr || l->literal != ast::LiteralKind::kNumber) return fallback;
  int v = std::atoi(std::string(l->text).c_str());
  return negative ? -v : v;
}

// MySQL's result type for function `name` given its arguments' types.
ExprType ResultType(std::string_view name, const ast::Function& f, const std::vector<Typed>& args) {
  auto arg = [&](size_t i) { return i < args.size() ? args[i].type.Value() : ExprType{}; };
  if (OneOf(name, kIntegerFunctions)) {
    if ((name == "CEIL" || name == "CEILING") && arg(0).cls == TypeClass::kDouble) return arg(0);
    return TypeOf(TypeClass::kInteger);
  }
  if (name == "FLOOR")
    return arg(0).cls == TypeClass::kDouble ? arg(0) : TypeOf(TypeClass::kInteger);
  if (OneOf(name, kJsonFunctions)) return TypeOf(TypeClass::kJson);
  if (OneOf(name, kDatetimeFunctions) || (name == "FROM_UNIXTIME" && args.size() == 1)) {
    return TypeOf(TypeClass::kDatetime, IntegerArg(f, 0, -1));
  }
  if (OneOf(name, kDateFunctions)) return TypeOf(TypeClass::kDate);
  if (OneOf(name, kTimeFunctions)) return TypeOf(TypeClass::kTime);
  if (name == "DATE_ADD" || name == "DATE_SUB" || name == "ADDDATE" || name == "SUBDATE") {
    const auto* interval = f.args.size == 2 ? ast::As<ast::Interval>(f.args[1]) : nullptr;
    return IntervalResultType(arg(0), interval != nullptr ? interval->unit : ast::TimeUnit::kDay);
  }
  if (name == "UNIX_TIMESTAMP") return TypeOf(TypeClass::kInteger);
  if (name == "ROUND" || name == "TRUNCATE") {
    ExprType x = arg(0);
    if (x.cls == TypeClass::kDouble || x.cls == TypeClass::kUnknown || x.cls == TypeClass::kNull)
      return x;
    if (!x.IsExactNumber()) return TypeOf(TypeClass::kDouble);
    int digits = IntegerArg(f, 1, 0);
    if (x.cls == TypeClass::kInteger && digits >= 0) return x;
    return TypeOf(TypeClass::kDecimal, std::clamp(digits, 0, 30));
  }
  if (name == "ABS") return arg(0);
  if (name == "MOD") return ArithmeticType(arg(0), arg(1), false);
  if (name == "GREATEST" || name == "LEAST" || name == "COALESCE" || name == "IFNULL" ||
      name == "NULLIF" || name == "IF") {
    size_t first = name == "IF" ? 1 : 0;
    size_t last = name == "NULLIF" ? 1 : args.size();
    ExprType t = TypeOf(TypeClass::kNull);
    for (size_t i = first; i < last; ++i) t = MergeTypes(t, args[i].type);
    return t;
  }
  if (name == "RAND") return TypeOf(TypeClass::kDouble);
  if (name == "UNHEX" || name == "CHAR") return TypeOf(TypeClass::kBinary);
  if (IsStringFunction(name) || IsMappedFunction(name) || name == "CONCAT" || name == "CONCAT_WS" ||
      name == "UPPER" || name == "LOWER" || name == "REPLACE" || name == "TRIM" ||
      name == "LTRIM" || name == "RTRIM" || name == "DATE_FORMAT" || name == "TIME_FORMAT" ||
      name == "JSON_UNQUOTE" || name == "JSON_TYPE" || name == "JSON_QUOTE" ||
      name == "STR_TO_DATE") {
    return TypeOf(TypeClass::kString);
  }
  return ExprType{};
}

// A value as MySQL would turn it into a string: DECIMALs keep their scale
// (CONCAT(1.50) is '1.50', where SQLite's REAL would print 1.5).
std::string AsString(const Typed& v) {
  if (v.type.cls == TypeClass::kDecimal && v.type.scale > 0)
    return StrCat({"printf('%.", std::to_string(v.type.scale), "f', ", v.sql, ")"});
  return StrCat({"(", v.sql, ")"});
}

}  // namespace

ExprType IntervalResultType(const ExprType& temporal, sql::ast::TimeUnit unit) {
  bool date_unit = unit == ast::TimeUnit::kDay || unit == ast::TimeUnit::kWeek ||
                   unit == ast::TimeUnit::kMonth || unit == ast::TimeUnit::kQuarter ||
                   unit == ast::TimeUnit::kYear || unit == ast::TimeUnit::kYearMonth;
  if (temporal.cls == TypeClass::kDate) {
    return date_unit ? TypeOf(TypeClass::kDate) : TypeOf(TypeClass::kDatetime);
  }
  if (temporal.cls == TypeClass::kDatetime) return TypeOf(TypeClass::kDatetime, temporal.scale);
  // A string argument gives a string, shaped at run time.
  return TypeOf(TypeClass::kString);
}

Result<Typed> Generator::Function(const ast::Function& f, const Scope& scope) {
  std::string name = AsciiUpper(f.name);
  if (!f.schema.empty()) return Unsupported("stored functions");
  if (name == "VALUES") {
    // ON DUPLICATE KEY UPDATE v = VALUES(v): the value the row would have had.
    const auto* column = f.args.size == 1 ? ast::As<ast::ColumnRef>(f.args[0]) : nullptr;
    if (!in_upsert_ || column == nullptr)
      return Unsupported("VALUES() outside ON DUPLICATE KEY UPDATE");
    return Typed{"excluded." + QuoteIdentifier(column->column.name), ExprType{}};
  }

  // Session values.
  if (f.args.empty() && !f.star) {
    if (name == "DATABASE" || name == "SCHEMA") {
      return Typed{context_.database.empty() ? "NULL" : QuoteString(context_.database),
                   TypeOf(TypeClass::kString)};
    }
    if (name == "VERSION")
      return Typed{QuoteString(kServerVersionText), TypeOf(TypeClass::kString)};
    if (name == "LAST_INSERT_ID") {
      reads_session_ = true;
      return Typed{std::to_string(context_.last_insert_id), TypeOf(TypeClass::kInteger)};
    }
    if (name == "ROW_COUNT") {
      reads_session_ = true;
      return Typed{std::to_string(context_.row_count), TypeOf(TypeClass::kInteger)};
    }
  }
  if (name == "DEFAULT") {
    // DEFAULT(col): the column's default value.
    const auto* column = f.args.size == 1 ? ast::As<ast::ColumnRef>(f.args[0]) : nullptr;
    if (column == nullptr) return WrongArgumentCount(name);
    Result<Typed> c = Column(*column, scope);
    if (!c.ok()) return c;
    const catalog::ColumnDef* def = c.value().type.column;
    if (def == nullptr) return Unsupported("DEFAULT() of a column without a known definition");
    if (def->auto_increment ||
        (def->default_kind == catalog::ColumnDef::Default::kNone && !def->nullable)) {
      return Error(ErrorCode::kNoDefaultForField,
                   "Field '" + def->name + "' doesn't have a default value");
    }
    return Typed{DefaultValueSql(*def), c.value().type.Value()};
  }
  if (name == "LAST_INSERT_ID") {
    // LAST_INSERT_ID(n) returns n and makes it the session's value; only a
    // constant can be known before the statement runs.
    const ast::Expr* arg = f.args.size == 1 ? f.args[0] : nullptr;
    bool negative = false;
    if (const auto* u = ast::As<ast::Unary>(arg); u != nullptr && u->op == ast::UnaryOp::kMinus) {
      negative = true;
      arg = u->operand;
    }
    const auto* l = ast::As<ast::Literal>(arg);
    if (l == nullptr || l->literal != ast::LiteralKind::kNumber ||
        l->text.find_first_not_of("0123456789") != std::string_view::npos || l->text.size() > 18) {
      return Unsupported("LAST_INSERT_ID(expr) with an expression that is not an integer constant");
    }
    int64_t value = std::stoll(std::string(l->text)) * (negative ? -1 : 1);
    set_last_insert_id_ = value;
    return Typed{std::to_string(value), TypeOf(TypeClass::kInteger)};
  }

  // Arguments: an INTERVAL argument is written as its value.
  std::vector<Typed> args;
  FunctionCall call;
  call.node = &f;
  call.name = name;
  if (!context_.statement_time.empty()) call.now = context_.statement_time;
  for (const ast::Expr* a : f.args) {
    const ast::Expr* value = a;
    if (const auto* interval = ast::As<ast::Interval>(a)) value = interval->value;
    Result<Typed> t = Expr(*value, scope);
    if (!t.ok()) return t;
    call.args.push_back(t.value().sql);
    args.push_back(std::move(t).value());
  }
  ExprType type = ResultType(name, f, args);

  std::string over;
  if (f.over != nullptr) {
    Result<std::string> w = Window(*f.over, scope);
    if (!w.ok()) return std::move(w).error();
    over = " OVER " + w.value();
  }

  if (IsJsonFunction(name)) {
    // A JSON value passed on is a document, not a string that looks like one.
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i].type.cls == TypeClass::kJson) call.args[i] = "json(" + call.args[i] + ")";
    }
  }
  if (sql::IsAggregateFunction(name) && name != "JSON_ARRAYAGG" && name != "JSON_OBJECTAGG") {
    if (name == "BIT_AND" || name == "BIT_OR" || name == "BIT_XOR" || name == "STD" ||
        name == "STDDEV" || name == "STDDEV_POP" || name == "STDDEV_SAMP" || name == "VARIANCE" ||
        name == "VAR_POP" || name == "VAR_SAMP") {
      return Unsupported(name + "()");
    }
    std::string distinct = f.distinct ? "DISTINCT " : "";
    if (name == "COUNT") {
      if (f.star) return Typed{"count(*)" + over, TypeOf(TypeClass::kInteger)};
      if (args.size() != 1) {
        if (!f.distinct) return WrongArgumentCount(name);
        // COUNT(DISTINCT a, b): rows whose values are all non-NULL, distinct as a tuple.
        std::string tuple = "json_array(";
        std::string not_null;
        for (size_t i = 0; i < args.size(); ++i) {
          StrAppend(tuple, {(i > 0 ? ", " : ""), args[i].sql});
          StrAppend(not_null, {(i > 0 ? " AND (" : "("), args[i].sql, ") IS NOT NULL"});
        }
        return Typed{"count(DISTINCT CASE WHEN " + not_null + " THEN " + tuple + ") END)" + over,
                     TypeOf(TypeClass::kInteger)};
      }
      return Typed{"count(" + distinct + args[0].sql + ")" + over, TypeOf(TypeClass::kInteger)};
    }
    if (name == "GROUP_CONCAT") {
      // Several arguments are concatenated per row (a row with a NULL one is
      // skipped, which is what NULL || ... gives group_concat).
      std::string value;
      for (size_t i = 0; i < args.size(); ++i) value += (i > 0 ? " || " : "") + AsString(args[i]);
      std::string separator = "','";
      if (f.separator != nullptr) {
        Result<Typed> s = Expr(*f.separator, scope);
        if (!s.ok()) return s;
        separator = s.value().sql;
      }
      std::string order;
      if (f.order_by.size > 0) {
        Result<std::string> o = OrderBy(f.order_by, scope);
        if (!o.ok()) return std::move(o).error();
        order = " " + o.value();
      }
      if (!f.distinct) {
        return Typed{"group_concat(" + value + ", " + separator + order + ")" + over,
                     TypeOf(TypeClass::kString)};
      }
      // SQLite's DISTINCT aggregates take one argument, so the separator is
      // swapped in afterwards; commas inside values are parked as U+001F.
      return Typed{"replace(replace(group_concat(DISTINCT replace(" + value + ", ',', char(31))" +
                       order + "), ',', " + separator + "), char(31), ',')" + over,
                   TypeOf(TypeClass::kString)};
    }
    if (args.size() != 1) return WrongArgumentCount(name);
    if (name == "SUM" || name == "AVG") {
      ExprType t = args[0].type.Value();
      if (t.IsExactNumber()) {
        int scale = t.cls == TypeClass::kDecimal ? std::max(t.scale, 0) : 0;
        t = TypeOf(TypeClass::kDecimal, name == "AVG" ? std::min(scale + 4, 30) : scale);
      } else if (t.cls != TypeClass::kUnknown && t.cls != TypeClass::kNull) {
        t = TypeOf(TypeClass::kDouble);
      }
      // SQLite's sum() of no rows is NULL as MySQL's; avg() of integers is REAL.
      return Typed{(name == "SUM" ? "sum(" : "avg(") + distinct + args[0].sql + ")" + over, t};
    }
    if (name == "MIN" || name == "MAX") {
      return Typed{(name == "MIN" ? "min(" : "max(") + distinct + args[0].sql + ")" + over,
                   args[0].type.Value()};
    }
  }

  if (f.over != nullptr) {
    // Window functions SQLite spells as MySQL does.
    static constexpr std::array<std::string_view, 11> kWindow = {
        "ROW_NUMBER", "RANK", "DENSE_RANK",  "PERCENT_RANK", "CUME_DIST", "NTILE",
        "LAG",        "LEAD", "FIRST_VALUE", "LAST_VALUE",   "NTH_VALUE"};
    if (!OneOf(name, kWindow)) return Unsupported(name + "() as a window function");
    std::string sql = StrCat({AsciiLower(name), "("});
    for (size_t i = 0; i < args.size(); ++i) sql += (i > 0 ? ", " : "") + args[i].sql;
    ExprType t = name == "ROW_NUMBER" || name == "RANK" || name == "DENSE_RANK" || name == "NTILE"
                     ? TypeOf(TypeClass::kInteger)
                 : name == "PERCENT_RANK" || name == "CUME_DIST" ? TypeOf(TypeClass::kDouble)
                 : args.empty()                                  ? ExprType{}
                                                                 : args[0].type.Value();
    return Typed{sql + ")" + over, t};
  }

  if (name == "CONCAT") {
    if (args.empty()) return WrongArgumentCount(name);
    // || is NULL when any operand is, as MySQL's CONCAT (SQLite's concat() skips NULLs).
    std::string sql = "(";
    for (size_t i = 0; i < args.size(); ++i) sql += (i > 0 ? " || " : "") + AsString(args[i]);
    if (args.size() == 1) sql += " || ''";
    return Typed{sql + ")", TypeOf(TypeClass::kString)};
  }
  if (name == "IF") {
    if (args.size() != 3) return WrongArgumentCount(name);
    return Typed{
        "CASE WHEN (" + args[0].sql + ") THEN (" + args[1].sql + ") ELSE (" + args[2].sql + ") END",
        type};
  }
  if (name == "NULLIF" && args.size() == 2) {
    // Equal as MySQL's = says (case-insensitively for strings).
    return Typed{"CASE WHEN " + CompareOperands(args[0], "=", args[1]) + " THEN NULL ELSE (" +
                     args[0].sql + ") END",
                 args[0].type.Value()};
  }
  if (name == "IFNULL" || name == "NULLIF" || name == "COALESCE") {
    if ((name != "COALESCE" && args.size() != 2) || args.empty()) return WrongArgumentCount(name);
    std::string sql = StrCat({AsciiLower(name), "("});
    for (size_t i = 0; i < args.size(); ++i) sql += (i > 0 ? ", " : "") + args[i].sql;
    return Typed{sql + ")", type};
  }
  if (name == "ISNULL") {
    if (args.size() != 1) return WrongArgumentCount(name);
    return Typed{"((" + args[0].sql + ") IS NULL)", TypeOf(TypeClass::kInteger)};
  }

  // The translation modules.
  if (IsDatetimeFunction(name)) {
    Result<std::string> sql = TranslateDatetimeFunction(call);
    if (!sql.ok()) return std::move(sql).error();
    return Typed{std::move(sql).value(), type};
  }
  if (IsJsonFunction(name)) {
    Result<std::string> sql = TranslateJsonFunction(call);
    if (!sql.ok()) return std::move(sql).error();
    return Typed{std::move(sql).value(), type};
  }
  if (IsStringFunction(name)) {
    Result<std::string> sql = TranslateStringFunction(call);
    if (!sql.ok()) return std::move(sql).error();
    return Typed{std::move(sql).value(), type};
  }
  if (IsMappedFunction(name)) {
    std::optional<std::string> sql = MapFunction(name, call.args);
    if (!sql) return WrongArgumentCount(name);
    return Typed{std::move(*sql), type};
  }
  // Functions SQLite spells and means as MySQL does (UPPER, REPLACE, ...).
  std::string sql = StrCat({AsciiLower(name), "("});
  for (size_t i = 0; i < args.size(); ++i) sql += (i > 0 ? ", " : "") + args[i].sql;
  return Typed{sql + ")", type};
}

Result<Typed> Generator::Cast(const ast::Cast& c, const Scope& scope) {
  if (c.array) return Unsupported("CAST(... AS ... ARRAY)");
  Result<Typed> operand = Expr(*c.operand, scope);
  if (!operand.ok()) return operand;
  Result<std::string> sql = CastSql(operand.value().sql, c.type);
  if (!sql.ok()) return std::move(sql).error();
  ExprType type;
  switch (c.type.kind) {
    case ast::CastTypeKind::kSigned:
    case ast::CastTypeKind::kUnsigned:
    case ast::CastTypeKind::kYear:
      type = TypeOf(TypeClass::kInteger);
      type.is_unsigned = c.type.kind == ast::CastTypeKind::kUnsigned;
      break;
    case ast::CastTypeKind::kDecimal:
      type = TypeOf(TypeClass::kDecimal, c.type.scale < 0 ? 0 : c.type.scale);
      break;
    case ast::CastTypeKind::kDouble:
    case ast::CastTypeKind::kFloat:
    case ast::CastTypeKind::kReal:
      type = TypeOf(TypeClass::kDouble);
      break;
    case ast::CastTypeKind::kChar:
    case ast::CastTypeKind::kNChar:
      type = TypeOf(TypeClass::kString);
      break;
    case ast::CastTypeKind::kBinary:
      type = TypeOf(TypeClass::kBinary);
      break;
    case ast::CastTypeKind::kDate:
      type = TypeOf(TypeClass::kDate);
      break;
    case ast::CastTypeKind::kDatetime:
      type = TypeOf(TypeClass::kDatetime, c.type.length);
      break;
    case ast::CastTypeKind::kTime:
      type = TypeOf(TypeClass::kTime, c.type.length);
      break;
    case ast::CastTypeKind::kJson:
      type = TypeOf(TypeClass::kJson);
      break;
  }
  return Typed{std::move(sql).value(), type};
}

}  // namespace edgesql::transpile
