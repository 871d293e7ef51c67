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
    {"REPEAT", 2, "replace(hex(zeroblob(max($2, 0))), '00', $1)"},
    {"SPACE", 1, "replace(hex(zeroblob(max($1, 0))), '00', ' ')"},
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
