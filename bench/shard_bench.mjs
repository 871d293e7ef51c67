#!/usr/bin/env node
// Shard benchmark: point-read throughput through the local gateway with the
// same table on 1 shard and on 8 shards, measured in one run and reported as
// a ratio.
//
// Two databases get the same table, rows and table policy except for
// `tenant_shards` (1 or 8), so the shard count is the only difference: both
// go through the same policy lookup and routing code. N concurrent clients
// issue `SELECT id, v FROM items WHERE tenant_id = ? AND id = ?` for random
// existing rows. The two databases alternate in rounds (which one goes first
// alternates too), so the machine's drift affects both alike; the paired
// per-round ratio is the figure to quote. GET /v1/health at the same
// concurrency is the raw worker's floor: no core plan, no Durable Object.
//
// Locally every Durable Object runs in one workerd process on this machine's
// cores, so more shards cannot add CPU: the ratio measures routing overhead
// and per-object serialisation, not production scale-out.
//
//   npm run bench:shards [-- --seconds 6 --warmup 1 --rounds 3 --concurrency 16,64]
//
// Starts its own gateway (miniflare-tests/gateway.mjs, fresh state, stopped
// at the end) unless EDGE_SQL_URL names a running one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { commitLine, machineLine, openGateway, option, root, stateWhere } from './harness.mjs';



const kSeconds = Number(option('seconds', '6'));
const kWarmupSeconds = Number(option('warmup', '1'));
const kRounds = Number(option('rounds', '3'));
const kConcurrency = option('concurrency', '16,64').split(',').map(Number);
const kRows = Number(option('rows', '2000'));
const kTenants = Number(option('tenants', '64'));
const kPort = option('port', undefined);
const kShards = 8;

// ---------------------------------------------------------------- gateway


async function postJson(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

// For setup: anything but a 200 stops the bench, since numbers over a
// half-built database would mean nothing.
async function must(url, body) {
  const res = await postJson(url, body);
  if (res.status !== 200) throw new Error(`${JSON.stringify(body).slice(0, 200)} -> ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

// ---------------------------------------------------------------- setup

// Identical for both databases but for the shard count. Tenants are placed
// by hash on "tenant-0".."tenant-<n-1>"; the range is required by the policy
// format and unused by this table.
function policyFor(tenantShards) {
  return {
    tables: { items: { pk: ['id'], shard_by: 'tenant_id' } },
    routing: { version: 1, tenant_shards: tenantShards, tenants: {}, ranges: [{ prefix: '00..ff', shard: 'range-0' }] },
  };
}

async function createDatabase(url, database, tenantShards) {
  const query = (sql, params = []) => must(`${url}/v1/query`, { sql, params, database });
  await must(`${url}/v1/admin/policy`, { database, policy: policyFor(tenantShards) });
  await query('CREATE TABLE items (id INT PRIMARY KEY, tenant_id VARCHAR(20) NOT NULL, v VARCHAR(40))');
  return query;
}

// Picks tenant names whose hash lands evenly on the 8 shards, so each shard
// serves the same share of the reads and the spread is not left to chance
// (64 random tenants over 8 shards would give some shards twice the load of
// others). A read of an empty table returns the shard it routed to.
async function evenTenants(query) {
  const perShard = new Map();
  const tenants = [];
  for (let n = 0; tenants.length < kTenants; n++) {
    if (n > kTenants * 20) throw new Error(`could not spread ${kTenants} tenants evenly: ${JSON.stringify([...perShard])}`);
    const tenant = `c${n}`;
    const { meta } = await query('SELECT id FROM items WHERE tenant_id = ?', [tenant]);
    const count = perShard.get(meta.shard) ?? 0;
    if (count < kTenants / kShards) {
      perShard.set(meta.shard, count + 1);
      tenants.push(tenant);
    }
  }
  return tenants;
}

// Row i belongs to tenant i % tenants. One multi-row INSERT per tenant: a
// sharded INSERT must keep all its rows on one shard.
function rowsByTenant(tenants) {
  const byTenant = new Map(tenants.map((t) => [t, []]));
  const rows = [];
  for (let id = 1; id <= kRows; id++) {
    const tenant = tenants[id % tenants.length];
    byTenant.get(tenant).push([id, tenant, `value-${id}`]);
    rows.push([tenant, id]);
  }
  return { byTenant, rows };
}

async function fill(query, byTenant) {
  for (const rows of byTenant.values()) {
    if (rows.length === 0) continue;
    const sql = `INSERT INTO items VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}`;
    const { meta } = await query(sql, rows.flat());
    if (meta.shards.length !== 1) throw new Error(`one tenant's INSERT went to ${meta.shards.join(', ')}`);
  }
}

// ---------------------------------------------------------------- load

// Runs `concurrency` clients issuing `send()` back to back for warm-up plus
// measured time. Only requests that complete inside the measured window
// count, for both the rate and the latencies; `send` returns the shard that
// answered (or '' when there is none) and throws on a wrong answer.
async function drive(send, concurrency) {
  const measureFrom = performance.now() + kWarmupSeconds * 1000;
  const end = measureFrom + kSeconds * 1000;
  const latencies = [];
  const shards = new Map();
  const failures = [];
  // The client shares the machine's cores with workerd: its own CPU use says
  // how much of them it took.
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  async function client() {
    for (let start = performance.now(); start < end; start = performance.now()) {
      let shard = '';
      let failure = null;
      try {
        shard = await send();
      } catch (error) {
        failure = String(error?.message ?? error);
      }
      const done = performance.now();
      if (done < measureFrom || done > end) continue;
      if (failure) failures.push(failure);
      else {
        latencies.push(done - start);
        shards.set(shard, (shards.get(shard) ?? 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const cpu = process.cpuUsage(cpuStart);
  const clientCpu = (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart);
  return { opsPerSec: latencies.length / kSeconds, latencies, shards, failures, clientCpu };
}

function pointRead(url, database, rows) {
  return async () => {
    const [tenant, id] = rows[Math.floor(Math.random() * rows.length)];
    const res = await postJson(`${url}/v1/query`, { sql: 'SELECT id, v FROM items WHERE tenant_id = ? AND id = ?', params: [tenant, id], database });
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body.error ?? res.body)}`);
    const got = res.body.rows;
    if (got.length !== 1 || Number(got[0].id) !== id || got[0].v !== `value-${id}`) {
      throw new Error(`(${tenant}, ${id}) answered ${JSON.stringify(got)}`);
    }
    return res.body.meta.shard;
  };
}

function health(url) {
  return async () => {
    const res = await fetch(`${url}/v1/health`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`health ${res.status}`);
    return '';
  };
}

// ---------------------------------------------------------------- report

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

// Pools a configuration's rounds: rate per round, latencies together.
function summarise(runs) {
  const latencies = runs.flatMap((r) => r.latencies);
  const shards = new Map();
  for (const r of runs) for (const [s, n] of r.shards) shards.set(s, (shards.get(s) ?? 0) + n);
  return {
    rates: runs.map((r) => r.opsPerSec),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    ops: latencies.length,
    clientCpu: median(runs.map((r) => r.clientCpu)),
    failures: runs.flatMap((r) => r.failures),
    shards,
  };
}

function rateCell(rates) {
  const fmt = (x) => x.toFixed(0);
  return rates.length === 1 ? fmt(rates[0]) : `${fmt(median(rates))} (${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))})`;
}

function tableRow(name, c, s) {
  return `| ${name} | ${c} | ${rateCell(s.rates)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.ops} | ${(100 * s.clientCpu).toFixed(0)}% | ${s.failures.length} |`;
}

function distribution(shards, database) {
  const total = [...shards.values()].reduce((a, b) => a + b, 0);
  return [...shards]
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([s, n]) => `${s.replace(`${database}/`, '')} ${((100 * n) / total).toFixed(1)}%`)
    .join(', ');
}


// ---------------------------------------------------------------- main

async function main(gateway) {
  const { url } = gateway;
  const stamp = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const dbOne = `bench_s1_${stamp}`;
  const dbEight = `bench_s8_${stamp}`;
  const loadBefore = loadavg();

  const setupStart = performance.now();
  const queryOne = await createDatabase(url, dbOne, 1);
  const queryEight = await createDatabase(url, dbEight, kShards);
  const tenants = await evenTenants(queryEight);
  const { byTenant, rows } = rowsByTenant(tenants);
  await fill(queryOne, byTenant);
  await fill(queryEight, byTenant);
  const setupSeconds = (performance.now() - setupStart) / 1000;
  process.stderr.write(`setup: ${kRows} rows, ${tenants.length} tenants in each database, ${setupSeconds.toFixed(1)} s\n`);

  const configs = { one: pointRead(url, dbOne, rows), eight: pointRead(url, dbEight, rows) };
  const results = [];
  for (const c of kConcurrency) {
    const runs = { one: [], eight: [] };
    const ratios = [];
    for (let round = 0; round < kRounds; round++) {
      const order = round % 2 === 0 ? ['one', 'eight'] : ['eight', 'one'];
      for (const name of order) {
        const run = await drive(configs[name], c);
        runs[name].push(run);
        process.stderr.write(`c=${c} round ${round + 1} ${name === 'one' ? '1 shard ' : '8 shards'}: ${run.opsPerSec.toFixed(0)} ops/s, p50 ${quantile(run.latencies, 0.5).toFixed(1)} ms, ${run.failures.length} failures\n`);
      }
      ratios.push(runs.eight[round].opsPerSec / runs.one[round].opsPerSec);
    }
    const raw = await drive(health(url), c);
    process.stderr.write(`c=${c} health: ${raw.opsPerSec.toFixed(0)} req/s\n`);
    const eight = summarise(runs.eight);
    // The spread is what makes this 8 shards and not 1 under another name.
    if (eight.shards.size < 6) eight.failures.push(`reads reached only ${eight.shards.size} shards: ${[...eight.shards.keys()].join(', ')}`);
    results.push({ c, one: summarise(runs.one), eight, raw: summarise([raw]), ratios });
  }
  return { dbOne, dbEight, tenants, setupSeconds, loadBefore, results };
}

function report({ dbOne, dbEight, tenants, setupSeconds, loadBefore, results }) {
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `# Shard benchmark, ${date}`,
    '',
    `Point reads \`SELECT id, v FROM items WHERE tenant_id = ? AND id = ?\` of random existing rows through`,
    `the local gateway (\`wrangler dev\`, one workerd process), ${kRows} rows over ${tenants.length} tenants, the same`,
    `table policy with \`tenant_shards\` 1 or ${kShards}; tenants chosen so each of the ${kShards} shards holds ${tenants.length / kShards}.`,
    `Per configuration: ${kWarmupSeconds} s warm-up, then ${kSeconds} s measured; ${kRounds} rounds alternating the two`,
    'databases (the first of each pair alternates too). Rate: median of the rounds (min–max);',
    'latency percentiles pooled over the rounds. Every answer was checked: 200, exactly 1 row, the right `id` and `v`.',
    'Client CPU: this Node process\'s CPU time over the wall time (100% = one core of the machine\'s cores).',
    '',
    '| configuration | in flight | ops/s | p50 ms | p99 ms | measured ops | client CPU | failed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(tableRow('1 shard', r.c, r.one), tableRow(`${kShards} shards`, r.c, r.eight), tableRow('raw worker: `GET /v1/health`', r.c, r.raw));
  }
  lines.push('', `| in flight | ${kShards} shards / 1 shard, paired per round (median) | per round | ratio of median rates |`, '|---:|---:|---|---:|');
  for (const r of results) {
    lines.push(`| ${r.c} | **${median(r.ratios).toFixed(2)}×** | ${r.ratios.map((x) => x.toFixed(2)).join(', ')} | ${(median(r.eight.rates) / median(r.one.rates)).toFixed(2)}× |`);
  }
  lines.push('', 'Reads served per shard over the whole run:', '');
  for (const r of results) {
    lines.push(`- ${r.c} in flight, ${kShards} shards (${r.eight.shards.size} distinct): ${distribution(r.eight.shards, dbEight)}`);
    lines.push(`- ${r.c} in flight, 1 shard: ${distribution(r.one.shards, dbOne)}`);
  }
  const failures = results.flatMap((r) => [...r.one.failures, ...r.eight.failures, ...r.raw.failures]);
  if (failures.length) lines.push('', `Failures (first 5 of ${failures.length}):`, '', ...failures.slice(0, 5).map((f) => `- ${f}`));
  lines.push(
    '',
    'Reading the numbers: locally all Durable Objects run in one workerd process, on the same cores as',
    'this client and anything else running, so more shards cannot add CPU. The ratio measures what',
    'sharding costs or saves on one machine (routing, and requests queueing behind each other in one',
    'object versus spread over eight), not production scale-out, where each Durable Object has its own',
    'thread (Cloudflare documents a soft limit of about 1,000 requests/s per object), so 8 shards can serve',
    'up to 8 times the load of one. The health endpoint is the floor of the worker itself: HTTP in and',
    'out, no plan, no Durable Object call.',
    '',
    machineLine(loadBefore),
    commitLine(),
    `- Settings: \`--seconds ${kSeconds} --warmup ${kWarmupSeconds} --rounds ${kRounds} --concurrency ${kConcurrency.join(',')} --rows ${kRows} --tenants ${kTenants}\`;`,
    `  gateway ${process.env.EDGE_SQL_URL ? `at EDGE_SQL_URL` : `started by the bench with a fresh state directory ${stateWhere}, log level warn`}; setup took ${setupSeconds.toFixed(1)} s.`,
    '',
  );
  return { date, text: lines.join('\n'), failures };
}

const gateway = await openGateway('shards', kPort);
// Ctrl-C must not leave workerd behind.
process.once('SIGINT', () => gateway.stop().finally(() => process.exit(130)));
let outcome;
try {
  outcome = await main(gateway);
} finally {
  await gateway.stop();
}
const { date, text, failures } = report(outcome);
process.stdout.write(text);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `shards-${date}.md`), text);
process.stdout.write(`written to bench/results/shards-${date}.md\n`);
if (failures.length) process.exit(1);
