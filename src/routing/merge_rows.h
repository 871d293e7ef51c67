// MergeRows: the shards' answers to a scattered SELECT combined as its
// MergePlan says (merge_plan.h), before the gateway shapes them for the
// client.
//
// Values are the shards' own (JSON: integers, reals, text, null; a blob is
// an object). They compare as the shards sorted them under MySQL's default
// collation: NULL first, numbers by value, text ASCII case-insensitively
// (so 'a' and 'A' are one group, as under utf8mb4_0900_ai_ci).
//
// AVG columns arrive as their SUM, and each shard row carries one extra
// trailing value per AVG column, its COUNT, in column order; the merged row
// has the average in place and no extra values.
#ifndef EDGESQL_ROUTING_MERGE_ROWS_H_
#define EDGESQL_ROUTING_MERGE_ROWS_H_

#include <vector>

#include "common/error.h"
#include "common/json.h"
#include "routing/merge_plan.h"

namespace edgesql::routing {

using Row = std::vector<edgesql::Json>;

// <0, 0, >0 as `a` sorts before, with, after `b` (ascending).
int CompareValues(const edgesql::Json& a, const edgesql::Json& b);

// `shards` holds each shard's rows, each shard's already in the plan's order.
Result<std::vector<Row>> MergeRows(const MergePlan& plan, std::vector<std::vector<Row>> shards);

}  // namespace edgesql::routing

#endif  // EDGESQL_ROUTING_MERGE_ROWS_H_
