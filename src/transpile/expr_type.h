// ExprType: what the generator knows about the MySQL type of an expression.
//
// SQLite values carry no MySQL type, yet MySQL's answers depend on it: `/`
// of two exact numbers is a DECIMAL with four more digits of scale, SUM of
// integers is a DECIMAL, a string compared with a number compares as
// numbers, a literal string compares under the default case-insensitive
// collation. The generator infers an ExprType bottom-up for every
// expression (columns from the catalog, literals from their spelling,
// operators and functions by MySQL's rules) and uses it both to choose the
// SQLite text and to type the result columns drivers see.
#ifndef EDGESQL_TRANSPILE_EXPR_TYPE_H_
#define EDGESQL_TRANSPILE_EXPR_TYPE_H_

#include <algorithm>
#include <cstdint>

#include "catalog/table_def.h"

namespace edgesql::transpile {

enum class TypeClass : uint8_t {
  kUnknown,  // a placeholder, a view's column, ...: typed from the values
  kNull,     // the NULL literal
  kInteger,
  kDecimal,
  kDouble,
  kString,
  kBinary,
  kDate,
  kDatetime,
  kTime,
  kJson,
};

struct ExprType {
  TypeClass cls = TypeClass::kUnknown;
  int scale = -1;  // kDecimal: digits after the point; temporal: fractional digits
  bool is_unsigned = false;
  // The value has a collation of its own (a column's, or COLLATE x), which
  // comparisons keep; other strings compare under MySQL's default _ci one.
  bool collation_fixed = false;
  // A plain reference to a catalogued column: its full definition.
  const catalog::ColumnDef* column = nullptr;
  const catalog::TableDef* table = nullptr;

  bool IsExactNumber() const { return cls == TypeClass::kInteger || cls == TypeClass::kDecimal; }
  bool IsNumber() const { return IsExactNumber() || cls == TypeClass::kDouble; }
  bool IsText() const { return cls == TypeClass::kString; }
  bool IsTemporal() const {
    return cls == TypeClass::kDate || cls == TypeClass::kDatetime || cls == TypeClass::kTime;
  }
  // The value itself, without the column it came from (MIN(col), col + 0).
  ExprType Value() const {
    ExprType t = *this;
    t.column = nullptr;
    t.table = nullptr;
    t.collation_fixed = false;
    return t;
  }
};

inline ExprType TypeOf(TypeClass cls, int scale = -1) {
  ExprType t;
  t.cls = cls;
  t.scale = scale;
  return t;
}

// The type of a catalogued column.
ExprType ColumnType(const catalog::ColumnDef& column, const catalog::TableDef* table);

// The common type of two branches (CASE, IF, COALESCE, UNION columns).
ExprType MergeTypes(const ExprType& a, const ExprType& b);

// The type of a + b, a - b, a * b under MySQL's rules (scale: max for + and
// -, sum for *).
ExprType ArithmeticType(const ExprType& a, const ExprType& b, bool multiply);

}  // namespace edgesql::transpile

#endif  // EDGESQL_TRANSPILE_EXPR_TYPE_H_
