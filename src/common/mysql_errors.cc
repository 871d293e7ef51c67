// The one table that turns an errno into MySQL's SQLSTATE and symbol, plus
// the HTTP status the gateway answers with. Numbers and states are MySQL
// 8.0's (include/mysqld_error.h, sql/share/messages_to_clients.txt).
#include "common/error.h"

namespace edgesql {
namespace {

struct Row {
  ErrorCode code;
  ErrorInfo info;
};

constexpr Row kErrors[] = {
    {ErrorCode::kUnknown, {"ER_UNKNOWN_ERROR", "HY000", 500}},
    {ErrorCode::kNoDatabaseSelected, {"ER_NO_DB_ERROR", "3D000", 400}},
    {ErrorCode::kBadNull, {"ER_BAD_NULL_ERROR", "23000", 400}},
    {ErrorCode::kBadDatabase, {"ER_BAD_DB_ERROR", "42000", 400}},
    {ErrorCode::kTableExists, {"ER_TABLE_EXISTS_ERROR", "42S01", 400}},
    {ErrorCode::kBadTable, {"ER_BAD_TABLE_ERROR", "42S02", 400}},
    {ErrorCode::kNonUniqueColumn, {"ER_NON_UNIQ_ERROR", "23000", 400}},
    {ErrorCode::kBadField, {"ER_BAD_FIELD_ERROR", "42S22", 400}},
    {ErrorCode::kDuplicateFieldName, {"ER_DUP_FIELDNAME", "42S21", 400}},
    {ErrorCode::kDuplicateKeyName, {"ER_DUP_KEYNAME", "42000", 400}},
    {ErrorCode::kDuplicateEntry, {"ER_DUP_ENTRY", "23000", 409}},
    {ErrorCode::kParse, {"ER_PARSE_ERROR", "42000", 400}},
    {ErrorCode::kMultiplePrimaryKey, {"ER_MULTIPLE_PRI_KEY", "42000", 400}},
    {ErrorCode::kKeyColumnDoesNotExist, {"ER_KEY_COLUMN_DOES_NOT_EXITS", "42000", 400}},
    {ErrorCode::kWrongAutoKey, {"ER_WRONG_AUTO_KEY", "42000", 400}},
    {ErrorCode::kEmptyQuery, {"ER_EMPTY_QUERY", "42000", 400}},
    {ErrorCode::kCantDropField, {"ER_CANT_DROP_FIELD_OR_KEY", "42000", 400}},
    {ErrorCode::kWrongDatabaseName, {"ER_WRONG_DB_NAME", "42000", 400}},
    {ErrorCode::kWrongTableName, {"ER_WRONG_TABLE_NAME", "42000", 400}},
    {ErrorCode::kNoSuchTable, {"ER_NO_SUCH_TABLE", "42S02", 404}},
    {ErrorCode::kNetPacketTooLarge, {"ER_NET_PACKET_TOO_LARGE", "08S01", 413}},
    {ErrorCode::kWrongArguments, {"ER_WRONG_ARGUMENTS", "HY000", 400}},
    {ErrorCode::kNotSupportedYet, {"ER_NOT_SUPPORTED_YET", "42000", 400}},
    {ErrorCode::kWrongFkDef, {"ER_WRONG_FK_DEF", "42000", 400}},
    {ErrorCode::kDataOutOfRange, {"ER_WARN_DATA_OUT_OF_RANGE", "22003", 400}},
    {ErrorCode::kInvalidGroupFuncUse, {"ER_INVALID_GROUP_FUNC_USE", "HY000", 400}},
    {ErrorCode::kQueryInterrupted, {"ER_QUERY_INTERRUPTED", "70100", 503}},
    {ErrorCode::kTruncatedWrongValue, {"ER_TRUNCATED_WRONG_VALUE_FOR_FIELD", "HY000", 400}},
    {ErrorCode::kWrongParamCountToNativeFunction,
     {"ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT", "42000", 400}},
    {ErrorCode::kSpDoesNotExist, {"ER_SP_DOES_NOT_EXIST", "42000", 400}},
    {ErrorCode::kPsManyParam, {"ER_PS_MANY_PARAM", "HY000", 400}},
    {ErrorCode::kRowIsReferenced, {"ER_ROW_IS_REFERENCED_2", "23000", 409}},
    {ErrorCode::kNoReferencedRow, {"ER_NO_REFERENCED_ROW_2", "23000", 409}},
    {ErrorCode::kCheckConstraintViolated, {"ER_CHECK_CONSTRAINT_VIOLATED", "HY000", 400}},
    {ErrorCode::kInternal, {"ER_INTERNAL_ERROR", "HY000", 500}},
};

}  // namespace

const ErrorInfo& DescribeError(ErrorCode code) {
  for (const Row& row : kErrors) {
    if (row.code == code) return row.info;
  }
  return kErrors[0].info;  // every enumerator has a row; see error_test.cc
}

}  // namespace edgesql
