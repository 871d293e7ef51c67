// Against the REAL gateway, whose base URL the project's test runner puts in EDGE_SQL_URL
// (e.g. http://127.0.0.1:8787). Without it every test here fails: this file never skips.
// Optional: EDGE_SQL_TOKEN for the bearer token.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from '../index.js';

const gatewayUrl = process.env.EDGE_SQL_URL;
const token = process.env.EDGE_SQL_TOKEN;
const run = `${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;
const dbA = `t_${run}_a`;
const dbB = `t_${run}_b`;

/** A DSN for `database` on the gateway at EDGE_SQL_URL, through endpoint= when host/port can't say it. */
function dsn(database, extra = {}) {
  const url = new URL(gatewayUrl);
  const params = new URLSearchParams(extra);
  if (token) params.set('token', token);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  const plain = url.pathname === '/' && (url.protocol === 'http:') === loopback;
  if (!plain) params.set('endpoint', gatewayUrl);
  const query = params.toString();
  return `edge-mysql://itest@${url.host}/${database}${query ? `?${query}` : ''}`;
}

let conn; // on dbA, opened in before()
before(async () => {
  assert.ok(gatewayUrl, 'EDGE_SQL_URL is not set: the integration tests need the real gateway ' +
    '(the project test runner sets it, e.g. EDGE_SQL_URL=http://127.0.0.1:8787)');
  conn = await mysql.createConnection(dsn(dbA));
});
after(async () => {
  await conn?.end();
});

test('ping', async () => {
  assert.equal(await conn.ping(), undefined);
});

test('CREATE TABLE, INSERT with ? gives insertId and affectedRows', async () => {
  const [created] = await conn.query(
    'CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL, ' +
      'email VARCHAR(128) UNIQUE) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  );
  assert.equal(created.constructor.name, 'ResultSetHeader');
  const [one, fields] = await conn.execute('INSERT INTO users (name, email) VALUES (?, ?)', ['Ada', 'ada@example.com']);
  assert.equal(fields, undefined);
  assert.equal(one.insertId, 1);
  assert.equal(one.affectedRows, 1);
  assert.equal(one.fieldCount, 0);
  const [two] = await conn.query('INSERT INTO users (name, email) VALUES (?, ?), (?, ?)',
    ['Grace', 'grace@example.com', 'Edsger', null]);
  assert.equal(two.insertId, 2); // the first id of a multi-row INSERT, as MySQL reports it
  assert.equal(two.affectedRows, 2);
});

test('SELECT gives [rows, fields]', async () => {
  const [rows, fields] = await conn.query('SELECT id, name, email FROM users WHERE id <= ? ORDER BY id', [3]);
  assert.deepEqual(rows, [
    { id: 1, name: 'Ada', email: 'ada@example.com' },
    { id: 2, name: 'Grace', email: 'grace@example.com' },
    { id: 3, name: 'Edsger', email: null },
  ]);
  assert.deepEqual(fields.map((f) => f.name), ['id', 'name', 'email']);
  // As mysql2's ColumnDefinition: `type` and `columnType` are the protocol number.
  assert.deepEqual(fields.map((f) => [f.columnType, f.type, f.table]), [[3, 3, 'users'], [253, 253, 'users'], [253, 253, 'users']]);
});

test('rowsAsArray, per query and per connection', async () => {
  const [rows] = await conn.query({ sql: 'SELECT id, name FROM users WHERE id = ?', values: [1], rowsAsArray: true });
  assert.deepEqual(rows, [[1, 'Ada']]);
  const arrays = await mysql.createConnection(dsn(dbA, { rowsAsArray: 'true' }));
  assert.deepEqual((await arrays.query('SELECT name FROM users WHERE id = ?', [2]))[0], [['Grace']]);
  await arrays.end();
});

function assertMysqlError(errno, code, sqlState, sql) {
  return (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.errno, errno, err.message);
    assert.equal(err.code, code);
    assert.equal(err.sqlState, sqlState);
    assert.equal(err.sqlMessage, err.message);
    assert.equal(err.sql, sql);
    return true;
  };
}

test('1064 ER_PARSE_ERROR on a syntax error', async () => {
  await assert.rejects(conn.query('SELEC 1'), assertMysqlError(1064, 'ER_PARSE_ERROR', '42000', 'SELEC 1'));
});

test('1146 ER_NO_SUCH_TABLE on a missing table', async () => {
  const sql = 'SELECT * FROM no_such_table';
  await assert.rejects(conn.query(sql), assertMysqlError(1146, 'ER_NO_SUCH_TABLE', '42S02', sql));
});

test('1062 on a duplicate unique key', async () => {
  const sql = 'INSERT INTO users (name, email) VALUES (?, ?)';
  await assert.rejects(conn.query(sql, ['Ada again', 'ada@example.com']),
    assertMysqlError(1062, 'ER_DUP_ENTRY', '23000', sql));
});

test('1048 on NULL into a NOT NULL column', async () => {
  const sql = 'INSERT INTO users (name, email) VALUES (?, ?)';
  await assert.rejects(conn.query(sql, [null, 'nobody@example.com']),
    assertMysqlError(1048, 'ER_BAD_NULL_ERROR', '23000', sql));
});

test('databases are isolated namespaces', async () => {
  const other = await mysql.createConnection(dsn(dbB));
  try {
    await assert.rejects(other.query('SELECT * FROM users'), { errno: 1146, code: 'ER_NO_SUCH_TABLE' });
  } finally {
    await other.end();
  }
});

test('USE switches the connection to another database', async () => {
  const switching = await mysql.createConnection(dsn(dbA));
  try {
    await switching.query(`USE ${dbB}`);
    assert.equal(switching.config.database, dbB);
    await assert.rejects(switching.query('SELECT * FROM users'), { errno: 1146 });
    await switching.query('CREATE TABLE only_in_b (id INT PRIMARY KEY)');
    await switching.query(`USE ${dbA}`);
    assert.equal(switching.config.database, dbA);
    assert.equal((await switching.query('SELECT name FROM users WHERE id = ?', [1]))[0][0].name, 'Ada');
    await assert.rejects(switching.query('SELECT * FROM only_in_b'), { errno: 1146 });
  } finally {
    await switching.end();
  }
});

test('Buffer round trip through a BLOB column', async () => {
  await conn.query('CREATE TABLE blobs (id INT PRIMARY KEY, data BLOB)');
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await conn.query('INSERT INTO blobs (id, data) VALUES (?, ?)', [1, bytes]);
  const [rows] = await conn.query('SELECT data FROM blobs WHERE id = ?', [1]);
  assert.ok(Buffer.isBuffer(rows[0].data));
  assert.deepEqual(rows[0].data, bytes);
});

test('over the HTTP transport, beginTransaction surfaces the server refusal (1235)', async () => {
  const overHttp = await mysql.createConnection(dsn(dbA, { transport: 'http' }));
  await assert.rejects(overHttp.beginTransaction(), { errno: 1235, code: 'ER_NOT_SUPPORTED_YET', sql: 'BEGIN' });
});

test('over the default session, a transaction commits or rolls back', async () => {
  await conn.query('CREATE TABLE ledger (id INT PRIMARY KEY, amount INT)');
  await conn.beginTransaction();
  await conn.execute('INSERT INTO ledger VALUES (?, ?)', [1, 100]);
  await conn.rollback();
  assert.deepEqual((await conn.query('SELECT COUNT(*) AS n FROM ledger'))[0], [{ n: 0 }]);
  await conn.beginTransaction();
  await conn.execute('INSERT INTO ledger VALUES (?, ?)', [1, 100]);
  await conn.commit();
  assert.deepEqual((await conn.query('SELECT amount FROM ledger'))[0], [{ amount: 100 }]);
});

test('pool with connectionLimit 2 runs 10 concurrent queries correctly', async () => {
  const pool = mysql.createPool({ uri: dsn(dbA), connectionLimit: 2 });
  try {
    await pool.query('CREATE TABLE nums (n INT PRIMARY KEY, label VARCHAR(16))');
    const inserts = await Promise.all(
      Array.from({ length: 10 }, (_, n) => pool.execute('INSERT INTO nums (n, label) VALUES (?, ?)', [n, `n${n}`])),
    );
    assert.ok(inserts.every(([header]) => header.affectedRows === 1));
    const selects = await Promise.all(
      Array.from({ length: 10 }, (_, n) => pool.query('SELECT label FROM nums WHERE n = ?', [n])),
    );
    assert.deepEqual(selects.map(([rows]) => rows[0].label), Array.from({ length: 10 }, (_, n) => `n${n}`));
    const held = await pool.getConnection();
    assert.equal((await held.query('SELECT COUNT(*) AS c FROM nums'))[0][0].c, 10);
    held.release();
  } finally {
    await pool.end();
  }
  await assert.rejects(pool.getConnection(), { code: 'POOL_CLOSED' });
  await assert.rejects(pool.query('SELECT 1'), { code: 'POOL_CLOSED' });
});

test('end() then PROTOCOL_ENQUEUE_AFTER_QUIT', async () => {
  const closing = await mysql.createConnection(dsn(dbA));
  await closing.query('SELECT id FROM users WHERE id = ?', [1]);
  await closing.end();
  await assert.rejects(closing.query('SELECT id FROM users'), { code: 'PROTOCOL_ENQUEUE_AFTER_QUIT' });
});
