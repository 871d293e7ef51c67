// The lookup from errno to MySQL's SQLSTATE and symbol, plus the HTTP status
// the gateway answers with, generated from mysql_errors.def.
#include "common/error.h"

namespace edgesql {
namespace {

struct Row {
  ErrorCode code;
  ErrorInfo info;
};

constexpr Row kErrors[] = {
#define EDGESQL_ERROR(name, errnum, symbol, sql_state, http) \
  {ErrorCode::name, {symbol, sql_state, http}},
#include "common/mysql_errors.def"
#undef EDGESQL_ERROR
};

}  // namespace

const ErrorCode kAllErrorCodes[] = {
#define EDGESQL_ERROR(name, errnum, symbol, sql_state, http) ErrorCode::name,
#include "common/mysql_errors.def"
#undef EDGESQL_ERROR
};
const size_t kErrorCodeCount = sizeof(kAllErrorCodes) / sizeof(kAllErrorCodes[0]);

const ErrorInfo& DescribeError(ErrorCode code) {
  for (const Row& row : kErrors) {
    if (row.code == code) return row.info;
  }
  static constexpr ErrorInfo kUnknown{"ER_UNKNOWN_ERROR", "HY000", 500};
  return kUnknown;
}

}  // namespace edgesql
