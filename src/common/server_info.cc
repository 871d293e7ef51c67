#include "common/server_info.h"

#include <cctype>
#include <vector>

#include "common/ascii.h"

namespace edgesql {
namespace {

std::string_view StripScope(std::string_view name) {
  for (std::string_view scope : {"session.", "local.", "global."}) {
    if (name.size() > scope.size() && AsciiLower(name.substr(0, scope.size())) == scope) {
      return name.substr(scope.size());
    }
  }
  return name;
}

// MySQL 8.0's defaults, which is what Edge SQL emulates (strict mode, UTC).
constexpr std::string_view kSqlMode =
    "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_"
    "ZERO,"
    "NO_ENGINE_SUBSTITUTION";

enum class OnSet {
  kFixed,     // only its current value may be set
  kNoEffect,  // any value: it has no meaning for stateless HTTP statements
  kSqlMode,
  kTimeZone,
  kIsolation,  // any level: each statement is serializable, stronger than any
  kSession,    // 0/1, kept in the request's session (see gateway/request.h)
  kSeconds,    // a timeout in whole seconds, kept in the session
};

struct Variable {
  std::string_view name;
  bool is_number;
  std::string_view value;
  OnSet on_set;
};

constexpr Variable kVariables[] = {
    {"auto_increment_increment", true, "1", OnSet::kFixed},
    {"auto_increment_offset", true, "1", OnSet::kFixed},
    {"autocommit", true, "1", OnSet::kSession},
    {"character_set_client", false, "utf8mb4", OnSet::kFixed},
    {"character_set_connection", false, "utf8mb4", OnSet::kFixed},
    {"character_set_database", false, "utf8mb4", OnSet::kFixed},
    {"character_set_results", false, "utf8mb4", OnSet::kFixed},
    {"character_set_server", false, "utf8mb4", OnSet::kFixed},
    {"collation_connection", false, "utf8mb4_0900_ai_ci", OnSet::kNoEffect},
    {"collation_database", false, "utf8mb4_0900_ai_ci", OnSet::kFixed},
    {"collation_server", false, "utf8mb4_0900_ai_ci", OnSet::kFixed},
    {"default_storage_engine", false, "InnoDB", OnSet::kNoEffect},
    {"foreign_key_checks", true, "1", OnSet::kSession},
    {"idle_transaction_timeout", true, "30", OnSet::kSeconds},  // MariaDB's name
    {"init_connect", false, "", OnSet::kFixed},
    {"innodb_lock_wait_timeout", true, "50", OnSet::kSeconds},
    {"interactive_timeout", true, "28800", OnSet::kNoEffect},
    {"license", false, "Apache-2.0", OnSet::kFixed},
    {"lower_case_table_names", true, "0", OnSet::kFixed},
    {"max_allowed_packet", true, "1048576", OnSet::kFixed},
    {"max_execution_time", true, "0", OnSet::kNoEffect},
    {"net_buffer_length", true, "16384", OnSet::kNoEffect},
    {"net_read_timeout", true, "30", OnSet::kNoEffect},
    {"net_write_timeout", true, "60", OnSet::kNoEffect},
    {"performance_schema", true, "0", OnSet::kFixed},
    {"query_cache_size", true, "0", OnSet::kFixed},
    {"query_cache_type", false, "OFF", OnSet::kFixed},
    {"session_track_schema", true, "1", OnSet::kNoEffect},
    {"session_track_state_change", true, "0", OnSet::kNoEffect},
    {"session_track_system_variables", false, "", OnSet::kNoEffect},
    {"session_track_transaction_info", false, "OFF", OnSet::kNoEffect},
    {"sql_auto_is_null", true, "0", OnSet::kFixed},
    {"sql_mode", false, kSqlMode, OnSet::kSqlMode},
    {"sql_notes", true, "1", OnSet::kNoEffect},
    {"sql_quote_show_create", true, "1", OnSet::kFixed},
    {"sql_safe_updates", true, "0", OnSet::kFixed},
    {"sql_select_limit", true, "18446744073709551615", OnSet::kFixed},
    {"sql_warnings", true, "0", OnSet::kNoEffect},
    {"system_time_zone", false, "UTC", OnSet::kFixed},
    {"time_zone", false, "+00:00", OnSet::kTimeZone},
    {"transaction_isolation", false, "SERIALIZABLE", OnSet::kIsolation},
    {"transaction_read_only", true, "0", OnSet::kFixed},
    {"tx_isolation", false, "SERIALIZABLE", OnSet::kIsolation},
    {"tx_read_only", true, "0", OnSet::kFixed},
    {"unique_checks", true, "1", OnSet::kNoEffect},
    {"version", false, kServerVersionText, OnSet::kFixed},
    {"version_comment", false, "Edge SQL", OnSet::kFixed},
    {"version_compile_machine", false, "wasm32", OnSet::kFixed},
    {"version_compile_os", false, "Cloudflare Workers", OnSet::kFixed},
    {"wait_timeout", true, "28800", OnSet::kNoEffect},
};

const Variable* Find(std::string_view name) {
  std::string key = AsciiLower(StripScope(name));
  for (const Variable& v : kVariables) {
    if (v.name == key) return &v;
  }
  return nullptr;
}

std::vector<std::string> SplitModes(std::string_view modes) {
  std::vector<std::string> out;
  std::string current;
  for (char c : modes) {
    if (c == ',') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

Error Refuse(std::string_view name, std::string_view value, std::string_view current) {
  return Unsupported("SET " + std::string(name) + " = '" + std::string(value) +
                     "' (Edge SQL runs with " + std::string(name) + " = '" + std::string(current) +
                     "')");
}

}  // namespace

Result<VariableValue> ReadSystemVariable(std::string_view name) {
  const Variable* v = Find(name);
  if (v == nullptr) {
    return Error(ErrorCode::kUnknownSystemVariable,
                 "Unknown system variable '" + std::string(StripScope(name)) + "'");
  }
  return VariableValue{v->is_number, std::string(v->value)};
}

Status CheckSystemVariableSetting(std::string_view name, std::string_view value, bool global) {
  const Variable* v = Find(name);
  if (v == nullptr) {
    return Error(ErrorCode::kUnknownSystemVariable,
                 "Unknown system variable '" + std::string(StripScope(name)) + "'");
  }
  if (global) return Unsupported("SET GLOBAL");
  std::string lower = AsciiLower(value);
  if (lower == "default") return Status::Ok();
  switch (v->on_set) {
    case OnSet::kNoEffect:
    case OnSet::kIsolation:
      return Status::Ok();
    case OnSet::kSession:
      if (lower == "0" || lower == "1" || lower == "on" || lower == "off" || lower == "true" ||
          lower == "false") {
        return Status::Ok();
      }
      return Error(ErrorCode::kWrongValueForVar, "Variable '" + std::string(v->name) +
                                                     "' can't be set to the value of '" +
                                                     std::string(value) + "'");
    case OnSet::kSeconds: {
      bool digits = !lower.empty() && lower.size() <= 7 &&
                    lower.find_first_not_of("0123456789") == std::string::npos;
      if (digits && std::stol(lower) >= 1 && std::stol(lower) <= 86400) return Status::Ok();
      return Error(ErrorCode::kWrongValueForVar, "Variable '" + std::string(v->name) +
                                                     "' can't be set to the value of '" +
                                                     std::string(value) + "' (1 to 86400 seconds)");
    }
    case OnSet::kTimeZone:
      if (lower == "+00:00" || lower == "+0:00" || lower == "utc" || lower == "system" ||
          lower == "-00:00") {
        return Status::Ok();
      }
      return Refuse(v->name, value, v->value);
    case OnSet::kSqlMode: {
      // Modes that change how statements parse or behave beyond what Edge
      // SQL emulates; strictness must stay on.
      bool strict = false;
      for (const std::string& mode : SplitModes(value)) {
        if (mode == "STRICT_TRANS_TABLES" || mode == "STRICT_ALL_TABLES" || mode == "TRADITIONAL") {
          strict = true;
        }
        if (mode == "ANSI_QUOTES" || mode == "NO_BACKSLASH_ESCAPES" || mode == "PIPES_AS_CONCAT" ||
            mode == "ANSI" || mode == "REAL_AS_FLOAT" || mode == "IGNORE_SPACE" ||
            mode == "NO_AUTO_VALUE_ON_ZERO" || mode == "PAD_CHAR_TO_FULL_LENGTH") {
          return Unsupported("sql_mode " + mode);
        }
      }
      if (!strict) return Unsupported("sql_mode without STRICT_TRANS_TABLES");
      return Status::Ok();
    }
    case OnSet::kFixed: {
      std::string current = AsciiLower(v->value);
      bool on = lower == "on" || lower == "true";
      bool off = lower == "off" || lower == "false";
      if (lower == current ||
          (v->is_number && ((on && current == "1") || (off && current == "0")))) {
        return Status::Ok();
      }
      if (v->name.substr(0, 14) == "character_set_" &&
          (lower == "utf8" || lower == "utf8mb3" || lower == "utf8mb4")) {
        return Status::Ok();
      }
      return Refuse(v->name, value, v->value);
    }
  }
  return Status::Ok();
}

}  // namespace edgesql
