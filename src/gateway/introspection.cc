#include "gateway/introspection.h"

#include <cctype>

#include "catalog/column_facts.h"
#include "common/ascii.h"
#include "sql/lexer.h"

namespace edgesql::gateway {
namespace {

using catalog::ColumnDef;
using catalog::IndexDef;
using sql::Keyword;
using sql::Token;
using sql::TokenKind;

std::string Backtick(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

std::string Quote(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += c == '\'' ? '\'' : '\\';
    out += c;
  }
  return out + "'";
}

// MySQL LIKE with % and _ (case-insensitive, as identifiers compare).
bool Like(std::string_view text, std::string_view pattern) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '%') {
    for (size_t i = 0; i <= text.size(); ++i) {
      if (Like(text.substr(i), pattern.substr(1))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  bool same = pattern[0] == '_' || std::tolower(static_cast<unsigned char>(pattern[0])) ==
                                       std::tolower(static_cast<unsigned char>(text[0]));
  return same && Like(text.substr(1), pattern.substr(1));
}

std::string KeyOf(const catalog::TableDef& t, const ColumnDef& c) {
  return catalog::ColumnKey(t, c);
}

Json DefaultOf(const ColumnDef& c) {
  std::optional<std::string> text = catalog::ColumnDefaultText(c);
  return text ? Json(*text) : Json(nullptr);
}

std::string ExtraOf(const ColumnDef& c) { return catalog::ColumnExtra(c); }

Json Table(const std::vector<std::string>& names, Json rows, bool rows_as_array) {
  Json fields = Json::array();
  for (const std::string& n : names)
    fields.push_back({{"name", n}, {"type", "VAR_STRING"}, {"columnType", 253}});
  if (!rows_as_array) {
    Json objects = Json::array();
    for (const Json& row : rows) {
      Json o = Json::object();
      for (size_t i = 0; i < names.size(); ++i) o[names[i]] = row[i];
      objects.push_back(std::move(o));
    }
    rows = std::move(objects);
  }
  return Json{{"rows", std::move(rows)}, {"fields", std::move(fields)}};
}

}  // namespace

Result<std::optional<IntrospectionQuery>> ParseIntrospection(std::string_view source,
                                                             const std::vector<Token>& tokens,
                                                             const sql::StatementInfo& info,
                                                             std::string_view database) {
  if (info.kind != sql::StatementKind::kDescribe && info.kind != sql::StatementKind::kShow)
    return std::optional<IntrospectionQuery>();
  std::vector<const Token*> w;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kEnd || t.offset >= info.end) break;
    if (t.offset >= info.begin && t.kind != TokenKind::kHint) w.push_back(&t);
  }
  auto name_at = [&](size_t i) -> Result<std::string> {
    if (i >= w.size() ||
        (w[i]->kind != TokenKind::kIdentifier && w[i]->kind != TokenKind::kQuotedIdentifier)) {
      return sql::SyntaxErrorAt(source, i < w.size() ? w[i]->offset : info.end);
    }
    return sql::DecodeIdentifier(*w[i], source);
  };
  // [db.]table at i; returns the index after it.
  auto table_at = [&](size_t i, std::string& table) -> Result<size_t> {
    Result<std::string> first = name_at(i);
    if (!first.ok()) return std::move(first).error();
    if (i + 2 < w.size() + 1 && i + 1 < w.size() && w[i + 1]->IsOperator(source, ".")) {
      Result<std::string> second = name_at(i + 2);
      if (!second.ok()) return std::move(second).error();
      if (first.value() != database) return Unsupported("tables of another database");
      table = std::move(second).value();
      return i + 3;
    }
    table = std::move(first).value();
    return i + 1;
  };
  IntrospectionQuery q;
  if (info.kind == sql::StatementKind::kDescribe) {
    Result<size_t> next = table_at(1, q.table);
    if (!next.ok()) return std::move(next).error();
    size_t i = next.value();
    if (i < w.size()) {
      if (w[i]->kind == TokenKind::kString) {
        q.like = sql::DecodeString(w[i]->text(source));
      } else {
        Result<std::string> col = name_at(i);
        if (!col.ok()) return std::move(col).error();
        q.like = std::move(col).value();
      }
      if (i + 1 != w.size()) return sql::SyntaxErrorAt(source, w[i + 1]->offset);
    }
    return std::optional<IntrospectionQuery>(q);
  }
  if (info.kind != sql::StatementKind::kShow || w.size() < 2)
    return std::optional<IntrospectionQuery>();
  size_t i = 1;
  bool full = w[i]->Is(Keyword::kFull);
  if (full) ++i;
  if (i >= w.size()) return std::optional<IntrospectionQuery>();
  std::string word = AsciiUpper(w[i]->text(source));
  if (word == "CREATE" && i + 1 < w.size() && w[i + 1]->Is(Keyword::kTable)) {
    q.what = IntrospectionQuery::What::kCreateTable;
    Result<size_t> next = table_at(i + 2, q.table);
    if (!next.ok()) return std::move(next).error();
    if (next.value() != w.size()) return sql::SyntaxErrorAt(source, w[next.value()]->offset);
    return std::optional<IntrospectionQuery>(q);
  }
  bool columns = word == "COLUMNS" || word == "FIELDS";
  bool index = word == "INDEX" || word == "INDEXES" || word == "KEYS";
  if (!columns && !index) return std::optional<IntrospectionQuery>();
  q.what =
      index ? IntrospectionQuery::What::kIndex
            : (full ? IntrospectionQuery::What::kFullColumns : IntrospectionQuery::What::kColumns);
  ++i;
  if (i >= w.size() || !(w[i]->Is(Keyword::kFrom) || w[i]->Is(Keyword::kIn))) {
    return sql::SyntaxErrorAt(source, i < w.size() ? w[i]->offset : info.end);
  }
  Result<size_t> next = table_at(i + 1, q.table);
  if (!next.ok()) return std::move(next).error();
  i = next.value();
  if (i < w.size() && (w[i]->Is(Keyword::kFrom) || w[i]->Is(Keyword::kIn))) {
    Result<std::string> db = name_at(i + 1);
    if (!db.ok()) return std::move(db).error();
    if (db.value() != database) return Unsupported("tables of another database");
    i += 2;
  }
  if (i < w.size() && w[i]->Is(Keyword::kLike) && !index) {
    if (i + 1 >= w.size() || w[i + 1]->kind != TokenKind::kString)
      return sql::SyntaxErrorAt(source, w[i]->offset);
    q.like = sql::DecodeString(w[i + 1]->text(source));
    i += 2;
  }
  if (i < w.size()) {
    if (w[i]->Is(Keyword::kWhere)) return Unsupported("SHOW ... WHERE");
    return sql::SyntaxErrorAt(source, w[i]->offset);
  }
  return std::optional<IntrospectionQuery>(q);
}

std::string ShowCreateTable(const catalog::TableDef& t, int64_t next_auto_increment) {
  std::string out = "CREATE TABLE " + Backtick(t.name) + " (\n";
  std::vector<std::string> lines;
  for (const ColumnDef& c : t.columns) {
    std::string line = "  " + Backtick(c.name) + " " + catalog::ColumnTypeText(c);
    if (!c.collation.empty()) line += " COLLATE " + c.collation;
    if (!c.nullable) line += " NOT NULL";
    switch (c.default_kind) {
      case ColumnDef::Default::kNone:
        if (c.nullable && !c.auto_increment && !catalog::IsBinary(c.type) &&
            c.type != catalog::MySqlType::kText && c.type != catalog::MySqlType::kJson) {
          line += " DEFAULT NULL";
        }
        break;
      case ColumnDef::Default::kNull:
        line += " DEFAULT NULL";
        break;
      case ColumnDef::Default::kLiteral:
        line += " DEFAULT " + Quote(c.default_value);
        break;
      case ColumnDef::Default::kCurrentTimestamp:
        line += " DEFAULT " + DefaultOf(c).get<std::string>();
        break;
      case ColumnDef::Default::kExpression:
        line += " DEFAULT (" + c.default_value + ")";
        break;
    }
    if (c.on_update_current_timestamp) line += " ON UPDATE CURRENT_TIMESTAMP";
    if (c.auto_increment) line += " AUTO_INCREMENT";
    if (!c.comment.empty()) line += " COMMENT " + Quote(c.comment);
    lines.push_back(std::move(line));
  }
  auto parts = [](const IndexDef& i) {
    std::string s = "(";
    for (size_t k = 0; k < i.parts.size(); ++k) {
      if (k > 0) s += ",";
      s += Backtick(i.parts[k].column);
      if (i.parts[k].prefix_length >= 0) s += "(" + std::to_string(i.parts[k].prefix_length) + ")";
      if (i.parts[k].descending) s += " DESC";
    }
    return s + ")";
  };
  for (const IndexDef& i : t.indexes) {
    switch (i.kind) {
      case IndexDef::Kind::kPrimary:
        lines.push_back("  PRIMARY KEY " + parts(i));
        break;
      case IndexDef::Kind::kUnique:
        lines.push_back("  UNIQUE KEY " + Backtick(i.name) + " " + parts(i));
        break;
      case IndexDef::Kind::kIndex:
        lines.push_back("  KEY " + Backtick(i.name) + " " + parts(i));
        break;
      case IndexDef::Kind::kFulltext:
        lines.push_back("  FULLTEXT KEY " + Backtick(i.name) + " " + parts(i));
        break;
    }
  }
  for (const catalog::ForeignKeyDef& f : t.foreign_keys) {
    std::string cols, refs;
    for (const std::string& c : f.columns) cols += (cols.empty() ? "" : ", ") + Backtick(c);
    for (const std::string& c : f.ref_columns) refs += (refs.empty() ? "" : ", ") + Backtick(c);
    std::string line = "  CONSTRAINT " + Backtick(f.name) + " FOREIGN KEY (" + cols +
                       ") REFERENCES " + Backtick(f.ref_table) + " (" + refs + ")";
    if (f.on_delete != "RESTRICT") line += " ON DELETE " + f.on_delete;
    if (f.on_update != "RESTRICT") line += " ON UPDATE " + f.on_update;
    lines.push_back(std::move(line));
  }
  for (const catalog::CheckDef& c : t.checks) {
    lines.push_back("  CONSTRAINT " + Backtick(c.name) + " CHECK (" + c.expression + ")");
  }
  for (size_t i = 0; i < lines.size(); ++i) out += lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
  out += ") ENGINE=" + t.engine;
  if (next_auto_increment > 1) out += " AUTO_INCREMENT=" + std::to_string(next_auto_increment);
  out += " DEFAULT CHARSET=" + t.charset + " COLLATE=" + t.collation;
  if (!t.comment.empty()) out += " COMMENT=" + Quote(t.comment);
  return out;
}

Result<Json> AnswerIntrospection(const IntrospectionQuery& q, const catalog::DatabaseSchema& schema,
                                 std::string_view database, int64_t next_auto_increment,
                                 bool rows_as_array) {
  const catalog::TableDef* t = schema.FindTable(q.table);
  if (t == nullptr) {
    return Error(ErrorCode::kNoSuchTable,
                 "Table '" + std::string(database) + "." + q.table + "' doesn't exist");
  }
  Json rows = Json::array();
  switch (q.what) {
    case IntrospectionQuery::What::kColumns:
    case IntrospectionQuery::What::kFullColumns: {
      bool full = q.what == IntrospectionQuery::What::kFullColumns;
      for (const ColumnDef& c : t->columns) {
        if (!q.like.empty() && !Like(c.name, q.like)) continue;
        Json collation =
            catalog::IsString(c.type) ? Json(std::string(t->CollationOf(c))) : Json(nullptr);
        if (full) {
          rows.push_back({c.name, catalog::ColumnTypeText(c), collation, c.nullable ? "YES" : "NO",
                          KeyOf(*t, c), DefaultOf(c), ExtraOf(c), "select,insert,update,references",
                          c.comment});
        } else {
          rows.push_back({c.name, catalog::ColumnTypeText(c), c.nullable ? "YES" : "NO",
                          KeyOf(*t, c), DefaultOf(c), ExtraOf(c)});
        }
      }
      if (full) {
        return Table({"Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges",
                      "Comment"},
                     std::move(rows), rows_as_array);
      }
      return Table({"Field", "Type", "Null", "Key", "Default", "Extra"}, std::move(rows),
                   rows_as_array);
    }
    case IntrospectionQuery::What::kIndex: {
      for (const IndexDef& i : t->indexes) {
        for (size_t k = 0; k < i.parts.size(); ++k) {
          const ColumnDef* c = t->FindColumn(i.parts[k].column);
          rows.push_back(
              {t->name,
               (i.kind == IndexDef::Kind::kPrimary || i.kind == IndexDef::Kind::kUnique) ? 0 : 1,
               i.name, static_cast<int>(k + 1), i.parts[k].column,
               i.kind == IndexDef::Kind::kFulltext ? Json(nullptr)
                                                   : Json(i.parts[k].descending ? "D" : "A"),
               0, i.parts[k].prefix_length >= 0 ? Json(i.parts[k].prefix_length) : Json(nullptr),
               nullptr, c != nullptr && c->nullable ? "YES" : "",
               i.kind == IndexDef::Kind::kFulltext ? "FULLTEXT" : "BTREE", "", i.comment, "YES",
               nullptr});
        }
      }
      return Table({"Table", "Non_unique", "Key_name", "Seq_in_index", "Column_name", "Collation",
                    "Cardinality", "Sub_part", "Packed", "Null", "Index_type", "Comment",
                    "Index_comment", "Visible", "Expression"},
                   std::move(rows), rows_as_array);
    }
    case IntrospectionQuery::What::kCreateTable:
      rows.push_back({t->name, ShowCreateTable(*t, next_auto_increment)});
      return Table({"Table", "Create Table"}, std::move(rows), rows_as_array);
  }
  return Json();
}

}  // namespace edgesql::gateway
