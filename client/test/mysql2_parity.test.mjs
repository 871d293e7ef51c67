// Differential test against mysql2 itself: each case is a column as the gateway describes it, the
// cell the gateway sends, and the text MySQL would put on the wire for the same value. mysql2's
// own text-protocol row parser reads that wire text; the client decodes the gateway cell; for
// every option set and several local time zones, both must give the same row.
//
// mysql2 comes from the repository's devDependencies (the root package.json); its parser is an
// internal module (lib/parsers/text_parser.js), so a mysql2 upgrade that moves it fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ColumnDefinition } from '../src/column_definition.js';
import { decodeRows, rowOptions } from '../src/row_decoder.js';

const require = createRequire(import.meta.url);
// The package's exports map hides lib/: reach it from the package's own directory.
const mysql2Lib = join(dirname(require.resolve('mysql2/package.json')), 'lib');
const getTextParser = require(join(mysql2Lib, 'parsers/text_parser.js'));
const Packet = require(join(mysql2Lib, 'packets/packet.js'));
const ConnectionConfig = require(join(mysql2Lib, 'connection_config.js'));
// mysql2 caches compiled row parsers without keying them on the connection's decimalNumbers, so a
// parser compiled for one option set could answer for another: start from an empty cache each time.
const parserCache = require(join(mysql2Lib, 'parsers/parser_cache.js'));

const kUtf8mb4 = 224; // the collation mysql2 asks for: text columns come back in it
const kBinary = 63;

// [columnType, gateway cell, MySQL wire text (string | Buffer | null), extra gateway field props]
const kCases = [
  [1, -5, '-5'], [1, 1, '1'], [2, 65535, '65535'], [9, -8388608, '-8388608'], [3, 2147483647, '2147483647'],
  [13, 2024, '2024'],
  [8, 0, '0'], [8, -42, '-42'], [8, 9007199254740991, '9007199254740991'], [8, -9007199254740991, '-9007199254740991'],
  [8, 12345678901234, '12345678901234'],
  [8, { $bigint: '9007199254740993' }, '9007199254740993'],
  [8, { $bigint: '-9223372036854775808' }, '-9223372036854775808'],
  [8, { $bigint: '18446744073709551615' }, '18446744073709551615'],
  [4, 1.1, '1.1'], [4, -0.5, '-0.5'], [5, 2.25, '2.25'], [5, 1e21, '1e21'], [5, 1.5e-7, '1.5e-7'], [5, 0, '0'],
  [246, '3.50', '3.50', { decimals: 2 }], [246, '-0.001', '-0.001', { decimals: 3 }], [246, '42', '42', { decimals: 0 }],
  [246, 3.5, '3.50', { decimals: 2 }], [246, '12345678901234567890.123456789', '12345678901234567890.123456789', { decimals: 9 }],
  [10, '2024-02-29', '2024-02-29'], [10, '0000-00-00', '0000-00-00'], [10, '0099-01-02', '0099-01-02'],
  [10, '2024-03-10', '2024-03-10'], [10, '1969-12-31', '1969-12-31'],
  [12, '2024-02-29 13:14:15', '2024-02-29 13:14:15'], [12, '2024-02-29 13:14:15.123', '2024-02-29 13:14:15.123'],
  [12, '2024-02-29 13:14:15.5', '2024-02-29 13:14:15.5'], [12, '2024-02-29 13:14:15.123456', '2024-02-29 13:14:15.123456'],
  [12, '0000-00-00 00:00:00', '0000-00-00 00:00:00'], [12, '2024-00-10 00:00:00', '2024-00-10 00:00:00'],
  [12, '2024-02-30 10:00:00', '2024-02-30 10:00:00'], [12, '0099-01-02 03:04:05', '0099-01-02 03:04:05'],
  [12, '2024-03-01', '2024-03-01'], // the text a DATETIME expression sometimes comes back as
  [12, '2024-03-10 02:30:00', '2024-03-10 02:30:00'], [12, '2024-11-03 01:30:00', '2024-11-03 01:30:00'],
  [7, '2024-02-29 13:14:15', '2024-02-29 13:14:15'], [7, '1970-01-01 00:00:01', '1970-01-01 00:00:01'],
  [11, '-12:34:56', '-12:34:56'], [11, '838:59:59.000000', '838:59:59.000000'],
  [245, '{"a": [1, 2.5, null]}', '{"a": [1, 2.5, null]}'], [245, '"text"', '"text"'], [245, 'null', 'null'],
  [245, '{"big": 12345678901234567890, "n": 1}', '{"big": 12345678901234567890, "n": 1}'],
  [16, 5, Buffer.from([5])], [16, 255, Buffer.from([255])], [16, 0x1ff, Buffer.from([1, 255])], [16, 1, Buffer.from([1])], [16, 0, Buffer.from([0])], [16, { $binary: 'AQI=' }, Buffer.from([1, 2])],
  [252, { $binary: 'AP8=' }, Buffer.from([0, 255])], [252, { $binary: '' }, Buffer.alloc(0)],
  [253, { $binary: 'QQ==' }, Buffer.from('A')], [254, { $binary: 'AQAAAA==' }, Buffer.from([1, 0, 0, 0])],
  [253, 'héllo', 'héllo'], [253, '', ''], [254, 'ab', 'ab'], [252, 'long text ✓', 'long text ✓'],
  [253, '9007199254740993', '9007199254740993'], [253, 7, '7'], [254, 'x,y', 'x,y'],
  [6, null, null],
];
const kNullTypes = [1, 3, 8, 4, 5, 246, 10, 12, 7, 11, 245, 16, 252, 253, 254];

function isBinaryCase(columnType, cell) {
  return ![15, 247, 248, 249, 250, 251, 252, 253, 254].includes(columnType) || (cell !== null && typeof cell === 'object');
}

// The column definition mysql2 would have read from MySQL for the same column.
function mysqlField(field, binary) {
  return {
    catalog: 'def', schema: field.table ? 'shop' : '', table: field.table ?? '', orgTable: field.table ?? '',
    name: field.name, orgName: field.name, characterSet: binary ? kBinary : kUtf8mb4,
    encoding: binary ? 'binary' : 'utf8', columnLength: undefined, columnType: field.columnType,
    type: field.columnType, flags: 0, decimals: field.decimals ?? 0,
  };
}

function lengthCoded(bytes) {
  if (bytes === null) return Buffer.from([0xfb]);
  if (bytes.length < 251) return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  const header = Buffer.alloc(3);
  header[0] = 0xfc;
  header.writeUInt16LE(bytes.length, 1);
  return Buffer.concat([header, bytes]);
}

/** mysql2's answer for one row of wire texts. */
function mysql2Row(fields, texts, queryOptions, connectionOptions) {
  const config = new ConnectionConfig(connectionOptions);
  const payload = texts.map((t) => lengthCoded(t === null ? null : Buffer.isBuffer(t) ? t : Buffer.from(t)));
  const buffer = Buffer.concat([Buffer.alloc(4), ...payload]);
  const options = { rowsAsArray: config.rowsAsArray, ...queryOptions };
  parserCache.clearCache();
  const TextRow = getTextParser(fields, options, config);
  return new TextRow(fields).next(new Packet(0, buffer, 0, buffer.length), fields, options);
}

/** The client's answer for the same row as the gateway sends it. */
function clientRow(gatewayFields, cells, queryOptions, connectionOptions) {
  const config = { timezone: 'local', ...connectionOptions };
  const fields = gatewayFields.map((field) => new ColumnDefinition(field, 'shop'));
  return decodeRows([cells], fields, rowOptions(config, queryOptions))[0];
}

// Invalid Dates are never deepStrictEqual (NaN !== NaN): compare Dates by their ISO text.
function comparable(value) {
  if (value instanceof Date) return { date: Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString() };
  if (Buffer.isBuffer(value)) return { buffer: value.toString('hex') };
  if (Array.isArray(value)) {
    const out = value.map(comparable);
    for (const key of Object.keys(value)) if (!/^\d+$/.test(key)) out[key] = comparable(value[key]);
    return out;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v)]));
  }
  return value;
}

const kOptionSets = [
  [{}, {}],
  [{}, { supportBigNumbers: true }],
  [{}, { supportBigNumbers: true, bigNumberStrings: true }],
  [{}, { bigNumberStrings: true }],
  [{ supportBigNumbers: true }, {}],
  [{}, { decimalNumbers: true }],
  [{}, { dateStrings: true }],
  [{}, { dateStrings: ['DATE'] }],
  [{ dateStrings: ['DATETIME', 'TIMESTAMP'] }, {}],
  [{}, { timezone: 'Z' }],
  [{}, { timezone: '+05:30' }],
  [{}, { timezone: '-08:00' }],
  [{ timezone: 'Z' }, { timezone: '+01:00' }],
  [{}, { jsonStrings: true }],
  [{ typeCast: false }, {}],
  [{ typeCast: (field, next) => next() }, {}],
  [{}, { typeCast: (field, next) => [field.type, field.name, field.table, field.db, field.length, next()] }],
  [{ typeCast: (field) => field.buffer() }, {}],
  [{ typeCast: (field, next) => (field.type === 'JSON' ? next() : field.string()) }, {}],
  [{ typeCast: (field, next) => (field.type === 'JSON' ? next() : field.string('latin1')) }, {}],
  [{ rowsAsArray: true }, {}],
  [{}, { rowsAsArray: true }],
];

const kTimeZones = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];

function withTimeZone(tz, fn) {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

for (const tz of kTimeZones) {
  test(`every case and option set matches mysql2's text protocol (TZ=${tz})`, () => {
    withTimeZone(tz, () => {
      let compared = 0;
      const cases = [...kCases, ...kNullTypes.map((type) => [type, null, null])];
      for (const [queryOptions, connectionOptions] of kOptionSets) {
        for (const [columnType, cell, wire, extra = {}] of cases) {
          const field = { name: 'v', columnType, table: 't', ...extra };
          const expected = mysql2Row([mysqlField(field, isBinaryCase(columnType, cell))], [wire], queryOptions, connectionOptions);
          const actual = clientRow([field], [cell], queryOptions, connectionOptions);
          assert.deepStrictEqual(comparable(actual), comparable(expected),
            `type ${columnType}, cell ${JSON.stringify(cell)}, options ${JSON.stringify([queryOptions, connectionOptions])}`);
          compared++;
        }
      }
      assert.ok(compared > 1000);
    });
  });
}

test('row shapes match mysql2: duplicate names, nestTables true and a separator, with rowsAsArray too', () => {
  const gatewayFields = [
    { name: 'id', columnType: 3, table: 'users' },
    { name: 'name', columnType: 253, table: 'users' },
    { name: 'id', columnType: 3, table: 'orders' },
    { name: 'total', columnType: 246, decimals: 2 }, // an expression: no table
  ];
  const cells = [1, 'Ada', 7, '9.90'];
  const wire = ['1', 'Ada', '7', '9.90'];
  const fields = gatewayFields.map((f, i) => mysqlField(f, i !== 1));
  for (const queryOptions of [{}, { rowsAsArray: true }, { nestTables: true }, { nestTables: '_' },
    { nestTables: true, rowsAsArray: true }, { nestTables: '.', rowsAsArray: true }]) {
    assert.deepStrictEqual(
      comparable(clientRow(gatewayFields, cells, queryOptions, {})),
      comparable(mysql2Row(fields, wire, queryOptions, {})),
      JSON.stringify(queryOptions),
    );
  }
});

test('a connection-wide typeCast function applies unless the query brings its own; false and nestTables act per query', () => {
  const gatewayFields = [{ name: 'n', columnType: 3, table: 't' }];
  const fields = [mysqlField(gatewayFields[0], true)];
  const upper = () => 'connection';
  const own = () => 'query';
  for (const [queryOptions, connectionOptions] of [
    [{}, { typeCast: upper }], [{ typeCast: own }, { typeCast: upper }], [{ typeCast: false }, { typeCast: upper }],
    [{}, { typeCast: false }], [{}, { nestTables: true }],
  ]) {
    assert.deepStrictEqual(
      comparable(clientRow(gatewayFields, [5], queryOptions, connectionOptions)),
      comparable(mysql2Row(fields, ['5'], queryOptions, connectionOptions)),
    );
  }
});
