#include "routing/merge_rows.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <queue>
#include <utility>

#include "common/ascii.h"

namespace edgesql::routing {
namespace {

using Json = edgesql::Json;
using Aggregate = MergePlan::Aggregate;

// Sort rank of a value's type: NULL, numbers, text, then anything else.
int Rank(const Json& v) {
  if (v.is_null()) return 0;
  if (v.is_number() || v.is_boolean()) return 1;
  if (v.is_string()) return 2;
  return 3;
}

double AsDouble(const Json& v) {
  return v.is_boolean() ? (v.get<bool>() ? 1.0 : 0.0) : v.get<double>();
}

int CompareRows(const MergePlan& plan, const Row& a, const Row& b) {
  for (const MergePlan::OrderKey& key : plan.order) {
    int c = CompareValues(a[key.column], b[key.column]);
    if (c != 0) return key.descending ? -c : c;
  }
  return 0;
}

bool SameKey(const Row& a, const Row& b, const std::vector<size_t>& columns) {
  return std::all_of(columns.begin(), columns.end(),
                     [&](size_t c) { return CompareValues(a[c], b[c]) == 0; });
}

// SUM of two partial sums: integers stay integers while they fit; NULL is
// "no rows yet".
Json AddValues(const Json& a, const Json& b) {
  if (a.is_null()) return b;
  if (b.is_null()) return a;
  if (a.is_number_integer() && b.is_number_integer()) {
    int64_t sum;
    if (!__builtin_add_overflow(a.get<int64_t>(), b.get<int64_t>(), &sum)) return sum;
  }
  return AsDouble(a) + AsDouble(b);
}

void Combine(const MergePlan& plan, Row& into, const Row& row) {
  size_t extra = plan.columns.size();  // AVG counts follow the columns
  for (size_t i = 0; i < plan.columns.size(); ++i) {
    switch (plan.columns[i]) {
      case Aggregate::kNone:
        break;
      case Aggregate::kCount:
      case Aggregate::kSum:
        into[i] = AddValues(into[i], row[i]);
        break;
      case Aggregate::kMin:
        if (!row[i].is_null() && (into[i].is_null() || CompareValues(row[i], into[i]) < 0))
          into[i] = row[i];
        break;
      case Aggregate::kMax:
        if (!row[i].is_null() && (into[i].is_null() || CompareValues(row[i], into[i]) > 0))
          into[i] = row[i];
        break;
      case Aggregate::kAvg:
        into[i] = AddValues(into[i], row[i]);
        into[extra] = AddValues(into[extra], row[extra]);
        ++extra;
        break;
    }
  }
}

void ApplyLimit(const MergePlan& plan, std::vector<Row>& rows) {
  const size_t offset = static_cast<size_t>(std::max<int64_t>(plan.offset, 0));
  if (offset >= rows.size()) {
    rows.clear();
    return;
  }
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(offset));
  if (plan.limit && rows.size() > static_cast<size_t>(*plan.limit))
    rows.resize(static_cast<size_t>(*plan.limit));
}

}  // namespace

int CompareValues(const Json& a, const Json& b) {
  const int ra = Rank(a), rb = Rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra == 1) {
    if (a.is_number_integer() && b.is_number_integer()) {
      const int64_t x = a.get<int64_t>(), y = b.get<int64_t>();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const double x = AsDouble(a), y = AsDouble(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra == 2) {
    const std::string& x = a.get_ref<const std::string&>();
    const std::string& y = b.get_ref<const std::string&>();
    const size_t n = std::min(x.size(), y.size());
    for (size_t i = 0; i < n; ++i) {
      const char cx = AsciiToLower(x[i]), cy = AsciiToLower(y[i]);
      if (cx != cy) return static_cast<unsigned char>(cx) < static_cast<unsigned char>(cy) ? -1 : 1;
    }
    return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
  }
  if (ra == 3) {
    const std::string x = a.dump(), y = b.dump();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return 0;
}

Result<std::vector<Row>> MergeRows(const MergePlan& plan, std::vector<std::vector<Row>> shards) {
  size_t avg_columns = 0;
  for (Aggregate a : plan.columns) avg_columns += a == Aggregate::kAvg;
  const size_t width = plan.columns.size() + avg_columns;
  for (const std::vector<Row>& rows : shards) {
    for (const Row& row : rows) {
      if (!plan.columns.empty() && row.size() != width) {
        return Error(ErrorCode::kInternal,
                     "Internal error: a shard answered a scattered query with the wrong number "
                     "of columns");
      }
    }
  }

  std::vector<Row> out;
  if (plan.grouped) {
    // Groups are few next to rows: a linear probe per row keeps the
    // comparison the one ORDER BY uses (case-insensitive text).
    for (std::vector<Row>& rows : shards) {
      for (Row& row : rows) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const Row& g) { return SameKey(g, row, plan.group_key); });
        if (it == out.end()) {
          out.push_back(std::move(row));
        } else {
          Combine(plan, *it, row);
        }
      }
    }
    // An aggregate over no rows at all still answers one row (COUNT(*) = 0).
    if (out.empty() && plan.group_key.empty()) {
      Row none(width);
      for (size_t i = 0; i < plan.columns.size(); ++i) {
        if (plan.columns[i] == Aggregate::kCount) none[i] = 0;
      }
      for (size_t k = plan.columns.size(); k < width; ++k) none[k] = 0;
      out.push_back(std::move(none));
    }
    for (Row& row : out) {
      size_t extra = plan.columns.size();
      for (size_t i = 0; i < plan.columns.size(); ++i) {
        if (plan.columns[i] != Aggregate::kAvg) continue;
        const Json& count = row[extra++];
        const double n = count.is_null() ? 0 : AsDouble(count);
        row[i] = row[i].is_null() || n == 0 ? Json() : Json(AsDouble(row[i]) / n);
      }
      row.resize(plan.columns.size());
    }
    std::stable_sort(out.begin(), out.end(),
                     [&](const Row& a, const Row& b) { return CompareRows(plan, a, b) < 0; });
    ApplyLimit(plan, out);
    return out;
  }

  const size_t wanted = plan.limit ? static_cast<size_t>(*plan.limit + plan.offset) : SIZE_MAX;
  auto same_row = [](const Row& a, const Row& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (CompareValues(a[i], b[i]) != 0) return false;
    }
    return true;
  };
  auto keep = [&](Row&& row) {
    if (plan.distinct &&
        std::any_of(out.begin(), out.end(), [&](const Row& r) { return same_row(r, row); })) {
      return;
    }
    out.push_back(std::move(row));
  };
  if (plan.order.empty()) {
    for (std::vector<Row>& rows : shards) {
      for (Row& row : rows) {
        if (out.size() >= wanted) break;
        keep(std::move(row));
      }
    }
  } else {
    // k-way merge of the shards' sorted rows; ties keep shard order.
    using Cursor = std::pair<size_t, size_t>;  // shard, row
    auto later = [&](const Cursor& a, const Cursor& b) {
      int c = CompareRows(plan, shards[a.first][a.second], shards[b.first][b.second]);
      return c != 0 ? c > 0 : a.first > b.first;
    };
    std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heap(later);
    for (size_t s = 0; s < shards.size(); ++s) {
      if (!shards[s].empty()) heap.push({s, 0});
    }
    while (!heap.empty() && out.size() < wanted) {
      auto [s, r] = heap.top();
      heap.pop();
      keep(std::move(shards[s][r]));
      if (r + 1 < shards[s].size()) heap.push({s, r + 1});
    }
  }
  ApplyLimit(plan, out);
  return out;
}

}  // namespace edgesql::routing
