// Values crossing the wire. Params become JSON the gateway accepts (string, number, boolean, null,
// {"$binary": base64}); `{"$binary": ...}` in result rows becomes a Buffer again.
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
export function encodeParams(values, sql) {
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) {
    if (isPlainObject(values)) {
      throw notSupportedError(`Named placeholders (an object as values) ${kExpansionUnsupported}`, sql);
    }
    values = [values]; // mysql2 accepts a lone scalar for a single ?
  }
  return values.map((value, i) => encodeValue(value, i, sql));
}

/** One parameter. Dates become 'YYYY-MM-DD HH:MM:SS.mmm' in UTC, the server's session time zone. */
export function encodeValue(value, index = 0, sql) {
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
  if (value instanceof Date) return formatDate(value);
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString('base64') };
  if (ArrayBuffer.isView(value)) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { $binary: bytes.toString('base64') };
  }
  const shape = Array.isArray(value) ? 'An array' : 'An object';
  throw notSupportedError(`${shape} as query value #${index + 1} ${kExpansionUnsupported}`, sql);
}

/** MySQL DATETIME(3) text in UTC; an invalid Date is NULL, as mysql2's escaping makes it. */
export function formatDate(date) {
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace('T', ' ').replace('Z', '').slice(0, 23);
}

/** Replaces `{"$binary": base64}` cells with Buffers, in object rows and array rows alike. */
export function decodeRows(rows) {
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const cell = row[key];
      if (cell !== null && typeof cell === 'object' && typeof cell.$binary === 'string') {
        row[key] = Buffer.from(cell.$binary, 'base64');
      }
    }
  }
  return rows;
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
