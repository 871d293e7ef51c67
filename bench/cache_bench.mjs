#!/usr/bin/env node
// Cache benchmark: the KV read cache (docs/cache.md) under a read-heavy
// Zipfian workload, in one run:
//
//   mix         N clients (16) for a fixed time over HTTP POST /v1/query, each
//               op on a key drawn from a Zipfian distribution (s = 0.99) over
//               the table's ids: 95% `SELECT /*+ <hint> */ payload, n FROM items
//               WHERE id = ?`, 5% `UPDATE items SET n = n + 1 WHERE id = ?`.
//               Cached reads are counted by meta.cache (hit, stale, miss,
//               bypass): the hit rate is hits over all reads, for the whole run,
//               its second half and its quarters.
//   A0, cold    the mix with `/*+ cached */` reads on an empty cache: the cold
//               start.
//   warm-up     each of the hottest --warm ids (all rows by default) read once
//               with the workload's statement, then again until every one of
//               them is a hit (a sample polled between rounds, so the fills of
//               a round have landed before the next); no writes meanwhile.
//   A, cached   the mix with `/*+ cached */` reads on the warmed cache.
//   B, strong   the mix with `/*+ strong */` reads: the shard answers each one.
//   C, D        the hit path alone: reads only, of the 100 hottest ids, all of
//               them cached (C), then strong (D), --hot-seconds each.
//   P, prewarm  a second database whose table policy says
//               `cache: {mode: cached, prewarm: true}` (its rows on shard 'r'),
//               set up and warmed the same way, then the mix with reads that
//               carry no hint: the policy makes them cached, and the consumer
//               reads a written row's cached reads again after its change.
//   MariaDB     the mix with plain reads through mysql2 on a throwaway server,
//               the peer column; skipped with --no-mariadb.
//   invalidation  on both databases, for each sample key: read until
//               meta.cache is 'hit', UPDATE it to a unique payload, then poll
//               the cached read every 5 ms from the UPDATE's answer until it
//               returns the new payload (by a 'miss' once the change event's
//               tombstone landed, or a 'hit' if a fill or the prewarm got there
//               first), and on until a 'hit' serves it.
//
// The HTTP client sends no session token, so read-your-writes never sends a
// read to the shard: every read is served as the cache's policy allows.
// Each database's workloads start once the consumer has applied the setup's
// change events (see `drained`).
//
//   npm run bench:cache [-- --quick | --seconds 30 --hot-seconds 5 --concurrency 16
//                          --rows 10000 --warm 10000 --samples 50 --zipf 0.99
//                          --writes 0.05 --no-mariadb]
//
// Starts its own gateway (miniflare-tests/gateway.mjs, fresh state, stopped
// at the end; `--port N`) unless EDGE_SQL_URL names a running one, and a
// throwaway MariaDB (difftest/mariadb.mjs: unix socket only, no TCP port).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { commitLine, machineLine, openGateway, option, root, stateWhere } from './harness.mjs';

const kQuick = process.argv.includes('--quick');
// The consumer's batching wait, which bounds the invalidation latency.
const kBatchTimeout = (readFileSync(join(root, 'wrangler.toml'), 'utf8').match(/^max_batch_timeout = (\d+)/m) ?? [])[1] ?? '?';
const kSeconds = Number(option('seconds', kQuick ? '4' : '30'));
const kConcurrency = Number(option('concurrency', '16'));
const kRows = Number(option('rows', kQuick ? '1000' : '10000'));
const kSamples = Number(option('samples', kQuick ? '5' : '50'));
const kWarm = Math.min(kRows, Number(option('warm', String(kRows)))); // hottest ids read before A and P
const kHotSeconds = Number(option('hot-seconds', kQuick ? '2' : '5'));
const kHot = Math.min(100, kRows); // ids of the hit-path runs
const kZipfS = Number(option('zipf', '0.99'));
const kWriteShare = Number(option('writes', '0.05'));
const kPort = option('port', undefined);
const kMariaDB = !process.argv.includes('--no-mariadb');
const kBatch = 500; // rows per INSERT at setup
const kPollMs = 5; // the invalidation probe's pause between reads
const kPollLimitMs = 15_000; // a sample that takes longer is reported as timed out

const log = (line) => process.stderr.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- gateway

async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { unparsed: text.slice(0, 200) };
  }
  return { status: res.status, body: parsed };
}

// Anything but a 200 throws, with the statement: numbers over failed
// statements would mean nothing.
function queryFn(url, database) {
  return async (sql, params = []) => {
    const res = await postJson(`${url}/v1/query`, { sql, params, database });
    if (res.status !== 200) throw new Error(`${sql.slice(0, 80)} -> ${res.status} ${JSON.stringify(res.body.error ?? res.body)}`);
    return res.body;
  };
}

// ---------------------------------------------------------------- setup

const payloadOf = (id) => `payload-${id}`;

// Rows as literals in multi-row INSERTs (no large parameter lists), the same
// statements on both engines. `created()` runs between the CREATE TABLE and
// the INSERTs (a table policy moves the table's rows to its shards, so it
// comes before there are rows).
async function createTable(run, created = async () => {}) {
  await run('CREATE TABLE items (id INT PRIMARY KEY, payload VARCHAR(100), n INT)');
  await created();
  for (let from = 1; from <= kRows; from += kBatch) {
    const ids = Array.from({ length: Math.min(kBatch, kRows - from + 1) }, (_, i) => from + i);
    await run(`INSERT INTO items VALUES ${ids.map((id) => `(${id}, '${payloadOf(id)}', 0)`).join(', ')}`);
  }
}

// Key ranks drawn from Zipf(s) over 1..n by inverting the cumulative weights
// (binary search); rank r is id r, so id 1 is the hottest row.
function zipfian(n, s) {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let r = 1; r <= n; r++) cdf[r - 1] = total += 1 / r ** s;
  const draw = () => {
    const u = Math.random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  return { draw, topShare: (k) => cdf[k - 1] / total };
}

// The table policy of workload P: the table cached, with prewarm, on shard
// 'r' (miniflare-tests/cache.test.mjs does the same).
async function setPrewarmPolicy(url, database) {
  const res = await postJson(`${url}/v1/admin/policy`, {
    database,
    policy: {
      tables: { items: { pk: ['id'], cache: { mode: 'cached', prewarm: true } } },
      routing: { version: 1, ranges: [{ prefix: '00..ff', shard: 'r' }] },
    },
  });
  if (res.status !== 200) throw new Error(`POST /v1/admin/policy -> ${res.status} ${JSON.stringify(res.body)}`);
}

// The workloads must not start before the consumer has applied the setup's
// change events (each INSERT of 500 rows names its table only, since a
// change of more than 100 rows does; before that rule the consumer's batch
// read and tombstoned every row's key, and held up the local gateway for
// tens of seconds). A cached point read of the last row inserted is filled
// through the queue after those events (the consumer takes one batch at a
// time, in about the order sent), so its first hit says they were applied.
// (A read of the whole table would say it too, but with a table policy it
// is a read of several shards, which is never cached.) The read names
// another column list than the workloads' reads, so their entries stay
// cold. Returns the seconds waited and the failed reads meanwhile.
async function drained(url, database) {
  const count = await queryFn(url, database)('SELECT /*+ strong */ COUNT(*) AS c FROM items');
  if (Number(count.rows[0].c) !== kRows) throw new Error(`items holds ${count.rows[0].c} rows, not ${kRows}`);
  const start = performance.now();
  let failed = 0;
  for (;;) {
    const res = await postJson(`${url}/v1/query`, { sql: 'SELECT /*+ cached */ id FROM items WHERE id = ?', params: [kRows], database });
    if (res.status === 200) {
      if (res.body.rows.length !== 1) throw new Error(`id ${kRows} answered ${JSON.stringify(res.body.rows)}`);
      if (res.body.meta.cache === 'hit') return { seconds: (performance.now() - start) / 1000, failed };
      if (res.body.meta.cache === 'bypass') throw new Error(`the cached read bypassed the cache: ${res.body.meta.cacheReason}`);
    } else {
      failed++;
    }
    if (performance.now() - start > 120_000) throw new Error('the setup\'s change events were not applied within 2 minutes');
    await sleep(50);
  }
}

// The gateway's own counters (GET /v1/metrics, Prometheus text) for this
// database, histogram buckets left out but the queue lag's, plus the shared
// reads, which are not per database: series -> value, or null when the
// gateway has no metrics.
async function cacheMetrics(url, database) {
  const res = await fetch(`${url}/v1/metrics`);
  const text = await res.text();
  if (res.status !== 200) return null;
  const series = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || (line.includes('_bucket{') && !line.startsWith('edgesql_queue_lag_seconds_bucket'))) continue;
    if (!line.includes(`database="${database}"`) && !line.startsWith('edgesql_shared_reads_total')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at).replace(`database="${database}",`, ''), Number(line.slice(at + 1)));
  }
  return series;
}

const metricsDelta = (before, after) => before && after && new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));

// The items table's queue lag (commit to the consumer) in `metrics`, from
// its histogram: "mean M ms over N; ≤ 250 ms a, ≤ 500 ms b, ...", each
// bucket's own count (the buckets are cumulative), empty ones left out.
function lagText(metrics) {
  const count = metrics?.get('edgesql_queue_lag_seconds_count{table="items"}') ?? 0;
  if (!count) return 'no change events';
  const mean = (1000 * metrics.get('edgesql_queue_lag_seconds_sum{table="items"}')) / count;
  const buckets = [...metrics]
    .filter(([k]) => k.startsWith('edgesql_queue_lag_seconds_bucket{table="items"'))
    .map(([k, n]) => ({ le: k.match(/,le="([^"]+)"/)[1], n }))
    .map(({ le, n }) => ({ ms: le === '+Inf' ? Infinity : Math.round(1000 * Number(le)), n }))
    .sort((x, y) => x.ms - y.ms);
  const own = buckets.map((b, i) => ({ ...b, own: b.n - (i ? buckets[i - 1].n : 0) })).filter((b) => b.own > 0);
  return `mean ${fmt(mean, 0)} ms over ${count}; ${own.map((b) => `${b.ms === Infinity ? '> 60 s' : `≤ ${b.ms} ms`} ${b.own}`).join(', ')}`;
}

// ---------------------------------------------------------------- load

// The workload's read: with a hint, or (hint null) without, as the table
// policy says.
const readSql = (hint) => `SELECT ${hint ? `/*+ ${hint} */ ` : ''}payload, n FROM items WHERE id = ?`;

// One client's ops, per engine: read(id) and write(id) resolve to
// {cache, reason} (reads) or {} and throw on a wrong answer.
function edgeOps(url, database, hint) {
  const sql = readSql(hint);
  return {
    read: async (id) => {
      const res = await postJson(`${url}/v1/query`, { sql, params: [id], database });
      if (res.status !== 200) throw new Error(`read ${res.status} ${JSON.stringify(res.body.error ?? res.body)}`);
      const { rows, meta } = res.body;
      if (rows.length !== 1 || !rows[0].payload?.startsWith('payload-')) throw new Error(`read of ${id} answered ${JSON.stringify(rows)}`);
      return { cache: meta.cache ?? 'none', reason: meta.cacheReason };
    },
    write: async (id) => {
      const res = await postJson(`${url}/v1/query`, { sql: 'UPDATE items SET n = n + 1 WHERE id = ?', params: [id], database });
      if (res.status !== 200) throw new Error(`write ${res.status} ${JSON.stringify(res.body.error ?? res.body)}`);
      if (res.body.affectedRows !== 1) throw new Error(`UPDATE of ${id} changed ${res.body.affectedRows} rows`);
      return {};
    },
  };
}

function mariaOps(conn) {
  return {
    read: async (id) => {
      const [rows] = await conn.execute('SELECT payload, n FROM items WHERE id = ?', [id]);
      if (rows.length !== 1) throw new Error(`read of ${id} answered ${rows.length} rows`);
      return { cache: 'none' };
    },
    write: async (id) => {
      const [res] = await conn.execute('UPDATE items SET n = n + 1 WHERE id = ?', [id]);
      if (res.affectedRows !== 1) throw new Error(`UPDATE of ${id} changed ${res.affectedRows} rows`);
      return {};
    },
  };
}

// Runs the clients back to back for `seconds`, each op on the id `pick()`
// returns, a write with probability `writeShare`. Every op that ends inside
// the run counts; `done` (ms from the start) places it in a half or a
// quarter. A miss is put down, from what the clients saw, to the key's first
// fill (no hit on it yet, neither this run nor in the warm-up: `warm` holds
// the ids the warm-up saw hit), a write (one answered in the kWriteWindowMs
// before: its tombstone lands about a consumer batch later, and the refill
// another batch after that), or neither.
const kWriteWindowMs = 5000;
async function drive(clients, { pick, writeShare, seconds, warm = new Set() }) {
  const start = performance.now();
  const end = start + seconds * 1000;
  const reads = []; // {done, ms, cache}
  const writes = []; // {done, ms}
  const reasons = new Map(); // cacheReason of bypasses -> count
  const misses = new Map(); // miss cause -> count
  const errors = new Map();
  const hit = new Set(warm); // ids read as a hit so far
  const lastWrite = new Map(); // id -> time its last write was answered
  const cpuStart = process.cpuUsage();
  async function client(ops) {
    for (let t0 = performance.now(); t0 < end; t0 = performance.now()) {
      const id = pick();
      const isWrite = Math.random() < writeShare;
      try {
        const answer = isWrite ? await ops.write(id) : await ops.read(id);
        const t1 = performance.now();
        if (t1 > end) break;
        const entry = { done: t1 - start, ms: t1 - t0 };
        if (isWrite) {
          writes.push(entry);
          lastWrite.set(id, t1);
          continue;
        }
        entry.cache = answer.cache;
        reads.push(entry);
        if (answer.cache === 'hit') hit.add(id);
        if (answer.reason) reasons.set(answer.reason, (reasons.get(answer.reason) ?? 0) + 1);
        if (answer.cache === 'miss') {
          entry.cause = !hit.has(id) ? 'first' : t1 - (lastWrite.get(id) ?? -Infinity) < kWriteWindowMs ? 'write' : 'other';
          misses.set(entry.cause, (misses.get(entry.cause) ?? 0) + 1);
        }
      } catch (error) {
        const key = String(error?.message ?? error).slice(0, 200);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  }
  await Promise.all(clients.map(client));
  const cpu = process.cpuUsage(cpuStart);
  const wall = performance.now() - start;
  return { seconds, reads, writes, reasons, misses, errors, clientCpu: (cpu.user + cpu.system) / 1000 / wall };
}

// Reads the ids with the workload's statement until each has been a hit:
// rounds of reads (kConcurrency at a time) of the ids not yet seen hit, and
// between rounds a wait for the round's fills, polling a sample of its
// misses (spread over the round, its last ones among them: the consumer
// takes fills in about the order they were sent) until they hit. No writes
// run meanwhile, so a key once a hit stays one. Returns the seconds taken,
// each round's {read, hits}, the reads that failed, and `warm`, the ids
// seen hit.
async function warmUp(url, database, hint, ids) {
  const sql = readSql(hint);
  const start = performance.now();
  const deadline = start + 300_000;
  const warm = new Set();
  const rounds = [];
  let failed = 0;
  const serve = async (id) => {
    const res = await postJson(`${url}/v1/query`, { sql, params: [id], database });
    if (res.status !== 200) {
      failed++;
      return 'error';
    }
    return res.body.meta.cache;
  };
  let cold = [...ids];
  while (cold.length && performance.now() < deadline) {
    const served = new Array(cold.length);
    let next = 0;
    await Promise.all(Array.from({ length: kConcurrency }, async () => {
      while (next < cold.length) {
        const i = next++;
        served[i] = await serve(cold[i]);
      }
    }));
    const missed = cold.filter((id, i) => (served[i] === 'hit' ? (warm.add(id), false) : true));
    rounds.push({ read: cold.length, hits: cold.length - missed.length });
    log(`warm-up ${database} round ${rounds.length}: ${cold.length} reads, ${cold.length - missed.length} hits`);
    cold = missed;
    if (!cold.length) break;
    const k = Math.min(20, cold.length);
    let sample = [...new Set(Array.from({ length: k }, (_, i) => cold[Math.floor(((i + 1) * cold.length) / k) - 1]))];
    while (sample.length && performance.now() < deadline) {
      await sleep(250);
      const answers = await Promise.all(sample.map(serve));
      sample = sample.filter((_, i) => answers[i] !== 'hit');
    }
  }
  return { seconds: (performance.now() - start) / 1000, rounds, failed, warm, cold: cold.length };
}

// What a hit costs against a strong read, without misses, writes or the
// consumer's work: reads only, of the kHot hottest ids, first with every one
// of them cached (read until each is a hit), then strong.
async function hitPath(url, database, clients) {
  const query = queryFn(url, database);
  await sleep(2000); // B's last change events, so their tombstones land before the ids are warmed
  let cold = Array.from({ length: kHot }, (_, i) => i + 1);
  const deadline = performance.now() + kPollLimitMs * 4;
  while (cold.length) {
    if (performance.now() > deadline) throw new Error(`ids ${cold.slice(0, 10).join(', ')}... were not cached in time`);
    const answers = await Promise.all(cold.map((id) => query('SELECT /*+ cached */ payload, n FROM items WHERE id = ?', [id])));
    cold = cold.filter((_, i) => answers[i].meta.cache !== 'hit');
    if (cold.length) await sleep(100);
  }
  const only = { pick: () => 1 + Math.floor(Math.random() * kHot), writeShare: 0, seconds: kHotSeconds };
  const hits = await drive(clients('cached'), only);
  logRun('C hits only', hits);
  const strongHot = await drive(clients('strong'), only);
  logRun('D strong, same ids', strongHot);
  return { hits, strongHot };
}

// ---------------------------------------------------------------- invalidation

// For each sample: the key is cached (reads until 'hit'), then an UPDATE
// gives it a payload never seen before, and cached reads, kPollMs apart,
// wait for it. `seen`: the UPDATE's answer to the first read returning the
// new payload, and how it was served; `hit`: to the first 'hit' serving it.
async function invalidation(url, database, hint) {
  const query = queryFn(url, database);
  const sql = readSql(hint);
  const read = (id) => query(sql, [id]);
  // Spread over the ids, away from the hottest few; warmed up together so
  // their fills land in one consumer batch rather than one second each.
  const ids = Array.from({ length: kSamples }, (_, i) => Math.floor(((i + 0.5) * kRows) / kSamples) + 1);
  await Promise.all(ids.map(read));
  const samples = [];
  const stamp = Date.now().toString(36);
  for (const [i, id] of ids.entries()) {
    const cachedBy = performance.now() + kPollLimitMs;
    while ((await read(id)).meta.cache !== 'hit') {
      if (performance.now() > cachedBy) throw new Error(`id ${id} was not cached within ${kPollLimitMs} ms`);
      await sleep(kPollMs);
    }
    const payload = `inv-${stamp}-${i}`;
    const sent = performance.now();
    const write = await query('UPDATE items SET payload = ? WHERE id = ?', [payload, id]);
    if (write.affectedRows !== 1) throw new Error(`UPDATE of ${id} changed ${write.affectedRows} rows`);
    const answered = performance.now();
    const sample = { id, updateMs: answered - sent, seenMs: NaN, seenAs: 'timed out', hitMs: NaN, polls: 0 };
    for (;;) {
      const r = await read(id);
      sample.polls++;
      const now = performance.now();
      if (r.rows[0].payload === payload) {
        if (Number.isNaN(sample.seenMs)) {
          sample.seenMs = now - answered;
          sample.seenAs = r.meta.cache;
        }
        if (r.meta.cache === 'hit') {
          sample.hitMs = now - answered;
          break;
        }
      }
      if (now - answered > kPollLimitMs) break;
      await sleep(kPollMs);
    }
    samples.push(sample);
    log(`invalidation ${database} ${i + 1}/${ids.length}: id ${id} seen after ${sample.seenMs.toFixed(0)} ms (${sample.seenAs}), served as a hit after ${sample.hitMs.toFixed(0)} ms`);
  }
  return samples;
}

// ---------------------------------------------------------------- report

const quantile = (xs, q) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))] : NaN;
};
const fmt = (x, digits = 1) => (Number.isNaN(x) ? '–' : x.toFixed(digits));
const pct = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : '–');
const failedReads = (n) => `${n} ${n === 1 ? 'read' : 'reads'} failed`;
const countBy = (xs, f) => xs.reduce((m, x) => m.set(f(x), (m.get(f(x)) ?? 0) + 1), new Map());

function summarise(run) {
  const ms = run.seconds * 1000;
  const late = run.reads.filter((r) => r.done >= ms / 2);
  const lateOps = late.length + run.writes.filter((w) => w.done >= ms / 2).length;
  const quarters = [0, 1, 2, 3].map((q) => run.reads.filter((r) => Math.floor((4 * r.done) / ms) === q));
  const hitRate = (rs) => rs.filter((r) => r.cache === 'hit').length / rs.length;
  return {
    opsPerSec: (run.reads.length + run.writes.length) / run.seconds,
    lateOpsPerSec: lateOps / (run.seconds / 2),
    reads: run.reads.length,
    writes: run.writes.length,
    readP50: quantile(run.reads.map((r) => r.ms), 0.5),
    readP95: quantile(run.reads.map((r) => r.ms), 0.95),
    writeP50: quantile(run.writes.map((w) => w.ms), 0.5),
    writeP95: quantile(run.writes.map((w) => w.ms), 0.95),
    byCache: countBy(run.reads, (r) => r.cache),
    hitRate: hitRate(run.reads),
    lateHitRate: hitRate(late),
    warmHitRate: hitRate(run.reads.filter((r) => r.cause !== 'first')),
    lateWarmHitRate: hitRate(late.filter((r) => r.cause !== 'first')),
    quarterHitRates: quarters.map(hitRate),
    hitP50: quantile(run.reads.filter((r) => r.cache === 'hit').map((r) => r.ms), 0.5),
    missP50: quantile(run.reads.filter((r) => r.cache === 'miss').map((r) => r.ms), 0.5),
    errors: run.errors,
    errorCount: [...run.errors.values()].reduce((a, b) => a + b, 0),
    clientCpu: run.clientCpu,
    reasons: run.reasons,
    misses: run.misses,
  };
}

function report(outcome, gatewayOwn) {
  const { database, prewarmDb, loadBefore, health, setupSeconds, drain, prewarmSetupSeconds, prewarmDrain, zipf,
    cold, warmA, cached, strong, hits, strongHot, warmP, prewarm, maria, mariaVersion, mariaSkipped, invPlain, invPrewarm } = outcome;
  const date = new Date().toISOString().slice(0, 10);
  const a0 = summarise(cold);
  const a = summarise(cached);
  const p = summarise(prewarm);
  const b = summarise(strong);
  const c = summarise(hits);
  const d = summarise(strongHot);
  const m = maria && summarise(maria);
  const row = (label, s) => `| ${label} | ${fmt(s.opsPerSec, 0)} | ${fmt(s.lateOpsPerSec, 0)} | ${fmt(s.readP50)} | ${fmt(s.readP95)} | ${fmt(s.writeP50)} | ${fmt(s.writeP95)} | ${s.reads} | ${s.writes} | ${s.errorCount} | ${(100 * s.clientCpu).toFixed(0)}% |`;
  const counts = (s) => ['hit', 'stale', 'miss', 'bypass'].map((k) => `${k} ${s.byCache.get(k) ?? 0}`).join(', ');
  const hitRow = (label, s) => `| ${label} | ${s.reads} | **${pct(s.hitRate, 1)}** | **${pct(s.lateHitRate, 1)}** | ${s.quarterHitRates.map((x) => pct(x, 1)).join(', ')} | ${pct(s.warmHitRate, 1)}, ${pct(s.lateWarmHitRate, 1)} | ${counts(s)} |`;
  const missCauses = { first: 'the key\'s first fill (no hit on it yet)', write: `a write to the key in the ${kWriteWindowMs / 1000} s before`, other: 'neither' };
  const causeLine = (label, s) => {
    const byCause = [...s.misses].map(([k, n]) => `${missCauses[k]} ${n}`).join(', ') || 'none';
    const afterWrites = s.misses.get('write') ?? 0;
    return `- ${label}: ${byCause}; ${fmt(afterWrites / s.writes, 2)} misses after a write per write (${s.writes} writes).`;
  };
  const warmLine = (label, w) => `${label} ${w.seconds.toFixed(1)} s, ${w.rounds.length} rounds (${w.rounds.map((r) => `${r.read} reads, ${r.hits} hits`).join('; ')})`
    + `${w.cold ? `, ${w.cold} ids never seen hit` : ''}${w.failed ? `, ${failedReads(w.failed)}` : ''}`;
  const target = (s) => `${pct(s.hitRate, 1)} over the run, ${pct(s.lateHitRate, 1)} over its second half: ${s.hitRate > 0.9 && s.lateHitRate > 0.9 ? 'above' : s.hitRate <= 0.9 && s.lateHitRate <= 0.9 ? '**below**' : 'around'} 90%`;
  const lines = [
    `# Cache benchmark, ${date}`,
    '',
    `A read-heavy workload through the local gateway's HTTP API (\`POST /v1/query\`, \`wrangler dev\`): ${kConcurrency} clients`,
    `back to back for ${kSeconds} s per workload, each op on an id drawn from a Zipfian distribution (s = ${kZipfS}) over`,
    `the ${kRows} rows of \`items (id INT PRIMARY KEY, payload VARCHAR(100), n INT)\` (the hottest id takes`,
    `${pct(zipf.topShare(1), 1)} of the ops, the hottest 100 ${pct(zipf.topShare(kHot), 1)}, the hottest 2,000 ${pct(zipf.topShare(Math.min(2000, kRows)), 1)}); ${100 - 100 * kWriteShare}% reads \`SELECT <hint> payload, n`,
    `FROM items WHERE id = ?\`, ${100 * kWriteShare}% writes \`UPDATE items SET n = n + 1 WHERE id = ?\`. The client sends no session`,
    'token, so read-your-writes never overrides the cache policy. In order, on a database without a table policy',
    `(one shard): A0 (\`/*+ cached */\`) on an empty cache, a warm-up, A (\`/*+ cached */\`, warmed), B (\`/*+ strong */\`), C and`,
    `D (the hit path alone: ${kHotSeconds} s of reads only, of the ${kHot} hottest ids). Then a second database whose table policy is`,
    '`items: {pk: [id], cache: {mode: cached, prewarm: true}}` (its rows on shard `r`): the same warm-up, then P, the mix',
    'with reads that carry no hint (the policy makes them cached). Then MariaDB, then the invalidation samples on both databases.',
    '',
    `The warm-up reads each of the hottest ${kWarm} ids (${kWarm === kRows ? 'all rows' : `${pct(zipf.topShare(kWarm), 1)} of the ops`}) with the workload's read, then again`,
    'until every one is a hit, waiting between rounds for a sample of the round\'s misses to hit (their fills landed);',
    `no writes meanwhile. A's database: ${warmLine('', warmA).trim()}. P's: ${warmLine('', warmP).trim()}.`,
    ...(kWarm === kRows && kRows > 2000
      ? [`Warming only the hottest 2,000 ids would leave ${pct(1 - zipf.topShare(2000), 1)} of the reads to ids read for the first time, most of them`,
        'misses, so the warm runs warm every row a read may pick: the state a long-running workload reaches, since',
        'these entries have no TTL. A0 shows the cold start instead.']
      : ['A0 shows the cold start.']),
    '',
    '## Hit rate',
    '',
    '| workload | reads | hit rate, whole run | hit rate, second half | by quarter of the run | without first fills: whole run, 2nd half | counts |',
    '|---|---:|---:|---:|---|---|---|',
    hitRow('A0: `/*+ cached */`, cold cache', a0),
    hitRow('A: `/*+ cached */`, warmed', a),
    hitRow('P: cached + prewarm (policy, no hint), warmed', p),
    '',
    `Against the target (above 90%): A, plain cached, ${target(a)}; P, cached + prewarm, ${target(p)}.`,
    '',
    'Hit rate: hits over all cached reads. *Without first fills* leaves out each key\'s misses before its first',
    'hit (in the warm runs, the warm-up\'s hits count), an estimate of the rate once every key read has been cached once.',
    'Misses by cause, from what the clients saw:',
    '',
    causeLine('A0', a0),
    causeLine('A', a),
    causeLine('P', p),
    '',
    `Read latency by how it was served: hit p50 ${fmt(a.hitP50)} ms, miss p50 ${fmt(a.missP50)} ms (A); hit p50 ${fmt(p.hitP50)} ms, miss p50 ${fmt(p.missP50)} ms (P).`,
  ];
  for (const [label, s] of [['A0', a0], ['A', a], ['P', p]]) {
    if (s.reasons.size) lines.push(`Bypass reasons (${label}): ${[...s.reasons].map(([k, n]) => `\`${k}\` ${n}`).join(', ')}.`);
  }
  const counters = (label, run) => {
    if (!run.metrics) return [];
    const get = (series) => run.metrics.get(series) ?? 0;
    return [
      `- ${label}: reads ${['hit', 'stale', 'miss', 'bypass'].map((r) => `${r} ${get(`edgesql_cache_reads_total{table="items",result="${r}"}`)}`).join(', ')};`,
      `  fills written ${get('edgesql_cache_fills_total{table="items",result="written"}')}, dropped as outdated ${get('edgesql_cache_fills_total{table="items",result="dropped"}')};`,
      `  rows invalidated ${get('edgesql_cache_invalidations_total{table="items"}')}; change events' lag from commit to the consumer:`,
      `  ${lagText(run.metrics)};`,
      `  reads that shared an identical read in flight ${get('edgesql_shared_reads_total')}.`,
    ];
  };
  if (cached.metrics) {
    lines.push(
      '',
      'The gateway\'s counters over each run and the 2 s after it (`GET /v1/metrics`; one isolate locally; fills',
      'written in P include the consumer\'s prewarm reads):',
      '',
      ...counters('A0', cold),
      ...counters('A', cached),
      ...counters('P', prewarm),
    );
  }
  lines.push(
    '',
    '## Throughput, cached vs strong',
    '',
    'ops/s: reads and writes answered per second over the whole run, and over its second half.',
    '',
    '| workload | ops/s | ops/s, 2nd half | read p50 ms | read p95 ms | write p50 ms | write p95 ms | reads | writes | errors | client CPU |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    row('A0: Edge SQL, `/*+ cached */`, cold cache', a0),
    row('A: Edge SQL, `/*+ cached */`, warmed', a),
    row('P: Edge SQL, cached + prewarm, warmed', p),
    row('B: Edge SQL, `/*+ strong */`', b),
    ...(m ? [row('MariaDB, same mix', m)] : []),
    row(`C: hits only (${kHot} cached ids, no writes)`, c),
    row('D: `/*+ strong */`, same ids, no writes', d),
    '',
    '| ratio | ops/s | ops/s, 2nd half |',
    '|---|---:|---:|',
    `| A / B: cached (warm) / strong | **${fmt(a.opsPerSec / b.opsPerSec, 2)}×** | ${fmt(a.lateOpsPerSec / b.lateOpsPerSec, 2)}× |`,
    `| P / B: cached + prewarm (warm) / strong | **${fmt(p.opsPerSec / b.opsPerSec, 2)}×** | ${fmt(p.lateOpsPerSec / b.lateOpsPerSec, 2)}× |`,
    `| A0 / B: cached (cold) / strong | ${fmt(a0.opsPerSec / b.opsPerSec, 2)}× | ${fmt(a0.lateOpsPerSec / b.lateOpsPerSec, 2)}× |`,
    `| C / D: a hit / a strong read | ${fmt(c.opsPerSec / d.opsPerSec, 2)}× | ${fmt(c.lateOpsPerSec / d.lateOpsPerSec, 2)}× |`,
  );
  if (m) {
    lines.push(`| A / MariaDB: Edge SQL cached / MariaDB | **${fmt(a.opsPerSec / m.opsPerSec, 3)}×** | ${fmt(a.lateOpsPerSec / m.lateOpsPerSec, 3)}× |`);
    lines.push(`| P / MariaDB: Edge SQL cached + prewarm / MariaDB | ${fmt(p.opsPerSec / m.opsPerSec, 3)}× | ${fmt(p.lateOpsPerSec / m.lateOpsPerSec, 3)}× |`);
    lines.push(`| B / MariaDB: Edge SQL strong / MariaDB | ${fmt(b.opsPerSec / m.opsPerSec, 3)}× | ${fmt(b.lateOpsPerSec / m.lateOpsPerSec, 3)}× |`);
  } else {
    lines.push('', `MariaDB was not run (${mariaSkipped}).`);
  }
  const invRows = (label, inv) => {
    const seen = inv.samples.map((s) => s.seenMs);
    const hit = inv.samples.map((s) => s.hitMs);
    const max = (xs) => (xs.some((x) => !Number.isNaN(x)) ? Math.max(...xs.filter((x) => !Number.isNaN(x))) : NaN);
    return [
      `| ${label} | the new payload seen | **${fmt(quantile(seen, 0.5), 0)}** | **${fmt(quantile(seen, 0.95), 0)}** | ${fmt(max(seen), 0)} | ${seen.filter(Number.isNaN).length} |`,
      `| ${label} | the new payload served as a hit | ${fmt(quantile(hit, 0.5), 0)} | ${fmt(quantile(hit, 0.95), 0)} | ${fmt(max(hit), 0)} | ${hit.filter(Number.isNaN).length} |`,
    ];
  };
  const invLine = (label, inv) => {
    const lag = inv.metrics ? `; change events' lag from commit to the consumer (the gateway's histogram): ${lagText(inv.metrics)}` : '';
    return `- ${label}: first seen as ${[...countBy(inv.samples, (s) => s.seenAs)].map(([k, n]) => `${k} ${n}`).join(', ')}; UPDATE round trip p50 ${fmt(quantile(inv.samples.map((s) => s.updateMs), 0.5))} ms${lag}.`;
  };
  lines.push(
    '',
    `C's hit rate: ${pct(c.hitRate, 1)} (${counts(c)}).`,
    '',
    '## Invalidation latency',
    '',
    `${invPlain.samples.length} samples per database, one at a time on an otherwise idle gateway: a key read until \`meta.cache\` is \`hit\`, then`,
    '`UPDATE items SET payload = <unique> WHERE id = ?`; from the UPDATE\'s HTTP answer, cached reads of the key',
    `${kPollMs} ms apart until one returns the new payload (*seen*), and on until a \`hit\` serves it (*served as a hit*).`,
    'Resolution: one read\'s round trip plus the pause.',
    '',
    '*Seen* is the time from the commit\'s answer to the KV update a read can see (the tombstone, or with prewarm the',
    're-read row), give or take one read\'s round trip.',
    '',
    '| table | from the UPDATE\'s answer to | p50 ms | p95 ms | max ms | timed out |',
    '|---|---|---:|---:|---:|---:|',
    ...invRows('cached (A\'s database)', invPlain),
    ...invRows('cached + prewarm (P\'s)', invPrewarm),
    '',
    invLine('cached', invPlain),
    invLine('cached + prewarm', invPrewarm),
    '',
    'Until the change event is consumed, cached reads keep serving the old payload as a hit: the local queue',
    `hands the consumer a batch when it holds 50 messages or after \`max_batch_timeout\` (wrangler.toml: ${kBatchTimeout} s,`,
    'as soon as one message is there when 0). Without prewarm',
    'the tombstone makes the next read a miss that the shard answers with the new payload, and that miss\'s fill',
    'waits for the next batch before the key is a hit again. With prewarm the consumer reads the row again in the',
    'batch that wrote the tombstone and writes the answer as a fill, so the new payload is usually first seen as a hit.',
  );
  const runs = [['A0', a0], ['A', a], ['P', p], ['B', b], ['C', c], ['D', d], ...(m ? [['MariaDB', m]] : [])];
  const errorLines = runs.flatMap(([label, s]) => [...s.errors].map(([e, n]) => `- ${label}: ${n}× \`${e}\``));
  const setupFailed = drain.failed + prewarmDrain.failed + warmA.failed + warmP.failed;
  const edgeErrors = runs.filter(([label]) => label !== 'MariaDB').reduce((n, [, s]) => n + s.errorCount, 0);
  lines.push(
    '',
    `Failed requests on Edge SQL: ${edgeErrors} in the workloads, ${setupFailed} in the waits for the setup's events and the warm-ups`,
    '(the invalidation samples and C\'s warming stop the run at the first failure).',
  );
  if (errorLines.length) lines.push('', 'Errors:', '', ...errorLines);
  lines.push(
    '',
    '## Reading the numbers',
    '',
    'This is one machine, not production. Locally every Durable Object, the KV store\'s simulation and the',
    'queue consumer run in one workerd process (`wrangler dev`) on the same cores as MariaDB and this client.',
    'A hit costs the worker its plan step and two KV reads (the entry and the shard\'s version record); a',
    'strong read costs the plan step and a call to the shard, whose SQLite is in the same process. C / D',
    'says which is cheaper here, without misses or the consumer\'s KV writes; in production KV is read at',
    'the edge location while the shard may be far away, which no local run shows. A miss costs both the',
    'KV reads and the shard read, plus a fill event; on top of that the consumer\'s KV reads and writes (and,',
    'with prewarm, its shard reads) share the one workerd process with the reads.',
    '',
    `The setup's ${Math.ceil(kRows / kBatch)} INSERTs of ${kBatch} rows each name only their table in their change events (a change of more`,
    `than 100 rows does), so the consumer applied them ${drain.seconds.toFixed(1)} s after the setup (${failedReads(drain.failed)} meanwhile; P's database`,
    `${prewarmDrain.seconds.toFixed(1)} s, ${failedReads(prewarmDrain.failed)}).`,
    '',
    'MariaDB is the differential tests\' throwaway server (difftest/mariadb.mjs): unix socket (no HTTP, no TCP),',
    '32 MB buffer pool, `innodb_flush_log_at_trx_commit=0`, through `mysql2/promise` `execute()`, one connection',
    'per client, the same mix of reads and writes.',
    '',
    machineLine(loadBefore),
    `- Edge SQL gateway ${health.version}, ABI ${health.abiVersion}${mariaVersion ? `; MariaDB ${mariaVersion}` : ''}; databases \`${database}\` and \`${prewarmDb}\`;`,
    `  setup (${kRows} rows) took ${setupSeconds.toFixed(1)} s and ${prewarmSetupSeconds.toFixed(1)} s.`,
    commitLine(),
    `- Settings: \`--seconds ${kSeconds} --hot-seconds ${kHotSeconds} --concurrency ${kConcurrency} --rows ${kRows} --warm ${kWarm} --samples ${kSamples} --zipf ${kZipfS} --writes ${kWriteShare}\`${kQuick ? ' (`--quick`)' : ''};`,
    `  gateway ${gatewayOwn ? `started by the bench with a fresh state directory ${stateWhere}, log level warn` : 'at EDGE_SQL_URL'}.`,
    '',
  );
  // Any failed statement on Edge SQL is a finding, not noise.
  const failures = [
    ...runs.filter(([label, s]) => label !== 'MariaDB' && s.errorCount).map(([label, s]) => `${label}: ${s.errorCount} errors`),
    ...(setupFailed ? [`${setupFailed} failed reads while waiting for events or warming`] : []),
  ];
  return { date, text: lines.join('\n'), failures };
}

// ---------------------------------------------------------------- main

function logRun(label, run) {
  const s = summarise(run);
  log(`${label}: ${s.opsPerSec.toFixed(0)} ops/s, read p50 ${fmt(s.readP50)} ms p95 ${fmt(s.readP95)} ms, `
    + `hit rate ${pct(s.hitRate, 1)} (2nd half ${pct(s.lateHitRate, 1)}), misses ${JSON.stringify(Object.fromEntries(s.misses))}, ${s.errorCount} errors`);
}

// A database with the table and its rows, once the consumer has applied
// the setup's events: {setupSeconds, drain}. `created` as for createTable.
async function setUp(url, database, created) {
  const start = performance.now();
  await createTable(queryFn(url, database), created);
  const setupSeconds = (performance.now() - start) / 1000;
  log(`setup: ${kRows} rows in ${database}, ${setupSeconds.toFixed(1)} s; waiting for the consumer to apply their change events`);
  const drain = await drained(url, database);
  log(`setup's change events applied after ${drain.seconds.toFixed(1)} s (${failedReads(drain.failed)} meanwhile)`);
  return { setupSeconds, drain };
}

// `drive` over the clients, with the gateway's counters over the run and
// the 2 s after it (the queue's last batches, so they do not run into the
// next run) as `metrics`.
async function measured(url, database, label, clients, mix) {
  const before = await cacheMetrics(url, database);
  const run = await drive(clients, mix);
  logRun(label, run);
  await sleep(2000);
  run.metrics = metricsDelta(before, await cacheMetrics(url, database));
  return run;
}

async function main(url) {
  const stamp = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const database = `bench_cache_${stamp}`;
  const prewarmDb = `bench_cache_${stamp}_pw`;
  const loadBefore = loadavg();
  const health = await (await fetch(`${url}/v1/health`)).json();
  const zipf = zipfian(kRows, kZipfS);
  const hottest = Array.from({ length: kWarm }, (_, i) => i + 1);
  const { setupSeconds, drain } = await setUp(url, database);

  const clients = (db, hint) => Array.from({ length: kConcurrency }, () => edgeOps(url, db, hint));
  const mix = { pick: zipf.draw, writeShare: kWriteShare, seconds: kSeconds };
  const cold = await measured(url, database, 'A0 cached, cold', clients(database, 'cached'), mix);
  const warmA = await warmUp(url, database, 'cached', hottest);
  log(`warm-up of ${database}: ${warmA.seconds.toFixed(1)} s, ${warmA.warm.size}/${kWarm} ids hit`);
  const cached = await measured(url, database, 'A cached, warmed', clients(database, 'cached'), { ...mix, warm: warmA.warm });
  const strong = await measured(url, database, 'B strong', clients(database, 'strong'), mix);
  const { hits, strongHot } = await hitPath(url, database, (hint) => clients(database, hint));

  const { setupSeconds: prewarmSetupSeconds, drain: prewarmDrain } = await setUp(url, prewarmDb, () => setPrewarmPolicy(url, prewarmDb));
  const warmP = await warmUp(url, prewarmDb, null, hottest);
  log(`warm-up of ${prewarmDb}: ${warmP.seconds.toFixed(1)} s, ${warmP.warm.size}/${kWarm} ids hit`);
  const prewarm = await measured(url, prewarmDb, 'P cached + prewarm, warmed', clients(prewarmDb, null), { ...mix, warm: warmP.warm });

  let maria = null;
  let mariaVersion = '';
  let mariaSkipped = '--no-mariadb';
  if (kMariaDB) {
    let server;
    try {
      const { startMariaDB } = await import('../difftest/mariadb.mjs');
      server = await startMariaDB({ log });
      mariaVersion = server.version;
      const setup = await server.connect();
      await setup.query(`CREATE DATABASE ${database}`);
      await setup.end();
      const admin = await server.connect({ database });
      await createTable((sql) => admin.query(sql));
      await admin.end();
      const conns = await Promise.all(Array.from({ length: kConcurrency }, () => server.connect({ database })));
      try {
        maria = await drive(conns.map(mariaOps), mix);
        logRun('MariaDB', maria);
      } finally {
        await Promise.all(conns.map((c) => c.end().catch(() => {})));
      }
    } catch (error) {
      mariaSkipped = `it failed: ${String(error?.message ?? error).split('\n')[0]}`;
      log(`MariaDB skipped: ${mariaSkipped}`);
    } finally {
      await server?.stop();
    }
  }

  const invalidated = async (db, hint) => {
    const before = await cacheMetrics(url, db);
    const samples = await invalidation(url, db, hint);
    await sleep(2000);
    return { samples, metrics: metricsDelta(before, await cacheMetrics(url, db)) };
  };
  const invPlain = await invalidated(database, 'cached');
  const invPrewarm = await invalidated(prewarmDb, null);
  return {
    database, prewarmDb, loadBefore, health, setupSeconds, drain, prewarmSetupSeconds, prewarmDrain, zipf,
    cold, warmA, cached, strong, hits, strongHot, warmP, prewarm, maria, mariaVersion, mariaSkipped, invPlain, invPrewarm,
  };
}

const gateway = await openGateway('cache', kPort);
// Ctrl-C must not leave workerd behind (mariadb.mjs stops its own server).
process.once('SIGINT', () => gateway.stop().finally(() => process.exit(130)));
let outcome;
try {
  outcome = await main(gateway.url);
} finally {
  await gateway.stop();
}
const { date, text, failures } = report(outcome, gateway.own);
process.stdout.write(text);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `cache-${date}.md`), text);
process.stdout.write(`written to bench/results/cache-${date}.md\n`);
if (failures.length) process.exit(1);
