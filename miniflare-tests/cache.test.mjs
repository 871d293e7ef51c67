// The KV read cache (issue 6, docs/cache.md), against real KV, Queues and
// Durable Object SQLite: consistency modes, invalidation through db-events,
// read-your-writes, and versions deciding over arrival order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, db, freshDatabase, post, setPolicy } from './helpers.mjs';
import { createConnection } from '../client/index.js';

const database = freshDatabase('cache');
const q = db(database);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `read` until `done(answer)`; the answer, or a failure after `ms`.
async function until(read, done, ms = 15_000) {
  const start = Date.now();
  for (;;) {
    const answer = await read();
    if (done(answer)) return answer;
    if (Date.now() - start > ms) assert.fail(`not within ${ms} ms: ${JSON.stringify(answer.body ?? answer)}`);
    await sleep(50);
  }
}

const hit = (r) => r.body.meta?.cache === 'hit';

async function replay(events) {
  const res = await fetch(`${baseUrl}/v1/admin/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ database, events }),
  });
  return { status: res.status, body: await res.json() };
}

test('setup', async () => {
  assert.equal((await q('CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(20), secret VARCHAR(20))')).status, 200);
  assert.equal((await q("INSERT INTO users VALUES (1, 'ann', 's1'), (2, 'bob', 's2'), (3, 'cy', 's3')")).status, 200);
});

test('a strong read bypasses the cache and says why, with its data version', async () => {
  const { status, body } = await q('SELECT name FROM users WHERE id = 1');
  assert.equal(status, 200);
  assert.equal(body.meta.cache, 'bypass');
  assert.equal(body.meta.cacheReason, 'table users is strong');
  assert.equal(body.meta.dataVersion.length, 2);
  const strong = await q('SELECT /*+ strong */ name FROM users WHERE id = 1');
  assert.equal(strong.body.meta.cacheReason, '/*+ strong */');
});

test('a cached read misses, fills through the queue, then hits', async () => {
  const sql = 'SELECT /*+ cached */ name FROM users WHERE id = ?';
  const first = await q(sql, [2]);
  assert.equal(first.body.meta.cache, 'miss');
  assert.deepEqual(first.body.rows, [{ name: 'bob' }]);
  const later = await until(() => q(sql, [2]), hit);
  assert.deepEqual(later.body.rows, [{ name: 'bob' }]);
  assert.deepEqual(later.body.meta.dataVersion, first.body.meta.dataVersion);
  assert.equal(typeof later.body.meta.cacheAge, 'number');
  assert.deepEqual(later.body.fields, first.body.fields); // shaped again, the same way

  // A query that is not a point read is cached under its own key.
  const count = 'SELECT /*+ cached */ COUNT(*) AS n FROM users';
  assert.equal((await q(count)).body.meta.cache, 'miss');
  assert.deepEqual((await until(() => q(count), hit)).body.rows, [{ n: 3 }]);
});

test('a write is seen by cached reads once its change event is consumed', async () => {
  const sql = 'SELECT /*+ cached */ name FROM users WHERE id = 3';
  const count = 'SELECT /*+ cached */ COUNT(*) AS n FROM users';
  await until(() => q(sql), hit);
  await until(() => q(count), hit);
  assert.equal((await q("UPDATE users SET name = 'cyd' WHERE id = 3")).status, 200);
  assert.equal((await q("INSERT INTO users VALUES (4, 'dee', 's4')")).status, 200);
  const seen = await until(() => q(sql), (r) => r.body.rows?.[0]?.name === 'cyd');
  assert.notEqual(seen.body.meta.cache, 'stale');
  assert.deepEqual((await until(() => q(count), (r) => r.body.rows?.[0]?.n === 4)).body.rows, [{ n: 4 }]);
  assert.deepEqual((await until(() => q(sql), hit)).body.rows, [{ name: 'cyd' }]);
});

test('a bounded read never returns data older than its bound', async () => {
  const bound = 1500;
  const sql = `SELECT /*+ bounded=${bound} */ name FROM users WHERE id = 4`;
  // writes[k]: the value written and when its write was sent.
  const writes = [{ name: 'dee', sent: 0 }];
  let hits = 0;
  const end = Date.now() + 5000;
  for (let k = 1; Date.now() < end; k++) {
    if (k % 4 === 0) {
      const name = `dee${k}`;
      writes.push({ name, sent: Date.now() });
      assert.equal((await q('UPDATE users SET name = ? WHERE id = 4', [name])).status, 200);
    }
    const start = Date.now();
    const r = await q(sql);
    assert.equal(r.status, 200);
    if (r.body.meta.cache === 'hit') {
      hits++;
      assert.ok(r.body.meta.cacheAge <= bound, `age ${r.body.meta.cacheAge}`);
    }
    // The value returned was current at some moment within the bound: the
    // write that replaced it was sent no earlier than start - bound.
    const i = writes.findLastIndex((w) => w.name === r.body.rows[0].name);
    assert.ok(i >= 0, r.body.rows[0].name);
    if (i + 1 < writes.length) assert.ok(writes[i + 1].sent >= start - bound, `${r.body.rows[0].name} is older than ${bound} ms`);
    await sleep(100);
  }
  assert.ok(hits > 0, 'some bounded reads were served from the cache');
});

test('read-your-writes: a session never reads a cached version older than its write', async () => {
  const sql = 'SELECT /*+ cached */ name FROM users WHERE id = 1';
  await until(() => q(sql), hit);
  // A write of another row on the shard leaves row 1's entry valid, so a
  // read without the write's token is still a hit...
  const other = await q("INSERT INTO users VALUES (9, 'nine', 's9')");
  const session = other.body.meta.session;
  assert.deepEqual(Object.values(session.versions)[0], { users: other.body.meta.dataVersion });
  const theirs = await q(sql);
  assert.equal(theirs.body.meta.cache, 'hit');
  assert.deepEqual(theirs.body.rows, [{ name: 'ann' }]);
  // ...but the entry was read before the write, so with the token the
  // shard answers.
  const mine = await q(sql, [], { session });
  assert.equal(mine.body.meta.cache, 'miss');
  assert.deepEqual(mine.body.rows, [{ name: 'ann' }]);
  // A write of the row itself is read back at once with its token.
  const write = await q("UPDATE users SET name = 'ann2' WHERE id = 1");
  const own = await q(sql, [], { session: write.body.meta.session });
  assert.notEqual(own.body.meta.cache, 'hit');
  assert.deepEqual(own.body.rows, [{ name: 'ann2' }]);

  // The client carries the token on its own, over a session and over HTTP.
  for (const transport of ['ws', 'http']) {
    const conn = await createConnection({ uri: `edge-mysql://cache@${new URL(baseUrl).host}/${database}${transport === 'http' ? '?transport=http' : ''}` });
    try {
      await until(() => q(sql), (r) => hit(r) && r.body.rows[0].name !== `ann-${transport}`);
      await conn.query('UPDATE users SET name = ? WHERE id = 1', [`ann-${transport}`]);
      const [rows] = await conn.query(sql);
      assert.deepEqual(rows, [{ name: `ann-${transport}` }], transport);
    } finally {
      await conn.end();
    }
  }
});

test('read-your-writes is per table: a write elsewhere on the shard keeps the cache, a view reads its tables', async () => {
  assert.equal((await q('CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20))')).status, 200);
  assert.equal((await q('CREATE VIEW user_names AS SELECT id, name FROM users')).status, 200);
  assert.equal((await q("INSERT INTO users VALUES (7, 'gil', 's7')")).status, 200);
  const byId = 'SELECT /*+ cached */ name FROM users WHERE id = 7';
  const throughView = 'SELECT /*+ cached */ name FROM user_names WHERE id = 7';
  await until(() => q(byId), hit);
  await until(() => q(throughView), hit);
  // The session wrote another table of the same shard: its reads of users
  // are still served from the cache.
  const note = await q("INSERT INTO notes VALUES (1, 'hello')");
  assert.equal(note.body.meta.shard, (await q(byId)).body.meta.shard);
  const noteSession = note.body.meta.session;
  assert.deepEqual(Object.keys(Object.values(noteSession.versions)[0]), ['notes']);
  assert.equal((await q(byId, [], { session: noteSession })).body.meta.cache, 'hit');
  assert.equal((await q(throughView, [], { session: noteSession })).body.meta.cache, 'hit');
  // Its write of users is read back, through the view too.
  const write = await q("UPDATE users SET name = 'gil2' WHERE id = 7", [], { session: noteSession });
  const both = write.body.meta.session;
  assert.deepEqual(Object.keys(Object.values(both.versions)[0]).sort(), ['notes', 'users']);
  const own = await q(byId, [], { session: both });
  assert.notEqual(own.body.meta.cache, 'hit');
  assert.deepEqual(own.body.rows, [{ name: 'gil2' }]);
  const ownView = await q(throughView, [], { session: both });
  assert.notEqual(ownView.body.meta.cache, 'hit');
  assert.deepEqual(ownView.body.rows, [{ name: 'gil2' }]);
  // Other sessions see the view's entry invalidated by the write of users.
  const settled = await until(() => q(throughView), (r) => hit(r) && r.body.rows[0].name === 'gil2');
  assert.deepEqual(settled.body.rows, [{ name: 'gil2' }]);
});

test('a read by an indexed column is invalidated by writes of its rows only', async () => {
  assert.equal((await q('CREATE TABLE people (id INT PRIMARY KEY, email VARCHAR(30), city VARCHAR(20), UNIQUE (email), KEY (city))')).status, 200);
  assert.equal((await q("INSERT INTO people VALUES (1, 'a@x', 'Oslo'), (2, 'b@x', 'Oslo'), (3, 'c@x', 'Rome')")).status, 200);
  const oslo = "SELECT /*+ cached */ id FROM people WHERE city = 'oslo' ORDER BY id";
  const byEmail = 'SELECT /*+ cached */ id, city FROM people WHERE email = ?';
  assert.deepEqual((await until(() => q(oslo), hit)).body.rows, [{ id: 1 }, { id: 2 }]);
  await until(() => q(byEmail, ['c@x']), hit);

  // A write of a Rome row leaves the Oslo entry alone...
  assert.equal((await q("UPDATE people SET email = 'c2@x' WHERE id = 3")).status, 200);
  const stillThere = await until(() => q(byEmail, ['c@x']), (r) => r.body.rows?.length === 0);
  assert.equal(stillThere.body.rows.length, 0);
  assert.equal((await q(oslo)).body.meta.cache, 'hit');
  // ...and a row moving to Oslo invalidates it.
  assert.equal((await q("UPDATE people SET city = 'Oslo' WHERE id = 3")).status, 200);
  const moved = await until(() => q(oslo), (r) => r.body.rows?.length === 3);
  assert.deepEqual(moved.body.rows, [{ id: 1 }, { id: 2 }, { id: 3 }]);
});

test('read-your-writes holds after COMMIT too', async () => {
  const sql = 'SELECT /*+ cached */ name FROM users WHERE id = 1';
  const conn = await createConnection({ uri: `edge-mysql://cache@${new URL(baseUrl).host}/${database}` });
  try {
    await until(() => q(sql), (r) => hit(r) && r.body.rows[0].name !== 'ann-txn');
    await conn.beginTransaction();
    await conn.query("UPDATE users SET name = 'ann-txn' WHERE id = 1");
    await conn.commit();
    const [rows] = await conn.query(sql);
    assert.deepEqual(rows, [{ name: 'ann-txn' }]);
  } finally {
    await conn.end();
  }
});

test('a fill racing a write never leaves the older rows servable', async () => {
  const sql = 'SELECT /*+ cached */ name FROM users WHERE id = 2';
  for (let round = 0; round < 10; round++) {
    const name = `bob${round}`;
    // The read's fill and the write's change event reach the queue in either order.
    const [read, write] = await Promise.all([q(sql), q('UPDATE users SET name = ? WHERE id = 2', [name])]);
    assert.equal(read.status, 200);
    assert.equal(write.status, 200);
  }
  const settled = await until(() => q(sql), (r) => hit(r) && r.body.rows[0].name === 'bob9');
  assert.deepEqual(settled.body.rows, [{ name: 'bob9' }]);
  await sleep(1500); // every event of the rounds consumed
  assert.deepEqual((await q(sql)).body.rows, [{ name: 'bob9' }]);
});

test('replayed, duplicated and reordered change events leave the right state', async () => {
  const sql = 'SELECT /*+ cached */ name FROM users WHERE id = 2';
  const current = await until(() => q(sql), hit);
  const [epoch, n] = current.body.meta.dataVersion;
  const shard = current.body.meta.shard;
  const change = (v) => JSON.stringify({ type: 'change', shard, table: 'users', keys: [[2]], v: [epoch, v], at: Date.now() });
  // Older events, newest first, and the entry's own version twice: nothing changes.
  const old = await replay([change(n), change(n - 1), change(n - 2), change(n)]);
  assert.deepEqual(old.body, { retry: [] });
  const after = await q(sql);
  assert.equal(after.body.meta.cache, 'hit');
  assert.deepEqual(after.body.rows, current.body.rows);
  // A newer one invalidates: the shard answers again, at the latest once
  // this isolate's own copy of the hit has expired (a second, docs/cache.md).
  assert.deepEqual((await replay([change(n + 1)])).body, { retry: [] });
  const fresh = await until(() => q(sql), (r) => {
    if (r.body.meta.cache === 'miss') return true;
    assert.equal(r.body.meta.cacheLayer, 'isolate', JSON.stringify(r.body.meta));
    return false;
  }, 3000);
  assert.deepEqual(fresh.body.rows, current.body.rows);
});

test("a hit is served again from the isolate's memory, judged as KV's answer would be", async () => {
  const sql = 'SELECT /*+ cached */ name FROM users WHERE id = 3';
  const first = await until(() => q(sql), hit);
  const again = await until(() => q(sql), (r) => r.body.meta.cacheLayer === 'isolate');
  assert.equal(again.body.meta.cache, 'hit');
  assert.deepEqual(again.body.rows, first.body.rows);
  assert.deepEqual(again.body.meta.dataVersion, first.body.meta.dataVersion);
  // A bounded read older than its bound is not served, wherever it is held.
  const bounded = await q('SELECT /*+ bounded=1 */ name FROM users WHERE id = 3');
  assert.notEqual(bounded.body.meta.cacheLayer, 'isolate', JSON.stringify(bounded.body.meta));
});

test('events that are not events are refused for the dead-letter queue', async () => {
  const { status, body } = await replay(['not json', '{"type":"change"}']);
  assert.equal(status, 200);
  assert.deepEqual(body, { retry: [0, 1] });
  const refused = await fetch(`${baseUrl}/v1/admin/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ database, events: 'x' }),
  });
  assert.equal(refused.status, 400);
});

// A fresh database with one table, `ddl`, whose policy's cache is `cache`
// (its rows on shard r); returns its query function.
async function policyTable(prefix, ddl, cache) {
  const name = freshDatabase(prefix);
  const query = db(name);
  assert.equal((await query(ddl)).status, 200);
  const table = ddl.match(/CREATE TABLE (\w+)/)[1];
  const set = await setPolicy({
    database: name,
    policy: { tables: { [table]: { pk: ['id'], cache } }, routing: { version: 1, ranges: [{ prefix: '00..ff', shard: 'r' }] } },
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  return query;
}

test('a policy makes tables cached; always-strong columns bypass; stale entries revalidate', async () => {
  const p = await policyTable('cachepol', 'CREATE TABLE items (id INT PRIMARY KEY, label VARCHAR(20), price INT)', {
    mode: 'cached',
    ttl_ms: 1000,
    swr_ms: 60_000,
    always_strong_columns: ['price'],
  });
  assert.equal((await p("INSERT INTO items VALUES (1, 'pen', 3)")).status, 200);

  const sql = 'SELECT label FROM items WHERE id = 1';
  assert.equal((await p(sql)).body.meta.cache, 'miss');
  const first = await until(() => p(sql), hit);
  assert.deepEqual(first.body.rows, [{ label: 'pen' }]);
  const priced = await p('SELECT label, price FROM items WHERE id = 1');
  assert.equal(priced.body.meta.cache, 'bypass');
  assert.equal(priced.body.meta.cacheReason, 'column items.price is always strong');

  // Past ttl_ms, within swr_ms: served stale while one refresh runs.
  await sleep(1100);
  const stale = await p(sql);
  assert.equal(stale.body.meta.cache, 'stale');
  assert.ok(stale.body.meta.cacheAge > 1000);
  const refreshed = await until(() => p(sql), (r) => hit(r) && r.body.meta.cacheAge < 1000);
  assert.deepEqual(refreshed.body.rows, [{ label: 'pen' }]);
});

test('a prewarmed table has the cached reads of written rows read again, not just dropped', async () => {
  const w = await policyTable('cachewarm', 'CREATE TABLE stock (id INT PRIMARY KEY, qty INT)', { mode: 'cached', prewarm: true });
  assert.equal((await w('INSERT INTO stock VALUES (1, 10), (2, 20)')).status, 200);
  const sql = 'SELECT qty FROM stock WHERE id = 1';
  await until(() => w(sql), hit);
  assert.equal((await w('UPDATE stock SET qty = 11 WHERE id = 1')).status, 200);
  // Nobody reads meanwhile; once the change is consumed, the entry already
  // holds the new row.
  await sleep(3000);
  const after = await w(sql);
  assert.equal(after.body.meta.cache, 'hit');
  assert.deepEqual(after.body.rows, [{ qty: 11 }]);
});

async function metrics() {
  const res = await fetch(`${baseUrl}/v1/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return res.text();
}

function metric(text, name, labels = {}) {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => l.startsWith(name) && want.every((w) => l.includes(w)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

test('identical reads in flight share one shard call; /v1/metrics counts it all', async () => {
  const before = await metrics();
  // Twenty identical reads of an entry nobody cached yet, all at once, five
  // times over: those that wait for another's call get its answer, and
  // those planned after its answer take the isolate's copy of it.
  const labels = { database, table: 'users' };
  for (let round = 0; round < 5; round++) {
    const sql = `SELECT /*+ cached */ name, secret, ${round} AS round FROM users WHERE id = 3`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => q(sql)));
    for (const a of answers) assert.deepEqual(a.body.rows, [{ name: 'cyd', secret: 's3', round }], JSON.stringify(a.body));
  }
  const after = await metrics();
  const grew = (name, l = {}) => metric(after, name, l) - metric(before, name, l);
  assert.ok(grew('edgesql_shared_reads_total') + grew('edgesql_cache_reads_total', { ...labels, result: 'hit' }) > 0, after);
  // Every answered plan gave its context back: only background work in
  // flight may hold one now.
  assert.match(after, /^edgesql_plan_contexts \d+$/m);
  assert.ok(metric(after, 'edgesql_plan_contexts') < 64, after);

  assert.ok(metric(after, 'edgesql_cache_reads_total', { ...labels, result: 'hit' }) > 0);
  assert.ok(metric(after, 'edgesql_cache_reads_total', { ...labels, result: 'miss' }) >= 20);
  assert.ok(metric(after, 'edgesql_cache_reads_total', { ...labels, result: 'bypass' }) > 0);
  assert.ok(metric(after, 'edgesql_cache_invalidations_total', labels) > 0);
  assert.ok(metric(after, 'edgesql_cache_fills_total', { ...labels, result: 'written' }) > 0);
  assert.ok(metric(after, 'edgesql_queue_lag_seconds_count', labels) > 0);
  assert.match(after, /# TYPE edgesql_queue_lag_seconds histogram/);
});

test('a busy shard sends its change events in rounds at least 50 ms apart, many commits a message', async () => {
  const busy = freshDatabase('outbox');
  const bq = db(busy);
  assert.equal((await bq('CREATE TABLE t (id INT PRIMARY KEY, n INT)')).status, 200);
  assert.equal((await bq('INSERT INTO t VALUES (1, 0), (2, 0), (3, 0), (4, 0)')).status, 200);
  const labels = { database: busy, table: 't' };
  const events = async () => metric(await metrics(), 'edgesql_queue_lag_seconds_count', labels);
  await until(events, (n) => n >= 1);
  await sleep(300); // the set-up's last round, if any, is in
  const before = await metrics();

  const start = Date.now();
  for (let round = 0; round < 10; round++) {
    const answers = await Promise.all([1, 2, 3, 4].map((id) => bq(`UPDATE t SET n = n + 1 WHERE id = ${id}`)));
    for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.body));
  }
  const elapsed = Date.now() - start;
  const grew = (after, name, l) => metric(after, name, l) - metric(before, name, l);
  // One change event per commit, and a round's concurrent UPDATEs may
  // commit as one group (worker-shim/calls.js): 10 to 40 events, all in
  // once their count stops growing.
  const settled = async () => {
    const first = await metrics();
    await sleep(300);
    return { first, then: await metrics() };
  };
  const counted = (text) => grew(text, 'edgesql_queue_lag_seconds_count', labels);
  const { then: after } = await until(settled, ({ first, then }) => counted(first) >= 10 && counted(first) === counted(then));
  assert.ok(counted(after) <= 40, `${counted(after)} events`);

  // Rounds go out from 10 ms after the first commit to at most 50 ms after
  // the last, at least 50 ms apart. Without the spacing (rounds 10 ms after
  // a commit), this machine sent 10 messages in 347 ms, over that bound of 8.
  const messages = grew(after, 'edgesql_queue_messages_total', { database: busy });
  assert.ok(messages >= 1 && messages <= Math.floor((elapsed + 40) / 50) + 1, `${messages} messages in ${elapsed} ms`);
  assert.deepEqual((await bq('SELECT /*+ strong */ SUM(n) AS s FROM t')).body.rows, [{ s: '40' }]); // SUM of INT is DECIMAL, a string
});
