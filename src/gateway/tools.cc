// AnalyzeToJson, TranslateToJson and TranspileToText: the CLI's and the
// benchmark's view of the core (gateway.h).
#include <optional>
#include <string>

#include "common/str_cat.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "gateway/json_writer.h"
#include "routing/table_policy.h"
#include "sql/analyzer.h"
#include "sql/script_splitter.h"
#include "transpile/transpiler.h"

namespace edgesql::gateway {
namespace {

void WriteValue(JsonWriter& w, const sql::Value& v) {
  using Kind = sql::Value::Kind;
  w.BeginObject();
  switch (v.kind) {
    case Kind::kString:
      w.Key("string");
      w.String(v.text);
      break;
    case Kind::kNumber:
      w.Key("number");
      w.String(v.text);
      break;
    case Kind::kNull:
      w.Key("null");
      w.Bool(true);
      break;
    case Kind::kBool:
      w.Key("bool");
      w.Bool(v.text == "1");
      break;
    case Kind::kParam:
      w.Key("param");
      w.Int(v.param_index);
      break;
    case Kind::kExpression:
      w.Key("expression");
      w.String(v.text);
      break;
  }
  w.EndObject();
}

void WriteTables(JsonWriter& w, const std::vector<sql::TableName>& tables) {
  w.BeginArray();
  for (const sql::TableName& t : tables) {
    w.String(t.database.empty() ? t.name : t.database + "." + t.name);
  }
  w.EndArray();
}

void WriteHints(JsonWriter& w, const sql::Hints& h) {
  static constexpr std::string_view kModes[] = {"default", "strong", "bounded", "cached"};
  w.BeginObject();
  w.Key("consistency");
  w.String(kModes[static_cast<int>(h.consistency)]);
  if (h.consistency == sql::Consistency::kBounded) {
    w.Key("boundedMs");
    w.Int(h.bounded_ms);
  }
  w.Key("shard");
  w.BeginArray();
  for (const sql::ShardHint& s : h.shard) {
    w.BeginObject();
    w.Key("column");
    w.String(s.column);
    w.Key("value");
    w.String(s.value);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

// The members of one statement's analysis (inside an object the caller opened).
void WriteStatementMembers(JsonWriter& w, const sql::StatementInfo& s) {
  w.Key("kind");
  w.String(sql::StatementKindName(s.kind));
  w.Key("readOnly");
  w.Bool(s.read_only);
  w.Key("tablesRead");
  WriteTables(w, s.tables_read);
  w.Key("tablesWritten");
  WriteTables(w, s.tables_written);
  w.Key("equalities");
  w.BeginArray();
  for (const sql::Equality& e : s.equalities) {
    w.BeginObject();
    w.Key("table");
    w.String(e.table);
    w.Key("column");
    w.String(e.column);
    w.Key("in");
    w.Bool(e.is_in);
    w.Key("values");
    w.BeginArray();
    for (const sql::Value& v : e.values) WriteValue(w, v);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("insertColumns");
  w.BeginArray();
  for (const std::string& c : s.insert_columns) w.String(c);
  w.EndArray();
  w.Key("insertRows");
  w.BeginArray();
  for (const std::vector<sql::Value>& row : s.insert_rows) {
    w.BeginArray();
    for (const sql::Value& v : row) WriteValue(w, v);
    w.EndArray();
  }
  w.EndArray();
  w.Key("firstParam");
  w.Int(s.first_param);
  w.Key("paramCount");
  w.Int(s.param_count);
  w.Key("hints");
  WriteHints(w, s.hints);
}

// The analysis' top-level members.
void WriteAnalysisMembers(JsonWriter& w, const sql::Analysis& analysis) {
  w.Key("statements");
  w.BeginArray();
  for (const sql::StatementInfo& s : analysis.statements) {
    w.BeginObject();
    WriteStatementMembers(w, s);
    w.EndObject();
  }
  w.EndArray();
  w.Key("paramCount");
  w.Int(analysis.param_count);
  w.Key("warnings");
  w.BeginArray();
  for (const sql::Warning& warning : analysis.warnings) {
    w.BeginObject();
    w.Key("code");
    w.Int(warning.code);
    w.Key("message");
    w.String(warning.message);
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

Output AnalyzeToJson(std::string_view sql_text) {
  Result<sql::Analysis> analysis = sql::Analyze(sql_text);
  if (!analysis.ok()) return ErrorOutput(analysis.error());
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  WriteAnalysisMembers(w, analysis.value());
  w.EndObject();
  w.Finish();
  return Output{200, std::move(out)};
}

Output TranslateToJson(std::string_view sql_text, std::string_view database) {
  sql::Analysis analysis;
  Result<transpile::Translation> t = transpile::TranspileText(sql_text, {database}, &analysis);
  if (!t.ok()) return ErrorOutput(t.error());
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  WriteAnalysisMembers(w, analysis);
  w.Key("sqlite");
  w.BeginArray();
  for (const std::string& statement : t.value().statements) w.String(statement);
  w.EndArray();
  w.EndObject();
  w.Finish();
  return Output{200, std::move(out)};
}

namespace {

// Statements that define or change tables, the ones a schema is made of.
bool ChangesTables(sql::StatementKind k) {
  using K = sql::StatementKind;
  return k == K::kCreateTable || k == K::kAlterTable || k == K::kDropTable ||
         k == K::kRenameTable || k == K::kCreateIndex || k == K::kDropIndex;
}

// The tables a MySQL schema script (a dump, or a file of CREATE TABLEs)
// defines, by running its table DDL through the transpiler as the gateway
// would; other statements (data, SET, procedures) are skipped and counted.
// A failing table statement is an error naming its line.
Result<catalog::DatabaseSchema> SchemaOfScript(std::string_view script, int* skipped) {
  Result<std::vector<sql::ScriptStatement>> statements = sql::SplitScript(script);
  if (!statements.ok()) return std::move(statements).error();
  catalog::DatabaseSchema schema;
  for (const sql::ScriptStatement& s : statements.value()) {
    Result<sql::Analysis> analysis = sql::Analyze(s.sql);
    const bool table_ddl = analysis.ok() && analysis.value().statements.size() == 1 &&
                           ChangesTables(analysis.value().statements[0].kind);
    if (!table_ddl) {
      ++*skipped;
      continue;
    }
    Result<transpile::Translation> t = transpile::TranspileText(s.sql, {"app", &schema});
    if (!t.ok()) {
      return Error(t.error().code(),
                   StrCat({"schema line ", std::to_string(s.line), ": ", t.error().message()}));
    }
    for (const std::string& name : t.value().dropped_tables) schema.tables.erase(name);
    for (catalog::TableDef& table : t.value().put_tables) {
      std::string name = table.name;
      schema.tables[name] = std::move(table);
    }
  }
  return schema;
}

}  // namespace

Output CheckPolicyToJson(std::string_view policy_json, std::string_view schema_script) {
  Result<routing::Policy> policy = routing::PolicyFromJsonText(policy_json);
  if (!policy.ok()) return ErrorOutput(policy.error());
  const routing::Policy& p = policy.value();
  int skipped = 0;
  std::optional<catalog::DatabaseSchema> schema;
  if (!schema_script.empty()) {
    Result<catalog::DatabaseSchema> read = SchemaOfScript(schema_script, &skipped);
    if (!read.ok()) return ErrorOutput(read.error());
    if (Status s = routing::CheckPolicyAgainstSchema(p, read.value()); !s.ok())
      return ErrorOutput(s.error());
    schema = std::move(read).value();
  }
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("tables");
  w.BeginArray();
  for (const routing::TablePolicy& t : p.tables) {
    w.BeginObject();
    w.Key("name");
    w.String(t.name);
    w.Key("placement");
    w.String(t.placement == routing::Placement::kTenant ? "tenant"
             : t.placement == routing::Placement::kHash ? "hash"
                                                        : "reference");
    if (!t.shard_by.empty()) {
      w.Key("shardBy");
      w.String(t.shard_by);
    }
    w.Key("pk");
    w.BeginArray();
    for (const std::string& column : t.pk) w.String(column);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.Key("routing");
  w.BeginObject();
  w.Key("version");
  w.Int(p.routing.version);
  w.Key("tenantShards");
  w.Int(p.routing.tenant_shards);
  w.Key("tenants");
  w.Int(static_cast<int64_t>(p.routing.tenants.size()));
  w.Key("ranges");
  w.Int(static_cast<int64_t>(p.routing.ranges.size()));
  w.EndObject();
  if (schema) {
    w.Key("schema");
    w.BeginObject();
    w.Key("tables");
    w.Int(static_cast<int64_t>(schema->tables.size()));
    w.Key("skippedStatements");
    w.Int(skipped);
    w.EndObject();
  }
  w.EndObject();
  w.Finish();
  return Output{200, std::move(out)};
}

Output TranspileToText(std::string_view sql_text, std::string_view database) {
  Result<transpile::Translation> t = transpile::TranspileText(sql_text, {database});
  if (!t.ok()) return ErrorOutput(t.error());
  std::string out;
  for (const std::string& statement : t.value().statements) {
    out += statement;
    out += ";\n";
  }
  return Output{200, std::move(out)};
}

}  // namespace edgesql::gateway
