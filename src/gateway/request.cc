#include "gateway/request.h"

#include <cctype>
#include <cmath>

namespace edgesql::gateway {
namespace {

Error WrongArguments(std::string_view what) {
  return Error(ErrorCode::kWrongArguments, "Incorrect arguments to query: " + std::string(what));
}

}  // namespace

Result<Json> RequestParams(const Json& p) {
  Json params = Json::array();
  if (p.is_null()) return params;
  if (!p.is_array()) return WrongArguments("\"params\" must be an array");
  for (const Json& v : p) {
    bool binary =
        v.is_object() && v.size() == 1 && v.contains("$binary") && v["$binary"].is_string();
    if (!(v.is_null() || v.is_boolean() || v.is_number() || v.is_string() || binary)) {
      return WrongArguments(
          "each parameter must be a string, number, boolean, null or {\"$binary\"}");
    }
    if (v.is_number_float() && !std::isfinite(v.get<double>()))
      return WrongArguments("non-finite number");
    // SQLite has no boolean: MySQL's TRUE is 1.
    params.push_back(v.is_boolean() ? Json(v.get<bool>() ? 1 : 0) : v);
  }
  return params;
}

Result<QueryRequest> QueryRequestFromJson(const Json& j) {
  if (!j.is_object()) return WrongArguments("the body must be a JSON object");
  QueryRequest r;
  auto sql = j.find("sql");
  if (sql == j.end() || !sql->is_string()) return WrongArguments("\"sql\" must be a string");
  r.sql = sql->get<std::string>();
  if (auto p = j.find("params"); p != j.end()) {
    Result<Json> params = RequestParams(*p);
    if (!params.ok()) return params.error();
    r.params = std::move(params).value();
  }
  if (auto d = j.find("database"); d != j.end() && !d->is_null()) {
    if (!d->is_string()) return WrongArguments("\"database\" must be a string");
    r.database = d->get<std::string>();
  }
  if (auto s = j.find("session"); s != j.end() && !s->is_null()) {
    if (!s->is_object()) return WrongArguments("\"session\" must be an object");
    if (auto f = s->find("foreign_key_checks"); f != s->end()) {
      if (f->is_boolean()) {
        r.foreign_key_checks = f->get<bool>();
      } else if (f->is_number_integer() && (f->get<int64_t>() == 0 || f->get<int64_t>() == 1)) {
        r.foreign_key_checks = f->get<int64_t>() == 1;
      } else {
        return WrongArguments("\"session.foreign_key_checks\" must be 0 or 1");
      }
    }
    for (auto [key, target] :
         {std::pair<const char*, int64_t*>{"last_insert_id", &r.last_insert_id},
          {"row_count", &r.row_count},
          {"innodb_lock_wait_timeout", &r.lock_wait_timeout},
          {"idle_transaction_timeout", &r.idle_transaction_timeout}}) {
      auto n = s->find(key);
      if (n == s->end() || n->is_null()) continue;
      if (!n->is_number_integer())
        return WrongArguments("\"session." + std::string(key) + "\" must be an integer");
      *target = n->get<int64_t>();
    }
    if (r.lock_wait_timeout < 1 || r.lock_wait_timeout > 86400 || r.idle_transaction_timeout < 1 ||
        r.idle_transaction_timeout > 86400) {
      return WrongArguments("session timeouts must be 1 to 86400 seconds");
    }
    if (auto a = s->find("autocommit"); a != s->end() && !a->is_null()) {
      if (!(a->is_number_integer() && (a->get<int64_t>() == 0 || a->get<int64_t>() == 1)))
        return WrongArguments("\"session.autocommit\" must be 0 or 1");
      r.autocommit = a->get<int64_t>() == 1;
    }
    if (auto v = s->find("versions"); v != s->end() && !v->is_null()) {
      if (!v->is_object() || v->size() > kMaxSessionVersions)
        return WrongArguments("\"session.versions\" must be an object of at most 256 shards");
      auto is_version = [](const Json& version) {
        return version.is_array() && version.size() == 2 && version[0].is_number_integer() &&
               version[1].is_number_integer();
      };
      for (const Json& entry : *v) {
        bool ok = is_version(entry) || (entry.is_object() && entry.size() <= kMaxSessionTables);
        for (const Json& version : entry.is_object() ? entry : Json::object())
          ok = ok && is_version(version);
        if (!ok)
          return WrongArguments(
              "each of \"session.versions\" must be [epoch, version] or an object of at most 64 "
              "tables, each [epoch, version]");
      }
      r.versions = *v;
    }
    if (auto v = s->find("variables"); v != s->end() && !v->is_null()) {
      if (!v->is_object() || v->size() > 1000) {
        return WrongArguments("\"session.variables\" must be an object of at most 1000 variables");
      }
      for (auto it = v->begin(); it != v->end(); ++it) {
        if (!(it->is_null() || it->is_number() || it->is_string()) || it.key().size() > 64) {
          return WrongArguments("each session variable must be null, a number or a string");
        }
        std::string name = it.key();
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        r.variables[name] = *it;
      }
    }
  }
  if (auto a = j.find("rowsAsArray"); a != j.end() && !a->is_null()) {
    if (!a->is_boolean()) return WrongArguments("\"rowsAsArray\" must be a boolean");
    r.rows_as_array = a->get<bool>();
  }
  return r;
}

std::vector<sql::Value> RoutingValues(const Json& params) {
  std::vector<sql::Value> values;
  for (const Json& p : params) {
    sql::Value v;
    if (p.is_string()) {
      v.kind = sql::Value::Kind::kString;
      v.text = p.get<std::string>();
    } else if (p.is_boolean()) {
      v.kind = sql::Value::Kind::kBool;
      v.text = p.get<bool>() ? "1" : "0";
    } else if (p.is_number()) {
      v.kind = sql::Value::Kind::kNumber;
      v.text = Dump(p);
    } else if (p.is_null()) {
      v.kind = sql::Value::Kind::kNull;
    }
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace edgesql::gateway
