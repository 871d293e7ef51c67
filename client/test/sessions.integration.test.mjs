// mysql2's documented behaviour for transactions, pools and prepared statements, against the REAL
// gateway in EDGE_SQL_URL (see gateway.integration.test.mjs); this file never skips.
// https://sidorares.github.io/node-mysql2/docs (Prepared Statements, Using connection pools,
// Promise wrapper: beginTransaction/commit/rollback).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from '../index.js';

const gatewayUrl = process.env.EDGE_SQL_URL;
const database = `s_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`;

function dsn(extra = '') {
  const url = new URL(gatewayUrl);
  return `edge-mysql://itest@${url.host}/${database}${extra}`;
}

async function sessions() {
  return (await (await fetch(`${gatewayUrl}/v1/health`)).json()).sessions;
}

let conn;
before(async () => {
  assert.ok(gatewayUrl, 'EDGE_SQL_URL is not set');
  conn = await mysql.createConnection(dsn());
  await conn.query('CREATE TABLE accounts (id INT PRIMARY KEY, balance INT NOT NULL)');
  await conn.query('INSERT INTO accounts VALUES (1, 100), (2, 0)');
});
after(async () => {
  await conn?.end();
});

test('the documented transaction pattern: a failure rolls back everything before it', async () => {
  const other = await mysql.createConnection(dsn());
  await conn.beginTransaction();
  try {
    await conn.execute('UPDATE accounts SET balance = balance - ? WHERE id = ?', [30, 1]);
    // Uncommitted: another connection still reads the old balance.
    assert.deepEqual((await other.query('SELECT balance FROM accounts WHERE id = 1'))[0], [{ balance: 100 }]);
    await conn.execute('INSERT INTO accounts VALUES (?, ?)', [2, 30]); // duplicate key
    await conn.commit();
    assert.fail('the duplicate should have thrown');
  } catch (err) {
    assert.equal(err.code, 'ER_DUP_ENTRY');
    await conn.rollback();
  }
  assert.deepEqual((await other.query('SELECT id, balance FROM accounts ORDER BY id'))[0],
    [{ id: 1, balance: 100 }, { id: 2, balance: 0 }]);
  await other.end();
});

test('a committed transfer is seen by every connection, read-your-writes before', async () => {
  await conn.beginTransaction();
  await conn.execute('UPDATE accounts SET balance = balance - ? WHERE id = ?', [30, 1]);
  await conn.execute('UPDATE accounts SET balance = balance + ? WHERE id = ?', [30, 2]);
  assert.deepEqual((await conn.query('SELECT SUM(balance) AS total FROM accounts'))[0], [{ total: '100' }]);
  await conn.commit();
  const pool = mysql.createPool({ uri: dsn() });
  const [rows] = await pool.query('SELECT id, balance FROM accounts ORDER BY id');
  assert.deepEqual(rows, [{ id: 1, balance: 70 }, { id: 2, balance: 30 }]);
  await pool.end();
});

test('prepare(): a statement with its parameters, executed several times, then closed', async () => {
  const statement = await conn.prepare('SELECT balance FROM accounts WHERE id = ?');
  assert.equal(statement.parameters.length, 1);
  assert.deepEqual((await statement.execute([1]))[0], [{ balance: 70 }]);
  assert.deepEqual((await statement.execute([2]))[0], [{ balance: 30 }]);
  await assert.rejects(statement.execute([]), { errno: 1210 });
  statement.close();
  await assert.rejects(statement.execute([1]), { errno: 1243 });
});

test('execute() prepares each text once per connection and keeps at most maxPreparedStatements', async () => {
  const small = await mysql.createConnection({ uri: dsn(), maxPreparedStatements: 2 });
  for (const id of [1, 2, 1, 2]) await small.execute('SELECT balance FROM accounts WHERE id = ?', [id]);
  assert.equal(small._statements.size, 1);
  await small.execute('SELECT 1');
  await small.execute('SELECT 2'); // the oldest statement is closed on the server
  assert.deepEqual([...small._statements.keys()], ['SELECT 1', 'SELECT 2']);
  assert.deepEqual((await small.execute('SELECT balance FROM accounts WHERE id = ?', [2]))[0], [{ balance: 30 }]);
  await small.end();
});

test('a pooled connection keeps its transaction until release; the pool runs others meanwhile', async () => {
  const pool = mysql.createPool({ uri: dsn(), connectionLimit: 3 });
  const held = await pool.getConnection();
  await held.beginTransaction();
  await held.query('UPDATE accounts SET balance = 0 WHERE id = 1');
  const [[{ balance }]] = await pool.query('SELECT balance FROM accounts WHERE id = 1');
  assert.equal(balance, 70);
  await held.rollback();
  held.release();
  await pool.end();
});

test('idle pooled connections close after idleTimeout beyond maxIdle; end() closes the rest', async () => {
  const start = await sessions();
  const pool = mysql.createPool({ uri: dsn(), connectionLimit: 4, maxIdle: 1, idleTimeout: 100 });
  const held = await Promise.all([1, 2, 3].map(() => pool.getConnection()));
  await Promise.all(held.map((c) => c.ping()));
  assert.equal(await sessions(), start + 3);
  for (const c of held) c.release();
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(await sessions(), start + 1);
  await pool.end();
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await sessions(), start);
});

test('destroy() ends the session and rolls back; later commands fail as after quit', async () => {
  const doomed = await mysql.createConnection(dsn());
  await doomed.beginTransaction();
  await doomed.query('UPDATE accounts SET balance = -1 WHERE id = 2');
  doomed.destroy();
  await assert.rejects(doomed.query('SELECT 1'), { code: 'PROTOCOL_ENQUEUE_AFTER_QUIT' });
  assert.deepEqual((await conn.query('SELECT balance FROM accounts WHERE id = 2'))[0], [{ balance: 30 }]);
});

async function sockets() {
  return (await (await fetch(`${gatewayUrl}/v1/health`)).json()).sockets;
}

test("a pool's connections share sockets, eight to a socket; shareSocket: false gives each its own", async () => {
  for (const [shareSocket, expected] of [[true, 2], [false, 16]]) {
    const [startSessions, startSockets] = [await sessions(), await sockets()];
    const pool = mysql.createPool({ uri: dsn(), connectionLimit: 16, shareSocket });
    const held = await Promise.all(Array.from({ length: 16 }, () => pool.getConnection()));
    await Promise.all(held.map((c) => c.ping()));
    assert.equal(await sessions(), startSessions + 16);
    assert.equal(await sockets(), startSockets + expected, `shareSocket: ${shareSocket}`);
    for (const c of held) c.release();
    await pool.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual([await sessions(), await sockets()], [startSessions, startSockets]);
  }
});

test('connections sharing a socket keep their own transactions, settings and statements', async () => {
  await conn.query('CREATE TABLE wallets (id INT PRIMARY KEY, balance INT NOT NULL)');
  await conn.query(`INSERT INTO wallets VALUES ${Array.from({ length: 8 }, (_, i) => `(${i}, 0)`).join(', ')}`);
  const pool = mysql.createPool({ uri: dsn(), connectionLimit: 8 });
  const held = await Promise.all(Array.from({ length: 8 }, () => pool.getConnection()));
  // All eight at once, so their messages share frames: each its own transaction, half rolled back.
  await Promise.all(held.map(async (c, i) => {
    await c.query(`SET @mine = ${i}`);
    for (let round = 0; round < 5; round++) {
      await c.beginTransaction();
      await c.execute('UPDATE wallets SET balance = balance + 1 WHERE id = ?', [i]);
      await (i % 2 === 0 ? c.commit() : c.rollback());
    }
    const [[{ mine }]] = await c.query('SELECT @mine AS mine');
    assert.equal(mine, i);
  }));
  held.forEach((c) => c.release());
  const [rows] = await pool.query('SELECT id, balance FROM wallets ORDER BY id');
  assert.deepEqual(rows.map((r) => r.balance), [5, 0, 5, 0, 5, 0, 5, 0]);
  await pool.end();
});

test("a ResultSetHeader's serverStatus says whether a transaction is open, as mysql2's does", async () => {
  const IN_TRANS = 1;
  const AUTOCOMMIT = 2;
  const status = async (sql) => (await conn.query(sql))[0].serverStatus;
  assert.equal(await status('UPDATE accounts SET balance = balance WHERE id = 1'), AUTOCOMMIT);
  await conn.beginTransaction();
  assert.equal(await status('UPDATE accounts SET balance = balance WHERE id = 1'), IN_TRANS | AUTOCOMMIT);
  await conn.commit();
  assert.equal(await status('SET autocommit = 0'), 0);
  assert.equal(await status('UPDATE accounts SET balance = balance WHERE id = 1'), IN_TRANS);
  assert.equal(await status('ROLLBACK'), 0);
  assert.equal(await status('SET autocommit = 1'), AUTOCOMMIT);
});
