// Table reference reader (table_refs.h).
#include "sql/table_refs.h"

#include "sql/lexer.h"

namespace edgesql::sql {
namespace {

// Keywords in keywords.def that MySQL does not reserve and that real schemas
// use as table or column names; every other listed keyword ends a name list.
bool IsNonReservedKeyword(Keyword k) {
  switch (k) {
    case Keyword::kAlgorithm:
    case Keyword::kBit:
    case Keyword::kBool:
    case Keyword::kBoolean:
    case Keyword::kCharset:
    case Keyword::kColumns:
    case Keyword::kComment:
    case Keyword::kDate:
    case Keyword::kDatetime:
    case Keyword::kDuplicate:
    case Keyword::kEngine:
    case Keyword::kEnum:
    case Keyword::kFields:
    case Keyword::kFirst:
    case Keyword::kFixed:
    case Keyword::kJson:
    case Keyword::kNames:
    case Keyword::kQuick:
    case Keyword::kSession:
    case Keyword::kStatus:
    case Keyword::kTables:
    case Keyword::kText:
    case Keyword::kTime:
    case Keyword::kTimestamp:
    case Keyword::kTransaction:
    case Keyword::kVariables:
    case Keyword::kView:
    case Keyword::kWork:
    case Keyword::kYear:
      return true;
    default:
      return false;
  }
}

// Words that keywords.def does not list but that end a table reference.
bool IsClauseWord(const StatementTokens& st, size_t i) {
  return st.IsWord(i, "WINDOW") || st.IsWord(i, "PARTITION") || st.IsWord(i, "LATERAL") ||
         st.IsWord(i, "EXCEPT") || st.IsWord(i, "INTERSECT") || st.IsWord(i, "RETURNING") ||
         st.IsWord(i, "DUAL");
}

// [AS] alias, plus a derived table's column list "d (a, b)".
size_t SkipAlias(const StatementTokens& st, size_t i, std::string* alias) {
  if (st.Is(i, Keyword::kAs)) {
    ++i;
    const Token& t = st.at(i);
    if (t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier ||
        t.kind == TokenKind::kString) {
      if (alias != nullptr) {
        *alias = t.kind == TokenKind::kString ? DecodeString(st.Text(i))
                                              : DecodeIdentifier(t, st.source);
      }
      ++i;
    }
  } else if (IsNameToken(st, i) || st.at(i).kind == TokenKind::kString) {
    const Token& t = st.at(i);
    if (alias != nullptr) {
      *alias =
          t.kind == TokenKind::kString ? DecodeString(st.Text(i)) : DecodeIdentifier(t, st.source);
    }
    ++i;
  }
  if (st.IsOpen(i) && !IsQueryStart(st, i + 1)) i = st.Skip(i);
  return i;
}

// USE|IGNORE|FORCE {INDEX|KEY} [FOR JOIN|ORDER BY|GROUP BY] (list), repeated.
size_t SkipIndexHints(const StatementTokens& st, size_t i) {
  while ((st.Is(i, Keyword::kUse) || st.Is(i, Keyword::kIgnore) || st.Is(i, Keyword::kForce)) &&
         (st.Is(i + 1, Keyword::kIndex) || st.Is(i + 1, Keyword::kKey))) {
    i += 2;
    if (st.Is(i, Keyword::kFor)) {
      ++i;
      if (st.Is(i, Keyword::kJoin)) {
        ++i;
      } else if (st.Is(i, Keyword::kOrder) || st.Is(i, Keyword::kGroup)) {
        i += st.Is(i + 1, Keyword::kBy) ? 2 : 1;
      }
    }
    if (st.IsOpen(i)) i = st.Skip(i);
    if (st.IsOp(i, ",")) break;  // a following table, not another hint
  }
  return i;
}

// The join operator at i ("LEFT OUTER JOIN", "STRAIGHT_JOIN", ...): returns the
// index after it, or i when there is none.
size_t SkipJoinOperator(const StatementTokens& st, size_t i) {
  size_t p = i;
  if (st.Is(p, Keyword::kStraightJoin)) return p + 1;
  if (st.Is(p, Keyword::kNatural)) ++p;
  if (st.Is(p, Keyword::kLeft) || st.Is(p, Keyword::kRight) || st.Is(p, Keyword::kFull)) ++p;
  if (st.Is(p, Keyword::kInner) || st.Is(p, Keyword::kCross) || st.Is(p, Keyword::kOuter)) ++p;
  if (st.Is(p, Keyword::kJoin)) return p + 1;
  return i;
}

// True if the token at i ends an ON condition.
bool EndsCondition(const StatementTokens& st, size_t i) {
  const Token& t = st.at(i);
  if (t.kind == TokenKind::kEnd) return true;
  if (st.IsOp(i, ",") || st.IsOp(i, ")") || st.IsOp(i, ";")) return true;
  if (t.kind != TokenKind::kIdentifier) return false;
  switch (t.keyword) {
    case Keyword::kLeft:
    case Keyword::kRight:
      return !st.IsOpen(i + 1);  // LEFT(s, 3) is a function
    case Keyword::kJoin:
    case Keyword::kInner:
    case Keyword::kCross:
    case Keyword::kNatural:
    case Keyword::kStraightJoin:
    case Keyword::kFull:
    case Keyword::kWhere:
    case Keyword::kGroup:
    case Keyword::kOrder:
    case Keyword::kLimit:
    case Keyword::kHaving:
    case Keyword::kUnion:
    case Keyword::kFor:
    case Keyword::kLock:
    case Keyword::kInto:
    case Keyword::kSet:
    case Keyword::kOn:
    case Keyword::kUsing:
      return true;
    default:
      return IsClauseWord(st, i);
  }
}

}  // namespace

bool IsNameToken(const StatementTokens& st, size_t i) {
  const Token& t = st.at(i);
  if (t.kind == TokenKind::kQuotedIdentifier) return true;
  if (t.kind != TokenKind::kIdentifier) return false;
  if (t.keyword != Keyword::kNone) return IsNonReservedKeyword(t.keyword);
  return !IsClauseWord(st, i);
}

bool IsQueryStart(const StatementTokens& st, size_t i) {
  if (st.Is(i, Keyword::kSelect) || st.Is(i, Keyword::kWith) || st.Is(i, Keyword::kValues) ||
      st.Is(i, Keyword::kTable)) {
    return true;
  }
  return st.IsOpen(i) && (st.Is(i + 1, Keyword::kSelect) || st.Is(i + 1, Keyword::kWith));
}

size_t ReadTableName(const StatementTokens& st, size_t i, TableName& out) {
  if (!IsNameToken(st, i)) return i;
  const Token& first = st.at(i);
  const Token& third = st.at(i + 2);
  if (st.IsOp(i + 1, ".") &&
      (third.kind == TokenKind::kIdentifier || third.kind == TokenKind::kQuotedIdentifier)) {
    out.database = DecodeIdentifier(first, st.source);
    out.name = DecodeIdentifier(third, st.source);
    return i + 3;
  }
  out.database.clear();
  out.name = DecodeIdentifier(first, st.source);
  return i + 1;
}

size_t ParseTableRefs(const StatementTokens& st, size_t i, std::vector<TableRef>& out) {
  int open = 0;  // parentheses of "(a JOIN b)" entered and not yet left
  while (true) {
    // One table factor.
    while (st.IsOpen(i) && !IsQueryStart(st, i + 1)) {
      ++open;
      ++i;
    }
    if (st.IsWord(i, "LATERAL")) ++i;
    if (st.IsOpen(i)) {
      i = SkipAlias(st, st.Skip(i), nullptr);  // derived table
    } else if (st.IsWord(i, "DUAL")) {
      ++i;
    } else if (IsNameToken(st, i) && st.IsOpen(i + 1)) {
      i = SkipAlias(st, st.Skip(i + 1), nullptr);  // JSON_TABLE(...) AS j
    } else if (IsNameToken(st, i)) {
      TableRef ref;
      ref.position = i;
      i = ReadTableName(st, i, ref.name);
      if (st.IsWord(i, "PARTITION") && st.IsOpen(i + 1)) i = st.Skip(i + 1);
      i = SkipAlias(st, i, &ref.alias);
      i = SkipIndexHints(st, i);
      out.push_back(std::move(ref));
    } else {
      return i;
    }
    // Join conditions and the ends of parenthesised joins.
    while (true) {
      if (st.Is(i, Keyword::kOn)) {
        ++i;
        while (!EndsCondition(st, i)) i = st.Skip(i);
      } else if (st.Is(i, Keyword::kUsing) && st.IsOpen(i + 1)) {
        i = st.Skip(i + 1);
      } else if (open > 0 && st.IsClose(i)) {
        --open;
        ++i;
      } else {
        break;
      }
    }
    if (st.IsOp(i, ",")) {
      ++i;
      continue;
    }
    size_t after_join = SkipJoinOperator(st, i);
    if (after_join == i) return i;
    i = after_join;
  }
}

}  // namespace edgesql::sql
