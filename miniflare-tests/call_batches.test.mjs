// A session's shard calls, when others' for the same shard are in flight
// at once, go to it in one call (worker-shim/calls.js, docs/architecture.md):
// reads in one transaction, each as if alone, plain writes and COMMITs
// committed as a group.
// Each is still answered on its own: its own rows, its own error, its
// session's own writes, and nobody's answer lost when a session goes away.
// Plain HTTP requests never batch, and are answered alongside sessions.
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

// `n` sessions; `work(sessions)` runs with them, and they close after.
async function withSessions(n, work) {
  const sessions = await Promise.all(Array.from({ length: n }, () => openSession(database)));
  try {
    return await work(sessions);
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

test('setup', async () => {
  assert.equal((await q('CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20), doc VARCHAR(40))')).status, 200);
  assert.equal((await q('CREATE TABLE w (id INT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(20) UNIQUE, n INT NOT NULL)')).status, 200);
  const rows = Array.from({ length: kRows }, (_, i) => `(${i}, 'n${i}', '{"k": ${i}}')`).join(', ');
  assert.equal((await q(`INSERT INTO t VALUES ${rows}, (${kRows}, 'bad', 'not json')`)).status, 200);
});

test('concurrent reads of one shard share calls, and each gets its own rows or its own error', async () => {
  const before = await counts('read');
  await withSessions(12, async (sessions) => {
    for (let round = 0; round < 5; round++) {
      const reads = Array.from({ length: kRows }, (_, i) =>
        sessions[i % sessions.length].q('SELECT /*+ strong */ name, doc->>\'$.k\' AS k FROM t WHERE id = ?', [i]));
      // Its row's document is not JSON: SQLite fails this one read alone.
      const bad = sessions[round].q(`SELECT /*+ strong */ JSON_EXTRACT(doc, '$.k') AS k FROM t WHERE id = ${kRows}`);
      const answers = await Promise.all(reads);
      answers.forEach((a, i) => assert.deepEqual(a.rows, [{ name: `n${i}`, k: String(i) }], JSON.stringify(a)));
      const failed = await bad;
      assert.equal(failed.error?.errno, 3141, JSON.stringify(failed));
      assert.equal(failed.error.sqlState, '22032');
    }
  });
  const after = await counts('read');
  const [calls, batches] = [after.calls - before.calls, after.batches - before.batches];
  assert.ok(batches > 0 && calls >= 2 * batches, `${calls} reads in ${batches} batches`);
});

test('a session reads its own writes while its reads ride in batches with others', async () => {
  await withSessions(8, (sessions) =>
    Promise.all(
      sessions.map(async (s, n) => {
        for (let step = 0; step < 10; step++) {
          const id = n * 5 + (step % 5);
          const write = await s.q('UPDATE t SET name = ? WHERE id = ?', [`s${n}.${step}`, id]);
          assert.equal(write.affectedRows, 1, JSON.stringify(write));
          const read = await s.q('SELECT /*+ strong */ name FROM t WHERE id = ?', [id]);
          assert.deepEqual(read.rows, [{ name: `s${n}.${step}` }], JSON.stringify(read));
        }
      }),
    ));
});

test('sessions that go away mid-statement leave the others of their batches answered', async () => {
  const sql = 'SELECT /*+ strong */ name FROM t WHERE id = ?';
  const leaving = await Promise.all(Array.from({ length: 8 }, () => openSession(database)));
  await withSessions(8, async (staying) => {
    for (let round = 0; round < 3; round++) {
      // Every leaving session sends a read and drops its socket at once.
      for (const [i, s] of leaving.entries()) {
        s.q(sql, [i]);
        if (round === 2) s.ws.terminate();
      }
      const started = Date.now();
      const answers = await Promise.all(staying.map((s, i) => s.q(sql, [40 + i])));
      answers.forEach((a, i) => assert.deepEqual(a.rows, [{ name: `n${40 + i}` }], JSON.stringify(a)));
      assert.ok(Date.now() - started < 5_000, 'no read waited for a call timeout');
    }
    // The shard is still served at once afterwards.
    assert.deepEqual((await staying[0].q(sql, [59])).rows, [{ name: 'n59' }]);
  });
});

test('concurrent writes of one shard commit as groups, each with its own answer and its own error', async () => {
  const before = await counts('write');
  await withSessions(12, async (sessions) => {
    for (let round = 0; round < 3; round++) {
      const on = (i) => sessions[i % sessions.length];
      const inserts = Array.from({ length: 30 }, (_, i) => on(i).q('INSERT INTO w (k, n) VALUES (?, ?)', [`r${round}k${i}`, i]));
      // Its key is taken: this write fails alone, and whatever group it rode in still commits.
      const taken = round === 0 ? null : on(round).q('INSERT INTO w (k, n) VALUES (?, ?)', [`r${round - 1}k0`, -1]);
      const updates = Array.from({ length: 10 }, (_, i) => on(i + 3).q('UPDATE t SET name = ? WHERE id = ?', [`w${round}`, i]));
      const ids = (await Promise.all(inserts)).map((a) => {
        assert.equal(a.affectedRows, 1, JSON.stringify(a));
        return a.insertId;
      });
      assert.equal(new Set(ids).size, ids.length, `each INSERT its own id: ${ids}`);
      for (const a of await Promise.all(updates)) assert.equal(a.affectedRows, 1, JSON.stringify(a));
      if (taken !== null) {
        const refused = await taken;
        assert.equal(refused.error?.errno, 1062, JSON.stringify(refused));
      }
    }
  });
  const rows = (await q('SELECT /*+ strong */ id, k, n FROM w ORDER BY id')).body.rows;
  assert.equal(rows.length, 90);
  assert.ok(rows.every((r) => r.n >= 0), 'nothing of a failed write stayed');
  const names = (await q('SELECT /*+ strong */ DISTINCT name FROM t WHERE id < 10')).body.rows;
  assert.deepEqual(names, [{ name: 'w2' }]);
  const after = await counts('write');
  const [calls, batches] = [after.calls - before.calls, after.batches - before.batches];
  assert.ok(batches > 0 && calls >= 2 * batches, `${calls} writes in ${batches} batches`);
});

test('concurrent transactions of one shard run their steps and COMMITs in batches; one that lost its race is lost alone', async () => {
  assert.equal((await q('CREATE TABLE acc (id INT PRIMARY KEY, n INT NOT NULL)')).status, 200);
  const kSessions = 12;
  const ids = Array.from({ length: 2 * kSessions }, (_, i) => i);
  assert.equal((await q(`INSERT INTO acc VALUES ${ids.map((id) => `(${id}, 0)`).join(', ')}, (100, 0)`)).status, 200);
  const before = { commit: await counts('commit'), step: await counts('step') };
  const kRounds = 3;
  await withSessions(kSessions, async (sessions) => {
    for (let round = 0; round < kRounds; round++) {
      // Each session increments two rows of its own; the last two both
      // also move row 100 on from what it was, and only one of them can
      // (the COMMITs after the first go as one batch: they race in it).
      await Promise.all(sessions.map(async (s, n) => {
        assert.equal((await s.q('BEGIN')).error, undefined);
        for (const id of [2 * n, 2 * n + 1]) {
          const a = await s.q('UPDATE acc SET n = n + 1 WHERE id = ?', [id]);
          assert.equal(a.affectedRows, 1, JSON.stringify(a));
        }
        if (n >= kSessions - 2) {
          const a = await s.q('UPDATE acc SET n = n + 10 WHERE id = 100 AND n = ?', [10 * round]);
          assert.equal(a.affectedRows, 1, JSON.stringify(a));
        }
        if (n === 2) {
          // Fails alone, in whatever batch of steps it rode; its transaction goes on.
          const bad = await s.q('UPDATE acc SET n = NULL WHERE id = ?', [2 * n]);
          assert.equal(bad.error?.errno, 1048, JSON.stringify(bad));
        }
      }));
      const commits = await Promise.all(sessions.map((s) => s.q('COMMIT')));
      const racers = commits.slice(-2);
      const refused = racers.filter((a) => a.error !== undefined);
      assert.equal(refused.length, 1, JSON.stringify(racers));
      assert.equal(refused[0].error.errno, 1213, JSON.stringify(refused[0]));
      assert.match(refused[0].error.message, /no longer answers as it did/);
      commits.slice(0, -2).forEach((a) => assert.equal(a.error, undefined, JSON.stringify(a)));
      // The loser's whole transaction is gone, its own rows' increments too;
      // it does them again, alone.
      const loser = sessions[commits.indexOf(refused[0])];
      const n = sessions.indexOf(loser);
      assert.equal((await loser.q('UPDATE acc SET n = n + 1 WHERE id IN (?, ?)', [2 * n, 2 * n + 1])).affectedRows, 2);
    }
  });
  const rows = (await q('SELECT /*+ strong */ id, n FROM acc ORDER BY id')).body.rows;
  assert.deepEqual(rows, [...ids.map((id) => ({ id, n: kRounds })), { id: 100, n: 10 * kRounds }]);
  for (const kind of ['commit', 'step']) {
    const after = await counts(kind);
    const [calls, batches] = [after.calls - before[kind].calls, after.batches - before[kind].batches];
    assert.ok(batches > 0 && calls >= 2 * batches, `${calls} ${kind} calls in ${batches} batches`);
  }
});

test('COMMITs that meet while a transaction holds the shard wait for it, and roll back after the lock wait (1180)', async () => {
  const ids = [0, 1, 2, 3, 4];
  const before = (await q('SELECT /*+ strong */ n FROM acc WHERE id < 5 ORDER BY id')).body.rows.map((r) => r.n);
  await withSessions(1 + ids.length, async ([holder, ...others]) => {
    assert.equal((await holder.q('BEGIN')).error, undefined);
    assert.equal((await holder.q('SELECT n FROM acc WHERE id = 100')).error, undefined); // holds the shard from here
    for (const [i, s] of others.entries()) {
      for (const sql of ['SET innodb_lock_wait_timeout = 1', 'BEGIN']) assert.equal((await s.q(sql)).error, undefined);
      assert.equal((await s.q('UPDATE acc SET n = n + 100 WHERE id = ?', [ids[i]])).affectedRows, 1);
    }
    const started = Date.now();
    // The first goes alone, the rest as one batch: each way, rolled back after the wait.
    for (const a of await Promise.all(others.map((s) => s.q('COMMIT')))) {
      assert.equal(a.error?.errno, 1180, JSON.stringify(a));
      assert.match(a.error.message, /Lock wait timeout exceeded.*rolled back/);
    }
    assert.ok(Date.now() - started >= 900);
    assert.equal((await holder.q('COMMIT')).error, undefined);
    // Nothing of theirs stayed, and they go on without a transaction.
    for (const [i, s] of others.entries()) {
      assert.equal((await s.q('UPDATE acc SET n = n + 1 WHERE id = ?', [ids[i]])).affectedRows, 1);
    }
  });
  const after = (await q('SELECT /*+ strong */ n FROM acc WHERE id < 5 ORDER BY id')).body.rows.map((r) => r.n);
  assert.deepEqual(after, before.map((n) => n + 1));
});

test('a group-committed write still invalidates the cached reads of the rows it changed', async () => {
  const sql = 'SELECT /*+ cached */ n FROM w WHERE k = ?';
  assert.deepEqual((await q(sql, ['r2k5'])).body.rows, [{ n: 5 }]);
  await withSessions(10, (sessions) =>
    Promise.all(Array.from({ length: 20 }, (_, i) => sessions[i % 10].q('UPDATE w SET n = n + 100 WHERE k = ?', [`r2k${i}`]))));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = (await q(sql, ['r2k5'])).body.rows;
    if (rows[0]?.n === 105) break;
    assert.ok(Date.now() < deadline, `still ${JSON.stringify(rows)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('HTTP requests, during and after sessions reading one shard, are all answered', async () => {
  const sql = 'SELECT /*+ strong */ name FROM t WHERE id = ?';
  const failures = [];
  let answered = 0;
  const loop = async (ms, read) => {
    const until = Date.now() + ms;
    for (let i = 0; Date.now() < until; i++) {
      const rows = await read(20 + (i % 20));
      if (rows?.length === 1) answered++;
      else failures.push(rows);
    }
  };
  const http = async (id) => {
    const a = await q(sql, [id]);
    return a.body.rows ?? a.body;
  };
  await withSessions(8, (sessions) =>
    Promise.all([
      ...sessions.map((s) => loop(1_000, async (id) => {
        const a = await s.q(sql, [id]);
        return a.rows ?? a;
      })),
      ...Array.from({ length: 8 }, () => loop(1_000, http)),
    ]));
  await Promise.all(Array.from({ length: 16 }, () => loop(1_000, http)));
  assert.deepEqual(failures.slice(0, 3), [], `${failures.length} failed, ${answered} answered`);
  assert.ok(answered > 100, `${answered} answered`);
});
