#include "gateway/session_statements.h"

#include <cctype>

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
      // SET NAMES cs [COLLATE c] and SET CHARACTER SET cs, which drivers send.
      size_t charset = 0;
      if (w.size() >= 3 && w[1]->Is(Keyword::kNames)) charset = 2;
      if (w.size() >= 4 && w[1]->Is(Keyword::kCharacter) && w[2]->Is(Keyword::kSet)) charset = 3;
      if (w.size() >= 3 && w[1]->Is(Keyword::kCharset)) charset = 2;
      if (charset == 0) return Unsupported("SET of session variables over HTTP");
      std::string name = NameOf(*w[charset], source);
      if (!IsUtf8Charset(name)) return Unsupported("character set " + name);
      bool rest_ok = w.size() == charset + 1 ||
                     (w.size() == charset + 3 && w[charset + 1]->Is(Keyword::kCollate));
      if (!rest_ok) return sql::SyntaxErrorAt(source, w[charset + 1]->offset);
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
