#include "cache/read_policy.h"

#include <algorithm>
#include <array>

#include "common/ascii.h"

namespace edgesql::cache {
namespace {

using sql::TokenKind;

// Functions whose value is not the rows' alone: the clock, randomness, the
// session and the server. A read calling one is never cached (MySQL's own
// list of functions unsafe for statement-based replication, plus the
// clock).
constexpr std::array<std::string_view, 31> kVolatileFunctions = {
    "NOW",          "CURRENT_TIMESTAMP", "CURRENT_DATE",   "CURRENT_TIME", "CURDATE",
    "CURTIME",      "SYSDATE",           "UTC_DATE",       "UTC_TIME",     "UTC_TIMESTAMP",
    "LOCALTIME",    "LOCALTIMESTAMP",    "UNIX_TIMESTAMP", "RAND",         "UUID",
    "UUID_SHORT",   "RANDOM_BYTES",      "CONNECTION_ID",  "CURRENT_USER", "USER",
    "SESSION_USER", "SYSTEM_USER",       "LAST_INSERT_ID", "ROW_COUNT",    "FOUND_ROWS",
    "SLEEP",        "GET_LOCK",          "RELEASE_LOCK",   "IS_FREE_LOCK", "BENCHMARK",
    "ICU_VERSION"};

// An identifier's name: backticks removed (doubled ones are rare enough in
// column names that comparing them as written is fine).
std::string_view NameOf(const sql::Token& t, std::string_view source) {
  std::string_view text = t.text(source);
  if (t.kind == TokenKind::kQuotedIdentifier && text.size() >= 2)
    return text.substr(1, text.size() - 2);
  return text;
}

bool IsWord(const sql::Token& t, std::string_view source, std::string_view word) {
  return t.kind == TokenKind::kIdentifier && EqualsIgnoreCase(t.text(source), word);
}

// Why the statement's text rules the cache out, or empty.
std::string VolatileReason(const ReadFacts& f) {
  const std::vector<sql::Token>& tokens = *f.tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const sql::Token& t = tokens[i];
    if (t.offset < f.info->begin || t.offset >= f.info->end) continue;
    if (t.kind == TokenKind::kUserVariable || t.kind == TokenKind::kSystemVariable)
      return "it reads a variable";
    if (t.kind != TokenKind::kIdentifier) continue;
    std::string_view word = t.text(f.source);
    const sql::Token* next = i + 1 < tokens.size() ? &tokens[i + 1] : nullptr;
    if (EqualsIgnoreCase(word, "FOR") && next != nullptr &&
        (IsWord(*next, f.source, "UPDATE") || IsWord(*next, f.source, "SHARE")))
      return "it is a locking read";
    if (EqualsIgnoreCase(word, "LOCK") && next != nullptr && IsWord(*next, f.source, "IN"))
      return "it is a locking read";
    for (std::string_view fn : kVolatileFunctions) {
      if (EqualsIgnoreCase(word, fn)) return std::string(fn) + "() changes between calls";
    }
  }
  return {};
}

// The column of `columns` the statement names (or reads with *), if any.
std::optional<std::string> NamedColumn(const ReadFacts& f,
                                       const std::vector<std::string>& columns) {
  for (const sql::Token& t : *f.tokens) {
    if (t.offset < f.info->begin || t.offset >= f.info->end) continue;
    if (t.kind == TokenKind::kOperator && t.IsOperator(f.source, "*")) return columns[0] + " (*)";
    if (t.kind != TokenKind::kIdentifier && t.kind != TokenKind::kQuotedIdentifier) continue;
    for (const std::string& c : columns) {
      if (EqualsIgnoreCase(NameOf(t, f.source), c)) return c;
    }
  }
  return std::nullopt;
}

ReadPolicy OfTable(const routing::TablePolicy* table, const std::string& name) {
  ReadPolicy p;
  if (table != nullptr && table->cache.mode == routing::CacheMode::kBounded) {
    p.mode = ServeMode::kBounded;
    p.fresh_ms = table->cache.ttl_ms;
  } else if (table != nullptr && table->cache.mode == routing::CacheMode::kCached) {
    p.mode = ServeMode::kCached;
    p.fresh_ms = table->cache.ttl_ms;
    p.swr_ms = table->cache.swr_ms;
  } else {
    p.reason = "table " + name + " is strong";
  }
  if (table != nullptr) p.prewarm = table->cache.prewarm;
  return p;
}

// The policy of a read of two tables with policies `a` and `b`: bypass over
// bounded over cached, and the shorter freshness.
ReadPolicy Stricter(ReadPolicy a, ReadPolicy b) {
  if (a.mode == ServeMode::kBypass) return a;
  if (b.mode == ServeMode::kBypass) return b;
  a.prewarm = b.prewarm = a.prewarm && b.prewarm;
  if (a.mode != b.mode) return a.mode == ServeMode::kBounded ? a : b;
  // fresh_ms 0 is no limit, which any limit is stricter than.
  if (a.fresh_ms == 0) return b;
  if (b.fresh_ms == 0) return a;
  a.swr_ms = std::min(a.swr_ms, b.swr_ms);
  a.fresh_ms = std::min(a.fresh_ms, b.fresh_ms);
  return a;
}

// One SELECT, one table reference: no subquery, join, union or second
// table in FROM, whose rows the answer could also depend on.
bool OneTableReference(const ReadFacts& f) {
  int selects = 0;
  int depth = 0;
  bool in_from = false;
  for (const sql::Token& t : *f.tokens) {
    if (t.offset < f.info->begin || t.offset >= f.info->end) continue;
    if (t.kind == TokenKind::kOperator) {
      if (t.IsOperator(f.source, "(")) ++depth;
      if (t.IsOperator(f.source, ")")) --depth;
      if (in_from && depth == 0 && t.IsOperator(f.source, ",")) return false;
      continue;
    }
    if (t.kind != TokenKind::kIdentifier) continue;
    std::string_view w = t.text(f.source);
    if (EqualsIgnoreCase(w, "SELECT") && ++selects > 1) return false;
    if (EqualsIgnoreCase(w, "JOIN") || EqualsIgnoreCase(w, "UNION") ||
        EqualsIgnoreCase(w, "STRAIGHT_JOIN") || EqualsIgnoreCase(w, "INTERSECT") ||
        EqualsIgnoreCase(w, "EXCEPT"))
      return false;
    if (depth == 0 && EqualsIgnoreCase(w, "FROM")) in_from = true;
    if (depth == 0 && EqualsIgnoreCase(w, "WHERE")) in_from = false;
  }
  return true;
}

bool IsCanonicalInteger(std::string_view text) {
  if (!text.empty() && text[0] == '-') text.remove_prefix(1);
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// `value` as the key of rows whose `column` equals it, when MySQL compares
// the two as the column's own kind: integers with integers (or text that is
// one), text with text. Bytes and approximate numbers do not compare as
// text, and a number compared with a text column matches many spellings.
std::optional<std::string> ValueKey(const catalog::ColumnDef& column, const sql::Value& value) {
  const catalog::StorageClass storage = catalog::StorageOf(column.type);
  if (storage == catalog::StorageClass::kInteger) {
    if (value.kind != sql::Value::Kind::kNumber && value.kind != sql::Value::Kind::kString)
      return std::nullopt;
    std::optional<std::string> text = routing::CanonicalText(value.text);
    if (!text || !IsCanonicalInteger(*text)) return std::nullopt;
    return text;
  }
  if (storage == catalog::StorageClass::kText && value.kind == sql::Value::Kind::kString)
    return routing::CanonicalText(value.text);
  return std::nullopt;
}

ReadPolicy Bypass(std::string reason) {
  ReadPolicy p;
  p.reason = std::move(reason);
  return p;
}

}  // namespace

ReadPolicy ChooseReadPolicy(const ReadFacts& f) {
  const sql::StatementInfo& info = *f.info;
  if (info.hints.consistency == sql::Consistency::kStrong) return Bypass("/*+ strong */");
  if (f.in_transaction) return Bypass("inside a transaction");
  if (info.kind != sql::StatementKind::kSelect) return Bypass("not a SELECT");
  if (info.tables_read.empty()) return Bypass("it reads no table");
  if (f.several_shards) return Bypass("it reads several shards");
  if (std::string why = VolatileReason(f); !why.empty()) return Bypass(why);

  // The tables' policies: the strictest speaks for the read.
  ReadPolicy chosen;
  chosen.mode = ServeMode::kCached;
  chosen.prewarm = true;  // until a table's policy says otherwise
  for (const sql::TableName& name : info.tables_read) {
    const routing::TablePolicy* table = f.policy ? f.policy->FindTable(name.name) : nullptr;
    if (table != nullptr && !table->cache.always_strong_columns.empty()) {
      if (std::optional<std::string> column = NamedColumn(f, table->cache.always_strong_columns))
        return Bypass("column " + name.name + "." + *column + " is always strong");
    }
    chosen = Stricter(chosen, OfTable(table, name.name));
  }

  // The query's own hint decides over the tables'.
  if (info.hints.consistency == sql::Consistency::kBounded) {
    ReadPolicy p;
    p.mode = ServeMode::kBounded;
    p.fresh_ms = info.hints.bounded_ms;
    return p;
  }
  if (info.hints.consistency == sql::Consistency::kCached) {
    ReadPolicy p;
    p.mode = ServeMode::kCached;
    if (chosen.mode == ServeMode::kCached) {
      p.fresh_ms = chosen.fresh_ms;
      p.swr_ms = chosen.swr_ms;
      p.prewarm = chosen.prewarm;
    }
    return p;
  }
  return chosen;
}

std::optional<RowKey> RowReadKey(const ReadFacts& f, const std::vector<sql::Value>& params,
                                 const catalog::TableDef& table) {
  const sql::StatementInfo& info = *f.info;
  if (info.tables_read.size() != 1 || info.kind != sql::StatementKind::kSelect) return std::nullopt;
  if (!OneTableReference(f)) return std::nullopt;
  // The canonical value one top-level equality fixes `column` to.
  auto fixed = [&](const std::string& column) -> std::optional<std::string> {
    const catalog::ColumnDef* def = table.FindColumn(column);
    if (def == nullptr) return std::nullopt;
    for (const sql::Equality& e : info.equalities) {
      if (e.is_in || e.values.size() != 1 || !EqualsIgnoreCase(e.column, column)) continue;
      const sql::Value* v = &e.values[0];
      if (v->kind == sql::Value::Kind::kParam) {
        const size_t at = static_cast<size_t>(v->param_index);
        if (v->param_index < 0 || at >= params.size()) return std::nullopt;
        v = &params[at];
      }
      return ValueKey(*def, *v);
    }
    return std::nullopt;
  };
  if (const catalog::IndexDef* pk = table.PrimaryKey()) {
    RowKey key;
    for (const catalog::KeyPart& part : pk->parts) {
      std::optional<std::string> value = fixed(part.column);
      if (!value) break;
      key.values.push_back(std::move(*value));
    }
    if (key.values.size() == pk->parts.size()) return key;
  }
  for (const std::string& column : table.LookupColumns()) {
    if (std::optional<std::string> value = fixed(column))
      return RowKey{AsciiLower(column), {std::move(*value)}};
  }
  return std::nullopt;
}

}  // namespace edgesql::cache
