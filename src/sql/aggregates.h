// MySQL's aggregate functions, by name: what the generator translates as
// aggregates and what scatter-gather must know it cannot merge naively.
#ifndef EDGESQL_SQL_AGGREGATES_H_
#define EDGESQL_SQL_AGGREGATES_H_

#include <algorithm>
#include <array>
#include <string_view>

#include "common/ascii.h"

namespace edgesql::sql {

inline constexpr std::array<std::string_view, 18> kAggregateFunctions = {
    "COUNT",          "SUM",      "AVG",     "MIN",     "MAX", "GROUP_CONCAT", "JSON_ARRAYAGG",
    "JSON_OBJECTAGG", "BIT_AND",  "BIT_OR",  "BIT_XOR", "STD", "STDDEV",       "STDDEV_POP",
    "STDDEV_SAMP",    "VARIANCE", "VAR_POP", "VAR_SAMP"};

// `name` in any case.
inline bool IsAggregateFunction(std::string_view name) {
  return std::any_of(kAggregateFunctions.begin(), kAggregateFunctions.end(),
                     [&](std::string_view a) { return EqualsIgnoreCase(name, a); });
}

}  // namespace edgesql::sql

#endif  // EDGESQL_SQL_AGGREGATES_H_
