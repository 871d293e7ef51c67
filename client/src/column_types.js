// MySQL's column types as the protocol numbers them (include/field_types.h), with the names mysql2
// gives them (`field.type` inside typeCast, `dateStrings: ['DATE']`). The gateway sends the number
// as `columnType`; everything the client derives from a type starts here.

/** Protocol number -> mysql2's type name. */
export const kTypeNames = Object.freeze({
  0: 'DECIMAL',
  1: 'TINY',
  2: 'SHORT',
  3: 'LONG',
  4: 'FLOAT',
  5: 'DOUBLE',
  6: 'NULL',
  7: 'TIMESTAMP',
  8: 'LONGLONG',
  9: 'INT24',
  10: 'DATE',
  11: 'TIME',
  12: 'DATETIME',
  13: 'YEAR',
  14: 'NEWDATE',
  15: 'VARCHAR',
  16: 'BIT',
  242: 'VECTOR',
  245: 'JSON',
  246: 'NEWDECIMAL',
  247: 'ENUM',
  248: 'SET',
  249: 'TINY_BLOB',
  250: 'MEDIUM_BLOB',
  251: 'LONG_BLOB',
  252: 'BLOB',
  253: 'VAR_STRING',
  254: 'STRING',
  255: 'GEOMETRY',
});

/** mysql2's type name -> protocol number (the inverse of kTypeNames). */
export const kTypes = Object.freeze(
  Object.fromEntries(Object.entries(kTypeNames).map(([code, name]) => [name, Number(code)])),
);

/** The `binary` character set: numbers, temporals, BIT and JSON always carry it in MySQL. */
export const kBinaryCharset = 63;

// Types MySQL always sends with the binary character set, whatever the column's collation.
const kBinaryCharsetTypes = new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 245, 246]);
// Types whose `decimals` is 0 in every column definition MySQL sends.
const kZeroDecimalTypes = new Set([1, 2, 3, 8, 9, 10, 13, 16]);

/** The character set MySQL would certainly send for `columnType`, or undefined if it depends. */
export function impliedCharset(columnType) {
  return kBinaryCharsetTypes.has(columnType) ? kBinaryCharset : undefined;
}

/** The `decimals` MySQL would certainly send for `columnType`, or undefined if it depends. */
export function impliedDecimals(columnType) {
  return kZeroDecimalTypes.has(columnType) ? 0 : undefined;
}
