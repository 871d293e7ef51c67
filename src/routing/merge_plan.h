// MergePlan: how the gateway combines the answers of a SELECT that ran on
// several shards (a scatter or multi-shard read), or why it cannot.
//
// Rows from the shards are merged, never re-queried:
//   plain rows          concatenated
//   ORDER BY            k-way merged on the sort keys (each shard sorted
//                       its own rows the same way)
//   LIMIT n OFFSET m    applied after merging; a shard need return at most
//                       n + m rows when rows do not combine
//   COUNT / SUM         summed per group; MIN / MAX the least / greatest;
//   AVG                 from each shard's SUM and COUNT (the shard query
//                       asks for those instead)
//   GROUP BY            rows with equal group keys combined as above
//   DISTINCT            duplicates across shards dropped
// Anything else (HAVING, window functions, COUNT(DISTINCT), GROUP_CONCAT,
// an expression over aggregates, ORDER BY or GROUP BY on a column the query
// does not select, UNION, WITH) would need more than merging and is rejected
// with the construct named (1235): never answered wrongly.
#ifndef EDGESQL_ROUTING_MERGE_PLAN_H_
#define EDGESQL_ROUTING_MERGE_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "sql/ast.h"

namespace edgesql::routing {

struct MergePlan {
  enum class Aggregate : uint8_t { kNone, kCount, kSum, kMin, kMax, kAvg };
  struct OrderKey {
    size_t column = 0;  // output column
    bool descending = false;
  };

  // Per output column; empty for SELECT * (plain rows only).
  std::vector<Aggregate> columns;
  // Rows combine by group: GROUP BY, or an aggregate without it (one group).
  bool grouped = false;
  std::vector<size_t> group_key;  // output columns of the key, in GROUP BY order
  bool distinct = false;
  std::vector<OrderKey> order;
  std::optional<int64_t> limit;  // after merging
  int64_t offset = 0;
  // At most this many rows from each shard (LIMIT n + m) when rows do not
  // combine; nullopt: every row.
  std::optional<int64_t> shard_limit;
};

// Plans the merge of `query` (its text is `source`), or says why it cannot
// be merged.
Result<MergePlan> PlanMerge(std::string_view source, const sql::ast::Query& query);

// For tests and `explain`: "concat", "ordered[0 desc] limit 10 offset 5
// shard_limit 15", "grouped key[0] cols[none,count,avg]", "distinct".
std::string DescribeMergePlan(const MergePlan& plan);

}  // namespace edgesql::routing

#endif  // EDGESQL_ROUTING_MERGE_PLAN_H_
