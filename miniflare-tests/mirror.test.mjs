// The D1 mirror (issue 6, docs/mirror.md) against real D1, Queues and
// Durable Object SQLite: the consumer copies what changes name into
// PORTABLE_DB, and `mirror verify` compares it with the shards. The
// expected checksums are computed here from the rows the test wrote, so a
// mirror and a verifier that agreed on the wrong rows would still fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseUrl, db, freshDatabase, setPolicy } from './helpers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const database = freshDatabase('mirror');
const q = db(database);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The whole report, sending the endpoint's state back until it is done.
async function verify(name = database) {
  let state;
  for (;;) {
    const res = await fetch(`${baseUrl}/v1/admin/mirror/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(state ? { database: name, state } : { database: name }),
    });
    const body = await res.json();
    assert.equal(res.status, 200, JSON.stringify(body));
    if (body.done) return body;
    state = body.state;
  }
}

async function verified(name = database, ms = 20_000) {
  const start = Date.now();
  for (;;) {
    const report = await verify(name);
    if (report.ok) return report;
    if (Date.now() - start > ms) assert.fail(`mirror of ${name} not verified within ${ms} ms: ${JSON.stringify(report)}`);
    await sleep(200);
  }
}

// SQLite's quote() of the values used here, and the verifier's checksum:
// the sum of each row's SHA-256 (first 8 bytes) of its quoted columns.
const quote = (v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`);
function checksum(rows) {
  let sum = 0n;
  for (const row of rows) {
    const digest = createHash('sha256').update(row.map(quote).join(',')).digest();
    sum = (sum + digest.readBigUInt64BE(0)) & 0xffffffffffffffffn;
  }
  return sum.toString(16).padStart(16, '0');
}

function shardOf(report, table) {
  const t = report.tables.find((x) => x.table === table);
  assert.ok(t, `${table} in ${JSON.stringify(report)}`);
  return t;
}

test('the mirror converges on every write, and verifies against rows computed here', async () => {
  assert.equal((await q('CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20), score INT)')).status, 200);
  assert.equal((await q("INSERT INTO users VALUES (1, 'ann', 10), (2, 'bob', 20), (3, 'o''hara', NULL)")).status, 200);
  assert.equal((await q("UPDATE users SET name = 'ANN', score = 11 WHERE id = 1")).status, 200);
  assert.equal((await q('DELETE FROM users WHERE id = 2')).status, 200);
  // Larger than a change names row by row: the table is copied page by page.
  const many = Array.from({ length: 450 }, (_, i) => `(${100 + i}, 'u${i}', ${i})`).join(', ');
  assert.equal((await q(`INSERT INTO users VALUES ${many}`)).status, 200);

  const expected = [[1, 'ANN', 11], [3, "o'hara", null], ...Array.from({ length: 450 }, (_, i) => [100 + i, `u${i}`, i])];
  const report = await verified();
  const users = shardOf(report, 'users');
  assert.equal(users.schema, 'ok');
  assert.deepEqual(users.shards.map((s) => s.shard), [`${database}/0`]);
  assert.equal(users.shards[0].rows, expected.length);
  assert.equal(users.shards[0].mirrorRows, expected.length);
  assert.equal(users.shards[0].checksum, checksum(expected));
  assert.equal(users.shards[0].mirrorChecksum, checksum(expected));

  // Rows deleted by a large write go from the mirror too.
  assert.equal((await q('DELETE FROM users WHERE id >= 100')).status, 200);
  const after = await verified();
  assert.equal(shardOf(after, 'users').shards[0].mirrorChecksum, checksum(expected.slice(0, 2)));
});

test('a schema change remakes the mirror table with the new columns', async () => {
  assert.equal((await q('ALTER TABLE users ADD COLUMN tier INT NOT NULL DEFAULT 7')).status, 200);
  const start = Date.now();
  for (;;) {
    const users = shardOf(await verify(), 'users');
    if (users.ok && users.shards[0].mirrorChecksum === checksum([[1, 'ANN', 11, 7], [3, "o'hara", null, 7]])) break;
    if (Date.now() - start > 20_000) assert.fail(`mirror kept the old shape: ${JSON.stringify(users)}`);
    await sleep(200);
  }
  assert.equal((await q('DROP TABLE users')).status, 200);
  const report = await verified();
  assert.equal(report.tables.find((t) => t.table === 'users'), undefined);
});

test('a sharded table is mirrored from each shard that holds it', async () => {
  const name = freshDatabase('mirrorsh');
  const p = db(name);
  assert.equal((await p('CREATE TABLE orders (id INT PRIMARY KEY, tenant_id VARCHAR(10), total INT)')).status, 200);
  const set = await setPolicy({
    database: name,
    policy: { tables: { orders: { pk: ['id'], shard_by: 'tenant_id' } }, routing: { version: 1, tenant_shards: 1, tenants: { acme: 'acme', globex: 'globex' } } },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  for (const [id, tenant] of [[1, 'acme'], [2, 'acme'], [3, 'globex']]) {
    assert.equal((await p(`INSERT INTO orders VALUES (${id}, '${tenant}', ${id * 10})`)).status, 200);
  }
  const report = await verified(name);
  const orders = shardOf(report, 'orders');
  const byShard = Object.fromEntries(orders.shards.map((s) => [s.shard, s]));
  assert.equal(byShard[`${name}/acme`].mirrorChecksum, checksum([[1, 'acme', 10], [2, 'acme', 20]]));
  assert.equal(byShard[`${name}/globex`].mirrorChecksum, checksum([[3, 'globex', 30]]));
});

test('the metrics show the mirror writing and its lag', async () => {
  const res = await fetch(`${baseUrl}/v1/metrics`);
  const text = await res.text();
  assert.match(text, new RegExp(`edgesql_mirror_rows_total\\{database="${database}",table="users",op="upsert"\\} [1-9]`));
  assert.match(text, new RegExp(`edgesql_mirror_lag_seconds_count\\{database="${database}",table="users"\\} [1-9]`));
});

test('npx edge-sql mirror verify prints the comparison and exits 0 when it matches', () => {
  const run = (...args) => spawnSync(process.execPath, [join(root, 'scripts', 'edge-sql.mjs'), 'mirror', ...args], { encoding: 'utf8' });
  const ok = run('verify', '--database', database, '--url', baseUrl);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`mirror of ${database}: \\d+ tables match`));
  const json = run('verify', '--database', database, '--url', baseUrl, '--json');
  assert.equal(JSON.parse(json.stdout).ok, true);
  const bad = run('verify', '--database', 'no/such', '--url', baseUrl);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^ERROR \d+ \(\w+\): /);
  assert.equal(run('verify').status, 2); // --database is required
});
