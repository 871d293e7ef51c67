// The test harness's own check: SqliteDb renders each storage class as
// documented, so translation tests can compare strings.
#include "sqlite_eval.h"

#include <gtest/gtest.h>

namespace edgesql::testing {
namespace {

TEST(SqliteEval, RendersEachStorageClass) {
  SqliteDb db;
  EXPECT_EQ(db.Eval("NULL, 7, 3.5, 'x', x'00ff'"), "NULL|7|3.5|x|x'00FF'");
  EXPECT_EQ(db.Eval("?1 || ?2", {"a", "b"}), "ab");
  EXPECT_EQ(db.Eval("no_such_function(1)"), "error: no such function: no_such_function");
  EXPECT_EQ(db.Exec("CREATE TABLE t (a); INSERT INTO t VALUES (1), (2)"), "");
  EXPECT_EQ(db.Query("SELECT a FROM t ORDER BY a"), "1\n2");
}

}  // namespace
}  // namespace edgesql::testing
