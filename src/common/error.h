// Error: the one error type of the Edge SQL core, always a MySQL error.
//
// Every failure anywhere in the core (a lexer fault, an unsupported construct,
// a constraint that SQLite reported) ends up as an Error carrying MySQL's
// errno; the SQLSTATE, symbolic code and HTTP status are looked up from the
// single table in mysql_errors.cc, so no caller invents its own numbers.
// Errors are plain values: the core is built without exceptions.
#ifndef EDGESQL_COMMON_ERROR_H_
#define EDGESQL_COMMON_ERROR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace edgesql {

// MySQL server error numbers used by Edge SQL (mysql_errors.def).
enum class ErrorCode : uint16_t {
#define EDGESQL_ERROR(name, errnum, symbol, sql_state, http) name = errnum,
#include "common/mysql_errors.def"
#undef EDGESQL_ERROR
};

// Every ErrorCode, in errno order (for tests and tools).
extern const ErrorCode kAllErrorCodes[];
extern const size_t kErrorCodeCount;

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

// Result<T>: a T or an Error. Callers test ok() before value(). The error
// is held by pointer, as in Status: the OK path, taken by every node the
// generator writes, is then a plain optional with no variant dispatch (an
// indirect call per move and destruction in wasm).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error)                            // NOLINT: implicit by design
      : error_(std::make_unique<Error>(std::move(error))) {}

  bool ok() const { return error_ == nullptr; }
  // REQUIRES: ok()
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return *std::move(value_); }
  // REQUIRES: !ok()
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<T> value_;
  std::unique_ptr<Error> error_;
};

// Status: success or an Error, for operations that return nothing. Success
// is a null pointer (LevelDB's choice): the lexer returns one per token, and
// an embedded Error would build and destroy a string each time.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::make_unique<Error>(std::move(error))) {}  // NOLINT

  static Status Ok() { return Status(); }
  bool ok() const { return error_ == nullptr; }
  // REQUIRES: !ok()
  const Error& error() const& { return *error_; }
  Error&& error() && { return std::move(*error_); }

 private:
  std::unique_ptr<Error> error_;
};

}  // namespace edgesql

#endif  // EDGESQL_COMMON_ERROR_H_
