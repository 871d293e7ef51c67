#include "gateway/gateway.h"

#include <algorithm>
#include <vector>

#include "catalog/table_def_json.h"
#include "gateway/catalog_cache.h"
#include "gateway/introspection.h"
#include "gateway/json_util.h"
#include "gateway/request.h"
#include "gateway/result_shaping.h"
#include "gateway/session_statements.h"
#include "gateway/shard_statements.h"
#include "gateway/sqlite_errors.h"
#include "routing/router.h"
#include "sql/analyzer.h"
#include "sql/lexer.h"
#include "sql/stored_programs.h"
#include "transpile/create_trigger.h"
#include "transpile/sqlite_text.h"
#include "transpile/transpiler.h"

namespace edgesql::gateway {
namespace {

using sql::StatementKind;

constexpr int kMaxParams = 100;  // Durable Object SQLite's binding limit

// What a plan's context asks Finish to do with the shard's answer.
constexpr std::string_view kOpStatement = "statement";
constexpr std::string_view kOpLoadCatalog = "load_catalog";
constexpr std::string_view kOpIntrospect = "introspect";

Json WarningsJson(const std::vector<sql::Warning>& warnings) {
  Json list = Json::array();
  for (const sql::Warning& w : warnings) {
    list.push_back({{"level", "Warning"}, {"code", w.code}, {"message", w.message}});
  }
  return list;
}

Json Meta(std::string_view shard, std::string_view database, StatementKind kind) {
  return Json{{"shard", shard},
              {"database", database},
              {"kind", sql::StatementKindName(kind)},
              {"cache", "bypass"}};
}

Json OkBody(Json warnings, Json meta) {
  size_t count = warnings.size();
  return Json{{"affectedRows", 0},
              {"insertId", 0},
              {"warningCount", count},
              {"warnings", std::move(warnings)},
              {"meta", std::move(meta)}};
}

bool WritesRows(StatementKind kind) {
  return kind == StatementKind::kInsert || kind == StatementKind::kReplace ||
         kind == StatementKind::kUpdate || kind == StatementKind::kDelete;
}

// `before` runs ahead of the plan's transaction (pragmas that SQLite ignores
// inside one); `statements` run in one transactionSync.
Output PlanOutput(std::string_view shard, Json statements, const Json& context,
                  Json before = Json::array()) {
  Json plan{{"shard", shard},
            {"before", std::move(before)},
            {"statements", std::move(statements)},
            {"context", Dump(context)}};
  return Output{0, Dump(plan)};
}

// The first request for a database in this isolate: read its catalog, then
// plan the request again (Finish does).
Output LoadCatalogPlan(std::string_view shard, std::string_view database, std::string_view body) {
  Json ctx{{"op", kOpLoadCatalog}, {"database", database}, {"shard", shard}, {"request", body}};
  return PlanOutput(shard, CatalogLoadStatements(), ctx);
}

int64_t AsInt(const Json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number_float()) return static_cast<int64_t>(v.get<double>());
  return 0;
}

const Json& ResultRows(const Json& results, size_t index) {
  static const Json kEmpty = Json::array();
  if (!results.is_array() || index >= results.size()) return kEmpty;
  const Json& r = results[index];
  return r.is_object() && r.contains("rows") && r["rows"].is_array() ? r["rows"] : kEmpty;
}

}  // namespace

Output Plan(std::string_view body) {
  Result<QueryRequest> request = ParseQueryRequest(body);
  if (!request.ok()) return ErrorOutput(request.error());
  QueryRequest& r = request.value();

  Result<std::vector<sql::Token>> tokens = sql::Lex(r.sql);
  if (!tokens.ok()) return ErrorOutput(tokens.error());
  Result<sql::Analysis> analysis = sql::Analysis{};
  if (std::optional<std::string> program = sql::StoredProgramStatement(r.sql, tokens.value())) {
    if (*program != "CREATE TRIGGER" && *program != "DROP TRIGGER") {
      return ErrorOutput(Unsupported(*program + " (stored programs)"));
    }
    // A trigger's body holds ';'s the analyser would split at.
    Result<sql::StatementInfo> trigger =
        transpile::TriggerStatementInfo(r.sql, tokens.value(), r.database);
    if (!trigger.ok()) return ErrorOutput(trigger.error());
    analysis.value().statements.push_back(std::move(trigger).value());
  } else {
    analysis = sql::Analyze(r.sql, tokens.value());
  }
  if (!analysis.ok()) return ErrorOutput(analysis.error());
  const sql::Analysis& a = analysis.value();
  if (a.statements.size() > 1) {
    // As a MySQL server without CLIENT_MULTI_STATEMENTS: the second
    // statement is a syntax error.
    return ErrorOutput(sql::SyntaxErrorAt(r.sql, a.statements[1].begin));
  }
  const sql::StatementInfo& info = a.statements[0];
  if (static_cast<int>(r.params.size()) != a.param_count) {
    return ErrorOutput(Error(ErrorCode::kWrongArguments,
                             "Incorrect arguments to query: the statement has " +
                                 std::to_string(a.param_count) + " placeholder(s) but " +
                                 std::to_string(r.params.size()) + " parameter(s) were given"));
  }
  if (a.param_count > kMaxParams) {
    return ErrorOutput(
        Error(ErrorCode::kPsManyParam, "Prepared statement contains too many placeholders"));
  }
  std::vector<sql::Warning> warnings = a.warnings;

  // Statements about the session are answered here, without a shard.
  Result<SessionAnswer> session = AnswerSessionStatement(r.sql, tokens.value(), info, r);
  if (!session.ok()) return ErrorOutput(session.error());
  if (session.value().answered) {
    std::string db = session.value().database.empty() ? r.database : session.value().database;
    Json meta = Meta("", db, info.kind);
    const SessionAnswer& a = session.value();
    if (a.foreign_key_checks.has_value() || !a.variables.empty()) {
      // The whole session state: the client replaces its copy with it.
      Json variables = Json::object();
      for (const auto& [name, value] : r.variables) variables[name] = value;
      for (const auto& [name, value] : a.variables) variables[name] = value;
      meta["session"] = {
          {"foreign_key_checks", a.foreign_key_checks.value_or(r.foreign_key_checks) ? 1 : 0},
          {"variables", std::move(variables)}};
    }
    return Output{200, Dump(OkBody(WarningsJson(warnings), std::move(meta)))};
  }

  Result<routing::Route> route = routing::RouteStatement(info, r.database);
  if (!route.ok()) return ErrorOutput(route.error());
  const std::string& shard = route.value().shard;

  // Table-less statements without a database (SELECT 1) need no catalog.
  const catalog::DatabaseSchema* schema = nullptr;
  if (!r.database.empty()) {
    schema = CatalogCache::Instance().Find(r.database);
    if (schema == nullptr) return LoadCatalogPlan(shard, r.database, body);
  }

  Json ctx{{"op", kOpStatement},
           {"kind", static_cast<int>(info.kind)},
           {"database", r.database},
           {"shard", shard},
           {"rowsAsArray", r.rows_as_array},
           {"warnings", WarningsJson(warnings)},
           {"request", body},
           {"guard", schema != nullptr},
           {"lastInsertId", r.last_insert_id}};
  Json statements = Json::array();
  Json before = Json::array();
  if (schema != nullptr) {
    statements.push_back(GuardStatement(schema->version));
    before.push_back(ForeignKeysPragma(r.foreign_key_checks));
    ctx["fkIndex"] = statements.size();
    statements.push_back(ForeignKeyStateStatement(r.foreign_key_checks));
  }

  Result<std::optional<IntrospectionQuery>> introspection =
      ParseIntrospection(r.sql, tokens.value(), info, r.database);
  if (!introspection.ok()) return ErrorOutput(introspection.error());
  if (introspection.value().has_value()) {
    if (schema == nullptr)
      return ErrorOutput(Error(ErrorCode::kNoDatabaseSelected, "No database selected"));
    const IntrospectionQuery& q = *introspection.value();
    ctx["op"] = kOpIntrospect;
    ctx["what"] = static_cast<int>(q.what);
    ctx["table"] = q.table;
    ctx["like"] = q.like;
    // The guard proves the cached catalog current; the counter is the
    // shard's.
    statements.push_back({{"sql", "SELECT seq + 1 FROM sqlite_sequence WHERE name = ?1"},
                          {"params", Json::array({q.table})}});
    return PlanOutput(shard, std::move(statements), ctx, std::move(before));
  }

  std::map<std::string, std::string> user_variables;
  for (const auto& [name, value] : r.variables) {
    user_variables[name] = value.is_string() ? transpile::QuoteString(value.get<std::string>())
                           : value.is_null() ? std::string("NULL")
                                             : value.dump();
  }
  transpile::TranspileContext context{r.database, schema, &user_variables, r.last_insert_id,
                                      r.row_count};
  Result<transpile::Translation> translation =
      transpile::Transpile(r.sql, tokens.value(), info, context);
  if (!translation.ok()) return ErrorOutput(translation.error());
  transpile::Translation& t = translation.value();
  for (sql::Warning& w : t.warnings) warnings.push_back(std::move(w));
  ctx["warnings"] = WarningsJson(warnings);

  Json params = r.params;
  for (const std::string& extra : t.extra_params) params.push_back(extra);
  if (!t.preflight.empty()) {
    ctx["preflight"] = statements.size();
    statements.push_back({{"sql", t.preflight}, {"params", params}});
  }
  ctx["affected"] = static_cast<int>(t.affected);
  if (!t.generates_ids) ctx["explicitIds"] = true;
  if (t.changes_referenced_key) ctx["changesReferencedKey"] = true;
  if (t.set_last_insert_id) ctx["lastInsertId"] = *t.set_last_insert_id;
  for (size_t i = 0; i < t.statements.size(); ++i) {
    // Only DML carries placeholders, and DML is always one statement.
    statements.push_back({{"sql", t.statements[i]}, {"params", i == 0 ? params : Json::array()}});
  }
  if (!t.result_columns.empty()) ctx["columns"] = ResultColumnsJson(t.result_columns);
  if (WritesRows(info.kind)) {
    statements.push_back(
        WriteProbeStatement(info.tables_written.empty() ? "" : info.tables_written[0].name));
  }
  ctx["result"] = static_cast<int>(statements.size()) - 1;
  if (sql::IsDdl(info.kind) && schema != nullptr) {
    statements.push_back(DdlLogStatement(r.sql));
    Json puts = Json::array();
    for (const catalog::TableDef& table : t.put_tables) {
      statements.push_back(CatalogPutStatement(table));
      puts.push_back(catalog::ToJson(table));
    }
    for (const std::string& name : t.dropped_tables)
      statements.push_back(CatalogDropStatement(name));
    ctx["ddl"] = {
        {"version", schema->version + 1}, {"puts", std::move(puts)}, {"drops", t.dropped_tables}};
  }
  Json tables = Json::array();
  for (const sql::TableName& name : info.tables_read) tables.push_back(name.name);
  ctx["tables"] = std::move(tables);
  return PlanOutput(shard, std::move(statements), ctx, std::move(before));
}

Output Finish(std::string_view context_text, std::string_view shard_text) {
  Result<Json> context = ParseJson(context_text, "the gateway context");
  Result<Json> shard = ParseJson(shard_text, "the shard's answer");
  if (!context.ok() || !context.value().is_object() || !shard.ok() || !shard.value().is_object()) {
    return ErrorOutput(Error(ErrorCode::kInternal, "Internal error: malformed shard answer"));
  }
  const Json& ctx = context.value();
  const Json& s = shard.value();
  std::string op = ctx.value("op", "");
  auto kind =
      static_cast<StatementKind>(ctx.value("kind", static_cast<int>(StatementKind::kOther)));
  std::string database = ctx.value("database", "");
  std::string shard_name = ctx.value("shard", "");
  std::string request = ctx.value("request", "");
  CatalogCache& cache = CatalogCache::Instance();

  if (auto e = s.find("error"); e != s.end()) {
    std::string message = e->is_object() ? e->value("message", "") : "";
    if (e->is_object() && e->value("transport", false)) {
      return ErrorOutput(
          Error(ErrorCode::kQueryInterrupted,
                "Query execution was interrupted: shard " + shard_name +
                    " is unavailable; the statement had no effect unless it committed"));
    }
    if (ctx.value("guard", false) && e->is_object() && e->value("index", -1) == 0) {
      // The shard's schema moved on since this isolate cached it.
      cache.Forget(database);
      return Plan(request);
    }
    if (e->is_object() && ctx.contains("fkIndex") &&
        e->value("index", -1) == ctx.value("fkIndex", -2)) {
      return ErrorOutput(
          Error(ErrorCode::kInternal,
                "Internal error: the shard could not set foreign key enforcement; the "
                "statement did not run"));
    }
    return ErrorOutput(
        MapSqliteError(message, kind, database, ctx.value("changesReferencedKey", false)));
  }
  const Json empty = Json::array();
  const Json& results = s.contains("results") && s["results"].is_array() ? s["results"] : empty;

  if (op == kOpLoadCatalog) {
    catalog::DatabaseSchema schema;
    const Json& version = ResultRows(results, 0);
    if (!version.empty() && version[0].is_array() && !version[0].empty())
      schema.version = AsInt(version[0][0]);
    for (const Json& row : ResultRows(results, 1)) {
      if (!row.is_array() || row.size() != 2 || !row[1].is_string()) continue;
      Result<catalog::TableDef> table = catalog::TableFromJsonText(row[1].get<std::string>());
      if (!table.ok()) return ErrorOutput(table.error());
      std::string name = table.value().name;
      schema.tables.emplace(std::move(name), std::move(table).value());
    }
    cache.Store(database, std::move(schema));
    return Plan(request);
  }

  Json body = OkBody(ctx.contains("warnings") ? ctx["warnings"] : Json::array(),
                     Meta(shard_name, database, kind));
  const catalog::DatabaseSchema* schema = cache.Find(database);

  if (op == kOpIntrospect) {
    if (schema == nullptr) return Plan(request);
    IntrospectionQuery q;
    q.what = static_cast<IntrospectionQuery::What>(ctx.value("what", 0));
    q.table = ctx.value("table", "");
    q.like = ctx.value("like", "");
    const Json& seq = ResultRows(results, results.size() - 1);
    int64_t next = !seq.empty() && seq[0].is_array() && !seq[0].empty() ? AsInt(seq[0][0]) : 0;
    Result<Json> answer =
        AnswerIntrospection(q, *schema, database, next, ctx.value("rowsAsArray", false));
    if (!answer.ok()) return ErrorOutput(answer.error());
    body["rows"] = answer.value()["rows"];
    body["fields"] = answer.value()["fields"];
    return Output{200, Dump(body)};
  }

  int index = ctx.value("result", -1);
  if (index < 0 || static_cast<size_t>(index) >= results.size()) {
    return ErrorOutput(Error(ErrorCode::kInternal, "Internal error: the shard returned no result"));
  }
  const Json& result = results[static_cast<size_t>(index)];
  const Json& rows = ResultRows(results, static_cast<size_t>(index));
  const Json& columns =
      result.is_object() && result.contains("columns") && result["columns"].is_array()
          ? result["columns"]
          : empty;

  if (auto ddl = ctx.find("ddl"); ddl != ctx.end() && ddl->is_object()) {
    std::vector<catalog::TableDef> puts;
    for (const Json& t : ddl->value("puts", Json::array())) {
      Result<catalog::TableDef> table = catalog::TableFromJson(t);
      if (table.ok()) puts.push_back(std::move(table).value());
    }
    std::vector<std::string> drops;
    for (const Json& d : ddl->value("drops", Json::array())) {
      if (d.is_string()) drops.push_back(d.get<std::string>());
    }
    cache.Apply(database, ddl->value("version", int64_t{0}), std::move(puts), drops);
  }

  if (kind == StatementKind::kSelect || kind == StatementKind::kShow) {
    std::vector<const catalog::TableDef*> tables;
    if (schema != nullptr) {
      for (const Json& name : ctx.value("tables", Json::array())) {
        if (name.is_string()) tables.push_back(schema->FindTable(name.get<std::string>()));
      }
    }
    ShapeResultSet(columns, rows, tables, ctx.contains("columns") ? ctx["columns"] : Json(),
                   ctx.value("rowsAsArray", false), body);
    body["meta"]["session"] = {{"last_insert_id", ctx.value("lastInsertId", int64_t{0})},
                               {"row_count", -1}};
    return Output{200, Dump(body)};
  }

  int64_t last_insert_id = ctx.value("lastInsertId", int64_t{0});
  int64_t row_count = 0;  // DDL
  if (WritesRows(kind) && !rows.empty() && rows[0].is_array() && rows[0].size() == 3) {
    int64_t changes = AsInt(rows[0][0]);
    int64_t last_id = AsInt(rows[0][1]);
    bool auto_increment = AsInt(rows[0][2]) != 0;
    int64_t affected = changes;
    int64_t inserted = changes;
    if (auto p = ctx.find("preflight"); p != ctx.end() && p->is_number_integer()) {
      // (rows, rows meeting an existing row on a unique key), counted just
      // before the statement in the same transaction.
      const Json& pre = ResultRows(results, p->get<size_t>());
      int64_t total =
          !pre.empty() && pre[0].is_array() && pre[0].size() == 2 ? AsInt(pre[0][0]) : 0;
      int64_t conflicts =
          !pre.empty() && pre[0].is_array() && pre[0].size() == 2 ? AsInt(pre[0][1]) : 0;
      auto rule = static_cast<transpile::AffectedRows>(ctx.value("affected", 0));
      if (rule == transpile::AffectedRows::kUpsert) {
        // 1 per inserted row, 2 per updated row, 0 per row left as it was
        // (SQLite's changes() counts neither those nor the WHERE-skipped).
        inserted = std::max<int64_t>(total - conflicts, 0);
        affected = inserted + 2 * std::max<int64_t>(changes - inserted, 0);
      } else if (rule == transpile::AffectedRows::kReplace) {
        affected = changes + conflicts;  // each replaced row was deleted, then inserted
      }
    }
    body["affectedRows"] = affected;
    row_count = affected;
    if ((kind == StatementKind::kInsert || kind == StatementKind::kReplace) && auto_increment &&
        inserted > 0) {
      // MySQL reports the first id a multi-row INSERT generated; SQLite gives
      // the last, and AUTOINCREMENT ids of one statement are consecutive.
      body["insertId"] = last_id - inserted + 1;
      if (!ctx.value("explicitIds", false)) last_insert_id = last_id - inserted + 1;
    }
  }
  // LAST_INSERT_ID() and ROW_COUNT() for the session's next statements.
  body["meta"]["session"] = {{"last_insert_id", last_insert_id}, {"row_count", row_count}};
  return Output{200, Dump(body)};
}

std::string ShardBootstrap() { return BootstrapStatements(); }

}  // namespace edgesql::gateway
