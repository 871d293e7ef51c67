// Calls of one shard in flight at once go to it in one call (worker-shim/
// index.js, docs/architecture.md): reads each in their own transaction,
// plain writes committed as a group. Each is still answered on its own:
// its own rows, its own error, its session's own writes, and nobody's
// answer lost when the request that carried the batch goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, db, freshDatabase, openSession } from './helpers.mjs';

const database = freshDatabase('batches');
const q = db(database);
const kRows = 60;

// edgesql_batched_calls_total and edgesql_call_batches_total of `kind`.
async function counts(kind) {
  const text = await (await fetch(`${baseUrl}/v1/metrics`)).text();
  const value = (name) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{kind="${kind}"} `));
    assert.ok(line, `${name} in /v1/metrics`);
    return Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  return { calls: value('edgesql_batched_calls_total'), batches: value('edgesql_call_batches_total') };
}

test('setup', async () => {
  assert.equal((await q('CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), doc VARCHAR(40))')).status, 200);
  assert.equal((await q('CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(20) UNIQUE, n INT NOT NULL)')).status, 200);
  const rows = Array.from({ length: kRows }, (_, i) => `(${i}, 'n${i}', '{"k": ${i}}')`).join(', ');
  assert.equal((await q(`INSERT INTO t VALUES ${rows}, (${kRows}, 'bad', 'not json')`)).status, 200);
});

test('concurrent reads of one shard share calls, and each gets its own rows or its own error', async () => {
  const before = await counts('read');
  for (let round = 0; round < 3; round++) {
    const reads = Array.from({ length: kRows }, (_, i) => q('SELECT /*+ strong */ name, doc->>\'$.k\' AS k FROM t WHERE id = ?', [i]));
    // Its row's document is not JSON: SQLite fails this one read alone.
    const bad = q(`SELECT /*+ strong */ JSON_EXTRACT(doc, '$.k') AS k FROM t WHERE id = ${kRows}`);
    const answers = await Promise.all(reads);
    answers.forEach((a, i) => {
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.deepEqual(a.body.rows, [{ name: `n${i}`, k: String(i) }]);
    });
    const failed = await bad;
    assert.equal(failed.body.error?.errno, 3141, JSON.stringify(failed.body));
    assert.equal(failed.body.error.sqlState, '22032');
  }
  const after = await counts('read');
  const [calls, batches] = [after.calls - before.calls, after.batches - before.batches];
  assert.ok(batches > 0 && calls >= 2 * batches, `${calls} reads in ${batches} batches`);
});

test('a session reads its own writes while its reads ride in batches with others', async () => {
  const sessions = await Promise.all(Array.from({ length: 8 }, () => openSession(database)));
  try {
    await Promise.all(
      sessions.map(async (s, n) => {
        for (let step = 0; step < 10; step++) {
          const id = n * 5 + (step % 5);
          const write = await s.q('UPDATE t SET name = ? WHERE id = ?', [`s${n}.${step}`, id]);
          assert.equal(write.affectedRows, 1, JSON.stringify(write));
          const read = await s.q('SELECT /*+ strong */ name FROM t WHERE id = ?', [id]);
          assert.deepEqual(read.rows, [{ name: `s${n}.${step}` }], JSON.stringify(read));
        }
      }),
    );
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
});

test('reads whose requests went away leave the others of their batches answered', async () => {
  const sql = 'SELECT /*+ strong */ name FROM t WHERE id = ?';
  const aborted = Array.from({ length: 20 }, (_, i) => {
    const stop = new AbortController();
    const sent = fetch(`${baseUrl}/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ database, sql, params: [i] }),
      signal: stop.signal,
    }).catch((error) => error);
    setTimeout(() => stop.abort(), i % 4);
    return sent;
  });
  const started = Date.now();
  const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => q(sql, [40 + (i % 20)])));
  for (const a of answers) assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.ok(Date.now() - started < 5_000, 'no read waited for a call timeout');
  await Promise.all(aborted);
  // The shard is still served at once afterwards.
  assert.deepEqual((await q(sql, [59])).body.rows, [{ name: 'n59' }]);
});

test('concurrent writes of one shard commit as groups, each with its own answer and its own error', async () => {
  const before = await counts('write');
  for (let round = 0; round < 3; round++) {
    const inserts = Array.from({ length: 30 }, (_, i) => q('INSERT INTO w (k, n) VALUES (?, ?)', [`r${round}k${i}`, i]));
    // Its key is taken: this write fails alone, and whatever batch it rode in still commits.
    const taken = round === 0 ? null : q('INSERT INTO w (k, n) VALUES (?, ?)', [`r${round - 1}k0`, -1]);
    const updates = Array.from({ length: 10 }, (_, i) => q('UPDATE t SET name = ? WHERE id = ?', [`w${round}`, i]));
    const answers = await Promise.all(inserts);
    const ids = answers.map((a) => {
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.equal(a.body.affectedRows, 1);
      return a.body.insertId;
    });
    assert.equal(new Set(ids).size, ids.length, `each INSERT its own id: ${ids}`);
    for (const a of await Promise.all(updates)) assert.equal(a.body.affectedRows, 1, JSON.stringify(a.body));
    if (taken !== null) assert.equal((await taken).body.error?.errno, 1062, JSON.stringify((await taken).body));
  }
  const rows = (await q('SELECT /*+ strong */ id, k, n FROM w ORDER BY id')).body.rows;
  assert.equal(rows.length, 90);
  assert.ok(rows.every((r) => r.n >= 0), 'nothing of a failed write stayed');
  const names = (await q('SELECT /*+ strong */ DISTINCT name FROM t WHERE id < 10')).body.rows;
  assert.deepEqual(names, [{ name: 'w2' }]);
  const after = await counts('write');
  const [calls, batches] = [after.calls - before.calls, after.batches - before.batches];
  assert.ok(batches > 0 && calls >= 2 * batches, `${calls} writes in ${batches} batches`);
});

test('a group-committed write still invalidates the cached reads of the rows it changed', async () => {
  const sql = 'SELECT /*+ cached */ n FROM w WHERE k = ?';
  assert.deepEqual((await q(sql, ['r2k5'])).body.rows, [{ n: 5 }]);
  await Promise.all(Array.from({ length: 20 }, (_, i) => q('UPDATE w SET n = n + 100 WHERE k = ?', [`r2k${i}`])));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = (await q(sql, ['r2k5'])).body.rows;
    if (rows[0]?.n === 105) break;
    assert.ok(Date.now() < deadline, `still ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
