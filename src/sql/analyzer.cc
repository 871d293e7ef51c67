// Analyze (analyzer.h): statement splitting, classification and the table,
// equality and INSERT facts of each statement.
//
// The work is in three steps per statement. Build() turns the statement's
// tokens into a StatementTokens (parentheses matched and their depth bounded,
// so nothing later can recurse deeply or step out of bounds). Classify()
// reads the leading keywords, records the tables the statement's own clauses
// name, and finds the outermost WHERE. Finally one linear scan over all tokens
// collects the tables after every FROM that introduces tables, which covers
// subqueries at any depth without recursion.
#include "sql/analyzer.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"
#include "sql/lexer.h"
#include "sql/statement_tokens.h"
#include "sql/table_refs.h"
#include "sql/where_facts.h"

namespace edgesql::sql {
namespace {

// MySQL's parser stack gives out long before this; the bound keeps deeply
// nested input a syntax error instead of a stack overflow anywhere later.
constexpr int kMaxParenDepth = 200;

// EXPLAIN analyses the statement it explains; one level is all MySQL allows.
constexpr int kMaxExplainDepth = 2;

// Builds the StatementTokens of source tokens [first, last), hints excluded.
// `param_base` is the absolute index of the first '?' in the range.
Result<StatementTokens> Build(std::string_view source, const std::vector<Token>& all, size_t first,
                              size_t last, int param_base, uint32_t end_offset) {
  StatementTokens st;
  st.source = source;
  int param = param_base;
  st.links.reserve(last - first + 1);
  st.tokens = TokensWithoutHints(all, first, last, end_offset, st.owned_tokens, &st.has_hints);
  std::vector<uint32_t> stack;
  for (size_t index = 0; index + 1 < st.tokens.size(); ++index) {
    const Token& t = st.tokens[index];
    st.links.push_back(StatementTokens::Links{
        t.kind == TokenKind::kPlaceholder ? param++ : -1, StatementTokens::kNoParen,
        stack.empty() ? StatementTokens::kNoParen : stack.back()});
    if (t.kind == TokenKind::kIdentifier) {
      st.has_with = st.has_with || t.keyword == Keyword::kWith;
      st.has_set_operation = st.has_set_operation || t.keyword == Keyword::kUnion ||
                             (t.keyword == Keyword::kNone &&
                              (st.IsWord(index, "EXCEPT") || st.IsWord(index, "INTERSECT")));
    }
    if (t.IsOperator(source, "(")) {
      if (stack.size() >= static_cast<size_t>(kMaxParenDepth))
        return SyntaxErrorAt(source, t.offset);
      stack.push_back(static_cast<uint32_t>(index));
    } else if (t.IsOperator(source, ")")) {
      if (stack.empty()) return SyntaxErrorAt(source, t.offset);
      st.links[index].partner = stack.back();
      st.links[stack.back()].partner = static_cast<uint32_t>(index);
      stack.pop_back();
    }
  }
  // An unclosed '(' is reported where the statement ends, as MySQL does.
  if (!stack.empty()) return SyntaxErrorAt(source, end_offset);
  st.params = param - param_base;
  st.links.push_back(
      StatementTokens::Links{-1, StatementTokens::kNoParen, StatementTokens::kNoParen});
  return st;
}

void AddUnique(std::vector<TableName>& list, TableName name) {
  for (const TableName& t : list) {
    if (t == name) return;
  }
  list.push_back(std::move(name));
}

// What Classify() learned beyond StatementInfo.
struct Skeleton {
  size_t where = SIZE_MAX;           // index of the outermost WHERE
  bool top_level_from = false;       // FROM at depth 0 names tables
  std::vector<size_t> handled_from;  // FROMs already read by Classify
  std::vector<TableRef> reads;       // tables read, with their positions
};

class StatementAnalyzer {
 public:
  StatementAnalyzer(const StatementTokens& st, StatementInfo& info) : st_(st), info_(info) {}

  Status Run() {
    Status s = Classify(0, 0);
    if (!s.ok()) return s;
    CollectCteNames();
    ScanFroms();
    Finish();
    return Status::Ok();
  }

 private:
  Error SyntaxError(size_t i) const { return SyntaxErrorAt(st_.source, st_.at(i).offset); }

  void Written(size_t i) {
    TableName name;
    if (ReadTableName(st_, i, name) != i) AddUnique(info_.tables_written, std::move(name));
  }
  // Records `ref`'s alias for routing. An alias given to two different
  // tables (in different subqueries) says nothing certain: it is dropped,
  // and stays dropped.
  void AddAlias(const TableRef& ref) {
    if (ref.alias.empty()) return;
    if (std::find(ambiguous_aliases_.begin(), ambiguous_aliases_.end(), ref.alias) !=
        ambiguous_aliases_.end()) {
      return;
    }
    for (auto it = info_.aliases.begin(); it != info_.aliases.end(); ++it) {
      if (it->alias != ref.alias) continue;
      if (!(it->table == ref.name)) {
        ambiguous_aliases_.push_back(ref.alias);
        info_.aliases.erase(it);
      }
      return;
    }
    info_.aliases.push_back(TableAlias{ref.alias, ref.name});
  }
  void Read(size_t i) {
    TableName name;
    if (ReadTableName(st_, i, name) != i)
      skeleton_.reads.push_back(TableRef{std::move(name), "", i});
  }
  size_t SkipIfNotExists(size_t i) const {
    if (st_.Is(i, Keyword::kIf) && st_.Is(i + 1, Keyword::kNot) &&
        st_.Is(i + 2, Keyword::kExists)) {
      return i + 3;
    }
    return i;
  }
  size_t SkipIfExists(size_t i) const {
    if (st_.Is(i, Keyword::kIf) && st_.Is(i + 1, Keyword::kExists)) return i + 2;
    return i;
  }
  // Index after "name" or "db.name" at i.
  size_t AfterName(size_t i) const {
    TableName ignored;
    return ReadTableName(st_, i, ignored);
  }
  // The first token at depth 0 from i on that is keyword k, or size().
  size_t FindTopLevel(size_t i, Keyword k) const {
    for (; !st_.AtEnd(i); i = st_.Skip(i)) {
      if (st_.Is(i, k)) return i;
    }
    return st_.size();
  }

  Status Classify(size_t p, int explain_depth);
  Status ClassifyCreate(size_t p);
  Status ClassifyDrop(size_t p);
  void ClassifyAlter(size_t p);
  void ClassifyShow(size_t p);
  Status ClassifyExplain(size_t p, int explain_depth);
  void Insert(size_t p);
  void Update(size_t p);
  void Delete(size_t p);
  size_t SkipWithClause(size_t p);
  void CollectCteNames();
  void ScanFroms();
  void Finish();

  const StatementTokens& st_;
  StatementInfo& info_;
  Skeleton skeleton_;
  std::vector<std::string> cte_names_;
  std::vector<std::string> ambiguous_aliases_;
  bool explain_read_only_ = false;
};

// Words that start statements the analyser knows exist but does not examine.
bool IsOtherStatementWord(const StatementTokens& st, size_t i) {
  static constexpr std::string_view kWords[] = {
      "ANALYZE",  "BINLOG",     "CACHE",     "CALL",     "CHANGE", "CHECK", "CHECKSUM",
      "CLONE",    "DEALLOCATE", "DO",        "EXECUTE",  "FLUSH",  "GET",   "GRANT",
      "HANDLER",  "HELP",       "IMPORT",    "INSTALL",  "KILL",   "LOAD",  "LOCK",
      "OPTIMIZE", "PREPARE",    "PURGE",     "RELEASE",  "REPAIR", "RESET", "RESIGNAL",
      "RESTART",  "REVOKE",     "SAVEPOINT", "SHUTDOWN", "SIGNAL", "STOP",  "UNINSTALL",
      "UNLOCK",   "XA",
  };
  for (std::string_view w : kWords) {
    if (st.IsWord(i, w)) return true;
  }
  return false;
}

Status StatementAnalyzer::Classify(size_t p, int explain_depth) {
  const Token& t = st_.at(p);
  if (st_.IsOpen(p)) {
    // "(SELECT ...)": only a query may be parenthesised at statement level.
    size_t q = p;
    while (st_.IsOpen(q)) ++q;
    if (!IsQueryStart(st_, q)) return SyntaxError(q);
    info_.kind = StatementKind::kSelect;
    skeleton_.top_level_from = true;
    // Peel parentheses that wrap the whole statement; the WHERE inside is
    // then the outermost one.
    size_t first = p;
    size_t last = st_.size();
    while (st_.IsOpen(first) && st_.links[first].partner == last - 1) {
      ++first;
      --last;
    }
    if (first != p) {
      size_t w = FindTopLevel(first, Keyword::kWhere);
      if (w < last) skeleton_.where = w;
    }
    return Status::Ok();
  }
  if (t.kind != TokenKind::kIdentifier) return SyntaxError(p);
  switch (t.keyword) {
    case Keyword::kSelect:
    case Keyword::kValues:
      info_.kind = StatementKind::kSelect;
      skeleton_.top_level_from = true;
      skeleton_.where = FindTopLevel(p, Keyword::kWhere);
      return Status::Ok();
    case Keyword::kTable:
      info_.kind = StatementKind::kSelect;
      skeleton_.top_level_from = true;
      Read(p + 1);
      return Status::Ok();
    case Keyword::kWith: {
      size_t q = SkipWithClause(p);
      if (st_.Is(q, Keyword::kUpdate) || st_.Is(q, Keyword::kDelete) || IsQueryStart(st_, q) ||
          st_.IsOpen(q)) {
        return Classify(q, explain_depth);
      }
      return SyntaxError(q);
    }
    case Keyword::kInsert:
      info_.kind = StatementKind::kInsert;
      Insert(p + 1);
      return Status::Ok();
    case Keyword::kReplace:
      info_.kind = StatementKind::kReplace;
      Insert(p + 1);
      return Status::Ok();
    case Keyword::kUpdate:
      info_.kind = StatementKind::kUpdate;
      Update(p + 1);
      return Status::Ok();
    case Keyword::kDelete:
      info_.kind = StatementKind::kDelete;
      Delete(p + 1);
      return Status::Ok();
    case Keyword::kCreate:
      return ClassifyCreate(p + 1);
    case Keyword::kAlter:
      ClassifyAlter(p + 1);
      return Status::Ok();
    case Keyword::kDrop:
      return ClassifyDrop(p + 1);
    case Keyword::kRename:
      if (st_.Is(p + 1, Keyword::kTable) || st_.Is(p + 1, Keyword::kTables)) {
        info_.kind = StatementKind::kRenameTable;
        // RENAME TABLE a TO b, c TO d
        for (size_t i = p + 2; !st_.AtEnd(i);) {
          size_t after = AfterName(i);
          if (after == i) break;
          Written(i);
          i = after;
          if (st_.Is(i, Keyword::kTo) || st_.IsOp(i, ",")) ++i;
        }
      } else {
        info_.kind = StatementKind::kOther;  // RENAME USER
      }
      return Status::Ok();
    case Keyword::kTruncate: {
      info_.kind = StatementKind::kTruncate;
      size_t i = p + 1;
      if (st_.Is(i, Keyword::kTable)) ++i;
      Written(i);
      return Status::Ok();
    }
    case Keyword::kBegin:
      info_.kind = StatementKind::kBegin;
      return Status::Ok();
    case Keyword::kStart:
      info_.kind =
          st_.Is(p + 1, Keyword::kTransaction) ? StatementKind::kBegin : StatementKind::kOther;
      return Status::Ok();
    case Keyword::kCommit:
      info_.kind = StatementKind::kCommit;
      return Status::Ok();
    case Keyword::kRollback:
      info_.kind = StatementKind::kRollback;
      return Status::Ok();
    case Keyword::kSet:
      info_.kind = StatementKind::kSet;
      return Status::Ok();
    case Keyword::kShow:
      ClassifyShow(p + 1);
      return Status::Ok();
    case Keyword::kUse:
      info_.kind = StatementKind::kUse;
      return Status::Ok();
    case Keyword::kDescribe:
    case Keyword::kDesc:
    case Keyword::kExplain:
      return ClassifyExplain(p + 1, explain_depth);
    default:
      if (IsOtherStatementWord(st_, p)) {
        info_.kind = StatementKind::kOther;
        return Status::Ok();
      }
      return SyntaxError(p);
  }
}

// WITH [RECURSIVE] name [(cols)] AS (query) [, ...]: returns the index of the
// statement that follows.
size_t StatementAnalyzer::SkipWithClause(size_t p) {
  size_t i = p + 1;
  if (st_.IsWord(i, "RECURSIVE")) ++i;
  while (IsNameToken(st_, i)) {
    ++i;
    if (st_.IsOpen(i)) i = st_.Skip(i);
    if (!st_.Is(i, Keyword::kAs) || !st_.IsOpen(i + 1)) return i;
    i = st_.Skip(i + 1);
    if (!st_.IsOp(i, ",")) return i;
    ++i;
  }
  return i;
}

// Every "WITH [RECURSIVE] x [(cols)] AS (" and ", y AS (" in the statement,
// at any depth: those names are not tables.
void StatementAnalyzer::CollectCteNames() {
  if (!st_.has_with) return;
  for (size_t p = 0; !st_.AtEnd(p); ++p) {
    if (!st_.Is(p, Keyword::kWith)) continue;
    size_t i = p + 1;
    if (st_.IsWord(i, "RECURSIVE")) ++i;
    while (IsNameToken(st_, i)) {
      size_t name = i++;
      if (st_.IsOpen(i)) i = st_.Skip(i);
      if (!st_.Is(i, Keyword::kAs) || !st_.IsOpen(i + 1)) break;
      cte_names_.push_back(DecodeIdentifier(st_.at(name), st_.source));
      i = st_.Skip(i + 1);
      if (!st_.IsOp(i, ",")) break;
      ++i;
    }
  }
}

void StatementAnalyzer::Insert(size_t p) {
  skeleton_.top_level_from = true;  // INSERT ... SELECT ... FROM
  size_t i = p;
  while (st_.Is(i, Keyword::kLowPriority) || st_.Is(i, Keyword::kDelayed) ||
         st_.Is(i, Keyword::kHighPriority) || st_.Is(i, Keyword::kIgnore)) {
    ++i;
  }
  if (st_.Is(i, Keyword::kInto)) ++i;
  size_t after = AfterName(i);
  if (after == i) return;
  Written(i);
  i = after;
  if (st_.IsWord(i, "PARTITION") && st_.IsOpen(i + 1)) i = st_.Skip(i + 1);
  if (st_.IsOpen(i) && !IsQueryStart(st_, i + 1)) {
    // (col, t.col, ...): each item's last name.
    size_t close = st_.links[i].partner;
    for (size_t k = i + 1; k < close; k = st_.Skip(k)) {
      if (st_.IsOp(k + 1, ",") || k + 1 == close) {
        const Token& c = st_.at(k);
        if (c.kind == TokenKind::kIdentifier || c.kind == TokenKind::kQuotedIdentifier) {
          info_.insert_columns.push_back(DecodeIdentifier(c, st_.source));
        }
      }
    }
    i = close + 1;
  }
  if (st_.Is(i, Keyword::kValues) || st_.Is(i, Keyword::kValue)) {
    ++i;
    while (true) {
      if (st_.IsWord(i, "ROW") && st_.IsOpen(i + 1)) ++i;
      if (!st_.IsOpen(i)) break;
      size_t close = st_.links[i].partner;
      std::vector<Value> row;
      // Rows are as wide as the column list, or as the first row.
      row.reserve(info_.insert_rows.empty() ? info_.insert_columns.size()
                                            : info_.insert_rows.front().size());
      size_t item = i + 1;
      if (item < close) {
        for (size_t k = item; k <= close; k = st_.Skip(k)) {
          if (k == close || st_.IsOp(k, ",")) {
            row.push_back(MakeValue(st_, item, k));
            item = k + 1;
            if (k == close) break;
          }
        }
      }
      info_.insert_rows.push_back(std::move(row));
      info_.insert_row_spans.emplace_back(st_.at(i).offset,
                                          st_.at(close).offset + st_.at(close).length);
      i = close + 1;
      if (!st_.IsOp(i, ",")) break;
      ++i;
    }
  } else if (st_.Is(i, Keyword::kSet)) {
    // INSERT ... SET a = 1, b = ?: one row.
    std::vector<Value> row;
    size_t item = i + 1;
    for (size_t k = item;; k = st_.Skip(k)) {
      bool end = st_.AtEnd(k) || st_.Is(k, Keyword::kOn) || st_.Is(k, Keyword::kAs);
      if (end || st_.IsOp(k, ",")) {
        size_t eq = item;
        while (eq < k && !st_.IsOp(eq, "=") && !st_.IsOp(eq, ":=")) ++eq;
        if (eq > item && eq < k) {
          info_.insert_columns.push_back(DecodeIdentifier(st_.at(eq - 1), st_.source));
          row.push_back(MakeValue(st_, eq + 1, k));
        }
        item = k + 1;
        if (end) break;
      }
    }
    info_.insert_rows.push_back(std::move(row));
  } else if (st_.Is(i, Keyword::kTable)) {
    Read(i + 1);
  }
}

void StatementAnalyzer::Update(size_t p) {
  skeleton_.top_level_from = true;
  size_t i = p;
  while (st_.Is(i, Keyword::kLowPriority) || st_.Is(i, Keyword::kIgnore)) ++i;
  std::vector<TableRef> refs;
  ParseTableRefs(st_, i, refs);
  // A multi-table UPDATE may change any table in its list; the SET clause
  // would tell which, but claiming all of them is the safe side.
  for (TableRef& r : refs) {
    AddAlias(r);
    AddUnique(info_.tables_written, std::move(r.name));
  }
  skeleton_.where = FindTopLevel(i, Keyword::kWhere);
}

void StatementAnalyzer::Delete(size_t p) {
  skeleton_.top_level_from = true;
  size_t i = p;
  while (st_.Is(i, Keyword::kLowPriority) || st_.Is(i, Keyword::kQuick) ||
         st_.Is(i, Keyword::kIgnore)) {
    ++i;
  }
  // Targets written before FROM (DELETE t1, t2 FROM ...) or before USING
  // (DELETE FROM t1, t2 USING ...); either may name aliases.
  std::vector<TableRef> targets;
  std::vector<TableRef> sources;
  bool from_first = st_.Is(i, Keyword::kFrom);
  if (from_first) {
    skeleton_.handled_from.push_back(i);
    ++i;
  }
  size_t list_start = i;
  while (IsNameToken(st_, i)) {
    TableRef ref;
    i = ReadTableName(st_, i, ref.name);
    if (st_.IsOp(i, ".") && st_.IsOp(i + 1, "*")) i += 2;  // t.* / db.t.*
    targets.push_back(std::move(ref));
    if (!st_.IsOp(i, ",")) break;
    ++i;
  }
  if (!from_first && st_.Is(i, Keyword::kFrom)) {
    skeleton_.handled_from.push_back(i);
    ParseTableRefs(st_, i + 1, sources);
  } else if (from_first && st_.Is(i, Keyword::kUsing)) {
    ParseTableRefs(st_, i + 1, sources);
  } else if (from_first) {
    // Single-table DELETE FROM t [AS a] ...: the list is the target.
    targets.clear();
    ParseTableRefs(st_, list_start, targets);
  }
  for (const TableRef& target : targets) {
    TableName name = target.name;
    if (name.database.empty()) {
      for (const TableRef& s : sources) {
        if (!s.alias.empty() && EqualsIgnoreCase(s.alias, name.name)) {
          name = s.name;
          break;
        }
      }
    }
    AddUnique(info_.tables_written, std::move(name));
  }
  for (TableRef& s : sources) skeleton_.reads.push_back(std::move(s));
  skeleton_.where = FindTopLevel(i, Keyword::kWhere);
}

Status StatementAnalyzer::ClassifyCreate(size_t p) {
  size_t i = p;
  // Skip the modifiers between CREATE and the object word: OR REPLACE,
  // TEMPORARY, UNIQUE, ALGORITHM = x, DEFINER = 'u'@'h', SQL SECURITY x, ...
  for (; !st_.AtEnd(i); ++i) {
    const Token& t = st_.at(i);
    if (t.Is(Keyword::kTable) || t.Is(Keyword::kIndex) || t.Is(Keyword::kView) ||
        t.Is(Keyword::kTrigger) || t.Is(Keyword::kDatabase) || t.Is(Keyword::kSchema)) {
      break;
    }
    if (st_.IsOpen(i) || t.Is(Keyword::kAs) || st_.IsWord(i, "PROCEDURE") ||
        st_.IsWord(i, "FUNCTION") || st_.IsWord(i, "EVENT") || st_.IsWord(i, "USER") ||
        st_.IsWord(i, "ROLE")) {
      info_.kind = StatementKind::kOther;
      return Status::Ok();
    }
  }
  const Token& object = st_.at(i);
  if (object.kind == TokenKind::kEnd) return SyntaxError(i);
  ++i;
  if (object.Is(Keyword::kTable)) {
    info_.kind = StatementKind::kCreateTable;
    skeleton_.top_level_from = true;  // CREATE TABLE t AS SELECT ... FROM s
    i = SkipIfNotExists(i);
    Written(i);
    i = AfterName(i);
    if (st_.Is(i, Keyword::kLike)) Read(i + 1);
    if (st_.IsOpen(i) && st_.Is(i + 1, Keyword::kLike)) Read(i + 2);
  } else if (object.Is(Keyword::kIndex)) {
    info_.kind = StatementKind::kCreateIndex;
    size_t on = FindTopLevel(i, Keyword::kOn);
    Written(on + 1);
  } else if (object.Is(Keyword::kView)) {
    info_.kind = StatementKind::kCreateView;
    skeleton_.top_level_from = true;
    i = SkipIfNotExists(i);
    Written(i);
  } else if (object.Is(Keyword::kTrigger)) {
    info_.kind = StatementKind::kCreateTrigger;
    size_t on = FindTopLevel(i, Keyword::kOn);
    Written(on + 1);
  } else {
    info_.kind = StatementKind::kCreateDatabase;
  }
  return Status::Ok();
}

Status StatementAnalyzer::ClassifyDrop(size_t p) {
  size_t i = p;
  if (st_.Is(i, Keyword::kTemporary)) ++i;
  const Token& object = st_.at(i);
  ++i;
  if (object.Is(Keyword::kTable) || object.Is(Keyword::kTables) || object.Is(Keyword::kView)) {
    info_.kind = object.Is(Keyword::kView) ? StatementKind::kDropView : StatementKind::kDropTable;
    i = SkipIfExists(i);
    while (true) {
      size_t after = AfterName(i);
      if (after == i) break;
      Written(i);
      i = after;
      if (!st_.IsOp(i, ",")) break;
      ++i;
    }
  } else if (object.Is(Keyword::kIndex)) {
    info_.kind = StatementKind::kDropIndex;
    size_t on = FindTopLevel(i, Keyword::kOn);
    Written(on + 1);
  } else if (object.Is(Keyword::kTrigger)) {
    info_.kind = StatementKind::kDropTrigger;
  } else if (object.Is(Keyword::kDatabase) || object.Is(Keyword::kSchema)) {
    info_.kind = StatementKind::kDropDatabase;
  } else if (object.kind == TokenKind::kEnd) {
    return SyntaxError(i - 1);
  } else {
    info_.kind = StatementKind::kOther;  // DROP PROCEDURE, DROP USER, ...
  }
  return Status::Ok();
}

void StatementAnalyzer::ClassifyAlter(size_t p) {
  size_t i = p;
  while (st_.Is(i, Keyword::kIgnore) || st_.IsWord(i, "ONLINE")) ++i;
  if (!st_.Is(i, Keyword::kTable)) {
    info_.kind = StatementKind::kOther;  // ALTER DATABASE, VIEW, USER, ...
    return;
  }
  info_.kind = StatementKind::kAlterTable;
  ++i;
  Written(i);
  // ALTER TABLE t ... RENAME [TO|AS] u also writes u.
  for (size_t k = AfterName(i); !st_.AtEnd(k); k = st_.Skip(k)) {
    if (!st_.Is(k, Keyword::kRename)) continue;
    size_t n = k + 1;
    if (st_.Is(n, Keyword::kTo) || st_.Is(n, Keyword::kAs)) ++n;
    if (st_.Is(n, Keyword::kColumn) || st_.Is(n, Keyword::kIndex) || st_.Is(n, Keyword::kKey))
      continue;
    Written(n);
  }
}

void StatementAnalyzer::ClassifyShow(size_t p) {
  info_.kind = StatementKind::kShow;
  size_t i = p;
  if (st_.Is(i, Keyword::kFull) || st_.IsWord(i, "EXTENDED")) ++i;
  if (st_.Is(i, Keyword::kFull)) ++i;
  if (st_.Is(i, Keyword::kColumns) || st_.Is(i, Keyword::kFields) || st_.Is(i, Keyword::kIndex) ||
      st_.IsWord(i, "INDEXES") || st_.Is(i, Keyword::kKeys)) {
    // SHOW COLUMNS FROM t [FROM db]
    ++i;
    if (!st_.Is(i, Keyword::kFrom) && !st_.Is(i, Keyword::kIn)) return;
    ++i;
    TableName name;
    size_t after = ReadTableName(st_, i, name);
    if (after == i) return;
    if ((st_.Is(after, Keyword::kFrom) || st_.Is(after, Keyword::kIn)) && name.database.empty() &&
        IsNameToken(st_, after + 1)) {
      name.database = DecodeIdentifier(st_.at(after + 1), st_.source);
    }
    skeleton_.reads.push_back(TableRef{std::move(name), "", i});
  } else if (st_.Is(i, Keyword::kCreate) &&
             (st_.Is(i + 1, Keyword::kTable) || st_.Is(i + 1, Keyword::kView))) {
    Read(i + 2);
  }
}

Status StatementAnalyzer::ClassifyExplain(size_t p, int explain_depth) {
  size_t i = p;
  while (st_.Is(i, Keyword::kAnalyze) || st_.IsWord(i, "EXTENDED") || st_.IsWord(i, "PARTITIONS") ||
         st_.IsWord(i, "FORMAT")) {
    if (st_.IsWord(i, "FORMAT") && st_.IsOp(i + 1, "=")) {
      i += 3;
    } else {
      ++i;
    }
  }
  const Token& t = st_.at(i);
  bool statement = IsQueryStart(st_, i) || st_.IsOpen(i) || t.Is(Keyword::kInsert) ||
                   t.Is(Keyword::kReplace) || t.Is(Keyword::kUpdate) || t.Is(Keyword::kDelete);
  if (statement && explain_depth < kMaxExplainDepth) {
    Status s = Classify(i, explain_depth + 1);
    if (!s.ok()) return s;
    // EXPLAIN shows a plan; EXPLAIN ANALYZE runs it, so a write stays a write.
    bool inner_reads = info_.kind == StatementKind::kSelect;
    info_.kind = StatementKind::kExplain;
    explain_read_only_ = inner_reads;
    return Status::Ok();
  }
  if (t.Is(Keyword::kFor)) {  // EXPLAIN FOR CONNECTION n
    info_.kind = StatementKind::kExplain;
    explain_read_only_ = true;
    return Status::Ok();
  }
  if (IsNameToken(st_, i)) {
    info_.kind = StatementKind::kDescribe;
    Read(i);
    return Status::Ok();
  }
  return SyntaxError(i);
}

// The linear scan: tables after every FROM that introduces tables, and after
// TABLE in "(TABLE t)" or "UNION TABLE t".
void StatementAnalyzer::ScanFroms() {
  if (info_.kind == StatementKind::kShow || info_.kind == StatementKind::kDescribe) return;
  for (size_t i = 0; !st_.AtEnd(i); ++i) {
    bool from = st_.Is(i, Keyword::kFrom);
    bool table = st_.Is(i, Keyword::kTable) && i > 0 &&
                 (st_.IsOpen(i - 1) || st_.Is(i - 1, Keyword::kUnion) ||
                  st_.IsWord(i - 1, "EXCEPT") || st_.IsWord(i - 1, "INTERSECT") ||
                  ((st_.Is(i - 1, Keyword::kAll) || st_.Is(i - 1, Keyword::kDistinct)) && i > 1 &&
                   st_.Is(i - 2, Keyword::kUnion)));
    if (!from && !table) continue;
    bool handled = false;
    for (size_t h : skeleton_.handled_from) handled = handled || h == i;
    if (handled) continue;
    uint32_t e = st_.links[i].enclosing;
    if (e == StatementTokens::kNoParen) {
      if (!skeleton_.top_level_from) continue;
    } else if (from) {
      // EXTRACT(YEAR FROM d), TRIM(x FROM s): a FROM inside a function's
      // parentheses names no table; one inside "(SELECT ..." does.
      size_t first = e + 1;
      if (!st_.Is(first, Keyword::kSelect) && !st_.Is(first, Keyword::kWith) &&
          !st_.IsOpen(first)) {
        continue;
      }
    }
    if (table) {
      Read(i + 1);
      continue;
    }
    std::vector<TableRef> refs;
    ParseTableRefs(st_, i + 1, refs);
    for (TableRef& r : refs) skeleton_.reads.push_back(std::move(r));
  }
}

void StatementAnalyzer::Finish() {
  bool dml_target = info_.kind == StatementKind::kUpdate || info_.kind == StatementKind::kDelete;
  // The scan meets an outer FROM before the subqueries inside its list;
  // report in order of appearance instead.
  std::stable_sort(skeleton_.reads.begin(), skeleton_.reads.end(),
                   [](const TableRef& a, const TableRef& b) { return a.position < b.position; });
  for (TableRef& ref : skeleton_.reads) {
    AddAlias(ref);
    TableName& t = ref.name;
    bool is_cte = false;
    if (t.database.empty()) {
      for (const std::string& c : cte_names_) is_cte = is_cte || EqualsIgnoreCase(c, t.name);
    }
    if (is_cte) continue;
    bool written = false;
    if (dml_target) {
      for (const TableName& w : info_.tables_written) written = written || w == t;
    }
    if (!written) AddUnique(info_.tables_read, std::move(t));
  }
  switch (info_.kind) {
    case StatementKind::kSelect:
    case StatementKind::kShow:
    case StatementKind::kDescribe:
    case StatementKind::kUse:
    case StatementKind::kSet:
    case StatementKind::kBegin:
    case StatementKind::kCommit:
    case StatementKind::kRollback:
      info_.read_only = true;
      break;
    case StatementKind::kExplain:
      info_.read_only = explain_read_only_;
      break;
    default:
      info_.read_only = false;
  }
  if (skeleton_.where < st_.size()) {
    // A UNION's branches each have their own WHERE: none holds for all rows.
    size_t w = skeleton_.where;
    bool set_operation = false;
    for (size_t i = 0; st_.has_set_operation && !st_.AtEnd(i); ++i) {
      if (st_.links[i].enclosing != st_.links[w].enclosing) continue;
      set_operation = set_operation || st_.Is(i, Keyword::kUnion) || st_.IsWord(i, "EXCEPT") ||
                      st_.IsWord(i, "INTERSECT");
    }
    if (!set_operation)
      ExtractEqualities(st_, w + 1, FindConditionEnd(st_, w + 1), info_.equalities);
  }
}

}  // namespace

Result<Analysis> Analyze(std::string_view source, const std::vector<Token>& tokens) {
  Analysis analysis;
  // Statement boundaries: [first, last) token ranges split at ';'.
  size_t count = tokens.size();
  if (count > 0 && tokens.back().kind == TokenKind::kEnd) --count;  // the sentinel
  int params_before = 0;
  size_t first = 0;
  // Set when a statement with no tokens (";;" or a leading ";") was seen; it
  // is an error only if a real statement follows it.
  int64_t empty_at = -1;
  for (size_t k = 0; k <= count; ++k) {
    bool boundary = k == count || tokens[k].IsOperator(source, ";");
    if (!boundary) continue;
    size_t last = k;
    uint32_t end_offset = k < count ? tokens[k].offset : static_cast<uint32_t>(source.size());
    Result<StatementTokens> st = Build(source, tokens, first, last, params_before, end_offset);
    if (!st.ok()) {
      if (empty_at >= 0) return SyntaxErrorAt(source, static_cast<size_t>(empty_at));
      return std::move(st).error();
    }
    if (st.value().size() == 0) {  // nothing but hints, or nothing at all
      if (k < count && empty_at < 0) empty_at = tokens[k].offset;
      first = k + 1;
      continue;
    }
    if (empty_at >= 0) return SyntaxErrorAt(source, static_cast<size_t>(empty_at));
    int params = st.value().params;
    StatementInfo info;
    info.first_param = params_before;
    info.param_count = params;
    info.begin = tokens[first].offset;
    const Token& tail = tokens[last - 1];
    info.end = tail.offset + tail.length;
    for (size_t j = first; st.value().has_hints && j < last; ++j) {
      if (tokens[j].kind == TokenKind::kHint) {
        ParseHintComment(tokens[j].text(source), info.hints, analysis.warnings);
      }
    }
    Status s = StatementAnalyzer(st.value(), info).Run();
    if (!s.ok()) return std::move(s).error();
    analysis.statements.push_back(std::move(info));
    params_before += params;
    first = k + 1;
  }
  if (analysis.statements.empty()) return Error(ErrorCode::kEmptyQuery, "Query was empty");
  analysis.param_count = params_before;
  return analysis;
}

Result<Analysis> Analyze(std::string_view source) {
  Result<std::vector<Token>> tokens = Lex(source);
  if (!tokens.ok()) return std::move(tokens).error();
  return Analyze(source, tokens.value());
}

}  // namespace edgesql::sql
