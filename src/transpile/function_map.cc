#include "transpile/function_map.h"

#include <cctype>

#include "common/ascii.h"

namespace edgesql::transpile {
namespace {

struct Template {
  std::string_view name;
  int arity;
  std::string_view sqlite;  // $1..$9 stand for the arguments, each parenthesised
};

// Each template keeps MySQL's NULL behaviour: any NULL argument that makes
// MySQL's result NULL makes the template's result NULL too.
constexpr Template kTemplates[] = {
    {"IF", 3, "iif($1, $2, $3)"},
    {"UCASE", 1, "upper($1)"},
    {"LCASE", 1, "lower($1)"},
    // LENGTH counts bytes in MySQL; CHAR_LENGTH counts characters.
    {"LENGTH", 1, "length(CAST($1 AS BLOB))"},
    {"OCTET_LENGTH", 1, "length(CAST($1 AS BLOB))"},
    {"CHAR_LENGTH", 1, "length($1)"},
    {"CHARACTER_LENGTH", 1, "length($1)"},
    {"LEFT", 2, "CASE WHEN $2 < 1 THEN '' ELSE substr($1, 1, $2) END"},
    {"RIGHT", 2, "CASE WHEN $2 < 1 THEN '' ELSE substr($1, -($2)) END"},
    // MySQL's positions start at 1; position 0 and negative lengths give ''.
    {"SUBSTRING", 2, "CASE WHEN $2 = 0 THEN '' ELSE substr($1, $2) END"},
    {"SUBSTRING", 3, "CASE WHEN $2 = 0 OR $3 < 1 THEN '' ELSE substr($1, $2, $3) END"},
    {"SUBSTR", 2, "CASE WHEN $2 = 0 THEN '' ELSE substr($1, $2) END"},
    {"SUBSTR", 3, "CASE WHEN $2 = 0 OR $3 < 1 THEN '' ELSE substr($1, $2, $3) END"},
    {"MID", 3, "CASE WHEN $2 = 0 OR $3 < 1 THEN '' ELSE substr($1, $2, $3) END"},
    // LPAD/RPAD: a shorter target truncates; an empty pad that must pad, or
    // a negative length, is NULL (MySQL).
    {"LPAD", 3,
     "CASE WHEN $2 < 0 THEN NULL WHEN $2 <= length($1) THEN substr($1, 1, $2) WHEN length($3) = 0 "
     "THEN NULL ELSE substr(replace(hex(zeroblob($2)), '00', $3), 1, $2 - length($1)) || $1 END"},
    {"RPAD", 3,
     "CASE WHEN $2 < 0 THEN NULL WHEN $2 <= length($1) THEN substr($1, 1, $2) WHEN length($3) = 0 "
     "THEN NULL ELSE $1 || substr(replace(hex(zeroblob($2)), '00', $3), 1, $2 - length($1)) END"},
    {"LOCATE", 2, "instr($2, $1)"},
    {"POSITION", 2, "instr($2, $1)"},
    {"REPEAT", 2, "replace(hex(zeroblob(max($2, 0))), '00', $1)"},
    {"SPACE", 1, "replace(hex(zeroblob(max($1, 0))), '00', ' ')"},
    {"YEAR", 1, "CAST(strftime('%Y', $1) AS INTEGER)"},
    {"MONTH", 1, "CAST(strftime('%m', $1) AS INTEGER)"},
    {"DAY", 1, "CAST(strftime('%d', $1) AS INTEGER)"},
    {"DAYOFMONTH", 1, "CAST(strftime('%d', $1) AS INTEGER)"},
    {"HOUR", 1, "CAST(strftime('%H', $1) AS INTEGER)"},
    {"MINUTE", 1, "CAST(strftime('%M', $1) AS INTEGER)"},
    {"SECOND", 1, "CAST(strftime('%S', $1) AS INTEGER)"},
    {"DAYOFYEAR", 1, "CAST(strftime('%j', $1) AS INTEGER)"},
    {"DAYOFWEEK", 1, "(CAST(strftime('%w', $1) AS INTEGER) + 1)"},
    {"WEEKDAY", 1, "((CAST(strftime('%w', $1) AS INTEGER) + 6) % 7)"},
    {"DAYNAME", 1,
     "CASE strftime('%w', $1) WHEN '0' THEN 'Sunday' WHEN '1' THEN 'Monday' WHEN '2' THEN "
     "'Tuesday' WHEN '3' THEN 'Wednesday' WHEN '4' THEN 'Thursday' WHEN '5' THEN 'Friday' WHEN "
     "'6' THEN 'Saturday' END"},
    {"MONTHNAME", 1,
     "CASE strftime('%m', $1) WHEN '01' THEN 'January' WHEN '02' THEN 'February' WHEN '03' THEN "
     "'March' WHEN '04' THEN 'April' WHEN '05' THEN 'May' WHEN '06' THEN 'June' WHEN '07' THEN "
     "'July' WHEN '08' THEN 'August' WHEN '09' THEN 'September' WHEN '10' THEN 'October' WHEN "
     "'11' THEN 'November' WHEN '12' THEN 'December' END"},
    {"DATEDIFF", 2, "CAST(julianday(date($1)) - julianday(date($2)) AS INTEGER)"},
    {"TO_DAYS", 1, "CAST(julianday(date($1)) - julianday('0000-01-01') + 1 AS INTEGER)"},
    {"UNIX_TIMESTAMP", 0, "CAST(strftime('%s', 'now') AS INTEGER)"},
    {"UNIX_TIMESTAMP", 1, "CAST(strftime('%s', $1) AS INTEGER)"},
    {"FROM_UNIXTIME", 1, "datetime($1, 'unixepoch')"},
    {"LAST_DAY", 1, "date($1, 'start of month', '+1 month', '-1 day')"},
};

std::string Expand(std::string_view pattern, const std::vector<std::string>& args) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] >= '1' &&
        pattern[i + 1] <= '9') {
      size_t n = static_cast<size_t>(pattern[i + 1] - '1');
      out += "(" + args[n] + ")";
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace

bool IsMappedFunction(std::string_view name) {
  std::string upper = AsciiUpper(name);
  if (upper == "GREATEST" || upper == "LEAST" || upper == "FIELD") return true;
  for (const Template& t : kTemplates) {
    if (t.name == upper) return true;
  }
  return false;
}

std::optional<std::string> MapFunction(std::string_view name,
                                       const std::vector<std::string>& args) {
  std::string upper = AsciiUpper(name);
  // Variadic ones. GREATEST/LEAST: SQLite's multi-argument max/min are NULL
  // when any argument is, as MySQL's are.
  if ((upper == "GREATEST" || upper == "LEAST") && args.size() >= 2) {
    std::string out = upper == "GREATEST" ? "max(" : "min(";
    for (size_t i = 0; i < args.size(); ++i) out += (i > 0 ? ", (" : "(") + args[i] + ")";
    return out + ")";
  }
  if (upper == "FIELD" && args.size() >= 2) {  // index of $1 among the rest, else 0
    std::string out = "CASE (" + args[0] + ")";
    for (size_t i = 1; i < args.size(); ++i) {
      out += " WHEN (" + args[i] + ") THEN " + std::to_string(i);
    }
    return out + " ELSE 0 END";
  }
  for (const Template& t : kTemplates) {
    if (t.name == upper && static_cast<size_t>(t.arity) == args.size())
      return Expand(t.sqlite, args);
  }
  return std::nullopt;
}

}  // namespace edgesql::transpile
