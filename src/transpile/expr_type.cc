#include "transpile/expr_type.h"

namespace edgesql::transpile {

using catalog::MySqlType;

ExprType ColumnType(const catalog::ColumnDef& column, const catalog::TableDef* table) {
  ExprType t;
  t.column = &column;
  t.table = table;
  t.is_unsigned = column.is_unsigned;
  t.collation_fixed = true;
  switch (column.type) {
    case MySqlType::kDecimal:
      t.cls = TypeClass::kDecimal;
      t.scale = column.scale < 0 ? 0 : column.scale;
      break;
    case MySqlType::kFloat:
    case MySqlType::kDouble:
      t.cls = TypeClass::kDouble;
      break;
    case MySqlType::kDate:
      t.cls = TypeClass::kDate;
      break;
    case MySqlType::kDatetime:
    case MySqlType::kTimestamp:
      t.cls = TypeClass::kDatetime;
      t.scale = column.scale;
      break;
    case MySqlType::kTime:
      t.cls = TypeClass::kTime;
      t.scale = column.scale;
      break;
    case MySqlType::kJson:
      t.cls = TypeClass::kJson;
      break;
    case MySqlType::kYear:
    case MySqlType::kBit:
      t.cls = TypeClass::kInteger;
      break;
    default:
      if (catalog::IsInteger(column.type)) {
        t.cls = TypeClass::kInteger;
      } else if (catalog::IsBinary(column.type)) {
        t.cls = TypeClass::kBinary;
      } else {
        t.cls = TypeClass::kString;
      }
  }
  return t;
}

ExprType MergeTypes(const ExprType& a, const ExprType& b) {
  if (a.cls == TypeClass::kNull) return b.Value();
  if (b.cls == TypeClass::kNull) return a.Value();
  if (a.cls == TypeClass::kUnknown || b.cls == TypeClass::kUnknown) return ExprType{};
  if (a.cls == b.cls) {
    ExprType t = a.Value();
    t.scale = std::max(a.scale, b.scale);
    t.is_unsigned = a.is_unsigned && b.is_unsigned;
    return t;
  }
  if (a.IsNumber() && b.IsNumber()) return ArithmeticType(a, b, false);
  if (a.IsTemporal() && b.IsTemporal()) return TypeOf(TypeClass::kDatetime);
  if (a.cls == TypeClass::kBinary || b.cls == TypeClass::kBinary) return TypeOf(TypeClass::kBinary);
  return TypeOf(TypeClass::kString);
}

ExprType ArithmeticType(const ExprType& a, const ExprType& b, bool multiply) {
  if (a.cls == TypeClass::kUnknown || b.cls == TypeClass::kUnknown) return ExprType{};
  if (a.cls == TypeClass::kNull || b.cls == TypeClass::kNull) return TypeOf(TypeClass::kNull);
  // Strings, temporal values and doubles make the arithmetic floating point.
  if (!a.IsExactNumber() || !b.IsExactNumber()) return TypeOf(TypeClass::kDouble);
  if (a.cls == TypeClass::kInteger && b.cls == TypeClass::kInteger) {
    ExprType t = TypeOf(TypeClass::kInteger);
    t.is_unsigned = a.is_unsigned || b.is_unsigned;
    return t;
  }
  int sa = a.cls == TypeClass::kDecimal ? std::max(a.scale, 0) : 0;
  int sb = b.cls == TypeClass::kDecimal ? std::max(b.scale, 0) : 0;
  return TypeOf(TypeClass::kDecimal, std::min(multiply ? sa + sb : std::max(sa, sb), 30));
}

}  // namespace edgesql::transpile
