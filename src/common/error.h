// Error: the one error type of the Edge SQL core, always a MySQL error.
//
// Every failure anywhere in the core (a lexer fault, an unsupported construct,
// a constraint that SQLite reported) ends up as an Error carrying MySQL's
// errno; the SQLSTATE, symbolic code and HTTP status are looked up from the
// single table in mysql_errors.cc, so no caller invents its own numbers.
// Errors are plain values: the core is built without exceptions.
#ifndef EDGESQL_COMMON_ERROR_H_
#define EDGESQL_COMMON_ERROR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace edgesql {

// MySQL server error numbers used by Edge SQL (see mysql_errors.cc for the
// SQLSTATE and symbolic name of each).
enum class ErrorCode : uint16_t {
  kUnknown = 1105,                          // ER_UNKNOWN_ERROR
  kNoDatabaseSelected = 1046,               // ER_NO_DB_ERROR
  kBadNull = 1048,                          // ER_BAD_NULL_ERROR
  kBadDatabase = 1049,                      // ER_BAD_DB_ERROR
  kTableExists = 1050,                      // ER_TABLE_EXISTS_ERROR
  kBadTable = 1051,                         // ER_BAD_TABLE_ERROR
  kNonUniqueColumn = 1052,                  // ER_NON_UNIQ_ERROR
  kBadField = 1054,                         // ER_BAD_FIELD_ERROR
  kDuplicateFieldName = 1060,               // ER_DUP_FIELDNAME
  kDuplicateKeyName = 1061,                 // ER_DUP_KEYNAME
  kDuplicateEntry = 1062,                   // ER_DUP_ENTRY
  kParse = 1064,                            // ER_PARSE_ERROR
  kMultiplePrimaryKey = 1068,               // ER_MULTIPLE_PRI_KEY
  kKeyColumnDoesNotExist = 1072,            // ER_KEY_COLUMN_DOES_NOT_EXITS (sic)
  kWrongAutoKey = 1075,                     // ER_WRONG_AUTO_KEY
  kEmptyQuery = 1065,                       // ER_EMPTY_QUERY
  kCantDropField = 1091,                    // ER_CANT_DROP_FIELD_OR_KEY
  kWrongDatabaseName = 1102,                // ER_WRONG_DB_NAME
  kWrongTableName = 1103,                   // ER_WRONG_TABLE_NAME
  kNoSuchTable = 1146,                      // ER_NO_SUCH_TABLE
  kNetPacketTooLarge = 1153,                // ER_NET_PACKET_TOO_LARGE
  kWrongArguments = 1210,                   // ER_WRONG_ARGUMENTS
  kNotSupportedYet = 1235,                  // ER_NOT_SUPPORTED_YET
  kWrongFkDef = 1239,                       // ER_WRONG_FK_DEF
  kDataOutOfRange = 1264,                   // ER_WARN_DATA_OUT_OF_RANGE
  kInvalidGroupFuncUse = 1111,              // ER_INVALID_GROUP_FUNC_USE
  kSpDoesNotExist = 1305,                   // ER_SP_DOES_NOT_EXIST
  kQueryInterrupted = 1317,                 // ER_QUERY_INTERRUPTED
  kTruncatedWrongValue = 1366,              // ER_TRUNCATED_WRONG_VALUE_FOR_FIELD
  kWrongParamCountToNativeFunction = 1582,  // ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT
  kPsManyParam = 1390,                      // ER_PS_MANY_PARAM
  kRowIsReferenced = 1451,                  // ER_ROW_IS_REFERENCED_2
  kNoReferencedRow = 1452,                  // ER_NO_REFERENCED_ROW_2
  kCheckConstraintViolated = 3819,          // ER_CHECK_CONSTRAINT_VIOLATED
  kInternal = 1815,                         // ER_INTERNAL_ERROR
};

// What MySQL reports alongside an errno.
struct ErrorInfo {
  std::string_view symbol;     // "ER_PARSE_ERROR"
  std::string_view sql_state;  // "42000"
  int http_status;             // 4xx: the caller's mistake; 5xx: ours
};

// Looks up the static description of `code`. Never fails.
const ErrorInfo& DescribeError(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  uint16_t errnum() const { return static_cast<uint16_t>(code_); }
  const std::string& message() const { return message_; }
  const ErrorInfo& info() const { return DescribeError(code_); }

  // Byte offset in the statement text where the problem was found, when known.
  bool has_offset() const { return offset_ >= 0; }
  int64_t offset() const { return offset_; }
  Error&& WithOffset(int64_t offset) && {
    offset_ = offset;
    return std::move(*this);
  }

 private:
  ErrorCode code_;
  std::string message_;
  int64_t offset_ = -1;
};

// ER_NOT_SUPPORTED_YET for `what`, in MySQL's wording: the one way the core
// says "this construct is understood but not offered", never a silent change.
inline Error Unsupported(std::string_view what) {
  return Error(ErrorCode::kNotSupportedYet,
               "This version of Edge SQL doesn't yet support '" + std::string(what) + "'");
}

// Result<T>: a T or an Error. Callers test ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  // REQUIRES: ok()
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  // REQUIRES: !ok()
  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// Status: success or an Error, for operations that return nothing.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  // REQUIRES: !ok()
  const Error& error() const& { return error_; }
  Error&& error() && { return std::move(error_); }

 private:
  Error error_{ErrorCode::kUnknown, ""};
  bool ok_ = true;
};

}  // namespace edgesql

#endif  // EDGESQL_COMMON_ERROR_H_
