// MySqlType: MySQL's column types and what Edge SQL needs to know about
// each: how SHOW COLUMNS spells it, which SQLite storage type holds it, the
// protocol type code drivers see, and the range strict mode enforces.
#ifndef EDGESQL_CATALOG_MYSQL_TYPE_H_
#define EDGESQL_CATALOG_MYSQL_TYPE_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace edgesql::catalog {

enum class MySqlType : uint8_t {
  kTinyInt,
  kSmallInt,
  kMediumInt,
  kInt,
  kBigInt,
  kDecimal,
  kFloat,
  kDouble,
  kBit,
  kChar,
  kVarchar,
  kBinary,
  kVarbinary,
  kTinyText,
  kText,
  kMediumText,
  kLongText,
  kTinyBlob,
  kBlob,
  kMediumBlob,
  kLongBlob,
  kEnum,
  kSet,
  kDate,
  kDatetime,
  kTimestamp,
  kTime,
  kYear,
  kJson,
};

enum class StorageClass : uint8_t { kInteger, kReal, kNumeric, kText, kBlob };

// Parses a MySQL type keyword ("varchar", "INTEGER", "bool", "double precision"
// is "DOUBLE" plus PRECISION handled by the caller). Synonyms resolve to their
// canonical type: INTEGER -> kInt, BOOL/BOOLEAN -> kTinyInt, DEC/NUMERIC/FIXED
// -> kDecimal, REAL -> kDouble, NCHAR -> kChar, NVARCHAR -> kVarchar.
// SERIAL is reported separately by the caller. nullopt for anything else.
std::optional<MySqlType> ParseMySqlType(std::string_view word);

// "int", "varchar", "decimal", ... as information_schema.DATA_TYPE spells it.
std::string_view TypeName(MySqlType type);

StorageClass StorageOf(MySqlType type);

// The protocol's column type code and mysql2's name for it (VARCHAR is sent
// as VAR_STRING, TEXT as BLOB, DECIMAL as NEWDECIMAL, ...).
struct WireType {
  int code;
  std::string_view name;
};
WireType WireTypeOf(MySqlType type);

bool IsInteger(MySqlType type);
bool IsString(MySqlType type);  // character types, ENUM and SET
bool IsBinary(MySqlType type);
bool IsTemporal(MySqlType type);

// Inclusive integer range of an integer type, for strict-mode checks.
struct IntRange {
  int64_t min;
  uint64_t max;
};
IntRange RangeOf(MySqlType type, bool is_unsigned);

// The largest length in characters (text) or bytes (blobs) a type holds
// when it has no declared length.
int64_t ImplicitMaxLength(MySqlType type);

}  // namespace edgesql::catalog

#endif  // EDGESQL_CATALOG_MYSQL_TYPE_H_
