// Result typing with fixed gateway fields and cells: what each column type becomes by default and
// under mysql2's options, the fields array, and the typeCast field API. Pure, no gateway needed.
// (mysql2_parity.test.mjs checks the same conversions against mysql2's own parser.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnDefinition } from '../src/column_definition.js';
import { decodeRows, parseDateTime, rowOptions } from '../src/row_decoder.js';

const kConfig = { timezone: 'Z', typeCast: true };

function fieldsOf(gatewayFields, database = 'shop') {
  return gatewayFields.map((field) => new ColumnDefinition(field, database));
}

/** One column, one cell: the decoded value. */
function decode(columnType, cell, { config = {}, query = {}, field = {} } = {}) {
  const fields = fieldsOf([{ name: 'v', columnType, table: 't', ...field }]);
  return decodeRows([[cell]], fields, rowOptions({ ...kConfig, ...config }, query))[0].v;
}

test('integers, floats and doubles are numbers', () => {
  for (const [type, cell] of [[1, -5], [2, 65535], [3, 2147483647], [9, -8388608], [13, 2024], [8, 42], [4, 1.5], [5, 2.25]]) {
    assert.equal(decode(type, cell), cell);
  }
  assert.equal(decode(8, '123'), 123); // digits as text become a number too
});

test('BIGINT: number; supportBigNumbers -> string beyond 2^53; with bigNumberStrings always a string', () => {
  const exact = { $bigint: '9007199254740993' };
  assert.equal(decode(8, 9007199254740991), 9007199254740991);
  assert.equal(decode(8, exact), 9007199254740992); // mysql2 without supportBigNumbers: Number(text)
  const big = { config: { supportBigNumbers: true } };
  assert.equal(decode(8, 9007199254740991, big), 9007199254740991);
  assert.equal(decode(8, exact, big), '9007199254740993');
  assert.equal(decode(8, { $bigint: '-9223372036854775808' }, big), '-9223372036854775808');
  const strings = { config: { supportBigNumbers: true, bigNumberStrings: true } };
  assert.equal(decode(8, 5, strings), '5');
  assert.equal(decode(8, exact, strings), '9007199254740993');
  assert.equal(decode(8, 5, { config: { bigNumberStrings: true } }), 5, 'bigNumberStrings alone does nothing, as in mysql2');
  assert.equal(decode(8, 5, { query: { supportBigNumbers: true, bigNumberStrings: true } }), '5', 'per query too');
});

test('DECIMAL is a string with the declared scale; decimalNumbers gives a number', () => {
  assert.equal(decode(246, '3.50', { field: { decimals: 2 } }), '3.50');
  assert.equal(decode(246, 3.5, { field: { decimals: 2 } }), '3.50');
  assert.equal(decode(246, 42, { field: { decimals: 0 } }), '42');
  assert.equal(decode(246, '3.50', { config: { decimalNumbers: true } }), 3.5);
  assert.equal(decode(246, '3.50', { query: { decimalNumbers: true } }), '3.50', 'a connection setting only, as in mysql2');
});

test('DATE, DATETIME, TIMESTAMP become Dates in the connection timezone', () => {
  assert.deepEqual(decode(10, '2024-02-29'), new Date('2024-02-29T00:00:00Z'));
  assert.deepEqual(decode(12, '2024-02-29 13:14:15.123'), new Date('2024-02-29T13:14:15.123Z'));
  assert.deepEqual(decode(7, '2024-02-29 13:14:15'), new Date('2024-02-29T13:14:15Z'));
  const kolkata = { config: { timezone: '+05:30' } };
  assert.deepEqual(decode(12, '2024-02-29 13:14:15', kolkata), new Date('2024-02-29T07:44:15Z'));
  assert.deepEqual(decode(10, '2024-02-29', kolkata), new Date('2024-02-28T18:30:00Z'));
  assert.deepEqual(decode(12, '2024-02-29 13:14:15', { query: { timezone: '-08:00' } }), new Date('2024-02-29T21:14:15Z'));
});

test("timezone 'local' reads wall-clock time in the process's zone", () => {
  const saved = process.env.TZ;
  process.env.TZ = 'America/New_York';
  try {
    assert.deepEqual(decode(12, '2024-07-01 12:00:00', { config: { timezone: 'local' } }), new Date('2024-07-01T16:00:00Z'));
    assert.deepEqual(decode(10, '2024-01-01', { config: { timezone: 'local' } }), new Date('2024-01-01T05:00:00Z'));
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('zero dates as mysql2 reads them: DATETIME is an Invalid Date, DATE the Date constructor gives', () => {
  assert.ok(Number.isNaN(decode(12, '0000-00-00 00:00:00').getTime()));
  assert.ok(Number.isNaN(decode(7, '0000-00-00 00:00:00').getTime()));
  // mysql2 builds DATE with new Date(0, -1, 0) / Date.UTC(0, -1, 0): 1899-11-30.
  assert.deepEqual(decode(10, '0000-00-00'), new Date('1899-11-30T00:00:00Z'));
  assert.ok(Number.isNaN(decode(10, '0000-00-00', { config: { timezone: '+01:00' } }).getTime()));
  assert.ok(Number.isNaN(parseDateTime('2024-13-01 00:00:00', 'Z').getTime()));
});

test('dateStrings: true, or per type', () => {
  assert.equal(decode(10, '2024-02-29', { config: { dateStrings: true } }), '2024-02-29');
  assert.equal(decode(12, '0000-00-00 00:00:00', { config: { dateStrings: true } }), '0000-00-00 00:00:00');
  const onlyDate = { query: { dateStrings: ['DATE'] } };
  assert.equal(decode(10, '2024-02-29', onlyDate), '2024-02-29');
  assert.ok(decode(12, '2024-02-29 01:02:03', onlyDate) instanceof Date);
  assert.equal(decode(7, '2024-02-29 01:02:03', { query: { dateStrings: ['TIMESTAMP'] } }), '2024-02-29 01:02:03');
});

test('TIME stays text', () => {
  assert.equal(decode(11, '-12:34:56'), '-12:34:56');
  assert.equal(decode(11, '838:59:59', { config: { dateStrings: true } }), '838:59:59');
});

test('JSON is parsed; jsonStrings keeps the text', () => {
  assert.deepEqual(decode(245, '{"a": [1, 2.5, null]}'), { a: [1, 2.5, null] });
  assert.equal(decode(245, '"x"'), 'x');
  assert.equal(decode(245, '{"a": 1}', { config: { jsonStrings: true } }), '{"a": 1}');
  assert.deepEqual(decode(245, { $binary: Buffer.from('[1]').toString('base64') }), [1]);
});

test('BLOB and binary strings are Buffers, text is a string, BIT is big-endian bytes', () => {
  assert.deepEqual(decode(252, { $binary: 'AP8=' }), Buffer.from([0, 255]));
  assert.deepEqual(decode(253, { $binary: 'QQ==' }), Buffer.from('A'));
  assert.equal(decode(252, 'long text'), 'long text');
  assert.equal(decode(254, 'x,y'), 'x,y'); // SET and ENUM arrive as STRING, as in MySQL
  assert.equal(decode(253, 7), '7'); // a number in a character column is its text
  assert.deepEqual(decode(16, 5), Buffer.from([5]));
  assert.deepEqual(decode(16, 0x0102), Buffer.from([1, 2]));
  assert.deepEqual(decode(16, 1, { field: { columnLength: 16 } }), Buffer.from([0, 1]), 'BIT(16) is two bytes');
  assert.deepEqual(decode(16, -1), Buffer.alloc(8, 0xff), 'BIT(64) with the top bit set, stored as int64');
  // A gateway that names the binary character set makes text cells bytes, as mysql2 does.
  assert.deepEqual(decode(253, 'ab', { field: { characterSet: 63 } }), Buffer.from('ab'));
});

test('NULL is null for every type, with or without typeCast', () => {
  for (const type of [1, 3, 8, 4, 5, 246, 10, 12, 7, 11, 13, 245, 16, 252, 253, 254, 6]) {
    assert.equal(decode(type, null), null);
    assert.equal(decode(type, null, { query: { typeCast: false } }), null);
  }
});

test('typeCast: false gives the bytes MySQL sends, as mysql2 does', () => {
  const raw = { query: { typeCast: false } };
  assert.deepEqual(decode(3, 5, raw), Buffer.from('5'));
  assert.deepEqual(decode(246, 3.5, { ...raw, field: { decimals: 2 } }), Buffer.from('3.50'));
  assert.deepEqual(decode(12, '2024-02-29 01:02:03', raw), Buffer.from('2024-02-29 01:02:03'));
  assert.deepEqual(decode(245, '{"a": 1}', raw), Buffer.from('{"a": 1}'));
  assert.deepEqual(decode(252, { $binary: 'AP8=' }, raw), Buffer.from([0, 255]));
  assert.deepEqual(decode(5, 1e21, raw), Buffer.from('1e21'));
  assert.deepEqual(decode(8, { $bigint: '9007199254740993' }, raw), Buffer.from('9007199254740993'));
});

test('typeCast function: mysql2 field API, next() is the default conversion', () => {
  const seen = [];
  const typeCast = (field, next) => {
    seen.push({ type: field.type, name: field.name, table: field.table, db: field.db, length: field.length });
    if (field.type === 'TINY' && field.length === 1) return field.string() === '1';
    if (field.type === 'DATETIME') return field.string();
    if (field.type === 'BLOB') return field.buffer().length;
    if (field.type === 'JSON') return field.string(); // utf8, without mysql2's latin1 warning
    if (field.type === 'BIT') return field.buffer()[0] === 1;
    return next();
  };
  const fields = fieldsOf([
    { name: 'flag', columnType: 1, table: 'users', columnLength: 1 },
    { name: 'at', columnType: 12, table: 'users' },
    { name: 'data', columnType: 252, table: 'users' },
    { name: 'doc', columnType: 245 },
    { name: 'on', columnType: 16 },
    { name: 'n', columnType: 8 },
    { name: 'nothing', columnType: 253 },
  ]);
  const [row] = decodeRows([[1, '2024-02-29 01:02:03', { $binary: 'AAEC' }, '{"é": 1}', 1, 7, null]], fields,
    rowOptions(kConfig, { typeCast }));
  assert.deepEqual(row, { flag: true, at: '2024-02-29 01:02:03', data: 3, doc: '{"é": 1}', on: true, n: 7, nothing: null });
  assert.deepEqual(seen[0], { type: 'TINY', name: 'flag', table: 'users', db: 'shop', length: 1 });
  assert.deepEqual(seen.map((f) => f.type), ['TINY', 'DATETIME', 'BLOB', 'JSON', 'BIT', 'LONGLONG', 'VAR_STRING']);
  assert.equal(seen[3].db, undefined, 'an expression has no schema');
});

test('typeCast field.string() decodes bytes with the column character set, or the encoding given', () => {
  let out;
  const typeCast = (field) => {
    out = [field.string(), field.string('hex'), field.string('utf8'), field.geometry()];
    return null;
  };
  decodeRows([[{ $binary: Buffer.from('é').toString('base64') }]], fieldsOf([{ name: 'b', columnType: 252 }]),
    rowOptions(kConfig, { typeCast }));
  assert.deepEqual(out, ['Ã©', 'c3a9', 'é', null]); // binary columns are latin1, as mysql2 reads them
});

test('a connection-wide typeCast function applies to queries without their own', () => {
  const fields = fieldsOf([{ name: 'n', columnType: 3 }]);
  const config = { ...kConfig, typeCast: () => 'connection' };
  assert.equal(decodeRows([[1]], fields, rowOptions(config, {}))[0].n, 'connection');
  assert.equal(decodeRows([[1]], fields, rowOptions(config, { typeCast: () => 'query' }))[0].n, 'query');
});

test('rowsAsArray and nestTables (true and a separator)', () => {
  const fields = fieldsOf([
    { name: 'id', columnType: 3, table: 'users' },
    { name: 'id', columnType: 3, table: 'orders' },
    { name: 'total', columnType: 246, decimals: 2 },
  ]);
  const rows = [[1, 7, '9.90']];
  assert.deepEqual(decodeRows(rows, fields, rowOptions(kConfig, {})), [{ id: 7, total: '9.90' }]);
  assert.deepEqual(decodeRows(rows, fields, rowOptions({ ...kConfig, rowsAsArray: true }, {})), [[1, 7, '9.90']]);
  assert.deepEqual(decodeRows(rows, fields, rowOptions(kConfig, { nestTables: true })),
    [{ users: { id: 1 }, orders: { id: 7 }, '': { total: '9.90' } }]);
  assert.deepEqual(decodeRows(rows, fields, rowOptions(kConfig, { nestTables: '_' })),
    [{ users_id: 1, orders_id: 7, _total: '9.90' }]);
  assert.deepEqual(decodeRows(rows, fields, rowOptions({ ...kConfig, rowsAsArray: true }, { rowsAsArray: false })),
    [{ id: 7, total: '9.90' }], 'the query option wins over the connection');
});

test('rows keep column order even when the gateway sends objects (older gateways)', () => {
  const fields = fieldsOf([{ name: 'b', columnType: 3 }, { name: 'a', columnType: 253 }]);
  const [row] = decodeRows([{ a: 'x', b: 2 }], fields, rowOptions(kConfig, {}));
  assert.deepEqual(Object.keys(row), ['b', 'a']);
  assert.deepEqual(row, { b: 2, a: 'x' });
});

test('a column named __proto__ is refused, as mysql2 refuses it', () => {
  const fields = fieldsOf([{ name: '__proto__', columnType: 3 }]);
  assert.throws(() => decodeRows([[1]], fields, rowOptions(kConfig, {})), /can't be the same as an object's private property/);
});

test('fields look like mysql2 ColumnDefinitions, with only what the gateway says', () => {
  const [id, price, label, expr] = fieldsOf([
    { name: 'id', type: 'LONG', columnType: 3, table: 'items' },
    { name: 'price', type: 'NEWDECIMAL', columnType: 246, table: 'items', decimals: 2 },
    { name: 'label', type: 'VAR_STRING', columnType: 253, table: 'items' },
    { name: 'n', type: 'LONGLONG', columnType: 8 },
  ]);
  assert.deepEqual({ ...id }, {
    catalog: 'def', schema: 'shop', name: 'id', orgName: undefined, table: 'items', orgTable: 'items',
    characterSet: 63, encoding: 'binary', columnLength: undefined, columnType: 3, type: 3, flags: undefined, decimals: 0,
  });
  assert.equal(id.db, 'shop');
  assert.equal(price.decimals, 2);
  assert.equal(price.characterSet, 63);
  assert.equal(label.characterSet, undefined, 'text or binary: the gateway does not say');
  assert.equal(label.decimals, undefined);
  assert.equal(expr.schema, undefined);
  assert.equal(expr.table, undefined);
  assert.equal(expr.type, 8);
});
