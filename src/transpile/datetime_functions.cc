#include "transpile/datetime_functions.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/ascii.h"

namespace edgesql::transpile {
namespace {

using sql::ast::TimeUnit;

constexpr int64_t kMicrosPerSecond = 1000000;
// MySQL's TIME range is -838:59:59 .. 838:59:59.
constexpr int64_t kMaxTimeSeconds = 3020399;
// Results past 9999-12-31 23:59:59.999999 or before 0000-01-01 are NULL; a
// static interval beyond these is NULL whatever the date.
constexpr int64_t kMaxMonthShift = 120000;
constexpr int64_t kMaxMicroShift = 316000000000LL * kMicrosPerSecond;

// ---------------------------------------------------------------------------
// Text helpers

// Substitutes $1..$9 in `pattern` by `args` (which the caller made atoms).
std::string Sub(std::string_view pattern, std::initializer_list<std::string_view> args) {
  std::vector<std::string_view> list(args);
  std::string out;
  out.reserve(pattern.size() + 64);
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '$' && i + 1 < pattern.size() && pattern[i + 1] >= '1' &&
        pattern[i + 1] <= '9') {
      size_t n = static_cast<size_t>(pattern[i + 1] - '1');
      if (n < list.size()) out += list[n];
      ++i;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Index just past the bracketed group opening at `i` ('(' or a quote), or
// npos when it does not close.
size_t SkipGroup(std::string_view s, size_t i) {
  if (s[i] == '\'' || s[i] == '"' || s[i] == '`' || s[i] == '[') {
    char close = s[i] == '[' ? ']' : s[i];
    for (size_t j = i + 1; j < s.size(); ++j) {
      if (s[j] != close) continue;
      if (close != ']' && j + 1 < s.size() && s[j + 1] == close) {
        ++j;  // doubled quote
        continue;
      }
      return j + 1;
    }
    return std::string_view::npos;
  }
  int depth = 0;
  for (size_t j = i; j < s.size(); ++j) {
    char c = s[j];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      size_t end = SkipGroup(s, j);
      if (end == std::string_view::npos) return end;
      j = end - 1;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return j + 1;
    }
  }
  return std::string_view::npos;
}

// Whether `s` is one operand that needs no parentheses wherever it is
// substituted: a literal, a (qualified) column, a placeholder, a call, or an
// already parenthesised expression.
bool IsAtom(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  if (s[0] == '-' && s.size() > 1 && s[1] >= '0' && s[1] <= '9') i = 1;  // -5
  if (s[i] == '?') {
    ++i;
  }
  while (i < s.size()) {
    if (IsIdentChar(s[i])) {
      ++i;
    } else if (s[i] == '\'' || s[i] == '"' || s[i] == '`' || s[i] == '[' || s[i] == '(') {
      size_t end = SkipGroup(s, i);
      if (end == std::string_view::npos) return false;
      i = end;
    } else {
      return false;
    }
  }
  return true;
}

std::string Atom(std::string_view s) {
  if (IsAtom(s)) return std::string(s);
  return "(" + std::string(s) + ")";
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A literal number as written ("42", "-1.50"): sign, integer digits and
// fraction digits; nullopt for anything else (exponents included).
struct Decimal {
  bool negative = false;
  std::string int_digits;
  std::string frac_digits;
};

std::optional<Decimal> ParseDecimal(std::string_view s) {
  // The generator may write -5 as "-5", "(-5)" or "-(5)": parentheses and
  // spaces around the signs and the number are dropped, if they balance.
  std::string text;
  int depth = 0;
  for (char c : s) {
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return std::nullopt;
    } else if (c != ' ') {
      text += c;
    }
  }
  if (depth != 0) return std::nullopt;
  Decimal d;
  size_t i = 0;
  while (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    if (text[i] == '-') d.negative = !d.negative;
    ++i;
  }
  while (i < text.size() && IsDigit(text[i])) d.int_digits += text[i++];
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) d.frac_digits += text[i++];
  }
  if (i != text.size() || (d.int_digits.empty() && d.frac_digits.empty())) return std::nullopt;
  if (d.int_digits.size() > 15) return std::nullopt;  // leave huge values to SQLite
  return d;
}

int64_t DigitsValue(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// MySQL's val_int() of a decimal literal: rounded half away from zero.
int64_t RoundedValue(const Decimal& d) {
  int64_t v = DigitsValue(d.int_digits);
  if (!d.frac_digits.empty() && d.frac_digits[0] >= '5') ++v;
  return d.negative ? -v : v;
}

// The decoded text of a single-quoted SQLite string literal, or nullopt.
std::optional<std::string> ParseStringLiteral(std::string_view s) {
  if (s.size() < 2 || s.front() != '\'' || SkipGroup(s, 0) != s.size()) return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < s.size(); ++i) {
    out += s[i];
    if (s[i] == '\'') ++i;
  }
  return out;
}

bool IsNullText(std::string_view s) { return EqualsIgnoreCase(s, "NULL"); }

// ---------------------------------------------------------------------------
// SQL fragments over one temporal value $1 (an atom). MySQL decides what a
// string is by its shape; these are the shapes Edge SQL stores and accepts:
// 'YYYY-MM-DD[ HH:MM[:SS[.f]]]' (T allowed for the space) and
// '[-]H+:MM[:SS[.f]]'.

// A valid date or datetime. date() alone keeps '2024-02-30' and '24:00:00' as
// written; the '+0 days' modifier renormalises them, so an invalid value no
// longer reads back as itself. The first 19 characters only: SQLite rounds
// fractions to milliseconds, which can roll 23:59:59.9999 into the next day.
constexpr std::string_view kDateOk = "date(substr($1, 1, 19), '+0 days') = substr($1, 1, 10)";
// The value without its fraction, for SQLite's date functions.
constexpr std::string_view kBase = "substr($1, 1, 19)";
// Microseconds of a datetime, from the text (SQLite keeps only milliseconds):
// six digits as text, '000000' when none; arithmetic converts it, and %f
// prints it as it is.
constexpr std::string_view kMicros = "substr(substr($1, 21) || '000000', 1, 6)";
// '.ffffff' when the fraction is not zero, else '': how MySQL prints a
// datetime computed from a string.
constexpr std::string_view kFracSuffix =
    "replace('.' || substr(substr($1, 21) || '000000', 1, 6), '.000000', '')";
// The fraction exactly as written ('.5'), for functions that keep the
// argument's precision.
constexpr std::string_view kOrigFrac = "substr($1, 20, 7)";
// A time '[-]H+:MM[:SS[.f]]'. After the sign and hour digits are trimmed the
// rest is ':MM', ':MM:SS' or ':MM:SS.f'.
constexpr std::string_view kTimeOk =
    "ltrim($1, '-') GLOB '[0-9]*' AND (ltrim($1, '-0123456789') || ':00') GLOB "
    "':[0-5][0-9]:[0-5][0-9]*'";
// Its signed microseconds, clipped to MySQL's TIME range as MySQL does; the
// minutes and seconds read by SQLite as the time '00:MM:SS' (without the
// fraction, which SQLite would round to milliseconds).
constexpr std::string_view kTimeOnlyMicros =
    "iif($1 LIKE '-%', -1, 1) * min(3020399000000, (CAST(ltrim($1, '-') AS INTEGER) * 3600 + "
    "unixepoch('00' || substr(ltrim($1, '-0123456789'), 1, 6)) - 946684800) * 1000000 + "
    "substr(substr(ltrim($1, '-0123456789'), 8) || '000000', 1, 6))";
// Microseconds since 0000-01-01 00:00:00 of a valid datetime: non-negative, so
// integer division is floor division.
constexpr std::string_view kEpochMicros =
    "(unixepoch(substr($1, 1, 19)) + 62167219200) * 1000000 + substr(substr($1, 21) || '000000', "
    "1, 6)";

std::string DateOk(const std::string& x) { return Sub(kDateOk, {x}); }
std::string Base(const std::string& x) { return Sub(kBase, {x}); }
std::string Micros(const std::string& x) { return Sub(kMicros, {x}); }
std::string FracSuffix(const std::string& x) { return Sub(kFracSuffix, {x}); }
std::string TimeOk(const std::string& x) { return Sub(kTimeOk, {x}); }
std::string TimeOnlyMicros(const std::string& x) { return Sub(kTimeOnlyMicros, {x}); }
std::string EpochMicros(const std::string& x) { return Sub(kEpochMicros, {x}); }

// Signed microseconds of a time, or the time of day of a datetime.
std::string TimeMicros(const std::string& x) {
  return "CASE WHEN " + DateOk(x) + " THEN (unixepoch(time(" + Base(x) +
         ")) - 946684800) * 1000000 + " + Micros(x) + " WHEN " + TimeOk(x) + " THEN " +
         TimeOnlyMicros(x) + " END";
}

// 'YYYY-MM-DD HH:MM:SS[.ffffff]' of microseconds since 0000-01-01 (`w`, an
// atom); NULL past 9999. `may_be_negative`: also NULL before year 0.
std::string FormatEpochMicros(const std::string& w, bool may_be_negative) {
  std::string text =
      Sub("datetime($1 / 1000000 - 62167219200, 'unixepoch') || replace(printf('.%06d', $1 % "
          "1000000), '.000000', '')",
          {w});
  if (!may_be_negative) return text;
  return "CASE WHEN " + w + " >= 0 THEN " + text + " END";
}

// MySQL's text of a TIME given in signed microseconds `v`:
// '[-]HH:MM:SS[.ffffff]', hours past 24 allowed. `digits`: fraction digits,
// or -1 for six when the fraction is not zero.
std::string FormatTimeMicros(const std::string& v, int digits) {
  std::string c = "max(-3020399000000, min(3020399000000, " + v + "))";
  std::string out =
      Sub("iif($1 < 0, '-', '') || printf('%02d', abs($1) / 3600000000) || substr(time(abs($1) / "
          "1000000, 'unixepoch'), 3)",
          {c});
  if (digits < 0) {
    out += Sub(" || replace(printf('.%06d', abs($1) % 1000000), '.000000', '')", {c});
  } else if (digits > 0) {
    out += Sub(" || substr(printf('.%06d', abs($1) % 1000000), 1, $2)",
               {c, std::to_string(digits + 1)});
  }
  return out;
}

// Fraction digits MySQL shows for a numeric argument: those of a literal
// (capped at 6), or -1 (six when not zero) for anything computed.
int LiteralFractionDigits(std::string_view text) {
  std::optional<Decimal> d = ParseDecimal(text);
  if (!d.has_value()) return -1;
  return static_cast<int>(std::min<size_t>(d->frac_digits.size(), 6));
}

// An integer argument as MySQL's val_int() reads it: numbers rounded, strings
// cut at the first non-digit.
std::string IntArg(const std::string& text) {
  if (std::optional<Decimal> d = ParseDecimal(text)) return std::to_string(RoundedValue(*d));
  if (IsNullText(text)) return "NULL";
  std::string x = Atom(text);
  return Sub("CAST(iif(typeof($1) = 'text', $1, round($1)) AS INTEGER)", {x});
}

// A numeric argument as a number (text converted), for comparisons.
std::string NumArg(const std::string& text) {
  if (ParseDecimal(text).has_value() || IsNullText(text)) return Atom(text);
  return "(" + Atom(text) + " + 0)";
}

// ---------------------------------------------------------------------------
// INTERVAL arithmetic (MySQL's date_add_interval)

enum class UnitClass { kMonths, kDays, kTime };

UnitClass ClassOf(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kYear:
    case TimeUnit::kQuarter:
    case TimeUnit::kMonth:
    case TimeUnit::kYearMonth:
      return UnitClass::kMonths;
    case TimeUnit::kDay:
    case TimeUnit::kWeek:
      return UnitClass::kDays;
    default:
      return UnitClass::kTime;
  }
}

// A compound unit's fields, most significant first: each field's size in
// months (YEAR_MONTH) or microseconds. `micro_last`: the last field is a
// fraction ('1.5' SECOND_MICROSECOND is 1.5 s), as MySQL's transform_msec.
struct CompoundUnit {
  std::vector<int64_t> sizes;
  bool micro_last = false;
};

constexpr int64_t kS = kMicrosPerSecond;

std::optional<CompoundUnit> CompoundOf(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kYearMonth:
      return CompoundUnit{{12, 1}, false};
    case TimeUnit::kDayHour:
      return CompoundUnit{{86400 * kS, 3600 * kS}, false};
    case TimeUnit::kDayMinute:
      return CompoundUnit{{86400 * kS, 3600 * kS, 60 * kS}, false};
    case TimeUnit::kDaySecond:
      return CompoundUnit{{86400 * kS, 3600 * kS, 60 * kS, kS}, false};
    case TimeUnit::kHourMinute:
      return CompoundUnit{{3600 * kS, 60 * kS}, false};
    case TimeUnit::kHourSecond:
      return CompoundUnit{{3600 * kS, 60 * kS, kS}, false};
    case TimeUnit::kMinuteSecond:
      return CompoundUnit{{60 * kS, kS}, false};
    case TimeUnit::kDayMicrosecond:
      return CompoundUnit{{86400 * kS, 3600 * kS, 60 * kS, kS, 1}, true};
    case TimeUnit::kHourMicrosecond:
      return CompoundUnit{{3600 * kS, 60 * kS, kS, 1}, true};
    case TimeUnit::kMinuteMicrosecond:
      return CompoundUnit{{60 * kS, kS, 1}, true};
    case TimeUnit::kSecondMicrosecond:
      return CompoundUnit{{kS, 1}, true};
    default:
      return std::nullopt;
  }
}

// Size of one simple unit, in months or microseconds.
int64_t SimpleUnitSize(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kYear:
      return 12;
    case TimeUnit::kQuarter:
      return 3;
    case TimeUnit::kMonth:
      return 1;
    case TimeUnit::kWeek:
      return 7 * 86400 * kS;
    case TimeUnit::kDay:
      return 86400 * kS;
    case TimeUnit::kHour:
      return 3600 * kS;
    case TimeUnit::kMinute:
      return 60 * kS;
    case TimeUnit::kSecond:
      return kS;
    default:
      return 1;
  }
}

// A literal interval decoded at translation time.
struct StaticInterval {
  bool null = false;  // MySQL gives NULL whatever the date
  int64_t months = 0;
  int64_t micros = 0;
};

// MySQL's get_interval_info(): the numbers in `s` separated by any non-digits,
// right-aligned into `count` fields when fewer are written. False when more
// numbers than fields are written (MySQL: NULL).
bool SplitIntervalString(std::string_view s, size_t count, bool micro_last, bool* negative,
                         std::vector<int64_t>* values) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  if (i < s.size() && s[i] == '-') {
    *negative = true;
    ++i;
  }
  while (i < s.size() && !IsDigit(s[i])) ++i;
  values->assign(count, 0);
  int64_t msec_length = 0;
  for (size_t k = 0; k < count; ++k) {
    size_t start = i;
    int64_t v = 0;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      if (v > (INT64_MAX - 10) / 10) return false;
      v = v * 10 + (s[i] - '0');
    }
    msec_length = 6 - static_cast<int64_t>(i - start);
    (*values)[k] = v;
    while (i < s.size() && !IsDigit(s[i])) ++i;
    if (i == s.size() && k + 1 != count) {
      std::vector<int64_t> shifted(count, 0);
      for (size_t m = 0; m <= k; ++m) shifted[count - (k + 1) + m] = (*values)[m];
      *values = std::move(shifted);
      break;
    }
  }
  if (micro_last && msec_length > 0) {
    for (int64_t m = 0; m < msec_length; ++m) values->back() *= 10;
  }
  return i == s.size();
}

// The leading number of a string as MySQL reads it for a simple unit: an
// integer (strtoll10) or, for SECOND, a decimal.
Decimal LeadingNumber(std::string_view s, bool allow_fraction) {
  Decimal d;
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) d.negative = s[i++] == '-';
  while (i < s.size() && IsDigit(s[i]) && d.int_digits.size() < 16) d.int_digits += s[i++];
  if (allow_fraction && i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && IsDigit(s[i])) d.frac_digits += s[i++];
  }
  return d;
}

// Decodes a literal amount; nullopt when it is not a literal (decoded at run
// time instead).
std::optional<StaticInterval> DecodeStaticInterval(std::string_view amount, TimeUnit unit) {
  StaticInterval out;
  if (IsNullText(amount)) {
    out.null = true;
    return out;
  }
  std::optional<Decimal> number = ParseDecimal(amount);
  std::optional<std::string> text = ParseStringLiteral(amount);
  if (!number.has_value() && !text.has_value()) return std::nullopt;

  int64_t sign = 1;
  if (std::optional<CompoundUnit> compound = CompoundOf(unit)) {
    // MySQL reads a number as its text, so 1.5 MINUTE_SECOND is '1.5'.
    std::string s;
    if (text.has_value()) {
      s = *text;
    } else {
      s = (number->negative ? "-" : "") + number->int_digits;
      if (!number->frac_digits.empty()) s += "." + number->frac_digits;
    }
    bool negative = false;
    std::vector<int64_t> values;
    if (!SplitIntervalString(s, compound->sizes.size(), compound->micro_last, &negative, &values)) {
      out.null = true;
      return out;
    }
    sign = negative ? -1 : 1;
    int64_t total = 0;
    for (size_t k = 0; k < values.size(); ++k) {
      if (values[k] > 10000000000000LL) {
        out.null = true;
        return out;
      }
      total += values[k] * compound->sizes[k];
    }
    (unit == TimeUnit::kYearMonth ? out.months : out.micros) = sign * total;
    return out;
  }

  Decimal d = number.has_value() ? *number : LeadingNumber(*text, unit == TimeUnit::kSecond);
  int64_t size = SimpleUnitSize(unit);
  if (d.int_digits.size() > 13) {
    out.null = true;
    return out;
  }
  if (unit == TimeUnit::kSecond && !d.frac_digits.empty()) {
    // A decimal number of seconds is exact to the microsecond (truncated).
    std::string frac = (d.frac_digits + "000000").substr(0, 6);
    int64_t micros = 0;
    // Past int64's range no date is reached: NULL, as MySQL's overflow.
    if (__builtin_mul_overflow(DigitsValue(d.int_digits), kS, &micros)) {
      out.null = true;
      return out;
    }
    micros += DigitsValue(frac);
    out.micros = d.negative ? -micros : micros;
    return out;
  }
  // Other units read an integer: numbers round, strings stop at the '.'.
  int64_t value = number.has_value()
                      ? RoundedValue(d)
                      : (d.negative ? -DigitsValue(d.int_digits) : DigitsValue(d.int_digits));
  int64_t scaled = 0;
  if (__builtin_mul_overflow(value, size, &scaled)) {
    out.null = true;
    return out;
  }
  (ClassOf(unit) == UnitClass::kMonths ? out.months : out.micros) = scaled;
  return out;
}

// `x` (an atom) shifted by `seconds` (SQL, a signed integer), through the
// SQLite modifier `modifier` that means the same ('+3600 seconds'; the
// fraction is kept). A date shifted by days stays a date, as in MySQL. Past
// 9999 SQLite gives NULL itself; before year 0 it would print '-0001-...',
// so a shift that may go back is checked against 0000-01-01 first.
std::string ModifierShift(const std::string& x, const std::string& modifier,
                          const std::string& seconds, bool day_unit, bool may_go_back) {
  std::string base = Base(x);
  std::string value = "datetime(" + base + ", " + modifier + ") || " + FracSuffix(x);
  if (day_unit) {
    value = "iif(length(" + x + ") = 10, date(" + base + ", " + modifier + "), " + value + ")";
  }
  std::string ok = DateOk(x);
  if (may_go_back) ok += " AND unixepoch(" + base + ") + " + seconds + " >= -62167219200";
  return "CASE WHEN " + ok + " THEN " + value + " END";
}

// `x` shifted by `months` (SQL, a signed integer): MySQL keeps the day
// unless the target month is shorter, then takes its last day
// ('2024-01-31' + 1 MONTH = '2024-02-29').
std::string MonthShift(const std::string& x, const std::string& months, bool may_go_back) {
  std::string first = "date(" + Base(x) + ", 'start of month', " + months + " || ' months')";
  // The last day of December 9999 cannot be computed through 10000-01-01.
  std::string day = "min(substr(" + first + ", 1, 8) || substr(" + x + ", 9, 2), coalesce(date(" +
                    first + ", '+1 month', '-1 day'), '9999-12-31'))";
  std::string ok = DateOk(x);
  if (may_go_back) {
    ok += " AND substr(" + x + ", 1, 4) * 12 + substr(" + x + ", 6, 2) + " + months + " > 0";
  }
  return "CASE WHEN " + ok + " THEN " + day + " || iif(length(" + x + ") = 10, '', ' ' || " +
         "time(" + Base(x) + ") || " + FracSuffix(x) + ") END";
}

// `x` shifted by `delta` microseconds (an SQL integer).
std::string MicroShift(const std::string& x, const std::string& delta, bool may_be_negative) {
  std::string w = "(" + EpochMicros(x) + " + " + delta + ")";
  return "CASE WHEN " + DateOk(x) + " THEN " + FormatEpochMicros(w, may_be_negative) + " END";
}

std::string StaticShift(const std::string& x, const StaticInterval& interval, TimeUnit unit) {
  if (interval.null || interval.months <= -kMaxMonthShift || interval.months >= kMaxMonthShift ||
      interval.micros < -kMaxMicroShift || interval.micros > kMaxMicroShift) {
    return "NULL";
  }
  if (ClassOf(unit) == UnitClass::kMonths) {
    return MonthShift(x, "(" + std::to_string(interval.months) + ")", interval.months < 0);
  }
  if (interval.micros % kS == 0) {
    int64_t seconds = interval.micros / kS;
    char modifier[48];
    if (seconds % 86400 == 0) {
      std::snprintf(modifier, sizeof modifier, "'%+lld days'",
                    static_cast<long long>(seconds / 86400));
    } else {
      std::snprintf(modifier, sizeof modifier, "'%+lld seconds'", static_cast<long long>(seconds));
    }
    return ModifierShift(x, modifier, "(" + std::to_string(seconds) + ")",
                         ClassOf(unit) == UnitClass::kDays, seconds < 0);
  }
  return MicroShift(x, std::to_string(interval.micros), interval.micros < 0);
}

// A compound amount decoded at run time: the text split on the usual
// separators into a JSON array, whose last fields fill the smallest units.
std::string DynamicCompound(const std::string& amount, const CompoundUnit& compound,
                            bool subtract) {
  std::string a = Atom(amount);
  std::string array =
      "('[\"' || replace(replace(replace(replace(replace(ltrim(ltrim(" + a +
      "), '-'), ' ', ','), ':', ','), '.', ','), '-', ','), ',', '\",\"') || '\"]')";
  size_t n = compound.sizes.size();
  std::string sum;
  for (size_t k = 0; k < n; ++k) {
    std::string index = "'$[#-" + std::to_string(n - k) + "]'";
    std::string field = "coalesce(" + array + " ->> " + index + ", '')";
    if (k + 1 == n && compound.micro_last) field = "substr(" + field + " || '000000', 1, 6)";
    if (!sum.empty()) sum += " + ";
    sum += field + " * " + std::to_string(compound.sizes[k]);
  }
  std::string sign = subtract ? "(2 * (ltrim(" + a + ") LIKE '-%') - 1)"
                              : "(1 - 2 * (ltrim(" + a + ") LIKE '-%'))";
  return "CASE WHEN json_valid(" + array + ") THEN CASE WHEN json_array_length(" + array +
         ") <= " + std::to_string(n) + " THEN " + sign + " * (" + sum + ") END END";
}

// ---------------------------------------------------------------------------
// Weeks (MySQL's calc_week)

// calc_week()'s behaviour bits.
constexpr int kWeekMondayFirst = 1;
constexpr int kWeekYear = 2;
constexpr int kWeekFirstWeekday = 4;

// WEEK(d, mode) reads its mode through week_mode(): modes without Monday
// first flip the "first weekday" rule.
int WeekMode(int64_t mode) {
  int flags = static_cast<int>(mode & 7);
  if ((flags & kWeekMondayFirst) == 0) flags ^= kWeekFirstWeekday;
  return flags;
}

struct WeekSql {
  std::string week;
  std::string year;  // the year the week belongs to (YEARWEEK, %X, %x)
};

// calc_week() of date text `d` (an atom) in arithmetic: `j` is the day of
// the year, `wd` the weekday counted from the first day of the week. A week
// is week 1 when it holds the year's first such day (first-weekday rule) or
// at least four of the year's days (ISO rule); with kWeekYear a week before
// week 1 belongs to the previous year, and an ISO week with fewer than four
// days left in the year to the next one.
WeekSql Week(const std::string& d, int flags) {
  std::string j = "(strftime('%j', " + d + ") + 0)";
  std::string wd = (flags & kWeekMondayFirst) != 0 ? "((strftime('%w', " + d + ") + 6) % 7)"
                                                   : "(strftime('%w', " + d + ") + 0)";
  std::string year = "(substr(" + d + ", 1, 4) + 0)";
  // Days in the previous year and in this one.
  std::string previous = "strftime('%j', substr(" + d + ", 1, 4) || '-01-01', '-1 day')";
  std::string current = "strftime('%j', substr(" + d + ", 1, 4) || '-12-31')";
  bool week_year = (flags & kWeekYear) != 0;
  if ((flags & kWeekFirstWeekday) != 0) {
    if (!week_year) return {Sub("($1 + 6 - $2) / 7", {j, wd}), year};
    std::string back = Sub("($1 <= $2)", {j, wd});
    return {Sub("($1 + 6 - $2 + $3 * $4) / 7", {j, wd, back, previous}),
            Sub("($1 - $2)", {year, back})};
  }
  if (!week_year) return {Sub("($1 + 9 - $2) / 7", {j, wd}), year};
  std::string back = Sub("($1 + 2 < $2)", {j, wd});
  std::string forward = Sub("($1 - $2 + $3 < 3)", {current, j, wd});
  return {"CASE WHEN " + forward + " THEN 1 ELSE " +
              Sub("($1 + 9 - $2 + $3 * $4) / 7", {j, wd, back, previous}) + " END",
          Sub("($1 + $2 - $3)", {year, forward, back})};
}

// ---------------------------------------------------------------------------
// DATE_FORMAT and TIME_FORMAT

constexpr std::string_view kMonthNames =
    "'January  February March    April    May      June     July     August   SeptemberOctober  "
    "November December '";
constexpr std::string_view kDayNames =
    "'Sunday   Monday   Tuesday  WednesdayThursday Friday   Saturday '";

enum class FormatSource {
  kDate,            // DATE_FORMAT of a date or datetime
  kTimeOfDatetime,  // TIME_FORMAT of a datetime: the date parts are zero
  kTime,            // TIME_FORMAT of a time: hours may pass 24
};

// The pieces of MySQL's make_date_time() for `format` over value `x` (an
// atom known to have the shape `source` expects), joined with ||; nullopt
// when MySQL's result is NULL whatever the value (%W of a TIME, ...).
std::optional<std::string> FormatPieces(std::string_view format, const std::string& x,
                                        FormatSource source) {
  std::vector<std::string> pieces;
  std::string run;  // strftime format (kDate, kTimeOfDatetime) or literal text (kTime)
  bool run_has_spec = false;
  std::string base = Base(x);
  auto flush = [&] {
    if (run.empty()) return;
    if (run_has_spec) {
      pieces.push_back("strftime(" + Quote(run) + ", " + base + ")");
    } else {
      std::string literal;
      for (size_t i = 0; i < run.size(); ++i) {
        literal += run[i];
        if (source != FormatSource::kTime && run[i] == '%') ++i;  // %% in a strftime run
      }
      pieces.push_back(Quote(literal));
    }
    run.clear();
    run_has_spec = false;
  };
  auto literal = [&](std::string_view text) {
    for (char c : text) {
      run += c;
      if (c == '%' && source != FormatSource::kTime) run += '%';
    }
  };
  auto strftime_spec = [&](std::string_view spec) {
    run += spec;
    run_has_spec = true;
  };
  auto piece = [&](std::string sql) {
    flush();
    pieces.push_back(std::move(sql));
  };
  bool time_source = source == FormatSource::kTime;
  bool date_source = source == FormatSource::kDate;
  // Hours, minutes, seconds as SQL for the time source.
  std::string hours = "CAST(ltrim(" + x + ", '-') AS INTEGER)";
  std::string rest = "ltrim(" + x + ", '-0123456789')";  // ':MM[:SS[.f]]'
  std::string minutes = "substr(" + rest + ", 2, 2)";
  std::string seconds = "substr(" + rest + " || ':00', 5, 2)";
  std::string hour = time_source ? hours : "strftime('%H', " + base + ")";
  std::string hour12 = time_source ? "(" + hours + " % 24 + 11) % 12 + 1"
                                   : "(strftime('%H', " + base + ") + 11) % 12 + 1";
  std::string am_pm = time_source ? "iif(" + hours + " % 24 < 12, 'AM', 'PM')"
                                  : "iif(strftime('%H', " + base + ") < '12', 'AM', 'PM')";
  std::string date = "substr(" + x + ", 1, 10)";

  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      literal(format.substr(i, 1));
      continue;
    }
    char spec = format[++i];
    switch (spec) {
      case 'Y':
        date_source ? strftime_spec("%Y") : literal("0000");
        break;
      case 'y':
        date_source ? piece("substr(" + x + ", 3, 2)") : literal("00");
        break;
      case 'm':
        date_source ? strftime_spec("%m") : literal("00");
        break;
      case 'c':
        date_source ? piece("(substr(" + x + ", 6, 2) + 0)") : literal("0");
        break;
      case 'd':
        date_source ? strftime_spec("%d") : literal("00");
        break;
      case 'e':
        date_source ? piece("(substr(" + x + ", 9, 2) + 0)") : literal("0");
        break;
      case 'M':
      case 'b':
      case 'W':
      case 'a':
      case 'D':
      case 'j':
      case 'U':
      case 'u':
      case 'V':
      case 'v':
      case 'X':
      case 'x':
      case 'w':
        if (!date_source) return std::nullopt;  // no date in a TIME: MySQL gives NULL
        switch (spec) {
          case 'M':
            piece("rtrim(substr(" + std::string(kMonthNames) + ", 9 * strftime('%m', " + base +
                  ") - 8, 9))");
            break;
          case 'b':
            piece("substr('JanFebMarAprMayJunJulAugSepOctNovDec', 3 * strftime('%m', " + base +
                  ") - 2, 3)");
            break;
          case 'W':
            piece("rtrim(substr(" + std::string(kDayNames) + ", 9 * strftime('%w', " + base +
                  ") + 1, 9))");
            break;
          case 'a':
            piece("substr('SunMonTueWedThuFriSat', 3 * strftime('%w', " + base + ") + 1, 3)");
            break;
          case 'D':
            // 1st 2nd 3rd 4th ... 11th 12th 13th ... 21st
            piece("(substr(" + x + ", 9, 2) + 0) || iif(substr(" + x +
                  ", 9, 1) = '1', 'th', substr('thstndrdthththththth', 2 * substr(" + x +
                  ", 10, 1) + 1, 2))");
            break;
          case 'j':
            strftime_spec("%j");
            break;
          case 'w':
            strftime_spec("%w");
            break;
          case 'U':
          case 'u':
          case 'V':
          case 'v': {
            int flags = spec == 'U'   ? kWeekFirstWeekday
                        : spec == 'u' ? kWeekMondayFirst
                        : spec == 'V' ? kWeekYear | kWeekFirstWeekday
                                      : kWeekYear | kWeekMondayFirst;
            piece("printf('%02d', " + Week(date, flags).week + ")");
            break;
          }
          default: {  // X, x
            int flags = spec == 'X' ? kWeekYear | kWeekFirstWeekday : kWeekYear | kWeekMondayFirst;
            piece("printf('%04d', " + Week(date, flags).year + ")");
            break;
          }
        }
        break;
      case 'H':
        time_source ? piece("printf('%02d', " + hours + ")") : strftime_spec("%H");
        break;
      case 'k':
        piece("(" + hour + " + 0)");
        break;
      case 'h':
      case 'I':
        piece("printf('%02d', " + hour12 + ")");
        break;
      case 'l':
        piece("(" + hour12 + ")");
        break;
      case 'i':
        time_source ? piece(minutes) : strftime_spec("%M");
        break;
      case 'S':
      case 's':
        time_source ? piece(seconds) : strftime_spec("%S");
        break;
      case 'f':
        piece(time_source ? "substr(substr(" + rest + ", 8) || '000000', 1, 6)" : Micros(x));
        break;
      case 'p':
        piece(am_pm);
        break;
      case 'r':
        piece(time_source ? "printf('%02d:%s:%s ', " + hour12 + ", " + minutes + ", " + seconds +
                                ") || " + am_pm
                          : "printf('%02d:%s ', " + hour12 + ", strftime('%M:%S', " + base +
                                ")) || " + am_pm);
        break;
      case 'T':
        time_source ? piece("printf('%02d:%s:%s', " + hours + ", " + minutes + ", " + seconds + ")")
                    : strftime_spec("%H:%M:%S");
        break;
      default:  // %% and unknown specifiers print the character
        literal(format.substr(i, 1));
        break;
    }
  }
  flush();
  if (pieces.empty()) return std::nullopt;  // MySQL: an empty format gives NULL
  std::string out;
  for (const std::string& p : pieces) out += (out.empty() ? "" : " || ") + p;
  return out;
}

std::string DateFormatSql(const std::string& x, std::string_view format) {
  std::optional<std::string> pieces = FormatPieces(format, x, FormatSource::kDate);
  if (!pieces.has_value()) return "NULL";
  return "CASE WHEN " + DateOk(x) + " THEN " + *pieces + " END";
}

std::string TimeFormatSql(const std::string& x, std::string_view format) {
  std::optional<std::string> of_datetime = FormatPieces(format, x, FormatSource::kTimeOfDatetime);
  std::optional<std::string> of_time = FormatPieces(format, x, FormatSource::kTime);
  if (!of_datetime.has_value() || !of_time.has_value()) return "NULL";
  return "CASE WHEN " + DateOk(x) + " THEN " + *of_datetime + " WHEN " + TimeOk(x) +
         " THEN iif(substr(" + x + ", 1, 1) = '-', '-', '') || " + *of_time + " END";
}

// ---------------------------------------------------------------------------
// STR_TO_DATE (MySQL's extract_date_time)
//
// MySQL walks the value with the format, reading each number up to its
// width and stopping at the first non-digit. SQLite has no loop and no
// variables, so the value is split instead: every literal character of the
// format is a separator, the value becomes a JSON array of the texts between
// separators (one replace() per separator character), and each field reads
// its slot. Putting the slots back together with the format's own separators
// must give the value (or its start, when text follows the last field, which
// MySQL ignores): that proves the separators matched in place. A field that
// shares its slot with others must have a fixed width (%Y%m%d).

enum class Field : uint8_t {
  kYear4,
  kYear2,
  kMonth,
  kMonthName,
  kMonthAbbr,
  kDay,
  kDaySuffix,  // %D: 1st, 2nd, ...
  kHour24,
  kHour12,
  kMinute,
  kSecond,
  kFraction,
  kYearDay,
  kWeekdayDigit,  // %w, %W, %a: read and checked, then ignored, as MySQL does
  kDayName,
  kDayAbbr,
  kAmPm,
  kStop,  // MySQL fails if the value reaches this point (%%, unknown specifiers)
};

struct FieldSpec {
  Field field;
  int width = 0;  // digits (numbers) or letters (fixed-width names); 0: variable
  int scope = 0;  // %p and the 12-hour field it adjusts: 0 outside %r, else that %r
};

struct FormatToken {
  bool is_field = false;
  FieldSpec spec;
  char literal = 0;
};

bool IsNameField(Field f) {
  return f == Field::kMonthName || f == Field::kMonthAbbr || f == Field::kDayName ||
         f == Field::kDayAbbr || f == Field::kAmPm || f == Field::kDaySuffix;
}

bool IsNumberField(Field f) {
  switch (f) {
    case Field::kYear4:
    case Field::kYear2:
    case Field::kMonth:
    case Field::kDay:
    case Field::kHour24:
    case Field::kHour12:
    case Field::kMinute:
    case Field::kSecond:
    case Field::kFraction:
    case Field::kYearDay:
    case Field::kWeekdayDigit:
      return true;
    default:
      return false;
  }
}

// Which of DATE, DATETIME, TIME the result is, with or without microseconds
// (MySQL's fix_from_format: by the letters the format uses).
struct ResultType {
  bool date = false;
  bool time = false;
  bool fraction = false;
};

ResultType ResultTypeOf(std::string_view format) {
  ResultType type;
  constexpr std::string_view kTimeLetters = "HISThiklrs";
  constexpr std::string_view kDateLetters = "MVUXYWabcjmvuxyw";
  for (size_t i = 0; i + 1 < format.size(); ++i) {
    if (format[i] != '%') continue;
    char c = format[++i];
    if (c == 'f') {
      type.fraction = type.time = true;
    } else if (kTimeLetters.find(c) != std::string_view::npos) {
      type.time = true;
    } else if (kDateLetters.find(c) != std::string_view::npos) {
      type.date = true;
    }
  }
  return type;
}

Result<std::vector<FormatToken>> TokenizeStrToDate(std::string_view format) {
  std::vector<FormatToken> tokens;
  int scopes = 0;
  auto field = [&](Field f, int width, int scope = 0) {
    FormatToken t;
    t.is_field = true;
    t.spec = FieldSpec{f, width, scope};
    tokens.push_back(t);
  };
  auto literal = [&](char c) {
    // Spaces in the format match nothing (MySQL skips the value's spaces
    // before every field): keep one, as a separator, and none in front.
    if (c == ' ' && (tokens.empty() || (!tokens.back().is_field && tokens.back().literal == ' '))) {
      return;
    }
    FormatToken t;
    t.literal = c;
    tokens.push_back(t);
  };
  bool stopped = false;
  for (size_t i = 0; i < format.size() && !stopped; ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      literal(format[i]);
      continue;
    }
    char spec = format[++i];
    switch (spec) {
      case 'Y':
        field(Field::kYear4, 4);
        break;
      case 'y':
        field(Field::kYear2, 2);
        break;
      case 'm':
      case 'c':
        field(Field::kMonth, 2);
        break;
      case 'M':
        field(Field::kMonthName, 0);
        break;
      case 'b':
        field(Field::kMonthAbbr, 3);
        break;
      case 'd':
      case 'e':
        field(Field::kDay, 2);
        break;
      case 'D':
        field(Field::kDaySuffix, 0);
        break;
      case 'H':
      case 'k':
        field(Field::kHour24, 2);
        break;
      case 'h':
      case 'I':
      case 'l':
        field(Field::kHour12, 2);
        break;
      case 'i':
        field(Field::kMinute, 2);
        break;
      case 's':
      case 'S':
        field(Field::kSecond, 2);
        break;
      case 'f':
        field(Field::kFraction, 6);
        break;
      case 'p':
        field(Field::kAmPm, 2);
        break;
      case 'j':
        field(Field::kYearDay, 3);
        break;
      case 'w':
        field(Field::kWeekdayDigit, 1);
        break;
      case 'W':
        field(Field::kDayName, 0);
        break;
      case 'a':
        field(Field::kDayAbbr, 3);
        break;
      case 'r':  // %I:%i:%S %p, with its own AM/PM
        ++scopes;
        field(Field::kHour12, 2, scopes);
        literal(':');
        field(Field::kMinute, 2);
        literal(':');
        field(Field::kSecond, 2);
        literal(' ');
        field(Field::kAmPm, 2, scopes);
        break;
      case 'T':  // %H:%i:%S
        field(Field::kHour24, 2);
        literal(':');
        field(Field::kMinute, 2);
        literal(':');
        field(Field::kSecond, 2);
        break;
      case 'U':
      case 'u':
      case 'V':
      case 'v':
      case 'X':
      case 'x':
        return Unsupported(std::string("STR_TO_DATE with week specifier %") + spec);
      case '.':
      case '@':
      case '#':
        return Unsupported(std::string("STR_TO_DATE with specifier %") + spec);
      default:  // %% and unknown letters: MySQL fails when the value reaches them
        field(Field::kStop, 0);
        stopped = true;
        break;
    }
  }
  // %p reads AM/PM only after a 12-hour field of its scope; elsewhere MySQL
  // fails when the value reaches it.
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!tokens[i].is_field || tokens[i].spec.field != Field::kAmPm) continue;
    bool after_hour12 = false;
    for (size_t k = 0; k < i; ++k) {
      after_hour12 |= tokens[k].is_field && tokens[k].spec.field == Field::kHour12 &&
                      tokens[k].spec.scope == tokens[i].spec.scope;
    }
    if (!after_hour12) {
      tokens[i].spec = FieldSpec{Field::kStop, 0, 0};
      tokens.resize(i + 1);
      break;
    }
  }
  return tokens;
}

// The component a field sets, for duplicate detection (-1: none).
int ComponentOf(Field f) {
  switch (f) {
    case Field::kYear4:
    case Field::kYear2:
      return 0;
    case Field::kMonth:
    case Field::kMonthName:
    case Field::kMonthAbbr:
      return 1;
    case Field::kDay:
    case Field::kDaySuffix:
      return 2;
    case Field::kHour24:
    case Field::kHour12:
      return 3;
    case Field::kMinute:
      return 4;
    case Field::kSecond:
      return 5;
    case Field::kFraction:
      return 6;
    case Field::kYearDay:
      return 7;
    default:
      return -1;
  }
}

// Digits at the start of text `t`.
std::string LeadDigits(const std::string& t) {
  return "(length(" + t + ") - length(ltrim(" + t + ", '0123456789')))";
}

Result<std::string> StrToDateSql(const std::string& value, std::string_view format) {
  Result<std::vector<FormatToken>> tokenized = TokenizeStrToDate(format);
  if (!tokenized.ok()) return std::move(tokenized).error();
  std::vector<FormatToken> tokens = std::move(tokenized).value();
  // With spaces as separators, a value's space after a comma (which MySQL
  // skips, as any space before a field) would open a slot of its own: it is
  // dropped from the value below, and so from the format here ('%M %d, %Y'
  // reads 'May 1,2013' and 'May 1, 2013').
  bool space_separated = false;
  for (const FormatToken& t : tokens) space_separated |= !t.is_field && t.literal == ' ';
  if (space_separated) {
    std::vector<FormatToken> kept;
    for (const FormatToken& t : tokens) {
      bool after_comma = !kept.empty() && !kept.back().is_field && kept.back().literal == ',';
      if (!t.is_field && t.literal == ' ' && after_comma) continue;
      kept.push_back(t);
    }
    tokens = std::move(kept);
  }
  ResultType type = ResultTypeOf(format);

  // Segments: the fields between separators, and where each one's slot is.
  struct Segment {
    std::vector<FieldSpec> fields;
    int slot = 0;
  };
  std::vector<Segment> segments(1);
  std::vector<std::string> separators;  // separators[i] follows segments[i]
  std::string pending;
  std::string separator_chars;
  bool has_names = false;
  bool seen[8] = {};
  for (const FormatToken& t : tokens) {
    if (!t.is_field) {
      pending += t.literal;
      if (separator_chars.find(t.literal) == std::string::npos) separator_chars += t.literal;
      continue;
    }
    if (!pending.empty()) {
      separators.push_back(pending);
      segments.push_back(Segment{{}, segments.back().slot + static_cast<int>(pending.size())});
      pending.clear();
    }
    segments.back().fields.push_back(t.spec);
    has_names |= IsNameField(t.spec.field);
    int component = ComponentOf(t.spec.field);
    if (component >= 0) {
      if (seen[component]) return Unsupported("STR_TO_DATE format setting a field twice");
      seen[component] = true;
    }
  }
  if (!pending.empty()) {
    separators.push_back(pending);
    segments.push_back(Segment{{}, segments.back().slot + static_cast<int>(pending.size())});
  }
  for (char c : separator_chars) {
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (IsDigit(c) || c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20 ||
        static_cast<unsigned char>(c) >= 0x80 || (letter && has_names)) {
      return Unsupported(std::string("STR_TO_DATE format with literal '") + c + "'");
    }
  }
  for (const Segment& s : segments) {
    for (size_t i = 0; i + 1 < s.fields.size(); ++i) {
      Field f = s.fields[i].field;
      if (s.fields[i].width == 0 || f == Field::kStop) {
        return Unsupported(
            "STR_TO_DATE format with a variable-width field directly before another");
      }
    }
  }

  // DATE and DATETIME results are NULL with a zero year, month or day.
  bool has_year_day = seen[7];
  bool date_result = type.date || !type.time;
  if (date_result && (!seen[0] || (!has_year_day && (!seen[1] || !seen[2])))) {
    return std::string("NULL");
  }

  // MySQL skips spaces before each field and ignores them at the end.
  std::string s = "trim(" + value + ")";
  // ',' first: the later replacements write commas of their own.
  std::string ordered = separator_chars;
  if (size_t comma = ordered.find(','); comma != std::string::npos) {
    ordered.erase(comma, 1);
    ordered.insert(ordered.begin(), ',');
  }
  if (space_separated && separator_chars.find(',') != std::string::npos) {
    s = "replace(" + s + ", ', ', ',')";
  }
  std::string array = s;
  for (char c : ordered) {
    array = "replace(" + array + ", " + Quote(std::string(1, c)) + ", '\",\"')";
  }
  array = "('[\"' || " + array + " || '\"]')";
  // A slot's text; NULL past the end of the value.
  auto slot_text = [&](int slot) { return "(" + array + " ->> " + std::to_string(slot) + ")"; };

  // The value rebuilt from its slots and the format's separators; slots past
  // the end of the value stop it (NULL || ... is NULL).
  std::string rebuilt = slot_text(segments.back().slot);
  for (size_t i = segments.size() - 1; i-- > 0;) {
    rebuilt = slot_text(segments[i].slot) + " || coalesce(" + Quote(separators[i]) + " || " +
              rebuilt + ", '')";
  }

  // Each field's check is NULL when the value ended before it (its text is
  // NULL), which is fine unless the result needs that field: coalesce(check,
  // missing_ok). An empty text between two separators fails, as in MySQL; so
  // does one after a final separator ('13:' for '%H:%i'), which MySQL reads
  // as 13:00:00.
  std::vector<std::string> checks;
  checks.push_back("instr(" + s + ", " + rebuilt + ") = 1");
  std::string year = "0", month = "0", day = "0", hour = "0", minute = "0", second = "0",
              fraction = "0", year_day = "0";
  std::vector<std::string> pm_of_scope(8, "0");
  struct Hour12 {
    std::string number;
    int scope;
  };
  std::optional<Hour12> hour12;  // MySQL: hour % 12, plus 12 after PM
  constexpr std::string_view kMonthAbbrs = "janfebmaraprmayjunjulaugsepoctnovdec";
  constexpr std::string_view kDayAbbrs = "sunmontuewedthufrisat";
  // The number of a month or day name from its first three letters, 0 if none.
  auto name_number = [](const std::string& t, std::string_view abbreviations) {
    return "((instr('" + std::string(abbreviations) + "', lower(substr(" + t +
           ", 1, 3))) + 2) / 3)";
  };

  for (size_t si = 0; si < segments.size(); ++si) {
    const Segment& segment = segments[si];
    std::string slot = slot_text(segment.slot);
    bool shared = segment.fields.size() > 1;
    std::string ended = "json_array_length(" + array + ") <= " + std::to_string(segment.slot + 1);
    int offset = 1;
    for (size_t fi = 0; fi < segment.fields.size(); ++fi) {
      const FieldSpec& spec = segment.fields[fi];
      bool last_in_segment = fi + 1 == segment.fields.size();
      // Text after the last field is ignored, as MySQL ignores it.
      bool last_in_format = last_in_segment && si + 1 == segments.size();
      std::string t = slot;
      if (shared) {
        t = "nullif(substr(" + slot + ", " + std::to_string(offset) +
            (last_in_segment ? "" : ", " + std::to_string(spec.width)) + "), '')";
      }
      offset += spec.width;
      // Fields sharing a slot may run out inside it: then nothing may follow.
      std::string missing_ok = shared ? ended : "1";
      if (spec.field == Field::kStop) {
        checks.push_back(shared ? "(" + t + " IS NULL AND " + ended + ")" : t + " IS NULL");
        continue;
      }
      bool required = date_result && !has_year_day &&
                      (ComponentOf(spec.field) == 1 || ComponentOf(spec.field) == 2);
      if (date_result && ComponentOf(spec.field) == 0) required = true;
      if (required) missing_ok = "0";
      int lo = required ? 1 : 0;

      std::string check;
      std::string number;  // the field's integer value
      std::string width = std::to_string(spec.width);
      if (IsNumberField(spec.field)) {
        if (last_in_format) {
          check = t + " GLOB '[0-9]*'";
          number = "CAST(substr(" + t + ", 1, " + width + ") AS INTEGER)";
        } else {
          check =
              "(" + t + " NOT GLOB '*[^0-9]*' AND length(" + t + ") BETWEEN 1 AND " + width + ")";
          number = "(" + t + " + 0)";
        }
      }
      auto range = [&](int low, int high) {
        check +=
            " AND " + number + " BETWEEN " + std::to_string(low) + " AND " + std::to_string(high);
      };
      switch (spec.field) {
        case Field::kYear4: {
          // One or two digits are a year of 1970..2069, as MySQL reads them.
          std::string count =
              last_in_format ? LeadDigits("substr(" + t + ", 1, 4)") : "length(" + t + ")";
          year =
              "(" + number + " + iif(" + count + " < 3, iif(" + number + " < 70, 2000, 1900), 0))";
          if (required) check += " AND (" + count + " < 3 OR " + number + " > 0)";
          break;
        }
        case Field::kYear2:
          year = "(" + number + " + iif(" + number + " < 70, 2000, 1900))";
          break;
        case Field::kMonth:
          range(lo, 12);
          month = number;
          break;
        case Field::kDay:
          range(lo, 31);
          day = number;
          break;
        case Field::kHour24:
          range(0, 23);
          hour = number;
          break;
        case Field::kHour12:
          range(1, 12);
          hour12 = Hour12{number, spec.scope};
          break;
        case Field::kMinute:
          range(0, 59);
          minute = number;
          break;
        case Field::kSecond:
          range(0, 59);
          second = number;
          break;
        case Field::kFraction: {
          std::string digits =
              last_in_format ? "substr(" + t + ", 1, " + LeadDigits("substr(" + t + ", 1, 6)") + ")"
                             : t;
          fraction = "CAST(substr(" + digits + " || '000000', 1, 6) AS INTEGER)";
          break;
        }
        case Field::kYearDay:
          year_day = "ifnull(" + number + ", 0)";
          break;
        case Field::kWeekdayDigit:
          range(0, 6);
          break;
        case Field::kDaySuffix:
          // Up to two digits, then two characters whatever they are.
          check = last_in_format ? t + " GLOB '[0-9]*'"
                                 : t + " GLOB '[0-9]*' AND length(" + t + ") - " +
                                       LeadDigits("substr(" + t + ", 1, 2)") + " <= 2";
          number = "CAST(substr(" + t + ", 1, 2) AS INTEGER)";
          range(lo, 31);
          day = number;
          break;
        case Field::kMonthName:
        case Field::kMonthAbbr:
        case Field::kDayName:
        case Field::kDayAbbr: {
          bool of_month = spec.field == Field::kMonthName || spec.field == Field::kMonthAbbr;
          bool abbreviated = spec.field == Field::kMonthAbbr || spec.field == Field::kDayAbbr;
          std::string_view abbreviations = of_month ? kMonthAbbrs : kDayAbbrs;
          std::string n = name_number(t, abbreviations);
          // A name, or (as MySQL's find_type) an unambiguous start of one.
          check = abbreviated ? "substr('" + std::string(abbreviations) + "', 3 * " + n +
                                    " - 2, 3) = lower(" + t + ")"
                              : "length(" + t + ") >= 3 AND instr(lower(rtrim(substr(" +
                                    std::string(of_month ? kMonthNames : kDayNames) + ", 9 * " + n +
                                    " - 8, 9))), lower(" + t + ")) = 1";
          check = n + " > 0 AND " + check;
          if (of_month) month = n;
          break;
        }
        case Field::kAmPm:
          check = "upper(" + (last_in_format ? "substr(" + t + ", 1, 2)" : t) + ") IN ('AM', 'PM')";
          pm_of_scope[std::min(spec.scope, 7)] = "(upper(substr(" + t + ", 1, 2)) IS 'PM')";
          break;
        case Field::kStop:
          break;
      }
      checks.push_back("coalesce(" + check + ", " + missing_ok + ")");
    }
  }
  if (hour12.has_value()) {
    hour = "(" + hour12->number + " % 12 + 12 * " + pm_of_scope[std::min(hour12->scope, 7)] + ")";
  }

  std::string fraction_text = type.fraction ? " || printf('.%06d', " + fraction + ")" : "";
  std::string out;
  if (date_result) {
    out = "printf('%04d-%02d-%02d', " + year + ", " + month + ", " + day + ")";
    if (has_year_day) {
      out = "CASE WHEN " + year_day + " > 0 THEN date(printf('%04d-01-01', " + year + "), (" +
            year_day + " - 1) || ' days') ELSE " + out + " END";
      checks.push_back("(" + year_day + " > 0 OR (" + month + " > 0 AND " + day + " > 0))");
    }
    if (type.time) {
      out += " || printf(' %02d:%02d:%02d', " + hour + ", " + minute + ", " + second + ")" +
             fraction_text;
    }
  } else {
    out = "printf('%02d:%02d:%02d', " + hour + " + 24 * ifnull(" + day + ", 0), " + minute + ", " +
          second + ")" + fraction_text;
  }
  std::string all;
  for (const std::string& c : checks) all += (all.empty() ? "" : " AND ") + c;
  return "CASE WHEN json_valid(" + array + ") THEN CASE WHEN " + all + " THEN " + out + " END END";
}

// ---------------------------------------------------------------------------
// The other functions

struct Arity {
  std::string_view name;
  int min;
  int max;
};

constexpr Arity kArities[] = {
    {"ADDDATE", 2, 2},
    {"ADDTIME", 2, 2},
    {"CONVERT_TZ", 3, 3},
    {"CURDATE", 0, 0},
    {"CURRENT_DATE", 0, 0},
    {"CURRENT_TIME", 0, 1},
    {"CURRENT_TIMESTAMP", 0, 1},
    {"CURTIME", 0, 1},
    {"DATE", 1, 1},
    {"DATEDIFF", 2, 2},
    {"DATE_ADD", 2, 2},
    {"DATE_FORMAT", 2, 2},
    {"DATE_SUB", 2, 2},
    {"DAY", 1, 1},
    {"DAYNAME", 1, 1},
    {"DAYOFMONTH", 1, 1},
    {"DAYOFWEEK", 1, 1},
    {"DAYOFYEAR", 1, 1},
    {"EXTRACT", 1, 1},
    {"FROM_DAYS", 1, 1},
    {"FROM_UNIXTIME", 1, 2},
    {"HOUR", 1, 1},
    {"LAST_DAY", 1, 1},
    {"LOCALTIME", 0, 1},
    {"LOCALTIMESTAMP", 0, 1},
    {"MAKEDATE", 2, 2},
    {"MAKETIME", 3, 3},
    {"MICROSECOND", 1, 1},
    {"MINUTE", 1, 1},
    {"MONTH", 1, 1},
    {"MONTHNAME", 1, 1},
    {"NOW", 0, 1},
    {"PERIOD_ADD", 2, 2},
    {"PERIOD_DIFF", 2, 2},
    {"QUARTER", 1, 1},
    {"SECOND", 1, 1},
    {"SEC_TO_TIME", 1, 1},
    {"STR_TO_DATE", 2, 2},
    {"SUBDATE", 2, 2},
    {"SUBTIME", 2, 2},
    {"SYSDATE", 0, 1},
    {"TIME", 1, 1},
    {"TIMEDIFF", 2, 2},
    {"TIMESTAMP", 1, 2},
    {"TIMESTAMPADD", 2, 2},
    {"TIMESTAMPDIFF", 2, 2},
    {"TIME_FORMAT", 2, 2},
    {"TIME_TO_SEC", 1, 1},
    {"TO_DAYS", 1, 1},
    {"TO_SECONDS", 1, 1},
    {"UNIX_TIMESTAMP", 0, 1},
    {"UTC_DATE", 0, 0},
    {"UTC_TIME", 0, 1},
    {"UTC_TIMESTAMP", 0, 1},
    {"WEEK", 1, 2},
    {"WEEKDAY", 1, 1},
    {"WEEKOFYEAR", 1, 1},
    {"YEAR", 1, 1},
    {"YEARWEEK", 1, 2},
};

const Arity* FindArity(std::string_view upper_name) {
  for (const Arity& a : kArities) {
    if (a.name == upper_name) return &a;
  }
  return nullptr;
}

// The value of a literal integer argument (42, -1), or nullopt.
std::optional<int64_t> IntLiteral(const FunctionCall& call, size_t i) {
  if (i >= call.args.size()) return std::nullopt;
  std::optional<Decimal> d = ParseDecimal(call.args[i]);
  if (!d.has_value() || !d->frac_digits.empty()) return std::nullopt;
  int64_t v = DigitsValue(d->int_digits);
  return d->negative ? -v : v;
}

bool IsNullLiteral(const FunctionCall& call, size_t i) {
  if (call.node != nullptr && i < call.node->args.size) {
    const auto* literal = sql::ast::As<sql::ast::Literal>(call.node->args[i]);
    if (literal != nullptr && literal->literal == sql::ast::LiteralKind::kNull) return true;
  }
  return i < call.args.size() && IsNullText(call.args[i]);
}

// The literal format of argument `i`; 1235 naming the function otherwise.
Result<std::string> LiteralFormat(const FunctionCall& call, size_t i) {
  if (std::optional<std::string_view> format = StringLiteralArg(call, i)) {
    return std::string(*format);
  }
  if (call.node == nullptr) {
    if (std::optional<std::string> text = ParseStringLiteral(call.args[i])) return *text;
  }
  return Unsupported(call.name + " with a format that is not a string literal");
}

// Fractional-second precision of NOW(fsp), CURTIME(fsp), ...
Result<int> Precision(const FunctionCall& call) {
  if (call.args.empty()) return 0;
  std::optional<int64_t> fsp = IntLiteral(call, 0);
  if (!fsp.has_value() || *fsp < 0) {
    return Unsupported(call.name + " with a precision that is not an integer literal");
  }
  if (*fsp > 6) {
    return Error(ErrorCode::kTooBigPrecision, "Too-big precision " + std::to_string(*fsp) +
                                                  " specified for '" + AsciiLower(call.name) +
                                                  "'. Maximum is 6.");
  }
  return static_cast<int>(*fsp);
}

// `now` (a SQLite time value) with `fsp` fraction digits (SQLite's clock has milliseconds; MySQL
// truncates, and so does this). `time_only`: 'HH:MM:SS[.f]'.
std::string NowSql(int fsp, bool time_only, std::string_view now) {
  std::string format = time_only ? "'%H:%M:%f'" : "'%Y-%m-%d %H:%M:%f'";
  int width = time_only ? 8 : 19;
  std::string at(now);
  if (fsp == 0) return (time_only ? "time(" : "datetime(") + at + ")";
  if (fsp <= 3) {
    return "substr(strftime(" + format + ", " + at + "), 1, " + std::to_string(width + 1 + fsp) +
           ")";
  }
  return "strftime(" + format + ", " + at + ") || '" +
         std::string(static_cast<size_t>(fsp - 3), '0') + "'";
}

// A part of a time or datetime (HOUR(), MINUTE(), ...): `of_datetime` from
// the datetime's base, `of_time` from a time's text. `canonical`: the value
// is known to be NULL or a time this module printed (TIMEDIFF(), ...).
std::string TimePart(const std::string& x, std::string_view of_datetime, std::string_view of_time,
                     bool canonical) {
  std::string time_part = Sub(of_time, {x, "ltrim(" + x + ", '-0123456789')"});
  if (canonical) return time_part;
  return "CASE WHEN " + DateOk(x) + " THEN " + Sub(of_datetime, {x, Base(x)}) + " WHEN " +
         TimeOk(x) + " THEN " + time_part + " END";
}

// Whether argument `i` is a call whose result is always a TIME this module
// prints, so its readers may skip the shape checks.
bool IsCanonicalTime(const FunctionCall& call, size_t i) {
  if (call.node == nullptr || i >= call.node->args.size) return false;
  const auto* f = sql::ast::As<sql::ast::Function>(call.node->args[i]);
  if (f == nullptr || !f->schema.empty()) return false;
  std::string name = AsciiUpper(f->name);
  return name == "TIMEDIFF" || name == "SEC_TO_TIME" || name == "MAKETIME";
}

std::string ExtractSql(TimeUnit unit, const std::string& x) {
  std::string ok = DateOk(x);
  switch (unit) {
    case TimeUnit::kYear:
      return "CASE WHEN " + ok + " THEN substr(" + x + ", 1, 4) + 0 END";
    case TimeUnit::kMonth:
      return "CASE WHEN " + ok + " THEN substr(" + x + ", 6, 2) + 0 END";
    case TimeUnit::kDay:
      return "CASE WHEN " + ok + " THEN substr(" + x + ", 9, 2) + 0 END";
    case TimeUnit::kQuarter:
      return "CASE WHEN " + ok + " THEN (substr(" + x + ", 6, 2) + 2) / 3 END";
    case TimeUnit::kYearMonth:
      return "CASE WHEN " + ok + " THEN substr(" + x + ", 1, 4) * 100 + substr(" + x +
             ", 6, 2) END";
    case TimeUnit::kWeek:  // default_week_format 0
      return "CASE WHEN " + ok + " THEN " + Week("substr(" + x + ", 1, 10)", WeekMode(0)).week +
             " END";
    default:
      break;
  }
  // Time parts carry the sign of a negative TIME; "day" is the day of the
  // month of a datetime and 0 for a TIME (whose hours pass 24).
  std::string v = "(" + TimeMicros(x) + ")";
  std::string h = v + " / 3600000000";
  std::string m = v + " / 60000000 % 60";
  std::string s = v + " / 1000000 % 60";
  std::string us = v + " % 1000000";
  std::string d = "iif(" + ok + ", substr(" + x + ", 9, 2) + 0, 0)";
  switch (unit) {
    case TimeUnit::kHour:
      return h;
    case TimeUnit::kMinute:
      return m;
    case TimeUnit::kSecond:
      return s;
    case TimeUnit::kMicrosecond:
      return us;
    case TimeUnit::kDayHour:
      return d + " * 100 + " + h;
    case TimeUnit::kDayMinute:
      return d + " * 10000 + " + h + " * 100 + " + m;
    case TimeUnit::kDaySecond:
      return d + " * 1000000 + " + h + " * 10000 + " + m + " * 100 + " + s;
    case TimeUnit::kDayMicrosecond:
      return "(" + d + " * 1000000 + " + h + " * 10000 + " + m + " * 100 + " + s +
             ") * 1000000 + " + us;
    case TimeUnit::kHourMinute:
      return h + " * 100 + " + m;
    case TimeUnit::kHourSecond:
      return h + " * 10000 + " + m + " * 100 + " + s;
    case TimeUnit::kHourMicrosecond:
      return "(" + h + " * 10000 + " + m + " * 100 + " + s + ") * 1000000 + " + us;
    case TimeUnit::kMinuteSecond:
      return m + " * 100 + " + s;
    case TimeUnit::kMinuteMicrosecond:
      return "(" + m + " * 100 + " + s + ") * 1000000 + " + us;
    case TimeUnit::kSecondMicrosecond:
      return s + " * 1000000 + " + us;
    default:
      return "NULL";
  }
}

// MySQL's TIMESTAMPDIFF: whole units from a to b, truncated toward zero.
std::string TimestampDiffSql(TimeUnit unit, const std::string& a, const std::string& b) {
  std::string ok = "CASE WHEN " + DateOk(a) + " AND " + DateOk(b) + " THEN ";
  int64_t size = 0;
  switch (unit) {
    case TimeUnit::kMonth:
    case TimeUnit::kQuarter:
    case TimeUnit::kYear: {
      // MySQL counts months by the calendar fields, less one when the end's
      // day-and-time is before the start's ('2024-01-31' to '2024-02-29' is
      // 0 months). A key of months * 2^42 + microseconds into the month
      // makes that one truncating division: the in-month part never reaches
      // 2^42, and SQLite's integer division truncates toward zero, which
      // gives MySQL's answer in both directions.
      auto key = [](const std::string& x) {
        return "(substr(" + x + ", 1, 4) * 12 + substr(" + x + ", 6, 2)) * 4398046511104 + " +
               "(unixepoch(" + Base(x) + ") - unixepoch(substr(" + x + ", 1, 7) || '-01')) * " +
               "1000000 + " + Micros(x);
      };
      std::string months = "(" + key(b) + " - (" + key(a) + ")) / 4398046511104";
      if (unit == TimeUnit::kQuarter) months = "(" + months + ") / 3";
      if (unit == TimeUnit::kYear) months = "(" + months + ") / 12";
      return ok + months + " END";
    }
    case TimeUnit::kWeek:
      size = 7 * 86400 * kS;
      break;
    case TimeUnit::kDay:
      size = 86400 * kS;
      break;
    case TimeUnit::kHour:
      size = 3600 * kS;
      break;
    case TimeUnit::kMinute:
      size = 60 * kS;
      break;
    case TimeUnit::kSecond:
      size = kS;
      break;
    case TimeUnit::kMicrosecond:
      size = 1;
      break;
    default:
      return "NULL";
  }
  std::string micros = "(unixepoch(" + Base(b) + ") - unixepoch(" + Base(a) + ")) * 1000000 + " +
                       Micros(b) + " - " + Micros(a);
  if (size == 1) return ok + micros + " END";
  return ok + "(" + micros + ") / " + std::to_string(size) + " END";
}

// A time zone CONVERT_TZ can apply without tables: its UTC offset in
// seconds. nullopt for a named zone; `invalid` for text no zone has.
std::optional<int64_t> ZoneOffset(std::string_view zone, bool* invalid) {
  *invalid = false;
  if (EqualsIgnoreCase(zone, "UTC") || EqualsIgnoreCase(zone, "SYSTEM") ||
      EqualsIgnoreCase(zone, "GMT") || EqualsIgnoreCase(zone, "Etc/UTC") ||
      EqualsIgnoreCase(zone, "Etc/GMT")) {
    return 0;
  }
  if (zone.size() >= 5 && (zone[0] == '+' || zone[0] == '-')) {
    size_t colon = zone.find(':');
    std::string_view h = zone.substr(1, colon == std::string_view::npos ? 0 : colon - 1);
    std::string_view m = colon == std::string_view::npos ? "" : zone.substr(colon + 1);
    bool digits = !h.empty() && h.size() <= 2 && m.size() == 2;
    for (char c : h) digits &= IsDigit(c);
    for (char c : m) digits &= IsDigit(c);
    if (digits) {
      int64_t minutes = DigitsValue(h) * 60 + DigitsValue(m);
      int64_t offset = zone[0] == '-' ? -minutes * 60 : minutes * 60;
      // MySQL accepts -13:59 .. +14:00.
      if (DigitsValue(m) < 60 && offset >= -(13 * 3600 + 59 * 60) && offset <= 14 * 3600) {
        return offset;
      }
    }
    *invalid = true;
    return std::nullopt;
  }
  return std::nullopt;
}

Result<std::string> ConvertTzSql(const FunctionCall& call) {
  if (IsNullLiteral(call, 1) || IsNullLiteral(call, 2)) return std::string("NULL");
  std::optional<std::string_view> from = StringLiteralArg(call, 1);
  std::optional<std::string_view> to = StringLiteralArg(call, 2);
  if (!from.has_value() || !to.has_value()) {
    return Unsupported("CONVERT_TZ with time zones that are not string literals");
  }
  bool from_invalid = false, to_invalid = false;
  std::optional<int64_t> from_offset = ZoneOffset(*from, &from_invalid);
  std::optional<int64_t> to_offset = ZoneOffset(*to, &to_invalid);
  if (from_invalid || to_invalid) return std::string("NULL");  // MySQL: unknown zone
  std::string x = Atom(call.args[0]);
  std::string keep = "datetime(" + Base(x) + ")";
  std::string frac = " || " + Sub(kOrigFrac, {x});
  if (EqualsIgnoreCase(*from, *to) || (from_offset.has_value() && from_offset == to_offset)) {
    return "CASE WHEN " + DateOk(x) + " THEN " + keep + frac + " END";
  }
  if (!from_offset.has_value() || !to_offset.has_value()) {
    return Unsupported("CONVERT_TZ with named time zones");
  }
  // MySQL leaves values outside the TIMESTAMP range unchanged.
  std::string utc = "(unixepoch(" + Base(x) + ") - " + std::to_string(*from_offset) + ")";
  return "CASE WHEN " + DateOk(x) + " THEN CASE WHEN " + utc +
         " BETWEEN 1 AND 2147483647 THEN datetime(" + utc + " + " + std::to_string(*to_offset) +
         ", 'unixepoch') ELSE " + keep + " END" + frac + " END";
}

// A time written as a literal, read as MySQL's str_to_time() reads it:
// '[-][D ]H[:M[:S]][.f]' or the digits '[-]HHMMSS[.f]' (also unquoted), in
// microseconds clipped to MySQL's TIME range. nullopt for anything else,
// which the generated SQL then reads at run time.
std::optional<int64_t> StaticTimeMicros(std::string_view text) {
  std::string s;
  if (std::optional<std::string> literal = ParseStringLiteral(text)) {
    s = *literal;
  } else if (std::optional<Decimal> d = ParseDecimal(text)) {
    s = (d->negative ? "-" : "") + d->int_digits;
    if (!d->frac_digits.empty()) s += "." + d->frac_digits;
  } else {
    return std::nullopt;
  }
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  bool negative = i < s.size() && s[i] == '-';
  if (negative) ++i;
  auto digits = [&](size_t max) -> std::optional<int64_t> {
    size_t start = i;
    int64_t v = 0;
    while (i < s.size() && IsDigit(s[i]) && i - start < max) v = v * 10 + (s[i++] - '0');
    if (i == start) return std::nullopt;
    return v;
  };
  std::optional<int64_t> first = digits(12);
  if (!first.has_value()) return std::nullopt;
  int64_t hours = 0, minutes = 0, seconds = 0, micros = 0;
  if (i < s.size() && (s[i] == ' ' || s[i] == ':')) {
    hours = *first;
    if (s[i] == ' ') {  // D H...
      ++i;
      std::optional<int64_t> h = digits(3);
      if (!h.has_value()) return std::nullopt;
      hours = *first * 24 + *h;
    }
    if (i < s.size() && s[i] == ':') {
      ++i;
      std::optional<int64_t> m = digits(2);
      if (!m.has_value()) return std::nullopt;
      minutes = *m;
      if (i < s.size() && s[i] == ':') {
        ++i;
        std::optional<int64_t> sec = digits(2);
        if (!sec.has_value()) return std::nullopt;
        seconds = *sec;
      }
    }
  } else {  // HHMMSS
    seconds = *first % 100;
    minutes = *first / 100 % 100;
    hours = *first / 10000;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::string frac;
    while (i < s.size() && IsDigit(s[i])) {
      if (frac.size() < 6) frac += s[i];
      ++i;
    }
    micros = DigitsValue((frac + "000000").substr(0, 6));
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i != s.size() || minutes >= 60 || seconds >= 60 || hours > 100000) return std::nullopt;
  int64_t total = ((hours * 60 + minutes) * 60 + seconds) * kS + micros;
  total = std::min(total, kMaxTimeSeconds * kS);
  return negative ? -total : total;
}

// Signed microseconds of a time argument, and the check that it is one.
struct TimeOperand {
  std::string micros;
  std::string ok;  // empty when known at translation time
};

TimeOperand TimeOperandOf(const std::string& text) {
  if (std::optional<int64_t> fixed = StaticTimeMicros(text)) {
    return {"(" + std::to_string(*fixed) + ")", ""};
  }
  std::string x = Atom(text);
  return {"(" + TimeOnlyMicros(x) + ")", TimeOk(x)};
}

// ADDTIME / SUBTIME: a datetime or a time plus a time.
std::string AddTimeSql(const std::string& t, const std::string& i_text, bool subtract) {
  TimeOperand i = TimeOperandOf(i_text);
  std::string delta = subtract ? "-" + i.micros : i.micros;
  std::string sum = "CASE WHEN " + DateOk(t) + " THEN " +
                    FormatEpochMicros("(" + EpochMicros(t) + " + " + delta + ")", true) + " WHEN " +
                    TimeOk(t) + " THEN " + FormatTimeMicros(TimeOnlyMicros(t) + " + " + delta, -1) +
                    " END";
  if (i.ok.empty()) return sum;
  return "CASE WHEN " + i.ok + " THEN " + sum + " END";
}

std::string TimeDiffSql(const std::string& a_text, const std::string& b_text) {
  // MySQL: NULL when one is a datetime and the other a time. A time literal
  // settles which one applies.
  if (StaticTimeMicros(a_text).has_value() || StaticTimeMicros(b_text).has_value()) {
    TimeOperand a = TimeOperandOf(a_text), b = TimeOperandOf(b_text);
    std::string ok = a.ok.empty() ? b.ok : b.ok.empty() ? a.ok : a.ok + " AND " + b.ok;
    std::string diff = FormatTimeMicros(a.micros + " - " + b.micros, -1);
    return ok.empty() ? diff : "CASE WHEN " + ok + " THEN " + diff + " END";
  }
  std::string a = Atom(a_text), b = Atom(b_text);
  std::string datetimes = "(unixepoch(" + Base(a) + ") - unixepoch(" + Base(b) + ")) * 1000000 + " +
                          Micros(a) + " - " + Micros(b);
  std::string times = TimeOnlyMicros(a) + " - (" + TimeOnlyMicros(b) + ")";
  return "CASE WHEN " + DateOk(a) + " AND " + DateOk(b) + " THEN " +
         FormatTimeMicros(datetimes, -1) + " WHEN " + TimeOk(a) + " AND " + TimeOk(b) + " THEN " +
         FormatTimeMicros(times, -1) + " END";
}

// PERIOD_ADD / PERIOD_DIFF: months since year 0 of a period YYMM or YYYYMM.
std::string PeriodMonths(const std::string& p) {
  return Sub(
      "($1 / 100 + iif($1 / 100 < 70, 2000, iif($1 / 100 < 100, 1900, 0))) * 12 + $1 % 100 - 1",
      {p});
}

std::string ValidPeriod(const std::string& p) {
  return p + " > 0 AND " + p + " % 100 BETWEEN 1 AND 12";
}

Result<std::string> Translate(const FunctionCall& call) {
  const std::string& name = call.name;
  const std::vector<std::string>& args = call.args;
  auto x = [&](size_t i) { return Atom(args[i]); };
  auto date_part = [&](const std::string& body) {
    std::string v = x(0);
    return "CASE WHEN " + DateOk(v) + " THEN " + Sub(body, {v, "substr(" + v + ", 1, 10)"}) +
           " END";
  };

  if (name == "DATE_ADD" || name == "DATE_SUB" || name == "ADDDATE" || name == "SUBDATE") {
    bool subtract = name == "DATE_SUB" || name == "SUBDATE";
    if (const sql::ast::Interval* interval = IntervalArg(call, 1)) {
      return AddIntervalSql(args[0], args[1], interval->unit, subtract);
    }
    if (name == "DATE_ADD" || name == "DATE_SUB") {
      return Error(ErrorCode::kParse, "You have an error in your SQL syntax; " + name +
                                          " needs an INTERVAL as its second argument");
    }
    return AddIntervalSql(args[0], args[1], TimeUnit::kDay, subtract);  // ADDDATE(d, days)
  }
  if (name == "TIMESTAMPADD" || name == "TIMESTAMPDIFF" || name == "EXTRACT") {
    if (call.node == nullptr || call.node->form != sql::ast::FunctionForm::kUnitFirst) {
      return Error(ErrorCode::kParse,
                   "You have an error in your SQL syntax; " + name + " needs a unit");
    }
    TimeUnit unit = call.node->unit;
    if (name == "EXTRACT") return ExtractSql(unit, x(0));
    if (name == "TIMESTAMPADD") return AddIntervalSql(args[1], args[0], unit, false);
    return TimestampDiffSql(unit, x(0), x(1));
  }
  if (name == "DATE_FORMAT" || name == "TIME_FORMAT") {
    if (IsNullLiteral(call, 1)) return std::string("NULL");
    Result<std::string> format = LiteralFormat(call, 1);
    if (!format.ok()) return format;
    return name == "DATE_FORMAT" ? DateFormatSql(x(0), format.value())
                                 : TimeFormatSql(x(0), format.value());
  }
  if (name == "STR_TO_DATE") {
    if (IsNullLiteral(call, 1)) return std::string("NULL");
    Result<std::string> format = LiteralFormat(call, 1);
    if (!format.ok()) return format;
    return StrToDateSql(x(0), format.value());
  }
  if (name == "NOW" || name == "CURRENT_TIMESTAMP" || name == "LOCALTIME" ||
      name == "LOCALTIMESTAMP" || name == "SYSDATE" || name == "UTC_TIMESTAMP" ||
      name == "CURTIME" || name == "CURRENT_TIME" || name == "UTC_TIME") {
    Result<int> fsp = Precision(call);
    if (!fsp.ok()) return std::move(fsp).error();
    return NowSql(fsp.value(), name == "CURTIME" || name == "CURRENT_TIME" || name == "UTC_TIME",
                  call.now);
  }
  if (name == "CURDATE" || name == "CURRENT_DATE" || name == "UTC_DATE") {
    return "date(" + std::string(call.now) + ")";
  }
  if (name == "UNIX_TIMESTAMP") {
    if (args.empty()) return "unixepoch(" + std::string(call.now) + ")";
    std::string v = x(0);
    // MySQL gives 0 for a value it cannot read or outside 1970..3001.
    return "CASE WHEN " + v + " IS NULL THEN NULL WHEN " + DateOk(v) + " AND unixepoch(" + Base(v) +
           ") BETWEEN 0 AND 32536771199 THEN unixepoch(" + Base(v) + ") + iif(substr(" + v +
           ", 20, 1) = '.', " + Micros(v) + " / 1000000.0, 0) ELSE 0 END";
  }
  if (name == "FROM_UNIXTIME") {
    std::string n = NumArg(args[0]);
    int digits = LiteralFractionDigits(args[0]);
    std::string micros =
        "min(999999, CAST(round((" + n + " - CAST(" + n + " AS INTEGER)) * 1000000) AS INTEGER))";
    std::string seconds = "datetime(CAST(" + n + " AS INTEGER), 'unixepoch')";
    std::string range = "CASE WHEN " + n + " >= 0 AND " + n + " < 32536771200 THEN ";
    if (args.size() == 2) {
      if (IsNullLiteral(call, 1)) return std::string("NULL");
      Result<std::string> format = LiteralFormat(call, 1);
      if (!format.ok()) return format;
      std::optional<std::string> pieces =
          FormatPieces(format.value(), "(" + seconds + " || printf('.%06d', " + micros + "))",
                       FormatSource::kDate);
      if (!pieces.has_value()) return std::string("NULL");
      return range + *pieces + " END";
    }
    std::string frac;
    if (digits < 0) {
      frac = " || replace(printf('.%06d', " + micros + "), '.000000', '')";
    } else if (digits > 0) {
      frac = " || substr(printf('.%06d', " + micros + "), 1, " + std::to_string(digits + 1) + ")";
    }
    return range + seconds + frac + " END";
  }
  if (name == "DATE") return date_part("$2");
  if (name == "TIMESTAMP") {
    std::string v = x(0);
    if (args.size() == 1) {
      return "CASE WHEN " + DateOk(v) + " THEN datetime(" + Base(v) + ") || " +
             Sub(kOrigFrac, {v}) + " END";
    }
    TimeOperand t = TimeOperandOf(args[1]);
    std::string ok = DateOk(v) + (t.ok.empty() ? "" : " AND " + t.ok);
    return "CASE WHEN " + ok + " THEN " +
           FormatEpochMicros("(" + EpochMicros(v) + " + " + t.micros + ")", true) + " END";
  }
  if (name == "TIME") {
    return TimePart(x(0), "time($2) || substr($1, 20, 7)",
                    "iif(substr($1, 1, 1) = '-', '-', '') || iif(CAST(ltrim($1, '-') AS INTEGER) "
                    "> 838, '838:59:59', printf('%02d:', CAST(ltrim($1, '-') AS INTEGER)) || "
                    "substr($2 || ':00', 2, 5) || substr($2, 7, 7))",
                    false);
  }
  if (name == "YEAR") return date_part("substr($1, 1, 4) + 0");
  if (name == "MONTH") return date_part("substr($1, 6, 2) + 0");
  if (name == "DAY" || name == "DAYOFMONTH") return date_part("substr($1, 9, 2) + 0");
  if (name == "QUARTER") return date_part("(substr($1, 6, 2) + 2) / 3");
  if (name == "DAYOFYEAR") return date_part("strftime('%j', $2) + 0");
  if (name == "DAYOFWEEK") return date_part("strftime('%w', $2) + 1");
  if (name == "WEEKDAY") return date_part("(strftime('%w', $2) + 6) % 7");
  if (name == "DAYNAME") {
    return date_part("rtrim(substr(" + std::string(kDayNames) +
                     ", 9 * strftime('%w', $2) + 1, 9))");
  }
  if (name == "MONTHNAME") {
    return date_part("rtrim(substr(" + std::string(kMonthNames) +
                     ", 9 * substr($1, 6, 2) - 8, 9))");
  }
  if (name == "LAST_DAY") {
    // The last day of December 9999 cannot be computed through 10000-01-01.
    return date_part("coalesce(date($2, 'start of month', '+1 month', '-1 day'), '9999-12-31')");
  }
  if (name == "WEEK" || name == "YEARWEEK" || name == "WEEKOFYEAR") {
    std::string d = "substr($1, 1, 10)";
    auto body = [&](int64_t mode) {
      if (name == "WEEKOFYEAR") return Week(d, WeekMode(3)).week;
      if (name == "WEEK") return Week(d, WeekMode(mode)).week;
      WeekSql w = Week(d, WeekMode(mode) | kWeekYear);
      return w.year + " * 100 + " + w.week;
    };
    if (args.size() < 2) return date_part(body(0));
    if (std::optional<int64_t> mode = IntLiteral(call, 1)) return date_part(body(*mode));
    if (IsNullLiteral(call, 1)) return std::string("NULL");
    std::string cases = "CASE " + Atom(IntArg(args[1])) + " & 7";
    for (int mode = 0; mode < 8; ++mode) {
      cases += " WHEN " + std::to_string(mode) + " THEN " + body(mode);
    }
    return date_part(cases + " END");
  }
  if (name == "HOUR" || name == "MINUTE" || name == "SECOND" || name == "MICROSECOND") {
    bool canonical = IsCanonicalTime(call, 0);
    if (name == "HOUR") {
      return TimePart(x(0), "strftime('%H', $2) + 0", "min(838, CAST(ltrim($1, '-') AS INTEGER))",
                      canonical);
    }
    if (name == "MINUTE") {
      return TimePart(x(0), "strftime('%M', $2) + 0", "substr($2, 2, 2) + 0", canonical);
    }
    if (name == "SECOND") {
      return TimePart(x(0), "strftime('%S', $2) + 0", "substr($2 || ':00', 5, 2) + 0", canonical);
    }
    return TimePart(x(0), "CAST(substr(substr($1, 21) || '000000', 1, 6) AS INTEGER)",
                    "CAST(substr(substr($2, 8) || '000000', 1, 6) AS INTEGER)", canonical);
  }
  if (name == "TIME_TO_SEC") {
    return TimePart(x(0), "unixepoch(time($2)) - 946684800",
                    "iif($1 LIKE '-%', -1, 1) * min(3020399, CAST(ltrim($1, '-') AS INTEGER) * "
                    "3600 + unixepoch('00' || substr($2, 1, 6)) - 946684800)",
                    IsCanonicalTime(call, 0));
  }
  if (name == "SEC_TO_TIME") {
    int digits = LiteralFractionDigits(args[0]);
    std::optional<Decimal> d = ParseDecimal(args[0]);
    std::string micros;
    if (d.has_value()) {
      int64_t v =
          DigitsValue(d->int_digits) * kS + DigitsValue((d->frac_digits + "000000").substr(0, 6));
      micros = std::to_string(d->negative ? -v : v);
    } else {
      micros = "CAST(round(" + NumArg(args[0]) + " * 1000000) AS INTEGER)";
    }
    return FormatTimeMicros(micros, digits);
  }
  if (name == "MAKEDATE") {
    std::string y = Atom(IntArg(args[0]));
    std::string n = Atom(IntArg(args[1]));
    return "CASE WHEN " + y + " BETWEEN 0 AND 9999 AND " + n +
           " > 0 THEN date(printf('%04d-01-01', " + y + " + iif(" + y + " < 70, 2000, iif(" + y +
           " < 100, 1900, 0))), (" + n + " - 1) || ' days') END";
  }
  if (name == "MAKETIME") {
    std::string h = Atom(IntArg(args[0]));
    std::string m = Atom(IntArg(args[1]));
    std::string s = NumArg(args[2]);
    return "CASE WHEN " + m + " BETWEEN 0 AND 59 AND " + s + " >= 0 AND " + s + " < 60 THEN " +
           FormatTimeMicros("(1 - 2 * (" + h + " < 0)) * min(3020399000000, abs(" + h +
                                ") * 3600000000 + " + m + " * 60000000 + CAST(round(" + s +
                                " * 1000000) AS INTEGER))",
                            LiteralFractionDigits(args[2])) +
           " END";
  }
  if (name == "DATEDIFF") {
    std::string a = x(0), b = x(1);
    return "CASE WHEN " + DateOk(a) + " AND " + DateOk(b) + " THEN (unixepoch(substr(" + a +
           ", 1, 10)) - unixepoch(substr(" + b + ", 1, 10))) / 86400 END";
  }
  if (name == "TO_DAYS") return date_part("unixepoch($2) / 86400 + 719528");
  if (name == "TO_SECONDS") {
    std::string v = x(0);
    return "CASE WHEN " + DateOk(v) + " THEN unixepoch(" + Base(v) + ") + 62167219200 END";
  }
  if (name == "FROM_DAYS") {
    std::string n = Atom(IntArg(args[0]));
    // MySQL prints day numbers before year 1 and after 9999 as a zero date.
    return "CASE WHEN " + n + " IS NULL THEN NULL WHEN " + n + " < 366 OR " + n +
           " >= 3652500 THEN '0000-00-00' ELSE date((" + n + " - 719528) * 86400, 'unixepoch') END";
  }
  if (name == "TIMEDIFF") return TimeDiffSql(args[0], args[1]);
  if (name == "ADDTIME" || name == "SUBTIME") return AddTimeSql(x(0), args[1], name == "SUBTIME");
  if (name == "PERIOD_ADD") {
    std::string p = Atom(IntArg(args[0]));
    std::string m = "(" + PeriodMonths(p) + " + " + Atom(IntArg(args[1])) + ")";
    return "CASE WHEN " + ValidPeriod(p) + " THEN " +
           Sub("($1 / 12 + iif($1 / 12 < 70, 2000, iif($1 / 12 < 100, 1900, 0))) * 100 + $1 % 12 + "
               "1",
               {m}) +
           " END";
  }
  if (name == "PERIOD_DIFF") {
    std::string p = Atom(IntArg(args[0])), q = Atom(IntArg(args[1]));
    return "CASE WHEN " + ValidPeriod(p) + " AND " + ValidPeriod(q) + " THEN " + PeriodMonths(p) +
           " - (" + PeriodMonths(q) + ") END";
  }
  if (name == "CONVERT_TZ") return ConvertTzSql(call);
  return Unsupported(name);
}

}  // namespace

bool IsDatetimeFunction(std::string_view upper_name) { return FindArity(upper_name) != nullptr; }

Result<std::string> TranslateDatetimeFunction(const FunctionCall& call) {
  const Arity* arity = FindArity(call.name);
  if (arity == nullptr) return Unsupported(call.name);
  int n = static_cast<int>(call.args.size());
  if (n < arity->min || n > arity->max) return WrongArgumentCount(call.name);
  return Translate(call);
}

std::string AddIntervalSql(std::string_view temporal, std::string_view amount, TimeUnit unit,
                           bool subtract) {
  if (IsNullText(temporal)) return "NULL";
  std::string x = Atom(temporal);
  if (std::optional<StaticInterval> fixed = DecodeStaticInterval(amount, unit)) {
    if (subtract) {
      fixed->months = -fixed->months;
      fixed->micros = -fixed->micros;
    }
    return StaticShift(x, *fixed, unit);
  }
  std::string a = Atom(amount);
  if (std::optional<CompoundUnit> compound = CompoundOf(unit)) {
    std::string delta = "(" + DynamicCompound(std::string(amount), *compound, subtract) + ")";
    if (unit == TimeUnit::kYearMonth) return MonthShift(x, delta, true);
    return MicroShift(x, delta, true);
  }
  // A signed count of `size` units, as SQL: parenthesised, since || binds
  // tighter than * in SQLite.
  auto count = [&](const std::string& n, int64_t size) {
    std::string product = n + " * " + std::to_string(size);
    return subtract ? "(-(" + product + "))" : "(" + product + ")";
  };
  switch (ClassOf(unit)) {
    case UnitClass::kMonths:
      return MonthShift(x, count(IntArg(a), SimpleUnitSize(unit)), true);
    case UnitClass::kDays: {
      std::string days = count(IntArg(a), unit == TimeUnit::kWeek ? 7 : 1);
      return ModifierShift(x, days + " || ' days'", days + " * 86400", true, true);
    }
    case UnitClass::kTime:
      break;
  }
  if (unit == TimeUnit::kSecond) {
    // Fractional seconds are exact: MySQL reads a decimal, not an integer.
    return MicroShift(x, count("CAST(round(" + NumArg(a) + " * 1000000) AS INTEGER)", 1), true);
  }
  if (unit == TimeUnit::kMicrosecond) return MicroShift(x, count(IntArg(a), 1), true);
  std::string seconds = count(IntArg(a), SimpleUnitSize(unit) / kS);
  return ModifierShift(x, seconds + " || ' seconds'", seconds, false, true);
}

}  // namespace edgesql::transpile
