// SqliteDb: a real in-memory SQLite for tests that check what generated SQL
// *does*, not how it is spelled. Durable Objects embed SQLite too, so a
// translation that gives MySQL's answer here gives it on the edge (keep to
// functions both have: no math functions, no user-defined functions).
#ifndef EDGESQL_TESTS_SQLITE_EVAL_H_
#define EDGESQL_TESTS_SQLITE_EVAL_H_

#include <sqlite3.h>

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace edgesql::testing {

class SqliteDb {
 public:
  SqliteDb() {
    sqlite3_open(":memory:", &db_);
    // Durable Object SQLite refuses LIKE/GLOB patterns over 50 bytes ("LIKE
    // or GLOB pattern too complex", checked on workerd); so does this one.
    sqlite3_limit(db_, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, kLikePatternLimit);
  }
  static constexpr int kLikePatternLimit = 50;
  ~SqliteDb() { sqlite3_close(db_); }
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs statements that return no rows; returns "" or SQLite's message.
  std::string Exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return "";
    std::string out = message != nullptr ? message : "error";
    sqlite3_free(message);
    return out;
  }

  // Runs a query and renders its rows: values joined by "|", rows by "\n".
  // NULL is "NULL"; integers and text as themselves; reals with %.15g;
  // blobs as x'hex'. On error: "error: <message>". `params` bind ?1.. as text.
  std::string Query(const std::string& sql, const std::vector<std::string>& params = {}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return std::string("error: ") + sqlite3_errmsg(db_);
    }
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].c_str(), -1, SQLITE_TRANSIENT);
    }
    std::string out;
    int rc;
    bool first_row = true;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (!first_row) out += "\n";
      first_row = false;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        if (c > 0) out += "|";
        out += Render(stmt, c);
      }
    }
    if (rc != SQLITE_DONE) out = std::string("error: ") + sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return out;
  }

  // The result column names of a query, joined by "|".
  std::string Names(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      return std::string("error: ") + sqlite3_errmsg(db_);
    }
    std::string out;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      if (c > 0) out += "|";
      out += sqlite3_column_name(stmt, c);
    }
    sqlite3_finalize(stmt);
    return out;
  }

  // A statement as a shard or D1 call runs it (gateway/calls.h): `params`
  // a JSON array bound by type, the rows as JSON arrays (blobs as their
  // hex text). False with `error` set when SQLite refuses it.
  template <typename Json>
  bool Run(const std::string& sql, const Json& params, Json* rows, std::string* error) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      *error = sqlite3_errmsg(db_);
      return false;
    }
    for (size_t i = 0; i < params.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      const Json& p = params[i];
      if (p.is_number_integer())
        sqlite3_bind_int64(stmt, at, p.template get<int64_t>());
      else if (p.is_number())
        sqlite3_bind_double(stmt, at, p.template get<double>());
      else if (p.is_string())
        sqlite3_bind_text(stmt, at, p.template get<std::string>().c_str(), -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null(stmt, at);
    }
    *rows = Json::array();
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Json row = Json::array();
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            row.push_back(nullptr);
            break;
          case SQLITE_INTEGER:
            row.push_back(sqlite3_column_int64(stmt, c));
            break;
          case SQLITE_FLOAT:
            row.push_back(sqlite3_column_double(stmt, c));
            break;
          case SQLITE_BLOB:
            row.push_back(Render(stmt, c));
            break;
          default:
            row.push_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)));
        }
      }
      rows->push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) *error = sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE;
  }

  // The value of one SQLite expression: Query("SELECT " + expr).
  std::string Eval(const std::string& expr, const std::vector<std::string>& params = {}) {
    return Query("SELECT " + expr, params);
  }

 private:
  static std::string Render(sqlite3_stmt* stmt, int c) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_NULL:
        return "NULL";
      case SQLITE_INTEGER:
        return std::to_string(sqlite3_column_int64(stmt, c));
      case SQLITE_FLOAT: {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.15g", sqlite3_column_double(stmt, c));
        return buf;
      }
      case SQLITE_BLOB: {
        const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, c));
        std::string hex = "x'";
        static constexpr char kDigits[] = "0123456789ABCDEF";
        for (int i = 0; i < sqlite3_column_bytes(stmt, c); ++i) {
          hex += kDigits[bytes[i] >> 4];
          hex += kDigits[bytes[i] & 15];
        }
        return hex + "'";
      }
      default:
        return reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
    }
  }

  sqlite3* db_ = nullptr;
};

}  // namespace edgesql::testing

#endif  // EDGESQL_TESTS_SQLITE_EVAL_H_
