#include "transpile/token_rewriter.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "common/ascii.h"
#include "common/server_info.h"
#include "sql/lexer.h"
#include "transpile/function_map.h"
#include "transpile/information_schema.h"
#include "transpile/sqlite_text.h"

namespace edgesql::transpile {
namespace {

using sql::Keyword;
using sql::Token;
using sql::TokenKind;

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '"' || c == '\'' ||
         c == '?' || static_cast<unsigned char>(c) >= 0x80;
}

// Non-reserved MySQL function names that mean "the current time".
constexpr std::string_view kTimestampFunctions[] = {"UTC_TIMESTAMP", "SYSDATE", "LOCALTIME",
                                                    "LOCALTIMESTAMP"};

std::string TimestampWithPrecision(int digits) {
  // MySQL NOW(n) keeps n fractional digits; SQLite's %f always gives three.
  if (digits <= 0) return "CURRENT_TIMESTAMP";
  return "strftime('%Y-%m-%d %H:%M:%f', 'now')";
}

}  // namespace

void TokenRewriter::Append(std::string& out, std::string_view piece) {
  if (piece.empty()) return;
  if (!out.empty() && IsWordChar(out.back()) && IsWordChar(piece.front())) out += ' ';
  out += piece;
}

bool TokenRewriter::IsOp(size_t i, std::string_view op) const {
  return i < tokens_.size() && tokens_[i].IsOperator(source_, op);
}

Status TokenRewriter::Write(size_t first, size_t last, std::string& out) {
  size_t i = first;
  while (i < last) {
    // Keep the statement's own spacing: a gap in the source is one space here.
    if (i > first && tokens_[i].offset > tokens_[i - 1].offset + tokens_[i - 1].length &&
        !out.empty() && out.back() != ' ') {
      out += ' ';
    }
    Status s = WriteToken(i, last, out);
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Status TokenRewriter::WriteToken(size_t& i, size_t last, std::string& out) {
  const Token& t = tokens_[i];
  std::string_view text = t.text(source_);
  switch (t.kind) {
    case TokenKind::kIdentifier:
      return WriteIdentifier(i, last, out);
    case TokenKind::kQuotedIdentifier:
      if (WriteInformationSchema(i, last, out)) return Status::Ok();
      if (SkipDatabaseQualifier(i, last)) return Status::Ok();
      Append(out, QuoteIdentifier(sql::DecodeIdentifier(t, source_)));
      ++i;
      return Status::Ok();
    case TokenKind::kString: {
      // Adjacent literals concatenate in MySQL: 'a' 'b' is 'ab'.
      std::string value = sql::DecodeString(text);
      ++i;
      while (i < last && tokens_[i].kind == TokenKind::kString) {
        value += sql::DecodeString(tokens_[i].text(source_));
        ++i;
      }
      Append(out, QuoteString(value));
      return Status::Ok();
    }
    case TokenKind::kNumber:
      Append(out, text);
      ++i;
      return Status::Ok();
    case TokenKind::kHexLiteral: {
      if (text[0] == '0') {  // 0xABC -> X'0ABC': MySQL pads to whole bytes
        std::string_view digits = text.substr(2);
        std::string lit = "X'";
        if (digits.size() % 2 != 0) lit += '0';
        lit += digits;
        lit += '\'';
        Append(out, lit);
      } else {
        Append(out, text);
      }
      ++i;
      return Status::Ok();
    }
    case TokenKind::kBitLiteral: {
      std::string_view bits = text[0] == '0' ? text.substr(2) : text.substr(2, text.size() - 3);
      if (bits.size() > 63) return Unsupported("bit literals wider than 63 bits");
      uint64_t value = 0;
      for (char c : bits) value = value * 2 + static_cast<uint64_t>(c - '0');
      Append(out, std::to_string(value));
      ++i;
      return Status::Ok();
    }
    case TokenKind::kPlaceholder:
      Append(out, "?" + std::to_string(next_param_++));
      ++i;
      return Status::Ok();
    case TokenKind::kUserVariable: {
      // A user variable reads its session value; one never set is NULL.
      if (IsOp(i + 1, ":=")) return Unsupported("assigning user variables inside a statement");
      std::string_view name = text.substr(1);
      std::string key;
      if (!name.empty() && (name[0] == '\'' || name[0] == '"')) {
        key = sql::DecodeString(name);
      } else if (name.size() >= 2 && name[0] == '`') {
        key = std::string(name.substr(1, name.size() - 2));
      } else {
        key = std::string(name);
      }
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string literal = "NULL";
      if (user_variables_ != nullptr) {
        auto it = user_variables_->find(key);
        if (it != user_variables_->end()) literal = it->second;
      }
      WriteConstant(i, i + 1, last, literal, out);
      ++i;
      return Status::Ok();
    }
    case TokenKind::kSystemVariable: {
      Result<VariableValue> value = ReadSystemVariable(text.substr(2));
      if (!value.ok()) return std::move(value).error();
      WriteConstant(i, i + 1, last,
                    value.value().is_number ? value.value().text : QuoteString(value.value().text),
                    out);
      ++i;
      return Status::Ok();
    }
    case TokenKind::kHint:
      ++i;  // consumed by the analyser
      return Status::Ok();
    case TokenKind::kOperator:
      break;
    case TokenKind::kEnd:
      ++i;
      return Status::Ok();
  }
  if (text == "<=>") {
    Append(out, "IS");
  } else if (text == "||") {
    Append(out, "OR");
  } else if (text == "&&") {
    Append(out, "AND");
  } else if (text == "!") {
    Append(out, "NOT");
  } else if (text == "(" || text == ")") {
    depth_ += text == "(" ? 1 : -1;
    out += text;
  } else if (text == ":=" || text == "^") {
    return Unsupported("the " + std::string(text) + " operator");
  } else {
    out += text;
  }
  ++i;
  return Status::Ok();
}

int TokenRewriter::ConsumeEmptyOrPrecisionCall(size_t& i, size_t last) const {
  size_t j = i + 1;
  if (j >= last || !IsOp(j, "(")) return -1;
  ++j;
  int digits = 0;
  if (j < last && tokens_[j].kind == TokenKind::kNumber) {
    std::string_view n = tokens_[j].text(source_);
    if (n.size() != 1 || n[0] < '0' || n[0] > '6') return -1;
    digits = n[0] - '0';
    ++j;
  }
  if (j >= last || !IsOp(j, ")")) return -1;
  i = j + 1;
  return digits;
}

Status TokenRewriter::WriteIdentifier(size_t& i, size_t last, std::string& out) {
  const Token& t = tokens_[i];
  std::string_view text = t.text(source_);
  // A charset introducer (_utf8mb4'x') only labels the literal after it.
  if (text.size() > 1 && text[0] == '_' && i + 1 < last &&
      tokens_[i + 1].kind == TokenKind::kString && tokens_[i + 1].offset == t.offset + t.length) {
    ++i;
    return Status::Ok();
  }
  if (depth_ == 0) {
    switch (t.keyword) {
      case Keyword::kSelect:
        select_list_ = true;
        break;
      case Keyword::kFrom:
      case Keyword::kWhere:
      case Keyword::kGroup:
      case Keyword::kOrder:
      case Keyword::kLimit:
      case Keyword::kHaving:
      case Keyword::kInto:
      case Keyword::kUnion:
        select_list_ = false;
        break;
      default:
        break;
    }
  }
  if (WriteInformationSchema(i, last, out)) return Status::Ok();
  if (SkipDatabaseQualifier(i, last)) return Status::Ok();
  // FROM DUAL names no table: SQLite's SELECT needs no FROM at all.
  if (t.Is(Keyword::kFrom) && i + 1 < last && tokens_[i + 1].kind == TokenKind::kIdentifier &&
      EqualsIgnoreCase(tokens_[i + 1].text(source_), "DUAL")) {
    i += 2;
    return Status::Ok();
  }
  if (IsOp(i + 1, "(")) {
    size_t close = MatchingParen(i + 1, last);
    if (close < last && t.keyword == Keyword::kNone) {
      if (EqualsIgnoreCase(text, "CONCAT")) return WriteConcat(i, close, last, out);
      if (EqualsIgnoreCase(text, "GROUP_CONCAT")) return WriteGroupConcat(i, close, last, out);
    }
    // A table name before a column list (INSERT INTO day (...)) is no call.
    bool names_table =
        i > 0 && (tokens_[i - 1].Is(Keyword::kInto) || tokens_[i - 1].Is(Keyword::kTable) ||
                  tokens_[i - 1].Is(Keyword::kFrom) || tokens_[i - 1].Is(Keyword::kJoin) ||
                  tokens_[i - 1].Is(Keyword::kUpdate) || tokens_[i - 1].Is(Keyword::kReferences) ||
                  tokens_[i - 1].IsOperator(source_, "."));
    if (close < last && !names_table && IsMappedFunction(text)) {
      return WriteMappedCall(i, close, last, out);
    }
  }
  bool plain_name = t.keyword == Keyword::kNone || t.keyword == Keyword::kDatabase ||
                    t.keyword == Keyword::kSchema;
  if (plain_name && IsOp(i + 1, "(") && IsOp(i + 2, ")") && i + 2 < last) {
    bool database = EqualsIgnoreCase(text, "DATABASE") || EqualsIgnoreCase(text, "SCHEMA");
    if (database || EqualsIgnoreCase(text, "VERSION")) {
      std::string literal = database ? (database_.empty() ? "NULL" : QuoteString(database_))
                                     : QuoteString(kServerVersionText);
      WriteConstant(i, i + 3, last, literal, out);
      i += 3;
      return Status::Ok();
    }
  }
  switch (t.keyword) {
    case Keyword::kNow: {
      int digits = ConsumeEmptyOrPrecisionCall(i, last);
      if (digits < 0) break;  // a column called now
      Append(out, TimestampWithPrecision(digits));
      return Status::Ok();
    }
    case Keyword::kCurrentTimestamp: {
      int digits = ConsumeEmptyOrPrecisionCall(i, last);
      if (digits < 0) {
        ++i;
        digits = 0;
      }
      Append(out, TimestampWithPrecision(digits));
      return Status::Ok();
    }
    case Keyword::kCurrentDate:
    case Keyword::kCurrentTime: {
      std::string_view name = sql::KeywordText(t.keyword);
      if (ConsumeEmptyOrPrecisionCall(i, last) < 0) ++i;
      Append(out, name);
      return Status::Ok();
    }
    case Keyword::kLimit:
      return WriteLimit(i, last, out);
    case Keyword::kDiv:
      return Unsupported("the DIV operator");
    case Keyword::kXor:
      return Unsupported("the XOR operator");
    case Keyword::kMod:
      if (!IsOp(i + 1, "(")) {  // a MOD b; MOD(a, b) is SQLite's mod() as is
        Append(out, "%");
        ++i;
        return Status::Ok();
      }
      break;
    default:
      break;
  }
  if (t.keyword == Keyword::kNone && IsOp(i + 1, "(")) {
    if (EqualsIgnoreCase(text, "CURDATE") || EqualsIgnoreCase(text, "UTC_DATE")) {
      if (ConsumeEmptyOrPrecisionCall(i, last) >= 0) {
        Append(out, "CURRENT_DATE");
        return Status::Ok();
      }
    } else if (EqualsIgnoreCase(text, "CURTIME") || EqualsIgnoreCase(text, "UTC_TIME")) {
      if (ConsumeEmptyOrPrecisionCall(i, last) >= 0) {
        Append(out, "CURRENT_TIME");
        return Status::Ok();
      }
    } else {
      for (std::string_view f : kTimestampFunctions) {
        if (!EqualsIgnoreCase(text, f)) continue;
        int digits = ConsumeEmptyOrPrecisionCall(i, last);
        if (digits >= 0) {
          Append(out, TimestampWithPrecision(digits));
          return Status::Ok();
        }
      }
    }
  }
  Append(out, text);
  ++i;
  return Status::Ok();
}

size_t TokenRewriter::MatchingParen(size_t open, size_t last) const {
  int depth = 0;
  for (size_t k = open; k < last; ++k) {
    if (IsOp(k, "(")) ++depth;
    if (IsOp(k, ")") && --depth == 0) return k;
  }
  return last;
}

Status TokenRewriter::WriteArguments(size_t open, size_t close, std::vector<std::string>& args) {
  if (close == open + 1) return Status::Ok();
  ++depth_;  // the arguments are inside the call, not select-list items
  size_t arg = open + 1;
  int depth = 0;
  for (size_t k = open + 1; k <= close; ++k) {
    if (k < close && IsOp(k, "(")) ++depth;
    if (k < close && IsOp(k, ")")) --depth;
    if (k != close && !(depth == 0 && IsOp(k, ","))) continue;
    if (k == arg) {
      --depth_;
      return sql::SyntaxErrorAt(source_, tokens_[k].offset);
    }
    std::string piece;
    if (Status s = Write(arg, k, piece); !s.ok()) {
      --depth_;
      return s;
    }
    args.push_back(std::move(piece));
    arg = k + 1;
  }
  --depth_;
  return Status::Ok();
}

Status TokenRewriter::WriteMappedCall(size_t& i, size_t close, size_t last, std::string& out) {
  std::vector<std::string> args;
  if (Status s = WriteArguments(i + 1, close, args); !s.ok()) return s;
  std::optional<std::string> sql = MapFunction(tokens_[i].text(source_), args);
  if (!sql) {
    std::string name(tokens_[i].text(source_));
    for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Error(ErrorCode::kWrongParamCountToNativeFunction,
                 "Incorrect parameter count in the call to native function '" + name + "'");
  }
  WriteConstant(i, close + 1, last, *sql, out);
  i = close + 1;
  return Status::Ok();
}

Status TokenRewriter::WriteConcat(size_t& i, size_t close, size_t last, std::string& out) {
  std::vector<std::string> args;
  if (Status s = WriteArguments(i + 1, close, args); !s.ok()) return s;
  if (args.empty()) {
    return Error(ErrorCode::kWrongParamCountToNativeFunction,
                 "Incorrect parameter count in the call to native function 'CONCAT'");
  }
  std::string expr = "(";
  for (size_t k = 0; k < args.size(); ++k) expr += (k > 0 ? " || (" : "(") + args[k] + ")";
  if (args.size() == 1) expr += " || ''";  // CONCAT(x) is x as a string
  expr += ")";
  WriteConstant(i, close + 1, last, expr, out);
  i = close + 1;
  return Status::Ok();
}

Status TokenRewriter::WriteGroupConcat(size_t& i, size_t close, size_t last, std::string& out) {
  size_t start = i;
  size_t k = i + 2;
  bool distinct = k < close && tokens_[k].Is(Keyword::kDistinct);
  if (distinct) ++k;
  // Split at the call's own level: arguments, ORDER BY ..., SEPARATOR '...'.
  size_t order = close;
  size_t separator = close;
  int depth = 0;
  for (size_t p = k; p < close; ++p) {
    if (IsOp(p, "(")) ++depth;
    if (IsOp(p, ")")) --depth;
    if (depth != 0) continue;
    if (tokens_[p].Is(Keyword::kOrder) && order == close) order = p;
    if (tokens_[p].kind == TokenKind::kIdentifier &&
        EqualsIgnoreCase(tokens_[p].text(source_), "SEPARATOR")) {
      separator = p;
    }
  }
  size_t args_end = std::min(order, separator);
  if (args_end == k) return sql::SyntaxErrorAt(source_, tokens_[k].offset);
  std::string sep = "','";
  if (separator < close) {
    if (separator + 2 != close || tokens_[separator + 1].kind != TokenKind::kString) {
      return sql::SyntaxErrorAt(source_, tokens_[separator].offset);
    }
    sep = QuoteString(sql::DecodeString(tokens_[separator + 1].text(source_)));
  }
  ++depth_;
  // Several arguments are concatenated per row (a row with a NULL one is
  // skipped, which is what NULL || ... gives group_concat).
  std::string args;
  size_t arg = k;
  int count = 0;
  for (size_t p = k; p <= args_end; ++p) {
    if (IsOp(p, "(")) ++depth;
    if (IsOp(p, ")")) --depth;
    if (p != args_end && !(depth == 0 && IsOp(p, ","))) continue;
    std::string piece;
    if (Status s = Write(arg, p, piece); !s.ok()) {
      --depth_;
      return s;
    }
    if (count++ > 0) args += " || ";
    args += "(" + piece + ")";
    arg = p + 1;
  }
  std::string order_by;
  if (order < close) {
    if (Status s =
            Write(order, separator < close && separator > order ? separator : close, order_by);
        !s.ok()) {
      --depth_;
      return s;
    }
  }
  --depth_;
  std::string expr = "group_concat(";
  if (distinct) {
    // SQLite's DISTINCT aggregates take one argument: its default separator
    // is MySQL's ',' too, so only another separator cannot be said.
    if (sep != "','") return Unsupported("GROUP_CONCAT(DISTINCT ... SEPARATOR other than ',')");
    expr += "DISTINCT " + args;
  } else {
    expr += args + ", " + sep;
  }
  if (!order_by.empty()) expr += " " + order_by;
  expr += ")";
  WriteConstant(start, close + 1, last, expr, out);
  i = close + 1;
  return Status::Ok();
}

bool TokenRewriter::SkipDatabaseQualifier(size_t& i, size_t last) {
  if (qualified_tables_.empty() || i + 2 >= last || !IsOp(i + 1, ".")) return false;
  const Token& table = tokens_[i + 2];
  if (table.kind != TokenKind::kIdentifier && table.kind != TokenKind::kQuotedIdentifier)
    return false;
  if (sql::DecodeIdentifier(tokens_[i], source_) != database_) return false;
  std::string name = sql::DecodeIdentifier(table, source_);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (qualified_tables_.count(name) == 0) return false;
  i += 2;
  return true;
}

bool TokenRewriter::WriteInformationSchema(size_t& i, size_t last, std::string& out) {
  if (i + 2 >= last || !IsOp(i + 1, ".")) return false;
  const Token& view = tokens_[i + 2];
  if (view.kind != TokenKind::kIdentifier && view.kind != TokenKind::kQuotedIdentifier)
    return false;
  if (!EqualsIgnoreCase(sql::DecodeIdentifier(tokens_[i], source_), "information_schema"))
    return false;
  std::string name = sql::DecodeIdentifier(view, source_);
  if (!IsInformationSchemaView(name)) return false;
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  information_schema_.insert(name);
  Append(out, InformationSchemaCteName(name));
  i += 3;
  return true;
}

void TokenRewriter::WriteConstant(size_t start, size_t end, size_t last, const std::string& literal,
                                  std::string& out) const {
  Append(out, literal);
  if (!select_list_ || depth_ != 0) return;
  size_t before = start;
  while (before > 0 && tokens_[before - 1].kind == TokenKind::kHint) --before;
  bool starts_item =
      before > 0 &&
      (tokens_[before - 1].Is(Keyword::kSelect) || tokens_[before - 1].Is(Keyword::kDistinct) ||
       tokens_[before - 1].Is(Keyword::kAll) || tokens_[before - 1].IsOperator(source_, ","));
  bool ends_item = end >= last || tokens_[end].IsOperator(source_, ",") ||
                   tokens_[end].Is(Keyword::kFrom) || tokens_[end].Is(Keyword::kUnion) ||
                   tokens_[end].Is(Keyword::kInto) || tokens_[end].IsOperator(source_, ";");
  if (!starts_item || !ends_item) return;
  const Token& first = tokens_[start];
  const Token& final = tokens_[end - 1];
  std::string_view original =
      source_.substr(first.offset, final.offset + final.length - first.offset);
  out += " AS ";
  out += QuoteIdentifier(original);
}

Status TokenRewriter::WriteLimit(size_t& i, size_t last, std::string& out) {
  // MySQL's LIMIT offset, count is SQLite's LIMIT count OFFSET offset. Both
  // operands are single literals or placeholders in MySQL's grammar.
  auto is_operand = [&](size_t k) {
    return k < last &&
           (tokens_[k].kind == TokenKind::kNumber || tokens_[k].kind == TokenKind::kPlaceholder);
  };
  if (is_operand(i + 1) && IsOp(i + 2, ",") && is_operand(i + 3)) {
    // Number the placeholders in source order, then write them swapped.
    std::string offset;
    std::string count;
    size_t k = i + 1;
    Status s = WriteToken(k, last, offset);
    if (!s.ok()) return s;
    k = i + 3;
    s = WriteToken(k, last, count);
    if (!s.ok()) return s;
    Append(out, "LIMIT");
    Append(out, " ");
    out += count;
    out += " OFFSET ";
    out += offset;
    i += 4;
    return Status::Ok();
  }
  Append(out, "LIMIT");
  ++i;
  return Status::Ok();
}

}  // namespace edgesql::transpile
