#include "gateway/gateway.h"

#include <cmath>
#include <vector>

#include "gateway/json_util.h"
#include "gateway/session_statements.h"
#include "gateway/sqlite_errors.h"
#include "routing/router.h"
#include "sql/analyzer.h"
#include "sql/lexer.h"
#include "transpile/transpiler.h"

namespace edgesql::gateway {
namespace {

using sql::StatementKind;

// Edge SQL's DDL log: every schema change a shard applied, in order. It is
// the shard's schema version, and being AUTOINCREMENT it guarantees that
// sqlite_sequence exists (TRUNCATE and the insert-id probe rely on that).
constexpr std::string_view kDdlLogTable = "_edgesql_ddl_log";

constexpr int kMaxParams = 100;  // Durable Object SQLite's binding limit

Output Fail(const Error& error) { return Output{error.info().http_status, Dump(ErrorBody(error))}; }

Json WarningsJson(const std::vector<sql::Warning>& warnings) {
  Json list = Json::array();
  for (const sql::Warning& w : warnings) {
    list.push_back({{"level", "Warning"}, {"code", w.code}, {"message", w.message}});
  }
  return list;
}

Json OkBody(const std::vector<sql::Warning>& warnings, Json meta) {
  return Json{{"affectedRows", 0},
              {"insertId", 0},
              {"warningCount", warnings.size()},
              {"warnings", WarningsJson(warnings)},
              {"meta", std::move(meta)}};
}

struct Request {
  std::string sql;
  Json params = Json::array();
  std::string database;
  bool rows_as_array = false;
};

Result<Request> ParseRequest(std::string_view body) {
  Result<Json> parsed = ParseJson(body, "the request body");
  if (!parsed.ok()) return std::move(parsed).error();
  const Json& j = parsed.value();
  auto wrong = [](std::string_view what) {
    return Error(ErrorCode::kWrongArguments, "Incorrect arguments to query: " + std::string(what));
  };
  if (!j.is_object()) return wrong("the body must be a JSON object");
  Request r;
  auto sql = j.find("sql");
  if (sql == j.end() || !sql->is_string()) return wrong("\"sql\" must be a string");
  r.sql = sql->get<std::string>();
  if (auto p = j.find("params"); p != j.end() && !p->is_null()) {
    if (!p->is_array()) return wrong("\"params\" must be an array");
    for (const Json& v : *p) {
      bool binary =
          v.is_object() && v.size() == 1 && v.contains("$binary") && v["$binary"].is_string();
      if (!(v.is_null() || v.is_boolean() || v.is_number() || v.is_string() || binary)) {
        return wrong("each parameter must be a string, number, boolean, null or {\"$binary\"}");
      }
      if (v.is_number_float() && !std::isfinite(v.get<double>())) return wrong("non-finite number");
      // SQLite has no boolean: MySQL's TRUE is 1.
      r.params.push_back(v.is_boolean() ? Json(v.get<bool>() ? 1 : 0) : v);
    }
  }
  if (auto d = j.find("database"); d != j.end() && !d->is_null()) {
    if (!d->is_string()) return wrong("\"database\" must be a string");
    r.database = d->get<std::string>();
  }
  if (auto a = j.find("rowsAsArray"); a != j.end() && !a->is_null()) {
    if (!a->is_boolean()) return wrong("\"rowsAsArray\" must be a boolean");
    r.rows_as_array = a->get<bool>();
  }
  return r;
}

bool ReturnsRows(StatementKind kind) {
  return kind == StatementKind::kSelect || kind == StatementKind::kShow;
}

Json Meta(std::string_view shard, std::string_view database, StatementKind kind) {
  return Json{{"shard", shard},
              {"database", database},
              {"kind", sql::StatementKindName(kind)},
              {"cache", "bypass"}};
}

// Appends the statement that reports what a write did: changes(), the last
// rowid, and whether the table has an AUTO_INCREMENT counter (MySQL reports
// an insert id only for those).
void AppendWriteProbe(const sql::StatementInfo& info, Json& statements) {
  std::string table = info.tables_written.empty() ? "" : info.tables_written[0].name;
  statements.push_back(
      {{"sql",
        "SELECT changes(), last_insert_rowid(), EXISTS (SELECT 1 FROM sqlite_sequence WHERE "
        "name = ?1)"},
       {"params", Json::array({table})}});
}

}  // namespace

Output Plan(std::string_view body) {
  Result<Request> request = ParseRequest(body);
  if (!request.ok()) return Fail(request.error());
  Request& r = request.value();

  Result<std::vector<sql::Token>> tokens = sql::Lex(r.sql);
  if (!tokens.ok()) return Fail(tokens.error());
  Result<sql::Analysis> analysis = sql::Analyze(r.sql, tokens.value());
  if (!analysis.ok()) return Fail(analysis.error());
  const sql::Analysis& a = analysis.value();
  if (a.statements.size() > 1) {
    // As a MySQL server without CLIENT_MULTI_STATEMENTS: the second
    // statement is a syntax error.
    return Fail(sql::SyntaxErrorAt(r.sql, a.statements[1].begin));
  }
  const sql::StatementInfo& info = a.statements[0];
  if (static_cast<int>(r.params.size()) != a.param_count) {
    return Fail(Error(ErrorCode::kWrongArguments,
                      "Incorrect arguments to query: the statement has " +
                          std::to_string(a.param_count) + " placeholder(s) but " +
                          std::to_string(r.params.size()) + " parameter(s) were given"));
  }
  if (a.param_count > kMaxParams) {
    return Fail(
        Error(ErrorCode::kPsManyParam, "Prepared statement contains too many placeholders"));
  }
  std::vector<sql::Warning> warnings = a.warnings;

  // Statements about the session are answered here, without a shard.
  Result<SessionAnswer> session = AnswerSessionStatement(r.sql, tokens.value(), info, r.database);
  if (!session.ok()) return Fail(session.error());
  if (session.value().answered) {
    std::string db = session.value().database.empty() ? r.database : session.value().database;
    return Output{200, Dump(OkBody(warnings, Meta("", db, info.kind)))};
  }

  Result<routing::Route> route = routing::RouteStatement(info, r.database);
  if (!route.ok()) return Fail(route.error());

  transpile::TranspileContext context{r.database};
  Result<transpile::Translation> translation =
      transpile::Transpile(r.sql, tokens.value(), info, context);
  if (!translation.ok()) return Fail(translation.error());
  for (sql::Warning& w : translation.value().warnings) warnings.push_back(std::move(w));

  Json statements = Json::array();
  const std::vector<std::string>& sqlite = translation.value().statements;
  for (size_t i = 0; i < sqlite.size(); ++i) {
    // Only DML carries placeholders, and DML is always one statement.
    statements.push_back({{"sql", sqlite[i]}, {"params", i == 0 ? r.params : Json::array()}});
  }
  int result_index = static_cast<int>(statements.size()) - 1;
  bool writes_rows = info.kind == StatementKind::kInsert || info.kind == StatementKind::kReplace ||
                     info.kind == StatementKind::kUpdate || info.kind == StatementKind::kDelete;
  if (writes_rows) {
    AppendWriteProbe(info, statements);
    result_index = static_cast<int>(statements.size()) - 1;
  }
  if (sql::IsDdl(info.kind)) {
    statements.push_back(
        {{"sql", "INSERT INTO " + std::string(kDdlLogTable) + " (statement) VALUES (?1)"},
         {"params", Json::array({r.sql})}});
  }

  Json ctx{{"kind", static_cast<int>(info.kind)}, {"database", r.database},
           {"shard", route.value().shard},        {"result", result_index},
           {"rowsAsArray", r.rows_as_array},      {"warnings", WarningsJson(warnings)}};
  Json plan{{"shard", route.value().shard},
            {"statements", std::move(statements)},
            {"context", Dump(ctx)}};
  return Output{0, Dump(plan)};
}

namespace {

// MySQL column type for a column whose values are `values` (SQLite values are
// dynamically typed; the catalog will give declared types).
std::pair<std::string_view, int> ColumnType(const Json& rows, size_t column) {
  bool any = false, text = false, binary = false, real = false;
  for (const Json& row : rows) {
    if (!row.is_array() || column >= row.size()) continue;
    const Json& v = row[column];
    if (v.is_null()) continue;
    any = true;
    if (v.is_string()) text = true;
    if (v.is_object()) binary = true;
    if (v.is_number_float() && v.get<double>() != std::floor(v.get<double>())) real = true;
  }
  if (!any) return {"NULL", 6};
  if (binary) return {"BLOB", 252};
  if (text) return {"VAR_STRING", 253};
  if (real) return {"DOUBLE", 5};
  return {"LONGLONG", 8};
}

int64_t AsInt(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  return 0;
}

}  // namespace

Output Finish(std::string_view context_text, std::string_view shard_text) {
  Result<Json> context = ParseJson(context_text, "the gateway context");
  if (!context.ok()) return Fail(Error(ErrorCode::kInternal, "Internal error: bad plan context"));
  Json& ctx = context.value();
  Result<Json> shard = ParseJson(shard_text, "the shard's answer");
  if (!shard.ok() || !shard.value().is_object() || !ctx.is_object()) {
    return Fail(Error(ErrorCode::kInternal, "Internal error: malformed shard answer"));
  }
  const Json& s = shard.value();
  auto kind = static_cast<StatementKind>(ctx.value("kind", 0));
  std::string database = ctx.value("database", "");
  std::string shard_name = ctx.value("shard", "");

  if (auto e = s.find("error"); e != s.end()) {
    std::string message = e->is_object() ? e->value("message", "") : "";
    if (e->is_object() && e->value("transport", false)) {
      return Fail(Error(ErrorCode::kQueryInterrupted,
                        "Query execution was interrupted: shard " + shard_name +
                            " is unavailable; the statement had no effect unless it committed"));
    }
    return Fail(MapSqliteError(message, kind, database));
  }
  auto results = s.find("results");
  int index = ctx.value("result", -1);
  if (results == s.end() || !results->is_array() || index < 0 ||
      static_cast<size_t>(index) >= results->size()) {
    return Fail(Error(ErrorCode::kInternal, "Internal error: the shard returned no result"));
  }
  const Json& result = (*results)[static_cast<size_t>(index)];
  const Json empty = Json::array();
  const Json& rows = result.contains("rows") && result["rows"].is_array() ? result["rows"] : empty;
  const Json& columns =
      result.contains("columns") && result["columns"].is_array() ? result["columns"] : empty;

  Json warnings = ctx.contains("warnings") ? ctx["warnings"] : Json::array();
  Json body{{"affectedRows", 0},
            {"insertId", 0},
            {"warningCount", warnings.size()},
            {"warnings", warnings},
            {"meta", Meta(shard_name, database, kind)}};

  if (ReturnsRows(kind)) {
    Json fields = Json::array();
    for (size_t c = 0; c < columns.size(); ++c) {
      auto [type, code] = ColumnType(rows, c);
      fields.push_back({{"name", columns[c]}, {"type", type}, {"columnType", code}});
    }
    if (ctx.value("rowsAsArray", false)) {
      body["rows"] = rows;
    } else {
      Json objects = Json::array();
      for (const Json& row : rows) {
        Json object = Json::object();
        for (size_t c = 0; c < columns.size() && c < row.size(); ++c) {
          if (columns[c].is_string()) object[columns[c].get<std::string>()] = row[c];
        }
        objects.push_back(std::move(object));
      }
      body["rows"] = std::move(objects);
    }
    body["fields"] = std::move(fields);
    return Output{200, Dump(body)};
  }

  bool writes_rows = kind == StatementKind::kInsert || kind == StatementKind::kReplace ||
                     kind == StatementKind::kUpdate || kind == StatementKind::kDelete;
  if (writes_rows && !rows.empty() && rows[0].is_array() && rows[0].size() == 3) {
    int64_t changes = AsInt(rows[0][0]);
    int64_t last_id = AsInt(rows[0][1]);
    bool auto_increment = AsInt(rows[0][2]) != 0;
    body["affectedRows"] = changes;
    if ((kind == StatementKind::kInsert || kind == StatementKind::kReplace) && auto_increment &&
        changes > 0) {
      // MySQL reports the first id a multi-row INSERT generated; SQLite gives
      // the last, and AUTOINCREMENT ids of one statement are consecutive.
      body["insertId"] = last_id - changes + 1;
    }
  }
  return Output{200, Dump(body)};
}

std::string ShardBootstrap() {
  Json statements = Json::array();
  statements.push_back("CREATE TABLE IF NOT EXISTS " + std::string(kDdlLogTable) +
                       " (version INTEGER PRIMARY KEY AUTOINCREMENT, statement TEXT NOT NULL, "
                       "applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
  return Dump(statements);
}

}  // namespace edgesql::gateway
