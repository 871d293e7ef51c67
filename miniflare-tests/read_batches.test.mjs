// Reads of one shard in flight at once go to it in one call (worker-shim/
// index.js, docs/architecture.md), each still answered on its own: its own
// rows, its own error, its session's own writes, and nobody's answer lost
// when the request that carried the batch goes away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, db, freshDatabase, openSession } from './helpers.mjs';

const database = freshDatabase('batches');
const q = db(database);
const kRows = 60;

async function metric(name) {
  const text = await (await fetch(`${baseUrl}/v1/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} in /v1/metrics`);
  return Number(line.slice(name.length + 1));
}

test('setup', async () => {
  assert.equal((await q('CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), doc VARCHAR(40))')).status, 200);
  const rows = Array.from({ length: kRows }, (_, i) => `(${i}, 'n${i}', '{"k": ${i}}')`).join(', ');
  assert.equal((await q(`INSERT INTO t VALUES ${rows}, (${kRows}, 'bad', 'not json')`)).status, 200);
});

test('concurrent reads of one shard share calls, and each gets its own rows or its own error', async () => {
  const [batchedBefore, batchesBefore] = [await metric('edgesql_batched_reads_total'), await metric('edgesql_read_batches_total')];
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
  const batched = (await metric('edgesql_batched_reads_total')) - batchedBefore;
  const batches = (await metric('edgesql_read_batches_total')) - batchesBefore;
  assert.ok(batches > 0 && batched >= 2 * batches, `${batched} reads in ${batches} batches`);
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
