#include "gateway/sqlite_errors.h"

#include <string>

#include "transpile/sqlite_schema.h"

namespace edgesql::gateway {
namespace {

using sql::StatementKind;

// Stores in `out` the text after `marker` up to the end of SQLite's own
// message; false if `marker` is absent.
bool After(std::string_view message, std::string_view marker, std::string& out) {
  size_t at = message.find(marker);
  if (at == std::string_view::npos) return false;
  std::string_view rest = message.substr(at + marker.size());
  // workerd appends ": SQLITE_<CODE>", and SQLite " at offset N".
  for (std::string_view suffix : {std::string_view(": SQLITE_"), std::string_view(" at offset ")}) {
    size_t end = rest.find(suffix);
    if (end != std::string_view::npos) rest = rest.substr(0, end);
  }
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\n')) rest.remove_suffix(1);
  out = std::string(rest);
  return true;
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front()) {
    s = s.substr(1, s.size() - 2);
  }
  if (s.rfind("main.", 0) == 0) s = s.substr(5);
  return s;
}

// "t.col" -> "col"
std::string ColumnPart(const std::string& qualified) {
  size_t dot = qualified.rfind('.');
  return dot == std::string::npos ? qualified : qualified.substr(dot + 1);
}

// "t/idx" (an Edge SQL index name) -> "idx"
std::string IndexPart(const std::string& name) {
  size_t slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

}  // namespace

Error MapSqliteError(std::string_view message, StatementKind kind, std::string_view database,
                     bool changes_referenced_key) {
  std::string x;
  if (After(message, "no such table: ", x)) {
    return Error(ErrorCode::kNoSuchTable,
                 "Table '" + std::string(database) + "." + Unquote(x) + "' doesn't exist");
  }
  if (message.find("LIKE or GLOB pattern too complex") != std::string_view::npos) {
    // Durable Object SQLite caps LIKE/GLOB patterns at 50 bytes.
    return Unsupported("LIKE patterns longer than 50 bytes (a limit of Durable Object SQLite)");
  }
  if (message.find("integer overflow") != std::string_view::npos) {
    // The generator's checked integer arithmetic (generate_expression.cc).
    return Error(ErrorCode::kValueOutOfRange, "BIGINT value is out of range");
  }
  if (After(message, "no such column: ", x)) {
    return Error(ErrorCode::kBadField, "Unknown column '" + Unquote(x) + "' in 'field list'");
  }
  if (After(message, "UNIQUE constraint failed: ", x)) {
    // SQLite names the columns, not the key, and not the value.
    size_t comma = x.find(',');
    std::string key = comma == std::string::npos ? x : x.substr(0, comma);
    return Error(ErrorCode::kDuplicateEntry, "Duplicate entry for key '" + key + "'");
  }
  if (After(message, "NOT NULL constraint failed: ", x)) {
    return Error(ErrorCode::kBadNull, "Column '" + ColumnPart(x) + "' cannot be null");
  }
  if (message.find("FOREIGN KEY constraint failed") != std::string_view::npos) {
    if (kind == StatementKind::kDelete || kind == StatementKind::kDropTable ||
        kind == StatementKind::kTruncate || changes_referenced_key) {
      return Error(ErrorCode::kRowIsReferenced,
                   "Cannot delete or update a parent row: a foreign key constraint fails");
    }
    return Error(ErrorCode::kNoReferencedRow,
                 "Cannot add or update a child row: a foreign key constraint fails");
  }
  if (After(message, "CHECK constraint failed: ", x)) {
    std::string name = Unquote(x);
    if (name.rfind(transpile::kCheckPrefix, 0) == 0) {
      // "edgesql:<kind>:<column>": a strict-mode check (sqlite_schema.h).
      std::string rest = name.substr(transpile::kCheckPrefix.size());
      size_t colon = rest.find(':');
      std::string kind = rest.substr(0, colon);
      std::string column = colon == std::string::npos ? "" : rest.substr(colon + 1);
      if (kind == "range") {
        return Error(ErrorCode::kDataOutOfRange,
                     "Out of range value for column '" + column + "' at row 1");
      }
      if (kind == "type") {
        return Error(ErrorCode::kTruncatedWrongValue,
                     "Incorrect value for column '" + column + "' at row 1");
      }
      if (kind == "length") {
        return Error(ErrorCode::kDataTooLong, "Data too long for column '" + column + "' at row 1");
      }
      if (kind == "enum") {
        return Error(ErrorCode::kDataTruncated,
                     "Data truncated for column '" + column + "' at row 1");
      }
    }
    return Error(ErrorCode::kCheckConstraintViolated,
                 "Check constraint '" + name + "' is violated.");
  }
  if (After(message, "index ", x) && x.find(" already exists") != std::string::npos) {
    std::string name = Unquote(x.substr(0, x.find(" already exists")));
    return Error(ErrorCode::kDuplicateKeyName, "Duplicate key name '" + IndexPart(name) + "'");
  }
  if ((After(message, "view ", x) || After(message, "table ", x)) &&
      x.find(" already exists") != std::string::npos) {
    return Error(ErrorCode::kTableExists,
                 "Table '" + Unquote(x.substr(0, x.find(" already exists"))) + "' already exists");
  }
  if (After(message, "no such view: ", x)) {
    return Error(ErrorCode::kBadTable,
                 "Unknown table '" + std::string(database) + "." + Unquote(x) + "'");
  }
  if (After(message, "cannot modify ", x) && x.find(" because it is a view") != std::string::npos) {
    return Error(ErrorCode::kNonUpdatableTable,
                 "The target table " + x.substr(0, x.find(" because")) + " of the " +
                     std::string(kind == StatementKind::kDelete   ? "DELETE"
                                 : kind == StatementKind::kUpdate ? "UPDATE"
                                                                  : "INSERT") +
                     " is not updatable");
  }
  if (After(message, "no such index: ", x)) {
    return Error(ErrorCode::kCantDropField,
                 "Can't DROP '" + IndexPart(Unquote(x)) + "'; check that column/key exists");
  }
  if (After(message, "duplicate column name: ", x)) {
    return Error(ErrorCode::kDuplicateFieldName, "Duplicate column name '" + Unquote(x) + "'");
  }
  if (After(message, "ambiguous column name: ", x)) {
    return Error(ErrorCode::kNonUniqueColumn,
                 "Column '" + Unquote(x) + "' in field list is ambiguous");
  }
  if (After(message, "no such function: ", x)) {
    return Error(ErrorCode::kSpDoesNotExist,
                 "FUNCTION " + std::string(database) + "." + x + " does not exist");
  }
  if (After(message, "wrong number of arguments to function ", x)) {
    size_t paren = x.find('(');
    return Error(
        ErrorCode::kWrongParamCountToNativeFunction,
        "Incorrect parameter count in the call to native function '" + x.substr(0, paren) + "'");
  }
  if (After(message, "near \"", x) && x.find("\": syntax error") != std::string::npos) {
    return Error(ErrorCode::kParse,
                 "You have an error in your SQL syntax; check the manual that corresponds to your "
                 "MySQL server version for the right syntax to use near '" +
                     x.substr(0, x.find("\": syntax error")) + "'");
  }
  if (message.find("syntax error") != std::string_view::npos ||
      message.find("incomplete input") != std::string_view::npos) {
    return Error(ErrorCode::kParse,
                 "You have an error in your SQL syntax; check the manual that corresponds to your "
                 "MySQL server version for the right syntax to use");
  }
  if (message.find("too many SQL variables") != std::string_view::npos) {
    return Error(ErrorCode::kPsManyParam, "Prepared statement contains too many placeholders");
  }
  if (message.find("string or blob too big") != std::string_view::npos ||
      message.find("SQLITE_TOOBIG") != std::string_view::npos) {
    return Error(ErrorCode::kNetPacketTooLarge,
                 "Got a packet bigger than 'max_allowed_packet' bytes");
  }
  if (message.find("Wrong number of parameter bindings") != std::string_view::npos) {
    return Error(ErrorCode::kWrongArguments,
                 "Incorrect arguments to query: placeholders are only allowed where MySQL allows "
                 "them in a prepared statement");
  }
  if (message.find("misuse of aggregate") != std::string_view::npos) {
    return Error(ErrorCode::kInvalidGroupFuncUse, "Invalid use of group function");
  }
  if (message.find("reserved for internal use") != std::string_view::npos) {
    return Error(ErrorCode::kWrongTableName,
                 "Incorrect table name: names starting with sqlite_ or _cf_ are reserved");
  }
  if (message.find("too many terms in compound SELECT") != std::string_view::npos) {
    return Unsupported("UNION of more than 5 SELECTs");
  }
  // SQLite's JSON functions name neither the argument nor the position.
  if (message.find("malformed JSON") != std::string_view::npos) {
    return Error(ErrorCode::kInvalidJsonText,
                 "Invalid JSON text in argument to a JSON function: the text is not valid JSON");
  }
  if (After(message, "bad JSON path: ", x)) {
    return Error(ErrorCode::kInvalidJsonPath, "Invalid JSON path expression " + x);
  }
  if (message.find("datatype mismatch") != std::string_view::npos) {
    return Error(ErrorCode::kTruncatedWrongValue, "Incorrect integer value for the primary key");
  }
  if (message.find("not authorized") != std::string_view::npos) {
    return Unsupported("this statement on Durable Object SQLite");
  }
  return Error(ErrorCode::kUnknown, "Unknown error");
}

}  // namespace edgesql::gateway
