// RowDecoder: the gateway's JSON rows -> the rows mysql2 gives for the same result set over
// MySQL's text protocol (lib/parsers/text_parser.js), honouring mysql2's options: typeCast,
// supportBigNumbers, bigNumberStrings, decimalNumbers, dateStrings, timezone, jsonStrings,
// rowsAsArray and nestTables.
//
// A cell is what the gateway sends: a JSON scalar, `{"$binary": base64}` or `{"$bigint": digits}`
// (values.js). Conversions are picked once per column from its type and the options; a row then
// costs one call per cell. Where mysql2 reads MySQL's text form of a value (typeCast: false,
// field.string(), field.buffer()), `wireBytes` rebuilds that text from the cell.

import { Buffer } from 'node:buffer';
import { kBinaryCharset, kTypeNames, kTypes } from './column_types.js';
import { bigintOf, binaryOf } from './values.js';

const T = kTypes;

// Option names as mysql2 reads them: the query's own options, or-ed with the connection's for
// the flags; decimalNumbers and jsonStrings are connection settings only (as in mysql2's text
// parser); nestTables and typeCast: false act per query only, while a connection-wide typeCast
// function applies to every query that does not bring its own function.
/** The options that shape rows for one query: `config` is the connection's, `query` the call's. */
export function rowOptions(config, query = {}) {
  let typeCast = query.typeCast;
  if (typeof config.typeCast === 'function' && typeof typeCast !== 'function') typeCast = config.typeCast;
  return {
    supportBigNumbers: Boolean(query.supportBigNumbers || config.supportBigNumbers),
    bigNumberStrings: Boolean(query.bigNumberStrings || config.bigNumberStrings),
    decimalNumbers: Boolean(config.decimalNumbers),
    jsonStrings: Boolean(config.jsonStrings),
    timezone: query.timezone || config.timezone || 'local',
    dateStrings: query.dateStrings || config.dateStrings || false,
    typeCast,
    rowsAsArray: Boolean(query.rowsAsArray ?? config.rowsAsArray),
    nestTables: query.nestTables,
  };
}

/**
 * Converts the gateway's rows (arrays of cells in field order, or objects keyed by field name)
 * for `fields` (ColumnDefinitions). Throws as mysql2 does when a name would overwrite an
 * object's internals (`__proto__`, ...).
 */
export function decodeRows(rows, fields, options) {
  const n = fields.length;
  const convert = fields.map((field) => columnConverter(field, options));
  const keyed = rowBuilder(fields, options);
  const out = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const cells = Array.isArray(row) ? row : fields.map((field) => row?.[field.name]);
    const values = new Array(n);
    for (let i = 0; i < n; i++) values[i] = convert[i](cells[i] ?? null);
    out[r] = keyed(values);
  }
  return out;
}

// --- row shapes -------------------------------------------------------------------------------

// Names mysql2 refuses as keys: assigning them would change the row object itself.
const kPrivateNames = new Set(['__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', '__proto__']);

function checkKey(key) {
  if (kPrivateNames.has(key)) {
    throw new Error(`The field name (${key}) can't be the same as an object's private property.`);
  }
  return key;
}

// mysql2's precedence: nestTables (a separator string, then true) decides the keys; otherwise
// rowsAsArray gives arrays and the default an object by column name (a later duplicate wins).
// The container is an array whenever rowsAsArray is set, even with nestTables, as in mysql2.
function rowBuilder(fields, { rowsAsArray, nestTables }) {
  const n = fields.length;
  const names = fields.map((field) => checkKey(String(field.name)));
  const tables = fields.map((field) => field.table ?? ''); // expressions belong to table ''
  const container = rowsAsArray ? () => new Array(n) : () => ({});
  if (typeof nestTables === 'string') {
    const keys = names.map((name, i) => checkKey(tables[i] + nestTables + name));
    return (values) => {
      const row = container();
      for (let i = 0; i < n; i++) row[keys[i]] = values[i];
      return row;
    };
  }
  if (nestTables === true) {
    const distinct = [...new Set(tables.map(checkKey))];
    return (values) => {
      const row = container();
      for (const table of distinct) row[table] = {};
      for (let i = 0; i < n; i++) row[tables[i]][names[i]] = values[i];
      return row;
    };
  }
  if (rowsAsArray) return (values) => values;
  return (values) => {
    const row = {};
    for (let i = 0; i < n; i++) row[names[i]] = values[i];
    return row;
  };
}

// --- per-column conversion --------------------------------------------------------------------

function columnConverter(field, options) {
  const { typeCast } = options;
  if (typeCast === false) return (cell) => wireBytes(cell, field);
  const convert = defaultConverter(field, options);
  if (typeof typeCast !== 'function') return convert;
  // One wrapper per column, pointed at the current cell, as mysql2 keeps one per column.
  let current = null;
  const wrapper = typeCastField(field, () => current);
  const next = () => convert(current);
  return (cell) => {
    current = cell;
    return typeCast(wrapper, next);
  };
}

/** The field object a typeCast function receives, as mysql2's: type is the name ('LONGLONG'). */
function typeCastField(field, cell) {
  return {
    type: kTypeNames[field.columnType],
    extendedTypeName: undefined,
    extendedFormat: undefined,
    length: field.columnLength,
    db: field.schema,
    table: field.table,
    name: field.name,
    string(encoding) {
      const value = cell();
      if (value === null) return null;
      if (encoding === undefined && typeof value === 'string') return value;
      // mysql2 decodes with the column's character set: binary ones (numbers, BIT, bytes) as
      // latin1, text as utf8. JSON is read as utf8, which is what mysql2 advises asking for.
      const binary = field.columnType !== T.JSON && (field.encoding === 'binary' || binaryOf(value) !== undefined);
      return wireBytes(value, field).toString(encoding ?? (binary ? 'latin1' : 'utf8'));
    },
    buffer() {
      return wireBytes(cell(), field);
    },
    geometry() {
      return null; // Edge SQL has no spatial types
    },
  };
}

function defaultConverter(field, options) {
  switch (field.columnType) {
    case T.TINY:
    case T.SHORT:
    case T.LONG:
    case T.INT24:
    case T.YEAR:
    case T.FLOAT:
    case T.DOUBLE:
      return toNumber;
    case T.LONGLONG:
      return longlongConverter(options);
    case T.DECIMAL:
    case T.NEWDECIMAL:
      return options.decimalNumbers ? toNumber : (cell) => (cell === null ? null : decimalText(cell, field));
    case T.DATE:
      if (dateStringsMatch(field.columnType, options.dateStrings)) return toText;
      return (cell) => (cell === null ? null : parseDate(textOf(cell), options.timezone));
    case T.DATETIME:
    case T.TIMESTAMP:
      if (dateStringsMatch(field.columnType, options.dateStrings)) return toText;
      return (cell) => (cell === null ? null : parseDateTime(textOf(cell), options.timezone));
    case T.TIME:
      return toText;
    case T.JSON:
      if (options.jsonStrings) return toText;
      return (cell) => (cell === null ? null : parseJson(jsonText(cell), options.supportBigNumbers));
    case T.BIT:
      return (cell) => wireBytes(cell, field);
    default:
      if (kTypeNames[field.columnType] === undefined || field.columnType === T.NULL) return passThrough;
      // Character types: text unless the column's character set is binary. The gateway does not
      // send character sets yet, so a cell's own form decides: {"$binary"} cells are bytes.
      if (field.characterSet === kBinaryCharset) return (cell) => wireBytes(cell, field);
      return (cell) => (cell === null ? null : binaryOf(cell) ?? textOf(cell));
  }
}

// mysql2's helpers.typeMatch: a list names the types given as text, anything else is all or none.
function dateStringsMatch(columnType, dateStrings) {
  if (Array.isArray(dateStrings)) return dateStrings.some((name) => kTypes[name] === columnType);
  return Boolean(dateStrings);
}

function passThrough(cell) {
  if (cell === null) return null;
  return binaryOf(cell) ?? bigintOf(cell) ?? cell;
}

function toNumber(cell) {
  if (cell === null) return null;
  return typeof cell === 'number' ? cell : Number(textOf(cell));
}

function toText(cell) {
  return cell === null ? null : textOf(cell);
}

// BIGINT: a number; with supportBigNumbers a string once the value is beyond
// Number.MAX_SAFE_INTEGER; with bigNumberStrings as well, always a string. (bigNumberStrings alone
// does nothing, as in mysql2.) Exact digits need the gateway's {"$bigint"} cells: a plain JSON
// number beyond 2^53 has already been rounded.
function longlongConverter({ supportBigNumbers, bigNumberStrings }) {
  if (supportBigNumbers && bigNumberStrings) return (cell) => (cell === null ? null : integerTextOf(cell));
  if (supportBigNumbers) {
    return (cell) => {
      if (cell === null) return null;
      const n = typeof cell === 'number' ? cell : Number(textOf(cell));
      return Number.isSafeInteger(n) || !Number.isInteger(n) ? n : integerTextOf(cell);
    };
  }
  return toNumber;
}

// --- dates --------------------------------------------------------------------------------------

const kFixedOffset = /^([+-])(\d{2}):(\d{2})$/;

function offsetMinutes(timezone) {
  const m = kFixedOffset.exec(timezone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : null;
}

const pad = (value, width) => String(value).padStart(width, '0');

/**
 * DATE text -> Date in `timezone`, as mysql2 reads it. Its quirks are kept on purpose, since
 * code written against mysql2 sees them: '0000-00-00' is 1899-11-30 in 'local' and 'Z' (the Date
 * constructor's arithmetic) but an Invalid Date with an offset, and years below 100 become 19xx.
 */
export function parseDate(text, timezone) {
  if (text.length !== 10) return new Date(NaN);
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  if (!timezone || timezone === 'local') return new Date(y, m - 1, d);
  if (timezone === 'Z') return new Date(Date.UTC(y, m - 1, d));
  return new Date(`${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T00:00:00${timezone}`);
}

/**
 * DATETIME / TIMESTAMP text -> Date in `timezone`, as mysql2 reads it: a zero or out-of-range
 * month or day is an Invalid Date, milliseconds come from the first three fraction digits, and
 * text not shaped 'YYYY-MM-DD HH:MM:SS' goes to the Date string parser.
 */
export function parseDateTime(text, timezone) {
  const local = !timezone || timezone === 'local';
  if (
    text.length >= 19 && text[4] === '-' && text[7] === '-' && text[13] === ':' && text[16] === ':'
  ) {
    const digit = (i) => text.charCodeAt(i) - 48;
    const y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const mo = digit(5) * 10 + digit(6);
    const d = digit(8) * 10 + digit(9);
    if (mo === 0 || d === 0 || mo > 12 || d > 31) return new Date(NaN);
    // The Date constructor maps years 0-99 to 19xx; mysql2 hands those to the string parser.
    if (y < 100) return local ? new Date(text) : new Date(text + timezone);
    const h = digit(11) * 10 + digit(12);
    const mi = digit(14) * 10 + digit(15);
    const s = digit(17) * 10 + digit(18);
    let ms = 0;
    for (let i = 20, scale = 100; i < text.length && scale >= 1; i++, scale /= 10) ms += digit(i) * scale;
    if (local) return new Date(y, mo - 1, d, h, mi, s, ms);
    const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    if (timezone === 'Z') return new Date(utc);
    const offset = offsetMinutes(timezone);
    return offset === null ? new Date(text + timezone) : new Date(utc - offset * 60000);
  }
  return local ? new Date(text) : new Date(text + timezone);
}

// --- JSON ---------------------------------------------------------------------------------------

// JSON.parse source text access (Node 22+): lets supportBigNumbers keep big integers exact.
const kJsonSourceAccess = (() => {
  let supported = false;
  JSON.parse('0', (key, value, context) => {
    supported = typeof context?.source === 'string';
    return value;
  });
  return supported;
})();

function parseJson(text, supportBigNumbers) {
  // 16 digits is the shortest integer that can pass Number.MAX_SAFE_INTEGER.
  if (supportBigNumbers && kJsonSourceAccess && /\d{16}/.test(text)) {
    return JSON.parse(text, (key, value, context) =>
      typeof value === 'number' && !Number.isSafeInteger(value) && /^-?\d+$/.test(context?.source ?? '')
        ? context.source
        : value);
  }
  return JSON.parse(text);
}

function jsonText(cell) {
  const bytes = binaryOf(cell);
  return bytes ? bytes.toString('utf8') : textOf(cell);
}

// --- MySQL's text form of a cell ---------------------------------------------------------------

/** The cell as text: strings as they are, numbers and {"$bigint"} as digits. */
function textOf(cell) {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? '1' : '0';
  const bytes = binaryOf(cell);
  if (bytes) return bytes.toString('latin1');
  return bigintOf(cell) ?? String(cell);
}

function integerTextOf(cell) {
  if (typeof cell === 'number') return Number.isInteger(cell) ? BigInt(cell).toString() : String(cell);
  return textOf(cell);
}

// Numbers as MySQL prints them: exponents without '+' ('1e21'); integers in full.
function numberText(n) {
  if (Number.isInteger(n) && !Number.isSafeInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n).replace('e+', 'e');
}

// DECIMAL text has exactly the column's scale; the gateway sends it so, a number is formatted here.
function decimalText(cell, field) {
  if (typeof cell !== 'number') return textOf(cell);
  const scale = field.decimals;
  return scale !== undefined && Math.abs(cell) < 1e21 ? cell.toFixed(scale) : numberText(cell);
}

/**
 * The bytes MySQL's text protocol carries for a cell (what mysql2 gives for typeCast: false,
 * BIT and binary columns, field.buffer()): binary cells as they are, BIT as big-endian bytes,
 * everything else as its text in utf8. NULL stays null.
 */
export function wireBytes(cell, field) {
  if (cell === null || cell === undefined) return null;
  const bytes = binaryOf(cell);
  if (bytes) return bytes;
  if (field.columnType === T.BIT && (typeof cell === 'number' || bigintOf(cell) !== undefined)) {
    return bitBytes(BigInt(typeof cell === 'number' ? Math.trunc(cell) : bigintOf(cell)), field.columnLength);
  }
  if (typeof cell === 'number' && (field.columnType === T.NEWDECIMAL || field.columnType === T.DECIMAL)) {
    return Buffer.from(decimalText(cell, field), 'latin1');
  }
  return Buffer.from(textOf(cell), 'utf8');
}

// BIT(M) travels as ceil(M/8) big-endian bytes. Without the column's length (the gateway does not
// send it yet) the value takes as few bytes as it needs, at least one. Negative values are the
// int64 SQLite stored for a BIT(64) with its top bit set.
function bitBytes(value, columnLength) {
  let v = value < 0n ? BigInt.asUintN(64, value) : value;
  const needed = Math.max(1, Math.ceil(v.toString(2).length / 8));
  const size = Math.max(needed, columnLength ? Math.ceil(columnLength / 8) : 1);
  const out = Buffer.alloc(size);
  for (let i = size - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}
