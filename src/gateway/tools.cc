// AnalyzeToJson and TranspileToText: the CLI's view of the core (gateway.h).
#include <string>

#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "sql/analyzer.h"
#include "transpile/transpiler.h"

namespace edgesql::gateway {
namespace {

Output Fail(const Error& error) { return Output{error.info().http_status, Dump(ErrorBody(error))}; }

Json ValueJson(const sql::Value& v) {
  using Kind = sql::Value::Kind;
  switch (v.kind) {
    case Kind::kString:
      return {{"string", v.text}};
    case Kind::kNumber:
      return {{"number", v.text}};
    case Kind::kNull:
      return {{"null", true}};
    case Kind::kBool:
      return {{"bool", v.text == "1"}};
    case Kind::kParam:
      return {{"param", v.param_index}};
    case Kind::kExpression:
      return {{"expression", v.text}};
  }
  return nullptr;
}

Json TablesJson(const std::vector<sql::TableName>& tables) {
  Json list = Json::array();
  for (const sql::TableName& t : tables) {
    list.push_back(t.database.empty() ? t.name : t.database + "." + t.name);
  }
  return list;
}

Json HintsJson(const sql::Hints& h) {
  static constexpr std::string_view kModes[] = {"default", "strong", "bounded", "cached"};
  Json j{{"consistency", kModes[static_cast<int>(h.consistency)]}};
  if (h.consistency == sql::Consistency::kBounded) j["boundedMs"] = h.bounded_ms;
  Json shard = Json::array();
  for (const sql::ShardHint& s : h.shard)
    shard.push_back({{"column", s.column}, {"value", s.value}});
  j["shard"] = std::move(shard);
  return j;
}

}  // namespace

Output AnalyzeToJson(std::string_view sql_text) {
  Result<sql::Analysis> analysis = sql::Analyze(sql_text);
  if (!analysis.ok()) return Fail(analysis.error());
  Json statements = Json::array();
  for (const sql::StatementInfo& s : analysis.value().statements) {
    Json equalities = Json::array();
    for (const sql::Equality& e : s.equalities) {
      Json values = Json::array();
      for (const sql::Value& v : e.values) values.push_back(ValueJson(v));
      equalities.push_back({{"table", e.table},
                            {"column", e.column},
                            {"in", e.is_in},
                            {"values", std::move(values)}});
    }
    Json rows = Json::array();
    for (const std::vector<sql::Value>& row : s.insert_rows) {
      Json values = Json::array();
      for (const sql::Value& v : row) values.push_back(ValueJson(v));
      rows.push_back(std::move(values));
    }
    statements.push_back({{"kind", sql::StatementKindName(s.kind)},
                          {"readOnly", s.read_only},
                          {"tablesRead", TablesJson(s.tables_read)},
                          {"tablesWritten", TablesJson(s.tables_written)},
                          {"equalities", std::move(equalities)},
                          {"insertColumns", s.insert_columns},
                          {"insertRows", std::move(rows)},
                          {"firstParam", s.first_param},
                          {"paramCount", s.param_count},
                          {"hints", HintsJson(s.hints)}});
  }
  Json warnings = Json::array();
  for (const sql::Warning& w : analysis.value().warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}});
  }
  Json out{{"statements", std::move(statements)},
           {"paramCount", analysis.value().param_count},
           {"warnings", std::move(warnings)}};
  return Output{200, Dump(out)};
}

Output TranspileToText(std::string_view sql_text, std::string_view database) {
  Result<transpile::Translation> t = transpile::TranspileText(sql_text, {database});
  if (!t.ok()) return Fail(t.error());
  std::string out;
  for (const std::string& statement : t.value().statements) {
    out += statement;
    out += ";\n";
  }
  return Output{200, out};
}

}  // namespace edgesql::gateway
