// Names and classes of statement kinds (statement_info.h).
#include "sql/statement_info.h"

namespace edgesql::sql {

std::string_view StatementKindName(StatementKind kind) {
  switch (kind) {
    case StatementKind::kSelect:
      return "select";
    case StatementKind::kInsert:
      return "insert";
    case StatementKind::kUpdate:
      return "update";
    case StatementKind::kDelete:
      return "delete";
    case StatementKind::kReplace:
      return "replace";
    case StatementKind::kCreateTable:
      return "create_table";
    case StatementKind::kAlterTable:
      return "alter_table";
    case StatementKind::kDropTable:
      return "drop_table";
    case StatementKind::kRenameTable:
      return "rename_table";
    case StatementKind::kTruncate:
      return "truncate";
    case StatementKind::kCreateIndex:
      return "create_index";
    case StatementKind::kDropIndex:
      return "drop_index";
    case StatementKind::kCreateView:
      return "create_view";
    case StatementKind::kDropView:
      return "drop_view";
    case StatementKind::kCreateTrigger:
      return "create_trigger";
    case StatementKind::kDropTrigger:
      return "drop_trigger";
    case StatementKind::kCreateDatabase:
      return "create_database";
    case StatementKind::kDropDatabase:
      return "drop_database";
    case StatementKind::kBegin:
      return "begin";
    case StatementKind::kCommit:
      return "commit";
    case StatementKind::kRollback:
      return "rollback";
    case StatementKind::kSet:
      return "set";
    case StatementKind::kShow:
      return "show";
    case StatementKind::kUse:
      return "use";
    case StatementKind::kDescribe:
      return "describe";
    case StatementKind::kExplain:
      return "explain";
    case StatementKind::kOther:
      return "other";
  }
  return "other";  // unreachable for valid enumerators; keeps -Wreturn-type quiet
}

bool IsDdl(StatementKind kind) {
  switch (kind) {
    case StatementKind::kCreateTable:
    case StatementKind::kAlterTable:
    case StatementKind::kDropTable:
    case StatementKind::kRenameTable:
    case StatementKind::kTruncate:  // MySQL implements TRUNCATE as drop + create
    case StatementKind::kCreateIndex:
    case StatementKind::kDropIndex:
    case StatementKind::kCreateView:
    case StatementKind::kDropView:
    case StatementKind::kCreateTrigger:
    case StatementKind::kDropTrigger:
    case StatementKind::kCreateDatabase:
    case StatementKind::kDropDatabase:
      return true;
    default:
      return false;
  }
}

}  // namespace edgesql::sql
