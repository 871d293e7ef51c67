// SetPolicyToJson and ExplainToJson (gateway.h): the table policy going in,
// and a statement's routing decision coming out, for the gateway's
// configuration path, `edge-sql explain` and the routing benchmark.
#include <string>
#include <vector>

#include "common/str_cat.h"
#include "gateway/gateway.h"
#include "gateway/json_util.h"
#include "gateway/json_writer.h"
#include "gateway/policy_store.h"
#include "gateway/request.h"
#include "routing/shard_router.h"
#include "sql/analyzer.h"

namespace edgesql::gateway {
namespace {}  // namespace

Output SetPolicyToJson(std::string_view database, std::string_view policy_json) {
  Result<routing::Policy> policy = routing::PolicyFromJsonText(policy_json);
  if (!policy.ok()) return ErrorOutput(policy.error());
  const int64_t version = policy.value().routing.version;
  Result<bool> replaced = PolicyStore::Instance().Replace(database, std::move(policy).value());
  if (!replaced.ok()) return ErrorOutput(replaced.error());
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("version");
  w.Int(version);
  w.Key("applied");
  w.Bool(replaced.value());
  w.EndObject();
  w.Finish();
  return Output{200, std::move(out)};
}

Output ExplainToJson(std::string_view sql_text, std::string_view request_json) {
  Result<Json> request = ParseJson(request_json.empty() ? "{}" : request_json, "explain request");
  if (!request.ok()) return ErrorOutput(request.error());
  const Json& r = request.value();
  const std::string database = r.value("database", std::string("app"));
  const std::string tenant = r.value("tenant", std::string());
  std::vector<sql::Value> params;
  if (auto it = r.find("params"); it != r.end() && it->is_array()) params = RoutingValues(*it);
  const routing::Policy* policy = PolicyStore::Instance().Find(database);
  if (policy == nullptr) {
    return ErrorOutput(Error(ErrorCode::kWrongArguments,
                             StrCat({"No table policy for database '", database, "'"})));
  }
  Result<sql::Analysis> analysis = sql::Analyze(sql_text);
  if (!analysis.ok()) return ErrorOutput(analysis.error());

  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("policyVersion");
  w.Int(policy->routing.version);
  w.Key("statements");
  w.BeginArray();
  for (const sql::StatementInfo& s : analysis.value().statements) {
    const routing::Decision d = routing::Decide(*policy, s, params, tenant);
    w.BeginObject();
    w.Key("kind");
    w.String(sql::StatementKindName(s.kind));
    w.Key("route");
    w.String(routing::DecisionKindName(d.kind));
    w.Key("shards");
    w.BeginArray();
    for (const std::string& shard : d.shards) w.String(shard);
    w.EndArray();
    w.Key("write");
    w.Bool(d.write);
    w.Key("reason");
    w.String(d.reason);
    if (d.error) {
      w.Key("error");
      w.Raw(Dump(ErrorBody(*d.error)["error"]));  // the API's one error shape
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.Finish();
  return Output{200, std::move(out)};
}

}  // namespace edgesql::gateway
