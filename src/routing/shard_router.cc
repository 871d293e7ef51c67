#include "routing/shard_router.h"

#include <algorithm>
#include <set>
#include <utility>

#include "common/ascii.h"
#include "common/str_cat.h"

namespace edgesql::routing {
namespace {

using Kind = Decision::Kind;

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "+0042" -> "42", "-0" -> "0"; nullopt unless an optionally signed integer.
std::optional<std::string> CanonicalInteger(std::string_view text) {
  const std::string_view digits =
      !text.empty() && (text[0] == '+' || text[0] == '-') ? text.substr(1) : text;
  if (!IsDigits(digits)) return std::nullopt;
  return CanonicalText(text);
}

// "1.50" -> "1.5", "007.0" -> "7": a decimal by value.
std::optional<std::string> CanonicalDecimal(std::string_view text) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) return CanonicalInteger(text);
  std::string_view fraction = text.substr(dot + 1);
  if (!fraction.empty() && !IsDigits(fraction)) return std::nullopt;
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  std::string_view whole = text.substr(0, dot);
  std::optional<std::string> integer = CanonicalInteger(
      whole.empty() || whole == "-" || whole == "+" ? StrCat({whole, "0"}) : whole);
  if (!integer) return std::nullopt;
  if (fraction.empty()) return *integer == "-0" ? std::string("0") : *integer;
  return StrCat({*integer, ".", fraction});
}

Decision Reject(Error error) {
  Decision d;
  d.kind = Kind::kReject;
  d.reason = error.message();
  d.error = std::move(error);
  return d;
}

Decision Unroutable(std::string_view why) { return Reject(Unsupported(why)); }

Decision Denied(std::string message) {
  return Reject(Error(ErrorCode::kDbAccessDenied, std::move(message)));
}

// The shard keys a statement gives one column of one table: from
// `column = v` / `column IN (...)` on the table (qualified by its name or
// an alias of it, or unqualified when it is the statement's only sharded
// table), from /*+ shard:column=v */ hints, and from the INSERT rows.
// `complete` is false when some source of rows has no constant key.
struct Keys {
  std::set<std::string> values;
  bool found = false;    // some equality, hint or INSERT column named the column
  bool complete = true;  // every value found is a constant key
};

Keys KeysOf(const sql::StatementInfo& st, std::span<const sql::Value> params,
            const TablePolicy& table, std::string_view column, bool only_sharded_table) {
  Keys keys;
  auto add = [&](const sql::Value& v) {
    std::optional<std::string> key = CanonicalKey(v, params);
    if (key) {
      keys.values.insert(std::move(*key));
    } else {
      keys.complete = false;
    }
  };
  // Whether `qualifier` (o in o.tenant_id) names this table. An unqualified
  // column of the outer WHERE belongs to an outer table, which is only
  // certain to be this one when no other sharded table is named (a table
  // of a subquery is no candidate, and two outer tables with the column
  // would make MySQL call it ambiguous).
  auto names_table = [&](const std::string& qualifier) {
    if (qualifier.empty()) return only_sharded_table;
    if (qualifier == table.name) return true;
    return std::any_of(st.aliases.begin(), st.aliases.end(), [&](const sql::TableAlias& a) {
      return a.alias == qualifier && a.table.name == table.name;
    });
  };
  for (const sql::Equality& e : st.equalities) {
    if (!EqualsIgnoreCase(e.column, column)) continue;
    if (!names_table(e.table)) continue;
    // Several conjuncts on one column (a = 1 AND a = 2) intersect: any one
    // of them already holds every row, so the first decides.
    if (keys.found) continue;
    keys.found = true;
    for (const sql::Value& v : e.values) add(v);
  }
  for (const sql::ShardHint& h : st.hints.shard) {
    if (!EqualsIgnoreCase(h.column, column)) continue;
    keys.found = true;
    sql::Value v;
    v.kind = sql::Value::Kind::kString;
    v.text = h.value;
    add(v);
  }
  const bool inserts_here =
      std::any_of(st.tables_written.begin(), st.tables_written.end(),
                  [&](const sql::TableName& t) { return t.name == table.name; }) &&
      (st.kind == sql::StatementKind::kInsert || st.kind == sql::StatementKind::kReplace);
  if (inserts_here) {
    keys.found = true;
    auto at = std::find_if(st.insert_columns.begin(), st.insert_columns.end(),
                           [&](const std::string& c) { return EqualsIgnoreCase(c, column); });
    if (at == st.insert_columns.end() || st.insert_rows.empty()) {
      keys.complete = false;  // no such column written, or INSERT ... SELECT
    } else {
      const size_t i = static_cast<size_t>(at - st.insert_columns.begin());
      for (const std::vector<sql::Value>& row : st.insert_rows) {
        if (i < row.size()) {
          add(row[i]);
        } else {
          keys.complete = false;
        }
      }
    }
  }
  return keys;
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& s : items) StrAppend(out, {out.empty() ? "" : ", ", s});
  return out;
}

}  // namespace

std::string_view DecisionKindName(Decision::Kind kind) {
  switch (kind) {
    case Kind::kSingle:
      return "single";
    case Kind::kMulti:
      return "multi";
    case Kind::kScatter:
      return "scatter";
    case Kind::kReference:
      return "reference";
    case Kind::kReject:
      return "reject";
  }
  return "reject";
}

uint64_t KeyHash(std::string_view key) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;  // MurmurHash3's fmix64
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

std::optional<std::string> CanonicalKey(const sql::Value& value,
                                        std::span<const sql::Value> params) {
  switch (value.kind) {
    case sql::Value::Kind::kNumber:
      return CanonicalDecimal(value.text);
    case sql::Value::Kind::kBool:
      return value.text;
    case sql::Value::Kind::kString:
      // '42' and 42 are one key for an integer column; for a text column
      // they differ, but sharing a shard is harmless.
      return CanonicalText(value.text);
    case sql::Value::Kind::kParam: {
      if (value.param_index < 0 || static_cast<size_t>(value.param_index) >= params.size())
        return std::nullopt;
      const sql::Value& bound = params[static_cast<size_t>(value.param_index)];
      if (bound.kind == sql::Value::Kind::kParam) return std::nullopt;
      return CanonicalKey(bound, params);
    }
    case sql::Value::Kind::kNull:
    case sql::Value::Kind::kExpression:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string TenantShard(const Policy& policy, std::string_view tenant) {
  const std::string key = CanonicalText(tenant).value_or(std::string(tenant));
  if (auto it = policy.routing.tenants.find(key); it != policy.routing.tenants.end())
    return it->second;
  const uint64_t k = KeyHash(key) % static_cast<uint64_t>(policy.routing.tenant_shards);
  return DefaultTenantShard(static_cast<int>(k));
}

std::string HashShard(const Policy& policy, std::string_view canonical_key) {
  const auto first_byte = static_cast<uint8_t>(KeyHash(canonical_key) >> 56);
  for (const ShardRange& r : policy.routing.ranges) {
    if (first_byte >= r.first && first_byte <= r.last) return r.shard;
  }
  return "";  // unreachable for a validated policy: the ranges cover 00..ff
}

const std::vector<std::string>& AllShards(const Policy& policy) { return policy.routing.shards; }

namespace {

Decision DecideRoute(const Policy& policy, const sql::StatementInfo& st,
                     std::span<const sql::Value> params, std::string_view caller_tenant) {
  const bool write = !st.read_only;
  if (sql::IsDdl(st.kind)) {
    if (!caller_tenant.empty()) {
      return Denied(
          "Schema changes need a token without a tenant (tenant-bound tokens may "
          "not change the shared schema)");
    }
    Decision d;
    d.kind = Kind::kScatter;
    d.shards = AllShards(policy);
    d.reason = "schema change: applied on every shard";
    return d;
  }
  switch (st.kind) {
    case sql::StatementKind::kSelect:
    case sql::StatementKind::kInsert:
    case sql::StatementKind::kReplace:
    case sql::StatementKind::kUpdate:
    case sql::StatementKind::kDelete:
      break;
    default:
      return Unroutable(StrCat({"routing ", sql::StatementKindName(st.kind), " statements"}));
  }

  // The tables, each with its placement.
  std::vector<const TablePolicy*> tables;
  for (const auto* list : {&st.tables_read, &st.tables_written}) {
    for (const sql::TableName& name : *list) {
      const TablePolicy* t = policy.FindTable(name.name);
      if (t == nullptr) {
        return Unroutable(
            StrCat({"a table without a placement in the table policy (", name.name, ")"}));
      }
      if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
    }
  }
  // The caller's tenant in the form keys take, so '042' and 42 agree.
  const std::string caller = CanonicalText(caller_tenant).value_or(std::string(caller_tenant));
  auto is_written = [&](const TablePolicy* t) {
    return std::any_of(st.tables_written.begin(), st.tables_written.end(),
                       [&](const sql::TableName& n) { return n.name == t->name; });
  };
  // Written tables first: a write's target decides its message.
  std::vector<const TablePolicy*> sharded;
  for (const TablePolicy* t : tables) {
    if (t->placement != Placement::kReference) sharded.push_back(t);
  }
  std::stable_partition(sharded.begin(), sharded.end(), is_written);

  Decision d;
  if (sharded.empty()) {
    if (write) {
      if (!caller.empty()) {
        return Denied(
            "Reference tables are shared by every tenant: a tenant-bound token may "
            "not write them");
      }
      d.kind = Kind::kScatter;
      d.shards = AllShards(policy);
      d.reason = "reference tables: written on every shard";
      return d;
    }
    d.kind = Kind::kReference;
    d.shards = {caller.empty() ? AllShards(policy).front() : TenantShard(policy, caller)};
    d.reason = tables.empty() ? "no table: any shard" : "reference tables only: any shard";
    return d;
  }
  if (write) {
    for (const TablePolicy* t : tables) {
      if (is_written(t) && t->placement == Placement::kReference)
        return Unroutable("writing a reference table and a sharded table in one statement");
    }
  }

  // Each sharded table's shards; nullopt when its keys are unknown.
  std::optional<std::set<std::string>> together;
  std::string why;
  for (const TablePolicy* t : sharded) {
    const bool tenant = t->placement == Placement::kTenant;
    const bool only = sharded.size() == 1;
    std::set<std::string> shards;
    bool known = false;
    if (tenant || t->pk.size() == 1) {
      // One key column: the tenant's, or a one-column primary key.
      const std::string& column = tenant ? t->shard_by : t->pk[0];
      Keys keys = KeysOf(st, params, *t, column, only);
      known = keys.found && keys.complete && !keys.values.empty();
      if (tenant && !caller.empty()) {
        for (const std::string& v : keys.values) {
          if (v != caller) {
            return Denied(StrCat({"Access denied: this token is for tenant '", caller,
                                  "', and the statement names tenant '", v, "' (", t->name, ".",
                                  column, ")"}));
          }
        }
        if (!known) {
          return Denied(StrCat({"Access denied: a tenant-bound token must name its tenant: ",
                                t->name, ".", column, " = '", caller, "'"}));
        }
      }
      if (known) {
        for (const std::string& v : keys.values)
          shards.insert(tenant ? TenantShard(policy, v) : HashShard(policy, v));
        StrAppend(why, {why.empty() ? "" : "; ", tenant ? "" : "hash of ", t->name, ".", column,
                        " in {", Join(keys.values), "}"});
      }
    } else {
      // A composite key: every column must be one constant.
      std::string key;
      known = true;
      for (const std::string& column : t->pk) {
        Keys keys = KeysOf(st, params, *t, column, only);
        if (!keys.found || !keys.complete || keys.values.size() != 1) {
          known = false;
          break;
        }
        StrAppend(key, {key.empty() ? "" : "\x1f", *keys.values.begin()});
      }
      if (known) {
        shards.insert(HashShard(policy, key));
        StrAppend(why, {why.empty() ? "" : "; ", "hash of ", t->name, "'s primary key"});
      }
    }
    if (!known) {
      const std::string key = tenant ? "shard key (" + t->shard_by + ")" : "primary key";
      if (write && is_written(t)) {
        return Unroutable(StrCat({"a write to ", t->name, " without constant values of its ", key,
                                  ": it would touch every shard"}));
      }
      if (write) {
        return Unroutable(StrCat(
            {"a write that reads ", t->name, " without its ", key, ": it would read every shard"}));
      }
      if (sharded.size() > 1) {
        return Unroutable(
            StrCat({"a join of sharded tables without shard keys that place them "
                    "on one shard (",
                    t->name, ")"}));
      }
      d.kind = Kind::kScatter;
      d.shards = AllShards(policy);
      d.reason = StrCat({"no shard key for ", t->name, ": every shard"});
      return d;
    }
    if (together && *together != shards) {
      return Unroutable(StrCat({"a statement over tables on different shards (", Join(*together),
                                " and ", Join(shards), ")"}));
    }
    together = std::move(shards);
  }
  d.shards.assign(together->begin(), together->end());
  d.reason = why;
  if (d.shards.size() == 1) {
    d.kind = Kind::kSingle;
    return d;
  }
  if (write) {
    return Unroutable(StrCat({"a write whose rows span shards (", Join(*together),
                              "); cross-shard writes are not atomic"}));
  }
  d.kind = Kind::kMulti;
  return d;
}

}  // namespace

Decision Decide(const Policy& policy, const sql::StatementInfo& st,
                std::span<const sql::Value> params, std::string_view caller_tenant) {
  Decision d = DecideRoute(policy, st, params, caller_tenant);
  d.write = !st.read_only;  // set here once, rejected statements too (for explain)
  return d;
}

}  // namespace edgesql::routing
