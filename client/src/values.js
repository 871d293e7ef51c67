// Values crossing the wire. Params become JSON the gateway accepts (string, number, boolean, null,
// {"$binary": base64}); in result rows, the tagged cells {"$binary": base64} and
// {"$bigint": "<decimal digits>"} (an integer beyond 2^53, kept exact) are read by binaryOf and
// bigintOf. What a cell becomes for its column type is row_decoder.js's business.
//
// mysql2's query() rewrites SQL text on the client to expand arrays (`IN (?)`) and objects
// (`SET ?`, named placeholders). Edge SQL keeps all SQL text handling in the server core, so those
// shapes are refused with ER_NOT_SUPPORTED_YET instead of being sent as something else.

import { Buffer } from 'node:buffer';
import { notSupportedError } from './errors.js';

const kExpansionUnsupported =
  'is not supported by @edge-mysql/promise: mysql2 expands arrays and objects into SQL text on ' +
  'the client, which Edge SQL leaves to the server. Use one ? per scalar value.';

/**
 * Turns mysql2-style `values` into the gateway's `params` array.
 * Throws ER_NOT_SUPPORTED_YET for nested arrays, plain objects and named placeholders.
 */
export function encodeParams(values, sql, timezone = 'local') {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) {
    if (isPlainObject(values)) {
      throw notSupportedError(`Named placeholders (an object as values) ${kExpansionUnsupported}`, sql);
    }
    values = [values]; // mysql2 accepts a lone scalar for a single ?
  }
  return values.map((value, i) => encodeValue(value, i, sql, timezone));
}

/** One parameter. Dates become 'YYYY-MM-DD HH:MM:SS.mmm' in `timezone`, as mysql2 writes them. */
export function encodeValue(value, index = 0, sql, timezone = 'local') {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'undefined':
      return null;
    case 'bigint':
      return value.toString();
  }
  if (value === null) return null;
  if (value instanceof Date) return formatDate(value, timezone);
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString('base64') };
  if (ArrayBuffer.isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $binary: bytes.toString('base64') };
  }
  const shape = Array.isArray(value) ? 'An array' : 'An object';
  throw notSupportedError(`${shape} as query value #${index + 1} ${kExpansionUnsupported}`, sql);
}

/**
 * MySQL DATETIME(3) text for a Date, as mysql2 formats it: wall-clock time in `timezone` ('local',
 * 'Z' or '+HH:MM'), so that reading the value back with the same timezone gives the same instant.
 * An invalid Date is NULL, as mysql2's escaping makes it.
 */
export function formatDate(date, timezone = 'local') {
  if (Number.isNaN(date.getTime())) return null;
  let y, mo, d, h, mi, s, ms;
  if (timezone === 'local') {
    [y, mo, d, h, mi, s, ms] = [date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(),
      date.getMinutes(), date.getSeconds(), date.getMilliseconds()];
  } else {
    const shifted = new Date(date.getTime() + offsetMinutes(timezone) * 60000);
    [y, mo, d, h, mi, s, ms] = [shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(),
      shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds(), shifted.getUTCMilliseconds()];
  }
  const p = (value, width = 2) => String(value).padStart(width, '0');
  return `${p(y, 4)}-${p(mo + 1)}-${p(d)} ${p(h)}:${p(mi)}:${p(s)}.${p(ms, 3)}`;
}

/** The bytes of a `{"$binary": base64}` cell; undefined for any other cell. */
export function binaryOf(cell) {
  if (cell !== null && typeof cell === 'object' && typeof cell.$binary === 'string') {
    return Buffer.from(cell.$binary, 'base64');
  }
  return undefined;
}

/** The decimal digits of a `{"$bigint": "-?digits"}` cell; undefined for any other cell. */
export function bigintOf(cell) {
  if (cell !== null && typeof cell === 'object' && typeof cell.$bigint === 'string') return cell.$bigint;
  return undefined;
}

// 'Z' -> 0, '+05:30' -> 330; anything else counts as UTC, as mysql2's escaping treats it.
function offsetMinutes(timezone) {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(timezone);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
