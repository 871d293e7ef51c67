// POST /v1/batch (issue 5): several statements on one shard in one
// transaction, all or nothing, with each statement's answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, db, freshDatabase, setPolicy } from './helpers.mjs';

const database = freshDatabase('batch');
const q = db(database);

async function batch(statements, extra = {}) {
  const res = await fetch(`${baseUrl}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ database, statements, ...extra }),
  });
  return { status: res.status, body: await res.json() };
}

test('statements commit together and each has its answer', async () => {
  assert.equal((await q('CREATE TABLE acct (id INT AUTO_INCREMENT PRIMARY KEY, owner VARCHAR(16) UNIQUE, balance INT)')).status, 200);
  const { status, body } = await batch([
    { sql: 'INSERT INTO acct (owner, balance) VALUES (?, ?), (?, ?)', params: ['ann', 100, 'bob', 0] },
    { sql: 'UPDATE acct SET balance = balance - 30 WHERE owner = ?', params: ['ann'] },
    { sql: "UPDATE acct SET balance = balance + 30 WHERE owner = 'bob'" },
    { sql: 'SELECT owner, balance FROM acct ORDER BY owner' },
  ]);
  assert.equal(status, 200, JSON.stringify(body));
  assert.equal(body.results.length, 4);
  assert.equal(body.results[0].affectedRows, 2);
  assert.equal(body.results[0].insertId, 1);
  assert.equal(body.results[1].affectedRows, 1);
  assert.deepEqual(body.results[3].rows, [{ owner: 'ann', balance: 70 }, { owner: 'bob', balance: 30 }]);
  assert.equal(body.results[3].fields[1].name, 'balance');
});

test('a failing statement commits nothing and is named', async () => {
  const { status, body } = await batch([
    { sql: 'UPDATE acct SET balance = 0' },
    { sql: "INSERT INTO acct (owner, balance) VALUES ('ann', 1)" }, // duplicate owner
  ]);
  assert.equal(status, 409);
  assert.equal(body.error.errno, 1062);
  assert.equal(body.error.statement, 1);
  assert.match(body.error.message, /statement 2 of the batch; nothing in the batch was committed/);
  assert.deepEqual((await q('SELECT SUM(balance) AS s FROM acct')).body.rows, [{ s: '100' }]);
});

test('what a batch cannot hold is refused before anything runs', async () => {
  const refusals = [
    [[{ sql: 'SELECT 1' }, { sql: 'USE other' }], 1235],
    [[{ sql: "INSERT INTO acct (owner) VALUES ('cy')" }, { sql: 'SELECT LAST_INSERT_ID()' }], 1235],
    [[{ sql: 'CREATE TABLE t2 (id INT PRIMARY KEY)' }], 1235],
    [[{ sql: 'SELEC 1' }], 1064],
    [[], 1210],
  ];
  for (const [statements, errno] of refusals) {
    const { body } = await batch(statements);
    assert.equal(body.error?.errno, errno, JSON.stringify(statements));
  }
  assert.deepEqual((await q("SELECT COUNT(*) AS n FROM acct WHERE owner = 'cy'")).body.rows, [{ n: 0 }]);
});

test('on a sharded database a batch runs on its tenant shard, and only there', async () => {
  const sharded = freshDatabase('batchshard');
  const res = await setPolicy({
    database: sharded,
    policy: {
      tables: { orders: { pk: ['id'], shard_by: 'tenant_id' }, plans: { pk: ['code'], reference: true } },
      routing: { version: 1, tenant_shards: 4, tenants: { acme: 'shard-acme', zeta: 'shard-zeta' }, ranges: [{ prefix: '00..ff', shard: 'range-0' }] },
    },
  });
  assert.equal(res.status, 200);
  const s = db(sharded);
  assert.equal((await s('CREATE TABLE orders (id INT PRIMARY KEY, tenant_id VARCHAR(16), total INT)')).status, 200);
  assert.equal((await s('CREATE TABLE plans (code VARCHAR(8) PRIMARY KEY)')).status, 200);
  assert.equal((await s("INSERT INTO plans VALUES ('gold')")).status, 200);
  const one = await batch([
    { sql: 'SELECT code FROM plans' }, // a reference table joins the tenant's shard
    { sql: "INSERT INTO orders VALUES (1, 'acme', 10)" },
    { sql: "INSERT INTO orders VALUES (2, 'acme', 20)" },
  ], { database: sharded });
  assert.equal(one.status, 200, JSON.stringify(one.body));
  assert.deepEqual(one.body.results[0].rows, [{ code: 'gold' }]);
  assert.equal(one.body.results[2].meta.shard, `${sharded}/shard-acme`);
  const two = await batch([
    { sql: "INSERT INTO orders VALUES (3, 'acme', 30)" },
    { sql: "INSERT INTO orders VALUES (4, 'zeta', 40)" },
  ], { database: sharded });
  assert.equal(two.body.error?.errno, 1235);
  assert.match(two.body.error.message, /a batch commits on one shard/);
  assert.deepEqual((await s("SELECT COUNT(*) AS n FROM orders WHERE tenant_id = 'acme'")).body.rows, [{ n: 2 }]);
});
