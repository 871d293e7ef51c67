// Interactive transactions over WebSocket sessions (issue 5), against the
// real gateway and its Durable Object shards: atomicity across an object
// reset, isolation between sessions, read-your-writes, lock wait and idle
// timeouts, a dropped socket, autocommit off, shard pinning, prepared
// statements, pipelining, and no leaks after thousands of sessions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, db, freshDatabase, health, openSession, post, setPolicy, token } from './helpers.mjs';

const database = freshDatabase('txn');
const q = db(database);
const rows = async (sql) => (await q(sql)).body.rows;

async function reset(shard = '0', name = database) {
  const res = await fetch(`${baseUrl}/v1/admin/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ database: name, shard }),
  });
  return { status: res.status, body: await res.json() };
}

function ok(answer) {
  assert.equal(answer.error, undefined, JSON.stringify(answer.error));
  return answer;
}

test('setup', async () => {
  for (const sql of [
    'CREATE TABLE items (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(32), at DATETIME(3))',
    'CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)',
    'INSERT INTO counter VALUES (1, 0), (2, 0)',
  ]) {
    assert.equal((await q(sql)).status, 200, sql);
  }
});

test('read-your-writes inside a transaction, invisible outside until COMMIT', async () => {
  const a = await openSession(database);
  ok(await a.q('BEGIN'));
  const inserted = ok(await a.q("INSERT INTO items (name) VALUES ('first')"));
  assert.ok(inserted.insertId > 0);
  assert.deepEqual(ok(await a.q('SELECT LAST_INSERT_ID() AS id')).rows, [{ id: inserted.insertId }]);
  assert.deepEqual(ok(await a.q('SELECT name FROM items WHERE id = ?', [inserted.insertId])).rows, [{ name: 'first' }]);
  ok(await a.q("UPDATE items SET name = 'renamed' WHERE id = ?", [inserted.insertId]));
  assert.deepEqual(ok(await a.q('SELECT name FROM items')).rows, [{ name: 'renamed' }]);

  // Another session and plain HTTP reads see only what is committed, and do not wait.
  const b = await openSession(database);
  assert.deepEqual(ok(await b.q('SELECT COUNT(*) AS n FROM items')).rows, [{ n: 0 }]);
  assert.deepEqual(await rows('SELECT COUNT(*) AS n FROM items'), [{ n: 0 }]);

  ok(await a.q('COMMIT'));
  assert.deepEqual(ok(await b.q('SELECT id, name FROM items')).rows, [{ id: inserted.insertId, name: 'renamed' }]);
  await a.close();
  await b.close();
});

test('ROLLBACK discards every write; a failed statement leaves the transaction usable', async () => {
  const a = await openSession(database);
  ok(await a.q('START TRANSACTION'));
  ok(await a.q("INSERT INTO items (name) VALUES ('gone')"));
  const duplicate = await a.q('INSERT INTO counter VALUES (1, 9)');
  assert.equal(duplicate.error.errno, 1062);
  assert.deepEqual(ok(await a.q("SELECT COUNT(*) AS n FROM items WHERE name = 'gone'")).rows, [{ n: 1 }]);
  ok(await a.q('ROLLBACK'));
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name = 'gone'"), [{ n: 0 }]);
  await a.close();
});

test('NOW() inside a transaction keeps the time it first ran at, through COMMIT', async () => {
  const a = await openSession(database);
  ok(await a.q('BEGIN'));
  const { insertId } = ok(await a.q("INSERT INTO items (name, at) VALUES ('clock', NOW(3))"));
  const [{ at: seen }] = ok(await a.q('SELECT at FROM items WHERE id = ?', [insertId])).rows;
  await new Promise((resolve) => setTimeout(resolve, 30));
  ok(await a.q("UPDATE items SET name = 'clock2' WHERE id = ?", [insertId]));
  ok(await a.q('COMMIT'));
  assert.deepEqual(await rows(`SELECT at FROM items WHERE id = ${insertId}`), [{ at: seen }]);
  await a.close();
});

test('a shard reset mid-transaction keeps none of its writes; a committed one keeps all', async () => {
  const a = await openSession(database);
  ok(await a.q('BEGIN'));
  ok(await a.q("INSERT INTO items (name) VALUES ('lost-1'), ('lost-2')"));
  ok(await a.q('UPDATE counter SET n = 100 WHERE id = 2'));
  assert.equal((await reset()).status, 200);
  const next = await a.q("INSERT INTO items (name) VALUES ('lost-3')");
  assert.equal(next.error.errno, 1213, JSON.stringify(next));
  assert.equal(next.error.sqlState, '40001');
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name LIKE 'lost-%'"), [{ n: 0 }]);
  assert.deepEqual(await rows('SELECT n FROM counter WHERE id = 2'), [{ n: 0 }]);
  // The session goes on: the failed transaction is over.
  ok(await a.q('BEGIN'));
  ok(await a.q("INSERT INTO items (name) VALUES ('kept-1'), ('kept-2')"));
  ok(await a.q('UPDATE counter SET n = 7 WHERE id = 2'));
  ok(await a.q('COMMIT'));
  assert.equal((await reset()).status, 200);
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name LIKE 'kept-%'"), [{ n: 2 }]);
  assert.deepEqual(await rows('SELECT n FROM counter WHERE id = 2'), [{ n: 7 }]);
  await a.close();
});

test('16 sessions incrementing one row through SELECT then UPDATE lose no update', async () => {
  const sessions = await Promise.all(Array.from({ length: 16 }, () => openSession(database)));
  const rounds = 5;
  let committed = 0;
  await Promise.all(sessions.map(async (s) => {
    for (let i = 0; i < rounds; i++) {
      ok(await s.q('BEGIN'));
      const [{ n }] = ok(await s.q('SELECT n FROM counter WHERE id = 1')).rows;
      ok(await s.q('UPDATE counter SET n = ? WHERE id = 1', [n + 1])); // the client's arithmetic
      if (!(await s.q('COMMIT')).error) committed++;
    }
  }));
  assert.equal(committed, 16 * rounds);
  assert.deepEqual(await rows('SELECT n FROM counter WHERE id = 1'), [{ n: committed }]);
  await Promise.all(sessions.map((s) => s.close()));
});

test('a writer waits for the transaction holding the shard: 1205 after innodb_lock_wait_timeout', async () => {
  const a = await openSession(database);
  const b = await openSession(database);
  ok(await a.q('BEGIN'));
  ok(await a.q('SELECT n FROM counter WHERE id = 2')); // a read: from here it holds the shard
  ok(await a.q('UPDATE counter SET n = n + 1 WHERE id = 2'));
  ok(await b.q('SET innodb_lock_wait_timeout = 1'));
  const started = Date.now();
  const waited = await b.q('UPDATE counter SET n = 0 WHERE id = 2');
  assert.equal(waited.error?.errno, 1205, JSON.stringify(waited));
  assert.ok(Date.now() - started >= 900);
  // A plain HTTP write waits, then runs once the transaction commits.
  const pending = q('UPDATE counter SET n = n * 10 WHERE id = 2');
  await new Promise((resolve) => setTimeout(resolve, 200));
  ok(await a.q('COMMIT'));
  assert.equal((await pending).status, 200);
  assert.deepEqual(await rows('SELECT n FROM counter WHERE id = 2'), [{ n: 80 }]);
  await a.close();
  await b.close();
});

// Until a statement whose answer depends on more than a count of rows, a
// transaction holds nothing: COMMIT runs its UPDATEs and DELETEs again in
// its turn among the writers, and keeps them only if each still answers as
// it did.
test('UPDATE and DELETE in a transaction hold nothing; COMMIT applies them in its turn', async () => {
  ok(await q('INSERT INTO counter VALUES (10, 100), (11, 100), (12, 100)'));
  const a = await openSession(database);
  const b = await openSession(database);
  ok(await a.q('SET innodb_lock_wait_timeout = 1'));
  ok(await b.q('SET innodb_lock_wait_timeout = 1'));
  ok(await a.q('BEGIN'));
  assert.equal(ok(await a.q('UPDATE counter SET n = n + 1 WHERE id IN (10, 11)')).affectedRows, 2);
  // Other writers do not wait for it: a session's transaction, a plain write.
  ok(await b.q('BEGIN'));
  assert.equal(ok(await b.q('UPDATE counter SET n = n * 2 WHERE id = 10')).affectedRows, 1);
  ok(await b.q('COMMIT'));
  assert.equal((await q('UPDATE counter SET n = n + 5 WHERE id = 11')).status, 200);
  // Its own later statements see its changes on top of what committed since.
  assert.deepEqual(ok(await a.q('SELECT n FROM counter WHERE id IN (10, 11) ORDER BY id')).rows, [{ n: 201 }, { n: 106 }]);
  ok(await a.q('COMMIT'));
  assert.deepEqual(await rows('SELECT n FROM counter WHERE id IN (10, 11) ORDER BY id'), [{ n: 201 }, { n: 106 }]);
  await a.close();
  await b.close();
});

test('a transaction whose UPDATE would no longer answer the same at COMMIT is refused whole (1213)', async () => {
  const a = await openSession(database);
  ok(await a.q('BEGIN'));
  assert.equal(ok(await a.q('UPDATE counter SET n = 0 WHERE id = 12')).affectedRows, 1);
  assert.equal(ok(await a.q('DELETE FROM counter WHERE id = 12')).affectedRows, 1);
  ok(await q('DELETE FROM counter WHERE id = 12')); // committed meanwhile: a's DELETE would now change no row
  const refused = await a.q('COMMIT');
  assert.equal(refused.error?.errno, 1213, JSON.stringify(refused));
  assert.match(refused.error.message, /no longer answers as it did/);
  assert.deepEqual(await rows('SELECT COUNT(*) AS n FROM counter WHERE id = 12'), [{ n: 0 }]);
  // The session goes on, with nothing of that transaction left.
  ok(await a.q('BEGIN'));
  assert.equal(ok(await a.q('UPDATE counter SET n = 7 WHERE id = 10')).affectedRows, 1);
  ok(await q('INSERT INTO counter VALUES (12, 1)'));
  assert.equal(ok(await a.q('UPDATE counter SET n = 8 WHERE id = 12')).affectedRows, 1);
  ok(await q('DELETE FROM counter WHERE id = 12'));
  // A later statement runs the kept ones again first, and learns it there.
  const lost = await a.q('UPDATE counter SET n = 9 WHERE id = 11');
  assert.equal(lost.error?.errno, 1213, JSON.stringify(lost));
  assert.deepEqual(await rows('SELECT n FROM counter WHERE id IN (10, 11) ORDER BY id'), [{ n: 201 }, { n: 106 }]);
  await a.close();
});

test('an idle transaction is rolled back after idle_transaction_timeout and lets the shard go', async () => {
  const a = await openSession(database);
  ok(await a.q('SET idle_transaction_timeout = 1'));
  ok(await a.q('BEGIN'));
  ok(await a.q("INSERT INTO items (name) VALUES ('idle')"));
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal((await q('UPDATE counter SET n = 8 WHERE id = 2')).status, 200); // not blocked
  const late = await a.q('COMMIT');
  assert.equal(late.error?.errno, 1213);
  assert.match(late.error.message, /idle/);
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name = 'idle'"), [{ n: 0 }]);
  await a.close();
});

test('a dropped socket rolls its transaction back at once', async () => {
  const a = await openSession(database);
  ok(await a.q('BEGIN'));
  ok(await a.q("INSERT INTO items (name) VALUES ('dropped')"));
  a.ws.terminate();
  const b = await openSession(database);
  ok(await b.q('SET innodb_lock_wait_timeout = 5'));
  ok(await b.q('UPDATE counter SET n = 9 WHERE id = 2')); // the shard was let go
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name = 'dropped'"), [{ n: 0 }]);
  await b.close();
});

test('autocommit = 0: statements gather into a transaction until COMMIT', async () => {
  const a = await openSession(database);
  ok(await a.q('SET autocommit = 0'));
  ok(await a.q("INSERT INTO items (name) VALUES ('ac-1')"));
  ok(await a.q("INSERT INTO items (name) VALUES ('ac-2')"));
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name LIKE 'ac-%'"), [{ n: 0 }]);
  ok(await a.q('COMMIT'));
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name LIKE 'ac-%'"), [{ n: 2 }]);
  ok(await a.q("INSERT INTO items (name) VALUES ('ac-3')")); // the next transaction
  ok(await a.q('SET autocommit = 1')); // commits it, as MySQL does
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name LIKE 'ac-%'"), [{ n: 3 }]);
  await a.close();
  // Over HTTP there is nothing to gather into.
  assert.equal((await q('SET autocommit = 0')).body.error.errno, 1235);
  assert.equal((await q('BEGIN')).body.error.errno, 1235);
});

test('DDL inside a transaction commits it first, as in MySQL', async () => {
  const a = await openSession(database);
  ok(await a.q('BEGIN'));
  ok(await a.q("INSERT INTO items (name) VALUES ('before-ddl')"));
  ok(await a.q('CREATE TABLE side (id INT PRIMARY KEY)'));
  ok(await a.q('ROLLBACK')); // nothing left to roll back
  assert.deepEqual(await rows("SELECT COUNT(*) AS n FROM items WHERE name = 'before-ddl'"), [{ n: 1 }]);
  await a.close();
});

test('prepared statements: prepare once, execute by id, counts checked, close', async () => {
  const a = await openSession(database);
  const prepared = ok(await a.send({ op: 'prepare', sql: 'SELECT n FROM counter WHERE id = ?' }));
  assert.equal(prepared.params, 1);
  assert.deepEqual(ok(await a.send({ op: 'execute', statement: prepared.statement, params: [2] })).rows, [{ n: 9 }]);
  const wrong = await a.send({ op: 'execute', statement: prepared.statement, params: [] });
  assert.equal(wrong.error.errno, 1210);
  ok(await a.send({ op: 'close-statement', statement: prepared.statement }));
  const closed = await a.send({ op: 'execute', statement: prepared.statement, params: [2] });
  assert.equal(closed.error.errno, 1243);
  assert.equal((await a.send({ op: 'prepare', sql: 'SELEC 1' })).error.errno, 1064);
  assert.equal((await a.send({ op: 'nope' })).error.errno, 1210);
  await a.close();
});

test('pipelined messages are answered in order, each with its id', async () => {
  const a = await openSession(database);
  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => a.q('SELECT ? AS i', [i])));
  assert.deepEqual(answers.map((x) => x.rows[0].i), Array.from({ length: 50 }, (_, i) => i));
  await a.close();
});

test('a transaction stays on its shard: BEGIN hint pins it, another tenant is refused', async () => {
  const sharded = freshDatabase('txnshard');
  const res = await setPolicy({
    database: sharded,
    policy: {
      tables: { orders: { pk: ['id'], shard_by: 'tenant_id' } },
      routing: { version: 1, tenant_shards: 4, tenants: { acme: 'shard-acme', zeta: 'shard-zeta' }, ranges: [{ prefix: '00..ff', shard: 'range-0' }] },
    },
  });
  assert.equal(res.status, 200);
  const s = await openSession(sharded);
  ok(await s.q('CREATE TABLE orders (id INT PRIMARY KEY, tenant_id VARCHAR(16), total INT)'));
  ok(await s.q('/*+ shard:tenant_id=acme */ BEGIN'));
  const first = ok(await s.q('INSERT INTO orders VALUES (1, ?, 10)', ['acme']));
  assert.equal(first.meta.shard, `${sharded}/shard-acme`);
  const other = await s.q("INSERT INTO orders VALUES (2, 'zeta', 20)");
  assert.equal(other.error.errno, 1235);
  assert.match(other.error.message, /inside a transaction on shard/);
  // Without a key, the hint routes it; the transaction is still open.
  assert.deepEqual(ok(await s.q('SELECT total FROM orders')).rows, [{ total: 10 }]);
  ok(await s.q('COMMIT'));
  const [{ n }] = (await post({ sql: "SELECT COUNT(*) AS n FROM orders WHERE tenant_id = 'acme'", database: sharded })).body.rows;
  assert.equal(n, 1);
  await s.close();

  // A tenant's token confines its transactions to the tenant's shard (its
  // statements must name the tenant, which routes them there).
  const zeta = await openSession(sharded, { authorization: `Bearer ${token({ tenant_id: 'zeta', permissions: ['read', 'write'] })}` });
  ok(await zeta.q('BEGIN'));
  const read = ok(await zeta.q("SELECT COUNT(*) AS n FROM orders WHERE tenant_id = 'zeta'"));
  assert.equal(read.meta.shard, `${sharded}/shard-zeta`);
  assert.equal((await zeta.q("INSERT INTO orders VALUES (9, 'acme', 1)")).error.errno, 1044);
  ok(await zeta.q("INSERT INTO orders VALUES (9, 'zeta', 1)"));
  ok(await zeta.q('COMMIT'));
  await zeta.close();
  const refused = await openSession(sharded, { authorization: 'Bearer forged.token.here' }).catch((e) => e);
  assert.match(String(refused.message), /401/);
});

test('thousands of sessions leave nothing behind', async () => {
  const before = (await health()).sessions;
  for (let batch = 0; batch < 20; batch++) {
    const sessions = await Promise.all(Array.from({ length: 100 }, () => openSession(database)));
    // One leaves a transaction holding the shard when it goes; others one
    // that never reached a shard, or prepared statements.
    ok(await sessions[0].q('BEGIN'));
    ok(await sessions[0].q('UPDATE counter SET n = n WHERE id = 2'));
    await Promise.all(sessions.slice(1, 10).map(async (s) => {
      ok(await s.q('BEGIN'));
      ok(await s.send({ op: 'prepare', sql: 'SELECT ?' }));
    }));
    await Promise.all(sessions.map((s) => s.close()));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await health()).sessions, before);
  // No transaction holds the shard: a writer that may not wait at all gets through.
  const s = await openSession(database);
  ok(await s.q('SET innodb_lock_wait_timeout = 1'));
  ok(await s.q('UPDATE counter SET n = n WHERE id = 2'));
  await s.close();
});
