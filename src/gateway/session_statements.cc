#include "gateway/session_statements.h"

#include <cctype>

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

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Edge SQL stores and returns UTF-8 only; these names all mean that.
bool IsUtf8Charset(std::string_view name) {
  std::string n = Lower(name);
  return n == "utf8mb4" || n == "utf8" || n == "utf8mb3" || n == "default";
}

std::string NameOf(const Token& t, std::string_view source) {
  if (t.kind == TokenKind::kString) return sql::DecodeString(t.text(source));
  return sql::DecodeIdentifier(t, source);
}

// SET NAMES cs [COLLATE c], SET CHARACTER SET cs, SET TRANSACTION ..., and
// SET [GLOBAL|SESSION|LOCAL] var = literal, ... Each assignment must ask for
// what Edge SQL already does (server_info.h); none is remembered, since an
// HTTP request has no session to keep it in.
Status CheckSet(std::string_view source, const std::vector<const Token*>& w,
                SessionAnswer& answer) {
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
      if (w[i]->kind == TokenKind::kUserVariable) return Unsupported("user variables over HTTP");
      std::string name;
      bool assignment_global = global;
      if (w[i]->kind == TokenKind::kSystemVariable) {
        name = std::string(w[i]->text(source).substr(2));
        std::string lower = name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower.rfind("global.", 0) == 0 || lower.rfind("persist.", 0) == 0)
          assignment_global = true;
        ++i;
      } else {
        std::string s = upper(i);
        if (s == "GLOBAL" || s == "SESSION" || s == "LOCAL") {
          assignment_global = s == "GLOBAL";
          ++i;
        }
        if (i >= w.size() ||
            (w[i]->kind != TokenKind::kIdentifier && w[i]->kind != TokenKind::kQuotedIdentifier)) {
          return syntax(i);
        }
        name = sql::DecodeIdentifier(*w[i], source);
        ++i;
      }
      if (i >= w.size() || !(w[i]->IsOperator(source, "=") || w[i]->IsOperator(source, ":="))) {
        return syntax(i);
      }
      ++i;
      std::string value;
      if (i < w.size() && w[i]->IsOperator(source, "-") && i + 1 < w.size() &&
          w[i + 1]->kind == TokenKind::kNumber) {
        value = "-" + std::string(w[i + 1]->text(source));
        i += 2;
      } else if (i < w.size() &&
                 (w[i]->kind == TokenKind::kString || w[i]->kind == TokenKind::kNumber ||
                  w[i]->kind == TokenKind::kIdentifier)) {
        value = w[i]->kind == TokenKind::kString ? sql::DecodeString(w[i]->text(source))
                                                 : std::string(w[i]->text(source));
        ++i;
      } else {
        return syntax(i);
      }
      if (i < w.size() && !w[i]->IsOperator(source, ",")) {
        return Unsupported("SET with an expression as the value");
      }
      std::string bare = name;
      for (char& c : bare) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (size_t dot = bare.rfind('.'); dot != std::string::npos) bare = bare.substr(dot + 1);
      if (bare == "foreign_key_checks" && !assignment_global) {
        std::string v = value;
        for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (v != "default")
          answer.foreign_key_checks = v == "1" || v == "on" || v == "true";
        else
          answer.foreign_key_checks = true;
      }
      if (Status st = CheckSystemVariableSetting(name, value, assignment_global); !st.ok())
        return st;
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
                                             std::string_view /*database*/) {
  SessionAnswer answer;
  std::vector<const Token*> w = Words(tokens, info);
  switch (info.kind) {
    case StatementKind::kUse: {
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
      if (Status st = CheckSet(source, w, answer); !st.ok()) return std::move(st).error();
      answer.answered = true;
      return answer;
    }
    case StatementKind::kBegin:
      return Unsupported(
          "BEGIN over HTTP: each HTTP request is one transaction; interactive transactions need a "
          "session");
    case StatementKind::kCommit:
    case StatementKind::kRollback:
      // Nothing is ever pending between HTTP requests: like MySQL with no
      // open transaction, COMMIT and ROLLBACK succeed and do nothing.
      answer.answered = true;
      return answer;
    case StatementKind::kCreateDatabase: {
      // A database is a namespace that exists once named; creating one that
      // "exists" is only an error without IF NOT EXISTS, which needs the
      // catalog to know. Until then only the idempotent form is accepted.
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
