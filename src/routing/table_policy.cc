#include "routing/table_policy.h"

#include <algorithm>
#include <set>
#include <utility>

#include "common/ascii.h"
#include "common/str_cat.h"

namespace edgesql::routing {
namespace {

using Json = edgesql::Json;

Error Invalid(std::string_view path, std::string_view reason) {
  return Error(ErrorCode::kWrongArguments,
               StrCat({"Invalid table policy at ", path, ": ", reason}));
}

std::string Path(std::string_view parent, std::string_view key) {
  return StrCat({parent, parent.empty() ? "" : ".", key});
}

std::string Index(std::string_view parent, size_t i) {
  return StrCat({parent, "[", std::to_string(i), "]"});
}

// Keys outside `allowed` are mistakes (a typo such as "shardby" would
// otherwise silently place a table wrongly), so they are errors.
Status OnlyKeys(const Json& object, std::string_view path,
                std::initializer_list<std::string_view> allowed) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      return Invalid(Path(path, it.key()), "unknown key");
  }
  return Status::Ok();
}

// A shard name becomes a Durable Object name and a log label: short, plain.
Status CheckShardName(const Json& value, std::string_view path) {
  if (!value.is_string()) return Invalid(path, "a shard name must be a string");
  const std::string& name = value.get_ref<const std::string&>();
  if (name.empty() || name.size() > 64) return Invalid(path, "a shard name has 1 to 64 characters");
  for (char c : name) {
    const char lower = static_cast<char>(c | 0x20);
    if (!((c >= '0' && c <= '9') || (lower >= 'a' && lower <= 'z') || c == '-' || c == '_'))
      return Invalid(path, "a shard name holds only letters, digits, '-' and '_'");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> Names(const Json& value, std::string_view path,
                                       bool allow_one_string) {
  std::vector<std::string> out;
  if (allow_one_string && value.is_string()) {
    out.push_back(value.get<std::string>());
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      if (!value[i].is_string() || value[i].get_ref<const std::string&>().empty())
        return Invalid(Index(path, i), "expected a column name");
      out.push_back(value[i].get<std::string>());
    }
  } else {
    return Invalid(path, "expected a list of column names");
  }
  for (size_t i = 0; i < out.size(); ++i) {
    for (size_t k = 0; k < i; ++k) {
      if (EqualsIgnoreCase(out[k], out[i]))
        return Invalid(Index(path, i), StrCat({"column '", out[i], "' is listed twice"}));
    }
  }
  return out;
}

Result<int64_t> NonNegative(const Json& value, std::string_view path) {
  if (!value.is_number_integer() || value.get<int64_t>() < 0)
    return Invalid(path, "expected a whole number of milliseconds, 0 or more");
  return value.get<int64_t>();
}

Status ReadCache(const Json& json, std::string_view path, CachePolicy& cache) {
  if (!json.is_object()) return Invalid(path, "expected an object");
  if (Status s =
          OnlyKeys(json, path, {"mode", "ttl_ms", "swr_ms", "always_strong_columns", "prewarm"});
      !s.ok()) {
    return s;
  }
  if (auto it = json.find("mode"); it != json.end()) {
    const std::string mode = it->is_string() ? it->get<std::string>() : "";
    if (mode == "strong") {
      cache.mode = CacheMode::kStrong;
    } else if (mode == "bounded") {
      cache.mode = CacheMode::kBounded;
    } else if (mode == "cached") {
      cache.mode = CacheMode::kCached;
    } else {
      return Invalid(Path(path, "mode"), "expected strong, bounded or cached");
    }
  }
  for (auto [key, field] : {std::pair{"ttl_ms", &cache.ttl_ms}, {"swr_ms", &cache.swr_ms}}) {
    if (auto it = json.find(key); it != json.end()) {
      Result<int64_t> ms = NonNegative(*it, Path(path, key));
      if (!ms.ok()) return std::move(ms).error();
      *field = ms.value();
    }
  }
  if (cache.mode == CacheMode::kBounded && cache.ttl_ms == 0)
    return Invalid(Path(path, "ttl_ms"), "bounded mode needs a bound above 0");
  if (auto it = json.find("prewarm"); it != json.end()) {
    if (!it->is_boolean()) return Invalid(Path(path, "prewarm"), "expected true or false");
    cache.prewarm = it->get<bool>();
  }
  if (auto it = json.find("always_strong_columns"); it != json.end()) {
    Result<std::vector<std::string>> columns =
        Names(*it, Path(path, "always_strong_columns"), false);
    if (!columns.ok()) return std::move(columns).error();
    cache.always_strong_columns = std::move(columns).value();
  }
  return Status::Ok();
}

Result<TablePolicy> ReadTable(const std::string& name, const Json& json, std::string_view path) {
  if (!json.is_object()) return Invalid(path, "expected an object");
  if (Status s = OnlyKeys(json, path, {"pk", "shard_by", "reference", "cache"}); !s.ok())
    return std::move(s).error();
  TablePolicy table;
  table.name = name;
  auto pk = json.find("pk");
  if (pk == json.end()) return Invalid(path, "pk is missing (the primary-key columns)");
  Result<std::vector<std::string>> columns = Names(*pk, Path(path, "pk"), true);
  if (!columns.ok()) return std::move(columns).error();
  if (columns.value().empty()) return Invalid(Path(path, "pk"), "names no column");
  table.pk = std::move(columns).value();

  bool reference = false;
  if (auto it = json.find("reference"); it != json.end()) {
    if (!it->is_boolean()) return Invalid(Path(path, "reference"), "expected true or false");
    reference = it->get<bool>();
  }
  if (auto it = json.find("shard_by"); it != json.end()) {
    if (!it->is_string() || it->get_ref<const std::string&>().empty())
      return Invalid(Path(path, "shard_by"), "expected a column name");
    if (reference)
      return Invalid(Path(path, "shard_by"), "a reference table is on every shard: no shard key");
    table.shard_by = it->get<std::string>();
    table.placement = Placement::kTenant;
  } else {
    table.placement = reference ? Placement::kReference : Placement::kHash;
  }
  if (auto it = json.find("cache"); it != json.end()) {
    if (Status s = ReadCache(*it, Path(path, "cache"), table.cache); !s.ok())
      return std::move(s).error();
  }
  return table;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(c | 0x20);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// "7f" -> 0x7f; -1 unless exactly two hex digits.
int HexByte(std::string_view text) {
  if (text.size() != 2 || HexDigit(text[0]) < 0 || HexDigit(text[1]) < 0) return -1;
  return HexDigit(text[0]) * 16 + HexDigit(text[1]);
}

std::string ByteText(int b) {
  static constexpr char kHex[] = "0123456789abcdef";
  return std::string{kHex[b >> 4], kHex[b & 15]};
}

std::string RangeText(const ShardRange& r) {
  return StrCat({ByteText(r.first), "..", ByteText(r.last)});
}

Result<ShardRange> ReadRange(const Json& json, std::string_view path) {
  if (!json.is_object()) return Invalid(path, "expected an object with prefix and shard");
  if (Status s = OnlyKeys(json, path, {"prefix", "shard"}); !s.ok()) return std::move(s).error();
  auto prefix = json.find("prefix");
  if (prefix == json.end() || !prefix->is_string())
    return Invalid(Path(path, "prefix"), "expected \"xx..yy\" (two hex bytes) or \"xx\"");
  std::string_view text = prefix->get_ref<const std::string&>();
  size_t dots = text.find("..");
  int first = HexByte(dots == std::string_view::npos ? text : text.substr(0, dots));
  int last = dots == std::string_view::npos ? first : HexByte(text.substr(dots + 2));
  if (first < 0 || last < 0)
    return Invalid(Path(path, "prefix"), "expected \"xx..yy\" (two hex bytes) or \"xx\"");
  if (first > last) return Invalid(Path(path, "prefix"), "the range runs backwards");
  auto shard = json.find("shard");
  if (shard == json.end()) return Invalid(Path(path, "shard"), "is missing");
  if (Status s = CheckShardName(*shard, Path(path, "shard")); !s.ok()) return std::move(s).error();
  return ShardRange{static_cast<uint8_t>(first), static_cast<uint8_t>(last),
                    shard->get<std::string>()};
}

Result<RoutingMap> ReadRouting(const Json& json, std::string_view path) {
  if (!json.is_object()) return Invalid(path, "expected an object");
  if (Status s = OnlyKeys(json, path, {"version", "tenant_shards", "tenants", "ranges"}); !s.ok())
    return std::move(s).error();
  RoutingMap map;
  auto version = json.find("version");
  if (version == json.end() || !version->is_number_integer() || version->get<int64_t>() < 1) {
    return Invalid(Path(path, "version"),
                   "expected a whole number from 1 up (a map replaces only an older one)");
  }
  map.version = version->get<int64_t>();
  if (auto it = json.find("tenant_shards"); it != json.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 4096)
      return Invalid(Path(path, "tenant_shards"), "expected a whole number from 1 to 4096");
    map.tenant_shards = static_cast<int>(it->get<int64_t>());
  }
  if (auto it = json.find("tenants"); it != json.end()) {
    const std::string tenants_path = Path(path, "tenants");
    if (!it->is_object()) return Invalid(tenants_path, "expected an object of tenant: shard");
    for (auto t = it->begin(); t != it->end(); ++t) {
      if (t.key().empty()) return Invalid(tenants_path, "a tenant id is empty");
      if (Status s = CheckShardName(t.value(), Path(tenants_path, t.key())); !s.ok())
        return std::move(s).error();
      // Tenant ids match as routing compares keys (case-insensitively,
      // integers by value), so the map holds them in that form.
      std::optional<std::string> tenant = CanonicalText(t.key());
      if (!tenant) {
        return Invalid(
            Path(tenants_path, t.key()),
            "a tenant id in the map must be ASCII (keys are compared case-insensitively)");
      }
      if (!map.tenants.emplace(*tenant, t.value().get<std::string>()).second) {
        return Invalid(Path(tenants_path, t.key()),
                       StrCat({"tenant '", *tenant, "' is listed twice (ids ignore case)"}));
      }
    }
  }
  if (auto it = json.find("ranges"); it != json.end()) {
    const std::string ranges_path = Path(path, "ranges");
    if (!it->is_array()) return Invalid(ranges_path, "expected a list of {prefix, shard}");
    std::vector<std::pair<ShardRange, size_t>> ranges;  // with their index, for messages
    for (size_t i = 0; i < it->size(); ++i) {
      Result<ShardRange> r = ReadRange((*it)[i], Index(ranges_path, i));
      if (!r.ok()) return std::move(r).error();
      ranges.emplace_back(std::move(r).value(), i);
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const auto& a, const auto& b) { return a.first.first < b.first.first; });
    // Together the ranges must cover every first byte exactly once.
    int next = 0;  // the first byte not yet covered
    for (size_t k = 0; k < ranges.size(); ++k) {
      const auto& [r, i] = ranges[k];
      const std::string at = Index(ranges_path, i);
      if (r.first < next) {
        return Invalid(
            at, StrCat({RangeText(r), " overlaps ", Index(ranges_path, ranges[k - 1].second), " (",
                        RangeText(ranges[k - 1].first), ")"}));
      }
      if (r.first > next) {
        return Invalid(at, StrCat({"nothing covers ", ByteText(next), "..", ByteText(r.first - 1),
                                   " before ", RangeText(r)}));
      }
      next = r.last + 1;
      map.ranges.push_back(r);
    }
    if (!ranges.empty() && next <= 0xff)
      return Invalid(ranges_path, StrCat({"nothing covers ", ByteText(next), "..ff"}));
  }
  std::set<std::string> shards;
  for (const auto& [tenant, shard] : map.tenants) shards.insert(shard);
  for (int k = 0; k < map.tenant_shards; ++k) shards.insert(DefaultTenantShard(k));
  for (const ShardRange& r : map.ranges) shards.insert(r.shard);
  map.shards.assign(shards.begin(), shards.end());
  return map;
}

}  // namespace

std::string DefaultTenantShard(int k) { return StrCat({"tenant-", std::to_string(k)}); }

std::optional<std::string> CanonicalText(std::string_view text) {
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) digits.remove_prefix(1);
  if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
    const size_t first = digits.find_first_not_of('0');
    if (first == std::string_view::npos) return std::string("0");
    return StrCat({negative ? "-" : "", digits.substr(first)});
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
  }
  return AsciiLower(text);
}

const TablePolicy* Policy::FindTable(std::string_view name) const {
  auto it = std::lower_bound(tables.begin(), tables.end(), name,
                             [](const TablePolicy& t, std::string_view n) { return t.name < n; });
  return it != tables.end() && it->name == name ? &*it : nullptr;
}

Result<Policy> PolicyFromJson(const Json& json) {
  if (!json.is_object()) return Invalid("(top)", "expected an object with tables and routing");
  if (Status s = OnlyKeys(json, "", {"tables", "routing"}); !s.ok()) return std::move(s).error();
  Policy policy;
  auto tables = json.find("tables");
  if (tables == json.end() || !tables->is_object())
    return Invalid("tables", "expected an object of table name: placement");
  for (auto it = tables->begin(); it != tables->end(); ++it) {
    Result<TablePolicy> t = ReadTable(it.key(), it.value(), Path("tables", it.key()));
    if (!t.ok()) return std::move(t).error();
    policy.tables.push_back(std::move(t).value());
  }
  std::sort(policy.tables.begin(), policy.tables.end(),
            [](const TablePolicy& a, const TablePolicy& b) { return a.name < b.name; });
  auto routing = json.find("routing");
  if (routing == json.end()) return Invalid("routing", "is missing (it needs a version)");
  Result<RoutingMap> map = ReadRouting(*routing, "routing");
  if (!map.ok()) return std::move(map).error();
  policy.routing = std::move(map).value();
  if (policy.routing.ranges.empty()) {
    for (const TablePolicy& t : policy.tables) {
      if (t.placement == Placement::kHash) {
        return Invalid(Path("tables", t.name),
                       "is hashed by its primary key, but routing.ranges is empty");
      }
    }
  }
  return policy;
}

Result<Policy> PolicyFromJsonText(std::string_view text) {
  Json json = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Invalid("(top)", "not valid JSON");
  return PolicyFromJson(json);
}

Status CheckPolicyAgainstSchema(const Policy& policy, const catalog::DatabaseSchema& schema) {
  for (const TablePolicy& t : policy.tables) {
    const std::string path = Path("tables", t.name);
    const catalog::TableDef* def = schema.FindTable(t.name);
    if (def == nullptr) return Invalid(path, StrCat({"no table '", t.name, "' in the schema"}));
    auto check = [&](const std::string& column, const std::string& at) -> Status {
      if (def->FindColumn(column) == nullptr)
        return Invalid(at, StrCat({"table '", t.name, "' has no column '", column, "'"}));
      return Status::Ok();
    };
    for (size_t i = 0; i < t.pk.size(); ++i) {
      if (Status s = check(t.pk[i], Index(Path(path, "pk"), i)); !s.ok()) return s;
    }
    if (!t.shard_by.empty()) {
      if (Status s = check(t.shard_by, Path(path, "shard_by")); !s.ok()) return s;
    }
    for (size_t i = 0; i < t.cache.always_strong_columns.size(); ++i) {
      if (Status s = check(t.cache.always_strong_columns[i],
                           Index(Path(path, "cache.always_strong_columns"), i));
          !s.ok()) {
        return s;
      }
    }
    if (const catalog::IndexDef* key = def->PrimaryKey()) {
      bool same = key->parts.size() == t.pk.size();
      for (size_t i = 0; same && i < t.pk.size(); ++i)
        same = EqualsIgnoreCase(key->parts[i].column, t.pk[i]);
      if (!same) {
        std::string declared;
        for (const catalog::KeyPart& p : key->parts)
          StrAppend(declared, {declared.empty() ? "" : ", ", p.column});
        return Invalid(Path(path, "pk"), StrCat({"the table's PRIMARY KEY is (", declared, ")"}));
      }
    }
  }
  return Status::Ok();
}

}  // namespace edgesql::routing
