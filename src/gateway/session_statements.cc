#include "gateway/session_statements.h"

#include <cctype>

#include "common/ascii.h"
#include "common/server_info.h"
#include "routing/router.h"
#include "sql/lexer.h"

namespace edgesql::gateway {
namespace {

using sql::Keyword;
using sql::StatementKind;
using sql::Token;
using sql::TokenKind;

// The statement's tokens without hint comments.
std::vector<const Token*> Words(const std::vector<Token>& tokens, const sql::StatementInfo& info) {
  std::vector<const Token*> words;
  for (const Token& t : tokens) {
    if (t.kind == TokenKind::kEnd || t.offset >= info.end) break;
    if (t.offset < info.begin || t.kind == TokenKind::kHint) continue;
    words.push_back(&t);
  }
  return words;
}

// Edge SQL stores and returns UTF-8 only; these names all mean that.
bool IsUtf8Charset(std::string_view name) {
  std::string n = AsciiLower(name);
  return n == "utf8mb4" || n == "utf8" || n == "utf8mb3" || n == "default";
}

std::string NameOf(const Token& t, std::string_view source) {
  if (t.kind == TokenKind::kString) return sql::DecodeString(t.text(source));
  return sql::DecodeIdentifier(t, source);
}

// "@name", "@'name'", "@`name`" -> "name", lower-cased (user variable names
// are case-insensitive in MySQL).
std::string UserVariableName(std::string_view text) {
  std::string_view name = text.substr(1);
  if (!name.empty() && (name[0] == '\'' || name[0] == '"'))
    return AsciiLower(sql::DecodeString(name));
  if (name.size() >= 2 && name[0] == '`') return AsciiLower(name.substr(1, name.size() - 2));
  return AsciiLower(name);
}

// The value of a SET assignment at w[i], advancing i past it: a literal, a
// word (ON, DEFAULT), NULL, or an @@system or @user variable. Expressions
// are 1235.
Result<Json> SetValue(std::string_view source, const std::vector<const Token*>& w, size_t& i,
                      const QueryRequest& request, const SessionAnswer& answer) {
  Json value;
  if (i < w.size() && w[i]->IsOperator(source, "-") && i + 1 < w.size() &&
      w[i + 1]->kind == TokenKind::kNumber) {
    value = Json::parse("-" + std::string(w[i + 1]->text(source)), nullptr, false);
    i += 2;
  } else if (i < w.size() && w[i]->kind == TokenKind::kNumber) {
    value = Json::parse(std::string(w[i]->text(source)), nullptr, false);
    if (value.is_discarded()) value = std::string(w[i]->text(source));
    ++i;
  } else if (i < w.size() && w[i]->kind == TokenKind::kString) {
    value = sql::DecodeString(w[i]->text(source));
    ++i;
  } else if (i < w.size() && w[i]->Is(Keyword::kNull)) {
    value = nullptr;
    ++i;
  } else if (i < w.size() && w[i]->kind == TokenKind::kIdentifier) {
    value = std::string(w[i]->text(source));
    ++i;
  } else if (i < w.size() && w[i]->kind == TokenKind::kUserVariable) {
    std::string name = UserVariableName(w[i]->text(source));
    auto set_now = answer.variables.find(name);
    auto before = request.variables.find(name);
    value = set_now != answer.variables.end()   ? set_now->second
            : before != request.variables.end() ? before->second
                                                : Json(nullptr);
    ++i;
  } else if (i < w.size() && w[i]->kind == TokenKind::kSystemVariable) {
    std::string name = AsciiLower(w[i]->text(source).substr(2));
    if (size_t dot = name.rfind('.'); dot != std::string::npos) name = name.substr(dot + 1);
    if (name == "foreign_key_checks") {
      value = answer.foreign_key_checks.value_or(request.foreign_key_checks) ? 1 : 0;
    } else {
      Result<VariableValue> v = ReadSystemVariable(w[i]->text(source).substr(2));
      if (!v.ok()) return std::move(v).error();
      value =
          v.value().is_number ? Json::parse(v.value().text, nullptr, false) : Json(v.value().text);
    }
    ++i;
  } else {
    return Error(sql::SyntaxErrorAt(source, i < w.size() ? w[i]->offset : source.size()));
  }
  if (value.is_discarded()) value = nullptr;
  if (i < w.size() && !w[i]->IsOperator(source, ",")) {
    return Unsupported("SET with an expression as the value");
  }
  return value;
}

// SET NAMES cs [COLLATE c], SET CHARACTER SET cs, SET TRANSACTION ..., and
// SET [GLOBAL|SESSION|LOCAL] var = value, @user = value, ... System
// variables must ask for what Edge SQL already does (server_info.h);
// foreign_key_checks and user variables become session state the client
// carries (meta.session).
Status CheckSet(std::string_view source, const std::vector<const Token*>& w, SessionAnswer& answer,
                const QueryRequest& request, bool in_session) {
  size_t i = 1;
  auto upper = [&](size_t k) {
    std::string u(k < w.size() ? w[k]->text(source) : std::string_view());
    for (char& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u;
  };
  auto syntax = [&](size_t k) {
    return Status(sql::SyntaxErrorAt(source, k < w.size() ? w[k]->offset : source.size()));
  };
  bool global = false;
  std::string scope = upper(i);
  if (scope == "GLOBAL" || scope == "PERSIST" || scope == "PERSIST_ONLY") {
    global = true;
    ++i;
  } else if (scope == "SESSION" || scope == "LOCAL") {
    ++i;
  }
  if (upper(i) == "TRANSACTION") {
    // Every statement already runs serializably, stronger than any level.
    for (size_t k = i + 1; k < w.size(); ++k) {
      if (upper(k) == "ONLY" && upper(k - 1) == "READ")
        return Unsupported("SET TRANSACTION READ ONLY");
    }
    if (global) return Unsupported("SET GLOBAL");
    return Status::Ok();
  }
  for (;;) {
    if (i >= w.size()) return syntax(i);
    if (w[i]->Is(Keyword::kNames) || w[i]->Is(Keyword::kCharset) ||
        (w[i]->Is(Keyword::kCharacter) && i + 1 < w.size() && w[i + 1]->Is(Keyword::kSet))) {
      size_t cs = w[i]->Is(Keyword::kCharacter) ? i + 2 : i + 1;
      if (cs >= w.size()) return syntax(cs);
      std::string name = NameOf(*w[cs], source);
      if (!IsUtf8Charset(name)) return Unsupported("character set " + name);
      i = cs + 1;
      if (i < w.size() && w[i]->Is(Keyword::kCollate)) i += 2;
    } else {
      // SET @name = value: a user variable, kept in the client's session.
      if (w[i]->kind == TokenKind::kUserVariable) {
        std::string name = UserVariableName(w[i]->text(source));
        ++i;
        if (i >= w.size() || !(w[i]->IsOperator(source, "=") || w[i]->IsOperator(source, ":="))) {
          return syntax(i);
        }
        ++i;
        Result<Json> value = SetValue(source, w, i, request, answer);
        if (!value.ok()) return std::move(value).error();
        answer.variables[name] = std::move(value).value();
      } else {
        std::string name;
        bool assignment_global = global;
        if (w[i]->kind == TokenKind::kSystemVariable) {
          name = std::string(w[i]->text(source).substr(2));
          std::string lower = AsciiLower(name);
          if (lower.rfind("global.", 0) == 0 || lower.rfind("persist.", 0) == 0) {
            assignment_global = true;
          }
          ++i;
        } else {
          std::string s = upper(i);
          if (s == "GLOBAL" || s == "SESSION" || s == "LOCAL") {
            assignment_global = s == "GLOBAL";
            ++i;
          }
          if (i >= w.size() || (w[i]->kind != TokenKind::kIdentifier &&
                                w[i]->kind != TokenKind::kQuotedIdentifier)) {
            return syntax(i);
          }
          name = sql::DecodeIdentifier(*w[i], source);
          ++i;
        }
        if (i >= w.size() || !(w[i]->IsOperator(source, "=") || w[i]->IsOperator(source, ":="))) {
          return syntax(i);
        }
        ++i;
        Result<Json> parsed = SetValue(source, w, i, request, answer);
        if (!parsed.ok()) return std::move(parsed).error();
        const Json& v = parsed.value();
        std::string value = v.is_string() ? v.get<std::string>()
                            : v.is_null() ? std::string("NULL")
                                          : v.dump();
        std::string bare = AsciiLower(name);
        if (size_t dot = bare.rfind('.'); dot != std::string::npos) bare = bare.substr(dot + 1);
        if (Status st = CheckSystemVariableSetting(name, value, assignment_global); !st.ok()) {
          return st;
        }
        std::string lower = AsciiLower(value);
        const bool on = lower == "default" || lower == "1" || lower == "on" || lower == "true";
        if (bare == "foreign_key_checks") answer.foreign_key_checks = on;
        if (bare == "autocommit") {
          if (!on && !in_session) {
            return Unsupported(
                "SET autocommit = 0 over HTTP: each HTTP request is its own transaction; open a "
                "session (/v1/ws) for transactions that span statements");
          }
          answer.autocommit = on;
        }
        if (bare == "innodb_lock_wait_timeout" || bare == "idle_transaction_timeout") {
          std::optional<int64_t>& target = bare == "innodb_lock_wait_timeout"
                                               ? answer.lock_wait_timeout
                                               : answer.idle_transaction_timeout;
          target = lower == "default" ? (bare == "innodb_lock_wait_timeout" ? 50 : 30)
                                      : std::stoll(lower);
        }
      }
    }
    if (i == w.size()) return Status::Ok();
    if (!w[i]->IsOperator(source, ",")) return syntax(i);
    ++i;
  }
}

}  // namespace

Result<SessionAnswer> AnswerSessionStatement(std::string_view source,
                                             const std::vector<Token>& tokens,
                                             const sql::StatementInfo& info,
                                             const QueryRequest& request, bool in_session) {
  SessionAnswer answer;
  switch (info.kind) {
    case StatementKind::kUse: {
      std::vector<const Token*> w = Words(tokens, info);
      if (w.size() != 2 ||
          (w[1]->kind != TokenKind::kIdentifier && w[1]->kind != TokenKind::kQuotedIdentifier)) {
        return sql::SyntaxErrorAt(source, w.size() > 1 ? w[1]->offset : info.end);
      }
      answer.database = sql::DecodeIdentifier(*w[1], source);
      if (Status s = routing::ValidateDatabaseName(answer.database); !s.ok()) {
        return std::move(s).error();
      }
      answer.answered = true;
      return answer;
    }
    case StatementKind::kSet: {
      if (Status st = CheckSet(source, Words(tokens, info), answer, request, in_session); !st.ok())
        return std::move(st).error();
      answer.answered = true;
      return answer;
    }
    case StatementKind::kBegin:
      if (in_session) return answer;
      return Unsupported(
          "BEGIN over HTTP: each HTTP request is one transaction; interactive transactions need a "
          "session (/v1/ws), and several statements that must commit together can go to "
          "/v1/batch");
    case StatementKind::kCommit:
    case StatementKind::kRollback:
      if (in_session) return answer;
      // Nothing is ever pending between HTTP requests: like MySQL with no
      // open transaction, COMMIT and ROLLBACK succeed and do nothing.
      answer.answered = true;
      return answer;
    case StatementKind::kCreateDatabase: {
      // A database is a namespace that exists once named; creating one that
      // "exists" is only an error without IF NOT EXISTS, which needs the
      // catalog to know. Until then only the idempotent form is accepted.
      std::vector<const Token*> w = Words(tokens, info);
      bool if_not_exists = w.size() >= 4 && w[2]->Is(Keyword::kIf) && w[3]->Is(Keyword::kNot);
      if (!if_not_exists) return Unsupported("CREATE DATABASE without IF NOT EXISTS");
      answer.answered = true;
      return answer;
    }
    default:
      return answer;
  }
}

}  // namespace edgesql::gateway
