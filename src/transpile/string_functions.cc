#include "transpile/string_functions.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "transpile/cast.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;

// Functions Durable Object SQLite cannot compute: no hash functions, no math
// functions (floor/sqrt/pow/ln/sin/... are an optional SQLite build), no UDFs.
constexpr std::array<std::string_view, 27> kUnsupported = {
    "MD5",     "SHA",       "SHA1",        "SHA2",     "CRC32",      "SQRT",        "EXP",
    "LN",      "LOG",       "LOG2",        "LOG10",    "SIN",        "COS",         "TAN",
    "COT",     "ASIN",      "ACOS",        "ATAN",     "ATAN2",      "CONV",        "BIN",
    "SOUNDEX", "TO_BASE64", "FROM_BASE64", "COMPRESS", "UNCOMPRESS", "RANDOM_BYTES"};

// clang-format off
constexpr std::array<std::string_view, 34> kTranslated = {
    "SUBSTRING_INDEX", "REVERSE", "HEX", "UNHEX", "FIND_IN_SET", "INSTR", "LOCATE", "POSITION",
    "CONCAT_WS", "ELT", "STRCMP", "ASCII", "ORD", "CHAR", "INSERT", "QUOTE", "TRIM", "LTRIM",
    "RTRIM", "BIT_LENGTH",
    "TRUNCATE", "ROUND", "CEIL", "CEILING", "FLOOR", "SIGN", "ABS", "MOD", "FORMAT", "POW", "POWER",
    "PI", "DEGREES", "RADIANS"};
// clang-format on

// Every byte value in order: substr(kByteTable, b + 1, 1) is the one-byte
// blob b. SQLite 3.40 has no unhex() and char() writes code points as UTF-8.
std::string ByteTable() {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "X'";
  for (int b = 0; b < 256; ++b) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out + "'";
}

std::string HexBlobLiteral(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "X'";
  for (char c : bytes) {
    auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out + "'";
}

std::string Paren(std::string_view sql) { return "(" + std::string(sql) + ")"; }

size_t Utf8Length(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

class Call {
 public:
  explicit Call(const FunctionCall& call) : call_(call) {}

  size_t size() const { return call_.args.size(); }
  const std::string& name() const { return call_.name; }
  const ast::Function* node() const { return call_.node; }

  // Argument i, parenthesised.
  std::string operator[](size_t i) const { return Paren(call_.args[i]); }

  // Argument i as MySQL writes it into a string: a decimal literal keeps its
  // digits ('1.50'), which a SQLite REAL would lose.
  std::string Text(size_t i) const {
    std::string literal = NumericLiteral(call_.args[i]);
    if (literal.find('.') != std::string::npos) return QuoteString(literal);
    return (*this)[i];
  }

  const ast::Expr* Node(size_t i) const {
    if (call_.node == nullptr || i >= call_.node->args.size) return nullptr;
    return call_.node->args[i];
  }

  std::optional<std::string_view> String(size_t i) const { return StringLiteralArg(call_, i); }

  // The value of an integer literal argument (42, -3), else nullopt.
  // (Read from the SQLite text, so a call built without a node works too.)
  std::optional<int64_t> Integer(size_t i) const {
    if (IsNull(i)) return std::nullopt;
    std::string literal = NumericLiteral(call_.args[i]);
    std::string_view digits = literal;
    if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
    if (digits.empty() || digits.size() > 18 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    return std::strtoll(literal.c_str(), nullptr, 10);
  }

  bool IsNull(size_t i) const {
    const auto* l = ast::As<ast::Literal>(Node(i));
    return l != nullptr && l->literal == ast::LiteralKind::kNull;
  }

  // A binary string compares bytes, not ASCII-folded characters.
  bool IsBinary(size_t i) const {
    const ast::Expr* e = Node(i);
    if (const auto* u = ast::As<ast::Unary>(e)) return u->op == ast::UnaryOp::kBinary;
    if (const auto* l = ast::As<ast::Literal>(e)) {
      return l->literal == ast::LiteralKind::kHex || l->literal == ast::LiteralKind::kBit ||
             EqualsIgnoreCase(l->charset, "binary");
    }
    if (const auto* c = ast::As<ast::Cast>(e)) {
      return c->type.kind == ast::CastTypeKind::kBinary ||
             EqualsIgnoreCase(c->type.charset, "binary");
    }
    return false;
  }
  bool AnyBinary() const {
    for (size_t i = 0; i < size(); ++i) {
      if (IsBinary(i)) return true;
    }
    return false;
  }

  // SQLite integer text of argument i as MySQL reads an integer argument.
  std::string Int(size_t i) const {
    std::optional<int64_t> v = Integer(i);
    if (v) return std::to_string(*v);
    return SignedSql(call_.args[i]);
  }

 private:
  const FunctionCall& call_;
};

// `body` over values bound once as text: each (alias, expr) is bound with
// json_each in an aggregate subquery, so `body` (a recursive CTE, say) reads
// alias.value, and expr may still hold an aggregate of the outer query, as in
// SUBSTRING_INDEX(GROUP_CONCAT(x), ',', -2) (SQLite refuses an outer
// aggregate in a CTE or a non-aggregate subquery).
std::string BindText(const std::vector<std::pair<std::string, std::string>>& values,
                     std::string_view body) {
  std::string from;
  for (const auto& [alias, expr] : values) {
    from += (from.empty() ? "" : ", ") + std::string("json_each(json_array(CAST(") + expr +
            " AS TEXT))) AS " + alias;
  }
  return "(SELECT max(" + std::string(body) + ") FROM " + from + ")";
}

// "10^n" as a SQLite integer literal. REQUIRES: 0 <= n <= 18.
std::string PowerOfTen(int64_t n) { return "1" + std::string(static_cast<size_t>(n), '0'); }

// ---------------------------------------------------------------------------
// Strings

// SUBSTRING_INDEX(s, delim, count): before the count-th delimiter from the
// left, or after the count-th from the right; occurrences do not overlap.
std::string SubstringIndex(const Call& c) {
  std::string s = c[0], d = c[1];
  std::optional<int64_t> count = c.Integer(2);
  std::optional<std::string_view> delim = c.String(1);
  if (count && delim) {
    if (*count == 0 || delim->empty()) return "iif(" + s + " IS NULL, NULL, '')";
    if (*count == 1) {
      return "iif(instr(" + s + ", " + d + ") > 0, substr(" + s + ", 1, instr(" + s + ", " + d +
             ") - 1), " + s + ")";
    }
    // One character from the right: rtrim by every other character of s
    // leaves s up to its last delimiter.
    if (*count == -1 && Utf8Length(*delim) == 1) {
      return "substr(" + s + ", length(rtrim(" + s + ", replace(" + s + ", " + d + ", ''))) + 1)";
    }
  }
  std::string n = c.Int(2);
  // From the left: jump from one delimiter to the next.
  std::vector<std::pair<std::string, std::string>> bound = {{"_s", s}, {"_d", d}};
  std::string left = "(WITH RECURSIVE _r(s, d, k, e) AS (SELECT _s.value, _d.value" +
                     std::string(", 0, 1 UNION ALL SELECT s, d, ") +
                     "k + 1, e + instr(substr(s, e), d) - 1 + length(d) FROM _r WHERE k < " + n +
                     " AND instr(substr(s, e), d) > 0) SELECT iif(k = " + n +
                     ", substr(s, 1, e - length(d) - 1), s) FROM _r ORDER BY k DESC LIMIT 1)";
  left = BindText(bound, left);
  // From the right: step back one character at a time.
  std::string right =
      "(WITH RECURSIVE _r(s, d, k, e) AS (SELECT _s.value, _d.value, 0, length(_s.value) + 1 "
      "UNION ALL SELECT s, d, k + (substr(s, e - length(d), length(d)) = d), "
      "iif(substr(s, e - length(d), length(d)) = d, e - length(d), e - 1) FROM _r WHERE k < -" +
      Paren(n) + " AND e - length(d) >= 1) SELECT iif(k = -" + Paren(n) +
      ", substr(s, e + length(d)), s) FROM _r ORDER BY k DESC, e LIMIT 1)";
  right = BindText(bound, right);
  if (count) {
    if (*count == 0) return "iif(" + s + " IS NULL OR " + d + " IS NULL, NULL, '')";
    return "CASE WHEN " + s + " IS NULL OR " + d + " IS NULL THEN NULL WHEN " + d +
           " = '' THEN '' ELSE " + (*count > 0 ? left : right) + " END";
  }
  return "CASE WHEN " + s + " IS NULL OR " + d + " IS NULL OR " + n + " IS NULL THEN NULL WHEN " +
         n + " = 0 OR " + d + " = '' THEN '' WHEN " + n + " > 0 THEN " + left + " ELSE " + right +
         " END";
}

// Reverses UTF-8 text character by character.
std::string ReverseUtf8(std::string_view s) {
  std::string out;
  size_t i = s.size();
  while (i > 0) {
    size_t start = i - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    out += s.substr(start, i - start);
    i = start;
  }
  return out;
}

std::string Reverse(const Call& c) {
  if (std::optional<std::string_view> s = c.String(0)) return QuoteString(ReverseUtf8(*s));
  return BindText(
      {{"_s", c.Text(0)}},
      "(WITH RECURSIVE _r(s, i, o) AS (SELECT _s.value, 0, '' UNION ALL SELECT s, i + 1, "
      "substr(s, i + 1, 1) || o FROM _r WHERE i < length(s)) SELECT o FROM _r WHERE i = "
      "length(s))");
}

std::string Hex(const Call& c) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  if (std::optional<std::string_view> s = c.String(0)) {
    std::string out;
    for (char ch : *s) {
      out += kDigits[static_cast<unsigned char>(ch) >> 4];
      out += kDigits[static_cast<unsigned char>(ch) & 15];
    }
    return QuoteString(out);
  }
  std::string x = c[0];
  // Numbers: the hex of the (rounded) 64-bit value; strings: of their bytes.
  return "CASE typeof(" + x + ") WHEN 'integer' THEN printf('%X', " + x +
         ") WHEN 'real' THEN printf('%X', CAST(round(" + x +
         ") AS INTEGER)) WHEN 'null' THEN NULL ELSE hex(" + x + ") END";
}

int HexValue(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// The blob whose hex digits are text `hex` (even length, upper case, only
// hex digits: the caller checks), built byte by byte from ByteTable().
std::string HexToBlob(std::string_view hex) {
  return BindText(
      {{"_h", std::string(hex)}},
      "(WITH RECURSIVE _r(h, i, o) AS (SELECT _h.value, 1, '' UNION ALL SELECT h, i + 2, o || "
      "substr(" +
          ByteTable() +
          ", (instr('0123456789ABCDEF', substr(h, i, 1)) - 1) * 16 + "
          "instr('0123456789ABCDEF', substr(h, i + 1, 1)), 1) FROM _r WHERE i < length(h)) "
          "SELECT CAST(o AS BLOB) FROM _r WHERE i > length(h))");
}

std::string Unhex(const Call& c) {
  if (std::optional<std::string_view> s = c.String(0)) {
    // An odd count of digits reads the first one alone; a non-hex digit is NULL.
    std::string digits = s->size() % 2 == 1 ? "0" + std::string(*s) : std::string(*s);
    std::string bytes;
    for (size_t i = 0; i < digits.size(); i += 2) {
      int hi = HexValue(digits[i]), lo = HexValue(digits[i + 1]);
      if (hi < 0 || lo < 0) return "NULL";
      bytes += static_cast<char>(hi * 16 + lo);
    }
    return HexBlobLiteral(bytes);
  }
  std::string text = "CAST(" + c[0] + " AS TEXT)";
  std::string padded = "upper(substr('0' || " + text + ", 2 - length(" + text + ") % 2))";
  return "iif(" + text + " GLOB '*[^0-9A-Fa-f]*', NULL, " + HexToBlob(padded) + ")";
}

std::string FindInSet(const Call& c) {
  std::string s = c[0], list = c[1];
  std::string ls = c.AnyBinary() ? list : "lower(" + list + ")";
  std::string ss = c.AnyBinary() ? s : "lower(" + s + ")";
  std::string at = "instr(',' || " + ls + " || ',', ',' || " + ss + " || ',')";
  // The match's position minus the commas before it is its index.
  return "CASE WHEN " + s + " IS NULL OR " + list + " IS NULL THEN NULL WHEN instr(" + s +
         ", ',') > 0 OR " + list + " = '' OR " + at + " = 0 THEN 0 ELSE " + at +
         " - length(replace(substr(" + list + ", 1, " + at + " - 1), ',', '')) END";
}

// instr(haystack, needle) under the default collation's ASCII case folding.
std::string Instr(const Call& c, std::string_view haystack, std::string_view needle) {
  if (c.AnyBinary()) return "instr(" + std::string(haystack) + ", " + std::string(needle) + ")";
  return "instr(lower(" + std::string(haystack) + "), lower(" + std::string(needle) + "))";
}

std::string Locate(const Call& c) {
  if (c.size() == 2) return Instr(c, c[1], c[0]);
  // LOCATE(sub, s, pos): from pos on; 0 for a pos outside s.
  std::string pos = c.Int(2);
  std::string tail = "substr(" + c[1] + ", " + pos + ")";
  std::string found = Instr(c, tail, c[0]);
  return "CASE WHEN " + pos + " < 1 OR " + pos + " > length(" + c[1] + ") + 1 THEN 0 WHEN " +
         found + " > 0 THEN " + found + " + " + pos + " - 1 ELSE " + found + " END";
}

std::string ConcatWs(const Call& c) {
  // Each non-NULL argument brings its separator; the first one is cut off.
  // A NULL separator makes length() and so the whole result NULL.
  std::string sep = c[0];
  std::string parts;
  for (size_t i = 1; i < c.size(); ++i) {
    parts += (i > 1 ? " || " : "") + std::string("coalesce(") + sep + " || " + c.Text(i) + ", '')";
  }
  return "substr(" + parts + ", length(" + sep + ") + 1)";
}

std::string Elt(const Call& c) {
  if (std::optional<int64_t> n = c.Integer(0)) {
    if (*n < 1 || static_cast<size_t>(*n) >= c.size()) return "NULL";
    return c.Text(static_cast<size_t>(*n));
  }
  std::string out = "CASE " + c.Int(0);
  for (size_t i = 1; i < c.size(); ++i) out += " WHEN " + std::to_string(i) + " THEN " + c.Text(i);
  return out + " END";
}

std::string Strcmp(const Call& c) {
  std::string a = "CAST(" + c.Text(0) + " AS TEXT)";
  std::string b = "CAST(" + c.Text(1) + " AS TEXT)" + (c.AnyBinary() ? "" : " COLLATE NOCASE");
  return "CASE WHEN " + a + " = " + b + " THEN 0 WHEN " + a + " < " + b + " THEN -1 WHEN " + a +
         " > " + b + " THEN 1 END";
}

std::string Ascii(const Call& c) {
  if (std::optional<std::string_view> s = c.String(0)) {
    return std::to_string(s->empty() ? 0 : static_cast<unsigned char>((*s)[0]));
  }
  // The first byte, read from its two hex digits ('' reads as 0).
  std::string h = "hex(substr(CAST(" + c.Text(0) + " AS BLOB), 1, 1))";
  return "iif(" + c[0] + " IS NULL, NULL, (instr('0123456789ABCDEF', substr(" + h +
         ", 1, 1)) - 1) * 16 + instr('0123456789ABCDEF', substr(" + h + ", 2, 1)) - 1)";
}

std::string Ord(const Call& c) {
  // The UTF-8 bytes of the first character, as one big-endian number.
  std::string u = "_o.value";
  auto cont = [&](int shift) {
    return "(128 | ((" + u + " >> " + std::to_string(shift) + ") & 63))";
  };
  return "(SELECT max(CASE WHEN " + u + " < 128 THEN " + u + " WHEN " + u +
         " < 2048 THEN (192 | (" + u + " >> 6)) * 256 + " + cont(0) + " WHEN " + u +
         " < 65536 THEN ((224 | (" + u + " >> 12)) * 256 + " + cont(6) + ") * 256 + " + cont(0) +
         " ELSE (((240 | (" + u + " >> 18)) * 256 + " + cont(12) + ") * 256 + " + cont(6) +
         ") * 256 + " + cont(0) + " END) FROM json_each(json_array(iif(" + c[0] +
         " IS NULL, NULL, coalesce(unicode(" + c.Text(0) + "), 0)))) AS _o)";
}

// The bytes MySQL's CHAR(n) writes for one code: big-endian, no leading zeros.
std::string CharBytes(int64_t value) {
  auto v = static_cast<uint32_t>(value);
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    auto b = static_cast<char>((v >> shift) & 0xFF);
    if (!out.empty() || b != 0 || shift == 0) out += b;
  }
  return out;
}

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

Result<std::string> Char(const Call& c) {
  std::string charset;
  if (c.node() != nullptr && c.node()->form == ast::FunctionForm::kCharUsing) {
    charset = AsciiLower(c.node()->charset);
  }
  bool text = !charset.empty() && charset != "binary";
  if (text && charset != "utf8mb4" && charset != "utf8mb3" && charset != "utf8" &&
      charset != "ascii") {
    return Unsupported("CHAR(... USING " + charset + ")");
  }
  bool constant = true;
  std::string bytes;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c.IsNull(i)) continue;  // NULL codes are skipped
    std::optional<int64_t> v = c.Integer(i);
    if (!v) {
      constant = false;
      break;
    }
    bytes += CharBytes(*v);
  }
  if (constant) {
    if (!text) return HexBlobLiteral(bytes);
    // Bytes that are no valid text in the charset make MySQL return NULL.
    bool ok = charset == "ascii"
                  ? std::all_of(bytes.begin(), bytes.end(),
                                [](char ch) { return static_cast<unsigned char>(ch) < 0x80; })
                  : ValidUtf8(bytes);
    return ok ? QuoteString(bytes) : std::string("NULL");
  }
  if (text) return Unsupported("CHAR(... USING " + charset + ") of non-constant codes");
  // Each code as hex digits (32 bits, even count), then the bytes from them.
  std::string hex;
  for (size_t i = 0; i < c.size(); ++i) {
    std::string h = "printf('%X', " + c.Int(i) + " & 4294967295)";
    std::string even = "substr('0' || " + h + ", 2 - length(" + h + ") % 2)";
    std::string code = "coalesce(" + even + ", '')";
    // printf of NULL would print 0; a NULL code is skipped.
    code = "iif(" + c[i] + " IS NULL, '', " + code + ")";
    hex += (i > 0 ? " || " : "") + code;
  }
  return HexToBlob(hex);
}

std::string Insert(const Call& c) {
  std::string s = c.Text(0), pos = c.Int(1), len = c.Int(2), repl = c.Text(3);
  std::string head = "substr(" + s + ", 1, " + pos + " - 1) || " + repl;
  return "CASE WHEN " + s + " IS NULL OR " + pos + " IS NULL OR " + len + " IS NULL OR " + repl +
         " IS NULL THEN NULL WHEN " + pos + " < 1 OR " + pos + " > length(" + s + ") THEN " + s +
         " WHEN " + len + " < 0 OR " + pos + " + " + len + " > length(" + s + ") THEN " + head +
         " ELSE " + head + " || substr(" + s + ", " + pos + " + " + len + ") END";
}

std::string Quote(const Call& c) {
  // MySQL escapes \, ', NUL and Ctrl-Z with backslashes (SQLite's quote()
  // doubles quotes instead); NULL becomes the word NULL.
  std::string s = "CAST(" + c.Text(0) + " AS TEXT)";
  return "iif(" + c[0] + " IS NULL, 'NULL', '''' || replace(replace(replace(replace(" + s +
         ", '\\', '\\\\'), '''', '\\'''), char(0), '\\0'), char(26), '\\Z') || '''')";
}

// Removes repetitions of `rem` from the start (leading) or end of `s`.
std::string TrimRepeated(std::string_view s, std::string_view rem, bool leading) {
  std::string step = leading ? "substr(s, length(m) + 1)" : "substr(s, 1, length(s) - length(m))";
  std::string match = leading ? "substr(s, 1, length(m)) = m"
                              : "length(s) >= length(m) AND substr(s, -length(m)) = m";
  return BindText({{"_s", std::string(s)}, {"_m", std::string(rem)}},
                  "(WITH RECURSIVE _r(s, m) AS (SELECT _s.value, _m.value UNION ALL SELECT " +
                      step + ", m FROM _r WHERE length(m) > 0 AND " + match +
                      ") SELECT s FROM _r ORDER BY length(s) LIMIT 1)");
}

std::string Trim(const Call& c) {
  ast::TrimSide side = ast::TrimSide::kNone;
  if (c.node() != nullptr && c.node()->form == ast::FunctionForm::kTrim) side = c.node()->trim_side;
  bool leading = c.name() == "LTRIM" || side == ast::TrimSide::kLeading;
  bool trailing = c.name() == "RTRIM" || side == ast::TrimSide::kTrailing;
  std::string fn = leading ? "ltrim" : trailing ? "rtrim" : "trim";
  std::string s = c.Text(0);
  if (c.size() == 1) return fn + "(" + s + ")";  // spaces only, in both
  std::string rem = c[1];
  if (std::optional<std::string_view> literal = c.String(1)) {
    if (literal->empty()) return s;
    // One character: SQLite's trim set of that single character.
    if (Utf8Length(*literal) == 1) return fn + "(" + s + ", " + rem + ")";
  }
  std::string out = s;
  if (!trailing) out = TrimRepeated(out, rem, true);
  if (!leading) out = TrimRepeated(out, rem, false);
  if (c.String(1)) return out;
  return "iif(" + rem + " IS NULL, NULL, " + out + ")";
}

// ---------------------------------------------------------------------------
// Numbers

// The REAL value of argument text `x` (SQLite CAST reads text's leading number).
std::string Real(std::string_view x) { return "CAST(" + std::string(x) + " AS REAL)"; }

// Truncates REAL `v` toward zero, except that a value within rounding noise
// of an integer is that integer (2.3 * 100 is 229.99999999999997 in binary).
std::string SnapTruncate(std::string_view v) {
  std::string x = Paren(v);
  return "iif(abs(" + x + " - round(" + x + ")) <= abs(" + x + ") * 1e-13, round(" + x +
         "), CAST(" + x + " AS INTEGER))";
}

Result<std::string> Truncate(const Call& c) {
  std::optional<int64_t> d = c.Integer(1);
  if (!d) return Unsupported("TRUNCATE() with a non-constant number of decimals");
  std::string x = c[0];
  int64_t k = std::clamp<int64_t>(*d, -18, 30);
  if (k >= 0) {
    std::string scaled = Real(x) + " * 1e" + std::to_string(k);
    std::string whole = "CAST(" + SnapTruncate(scaled) + " AS INTEGER)";
    std::string real = k == 0 ? whole : whole + " / 1e" + std::to_string(k);
    // Beyond 2^52 a REAL has no fraction left to cut.
    return "CASE typeof(" + x + ") WHEN 'integer' THEN " + x +
           " WHEN 'null' THEN NULL ELSE iif(abs(" + Real(x) + ") >= 4503599627370496, " + Real(x) +
           ", " + real + ") END";
  }
  std::string q = PowerOfTen(-k);
  return "CASE typeof(" + x + ") WHEN 'integer' THEN " + x + " / " + q + " * " + q +
         " WHEN 'null' THEN NULL ELSE CAST(" + SnapTruncate(Real(x) + " / " + q) +
         " AS INTEGER) * " + q + " END";
}

// ROUND(x): half away from zero, a whole number as a SQLite integer.
std::string RoundWhole(std::string_view x) {
  std::string v(x);
  return "CASE typeof(" + v + ") WHEN 'integer' THEN " + v +
         " WHEN 'null' THEN NULL ELSE iif(abs(" + Real(v) + ") < 9.2e18, CAST(round(" + Real(v) +
         ") AS INTEGER), round(" + Real(v) + ")) END";
}

Result<std::string> Round(const Call& c) {
  std::string x = c[0];
  if (c.size() == 1) return RoundWhole(x);
  std::optional<int64_t> d = c.Integer(1);
  if (!d) {
    // A run-time count of decimals: SQLite's round() ignores a negative one.
    std::string n = c.Int(1);
    std::string scale = "CAST('1e' || -" + n + " AS REAL)";
    return "CASE WHEN " + n + " >= 0 THEN iif(typeof(" + x + ") = 'integer', " + x + ", round(" +
           Real(x) + ", " + n + ")) ELSE round(" + Real(x) + " / " + scale + ") * " + scale +
           " END";
  }
  int64_t k = std::clamp<int64_t>(*d, -19, 30);
  if (k == 0) return RoundWhole(x);
  if (k > 0) {
    return "CASE typeof(" + x + ") WHEN 'integer' THEN " + x +
           " WHEN 'null' THEN NULL ELSE round(" + Real(x) + ", " + std::to_string(k) + ") END";
  }
  if (k <= -19) return "iif(" + x + " IS NULL, NULL, 0)";
  // Negative: to a multiple of 10^-d, half away from zero.
  std::string q = PowerOfTen(-k);
  std::string half = q.substr(0, q.size() - 1);
  half[0] = '5';
  return "CASE typeof(" + x + ") WHEN 'integer' THEN (" + x + " + iif(" + x + " < 0, -" + half +
         ", " + half + ")) / " + q + " * " + q + " WHEN 'null' THEN NULL ELSE CAST(round(" +
         Real(x) + " / " + q + ") AS INTEGER) * " + q + " END";
}

std::string FloorCeil(const Call& c, bool ceil) {
  std::string x = c[0], r = Real(x);
  std::string whole = "CAST(" + r + " AS INTEGER)";
  std::string step =
      ceil ? whole + " + (" + r + " > " + whole + ")" : whole + " - (" + r + " < " + whole + ")";
  return "CASE typeof(" + x + ") WHEN 'integer' THEN " + x +
         " WHEN 'null' THEN NULL ELSE iif(abs(" + r + ") >= 4503599627370496, " + r + ", " + step +
         ") END";
}

std::string Sign(const Call& c) {
  std::string r = Real(c[0]);
  return "CASE WHEN " + r + " > 0 THEN 1 WHEN " + r + " < 0 THEN -1 WHEN " + r + " = 0 THEN 0 END";
}

std::string Mod(const Call& c) {
  std::string a = c[0], b = c[1];
  std::string ra = Real(a), rb = Real(b);
  // a - b * trunc(a / b), rounded to the digits a REAL holds at a's size so
  // 12.34 MOD 1 is 0.34 and not 0.33999999999999986 (MySQL's DECIMAL is exact).
  std::string r = ra + " - " + rb + " * " + SnapTruncate(ra + " / " + rb);
  std::string digits = "length(CAST(CAST(abs(" + ra + ") AS INTEGER) AS TEXT))";
  return "CASE WHEN typeof(" + a + ") = 'integer' AND typeof(" + b + ") = 'integer' THEN " + a +
         " % " + b + " WHEN " + rb + " = 0 THEN NULL ELSE round(" + r + ", max(15 - " + digits +
         ", 0)) + 0.0 END";
}

Result<std::string> Format(const Call& c) {
  std::optional<int64_t> d = c.Integer(1);
  if (!d) return Unsupported("FORMAT() with a non-constant number of decimals");
  if (c.size() == 3) {
    std::optional<std::string_view> locale = c.String(2);
    // en_US and the locales that share its separators.
    if (!locale || !(EqualsIgnoreCase(*locale, "en_US") || c.IsNull(2))) {
      return Unsupported("FORMAT() with a locale other than en_US");
    }
  }
  int64_t k = std::clamp<int64_t>(*d, 0, 30);
  std::string x = c[0];
  std::string r = "iif(typeof(" + x + ") = 'integer', " + x + ", round(" + Real(x) + ", " +
                  std::to_string(k) + "))";
  std::string out = "iif(" + r + " < 0, '-', '') || printf('%,d', abs(" + r + "))";
  if (k > 0) {
    out += " || '.' || substr(printf('%." + std::to_string(k) + "f', abs(" + r + ")), -" +
           std::to_string(k) + ")";
  }
  return "iif(" + x + " IS NULL, NULL, " + out + ")";
}

Result<std::string> Pow(const Call& c) {
  std::optional<int64_t> n = c.Integer(1);
  if (!n || *n < 0 || *n > 8) {
    return Unsupported(c.name() + "() with an exponent other than an integer literal from 0 to 8");
  }
  if (*n == 0) return "iif(" + c[0] + " IS NULL, NULL, 1.0)";
  std::string out = Real(c[0]);
  for (int64_t i = 1; i < *n; ++i) out += " * " + Real(c[0]);
  return Paren(out);
}

// Argument counts: {min, max}; max -1 is unbounded.
struct Arity {
  std::string_view name;
  int min;
  int max;
};
constexpr Arity kArity[] = {
    {"SUBSTRING_INDEX", 3, 3},
    {"REVERSE", 1, 1},
    {"HEX", 1, 1},
    {"UNHEX", 1, 1},
    {"FIND_IN_SET", 2, 2},
    {"INSTR", 2, 2},
    {"LOCATE", 2, 3},
    {"POSITION", 2, 2},
    {"CONCAT_WS", 2, -1},
    {"ELT", 2, -1},
    {"STRCMP", 2, 2},
    {"ASCII", 1, 1},
    {"ORD", 1, 1},
    {"CHAR", 1, -1},
    {"TRUNCATE", 2, 2},
    {"ROUND", 1, 2},
    {"CEIL", 1, 1},
    {"CEILING", 1, 1},
    {"FLOOR", 1, 1},
    {"SIGN", 1, 1},
    {"ABS", 1, 1},
    {"MOD", 2, 2},
    {"FORMAT", 2, 3},
    {"INSERT", 4, 4},
    {"QUOTE", 1, 1},
    {"TRIM", 1, 2},
    {"LTRIM", 1, 1},
    {"RTRIM", 1, 1},
    {"BIT_LENGTH", 1, 1},
    {"POW", 2, 2},
    {"POWER", 2, 2},
    {"PI", 0, 0},
    {"DEGREES", 1, 1},
    {"RADIANS", 1, 1},
};

}  // namespace

bool IsStringFunction(std::string_view upper_name) {
  return std::find(kTranslated.begin(), kTranslated.end(), upper_name) != kTranslated.end() ||
         std::find(kUnsupported.begin(), kUnsupported.end(), upper_name) != kUnsupported.end();
}

Result<std::string> TranslateStringFunction(const FunctionCall& call) {
  const std::string& name = call.name;
  if (std::find(kUnsupported.begin(), kUnsupported.end(), name) != kUnsupported.end()) {
    return Unsupported(name + "() (Durable Object SQLite has no hash, math or encoding functions)");
  }
  for (const Arity& a : kArity) {
    if (a.name != name) continue;
    int n = static_cast<int>(call.args.size());
    if (n < a.min || (a.max >= 0 && n > a.max)) return WrongArgumentCount(name);
  }
  Call c(call);
  if (name == "SUBSTRING_INDEX") return SubstringIndex(c);
  if (name == "REVERSE") return Reverse(c);
  if (name == "HEX") return Hex(c);
  if (name == "UNHEX") return Unhex(c);
  if (name == "FIND_IN_SET") return FindInSet(c);
  if (name == "INSTR") return Instr(c, c[0], c[1]);
  if (name == "LOCATE") return Locate(c);
  if (name == "POSITION") return Instr(c, c[1], c[0]);
  if (name == "CONCAT_WS") return ConcatWs(c);
  if (name == "ELT") return Elt(c);
  if (name == "STRCMP") return Strcmp(c);
  if (name == "ASCII") return Ascii(c);
  if (name == "ORD") return Ord(c);
  if (name == "CHAR") return Char(c);
  if (name == "TRUNCATE") return Truncate(c);
  if (name == "ROUND") return Round(c);
  if (name == "CEIL" || name == "CEILING") return FloorCeil(c, true);
  if (name == "FLOOR") return FloorCeil(c, false);
  if (name == "SIGN") return Sign(c);
  if (name == "ABS") return "abs(" + c[0] + ")";
  if (name == "MOD") return Mod(c);
  if (name == "FORMAT") return Format(c);
  if (name == "INSERT") return Insert(c);
  if (name == "QUOTE") return Quote(c);
  if (name == "TRIM" || name == "LTRIM" || name == "RTRIM") return Trim(c);
  if (name == "BIT_LENGTH") return "length(CAST(" + c.Text(0) + " AS BLOB)) * 8";
  if (name == "POW" || name == "POWER") return Pow(c);
  // M_PI and the factors MySQL multiplies by, to the last bit.
  if (name == "PI") return std::string("3.141592653589793");
  if (name == "DEGREES") return c[0] + " * 57.29577951308232";
  if (name == "RADIANS") return c[0] + " * 0.017453292519943295";
  return Unsupported(name + "()");
}

}  // namespace edgesql::transpile
