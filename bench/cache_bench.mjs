#!/usr/bin/env node
// Cache benchmark: the KV read cache (docs/cache.md) under a read-heavy
// Zipfian workload, in one run:
//
//   A, cached   N clients (16) for a fixed time over HTTP POST /v1/query, each
//               op on a key drawn from a Zipfian distribution (s = 0.99) over
//               the table's ids: 95% `SELECT /*+ cached */ payload, n FROM items
//               WHERE id = ?`, 5% `UPDATE items SET n = n + 1 WHERE id = ?`.
//               Reads are counted by meta.cache (hit, stale, miss, bypass): the
//               hit rate is hits over all reads, for the whole run and for its
//               second half (after the cache has warmed up).
//   B, strong   the same with `/*+ strong */` reads: the shard answers each one.
//   C, D        the hit path alone: reads only, of the 100 hottest ids, all of
//               them cached (C), then strong (D), --hot-seconds each.
//   MariaDB     the same mix as A and B (plain reads) through mysql2 on a
//               throwaway server, the peer column; skipped with --no-mariadb.
//   invalidation  for each sample key: read until meta.cache is 'hit', UPDATE
//               it to a unique payload, then poll the cached read every 5 ms
//               from the UPDATE's answer until it returns the new payload (by
//               a 'miss' once the change event's tombstone landed, or a 'hit'
//               if a fill got there first), and on until a 'hit' serves it.
//
// The HTTP client sends no session token, so read-your-writes never sends a
// read to the shard: every read is served as the cache's policy allows.
// Workload A starts once the consumer has applied the setup's change events
// (see `drained`).
//
//   npm run bench:cache [-- --quick | --seconds 20 --hot-seconds 5 --concurrency 16
//                          --rows 10000 --samples 50 --zipf 0.99 --writes 0.05 --no-mariadb]
//
// Starts its own gateway (miniflare-tests/gateway.mjs, fresh state, stopped
// at the end; `--port N`) unless EDGE_SQL_URL names a running one, and a
// throwaway MariaDB (difftest/mariadb.mjs: unix socket only, no TCP port).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { commitLine, machineLine, openGateway, option, root } from './harness.mjs';

const kQuick = process.argv.includes('--quick');
const kSeconds = Number(option('seconds', kQuick ? '4' : '20'));
const kConcurrency = Number(option('concurrency', '16'));
const kRows = Number(option('rows', kQuick ? '1000' : '10000'));
const kSamples = Number(option('samples', kQuick ? '5' : '50'));
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
// statements on both engines.
async function createTable(run) {
  await run('CREATE TABLE items (id INT PRIMARY KEY, payload VARCHAR(100), n INT)');
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

// The setup's INSERTs name every row they wrote in their change events, and
// the consumer reads (and tombstones) each of those keys in KV: thousands of
// KV calls in one batch, which locally held up the whole gateway for tens of
// seconds (every request waiting, then failing with 503). Workload A must not
// start before that is over. A cached read that is not a point read is filled
// through the queue after those events, so its first hit says they were
// applied. Returns the seconds waited and the failed reads meanwhile (the
// stalled gateway answers 503 to requests it held up).
async function drained(url, database) {
  const start = performance.now();
  let failed = 0;
  for (;;) {
    const res = await postJson(`${url}/v1/query`, { sql: 'SELECT /*+ cached */ COUNT(*) AS c FROM items', database });
    if (res.status === 200) {
      const { rows, meta } = res.body;
      if (Number(rows[0].c) !== kRows) throw new Error(`items holds ${rows[0].c} rows, not ${kRows}`);
      if (meta.cache === 'hit') return { seconds: (performance.now() - start) / 1000, failed };
    } else {
      failed++;
    }
    if (performance.now() - start > 600_000) throw new Error('the setup\'s change events were not applied within 10 minutes');
    await sleep(50);
  }
}

// The gateway's own counters (GET /v1/metrics, Prometheus text) for this
// database, histogram buckets left out, plus the shared reads, which are not
// per database: series -> value, or null when the gateway has no metrics.
async function cacheMetrics(url, database) {
  const res = await fetch(`${url}/v1/metrics`);
  const text = await res.text();
  if (res.status !== 200) return null;
  const series = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.includes('_bucket{')) continue;
    if (!line.includes(`database="${database}"`) && !line.startsWith('edgesql_shared_reads_total')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at).replace(`database="${database}",`, ''), Number(line.slice(at + 1)));
  }
  return series;
}

const metricsDelta = (before, after) => before && after && new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));

// ---------------------------------------------------------------- load

// One client's ops, per engine: read(id) and write(id) resolve to
// {cache, reason} (reads) or {} and throw on a wrong answer.
function edgeOps(url, database, hint) {
  const sql = `SELECT /*+ ${hint} */ payload, n FROM items WHERE id = ?`;
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
// fill (no hit on it yet this run), a write (one answered in the
// kWriteWindowMs before: its tombstone lands about a consumer batch later,
// and the refill another batch after that), or neither.
const kWriteWindowMs = 5000;
async function drive(clients, { pick, writeShare, seconds }) {
  const start = performance.now();
  const end = start + seconds * 1000;
  const reads = []; // {done, ms, cache}
  const writes = []; // {done, ms}
  const reasons = new Map(); // cacheReason of bypasses -> count
  const misses = new Map(); // miss cause -> count
  const errors = new Map();
  const hit = new Set(); // ids read as a hit so far
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
async function invalidation(url, database) {
  const query = queryFn(url, database);
  const read = (id) => query('SELECT /*+ cached */ payload, n FROM items WHERE id = ?', [id]);
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
    log(`invalidation ${i + 1}/${ids.length}: id ${id} seen after ${sample.seenMs.toFixed(0)} ms (${sample.seenAs}), served as a hit after ${sample.hitMs.toFixed(0)} ms`);
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
  const { database, loadBefore, health, setupSeconds, drain, zipf, cached, strong, hits, strongHot, maria, mariaVersion, mariaSkipped, samples } = outcome;
  const date = new Date().toISOString().slice(0, 10);
  const a = summarise(cached);
  const b = summarise(strong);
  const c = summarise(hits);
  const d = summarise(strongHot);
  const m = maria && summarise(maria);
  const row = (label, s) => `| ${label} | ${fmt(s.opsPerSec, 0)} | ${fmt(s.lateOpsPerSec, 0)} | ${fmt(s.readP50)} | ${fmt(s.readP95)} | ${fmt(s.writeP50)} | ${fmt(s.writeP95)} | ${s.reads} | ${s.writes} | ${s.errorCount} | ${(100 * s.clientCpu).toFixed(0)}% |`;
  const counts = (s) => ['hit', 'stale', 'miss', 'bypass'].map((k) => `${k} ${s.byCache.get(k) ?? 0}`).join(', ');
  const missCauses = { first: 'the key\'s first fill (no hit on it yet)', write: `a write to the key in the ${kWriteWindowMs / 1000} s before`, other: 'neither' };
  const seen = samples.map((s) => s.seenMs);
  const hit = samples.map((s) => s.hitMs);
  const max = (xs) => (xs.some((x) => !Number.isNaN(x)) ? Math.max(...xs.filter((x) => !Number.isNaN(x))) : NaN);
  const seenAs = countBy(samples, (s) => s.seenAs);
  const lines = [
    `# Cache benchmark, ${date}`,
    '',
    `A read-heavy workload through the local gateway's HTTP API (\`POST /v1/query\`, \`wrangler dev\`): ${kConcurrency} clients`,
    `back to back for ${kSeconds} s per workload, each op on an id drawn from a Zipfian distribution (s = ${kZipfS}) over`,
    `the ${kRows} rows of \`items (id INT PRIMARY KEY, payload VARCHAR(100), n INT)\` (the hottest id takes`,
    `${pct(zipf.topShare(1), 1)} of the ops, the hottest 100 ${pct(zipf.topShare(kHot), 1)}); ${100 - 100 * kWriteShare}% reads \`SELECT /*+ <hint> */ payload, n FROM items`,
    `WHERE id = ?\`, ${100 * kWriteShare}% writes \`UPDATE items SET n = n + 1 WHERE id = ?\`. One database, no table policy (one shard);`,
    'the client sends no session token, so read-your-writes never overrides the hint. In order: A (cached) on',
    `an empty cache, B (strong), C and D (the hit path alone: ${kHotSeconds} s of reads only, of the ${kHot} hottest ids), MariaDB,`,
    'then the invalidation samples.',
    '',
    '## Hit rate (workload A, `/*+ cached */`)',
    '',
    '| reads | hit rate, whole run | hit rate, second half | by quarter of the run | without first fills: whole run, 2nd half | counts |',
    '|---:|---:|---:|---|---|---|',
    `| ${a.reads} | **${pct(a.hitRate, 1)}** | **${pct(a.lateHitRate, 1)}** | ${a.quarterHitRates.map((x) => pct(x, 1)).join(', ')} | ${pct(a.warmHitRate, 1)}, ${pct(a.lateWarmHitRate, 1)} | ${counts(a)} |`,
    '',
    'Hit rate: hits over all cached reads. *Without first fills* leaves out each key\'s misses before its first',
    'hit (the cold cache), an estimate of the rate once every key read has been cached once.',
    `Misses by cause, from what the clients saw: ${[...a.misses].map(([k, n]) => `${missCauses[k]} ${n}`).join(', ') || 'none'}.`,
    `Read latency by how it was served: hit p50 ${fmt(a.hitP50)} ms, miss p50 ${fmt(a.missP50)} ms.`,
  ];
  if (a.reasons.size) lines.push(`Bypass reasons: ${[...a.reasons].map(([k, n]) => `\`${k}\` ${n}`).join(', ')}.`);
  if (cached.metrics) {
    const get = (series) => cached.metrics.get(series) ?? 0;
    const lagCount = get('edgesql_queue_lag_seconds_count{table="items"}');
    const lagMs = (1000 * get('edgesql_queue_lag_seconds_sum{table="items"}')) / lagCount;
    lines.push(
      '',
      `The gateway's counters over workload A and the 2 s after it (\`GET /v1/metrics\`; one isolate locally): reads`,
      `${['hit', 'stale', 'miss', 'bypass'].map((r) => `${r} ${get(`edgesql_cache_reads_total{table="items",result="${r}"}`)}`).join(', ')};`,
      `fills written ${get('edgesql_cache_fills_total{table="items",result="written"}')}, dropped as outdated ${get('edgesql_cache_fills_total{table="items",result="dropped"}')};`,
      `rows invalidated ${get('edgesql_cache_invalidations_total{table="items"}')}; change events' lag from commit to the consumer`,
      `${fmt(lagMs, 0)} ms on average over ${lagCount}; reads that shared an identical read in flight ${get('edgesql_shared_reads_total')}.`,
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
    row('A: Edge SQL, `/*+ cached */`', a),
    row('B: Edge SQL, `/*+ strong */`', b),
    ...(m ? [row('MariaDB, same mix', m)] : []),
    row(`C: hits only (${kHot} cached ids, no writes)`, c),
    row('D: `/*+ strong */`, same ids, no writes', d),
    '',
    '| ratio | ops/s | ops/s, 2nd half |',
    '|---|---:|---:|',
    `| A / B: cached / strong | **${fmt(a.opsPerSec / b.opsPerSec, 2)}×** | ${fmt(a.lateOpsPerSec / b.lateOpsPerSec, 2)}× |`,
    `| C / D: a hit / a strong read | ${fmt(c.opsPerSec / d.opsPerSec, 2)}× | ${fmt(c.lateOpsPerSec / d.lateOpsPerSec, 2)}× |`,
  );
  if (m) {
    lines.push(`| A / MariaDB: Edge SQL cached / MariaDB | **${fmt(a.opsPerSec / m.opsPerSec, 3)}×** | ${fmt(a.lateOpsPerSec / m.lateOpsPerSec, 3)}× |`);
    lines.push(`| B / MariaDB: Edge SQL strong / MariaDB | ${fmt(b.opsPerSec / m.opsPerSec, 3)}× | ${fmt(b.lateOpsPerSec / m.lateOpsPerSec, 3)}× |`);
  } else {
    lines.push('', `MariaDB was not run (${mariaSkipped}).`);
  }
  lines.push(
    '',
    `C's hit rate: ${pct(c.hitRate, 1)} (${counts(c)}).`,
    '',
    '## Invalidation latency',
    '',
    `${samples.length} samples, one at a time on an otherwise idle gateway: a key read until \`meta.cache\` is \`hit\`, then`,
    '`UPDATE items SET payload = <unique> WHERE id = ?`; from the UPDATE\'s HTTP answer, `/*+ cached */` reads of the key',
    `${kPollMs} ms apart until one returns the new payload (*seen*), and on until a \`hit\` serves it (*served as a hit*).`,
    'Resolution: one read\'s round trip plus the pause.',
    '',
    '| from the UPDATE\'s answer to | p50 ms | p95 ms | max ms | timed out |',
    '|---|---:|---:|---:|---:|',
    `| the new payload seen | **${fmt(quantile(seen, 0.5), 0)}** | **${fmt(quantile(seen, 0.95), 0)}** | ${fmt(max(seen), 0)} | ${seen.filter(Number.isNaN).length} |`,
    `| the new payload served as a hit | ${fmt(quantile(hit, 0.5), 0)} | ${fmt(quantile(hit, 0.95), 0)} | ${fmt(max(hit), 0)} | ${hit.filter(Number.isNaN).length} |`,
    '',
    `First seen as: ${[...seenAs].map(([k, n]) => `${k} ${n}`).join(', ')}. UPDATE round trip p50 ${fmt(quantile(samples.map((s) => s.updateMs), 0.5))} ms.`,
    '',
    'Until the change event is consumed, cached reads keep serving the old payload as a hit: the local queue',
    'hands the consumer a batch when it holds 50 messages or after `max_batch_timeout` (wrangler.toml: 1 s), and',
    'a lone write never fills a batch, so that timeout dominates the invalidation latency here. The tombstone',
    'makes the next read a miss that the shard answers with the new payload; that miss\'s fill waits for the',
    'next batch before the key is a hit again.',
  );
  const runs = [['A', a], ['B', b], ['C', c], ['D', d], ...(m ? [['MariaDB', m]] : [])];
  const errorLines = runs.flatMap(([label, s]) => [...s.errors].map(([e, n]) => `- ${label}: ${n}× \`${e}\``));
  if (errorLines.length) lines.push('', 'Errors:', '', ...errorLines);
  if (errorLines.some((e) => e.includes('had hung'))) {
    lines.push(
      '',
      'The 500s saying the Worker "had hung" are reads that waited for an identical read\'s shard call in flight',
      '(worker-shim/index.js `performShared`, counted by `edgesql_shared_reads_total`): workerd cancels a request',
      'that waits only on I/O another request started (bench/README.md).',
    );
  }
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
    'KV reads and the shard read, plus a fill event; on top of that the consumer\'s KV reads and writes share',
    'the one workerd process with the reads.',
    '',
    `The setup's ${Math.ceil(kRows / kBatch)} INSERTs name every row they wrote in their change events, so the consumer's first batch read`,
    `and tombstoned ${kRows} entity keys, one KV call each; it applied them ${drain.seconds.toFixed(1)} s after the setup (${failedReads(drain.failed)}`,
    'meanwhile), and workload A waited for that. While such a batch runs the local gateway answers',
    'nothing else (bench/README.md). Cloudflare allows a Worker invocation 1,000 KV operations, so in production',
    'a batch like it would fail, be retried and be dead-lettered.',
    '',
    'MariaDB is the differential tests\' throwaway server (difftest/mariadb.mjs): unix socket (no HTTP, no TCP),',
    '32 MB buffer pool, `innodb_flush_log_at_trx_commit=0`, through `mysql2/promise` `execute()`, one connection',
    'per client, the same mix of reads and writes.',
    '',
    machineLine(loadBefore),
    `- Edge SQL gateway ${health.version}, ABI ${health.abiVersion}${mariaVersion ? `; MariaDB ${mariaVersion}` : ''}; database \`${database}\`; setup (${kRows} rows) took ${setupSeconds.toFixed(1)} s,`,
    `  and the consumer applied its change events ${drain.seconds.toFixed(1)} s later (${failedReads(drain.failed)} meanwhile).`,
    commitLine(),
    `- Settings: \`--seconds ${kSeconds} --hot-seconds ${kHotSeconds} --concurrency ${kConcurrency} --rows ${kRows} --samples ${kSamples} --zipf ${kZipfS} --writes ${kWriteShare}\`${kQuick ? ' (`--quick`)' : ''};`,
    `  gateway ${gatewayOwn ? 'started by the bench with a fresh state directory, log level warn' : 'at EDGE_SQL_URL'}.`,
    '',
  );
  // Any failed statement on Edge SQL is a finding, not noise.
  const failures = runs.filter(([label, s]) => label !== 'MariaDB' && s.errorCount).map(([label, s]) => `${label}: ${s.errorCount} errors`);
  return { date, text: lines.join('\n'), failures };
}

// ---------------------------------------------------------------- main

function logRun(label, run) {
  const s = summarise(run);
  log(`${label}: ${s.opsPerSec.toFixed(0)} ops/s, read p50 ${fmt(s.readP50)} ms p95 ${fmt(s.readP95)} ms, `
    + `hit rate ${pct(s.hitRate, 1)} (2nd half ${pct(s.lateHitRate, 1)}), ${s.errorCount} errors`);
}

async function main(url) {
  const database = `bench_cache_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const loadBefore = loadavg();
  const health = await (await fetch(`${url}/v1/health`)).json();
  const zipf = zipfian(kRows, kZipfS);
  const setupStart = performance.now();
  await createTable(queryFn(url, database));
  const setupSeconds = (performance.now() - setupStart) / 1000;
  log(`setup: ${kRows} rows in ${database}, ${setupSeconds.toFixed(1)} s; waiting for the consumer to apply their change events`);
  const drain = await drained(url, database);
  log(`setup's change events applied after ${drain.seconds.toFixed(1)} s (${failedReads(drain.failed)} meanwhile)`);

  const clients = (hint) => Array.from({ length: kConcurrency }, () => edgeOps(url, database, hint));
  const mix = { pick: zipf.draw, writeShare: kWriteShare, seconds: kSeconds };
  const metricsBefore = await cacheMetrics(url, database);
  const cached = await drive(clients('cached'), mix);
  logRun('A cached', cached);
  await sleep(2000); // the queue's last batches, so they do not run into B
  cached.metrics = metricsDelta(metricsBefore, await cacheMetrics(url, database));
  const strong = await drive(clients('strong'), mix);
  logRun('B strong', strong);
  const { hits, strongHot } = await hitPath(url, database, clients);

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

  const samples = await invalidation(url, database);
  return { database, loadBefore, health, setupSeconds, drain, zipf, cached, strong, hits, strongHot, maria, mariaVersion, mariaSkipped, samples };
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
