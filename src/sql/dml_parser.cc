// INSERT/REPLACE, UPDATE and DELETE parsing (parser_internal.h).
#include "sql/parser_internal.h"

namespace edgesql::sql {

bool Parser::ParseAssignments(ast::NodeList<ast::Assignment>* out) {
  size_t mark = Mark();
  do {
    size_t start = pos_;
    auto* a = New<ast::Assignment>();
    auto* c = New<ast::ColumnRef>();
    ast::Identifier parts[3];
    int n = 0;
    if (!ParseName(&parts[n++])) return false;
    while (n < 3 && AcceptOp(".")) {
      if (!ParseName(&parts[n++], /*after_dot=*/true)) return false;
    }
    if (n == 3) {
      c->schema = parts[0];
      c->table = parts[1];
    } else if (n == 2) {
      c->table = parts[0];
    }
    c->column = parts[n - 1];
    a->column = Finish(c, start);
    if (!AcceptOp(":=") && !ExpectOp("=")) return false;
    a->value = ParseExpr();
    if (a->value == nullptr) return false;
    Push(Finish(a, start));
  } while (AcceptOp(","));
  *out = TakeList<ast::Assignment>(mark);
  return true;
}

ast::Statement* Parser::ParseInsert() {
  size_t start = pos_;
  auto* ins = New<ast::InsertStatement>();
  ins->replace = PeekKeyword(Keyword::kReplace);
  ++pos_;  // INSERT or REPLACE
  if (AcceptKeyword(Keyword::kLowPriority)) {
    ins->priority = ast::Priority::kLow;
  } else if (AcceptKeyword(Keyword::kDelayed)) {
    ins->priority = ast::Priority::kDelayed;
  } else if (!ins->replace && AcceptKeyword(Keyword::kHighPriority)) {
    ins->priority = ast::Priority::kHigh;
  }
  if (!ins->replace) ins->ignore = AcceptKeyword(Keyword::kIgnore);
  AcceptKeyword(Keyword::kInto);
  if (!ParseTableName(&ins->schema, &ins->table)) return nullptr;
  if (PeekWord("PARTITION")) return FailUnsupported("PARTITION selection");
  if (PeekOp("(") && !ParenHoldsQuery(pos_)) {
    ins->has_columns = true;
    ++pos_;
    size_t mark = Mark();
    if (!PeekOp(")")) {
      do {
        // Columns may be qualified (t.a); only the column name matters.
        auto* id = New<ast::Identifier>();
        if (!ParseName(id)) return nullptr;
        while (AcceptOp(".")) {
          if (!ParseName(id, /*after_dot=*/true)) return nullptr;
        }
        Push(id);
      } while (AcceptOp(","));
    }
    if (!ExpectOp(")")) return nullptr;
    ins->columns = TakeList<ast::Identifier>(mark);
  }
  bool row_source = false;  // VALUES or SET: may take AS alias
  if (PeekKeyword(Keyword::kValues) || PeekKeyword(Keyword::kValue)) {
    ++pos_;
    ins->source = ast::InsertSource::kValues;
    size_t mark = Mark();
    do {
      ast::ValuesRow* row = ParseValuesRow(/*allow_row_keyword=*/true);
      if (row == nullptr) return nullptr;
      Push(row);
    } while (AcceptOp(","));
    ins->rows = TakeList<ast::ValuesRow>(mark);
    row_source = true;
  } else if (AcceptKeyword(Keyword::kSet)) {
    if (ins->has_columns) return FailAt(pos_ - 1);
    ins->source = ast::InsertSource::kSet;
    if (!ParseAssignments(&ins->set)) return nullptr;
    row_source = true;
  } else if (PeekKeyword(Keyword::kSelect) || PeekKeyword(Keyword::kWith) ||
             PeekKeyword(Keyword::kTable) || PeekOp("(")) {
    ins->source = ast::InsertSource::kQuery;
    ins->query = ParseQuery();
    if (ins->query == nullptr) return nullptr;
  } else {
    return Fail();
  }
  if (row_source && AcceptKeyword(Keyword::kAs)) {
    if (!ParseName(&ins->row_alias)) return nullptr;
    if (PeekOp("(") && !ParseNameList(&ins->row_alias_columns)) return nullptr;
  }
  if (AcceptKeyword(Keyword::kOn)) {
    if (!ExpectKeyword(Keyword::kDuplicate) || !ExpectKeyword(Keyword::kKey) ||
        !ExpectKeyword(Keyword::kUpdate) || !ParseAssignments(&ins->on_duplicate)) {
      return nullptr;
    }
  }
  return Finish(ins, start);
}

ast::Statement* Parser::ParseUpdate(ast::WithClause* with, size_t start) {
  if (!ExpectKeyword(Keyword::kUpdate)) return nullptr;
  auto* up = New<ast::UpdateStatement>();
  up->with = with;
  up->low_priority = AcceptKeyword(Keyword::kLowPriority);
  up->ignore = AcceptKeyword(Keyword::kIgnore);
  if (!ParseTableRefList(&up->tables)) return nullptr;
  if (!ExpectKeyword(Keyword::kSet) || !ParseAssignments(&up->set)) return nullptr;
  if (AcceptKeyword(Keyword::kWhere)) {
    up->where = ParseExpr();
    if (up->where == nullptr) return nullptr;
  }
  if (AcceptKeyword(Keyword::kOrder)) {
    if (!ExpectKeyword(Keyword::kBy) || !ParseOrderBy(&up->order_by)) return nullptr;
  }
  if (PeekKeyword(Keyword::kLimit)) {
    up->limit = ParseLimit();
    if (up->limit == nullptr) return nullptr;
  }
  // MySQL refuses ORDER BY and LIMIT on multi-table updates.
  bool multi = up->tables.size > 1 || up->tables[0]->kind != ast::TableRefKind::kTable;
  if (multi && (!up->order_by.empty() || up->limit != nullptr)) {
    return FailUnsupported("ORDER BY or LIMIT in a multi-table UPDATE");
  }
  return Finish(up, start);
}

ast::TableName* Parser::ParseDeleteTarget() {
  size_t start = pos_;
  auto* t = New<ast::TableName>();
  if (!ParseTableName(&t->schema, &t->name)) return nullptr;
  if (PeekOp(".") && PeekOp("*", 1)) {
    pos_ += 2;
    t->star = true;
  }
  return Finish(t, start);
}

ast::Statement* Parser::ParseDelete(ast::WithClause* with, size_t start) {
  if (!ExpectKeyword(Keyword::kDelete)) return nullptr;
  auto* del = New<ast::DeleteStatement>();
  del->with = with;
  while (true) {
    if (AcceptKeyword(Keyword::kLowPriority)) {
      del->low_priority = true;
    } else if (AcceptKeyword(Keyword::kQuick)) {
      del->quick = true;
    } else if (AcceptKeyword(Keyword::kIgnore)) {
      del->ignore = true;
    } else {
      break;
    }
  }
  size_t mark = Mark();
  if (AcceptKeyword(Keyword::kFrom)) {
    ast::TableName* first = ParseDeleteTarget();
    if (first == nullptr) return nullptr;
    Push(first);
    if (PeekOp(",") || PeekKeyword(Keyword::kUsing)) {
      del->form = ast::DeleteForm::kMultiUsing;
      while (AcceptOp(",")) {
        ast::TableName* t = ParseDeleteTarget();
        if (t == nullptr) return nullptr;
        Push(t);
      }
      del->targets = TakeList<ast::TableName>(mark);
      if (!ExpectKeyword(Keyword::kUsing) || !ParseTableRefList(&del->from)) return nullptr;
    } else {
      if (first->star) return FailAt(pos_ - 1);
      if (PeekWord("PARTITION")) return FailUnsupported("PARTITION selection");
      if (!ParseOptionalAlias(&first->alias, /*allow_string=*/false)) return nullptr;
      first->end = At(pos_ - 1).offset + At(pos_ - 1).length;
      del->targets = TakeList<ast::TableName>(mark);
    }
  } else {
    del->form = ast::DeleteForm::kMultiFrom;
    do {
      ast::TableName* t = ParseDeleteTarget();
      if (t == nullptr) return nullptr;
      Push(t);
    } while (AcceptOp(","));
    del->targets = TakeList<ast::TableName>(mark);
    if (!ExpectKeyword(Keyword::kFrom) || !ParseTableRefList(&del->from)) return nullptr;
  }
  if (AcceptKeyword(Keyword::kWhere)) {
    del->where = ParseExpr();
    if (del->where == nullptr) return nullptr;
  }
  if (del->form == ast::DeleteForm::kSingle) {
    if (AcceptKeyword(Keyword::kOrder)) {
      if (!ExpectKeyword(Keyword::kBy) || !ParseOrderBy(&del->order_by)) return nullptr;
    }
    if (PeekKeyword(Keyword::kLimit)) {
      del->limit = ParseLimit();
      if (del->limit == nullptr) return nullptr;
    }
  }
  return Finish(del, start);
}

}  // namespace edgesql::sql
