#include "catalog/mysql_type.h"

#include <cctype>
#include <string>

namespace edgesql::catalog {
namespace {

struct TypeRow {
  MySqlType type;
  std::string_view name;
  StorageClass storage;
  WireType wire;
};

// One row per type, in enum order (checked by mysql_type_test.cc). Wire
// codes are the protocol's MYSQL_TYPE_* values (include/field_types.h).
constexpr TypeRow kTypes[] = {
    {MySqlType::kTinyInt, "tinyint", StorageClass::kInteger, {1, "TINY"}},
    {MySqlType::kSmallInt, "smallint", StorageClass::kInteger, {2, "SHORT"}},
    {MySqlType::kMediumInt, "mediumint", StorageClass::kInteger, {9, "INT24"}},
    {MySqlType::kInt, "int", StorageClass::kInteger, {3, "LONG"}},
    {MySqlType::kBigInt, "bigint", StorageClass::kInteger, {8, "LONGLONG"}},
    // NUMERIC affinity keeps comparisons numeric; the declared scale is
    // applied when results are shaped.
    {MySqlType::kDecimal, "decimal", StorageClass::kNumeric, {246, "NEWDECIMAL"}},
    {MySqlType::kFloat, "float", StorageClass::kReal, {4, "FLOAT"}},
    {MySqlType::kDouble, "double", StorageClass::kReal, {5, "DOUBLE"}},
    {MySqlType::kBit, "bit", StorageClass::kInteger, {16, "BIT"}},
    {MySqlType::kChar, "char", StorageClass::kText, {254, "STRING"}},
    {MySqlType::kVarchar, "varchar", StorageClass::kText, {253, "VAR_STRING"}},
    {MySqlType::kBinary, "binary", StorageClass::kBlob, {254, "STRING"}},
    {MySqlType::kVarbinary, "varbinary", StorageClass::kBlob, {253, "VAR_STRING"}},
    {MySqlType::kTinyText, "tinytext", StorageClass::kText, {252, "BLOB"}},
    {MySqlType::kText, "text", StorageClass::kText, {252, "BLOB"}},
    {MySqlType::kMediumText, "mediumtext", StorageClass::kText, {252, "BLOB"}},
    {MySqlType::kLongText, "longtext", StorageClass::kText, {252, "BLOB"}},
    {MySqlType::kTinyBlob, "tinyblob", StorageClass::kBlob, {252, "BLOB"}},
    {MySqlType::kBlob, "blob", StorageClass::kBlob, {252, "BLOB"}},
    {MySqlType::kMediumBlob, "mediumblob", StorageClass::kBlob, {252, "BLOB"}},
    {MySqlType::kLongBlob, "longblob", StorageClass::kBlob, {252, "BLOB"}},
    {MySqlType::kEnum, "enum", StorageClass::kText, {254, "STRING"}},
    {MySqlType::kSet, "set", StorageClass::kText, {254, "STRING"}},
    // Temporal values are stored in MySQL's own text format, which sorts
    // and compares correctly as text.
    {MySqlType::kDate, "date", StorageClass::kText, {10, "DATE"}},
    {MySqlType::kDatetime, "datetime", StorageClass::kText, {12, "DATETIME"}},
    {MySqlType::kTimestamp, "timestamp", StorageClass::kText, {7, "TIMESTAMP"}},
    {MySqlType::kTime, "time", StorageClass::kText, {11, "TIME"}},
    {MySqlType::kYear, "year", StorageClass::kInteger, {13, "YEAR"}},
    {MySqlType::kJson, "json", StorageClass::kText, {245, "JSON"}},
};

const TypeRow& Row(MySqlType type) { return kTypes[static_cast<size_t>(type)]; }

struct Synonym {
  std::string_view word;
  MySqlType type;
};

constexpr Synonym kSynonyms[] = {
    {"integer", MySqlType::kInt},
    {"bool", MySqlType::kTinyInt},
    {"boolean", MySqlType::kTinyInt},
    {"dec", MySqlType::kDecimal},
    {"numeric", MySqlType::kDecimal},
    {"fixed", MySqlType::kDecimal},
    {"real", MySqlType::kDouble},
    {"nchar", MySqlType::kChar},
    {"character", MySqlType::kChar},  // CHARACTER VARYING: the caller reads VARYING
    {"nvarchar", MySqlType::kVarchar},
    {"int1", MySqlType::kTinyInt},
    {"int2", MySqlType::kSmallInt},
    {"int3", MySqlType::kMediumInt},
    {"int4", MySqlType::kInt},
    {"int8", MySqlType::kBigInt},
    {"middleint", MySqlType::kMediumInt},
    {"float4", MySqlType::kFloat},
    {"float8", MySqlType::kDouble},
};

}  // namespace

std::optional<MySqlType> ParseMySqlType(std::string_view word) {
  std::string lower(word);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const TypeRow& row : kTypes) {
    if (row.name == lower) return row.type;
  }
  for (const Synonym& s : kSynonyms) {
    if (s.word == lower) return s.type;
  }
  return std::nullopt;
}

std::string_view TypeName(MySqlType type) { return Row(type).name; }
StorageClass StorageOf(MySqlType type) { return Row(type).storage; }
WireType WireTypeOf(MySqlType type) { return Row(type).wire; }

bool IsInteger(MySqlType type) {
  return type == MySqlType::kTinyInt || type == MySqlType::kSmallInt ||
         type == MySqlType::kMediumInt || type == MySqlType::kInt || type == MySqlType::kBigInt;
}

bool IsString(MySqlType type) {
  switch (type) {
    case MySqlType::kChar:
    case MySqlType::kVarchar:
    case MySqlType::kTinyText:
    case MySqlType::kText:
    case MySqlType::kMediumText:
    case MySqlType::kLongText:
    case MySqlType::kEnum:
    case MySqlType::kSet:
      return true;
    default:
      return false;
  }
}

bool IsBinary(MySqlType type) { return StorageOf(type) == StorageClass::kBlob; }

bool IsTemporal(MySqlType type) {
  return type == MySqlType::kDate || type == MySqlType::kDatetime ||
         type == MySqlType::kTimestamp || type == MySqlType::kTime;
}

IntRange RangeOf(MySqlType type, bool is_unsigned) {
  auto range = [is_unsigned](int bits) {
    if (is_unsigned) {
      return IntRange{0, bits == 64 ? UINT64_MAX : (uint64_t{1} << bits) - 1};
    }
    return IntRange{bits == 64 ? INT64_MIN : -(int64_t{1} << (bits - 1)),
                    (uint64_t{1} << (bits - 1)) - 1};
  };
  switch (type) {
    case MySqlType::kTinyInt:
      return range(8);
    case MySqlType::kSmallInt:
      return range(16);
    case MySqlType::kMediumInt:
      return range(24);
    case MySqlType::kInt:
      return range(32);
    case MySqlType::kYear:
      return IntRange{0, 2155};
    default:
      return range(64);
  }
}

int64_t ImplicitMaxLength(MySqlType type) {
  switch (type) {
    case MySqlType::kTinyText:
    case MySqlType::kTinyBlob:
      return 255;
    case MySqlType::kText:
    case MySqlType::kBlob:
      return 65535;
    case MySqlType::kMediumText:
    case MySqlType::kMediumBlob:
      return 16777215;
    default:
      return 4294967295;
  }
}

}  // namespace edgesql::catalog
