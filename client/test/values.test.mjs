// Parameter encoding and tagged result cells: pure, no gateway needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bigintOf, binaryOf, encodeParams, formatDate } from '../src/values.js';

test('scalars pass through; undefined is null; BigInt is a string', () => {
  assert.deepEqual(
    encodeParams(['a', 1, 2.5, true, false, null, undefined, 12345678901234567890n]),
    ['a', 1, 2.5, true, false, null, null, '12345678901234567890'],
  );
});

test('no values, or a lone scalar', () => {
  assert.deepEqual(encodeParams(undefined), []);
  assert.deepEqual(encodeParams([]), []);
  assert.deepEqual(encodeParams(7), [7]);
  assert.deepEqual(encodeParams('x'), ['x']);
});

test('Buffer, Uint8Array, ArrayBuffer become {$binary: base64}', () => {
  const bytes = Uint8Array.from([0, 1, 254, 255]);
  const expected = { $binary: 'AAH+/w==' };
  assert.deepEqual(encodeParams([Buffer.from(bytes), bytes, bytes.buffer]), [expected, expected, expected]);
  // A view into a larger buffer encodes only its own bytes.
  const view = new Uint8Array(Uint8Array.from([9, 0, 1, 254, 255, 9]).buffer, 1, 4);
  assert.deepEqual(encodeParams([view]), [expected]);
});

test('Dates become DATETIME(3) text in the connection timezone, as mysql2 writes them; invalid dates are NULL', () => {
  const date = new Date(Date.UTC(2024, 1, 29, 3, 4, 5, 67));
  assert.equal(formatDate(date, 'Z'), '2024-02-29 03:04:05.067');
  assert.equal(formatDate(date, '+05:30'), '2024-02-29 08:34:05.067');
  assert.equal(formatDate(date, '-08:00'), '2024-02-28 19:04:05.067');
  assert.deepEqual(encodeParams([date, new Date(NaN)], 'SELECT ?, ?', 'Z'), ['2024-02-29 03:04:05.067', null]);
  const saved = process.env.TZ;
  process.env.TZ = 'America/New_York';
  try {
    assert.equal(formatDate(date), '2024-02-28 22:04:05.067', "'local' is the default, as in mysql2");
    assert.deepEqual(encodeParams([date]), ['2024-02-28 22:04:05.067']);
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('arrays, objects and named placeholders are refused with ER_NOT_SUPPORTED_YET', () => {
  const sql = 'SELECT * FROM t WHERE id IN (?)';
  for (const values of [[[1, 2, 3]], [{ a: 1 }], { id: 1 }, [new Map()]]) {
    assert.throws(() => encodeParams(values, sql), (err) => {
      assert.equal(err.code, 'ER_NOT_SUPPORTED_YET');
      assert.equal(err.errno, 1235);
      assert.equal(err.sqlState, '42000');
      assert.equal(err.sqlMessage, err.message);
      assert.equal(err.sql, sql);
      assert.match(err.message, /one \? per scalar value/);
      return true;
    });
  }
});

test('binaryOf and bigintOf read the tagged result cells, and nothing else', () => {
  assert.deepEqual(binaryOf({ $binary: 'AAH+/w==' }), Buffer.from([0, 1, 254, 255]));
  assert.ok(Buffer.isBuffer(binaryOf({ $binary: '' })));
  assert.equal(bigintOf({ $bigint: '-9223372036854775808' }), '-9223372036854775808');
  for (const cell of [null, 1, 'x', { $binary: 1 }, { $bigint: 1 }, [], {}]) {
    assert.equal(binaryOf(cell), undefined);
    assert.equal(bigintOf(cell), undefined);
  }
});
