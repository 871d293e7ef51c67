// Renders result values as the text the mysql command-line client prints, so
// that MariaDB's answers (text protocol: already text) and the gateway's JSON
// answers (numbers, strings, null, {"$binary": ...}) compare as strings. The
// rules are documented in difftest/format.md ("Rendering values"); nothing
// here may turn a real difference into a match: a DECIMAL the gateway hands
// over as the number 10.5 renders "10.5", not MariaDB's "10.50".

const ESCAPES = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

// Text values: escaped the way `mysql --batch` escapes them, so a value can
// never break the tab-separated line; the empty string is "(empty)" (as in
// DuckDB's test files) so that it stays visible.
export function renderText(s) {
  if (s === '') return '(empty)';
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\\t\n\r\0]|[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]/g,
    (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

// Bytes (binary strings, and MariaDB's text-protocol values of binary
// charset, which include every number): as text when they are valid UTF-8,
// otherwise 0x followed by upper-case hex.
export function renderBytes(bytes) {
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    return `0x${Buffer.from(bytes).toString('hex').toUpperCase()}`;
  }
  return renderText(text);
}

// MariaDB over mysql2 with typeCast: false: each value is a Buffer (or null).
// characterSet 63 is the binary pseudo-charset.
export function renderMariaDBValue(value, field) {
  if (value === null || value === undefined) return 'NULL';
  if (field?.characterSet === 63) return renderBytes(value);
  return renderText(Buffer.isBuffer(value) ? value.toString('utf8') : String(value));
}

// The gateway's JSON values. `field` is the gateway's field entry ({type}).
export function renderGatewayValue(value, field) {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'string') return renderText(value);
  if (typeof value === 'number') {
    const type = field?.type;
    if (type === 'FLOAT') return formatFloat(value);
    if (type === 'DOUBLE') return formatDouble(value);
    // An integer-valued number of any other declared type prints as the
    // integer; a fractional one is a double (SQLite's REAL) and prints as
    // MySQL prints a DOUBLE. DECIMAL gets no special help: 10.5 is "10.5".
    if (Number.isInteger(value)) return BigInt(value).toString();
    return formatDouble(value);
  }
  if (typeof value === 'object' && typeof value.$bigint === 'string') return value.$bigint;
  if (typeof value === 'object' && typeof value.$binary === 'string') {
    return renderBytes(Buffer.from(value.$binary, 'base64'));
  }
  // A JSON document handed over parsed: MySQL's JSON text form.
  return renderText(mysqlJson(value));
}

// MySQL's canonical JSON text: ", " between members, ": " after keys.
export function mysqlJson(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map(mysqlJson).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${mysqlJson(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

// The room my_gcvt gets when a DOUBLE is printed (FLOATING_POINT_BUFFER):
// wide enough that it never truncates, so only the DBL_DIG rule below picks
// the exponent form. Checked against MariaDB 10.11 on 600+ values, both
// literals and DOUBLE/FLOAT columns (1.2345678901234568e-10 prints as
// 0.00000000012345678901234568, 1e15 as 1e15, -0 as 0).
const DOUBLE_WIDTH = 310;
const DBL_DIG = 15;
const FLT_DIG = 6;

export function formatDouble(x) {
  return gcvt(x, DOUBLE_WIDTH, false);
}

// A FLOAT is single precision: at most FLT_DIG significant digits.
export function formatFloat(x) {
  return gcvt(Math.fround(x), DOUBLE_WIDTH, true);
}

// Shortest digits that round-trip, capped at `maxDigits` significant digits
// (dtoa mode 4). Returns {digits, decpt}: value = 0.digits * 10^decpt.
function shortestDigits(x, maxDigits) {
  let [mant, exp] = x.toExponential().split('e');
  let digits = mant.replace('.', '');
  if (digits.length > maxDigits) {
    [mant, exp] = x.toExponential(maxDigits - 1).split('e');
    digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  }
  return { digits, decpt: Number(exp) + 1 };
}

// A port of my_gcvt() (strings/dtoa.c in MySQL and MariaDB): shortest
// round-trip digits, printed in fixed notation unless the exponent form is
// shorter or the number is too large/small for fixed (1e15 prints "1e15",
// 1e-7 prints "0.0000001", 0.1 + 0.2 prints "0.30000000000000004").
export function gcvt(x, width, isFloat) {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = x < 0 || Object.is(x, -0);
  if (x < 0) width--;
  const ax = Math.abs(x);
  if (ax === 0) return '0'; // MySQL prints -0 as 0
  let { digits, decpt } = shortestDigits(ax, isFloat ? Math.min(width, FLT_DIG) : width);
  let len = digits.length;
  const expLen = 1 + (decpt >= 101 || decpt <= -99 ? 1 : 0) + (decpt >= 11 || decpt <= -9 ? 1 : 0);
  const haveSpace = (decpt <= 0 ? len - decpt + 2 : decpt > 0 && decpt < len ? len + 1 : decpt) <= width;
  const forceE = decpt <= 0 && width <= 2 - decpt && width >= 3 + expLen;
  const useF = (haveSpace
      || ((decpt <= width && (decpt >= -1 || (decpt === -2 && (len > 1 || !forceE)))) && !forceE))
    && (!haveSpace || (decpt >= -DBL_DIG + 1 && (decpt <= DBL_DIG || len > decpt)));
  let out = sign ? '-' : '';
  if (useF) {
    let w = width - ((decpt < len ? 1 : 0) + (decpt <= 0 ? 1 - decpt : 0));
    if (w < len) {
      if (w < decpt) w = decpt;
      // Keep (w - decpt) digits after the decimal point (dtoa mode 5).
      const fixed = ax.toFixed(Math.max(0, w - decpt));
      const m = fixed.replace('.', '').replace(/^0+/, '');
      const intLen = fixed.split('.')[0].replace(/^0+/, '').length;
      digits = m.replace(/0+$/, '');
      decpt = intLen > 0 ? intLen : -(fixed.split('.')[1] ?? '').match(/^0*/)[0].length;
      len = digits.length;
      if (len === 0) return '0';
    }
    if (decpt <= 0) {
      out += `0.${'0'.repeat(-decpt)}${digits}`;
    } else if (decpt < len) {
      out += `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
    } else {
      out += digits + '0'.repeat(decpt - len);
    }
    return out;
  }
  let e = decpt - 1;
  let w = width;
  if (e < 0) w--;
  w -= 1 + expLen;
  if (len > 1) w--;
  if (w > 0 && w < len) {
    ({ digits } = shortestDigits(ax, w));
    len = digits.length;
    e = Number(ax.toExponential(w - 1).split('e')[1]);
  }
  out += digits[0];
  if (len > 1) out += `.${digits.slice(1)}`;
  return `${out}e${e}`;
}
