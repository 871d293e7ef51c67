// Values and WHERE equalities (where_facts.h).
#include "sql/where_facts.h"

#include "sql/lexer.h"
#include "sql/table_refs.h"

namespace edgesql::sql {
namespace {

// Parenthesised AND-groups are flattened up to this depth; deeper ones are
// skipped (the statement stays correct, it only loses a routing fact).
constexpr int kMaxGroupDepth = 16;

bool IsColumnToken(const StatementTokens& st, size_t i) {
  const Token& t = st.at(i);
  if (t.kind == TokenKind::kQuotedIdentifier) return true;
  if (t.kind != TokenKind::kIdentifier) return false;
  switch (t.keyword) {
    case Keyword::kNone:
      return true;
    case Keyword::kNull:
    case Keyword::kTrue:
    case Keyword::kFalse:
    case Keyword::kDefault:
    case Keyword::kCurrentDate:
    case Keyword::kCurrentTime:
    case Keyword::kCurrentTimestamp:
      return false;
    default:
      return IsNameToken(st, i);
  }
}

// Reads "col", "t.col" or "db.t.col" spanning exactly [a, b).
bool ReadColumnRef(const StatementTokens& st, size_t a, size_t b, Equality& eq) {
  size_t n = b - a;
  if (n != 1 && n != 3 && n != 5) return false;
  for (size_t k = 0; k < n; ++k) {
    bool ok = (k % 2 == 0) ? IsColumnToken(st, a + k) : st.IsOp(a + k, ".");
    if (!ok) return false;
  }
  eq.column = DecodeIdentifier(st.at(b - 1), st.source);
  eq.table = n >= 3 ? DecodeIdentifier(st.at(b - 3), st.source) : std::string();
  return true;
}

bool IsLiteral(const Value& v) { return v.kind != Value::Kind::kExpression; }

// One conjunct [a, b): col = v, v = col, col IN (v, ...), or a parenthesised
// AND-chain.
void Conjunct(const StatementTokens& st, size_t a, size_t b, int depth, std::vector<Equality>& out);

// Splits [a, b) at top-level ANDs; returns false when a top-level OR makes
// the whole condition unusable.
bool Conjuncts(const StatementTokens& st, size_t a, size_t b, int depth,
               std::vector<Equality>& out) {
  size_t start = a;
  int case_depth = 0;
  bool in_between = false;
  std::vector<Equality> found;
  for (size_t i = a; i < b;) {
    if (st.IsOpen(i)) {
      i = st.Skip(i);
      continue;
    }
    if (st.Is(i, Keyword::kCase)) ++case_depth;
    if (st.Is(i, Keyword::kEnd) && case_depth > 0) --case_depth;
    if (case_depth == 0) {
      if (st.Is(i, Keyword::kOr) || st.Is(i, Keyword::kXor) || st.IsOp(i, "||")) return false;
      if (st.Is(i, Keyword::kBetween)) {
        in_between = true;
      } else if (st.Is(i, Keyword::kAnd) || st.IsOp(i, "&&")) {
        if (in_between) {
          in_between = false;  // BETWEEN x AND y: not a conjunction
        } else {
          Conjunct(st, start, i, depth, found);
          start = i + 1;
        }
      }
    }
    ++i;
  }
  Conjunct(st, start, b, depth, found);
  for (Equality& e : found) out.push_back(std::move(e));
  return true;
}

void Conjunct(const StatementTokens& st, size_t a, size_t b, int depth,
              std::vector<Equality>& out) {
  if (a >= b) return;
  if (st.IsOpen(a) && st.links[a].partner == b - 1) {
    if (depth < kMaxGroupDepth) Conjuncts(st, a + 1, b - 1, depth + 1, out);
    return;
  }
  // Find the comparison operator at this level.
  size_t op = b;
  for (size_t i = a; i < b; i = st.Skip(i)) {
    if (st.IsOp(i, "=") || st.Is(i, Keyword::kIn)) {
      op = i;
      break;
    }
  }
  if (op == b) return;
  Equality eq;
  if (st.IsOp(op, "=")) {
    if (ReadColumnRef(st, a, op, eq)) {
      Value v = MakeValue(st, op + 1, b);
      if (!IsLiteral(v)) return;
      eq.values.push_back(std::move(v));
    } else if (ReadColumnRef(st, op + 1, b, eq)) {
      Value v = MakeValue(st, a, op);
      if (!IsLiteral(v)) return;
      eq.values.push_back(std::move(v));
    } else {
      return;
    }
  } else {
    // col IN (v1, v2, ...), the list closing the conjunct.
    if (!ReadColumnRef(st, a, op, eq) || !st.IsOpen(op + 1) || st.links[op + 1].partner != b - 1)
      return;
    size_t item = op + 2;
    for (size_t i = item; i <= b - 1; i = st.Skip(i)) {
      if (i == b - 1 || st.IsOp(i, ",")) {
        Value v = MakeValue(st, item, i);
        if (!IsLiteral(v)) return;
        eq.values.push_back(std::move(v));
        item = i + 1;
        if (i == b - 1) break;
      }
    }
    if (eq.values.empty()) return;
    eq.is_in = true;
  }
  out.push_back(std::move(eq));
}

}  // namespace

Value MakeValue(const StatementTokens& st, size_t a, size_t b) {
  Value v;
  if (b == a + 1) {
    const Token& t = st.at(a);
    switch (t.kind) {
      case TokenKind::kString:
        v.kind = Value::Kind::kString;
        v.text = DecodeString(st.Text(a));
        return v;
      case TokenKind::kNumber:
        v.kind = Value::Kind::kNumber;
        v.text = std::string(st.Text(a));
        return v;
      case TokenKind::kPlaceholder:
        v.kind = Value::Kind::kParam;
        v.param_index = a < st.links.size() ? st.links[a].param_index : -1;
        return v;
      case TokenKind::kIdentifier:
        if (t.keyword == Keyword::kNull) {
          v.kind = Value::Kind::kNull;
          return v;
        }
        if (t.keyword == Keyword::kTrue || t.keyword == Keyword::kFalse) {
          v.kind = Value::Kind::kBool;
          v.text = t.keyword == Keyword::kTrue ? "1" : "0";
          return v;
        }
        break;
      default:
        break;
    }
  } else if (b == a + 2 && (st.IsOp(a, "-") || st.IsOp(a, "+")) &&
             st.at(a + 1).kind == TokenKind::kNumber) {
    v.kind = Value::Kind::kNumber;
    v.text = std::string(st.IsOp(a, "-") ? "-" : "") + std::string(st.Text(a + 1));
    return v;
  }
  v.kind = Value::Kind::kExpression;
  v.text = std::string(st.TextRange(a, b));
  return v;
}

size_t FindConditionEnd(const StatementTokens& st, size_t i) {
  for (; !st.AtEnd(i); i = st.Skip(i)) {
    const Token& t = st.at(i);
    if (st.IsClose(i) || st.IsOp(i, ";")) return i;
    if (t.kind != TokenKind::kIdentifier) continue;
    switch (t.keyword) {
      case Keyword::kGroup:
      case Keyword::kOrder:
      case Keyword::kLimit:
      case Keyword::kHaving:
      case Keyword::kFor:
      case Keyword::kUnion:
      case Keyword::kInto:
      case Keyword::kLock:
        return i;
      default:
        if (st.IsWord(i, "WINDOW") || st.IsWord(i, "EXCEPT") || st.IsWord(i, "INTERSECT") ||
            st.IsWord(i, "RETURNING")) {
          return i;
        }
    }
  }
  return st.size();
}

void ExtractEqualities(const StatementTokens& st, size_t a, size_t b, std::vector<Equality>& out) {
  Conjuncts(st, a, b, 0, out);
}

}  // namespace edgesql::sql
