#include "transpile/cast.h"

#include <cstdint>
#include <string>

#include "common/ascii.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;

std::string Paren(std::string_view sql) { return "(" + std::string(sql) + ")"; }

// A scalar subquery whose FROM binds values one after another, each with
// json_each(json_array(expr)) so a later one may use the earlier ones (a
// table-valued function argument may refer to tables to its left) and the
// first may hold an aggregate of the outer query.
class Bindings {
 public:
  // Binds `expr`; returns the SQL that reads it back. The names start with
  // an underscore so they do not hide the user's tables.
  std::string Let(std::string_view name, std::string_view expr) {
    from_ += from_.empty() ? "" : ", ";
    from_ += "json_each(json_array(" + std::string(expr) + ")) AS " + std::string(name);
    return std::string(name) + ".value";
  }
  // Binds a value of the user's: a blob (X'..', a BINARY column) is bound as
  // the text of its bytes, which is how MySQL reads a binary string as a
  // date or number, and json_array() refuses blobs.
  std::string LetOperand(std::string_view name, std::string_view expr) {
    std::string e(expr);
    return Let(name, "iif(typeof(" + e + ") = 'blob', CAST(" + e + " AS TEXT), " + e + ")");
  }
  // The FROM clause yields one row; max() makes the subquery an aggregate,
  // which is what lets SQLite take an aggregate of the outer query (MAX(d))
  // as a table-valued function argument.
  std::string Select(std::string_view result) const {
    return "(SELECT max(" + std::string(result) + ") FROM " + from_ + ")";
  }

 private:
  std::string from_;
};

// True when `text` is one or more ASCII digits.
bool AllDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The integer MySQL makes of decimal literal `number` ("-1.5" -> -2): round
// half away from zero, clamped to BIGINT as MySQL clamps.
int64_t RoundDecimalLiteral(std::string_view number) {
  bool negative = !number.empty() && number[0] == '-';
  if (negative) number.remove_prefix(1);
  size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  bool round_up =
      dot != std::string_view::npos && dot + 1 < number.size() && number[dot + 1] >= '5';
  uint64_t value = 0;
  const uint64_t limit = negative ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
  for (char c : whole) {
    if (value > (limit - static_cast<uint64_t>(c - '0')) / 10) {
      value = limit;
      round_up = false;
      break;
    }
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (round_up && value < limit) ++value;
  if (negative) return value == (uint64_t{1} << 63) ? INT64_MIN : -static_cast<int64_t>(value);
  return static_cast<int64_t>(value);
}

std::string UnsignedSql(std::string_view x) {
  std::string literal = NumericLiteral(x);
  if (!literal.empty()) {
    int64_t v = RoundDecimalLiteral(literal);
    if (v >= 0) return std::to_string(v);
    return "'" + std::to_string(static_cast<uint64_t>(v)) + "'";
  }
  // A negative value is its two's complement, MySQL's reading of the same
  // 64 bits as unsigned; printf's %u gives the digits (as text).
  Bindings b;
  std::string v = b.Let("_u", SignedSql(x));
  return b.Select("iif(" + v + " < 0, printf('%u', " + v + "), " + v + ")");
}

// The largest DECIMAL(p, s) value, as a SQLite literal ("999.99").
std::string DecimalMax(int precision, int scale) {
  std::string whole(static_cast<size_t>(precision - scale), '9');
  if (whole.empty()) whole = "0";
  if (scale == 0) return whole;
  return whole + "." + std::string(static_cast<size_t>(scale), '9');
}

Result<std::string> DecimalSql(std::string_view x, const ast::CastType& type) {
  int precision = type.length < 0 ? 10 : type.length;
  int scale = type.scale < 0 ? 0 : type.scale;
  if (precision == 0) precision = 10;
  if (precision > 65 || scale > 30 || scale > precision) {
    return Unsupported("CAST(... AS DECIMAL(" + std::to_string(precision) + ", " +
                       std::to_string(scale) + ")): MySQL rejects this precision/scale");
  }
  std::string max = DecimalMax(precision, scale);
  std::string value;
  if (scale == 0 && precision <= 18) {
    // Whole numbers stay SQLite integers (exact up to 18 digits).
    value = "CAST(iif(typeof(" + std::string(x) + ") = 'integer', " + Paren(x) + ", round(CAST(" +
            std::string(x) + " AS REAL))) AS INTEGER)";
  } else {
    value = "round(CAST(" + std::string(x) + " AS REAL), " + std::to_string(scale) + ")";
  }
  // Out of range: MySQL clamps to the type's largest value, with a warning.
  return "max(min(" + value + ", " + max + "), -" + max + ")";
}

// CHAR(n) and BINARY(n) of a numeric literal keep its spelling ('1.50'),
// where SQLite's CAST of the REAL would print 1.5.
std::string TextOperand(std::string_view x) {
  std::string literal = NumericLiteral(x);
  if (!literal.empty() && literal.find('.') != std::string::npos) return QuoteString(literal);
  return std::string(x);
}

std::string CharSql(std::string_view x, int length) {
  std::string text = "CAST(" + TextOperand(x) + " AS TEXT)";
  if (length < 0) return text;
  return "substr(" + text + ", 1, " + std::to_string(length) + ")";
}

std::string BinarySql(std::string_view x, int length) {
  std::string bytes = "CAST(" + TextOperand(x) + " AS BLOB)";
  if (length < 0) return bytes;
  // BINARY(n) truncates to n bytes and pads with 0x00 up to n.
  std::string n = std::to_string(length);
  return "iif(length(" + bytes + ") >= " + n + ", substr(" + bytes + ", 1, " + n + "), CAST(" +
         bytes + " || zeroblob(" + n + " - length(" + bytes + ")) AS BLOB))";
}

// '["f1","f2",...]' for text `x` made of digits and the delimiters in
// `delimiters` (a GLOB class body), else NULL.
std::string SplitFields(const std::string& x, std::string_view delimiters) {
  std::string split = x;
  for (char d : delimiters) split = "replace(" + split + ", '" + std::string(1, d) + "', '\",\"')";
  return "CASE WHEN " + x + " GLOB '[0-9]*' AND " + x + " GLOB '*[0-9]' AND " + x +
         " NOT GLOB '*[^0-9" + std::string(delimiters) + "]*' THEN '[\"' || " + split +
         " || '\"]' END";
}

// Binds the fields of a date and time value as MySQL reads them from `x`:
// a number or digit string [YY]YYMMDD or [YY]YYMMDDhhmmss, or text
// 'Y-M-D[( |T)h:m[:s[.f]]]' with '-', '/', '.' or ':' between the date
// fields and one or two digits per field (a year of one or two digits is
// 1970-2069). Binds `_c` to 'YYYY-MM-DD hh:mm:ss' (NULL when malformed, not
// yet checked for range) and returns the SQL of the fraction digits.
std::string BindDatetime(Bindings& b, std::string_view x) {
  std::string a = b.LetOperand("_a", x);
  std::string n = b.Let("_n", "iif(_a.type IN ('integer', 'real'), CAST(CAST(" + a +
                                  " AS INTEGER) AS TEXT), trim(" + a + "))");
  // Digits get their delimiters.
  std::string w =
      b.Let("_w", "CASE WHEN " + n + " GLOB '*[^0-9]*' OR " + n + " = '' THEN " + n +
                      " WHEN length(" + n + ") BETWEEN 5 AND 8 THEN printf('%d-%d-%d', " + n +
                      " / 10000, " + n + " / 100 % 100, " + n + " % 100) WHEN length(" + n +
                      ") BETWEEN 11 AND 14 THEN printf('%d-%d-%d %d:%d:%d', " + n +
                      " / 10000000000, " + n + " / 100000000 % 100, " + n + " / 1000000 % 100, " +
                      n + " / 10000 % 100, " + n + " / 100 % 100, " + n + " % 100) END");
  std::string k =
      b.Let("_k", "iif(instr(" + w + ", ' ') > 0, instr(" + w + ", ' '), instr(" + w + ", 'T'))");
  std::string d = b.Let("_d", "iif(" + k + " > 0, substr(" + w + ", 1, " + k + " - 1), " + w + ")");
  std::string t = b.Let("_t", "iif(" + k + " > 0, trim(substr(" + w + ", " + k + " + 1)), '')");
  // The fields as JSON arrays of digit strings: '2024-1-5' -> ["2024","1","5"].
  std::string dj = b.Let("_dj", SplitFields(d, "/.:-"));
  std::string tj =
      b.Let("_tj", "iif(" + t + " = '', '[\"0\",\"0\"]', " + SplitFields(t, ":.") + ")");
  auto field = [&](const std::string& json, int i) {
    std::string f = json + " ->> " + std::to_string(i);
    return json == tj && i == 2 ? "coalesce(" + f + ", '0')" : f;
  };
  std::string year = "CAST(" + field(dj, 0) + " AS INTEGER)";
  year = "iif(length(" + field(dj, 0) + ") <= 2, " + year + " + iif(" + year +
         " < 70, 2000, 1900), " + year + ")";
  // Three date fields and two to four time fields (the fourth being the
  // fraction), none empty; one or two digits each, the year up to four.
  std::string shape = "json_array_length(" + dj + ") = 3 AND json_array_length(" + tj +
                      ") BETWEEN 2 AND 4 AND instr(" + dj + " || " + tj +
                      ", '\"\"') = 0 AND length(" + field(dj, 0) + ") <= 4 AND max(length(" +
                      field(dj, 1) + "), length(" + field(dj, 2) + "), length(" + field(tj, 0) +
                      "), length(" + field(tj, 1) + "), length(" + field(tj, 2) + ")) <= 2";
  b.Let("_c", "CASE WHEN " + shape + " THEN printf('%04d-%02d-%02d %02d:%02d:%02d', " + year +
                  ", " + field(dj, 1) + ", " + field(dj, 2) + ", " + field(tj, 0) + ", " +
                  field(tj, 1) + ", " + field(tj, 2) + ") END");
  return "coalesce(" + tj + " ->> 3, '')";
}

// The bound `_c` if it is a real date and time of day ('+0 days' moves an
// invalid day such as Feb 30 on, so the comparison fails), else NULL.
constexpr std::string_view kValidDatetime =
    "iif(date(substr(_c.value, 1, 10), '+0 days') = substr(_c.value, 1, 10) AND "
    "substr(_c.value, 12, 2) < '24' AND substr(_c.value, 15, 2) < '60' AND "
    "substr(_c.value, 18, 2) < '60', _c.value, NULL)";

// The fraction digits `f` rounded half up to `fsp` digits, as an integer;
// 10^fsp means the rounding carries into the seconds.
std::string FractionUnits(std::string_view f, int fsp) {
  std::string padded = std::string(f) + " || '0000000'";
  std::string units =
      fsp == 0 ? "0" : "CAST(substr(" + padded + ", 1, " + std::to_string(fsp) + ") AS INTEGER)";
  return "(" + units + " + (substr(" + padded + ", " + std::to_string(fsp + 1) + ", 1) >= '5'))";
}

std::string DatetimeSql(std::string_view x, int fsp, bool date_only) {
  std::string value(x);
  fsp = fsp < 0 ? 0 : (fsp > 6 ? 6 : fsp);
  // Fast paths: a value already as MySQL stores it, '2024-01-15' or
  // '2024-01-15 10:20:30', which is what DATE and DATETIME columns hold.
  std::string date = "substr(" + value + ", 1, 10)";
  std::string is_date = Paren(value) +
                        " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(" + value +
                        ", '+0 days') = " + Paren(value);
  // Two GLOBs, each within Durable Object SQLite's 50-byte pattern limit.
  std::string is_datetime = "length(" + value + ") = 19 AND " + date +
                            " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND substr(" +
                            value + ", 11) GLOB ' [0-2][0-9]:[0-5][0-9]:[0-5][0-9]' AND substr(" +
                            value + ", 12, 2) < '24' AND date(" + date + ", '+0 days') = " + date;
  Bindings b;
  std::string fraction = BindDatetime(b, x);
  std::string valid = b.Let("_v", std::string(kValidDatetime));
  if (date_only) {
    return "CASE WHEN " + is_date + " THEN " + value + " WHEN " + is_datetime + " THEN " + date +
           " ELSE " + b.Select("substr(" + valid + ", 1, 10)") + " END";
  }
  std::string units = b.Let("_r", FractionUnits(fraction, fsp));
  std::string limit = "1" + std::string(static_cast<size_t>(fsp), '0');
  // Rounding .9999995 up carries into the seconds (and on into the date).
  std::string result =
      "iif(" + units + " = " + limit + ", datetime(" + valid + ", '+1 seconds'), " + valid + ")";
  std::string zeros;
  if (fsp > 0) {
    zeros = " || '." + std::string(static_cast<size_t>(fsp), '0') + "'";
    result += " || printf('.%0" + std::to_string(fsp) + "d', iif(" + units + " = " + limit +
              ", 0, " + units + "))";
  }
  return "CASE WHEN " + is_datetime + " THEN " + value + zeros + " WHEN " + is_date + " THEN " +
         value + " || ' 00:00:00" +
         (fsp > 0 ? "." + std::string(static_cast<size_t>(fsp), '0') : "") + "' ELSE " +
         b.Select(result) + " END";
}

// TIME: '[-]h:m[:s[.f]]' (hours up to 838, as MySQL's TIME), digits
// [hh]mmss[.f], or a date and time (text with '-' or '/' after its first
// digits, or 12 or 14 digits) whose time of day is taken. MySQL clamps
// hours beyond 838:59:59 to it.
std::string TimeSql(std::string_view x, int fsp) {
  fsp = fsp < 0 ? 0 : (fsp > 6 ? 6 : fsp);
  std::string text = "CAST(" + std::string(x) + " AS TEXT)";
  std::string has_date = text + " GLOB '[0-9]*[-/]*' OR (" + text +
                         " NOT GLOB '*[^0-9]*' AND length(" + text + ") IN (12, 14))";
  Bindings b;
  std::string a = b.LetOperand("_a", x);
  std::string s =
      b.Let("_s", "iif(_a.type IN ('integer', 'real'), CAST(" + a + " AS TEXT), trim(" + a + "))");
  std::string sign = b.Let("_g", "iif(substr(" + s + ", 1, 1) = '-', '-', '')");
  std::string body = b.Let("_b", "substr(" + s + ", length(" + sign + ") + 1)");
  std::string dot = b.Let("_o", "instr(" + body + ", '.')");
  std::string whole =
      b.Let("_h", "iif(" + dot + " > 0, substr(" + body + ", 1, " + dot + " - 1), " + body + ")");
  std::string fraction =
      b.Let("_f", "iif(" + dot + " > 0, substr(" + body + ", " + dot + " + 1), '')");
  // h:m[:s] becomes a JSON array of its fields, digits [hh]mmss one by value.
  std::string fields = b.Let(
      "_j", "CASE WHEN " + whole + " GLOB '[0-9]*:*[0-9]' AND " + whole +
                " NOT GLOB '*[^0-9:]*' AND instr(" + whole + ", '::') = 0 THEN '[\"' || replace(" +
                whole + ", ':', '\",\"') || '\"]' WHEN " + whole + " GLOB '[0-9]*' AND " + whole +
                " NOT GLOB '*[^0-9]*' THEN json_array(CAST(" + whole +
                " AS INTEGER) / 10000, CAST(" + whole + " AS INTEGER) / 100 % 100, CAST(" + whole +
                " AS INTEGER) % 100) END");
  std::string h = "CAST(" + fields + " ->> 0 AS INTEGER)";
  std::string m = "CAST(" + fields + " ->> 1 AS INTEGER)";
  std::string sec = "CAST(coalesce(" + fields + " ->> 2, 0) AS INTEGER)";
  std::string units = b.Let("_r", FractionUnits(fraction, fsp));
  std::string limit = "1" + std::string(static_cast<size_t>(fsp), '0');
  // Total seconds with the rounding carry, clamped to 838:59:59.
  std::string total =
      b.Let("_x", "CASE WHEN json_array_length(" + fields + ") BETWEEN 2 AND 3 AND " + m +
                      " < 60 AND " + sec + " < 60 AND " + fraction +
                      " NOT GLOB '*[^0-9]*' THEN min(" + h + " * 3600 + " + m + " * 60 + " + sec +
                      " + (" + units + " = " + limit + "), 3020399) END");
  std::string result = sign + " || printf('%02d:%02d:%02d', " + total + " / 3600, " + total +
                       " / 60 % 60, " + total + " % 60)";
  if (fsp > 0) {
    result += " || iif(" + total + " = 3020399, '." + std::string(static_cast<size_t>(fsp), '0') +
              "', printf('.%0" + std::to_string(fsp) + "d', iif(" + units + " = " + limit +
              ", 0, " + units + ")))";
  }
  return "CASE WHEN " + has_date + " THEN substr(" + DatetimeSql(x, fsp, false) + ", 12) ELSE " +
         b.Select("iif(" + total + " IS NULL, NULL, " + result + ")") + " END";
}

std::string YearSql(std::string_view x) {
  Bindings b;
  std::string a = b.LetOperand("_a", x);
  // MySQL reads a string's leading integer; a string that is no number is NULL.
  std::string n =
      b.Let("_y", "CASE WHEN _a.type = 'real' THEN CAST(round(" + a +
                      ") AS INTEGER) WHEN _a.type = 'integer' THEN " + a + " WHEN trim(" + a +
                      ") GLOB '[0-9]*' THEN CAST(trim(" + a + ") AS INTEGER) END");
  // 1-69 -> 2001-2069, 70-99 -> 1970-1999; the number 0 is 0 but the
  // string '0' or '00' is 2000; otherwise 1901-2155 or NULL.
  return b.Select("CASE WHEN " + n + " = 0 THEN iif(_a.type = 'text' AND length(trim(" + a +
                  ")) <= 2, 2000, 0) WHEN " + n + " BETWEEN 1 AND 69 THEN " + n + " + 2000 WHEN " +
                  n + " BETWEEN 70 AND 99 THEN " + n + " + 1900 WHEN " + n +
                  " BETWEEN 1901 AND 2155 THEN " + n + " END");
}

}  // namespace

std::string NumericLiteral(std::string_view operand) {
  std::string_view s = operand;
  bool negative = false;
  if (s.size() > 3 && s.substr(0, 2) == "-(" && s.back() == ')') {
    negative = true;
    s = s.substr(2, s.size() - 3);
  } else if (s.size() > 1 && s[0] == '-') {  // the generator writes -2 bare
    negative = true;
    s = s.substr(1);
  }
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  if (!AllDigits(whole)) return "";
  if (dot != std::string_view::npos && !AllDigits(s.substr(dot + 1))) return "";
  return (negative ? "-" : "") + std::string(s);
}

std::string SignedSql(std::string_view operand) {
  std::string literal = NumericLiteral(operand);
  if (!literal.empty()) return std::to_string(RoundDecimalLiteral(literal));
  std::string x(operand);
  return "CAST(iif(typeof(" + x + ") = 'real', round(" + x + "), " + Paren(x) + ") AS INTEGER)";
}

Result<std::string> CastSql(std::string_view operand, const sql::ast::CastType& type) {
  if (EqualsIgnoreCase(type.charset, "binary") &&
      (type.kind == ast::CastTypeKind::kChar || type.kind == ast::CastTypeKind::kNChar)) {
    return BinarySql(operand, type.length);
  }
  switch (type.kind) {
    case ast::CastTypeKind::kSigned:
      return SignedSql(operand);
    case ast::CastTypeKind::kUnsigned:
      return UnsignedSql(operand);
    case ast::CastTypeKind::kDecimal:
      return DecimalSql(operand, type);
    case ast::CastTypeKind::kDouble:
    case ast::CastTypeKind::kFloat:
    case ast::CastTypeKind::kReal:
      return "CAST(" + std::string(operand) + " AS REAL)";
    case ast::CastTypeKind::kChar:
    case ast::CastTypeKind::kNChar:
      return CharSql(operand, type.length);
    case ast::CastTypeKind::kBinary:
      return BinarySql(operand, type.length);
    case ast::CastTypeKind::kJson:
      return "json(" + std::string(operand) + ")";
    case ast::CastTypeKind::kDate:
      return DatetimeSql(operand, 0, true);
    case ast::CastTypeKind::kDatetime:
      return DatetimeSql(operand, type.length, false);
    case ast::CastTypeKind::kTime:
      return TimeSql(operand, type.length);
    case ast::CastTypeKind::kYear:
      return YearSql(operand);
  }
  return Unsupported("this CAST target type");
}

}  // namespace edgesql::transpile
