#include "transpile/json_functions.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/ascii.h"
#include "common/json.h"
#include "common/json_escape.h"
#include "transpile/cast.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

namespace ast = sql::ast;
using Json = edgesql::Json;

std::string Paren(std::string_view sql) { return "(" + std::string(sql) + ")"; }

// `body` over JSON text `doc` bound once as `_j.value`, in an aggregate
// subquery: SQLite takes an outer aggregate (JSON_KEYS(JSON_OBJECTAGG(..)))
// as a table-valued function argument of an aggregate query, but not in a
// CTE, a window or a non-aggregate subquery. ('' || doc drops the JSON
// subtype, so json_array stores the text as it is.)
std::string BindDoc(std::string_view doc, std::string_view body, std::string_view more_from = "") {
  return "(SELECT max(" + std::string(body) + ") FROM json_each(json_array('' || " +
         std::string(doc) + ")) AS _j" + std::string(more_from) + ")";
}

template <size_t N>
bool OneOf(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr std::array<std::string_view, 22> kTranslated = {
    "JSON_EXTRACT",       "JSON_UNQUOTE", "JSON_QUOTE",    "JSON_OBJECT",    "JSON_ARRAY",
    "JSON_LENGTH",        "JSON_TYPE",    "JSON_VALID",    "JSON_KEYS",      "JSON_CONTAINS",
    "JSON_CONTAINS_PATH", "JSON_SET",     "JSON_INSERT",   "JSON_REPLACE",   "JSON_REMOVE",
    "JSON_ARRAY_APPEND",  "JSON_SEARCH",  "JSON_ARRAYAGG", "JSON_OBJECTAGG", "JSON_MERGE_PATCH",
    "JSON_DEPTH",         "JSON_VALUE"};

constexpr std::array<std::string_view, 10> kUnsupported = {
    "JSON_ARRAY_INSERT", "JSON_MERGE",        "JSON_MERGE_PRESERVE",
    "JSON_PRETTY",       "JSON_OVERLAPS",     "JSON_STORAGE_SIZE",
    "JSON_STORAGE_FREE", "JSON_SCHEMA_VALID", "JSON_SCHEMA_VALIDATION_REPORT",
    "JSON_TABLE"};

// MySQL functions whose value has the JSON type.
constexpr std::array<std::string_view, 16> kJsonValued = {
    "JSON_EXTRACT",      "JSON_OBJECT",   "JSON_ARRAY",       "JSON_SET",
    "JSON_INSERT",       "JSON_REPLACE",  "JSON_REMOVE",      "JSON_ARRAY_APPEND",
    "JSON_ARRAY_INSERT", "JSON_KEYS",     "JSON_MERGE_PATCH", "JSON_MERGE_PRESERVE",
    "JSON_MERGE",        "JSON_ARRAYAGG", "JSON_OBJECTAGG",   "JSON_SEARCH"};

// ---------------------------------------------------------------------------
// Paths

enum class LegKind : uint8_t {
  kKey,        // .key or ."key"
  kIndex,      // [n]
  kLast,       // [last] or [last - n]: n from the end
  kAnyKey,     // .*
  kAnyIndex,   // [*]
  kRange,      // [m to n]
  kRecursive,  // **
};

struct Leg {
  LegKind kind = LegKind::kKey;
  std::string key;
  uint64_t n = 0;
};

using Legs = std::vector<Leg>;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// MySQL's unquoted member names: ECMAScript identifiers (any non-ASCII byte
// is taken as part of a letter).
bool IsIdentifierChar(char c, bool first) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || u >= 0x80 ||
         (!first && c >= '0' && c <= '9');
}

bool IsIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    if (!IsIdentifierChar(key[i], i == 0)) return false;
  }
  return true;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Parses MySQL's path syntax; nullopt when it is malformed.
class PathParser {
 public:
  explicit PathParser(std::string_view text) : s_(text) {}

  std::optional<Legs> Parse() {
    SkipSpace();
    if (!Eat('$')) return std::nullopt;
    Legs legs;
    while (true) {
      SkipSpace();
      if (i_ == s_.size()) break;
      Leg leg;
      if (Eat('.')) {
        SkipSpace();
        if (Eat('*')) {
          leg.kind = LegKind::kAnyKey;
        } else if (i_ < s_.size() && s_[i_] == '"') {
          if (!QuotedKey(leg.key)) return std::nullopt;
        } else {
          size_t start = i_;
          while (i_ < s_.size() && IsIdentifierChar(s_[i_], i_ == start)) ++i_;
          leg.key = std::string(s_.substr(start, i_ - start));
          if (leg.key.empty()) return std::nullopt;
        }
      } else if (Eat('[')) {
        SkipSpace();
        if (Eat('*')) {
          leg.kind = LegKind::kAnyIndex;
        } else {
          if (!Index(leg)) return std::nullopt;
          SkipSpace();
          if (s_.substr(i_, 2) == "to") {
            i_ += 2;
            Leg end;
            SkipSpace();
            if (!Index(end)) return std::nullopt;
            leg.kind = LegKind::kRange;
          }
        }
        SkipSpace();
        if (!Eat(']')) return std::nullopt;
      } else if (s_.substr(i_, 2) == "**") {
        i_ += 2;
        leg.kind = LegKind::kRecursive;
      } else {
        return std::nullopt;
      }
      legs.push_back(std::move(leg));
    }
    // ** must be followed by a leg.
    if (!legs.empty() && legs.back().kind == LegKind::kRecursive) return std::nullopt;
    return legs;
  }

 private:
  void SkipSpace() {
    while (i_ < s_.size() && IsSpace(s_[i_])) ++i_;
  }
  bool Eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Digits(uint64_t& n) {
    size_t start = i_;
    n = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && i_ - start < 10) {
      n = n * 10 + static_cast<uint64_t>(s_[i_] - '0');
      ++i_;
    }
    return i_ > start && n <= 0xFFFFFFFF;
  }
  bool Index(Leg& leg) {
    if (s_.substr(i_, 4) == "last") {
      i_ += 4;
      leg.kind = LegKind::kLast;
      SkipSpace();
      if (Eat('-')) {
        SkipSpace();
        return Digits(leg.n);
      }
      leg.n = 0;
      return true;
    }
    leg.kind = LegKind::kIndex;
    return Digits(leg.n);
  }
  // A JSON string: "..." with \" \\ \/ \b \f \n \r \t \uXXXX.
  bool QuotedKey(std::string& out) {
    ++i_;  // the opening quote
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ == s_.size()) return false;
      char e = s_[i_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
            i_ += 2;
            uint32_t low = 0;
            if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return false;
      }
    }
    return Eat('"');
  }
  bool Hex4(uint32_t& v) {
    if (i_ + 4 > s_.size()) return false;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : -1;
      if (d < 0) return false;
      v = v * 16 + static_cast<uint32_t>(d);
    }
    return true;
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool HasWildcard(const Legs& legs) {
  return std::any_of(legs.begin(), legs.end(), [](const Leg& l) {
    return l.kind != LegKind::kKey && l.kind != LegKind::kIndex && l.kind != LegKind::kLast;
  });
}

// SQLite's spelling of wildcard-free `legs`; nullopt for a key holding '"',
// which SQLite's path syntax cannot quote.
std::optional<std::string> SqlitePath(Legs::const_iterator begin, Legs::const_iterator end,
                                      bool with_root = true) {
  std::string out = with_root ? "$" : "";
  for (auto it = begin; it != end; ++it) {
    switch (it->kind) {
      case LegKind::kKey: {
        bool plain = !it->key.empty() && std::all_of(it->key.begin(), it->key.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_';
        });
        if (plain) {
          out += "." + it->key;
        } else {
          if (it->key.find('"') != std::string::npos) return std::nullopt;
          out += ".\"" + it->key + "\"";
        }
        break;
      }
      case LegKind::kIndex:
        out += "[" + std::to_string(it->n) + "]";
        break;
      case LegKind::kLast:
        out += "[#-" + std::to_string(it->n + 1) + "]";
        break;
      default:
        return std::nullopt;
    }
  }
  return out;
}

std::optional<std::string> SqlitePath(const Legs& legs) {
  return SqlitePath(legs.begin(), legs.end());
}

// `text` as a JSON string literal, escaped as MySQL escapes it.
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && JsonNeedsEscape(u)) {
      char escape[6];
      out.append(escape, EscapeJsonAscii(u, escape));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The nesting depth of JSON text (brackets outside strings).
int JsonDepth(std::string_view text) {
  int depth = 0, max = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      max = std::max(max, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return max;
}

// MySQL's canonical spelling of `legs` (what JSON_SEARCH returns).
std::string MysqlPath(const Legs& legs) {
  std::string out = "$";
  for (const Leg& leg : legs) {
    switch (leg.kind) {
      case LegKind::kKey:
        out += IsIdentifier(leg.key) ? "." + leg.key : "." + JsonString(leg.key);
        break;
      case LegKind::kIndex:
        out += "[" + std::to_string(leg.n) + "]";
        break;
      case LegKind::kLast:
        out += leg.n == 0 ? "[last]" : "[last-" + std::to_string(leg.n) + "]";
        break;
      case LegKind::kAnyKey:
        out += ".*";
        break;
      case LegKind::kAnyIndex:
        out += "[*]";
        break;
      case LegKind::kRange:
      case LegKind::kRecursive:
        out += "**";
        break;
    }
  }
  return out;
}

// Whether a change at one path may change what is at the other: one is a
// prefix of the other (indexes other than two different numbers may match).
bool MayOverlap(const Legs& a, const Legs& b) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const Leg& x = a[i];
    const Leg& y = b[i];
    if (x.kind == LegKind::kKey && y.kind == LegKind::kKey) {
      if (x.key != y.key) return false;
    } else if (x.kind == LegKind::kKey || y.kind == LegKind::kKey) {
      return false;
    } else if (x.kind == LegKind::kIndex && y.kind == LegKind::kIndex && x.n != y.n) {
      return false;
    }
  }
  return true;
}

// A path argument: a literal (parsed), NULL, or SQL decided at run time.
struct PathArg {
  bool is_null = false;
  bool literal = false;
  std::optional<Legs> legs;  // literal and well-formed
  std::string original;      // the literal's text
  std::string sql;           // the argument's SQLite text
};

// SQLite text for a literal that SQLite rejects at run time as a path, as
// MySQL rejects the malformed path (ER_INVALID_JSON_PATH).
std::string InvalidPathSql(std::string_view original) {
  return QuoteString("Invalid JSON path expression: " + std::string(original));
}

// Decodes a single-quoted SQLite string literal ('it''s'); nullopt otherwise.
std::optional<std::string> DecodeSqliteString(std::string_view sql) {
  if (sql.size() < 2 || sql.front() != '\'' || sql.back() != '\'') return std::nullopt;
  std::string out;
  for (size_t i = 1; i + 1 < sql.size(); ++i) {
    if (sql[i] == '\'') {
      if (i + 2 >= sql.size() || sql[i + 1] != '\'') return std::nullopt;
      ++i;
    }
    out += sql[i];
  }
  return out;
}

PathArg ParsePathSql(std::string_view sql) {
  PathArg p;
  p.sql = std::string(sql);
  std::string_view trimmed = sql;
  while (!trimmed.empty() && trimmed.front() == '(' && trimmed.back() == ')') {
    trimmed = trimmed.substr(1, trimmed.size() - 2);
  }
  if (trimmed == "NULL") {
    p.is_null = true;
    return p;
  }
  if (std::optional<std::string> text = DecodeSqliteString(trimmed)) {
    p.literal = true;
    p.original = *text;
    p.legs = PathParser(*text).Parse();
  }
  return p;
}

// ---------------------------------------------------------------------------
// Arguments

class Call {
 public:
  explicit Call(const FunctionCall& call) : call_(call) {}

  size_t size() const { return call_.args.size(); }
  const std::string& name() const { return call_.name; }
  std::string operator[](size_t i) const { return Paren(call_.args[i]); }
  const std::string& Raw(size_t i) const { return call_.args[i]; }

  const ast::Expr* Node(size_t i) const {
    if (call_.node == nullptr || i >= call_.node->args.size) return nullptr;
    return call_.node->args[i];
  }
  std::optional<std::string_view> String(size_t i) const { return StringLiteralArg(call_, i); }
  bool IsNull(size_t i) const {
    const auto* l = ast::As<ast::Literal>(Node(i));
    return l != nullptr && l->literal == ast::LiteralKind::kNull;
  }

  PathArg Path(size_t i) const {
    if (IsNull(i)) {
      PathArg p;
      p.is_null = true;
      p.sql = "NULL";
      return p;
    }
    if (std::optional<std::string_view> text = String(i)) {
      PathArg p;
      p.literal = true;
      p.original = std::string(*text);
      p.legs = PathParser(*text).Parse();
      p.sql = (*this)[i];
      return p;
    }
    return ParsePathSql(call_.args[i]);
  }

  // Argument i as MySQL turns a value into JSON (see the header).
  std::string Value(size_t i) const {
    const ast::Expr* e = Node(i);
    if (const auto* l = ast::As<ast::Literal>(e)) {
      if (l->literal == ast::LiteralKind::kTrue) return "json('true')";
      if (l->literal == ast::LiteralKind::kFalse) return "json('false')";
    }
    std::string literal = NumericLiteral(call_.args[i]);
    if (!literal.empty()) return "json(" + QuoteString(literal) + ")";
    if (IsBoolean(e))
      return "json(CASE " + (*this)[i] + " WHEN 1 THEN 'true' WHEN 0 THEN 'false' END)";
    if (IsJsonValued(e)) return "json(" + call_.args[i] + ")";
    return (*this)[i];
  }

  static bool IsJsonValued(const ast::Expr* e) {
    if (const auto* f = ast::As<ast::Function>(e)) return OneOf(AsciiUpper(f->name), kJsonValued);
    if (const auto* c = ast::As<ast::Cast>(e)) return c->type.kind == ast::CastTypeKind::kJson;
    if (const auto* b = ast::As<ast::Binary>(e)) return b->op == ast::BinaryOp::kJsonExtract;
    return false;
  }

  // MySQL's boolean functions, which become JSON true/false.
  static bool IsBoolean(const ast::Expr* e) {
    if (e == nullptr) return false;
    switch (e->kind) {
      case ast::ExprKind::kIs:
      case ast::ExprKind::kBetween:
      case ast::ExprKind::kIn:
      case ast::ExprKind::kExists:
        return true;
      case ast::ExprKind::kUnary:
        return ast::As<ast::Unary>(e)->op == ast::UnaryOp::kNot;
      case ast::ExprKind::kBinary:
        switch (ast::As<ast::Binary>(e)->op) {
          case ast::BinaryOp::kOr:
          case ast::BinaryOp::kXor:
          case ast::BinaryOp::kAnd:
          case ast::BinaryOp::kEq:
          case ast::BinaryOp::kNullSafeEq:
          case ast::BinaryOp::kNe:
          case ast::BinaryOp::kLt:
          case ast::BinaryOp::kLe:
          case ast::BinaryOp::kGt:
          case ast::BinaryOp::kGe:
          case ast::BinaryOp::kLike:
          case ast::BinaryOp::kRegexp:
          case ast::BinaryOp::kSoundsLike:
          case ast::BinaryOp::kMemberOf:
            return true;
          default:
            return false;
        }
      default:
        return false;
    }
  }

 private:
  const FunctionCall& call_;
};

// A wildcard-free literal path in SQLite syntax, as a SQLite string literal;
// non-literal paths are passed on. Wildcards, ranges and '"' in a key are
// refused with ER_NOT_SUPPORTED_YET naming `context`.
Result<std::string> PlainPathSql(const PathArg& p, std::string_view context) {
  if (!p.literal || p.is_null) return p.sql;
  if (!p.legs) return InvalidPathSql(p.original);
  if (HasWildcard(*p.legs)) {
    return Unsupported(std::string(context) + " with the wildcard path '" + p.original + "'");
  }
  std::optional<std::string> path = SqlitePath(*p.legs);
  if (!path) return Unsupported("a JSON path key containing '\"' ('" + p.original + "')");
  return QuoteString(*path);
}

// doc at a path with one wildcard leg: the JSON array of what matches, NULL
// when nothing does. The children of the wildcard's parent are enumerated
// with json_each and each is followed along the rest of the path.
Result<std::string> WildcardExtractSql(std::string_view doc, const Legs& legs,
                                       std::string_view original) {
  auto wildcard = std::find_if(legs.begin(), legs.end(), [](const Leg& l) {
    return l.kind == LegKind::kAnyKey || l.kind == LegKind::kAnyIndex;
  });
  bool single =
      wildcard != legs.end() &&
      std::none_of(wildcard + 1, legs.end(),
                   [](const Leg& l) {
                     return l.kind != LegKind::kKey && l.kind != LegKind::kIndex &&
                            l.kind != LegKind::kLast;
                   }) &&
      std::none_of(legs.begin(), wildcard, [](const Leg& l) {
        return l.kind != LegKind::kKey && l.kind != LegKind::kIndex && l.kind != LegKind::kLast;
      });
  if (!single) {
    return Unsupported("the JSON path '" + std::string(original) +
                       "' (ranges, ** or several wildcards)");
  }
  std::optional<std::string> parent = SqlitePath(legs.begin(), wildcard);
  std::optional<std::string> rest = SqlitePath(wildcard + 1, legs.end(), false);
  if (!parent || !rest) {
    return Unsupported("a JSON path key containing '\"' ('" + std::string(original) + "')");
  }
  std::string match = "_j.value -> (_w.fullkey || " + QuoteString(*rest) + ")";
  std::string type = wildcard->kind == LegKind::kAnyIndex ? "array" : "object";
  return "(SELECT iif(count(" + match + ") = 0, NULL, json_group_array(json(" + match +
         ")) FILTER (WHERE " + match + " IS NOT NULL)) FROM json_each(json_array('' || " +
         std::string(doc) + ")) AS _j, json_each(_j.value, " + QuoteString(*parent) +
         ") AS _w WHERE json_type(_j.value, " + QuoteString(*parent) + ") = '" + type + "')";
}

// doc -> path for one path argument. SQLite's -> reads a path without the
// leading '$' as a member name; json_extract() rejects it, as MySQL does.
Result<std::string> ExtractSql(std::string_view doc, const PathArg& p) {
  if (p.literal && p.legs && HasWildcard(*p.legs)) {
    return WildcardExtractSql(doc, *p.legs, p.original);
  }
  Result<std::string> path = PlainPathSql(p, "JSON_EXTRACT");
  if (!path.ok()) return path;
  if (p.literal && !p.legs) return "json_extract(" + std::string(doc) + ", " + path.value() + ")";
  std::string arrow = "(" + Paren(doc) + " -> " + path.value() + ")";
  if (p.literal || p.is_null) return arrow;
  return "iif(" + path.value() + " GLOB '$*', " + arrow + ", json_extract(" + std::string(doc) +
         ", " + path.value() + "))";
}

// JSON_UNQUOTE of SQLite value `e`: a JSON string literal ("...", at least
// two characters) is decoded, anything else is returned as it is.
std::string UnquoteSql(std::string_view e) {
  std::string v = Paren(e);
  return "CASE WHEN " + v + " GLOB '\"*\"' THEN " + v + " ->> '$' ELSE " + v + " END";
}

// ---------------------------------------------------------------------------
// Functions

Result<std::string> Extract(const Call& c) {
  if (c.size() < 2) return WrongArgumentCount(c.name());
  if (c.size() == 2) return ExtractSql(c[0], c.Path(1));
  // Several paths: the array of the matches, in path order; NULL for none.
  std::string parts, null_paths;
  for (size_t i = 1; i < c.size(); ++i) {
    PathArg p = c.Path(i);
    if (p.is_null) return std::string("NULL");
    if (p.literal && p.legs && HasWildcard(*p.legs)) {
      return Unsupported("JSON_EXTRACT with several paths and a wildcard");
    }
    Result<std::string> e = ExtractSql(c[0], p);
    if (!e.ok()) return e;
    parts += (parts.empty() ? "" : " || ") + std::string("coalesce(") + e.value() + " || ',', '')";
    if (!p.literal) null_paths += " OR " + p.sql + " IS NULL";
  }
  std::string array = "json('[' || nullif(rtrim(" + parts + ", ','), '') || ']')";
  if (null_paths.empty()) return array;
  return "CASE WHEN " + null_paths.substr(4) + " THEN NULL ELSE " + array + " END";
}

// The byte-wise MySQL key order: shorter keys first.
bool KeyLess(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return a.size() < b.size();
  return a < b;
}

Result<std::string> Object(const Call& c) {
  if (c.size() % 2 != 0) return WrongArgumentCount(c.name());
  // Literal keys: sorted and deduplicated now, as MySQL stores objects.
  bool literal_keys = true;
  std::vector<std::pair<std::string, size_t>> keys;  // key text, value index
  for (size_t i = 0; i < c.size(); i += 2) {
    std::optional<std::string_view> s = c.String(i);
    std::string number = NumericLiteral(c.Raw(i));
    if (s) {
      keys.emplace_back(std::string(*s), i + 1);
    } else if (!number.empty()) {
      keys.emplace_back(number, i + 1);
    } else {
      literal_keys = false;
    }
  }
  std::string out = "json_object(";
  bool first = true;
  auto add = [&](const std::string& key_sql, size_t value) {
    out += (first ? "" : ", ") + key_sql + ", " + c.Value(value);
    first = false;
  };
  if (literal_keys) {
    std::map<std::string, size_t, bool (*)(const std::string&, const std::string&)> sorted(KeyLess);
    for (const auto& [key, value] : keys) sorted[key] = value;  // the last duplicate wins
    for (const auto& [key, value] : sorted) add(QuoteString(key), value);
  } else {
    for (size_t i = 0; i < c.size(); i += 2) add("CAST(" + c[i] + " AS TEXT)", i + 1);
  }
  return out + ")";
}

std::string Array(const Call& c) {
  std::string out = "json_array(";
  for (size_t i = 0; i < c.size(); ++i) out += (i > 0 ? ", " : "") + c.Value(i);
  return out + ")";
}

// "doc" or "doc, path" for SQLite's two-argument JSON functions.
Result<std::string> DocAndPath(const Call& c, std::string_view context) {
  if (c.size() == 1) return c[0];
  Result<std::string> path = PlainPathSql(c.Path(1), context);
  if (!path.ok()) return path;
  return c[0] + ", " + path.value();
}

Result<std::string> Length(const Call& c) {
  if (c.size() < 1 || c.size() > 2) return WrongArgumentCount(c.name());
  Result<std::string> dp = DocAndPath(c, "JSON_LENGTH");
  if (!dp.ok()) return dp;
  // json_each yields an array's elements, an object's members, or a scalar.
  return "iif(json_type(" + dp.value() + ") IS NULL, NULL, (SELECT count(*) FROM json_each(" +
         dp.value() + ")))";
}

std::string Type(const Call& c) {
  return "CASE json_type(" + c[0] +
         ") WHEN 'object' THEN 'OBJECT' WHEN 'array' THEN 'ARRAY' WHEN 'integer' THEN 'INTEGER' "
         "WHEN 'real' THEN 'DOUBLE' WHEN 'text' THEN 'STRING' WHEN 'true' THEN 'BOOLEAN' "
         "WHEN 'false' THEN 'BOOLEAN' WHEN 'null' THEN 'NULL' END";
}

Result<std::string> Keys(const Call& c) {
  if (c.size() < 1 || c.size() > 2) return WrongArgumentCount(c.name());
  Result<std::string> dp = DocAndPath(c, "JSON_KEYS");
  if (!dp.ok()) return dp;
  std::string path = dp.value().substr(c[0].size());  // ", path" or ""
  // A window over the keys in MySQL's order fixes json_group_array's input order.
  std::string keys =
      "coalesce((SELECT json_group_array(key) OVER (ORDER BY length(CAST(key AS BLOB)), "
      "CAST(key AS BLOB) ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM "
      "json_each(_j.value" +
      path + ") LIMIT 1), '[]')";
  return "CASE WHEN json_type(" + dp.value() + ") = 'object' THEN json(" + BindDoc(c[0], keys) +
         ") END";
}

// --- JSON_CONTAINS

// SQL true when json_tree row `t` equals candidate scalar `v`.
std::string ScalarEquals(std::string_view t, const Json& v) {
  std::string a(t);
  if (v.is_null()) return a + ".type = 'null'";
  if (v.is_boolean()) return a + ".type = '" + (v.get<bool>() ? "true" : "false") + "'";
  if (v.is_string())
    return a + ".type = 'text' AND " + a + ".atom = " + QuoteString(v.get<std::string>());
  return a + ".type IN ('integer', 'real') AND " + a + ".atom = " + v.dump();
}

// SQL true when JSON text `t` contains the literal candidate `v`, following
// MySQL's rules: a scalar or object is contained in a document if it equals
// (scalar) or is key-wise contained in (object) the document or any value
// reached from it through arrays only; an array candidate needs an array
// document containing each of its elements (an array element of it: within
// one of the document's array elements).
std::optional<std::string> ContainsLiteral(std::string_view t, const Json& v, int& alias) {
  std::string doc(t);
  if (v.is_array()) {
    std::string out = "(json_type(" + doc + ") = 'array'";
    for (const Json& e : v) {
      std::optional<std::string> inner;
      if (e.is_array()) {
        std::string a = "_e" + std::to_string(alias++);
        std::optional<std::string> sub = ContainsLiteral(a + ".value", e, alias);
        if (!sub) return std::nullopt;
        inner = "EXISTS (SELECT 1 FROM json_each(" + doc + ") AS " + a + " WHERE " + a +
                ".type = 'array' AND " + *sub + ")";
      } else {
        inner = ContainsLiteral(doc, e, alias);
        if (!inner) return std::nullopt;
      }
      out += " AND " + *inner;
    }
    return out + ")";
  }
  std::string a = "_t" + std::to_string(alias++);
  // Nodes reached through array elements only have no '.' in their path.
  std::string out = "EXISTS (SELECT 1 FROM json_tree(" + doc + ") AS " + a + " WHERE instr(" + a +
                    ".fullkey, '.') = 0 AND ";
  if (!v.is_object()) return out + ScalarEquals(a, v) + ")";
  out += a + ".type = 'object'";
  for (const auto& [key, value] : v.items()) {
    if (key.find('"') != std::string::npos) return std::nullopt;
    std::string path = QuoteString("$.\"" + key + "\"");
    std::optional<std::string> sub = ContainsLiteral(a + ".value -> " + path, value, alias);
    if (!sub) return std::nullopt;
    out += " AND json_type(" + a + ".value, " + path + ") IS NOT NULL AND " + *sub;
  }
  return out + ")";
}

// The same rules for a candidate known only at run time, as fixed-point
// levels over the node tables of both documents: _mK holds the pairs (doc
// node, candidate node) with containment, for candidate nodes up to K levels
// high. A deeper candidate is a run-time error, never a wrong answer.
std::string ContainsDynamic(std::string_view t, std::string_view candidate) {
  constexpr int kLevels = 3;
  std::string sql =
      "(WITH _d AS (SELECT id, parent, key, type, atom, fullkey FROM json_tree(" + std::string(t) +
      ")), _c AS (SELECT id, parent, key, type, atom, fullkey FROM json_tree(" +
      std::string(candidate) +
      ")), _r AS (SELECT a.id AS top, b.id AS id, b.type AS type, b.atom AS atom FROM _d AS a JOIN "
      "_d AS b ON b.fullkey = a.fullkey OR (substr(b.fullkey, 1, length(a.fullkey) + 1) = "
      "a.fullkey || '[' AND instr(substr(b.fullkey, length(a.fullkey) + 1), '.') = 0)), "
      "_m0 AS (SELECT _r.top AS d, _c.id AS c FROM _r JOIN _c ON _c.type NOT IN ('object', "
      "'array') AND (_r.type = _c.type OR (_r.type IN ('integer', 'real') AND _c.type IN "
      "('integer', 'real'))) AND _r.atom IS _c.atom)";
  for (int k = 1; k <= kLevels; ++k) {
    std::string prev = "_m" + std::to_string(k - 1);
    sql += ", _m" + std::to_string(k) + " AS (SELECT d, c FROM " + prev +
           " UNION SELECT _r.top, _c.id FROM _r JOIN _c ON _c.type = 'object' AND _r.type = "
           "'object' WHERE NOT EXISTS (SELECT 1 FROM _c AS c2 WHERE c2.parent = _c.id AND NOT "
           "EXISTS (SELECT 1 FROM _d AS d2 JOIN " +
           prev +
           " AS m ON m.d = d2.id AND m.c = c2.id WHERE d2.parent = _r.id AND d2.key = c2.key)) "
           "UNION SELECT a.id, _c.id FROM _d AS a JOIN _c ON a.type = 'array' AND _c.type = "
           "'array' WHERE NOT EXISTS (SELECT 1 FROM _c AS c2 WHERE c2.parent = _c.id AND NOT "
           "iif(c2.type = 'array', EXISTS (SELECT 1 FROM _d AS d2 JOIN " +
           prev +
           " AS m ON m.d = d2.id AND m.c = c2.id WHERE d2.parent = a.id AND d2.type = 'array'), "
           "EXISTS (SELECT 1 FROM " +
           prev + " AS m WHERE m.d = a.id AND m.c = c2.id))))";
  }
  std::string levels = std::to_string(kLevels);
  sql +=
      " SELECT CASE WHEN (SELECT max(length(fullkey) - length(replace(replace(fullkey, '.', "
      "''), '[', ''))) FROM _c) > " +
      levels +
      " THEN json_extract('[]', 'JSON_CONTAINS with a run-time candidate nested more than " +
      levels + " levels deep is not supported') ELSE EXISTS (SELECT 1 FROM _m" + levels +
      " WHERE d = (SELECT id FROM _d WHERE parent IS NULL) AND c = (SELECT id FROM _c WHERE "
      "parent IS NULL)) END)";
  // A scalar, or an array of scalars, the usual run-time candidates: each
  // of its scalars equals a value reached from the target through arrays.
  std::string doc(t), c(candidate);
  std::string flat = "json_type(" + c + ") <> 'object' AND NOT EXISTS (SELECT 1 FROM json_each(" +
                     c + ") WHERE type IN ('object', 'array'))";
  std::string each =
      "(json_type(" + c + ") <> 'array' OR json_type(" + doc +
      ") = 'array') AND NOT EXISTS (SELECT 1 FROM json_each(" + c +
      ") AS _ce WHERE NOT EXISTS (SELECT 1 FROM json_tree(" + doc +
      ") AS _te WHERE instr(_te.fullkey, '.') = 0 AND (_te.type = _ce.type OR (_te.type IN "
      "('integer', 'real') AND _ce.type IN ('integer', 'real'))) AND _te.atom IS _ce.atom))";
  // An object of scalars: some object reached through arrays has each key,
  // its value reaching an equal scalar through arrays.
  std::string flat_object = "json_type(" + c +
                            ") = 'object' AND NOT EXISTS (SELECT 1 FROM json_each(" + c +
                            ") WHERE type IN ('object', 'array'))";
  std::string members =
      "EXISTS (SELECT 1 FROM json_tree(" + doc +
      ") AS _o WHERE instr(_o.fullkey, '.') = 0 AND _o.type = 'object' AND NOT EXISTS (SELECT 1 "
      "FROM json_each(" +
      c +
      ") AS _ce WHERE NOT EXISTS (SELECT 1 FROM json_each(_o.value) AS _m JOIN json_tree(_o.value) "
      "AS _te ON _te.fullkey = _m.fullkey OR (substr(_te.fullkey, 1, length(_m.fullkey) + 1) = "
      "_m.fullkey || '[' AND instr(substr(_te.fullkey, length(_m.fullkey) + 1), '.') = 0) WHERE "
      "_m.key = _ce.key AND (_te.type = _ce.type OR (_te.type IN ('integer', 'real') AND _ce.type "
      "IN ('integer', 'real'))) AND _te.atom IS _ce.atom)))";
  return "CASE WHEN " + flat + " THEN " + each + " WHEN " + flat_object + " THEN " + members +
         " ELSE " + sql + " END";
}

Result<std::string> Contains(const Call& c) {
  if (c.size() < 2 || c.size() > 3) return WrongArgumentCount(c.name());
  std::string doc = c[0];
  std::string target = "_j.value";
  std::string guard = doc + " IS NULL OR " + c[1] + " IS NULL";
  if (c.size() == 3) {
    PathArg p = c.Path(2);
    if (p.is_null) return std::string("NULL");
    Result<std::string> path = PlainPathSql(p, "JSON_CONTAINS");
    if (!path.ok()) return path;
    target = "(_j.value -> " + path.value() + ")";
    guard += " OR json_type(" + doc + ", " + path.value() + ") IS NULL";
  }
  std::optional<std::string> body;
  std::string more_from;
  if (std::optional<std::string_view> text = c.String(1)) {
    // MySQL refuses documents nested deeper than 100 (ER_JSON_DOCUMENT_TOO_DEEP).
    if (JsonDepth(*text) > 100) return Unsupported("a JSON document nested deeper than 100 levels");
    Json candidate = Json::parse(text->begin(), text->end(), nullptr, /*allow_exceptions=*/false);
    // Malformed: SQLite reports it at run time, as MySQL does (ER_INVALID_JSON_TEXT).
    if (candidate.is_discarded()) return "json(" + c[1] + ") IS NULL";
    int alias = 0;
    body = ContainsLiteral(target, candidate, alias);
  }
  if (!body) {
    more_from = ", json_each(json_array('' || " + c[1] + ")) AS _k";
    body = ContainsDynamic(target, "_k.value");
  }
  return "CASE WHEN " + guard + " THEN NULL ELSE " + BindDoc(doc, *body, more_from) + " END";
}

Result<std::string> ContainsPath(const Call& c) {
  if (c.size() < 3) return WrongArgumentCount(c.name());
  std::string doc = c[0];
  std::string any, all;
  for (size_t i = 2; i < c.size(); ++i) {
    PathArg p = c.Path(i);
    if (p.is_null) return std::string("NULL");
    std::string exists;
    if (p.literal && p.legs && HasWildcard(*p.legs)) {
      Result<std::string> e = WildcardExtractSql(doc, *p.legs, p.original);
      if (!e.ok()) return e;
      exists = e.value() + " IS NOT NULL";
    } else {
      Result<std::string> path = PlainPathSql(p, "JSON_CONTAINS_PATH");
      if (!path.ok()) return path;
      exists = "json_type(" + doc + ", " + path.value() + ") IS NOT NULL";
    }
    any += (any.empty() ? "" : " OR ") + exists;
    all += (all.empty() ? "" : " AND ") + exists;
  }
  std::string mode;
  if (std::optional<std::string_view> m = c.String(1)) {
    if (EqualsIgnoreCase(*m, "one")) mode = "(" + any + ")";
    if (EqualsIgnoreCase(*m, "all")) mode = "(" + all + ")";
    // Anything else is MySQL's error 3154; SQLite raises one at run time.
    if (mode.empty())
      mode = "json_extract('[]', 'The oneOrAll argument may take these values: one, all')";
  } else {
    mode =
        "CASE lower(" + c[1] + ") WHEN 'one' THEN (" + any + ") WHEN 'all' THEN (" + all + ") END";
  }
  return "CASE WHEN " + doc + " IS NULL THEN NULL ELSE " + mode + " END";
}

// --- JSON_SET, JSON_INSERT, JSON_REPLACE, JSON_ARRAY_APPEND

// One path/value pair of a modification, ready for SQLite.
struct Change {
  std::string fn;            // the SQLite function, when not the call's own
  std::string path;          // SQLite text of the path
  std::string value;         // SQLite text of the value
  Legs guarded;              // the legs the path/value read from the document
  bool reads = false;        // path/value read the document (so `doc` must be current)
  std::optional<Legs> legs;  // the written path, when literal
};

// Runs `changes` through `fn` (json_set, json_insert, json_replace),
// starting a new call whenever a change reads a part of the document an
// earlier change of the same call may have modified. `make` builds a change
// reading the given document text.
template <typename Make>
Result<std::string> ApplyChanges(std::string_view fn, std::string doc, size_t count, Make make) {
  std::vector<Change> group;
  auto flush = [&]() {
    if (group.empty()) return;
    std::string call = (group[0].fn.empty() ? std::string(fn) : group[0].fn) + "(" + doc;
    for (const Change& ch : group) call += ", " + ch.path + ", " + ch.value;
    doc = call + ")";
    group.clear();
  };
  for (size_t i = 0; i < count; ++i) {
    Result<Change> change = make(i, doc);
    if (!change.ok()) return std::move(change).error();
    Change& ch = change.value();
    bool conflict = !group.empty() && group[0].fn != ch.fn;
    if (ch.reads) {
      for (const Change& earlier : group) {
        if (!earlier.legs || MayOverlap(*earlier.legs, ch.guarded)) conflict = true;
      }
    }
    if (conflict) {
      flush();
      change = make(i, doc);  // read the document as it now is
      if (!change.ok()) return std::move(change).error();
    }
    group.push_back(std::move(change).value());
  }
  flush();
  return doc;
}

// A no-op target for json_set/json_insert on `doc`: a member of an array or
// an element of a non-array is never created.
std::string NoOpPath(std::string_view doc) {
  return "iif(json_type(" + std::string(doc) + ") = 'array', '$.x', '$[#]')";
}

Result<std::string> Modify(const Call& c) {
  if (c.size() < 3 || c.size() % 2 == 0) return WrongArgumentCount(c.name());
  bool set = c.name() == "JSON_SET";
  bool insert = c.name() == "JSON_INSERT";
  std::string fn = set ? "json_set" : insert ? "json_insert" : "json_replace";
  auto make = [&](size_t pair, const std::string& doc) -> Result<Change> {
    size_t pi = 1 + 2 * pair;
    PathArg p = c.Path(pi);
    Change ch;
    ch.value = c.Value(pi + 1);
    if (p.is_null) {
      ch.path = "NULL";
      return ch;
    }
    Result<std::string> sql = PlainPathSql(p, c.name());
    if (!sql.ok()) return std::move(sql).error();
    ch.path = sql.value();
    if (!p.literal || !p.legs || c.name() == "JSON_REPLACE") return ch;
    const Legs& legs = *p.legs;
    ch.legs = legs;
    if (legs.empty()) return ch;
    const Leg& last = legs.back();
    Legs parent(legs.begin(), legs.end() - 1);
    std::string parent_path = QuoteString(*SqlitePath(parent));
    std::string d = Paren(doc);
    std::string parent_type = "json_type(" + d + ", " + parent_path + ")";
    if (last.kind == LegKind::kIndex) {
      // MySQL appends past an array's end and wraps a non-array parent:
      // [parent, value] (a non-array is its own element [0]). The path
      // decides what JSON_INSERT does, so both run as json_set.
      ch.fn = "json_set";
      ch.reads = true;
      ch.guarded = parent;
      std::string n = std::to_string(last.n);
      std::string at = QuoteString(*SqlitePath(parent) + "[" + n + "]");
      std::string append = QuoteString(*SqlitePath(parent) + "[#]");
      std::string in_array = "iif(json_array_length(" + d + ", " + parent_path + ") > " + n + ", " +
                             (insert ? NoOpPath(d) : at) + ", " + append + ")";
      std::string outside = last.n == 0 ? (insert ? NoOpPath(d) : parent_path) : parent_path;
      ch.path = "CASE WHEN " + parent_type + " IS NULL THEN " + NoOpPath(d) + " WHEN " +
                parent_type + " = 'array' THEN " + in_array + " ELSE " + outside + " END";
      if (last.n > 0) {
        ch.value = "iif(" + parent_type + " = 'array', " + ch.value + ", json_array(" + d + " -> " +
                   parent_path + ", " + ch.value + "))";
      }
      return ch;
    }
    if (!parent.empty()) {
      // SQLite would create the missing parents; MySQL changes nothing.
      ch.reads = true;
      ch.guarded = parent;
      ch.path = "iif(" + parent_type + " IS NULL, " + NoOpPath(d) + ", " + ch.path + ")";
    }
    return ch;
  };
  return ApplyChanges(fn, c[0], (c.size() - 1) / 2, make);
}

Result<std::string> ArrayAppend(const Call& c) {
  if (c.size() < 3 || c.size() % 2 == 0) return WrongArgumentCount(c.name());
  auto make = [&](size_t pair, const std::string& doc) -> Result<Change> {
    size_t pi = 1 + 2 * pair;
    PathArg p = c.Path(pi);
    Change ch;
    if (p.is_null) {
      ch.path = "NULL";
      ch.value = "NULL";
      return ch;
    }
    Result<std::string> sql = PlainPathSql(p, "JSON_ARRAY_APPEND");
    if (!sql.ok()) return std::move(sql).error();
    ch.path = sql.value();
    ch.reads = true;
    if (p.literal && p.legs) {
      ch.legs = *p.legs;
      ch.guarded = *p.legs;
    }
    std::string d = Paren(doc);
    std::string at = d + " -> " + ch.path;
    // An array gets the value appended; any other value v becomes [v, value].
    ch.value = "CASE json_type(" + d + ", " + ch.path + ") WHEN 'array' THEN json_insert(" + at +
               ", '$[#]', " + c.Value(pi + 1) + ") ELSE json_array(" + at + ", " + c.Value(pi + 1) +
               ") END";
    return ch;
  };
  return ApplyChanges("json_replace", c[0], (c.size() - 1) / 2, make);
}

Result<std::string> Remove(const Call& c) {
  if (c.size() < 2) return WrongArgumentCount(c.name());
  std::string out = "json_remove(" + c[0];
  for (size_t i = 1; i < c.size(); ++i) {
    PathArg p = c.Path(i);
    if (p.literal && p.legs && p.legs->empty()) {
      return Unsupported("JSON_REMOVE of the whole document ('$'), an error in MySQL");
    }
    Result<std::string> path = PlainPathSql(p, "JSON_REMOVE");
    if (!path.ok()) return path;
    out += ", " + path.value();
  }
  return out + ")";
}

// --- JSON_SEARCH

// A LIKE pattern as a GLOB pattern (GLOB is case-sensitive as MySQL's JSON
// strings, utf8mb4_bin, are; SQLite's LIKE folds case).
std::string LikeToGlob(std::string_view like, char escape) {
  std::string out;
  for (size_t i = 0; i < like.size(); ++i) {
    char ch = like[i];
    if (ch == escape && i + 1 < like.size()) {
      ch = like[++i];
      if (ch == '[' || ch == '*' || ch == '?') {
        out += std::string("[") + ch + "]";
      } else {
        out += ch;
      }
      continue;
    }
    switch (ch) {
      case '%':
        out += '*';
        break;
      case '_':
        out += '?';
        break;
      case '[':
        out += "[[]";
        break;
      case '*':
        out += "[*]";
        break;
      case '?':
        out += "[?]";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// The same at run time, for the default escape '\' (control characters
// 1 to 7 stand in for the escaped and special characters meanwhile).
std::string LikeToGlobSql(std::string_view like) {
  std::string s(like);
  const std::pair<const char*, const char*> steps[] = {
      {"'\\\\'", "char(1)"}, {"'\\%'", "char(2)"}, {"'\\_'", "char(3)"}, {"'['", "char(4)"},
      {"'*'", "char(5)"},    {"'?'", "char(6)"},   {"'%'", "'*'"},       {"'_'", "'?'"},
      {"char(1)", "'\\'"},   {"char(2)", "'%'"},   {"char(3)", "'_'"},   {"char(4)", "'[[]'"},
      {"char(5)", "'[*]'"},  {"char(6)", "'[?]'"},
  };
  for (const auto& [from, to] : steps) s = "replace(" + s + ", " + from + ", " + to + ")";
  return s;
}

// Durable Object SQLite refuses LIKE/GLOB patterns over 50 bytes ("LIKE or
// GLOB pattern too complex"), and a user's pattern can be longer.
constexpr size_t kMaxGlobPatternBytes = 50;

// Whether `text` matches the GLOB pattern _g.g, for patterns of any length:
// the pairs (pattern position i, text position j) reachable from (1, 1),
// walked as GLOB would. LikeToGlob writes only '*', '?', literal characters
// and three-character classes '[c]', so those are all it reads.
std::string LongGlobMatchSql(std::string_view text) {
  std::string t(text);
  std::string c = "substr(_g.g, i, 1)";
  return "EXISTS (WITH RECURSIVE _m(i, j) AS (SELECT 1, 1 UNION SELECT i + iif(_k.k, 0, iif(" + c +
         " = '[', 3, 1)), j + iif(_k.k OR " + c +
         " <> '*', 1, 0) FROM _m, _g, (SELECT 0 AS k UNION ALL SELECT 1) AS _k WHERE iif(_k.k, " +
         c + " = '*' AND j <= length(" + t + "), CASE " + c +
         " WHEN '' THEN 0 WHEN '*' THEN 1 WHEN '?' THEN j <= length(" + t +
         ") WHEN '[' THEN substr(" + t + ", j, 1) = substr(_g.g, i + 1, 1) ELSE substr(" + t +
         ", j, 1) = " + c + " END)) SELECT 1 FROM _m, _g WHERE i > length(_g.g) AND j > length(" +
         t + "))";
}

Result<std::string> Search(const Call& c) {
  if (c.size() < 3) return WrongArgumentCount(c.name());
  if (c.size() > 5) return Unsupported("JSON_SEARCH over several paths");
  std::optional<std::string_view> mode = c.String(1);
  if (!mode || !(EqualsIgnoreCase(*mode, "one") || EqualsIgnoreCase(*mode, "all"))) {
    return Unsupported("JSON_SEARCH with a oneOrAll argument other than 'one' or 'all'");
  }
  char escape = '\\';
  if (c.size() >= 4 && !c.IsNull(3)) {
    std::optional<std::string_view> e = c.String(3);
    if (!e || e->size() > 1) return Unsupported("JSON_SEARCH with a non-constant escape character");
    if (e->size() == 1) escape = (*e)[0];
  }
  // A pattern too long for GLOB, or one known only at run time, is bound
  // as _g.g (GLOB still matches it at run time when it is short enough).
  std::string match;
  std::string glob;
  if (std::optional<std::string_view> pattern = c.String(2)) {
    std::string literal = LikeToGlob(*pattern, escape);
    if (literal.size() <= kMaxGlobPatternBytes) {
      match = "_t.atom GLOB " + QuoteString(literal);
    } else {
      glob = QuoteString(literal);
      match = LongGlobMatchSql("_t.atom");
    }
  } else if (escape == '\\') {
    glob = LikeToGlobSql(c[2]);
    match = "iif(length(CAST(_g.g AS BLOB)) <= " + std::to_string(kMaxGlobPatternBytes) +
            ", _t.atom GLOB _g.g, " + LongGlobMatchSql("_t.atom") + ")";
  } else {
    return Unsupported(
        "JSON_SEARCH with a non-constant pattern and an escape character other than '\\'");
  }
  std::string tree = "json_tree(_j.value)";
  std::string root = "'$'";
  if (c.size() == 5) {
    PathArg p = c.Path(4);
    if (p.is_null) return std::string("NULL");
    if (!p.literal) return Unsupported("JSON_SEARCH with a non-constant path");
    Result<std::string> path = PlainPathSql(p, "JSON_SEARCH");
    if (!path.ok()) return path;
    tree = "json_tree(_j.value, " + path.value() + ")";
    if (p.legs) root = QuoteString(MysqlPath(*p.legs));
  }
  // MySQL's spelling of each node's path, built from the root down.
  std::string paths =
      "(WITH RECURSIVE " + (glob.empty() ? "" : "_g(g) AS (SELECT " + glob + "), ") +
      "_t AS (SELECT id, parent, key, type, atom FROM " + tree + "), _p(id, path) AS (SELECT id, " +
      root +
      " FROM _t WHERE parent IS NULL UNION ALL SELECT _t.id, _p.path || CASE WHEN typeof(_t.key) = "
      "'integer' THEN '[' || _t.key || ']' WHEN _t.key GLOB '[A-Za-z_$"
      "\xC2\x80"
      "-"
      "\xF4\x8F\xBF\xBF"
      "]*' "
      "AND _t.key NOT GLOB '*[^A-Za-z0-9_$"
      "\xC2\x80"
      "-"
      "\xF4\x8F\xBF\xBF"
      "]*' THEN '.' || _t.key ELSE '.' || "
      "json_quote(_t.key) END FROM _t JOIN _p ON _t.parent = _p.id) ";
  std::string found = "SELECT _p.path AS path FROM _t JOIN _p ON _p.id = _t.id" +
                      std::string(glob.empty() ? "" : " JOIN _g") + " WHERE _t.type = 'text' AND " +
                      match + " ORDER BY _t.id";
  std::string result =
      EqualsIgnoreCase(*mode, "one")
          ? paths + "SELECT json_quote(path) FROM (" + found + " LIMIT 1))"
          : paths +
                "SELECT CASE count(*) WHEN 0 THEN NULL WHEN 1 THEN json_quote(min(path)) ELSE "
                "json_group_array(path) END FROM (" +
                found + "))";
  return "json(" + BindDoc(c[0], result) + ")";
}

// --- aggregates and the rest

Result<std::string> ArrayAgg(const Call& c, const ast::Function* node) {
  if (c.size() != 1) return WrongArgumentCount(c.name());
  if (node != nullptr && node->over != nullptr)
    return Unsupported("JSON_ARRAYAGG() as a window function");
  // MySQL's aggregate of no rows is NULL; SQLite's is [] (and only then,
  // as every row adds an element).
  return "nullif(json_group_array(" + c.Value(0) + "), '[]')";
}

Result<std::string> ObjectAgg(const Call& c, const ast::Function* node) {
  if (c.size() != 2) return WrongArgumentCount(c.name());
  if (node != nullptr && node->over != nullptr)
    return Unsupported("JSON_OBJECTAGG() as a window function");
  // A NULL key is MySQL's error 3158; json_group_object would write {:1}.
  std::string key = "iif(" + c[0] +
                    " IS NULL, json_extract('[]', 'JSON documents may not contain NULL "
                    "member names'), CAST(" +
                    c[0] + " AS TEXT))";
  std::string agg = "json_group_object(" + key + ", " + c.Value(1) + ")";
  // Duplicate keys: the last one wins, as in MySQL.
  return "nullif((SELECT json_group_object(_e.key, CASE _e.type WHEN 'true' THEN "
         "json('true') WHEN 'false' THEN json('false') ELSE _e.value END) FROM json_each(" +
         agg + ") AS _e LEFT JOIN json_each(" + agg +
         ") AS _f ON _f.key = _e.key AND _f.id > _e.id WHERE _f.id IS NULL), '{}')";
}

std::string Depth(const Call& c) {
  return BindDoc(c[0],
                 "(WITH RECURSIVE _t AS (SELECT id, parent FROM json_tree(_j.value)), _d(id, n) AS "
                 "(SELECT id, 1 FROM _t WHERE parent IS NULL UNION ALL SELECT _t.id, _d.n + 1 FROM "
                 "_t JOIN _d ON _t.parent = _d.id) SELECT max(n) FROM _d)");
}

Result<std::string> Value(const Call& c) {
  if (c.size() != 2) return WrongArgumentCount(c.name());
  PathArg p = c.Path(1);
  if (p.is_null) return std::string("NULL");
  Result<std::string> path = PlainPathSql(p, "JSON_VALUE");
  if (!path.ok()) return path;
  // A scalar, unquoted; JSON null, objects and arrays give NULL.
  std::string type = "json_type(" + c[0] + ", " + path.value() + ")";
  return "CASE WHEN " + type + " IN ('object', 'array', 'null') THEN NULL ELSE " +
         JsonUnquoteExtractSql(c[0], path.value()) + " END";
}

std::string MergePatch(const Call& c) {
  std::string out = c[0];
  for (size_t i = 1; i < c.size(); ++i) out = "json_patch(" + out + ", " + c[i] + ")";
  return out;
}

}  // namespace

bool IsJsonFunction(std::string_view upper_name) {
  return OneOf(upper_name, kTranslated) || OneOf(upper_name, kUnsupported);
}

std::string JsonExtractSql(std::string_view doc, std::string_view path) {
  PathArg p = ParsePathSql(path);
  Result<std::string> sql = ExtractSql(doc, p);
  if (sql.ok()) return std::move(sql).value();
  // A path SQLite cannot follow ($**.a, $[1 to 2]): the operator has no
  // error channel, so SQLite reports the path at run time.
  return "json_extract(" + std::string(doc) + ", " + InvalidPathSql(p.original) + ")";
}

std::string JsonUnquoteExtractSql(std::string_view doc, std::string_view path) {
  return UnquoteSql(JsonExtractSql(doc, path));
}

Result<std::string> TranslateJsonFunction(const FunctionCall& call) {
  const std::string& name = call.name;
  if (OneOf(name, kUnsupported)) return Unsupported(name + "()");
  Call c(call);
  size_t n = c.size();
  if (name == "JSON_EXTRACT") return Extract(c);
  if (name == "JSON_OBJECT") return Object(c);
  if (name == "JSON_ARRAY") return Array(c);
  if (name == "JSON_LENGTH") return Length(c);
  if (name == "JSON_KEYS") return Keys(c);
  if (name == "JSON_CONTAINS") return Contains(c);
  if (name == "JSON_CONTAINS_PATH") return ContainsPath(c);
  if (name == "JSON_SET" || name == "JSON_INSERT" || name == "JSON_REPLACE") return Modify(c);
  if (name == "JSON_ARRAY_APPEND") return ArrayAppend(c);
  if (name == "JSON_REMOVE") return Remove(c);
  if (name == "JSON_SEARCH") return Search(c);
  if (name == "JSON_ARRAYAGG") return ArrayAgg(c, call.node);
  if (name == "JSON_OBJECTAGG") return ObjectAgg(c, call.node);
  if (name == "JSON_VALUE") return Value(c);
  if (name == "JSON_MERGE_PATCH") {
    if (n < 2) return WrongArgumentCount(name);
    return MergePatch(c);
  }
  if (n != 1) return WrongArgumentCount(name);
  if (name == "JSON_UNQUOTE") return UnquoteSql(c[0]);
  if (name == "JSON_QUOTE") {
    // '' || x drops a JSON subtype, so JSON text is quoted as a string too.
    return "iif(" + c[0] + " IS NULL, NULL, json_quote('' || " + c[0] + "))";
  }
  if (name == "JSON_TYPE") return Type(c);
  if (name == "JSON_VALID") {
    return "CASE WHEN " + c[0] + " IS NULL THEN NULL WHEN typeof(" + c[0] +
           ") IN ('integer', 'real') THEN 0 ELSE json_valid(" + c[0] + ") END";
  }
  if (name == "JSON_DEPTH") return Depth(c);
  return Unsupported(name + "()");
}

}  // namespace edgesql::transpile
