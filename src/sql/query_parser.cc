// Query parsing (parser_internal.h): WITH, SELECT, set operations, table
// references and joins, ORDER BY / LIMIT / INTO / locking.
//
// Set operations follow MySQL 8.0: INTERSECT binds tighter than UNION and
// EXCEPT, all are left-associative, and ORDER BY / LIMIT after the last
// operand belong to the whole operation (an operand needs parentheses to
// have its own). Joins are left-deep, except that a LEFT/RIGHT JOIN whose
// right side is immediately joined again nests to the right, as MySQL
// reads "a LEFT JOIN b JOIN c ON x ON y".
#include "sql/parser_internal.h"

namespace edgesql::sql {

ast::Query* Parser::ParseQuery() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_;
  ast::WithClause* with = nullptr;
  if (PeekKeyword(Keyword::kWith)) {
    with = ParseWith();
    if (with == nullptr) return nullptr;
  }
  return ParseQueryAfterWith(with, start);
}

ast::Query* Parser::ParseQueryAfterWith(ast::WithClause* with, size_t start) {
  auto* q = New<ast::Query>();
  q->with = with;
  q->body = ParseUnionLevel();
  if (q->body == nullptr) return nullptr;
  if (AcceptKeyword(Keyword::kOrder)) {
    if (!ExpectKeyword(Keyword::kBy) || !ParseOrderBy(&q->order_by)) return nullptr;
  }
  if (PeekKeyword(Keyword::kLimit)) {
    q->limit = ParseLimit();
    if (q->limit == nullptr) return nullptr;
  }
  if (PeekKeyword(Keyword::kInto)) {
    q->into = ParseInto();
    if (q->into == nullptr) return nullptr;
  }
  if (!ParseLocking(&q->locking)) return nullptr;
  if (q->into == nullptr && PeekKeyword(Keyword::kInto)) {
    q->into = ParseInto();
    if (q->into == nullptr) return nullptr;
  }
  return Finish(q, start);
}

ast::WithClause* Parser::ParseWith() {
  size_t start = pos_;
  if (!ExpectKeyword(Keyword::kWith)) return nullptr;
  auto* with = New<ast::WithClause>();
  with->recursive = AcceptWord("RECURSIVE");
  size_t mark = Mark();
  do {
    size_t cte_start = pos_;
    auto* cte = New<ast::CommonTableExpr>();
    if (!ParseName(&cte->name)) return nullptr;
    if (PeekOp("(") && !ParseNameList(&cte->columns)) return nullptr;
    if (!ExpectKeyword(Keyword::kAs)) return nullptr;
    if (!PeekQueryParen()) return Fail();
    ++pos_;
    cte->query = ParseQuery();
    if (cte->query == nullptr || !ExpectOp(")")) return nullptr;
    Push(Finish(cte, cte_start));
  } while (AcceptOp(","));
  with->ctes = TakeList<ast::CommonTableExpr>(mark);
  return Finish(with, start);
}

ast::QueryBody* Parser::ParseUnionLevel() {
  size_t start = pos_;
  ast::QueryBody* left = ParseIntersectLevel();
  ChainGuard chain(this);
  while (left != nullptr) {
    ast::SetOp op;
    if (PeekKeyword(Keyword::kUnion)) {
      op = ast::SetOp::kUnion;
    } else if (PeekWord("EXCEPT")) {
      op = ast::SetOp::kExcept;
    } else {
      break;
    }
    if (!chain.Step()) return Fail();
    ++pos_;
    auto* s = New<ast::SetOperation>();
    s->op = op;
    if (AcceptKeyword(Keyword::kAll)) {
      s->all = true;
    } else if (AcceptKeyword(Keyword::kDistinct)) {
      s->distinct_written = true;
    }
    s->left = left;
    s->right = ParseIntersectLevel();
    if (s->right == nullptr) return nullptr;
    left = Finish(s, start);
  }
  return left;
}

ast::QueryBody* Parser::ParseIntersectLevel() {
  size_t start = pos_;
  ast::QueryBody* left = ParseQueryPrimary();
  ChainGuard chain(this);
  while (left != nullptr && PeekWord("INTERSECT")) {
    if (!chain.Step()) return Fail();
    ++pos_;
    auto* s = New<ast::SetOperation>();
    s->op = ast::SetOp::kIntersect;
    if (AcceptKeyword(Keyword::kAll)) {
      s->all = true;
    } else if (AcceptKeyword(Keyword::kDistinct)) {
      s->distinct_written = true;
    }
    s->left = left;
    s->right = ParseQueryPrimary();
    if (s->right == nullptr) return nullptr;
    left = Finish(s, start);
  }
  return left;
}

ast::QueryBody* Parser::ParseQueryPrimary() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_;
  if (PeekKeyword(Keyword::kSelect)) return ParseSelectCore();
  if (PeekOp("(")) {
    ++pos_;
    auto* p = New<ast::ParenQuery>();
    p->query = ParseQuery();
    if (p->query == nullptr || !ExpectOp(")")) return nullptr;
    return Finish(p, start);
  }
  if (AcceptKeyword(Keyword::kValues)) {
    auto* v = New<ast::ValuesBody>();
    size_t mark = Mark();
    do {
      if (!PeekWord("ROW")) return Fail();
      ast::ValuesRow* row = ParseValuesRow(/*allow_row_keyword=*/true);
      if (row == nullptr) return nullptr;
      Push(row);
    } while (AcceptOp(","));
    v->rows = TakeList<ast::ValuesRow>(mark);
    return Finish(v, start);
  }
  if (AcceptKeyword(Keyword::kTable)) {
    auto* t = New<ast::TableBody>();
    if (!ParseTableName(&t->schema, &t->name)) return nullptr;
    return Finish(t, start);
  }
  return Fail();
}

ast::ValuesRow* Parser::ParseValuesRow(bool allow_row_keyword) {
  size_t start = pos_;
  if (allow_row_keyword) AcceptWord("ROW");
  if (!ExpectOp("(")) return nullptr;
  auto* row = New<ast::ValuesRow>();
  size_t mark = Mark();
  if (!PeekOp(")")) {
    do {
      ast::Expr* e = ParseExpr();
      if (e == nullptr) return nullptr;
      Push(e);
    } while (AcceptOp(","));
  }
  if (!ExpectOp(")")) return nullptr;
  row->values = TakeList<ast::Expr>(mark);
  return Finish(row, start);
}

ast::QueryBody* Parser::ParseSelectCore() {
  size_t start = pos_;
  if (!ExpectKeyword(Keyword::kSelect)) return nullptr;
  auto* s = New<ast::SelectCore>();
  while (true) {
    uint16_t bit = 0;
    if (PeekKeyword(Keyword::kDistinct) || PeekWord("DISTINCTROW")) {
      bit = ast::kSelectDistinct;
    } else if (PeekKeyword(Keyword::kAll)) {
      bit = ast::kSelectAll;
    } else if (PeekKeyword(Keyword::kHighPriority)) {
      bit = ast::kSelectHighPriority;
    } else if (PeekKeyword(Keyword::kStraightJoin)) {
      bit = ast::kSelectStraightJoin;
    } else if (PeekWord("SQL_SMALL_RESULT")) {
      bit = ast::kSelectSmallResult;
    } else if (PeekWord("SQL_BIG_RESULT")) {
      bit = ast::kSelectBigResult;
    } else if (PeekWord("SQL_BUFFER_RESULT")) {
      bit = ast::kSelectBufferResult;
    } else if (PeekWord("SQL_NO_CACHE")) {
      bit = ast::kSelectNoCache;
    } else if (PeekWord("SQL_CALC_FOUND_ROWS")) {
      bit = ast::kSelectCalcFoundRows;
    } else {
      break;
    }
    s->modifiers |= bit;
    ++pos_;
  }
  if ((s->modifiers & ast::kSelectDistinct) && (s->modifiers & ast::kSelectAll)) {
    return FailAt(pos_ - 1);
  }
  size_t mark = Mark();
  do {
    ast::SelectItem* item = ParseSelectItem();
    if (item == nullptr) return nullptr;
    Push(item);
  } while (AcceptOp(","));
  s->items = TakeList<ast::SelectItem>(mark);
  if (PeekKeyword(Keyword::kInto)) {
    s->into = ParseInto();
    if (s->into == nullptr) return nullptr;
  }
  if (AcceptKeyword(Keyword::kFrom)) {
    if (AcceptWord("DUAL")) {
      s->from_dual = true;
    } else if (!ParseTableRefList(&s->from)) {
      return nullptr;
    }
  }
  if (AcceptKeyword(Keyword::kWhere)) {
    s->where = ParseExpr();
    if (s->where == nullptr) return nullptr;
  }
  if (AcceptKeyword(Keyword::kGroup)) {
    if (!ExpectKeyword(Keyword::kBy)) return nullptr;
    size_t group_mark = Mark();
    do {
      ast::Expr* e = ParseExpr();
      if (e == nullptr) return nullptr;
      Push(e);
    } while (AcceptOp(","));
    s->group_by = TakeList<ast::Expr>(group_mark);
    if (PeekKeyword(Keyword::kWith) && PeekWord("ROLLUP", 1)) {
      pos_ += 2;
      s->with_rollup = true;
    }
  }
  if (AcceptKeyword(Keyword::kHaving)) {
    s->having = ParseExpr();
    if (s->having == nullptr) return nullptr;
  }
  if (AcceptWord("WINDOW")) {
    size_t window_mark = Mark();
    do {
      size_t w_start = pos_;
      auto* w = New<ast::NamedWindow>();
      if (!ParseName(&w->name) || !ExpectKeyword(Keyword::kAs)) return nullptr;
      w->spec = ParseWindowSpecBody();
      if (w->spec == nullptr) return nullptr;
      Push(Finish(w, w_start));
    } while (AcceptOp(","));
    s->windows = TakeList<ast::NamedWindow>(window_mark);
  }
  return Finish(s, start);
}

ast::SelectItem* Parser::ParseSelectItem() {
  size_t start = pos_;
  auto* item = New<ast::SelectItem>();
  // *, t.* and db.t.* are select items only, so they are recognised here
  // rather than in the expression grammar.
  if (PeekOp("*")) {
    ++pos_;
    item->expr = Finish(New<ast::Star>(), start);
    return Finish(item, start);
  }
  if (IsNameToken(Peek()) && PeekOp(".", 1)) {
    bool two = PeekOp("*", 2);
    bool three = !two && Peek(2).kind != TokenKind::kEnd && PeekOp(".", 3) && PeekOp("*", 4);
    if (two || three) {
      auto* star = New<ast::Star>();
      if (three) {
        star->schema = IdentifierOf(Peek());
        pos_ += 2;
        if (!ParseName(&star->table, /*after_dot=*/true)) return nullptr;
        pos_ += 2;
      } else {
        star->table = IdentifierOf(Peek());
        pos_ += 3;
      }
      item->expr = Finish(star, start);
      return Finish(item, start);
    }
  }
  item->expr = ParseExpr();
  if (item->expr == nullptr) return nullptr;
  if (!ParseOptionalAlias(&item->alias, /*allow_string=*/true)) return nullptr;
  return Finish(item, start);
}

ast::Into* Parser::ParseInto() {
  size_t start = pos_;
  if (!ExpectKeyword(Keyword::kInto)) return nullptr;
  if (PeekWord("OUTFILE") || PeekWord("DUMPFILE"))
    return FailUnsupported("SELECT ... INTO OUTFILE");
  auto* into = New<ast::Into>();
  size_t mark = Mark();
  do {
    size_t v_start = pos_;
    const Token& t = Peek();
    if (t.kind == TokenKind::kUserVariable) {
      ast::Expr* v = ParsePrimary();  // a variable (no := follows in valid input)
      if (v == nullptr) return nullptr;
      if (v->kind != ast::ExprKind::kVariable) return FailAt(v_start);
      Push(v);
    } else if (IsNameToken(t)) {
      // A stored program's local variable.
      auto* c = New<ast::ColumnRef>();
      if (!ParseName(&c->column)) return nullptr;
      Push(Finish(c, v_start));
    } else {
      return Fail();
    }
  } while (AcceptOp(","));
  into->targets = TakeList<ast::Expr>(mark);
  return Finish(into, start);
}

bool Parser::ParseOrderBy(ast::NodeList<ast::OrderItem>* out) {
  size_t mark = Mark();
  do {
    size_t start = pos_;
    auto* item = New<ast::OrderItem>();
    item->expr = ParseExpr();
    if (item->expr == nullptr) return false;
    if (AcceptKeyword(Keyword::kAsc)) {
      item->direction = ast::OrderDirection::kAsc;
    } else if (AcceptKeyword(Keyword::kDesc)) {
      item->direction = ast::OrderDirection::kDesc;
    }
    Push(Finish(item, start));
  } while (AcceptOp(","));
  *out = TakeList<ast::OrderItem>(mark);
  return true;
}

ast::Expr* Parser::ParseLimitOption() {
  size_t start = pos_;
  const Token& t = Peek();
  if (t.kind == TokenKind::kNumber) return NewLiteral(ast::LiteralKind::kNumber, start);
  if (t.kind == TokenKind::kPlaceholder) return ParsePrimary();
  if (IsNameToken(t)) {  // a stored program's variable
    auto* c = New<ast::ColumnRef>();
    c->column = IdentifierOf(t);
    ++pos_;
    return Finish(c, start);
  }
  return Fail();
}

ast::Limit* Parser::ParseLimit() {
  size_t start = pos_;
  if (!ExpectKeyword(Keyword::kLimit)) return nullptr;
  auto* limit = New<ast::Limit>();
  ast::Expr* first = ParseLimitOption();
  if (first == nullptr) return nullptr;
  if (AcceptOp(",")) {
    limit->offset = first;
    limit->count = ParseLimitOption();
    if (limit->count == nullptr) return nullptr;
  } else {
    limit->count = first;
    if (AcceptKeyword(Keyword::kOffset)) {
      limit->offset = ParseLimitOption();
      if (limit->offset == nullptr) return nullptr;
    }
  }
  return Finish(limit, start);
}

bool Parser::ParseLocking(ast::NodeList<ast::LockingClause>* out) {
  size_t mark = Mark();
  while (true) {
    size_t start = pos_;
    auto* lock = New<ast::LockingClause>();
    if (PeekKeyword(Keyword::kFor) && PeekKeyword(Keyword::kUpdate, 1)) {
      lock->strength = ast::LockStrength::kUpdate;
    } else if (PeekKeyword(Keyword::kFor) && PeekWord("SHARE", 1)) {
      lock->strength = ast::LockStrength::kShare;
    } else if (PeekKeyword(Keyword::kLock) && PeekKeyword(Keyword::kIn, 1)) {
      pos_ += 2;
      if (!ExpectWord("SHARE") || !ExpectWord("MODE")) return false;
      lock->strength = ast::LockStrength::kLockInShareMode;
      Push(Finish(lock, start));
      continue;
    } else {
      break;
    }
    pos_ += 2;
    if (AcceptWord("OF")) {
      size_t tables = Mark();
      do {
        auto* id = New<ast::Identifier>();
        if (!ParseName(id)) return false;
        Push(id);
      } while (AcceptOp(","));
      lock->tables = TakeList<ast::Identifier>(tables);
    }
    if (AcceptWord("NOWAIT")) {
      lock->wait = ast::LockWait::kNoWait;
    } else if (PeekWord("SKIP") && PeekWord("LOCKED", 1)) {
      pos_ += 2;
      lock->wait = ast::LockWait::kSkipLocked;
    }
    Push(Finish(lock, start));
  }
  *out = TakeList<ast::LockingClause>(mark);
  return true;
}

bool Parser::ParseTableRefList(ast::NodeList<ast::TableRef>* out) {
  size_t mark = Mark();
  do {
    ast::TableRef* t = ParseTableReference();
    if (t == nullptr) return false;
    Push(t);
  } while (AcceptOp(","));
  *out = TakeList<ast::TableRef>(mark);
  return true;
}

bool Parser::AtJoinKeyword() const {
  return PeekKeyword(Keyword::kJoin) || PeekKeyword(Keyword::kInner) ||
         PeekKeyword(Keyword::kCross) || PeekKeyword(Keyword::kStraightJoin) ||
         PeekKeyword(Keyword::kLeft) || PeekKeyword(Keyword::kRight) ||
         PeekKeyword(Keyword::kNatural);
}

ast::TableRef* Parser::ParseTableReference() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  ast::TableRef* left = ParseTableFactor();
  if (left == nullptr) return nullptr;
  return ParseJoinTail(left);
}

ast::TableRef* Parser::ParseJoinTail(ast::TableRef* left) {
  ChainGuard chain(this);
  while (AtJoinKeyword()) {
    if (!chain.Step()) return Fail();
    auto* j = New<ast::Join>();
    if (AcceptKeyword(Keyword::kNatural)) {
      j->join = ast::JoinKind::kNatural;
      if (AcceptKeyword(Keyword::kLeft)) {
        j->join = ast::JoinKind::kNaturalLeft;
        AcceptKeyword(Keyword::kOuter);
      } else if (AcceptKeyword(Keyword::kRight)) {
        j->join = ast::JoinKind::kNaturalRight;
        AcceptKeyword(Keyword::kOuter);
      } else {
        AcceptKeyword(Keyword::kInner);
      }
      if (!ExpectKeyword(Keyword::kJoin)) return nullptr;
    } else if (AcceptKeyword(Keyword::kStraightJoin)) {
      j->join = ast::JoinKind::kStraight;
    } else if (AcceptKeyword(Keyword::kLeft) || AcceptKeyword(Keyword::kRight)) {
      j->join = At(pos_ - 1).Is(Keyword::kLeft) ? ast::JoinKind::kLeft : ast::JoinKind::kRight;
      AcceptKeyword(Keyword::kOuter);
      if (!ExpectKeyword(Keyword::kJoin)) return nullptr;
    } else if (AcceptKeyword(Keyword::kCross)) {
      j->join = ast::JoinKind::kCross;
      if (!ExpectKeyword(Keyword::kJoin)) return nullptr;
    } else {
      AcceptKeyword(Keyword::kInner);
      j->join = ast::JoinKind::kInner;
      if (!ExpectKeyword(Keyword::kJoin)) return nullptr;
    }
    j->left = left;
    j->right = ParseTableFactor();
    if (j->right == nullptr) return nullptr;
    bool natural = j->join == ast::JoinKind::kNatural || j->join == ast::JoinKind::kNaturalLeft ||
                   j->join == ast::JoinKind::kNaturalRight;
    bool needs_condition = j->join == ast::JoinKind::kLeft || j->join == ast::JoinKind::kRight;
    if (needs_condition && AtJoinKeyword()) {
      // a LEFT JOIN b JOIN c ON x ON y: the condition-less right side takes
      // the next joins first, as MySQL's grammar does.
      DepthGuard guard(this);
      if (!guard.ok()) return Fail();
      j->right = ParseJoinTail(j->right);
      if (j->right == nullptr) return nullptr;
    }
    if (!natural && AcceptKeyword(Keyword::kOn)) {
      j->on = ParseExpr();
      if (j->on == nullptr) return nullptr;
    } else if (!natural && AcceptKeyword(Keyword::kUsing)) {
      j->has_using = true;
      if (!ParseNameList(&j->using_columns)) return nullptr;
    } else if (needs_condition) {
      return Fail();
    }
    j->begin = left->begin;
    const Token& last = At(pos_ - 1);
    j->end = last.offset + last.length;
    left = j;
  }
  return left;
}

ast::TableRef* Parser::ParseTableFactor() {
  DepthGuard guard(this);
  if (!guard.ok()) return Fail();
  size_t start = pos_;
  bool lateral = AcceptWord("LATERAL");
  if (PeekOp("(")) {
    if (ParenHoldsQuery(pos_)) {
      ++pos_;
      auto* d = New<ast::DerivedTable>();
      d->lateral = lateral;
      d->query = ParseQuery();
      if (d->query == nullptr || !ExpectOp(")")) return nullptr;
      if (!ParseOptionalAlias(&d->alias, /*allow_string=*/false)) return nullptr;
      if (!d->alias.empty() && PeekOp("(") && !ParseNameList(&d->columns)) return nullptr;
      return Finish(d, start);
    }
    if (lateral) return Fail();
    ++pos_;
    auto* p = New<ast::ParenTables>();
    if (!ParseTableRefList(&p->items) || !ExpectOp(")")) return nullptr;
    return Finish(p, start);
  }
  if (lateral) return Fail();
  if (PeekWord("JSON_TABLE") && PeekOp("(", 1)) return FailUnsupported("JSON_TABLE");
  auto* t = New<ast::TableName>();
  if (!ParseTableName(&t->schema, &t->name)) return nullptr;
  if (PeekWord("PARTITION")) return FailUnsupported("PARTITION selection");
  if (!ParseOptionalAlias(&t->alias, /*allow_string=*/false)) return nullptr;
  if (!ParseIndexHints(&t->index_hints)) return nullptr;
  return Finish(t, start);
}

bool Parser::ParseIndexHints(ast::NodeList<ast::IndexHint>* out) {
  size_t mark = Mark();
  while ((PeekKeyword(Keyword::kUse) || PeekKeyword(Keyword::kIgnore) ||
          PeekKeyword(Keyword::kForce)) &&
         (PeekKeyword(Keyword::kIndex, 1) || PeekKeyword(Keyword::kKey, 1))) {
    size_t start = pos_;
    auto* hint = New<ast::IndexHint>();
    hint->type = PeekKeyword(Keyword::kUse)      ? ast::IndexHintType::kUse
                 : PeekKeyword(Keyword::kIgnore) ? ast::IndexHintType::kIgnore
                                                 : ast::IndexHintType::kForce;
    pos_ += 2;
    if (AcceptKeyword(Keyword::kFor)) {
      if (AcceptKeyword(Keyword::kJoin)) {
        hint->scope = ast::IndexHintScope::kJoin;
      } else if (AcceptKeyword(Keyword::kOrder)) {
        hint->scope = ast::IndexHintScope::kOrderBy;
        if (!ExpectKeyword(Keyword::kBy)) return false;
      } else if (AcceptKeyword(Keyword::kGroup)) {
        hint->scope = ast::IndexHintScope::kGroupBy;
        if (!ExpectKeyword(Keyword::kBy)) return false;
      } else {
        Fail();
        return false;
      }
    }
    if (!ExpectOp("(")) return false;
    size_t names = Mark();
    if (!PeekOp(")")) {
      do {
        auto* id = New<ast::Identifier>();
        if (PeekKeyword(Keyword::kPrimary)) {
          id->name = Text(Peek());
          ++pos_;
        } else if (!ParseName(id)) {
          return false;
        }
        Push(id);
      } while (AcceptOp(","));
    }
    if (!ExpectOp(")")) return false;
    hint->names = TakeList<ast::Identifier>(names);
    if (hint->names.empty() && hint->type != ast::IndexHintType::kUse) {
      Fail();
      return false;
    }
    Push(Finish(hint, start));
  }
  *out = TakeList<ast::IndexHint>(mark);
  return true;
}

}  // namespace edgesql::sql
