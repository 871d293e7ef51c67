// ParseHintComment (hints.h): Edge SQL's directives inside /*+ ... */.
//
// The body is split into items at whitespace and commas, except inside quotes
// and parentheses (so MySQL's own hints such as BKA(t1, t2) stay one item and
// are reported as one warning). Whitespace around '=' is tolerated, so
// "bounded = 1500" reads like "bounded=1500".
#include "sql/hints.h"

#include <cctype>

#include "sql/lexer.h"

namespace edgesql::sql {
namespace {

// MySQL's upper bound for MAX_EXECUTION_TIME is larger, but a staleness bound
// beyond a day is certainly a typo; refusing it keeps caches honest.
constexpr int64_t kMaxBoundedMs = 86400000;

// ER_WARN_CONFLICTING_HINT, MySQL's warning for a hint that overrides another.
constexpr uint16_t kConflictingHintWarning = 3126;
constexpr uint16_t kHintSyntaxWarning = 1064;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && EqualsNoCase(s.substr(0, prefix.size()), prefix);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Splits `body` into items; returns false items never (malformed quoting just
// runs to the end and is then reported by the item parser).
std::vector<std::string> SplitItems(std::string_view body) {
  std::vector<std::string> items;
  std::string item;
  int parens = 0;
  size_t i = 0;
  auto flush = [&] {
    if (!item.empty()) items.push_back(std::move(item));
    item.clear();
  };
  while (i < body.size()) {
    char c = body[i];
    if (c == '\'' || c == '"' || c == '`') {
      // A quoted value or name, copied verbatim with its quotes.
      size_t start = i++;
      while (i < body.size()) {
        if (body[i] == '\\') {
          i += 2;
        } else if (body[i] == c) {
          if (i + 1 < body.size() && body[i + 1] == c) {
            i += 2;
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
      if (i > body.size()) i = body.size();
      item.append(body.substr(start, i - start));
      continue;
    }
    if (c == '(') ++parens;
    if (c == ')' && parens > 0) --parens;
    if (parens == 0 && (IsSpace(c) || c == ',')) {
      // Look past the separator: "x = 1" and "x= 1" continue the item.
      size_t j = i;
      while (j < body.size() && IsSpace(body[j])) ++j;
      bool joins = c != ',' && ((!item.empty() && item.back() == '=') ||
                                (j < body.size() && body[j] == '=' && !item.empty()));
      if (joins) {
        i = j;
        continue;
      }
      flush();
      ++i;
      continue;
    }
    item += c;
    ++i;
  }
  flush();
  return items;
}

Warning SyntaxWarning(std::string_view item) {
  return Warning{kHintSyntaxWarning,
                 "Optimizer hint syntax error near '" + std::string(item) + "' at line 1"};
}

// Parses "1500" as milliseconds; rejects signs, non-digits, 0 and huge values.
bool ParseMilliseconds(std::string_view text, int64_t& ms) {
  if (text.empty() || text.size() > 12) return false;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  if (v <= 0 || v > kMaxBoundedMs) return false;
  ms = v;
  return true;
}

bool IsColumnChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// "shard:tenant_id=acme", "shard:tenant_id='a b'", "shard:`col`=42".
bool ParseShard(std::string_view spec, ShardHint& out) {
  size_t eq = std::string_view::npos;
  std::string column;
  if (!spec.empty() && spec[0] == '`') {
    size_t close = spec.find('`', 1);
    if (close == std::string_view::npos || close == 1) return false;
    column = std::string(spec.substr(1, close - 1));
    if (close + 1 >= spec.size() || spec[close + 1] != '=') return false;
    eq = close + 1;
  } else {
    eq = spec.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    for (char c : spec.substr(0, eq)) {
      if (!IsColumnChar(c)) return false;
    }
    column = std::string(spec.substr(0, eq));
  }
  std::string_view value = spec.substr(eq + 1);
  if (value.empty()) return false;
  if (value[0] == '\'' || value[0] == '"') {
    if (value.size() < 2 || value.back() != value[0]) return false;
    // Reject "'a'b'": the closing quote must be the one that ends the item.
    std::string_view body = value.substr(1, value.size() - 2);
    for (size_t i = 0; i < body.size(); ++i) {
      if (body[i] == '\\') {
        ++i;
        if (i >= body.size()) return false;  // the backslash escaped the closing quote
      } else if (body[i] == value[0]) {
        if (i + 1 >= body.size() || body[i + 1] != value[0]) return false;
        ++i;
      }
    }
    out.value = DecodeString(value);
  } else {
    for (char c : value) {
      if (!IsColumnChar(c) && c != '-' && c != '+' && c != '.' && c != ':' && c != '@')
        return false;
    }
    out.value = std::string(value);
  }
  out.column = std::move(column);
  return true;
}

void SetConsistency(Consistency c, int64_t ms, std::string_view item, Hints& hints,
                    std::vector<Warning>& warnings) {
  if (hints.consistency != Consistency::kDefault &&
      (hints.consistency != c || hints.bounded_ms != ms)) {
    warnings.push_back(
        Warning{kConflictingHintWarning,
                "Hint '" + std::string(item) +
                    "' conflicts with an earlier consistency hint; the last one is used"});
  }
  hints.consistency = c;
  hints.bounded_ms = c == Consistency::kBounded ? ms : 0;
}

}  // namespace

void ParseHintComment(std::string_view comment, Hints& hints, std::vector<Warning>& warnings) {
  std::string_view body = comment;
  if (StartsWithNoCase(body, "/*+")) body.remove_prefix(3);
  if (body.size() >= 2 && body.substr(body.size() - 2) == "*/") body.remove_suffix(2);
  for (const std::string& item_text : SplitItems(Trim(body))) {
    std::string_view item = item_text;
    if (EqualsNoCase(item, "strong")) {
      SetConsistency(Consistency::kStrong, 0, item, hints, warnings);
    } else if (EqualsNoCase(item, "cached")) {
      SetConsistency(Consistency::kCached, 0, item, hints, warnings);
    } else if (EqualsNoCase(item, "split_rows")) {
      hints.split_rows = true;
    } else if (StartsWithNoCase(item, "bounded=")) {
      int64_t ms = 0;
      if (ParseMilliseconds(item.substr(8), ms)) {
        SetConsistency(Consistency::kBounded, ms, item, hints, warnings);
      } else {
        warnings.push_back(SyntaxWarning(item));
      }
    } else if (StartsWithNoCase(item, "shard:")) {
      ShardHint shard;
      if (ParseShard(item.substr(6), shard)) {
        hints.shard.push_back(std::move(shard));
      } else {
        warnings.push_back(SyntaxWarning(item));
      }
    } else {
      warnings.push_back(SyntaxWarning(item));
    }
  }
}

}  // namespace edgesql::sql
