#!/usr/bin/env node
// `npm run bench`: the design's workloads (bench/workloads.mjs) on every
// engine (bench/engines.mjs), side by side in one run.
//
// Engines, each started here on loopback and stopped after: Edge SQL
// (`npm start`'s gateway) over its WebSocket sessions and over HTTP, the
// platform floor (bench/floor: a Worker and a Durable Object doing the same
// SQLite statements with no gateway logic) over both paths too, MariaDB
// through mysql2 and PostgreSQL through pg (throwaway servers on unix
// sockets, set up alike: no flush per commit).
//
// Closed loop: `--concurrency` clients per engine run the workload back to
// back, a warm-up, then the measured window. Every (workload, engine) runs
// once per round; within a round a workload's engines follow each other,
// in the reverse order every other round, so the machine's drift touches
// them alike. The figures to quote are the per-round ratios (Edge SQL / MariaDB,
// Edge SQL / floor): the machine is shared and noisy, lone numbers are not.
//
//   npm run bench [-- --quick] [--rounds 3 --seconds 5 --warmup 2 --concurrency 16]
//                 [--engines edge-ws,mariadb] [--workloads read-strong,update]
//
// Writes bench/results/<date>.md and <date>.svg (`--quick`: build/bench-quick/,
// a smoke run for CI that asserts only that everything ran and nothing was
// lost). Exits 1 when an operation of Edge SQL or the floor failed, or any
// engine lost an update.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startMariaDB } from '../difftest/mariadb.mjs';
import { chart } from './chart.mjs';
import { edgeHttp, edgeSession, floorHttp, floorSession, mariadb, postgres } from './engines.mjs';
import { freePort } from '../miniflare-tests/gateway.mjs';
import { startFloor } from './floor/floor.mjs';
import { commitLine, machineLine, median, openGateway, option, quantile, root, spread, stateWhere } from './harness.mjs';
import { startPostgres } from './postgres.mjs';
import { processWith, treeCpuMs } from './cpu.mjs';
import { kWorkloads, schema } from './workloads.mjs';

const kQuick = process.argv.includes('--quick');
const kRounds = Number(option('rounds', kQuick ? '1' : '3'));
const kSeconds = Number(option('seconds', kQuick ? '1' : '5'));
const kWarmup = Number(option('warmup', kQuick ? '0.5' : '2'));
const kConcurrency = Number(option('concurrency', '16'));
const kEngineKeys = option('engines', 'edge-ws,edge-http,floor-ws,floor-txn,floor-http,mariadb,postgres').split(',');
const kWorkloadKeys = option('workloads', kWorkloads.map((w) => w.key).join(',')).split(',');

const log = (line) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- servers

async function startEngines(database) {
  const servers = {};
  const wanted = (family) => kEngineKeys.some((k) => k.startsWith(family));
  log('starting the engines...');
  const [gateway, floor, maria, pg] = await Promise.all([
    wanted('edge') ? openGateway('bench') : null,
    wanted('floor') ? startFloor() : null,
    // Over loopback TCP, as the gateway and the floor are reached.
    wanted('mariadb') ? startMariaDB({ log, tcpPort: await freePort() }) : null,
    wanted('postgres') ? startPostgres({ log, tcpPort: await freePort() }) : null,
  ]);
  Object.assign(servers, { gateway, floor, maria, pg });
  const all = {
    'edge-ws': () => edgeSession(gateway.url, database, kConcurrency),
    'edge-http': () => edgeHttp(gateway.url, database, kConcurrency),
    'floor-ws': () => floorSession(floor.url, kConcurrency),
    'floor-txn': () => floorSession(floor.url, kConcurrency, { interactive: true }),
    'floor-http': () => floorHttp(floor.url, kConcurrency),
    mariadb: () => mariadb(maria, database),
    postgres: () => postgres(pg, database),
  };
  const engines = kEngineKeys.map((key) => {
    if (!all[key]) throw new Error(`unknown engine ${key}: one of ${Object.keys(all).join(', ')}`);
    return all[key]();
  });
  // Each engine's server processes, for its CPU per operation.
  const serverPid = {
    edge: gateway?.pid, floor: floor?.pid,
    mariadb: maria && processWith(maria.dir), postgres: pg && processWith(pg.dir),
  };
  for (const engine of engines) engine.serverPid = serverPid[engine.family];
  const stop = () => Promise.all([gateway?.stop(), floor?.stop(), maria?.stop(), pg?.stop()]);
  return { servers, engines, stop };
}

// Workload `w`'s operation on engine `e`, or null where it does not run
// (the workload's reason, or the engine's when it runs only some).
const outsideOnly = (w, e) => e.only !== undefined && !e.only.includes(w.key);

function opFor(w, e) {
  return outsideOnly(w, e) ? null : w.op(e);
}

function skipWhy(w, e) {
  return outsideOnly(w, e) ? e.onlyWhy : w.skip(e);
}

// ---------------------------------------------------------------- load

// Runs `op` from every client back to back for warm-up plus measured time;
// operations ending inside the measured window count for the rate and the
// latencies. Every success counts for the lost-update check.
async function drive(clients, op, total, serverPid) {
  const before = total ? await total(clients[0]) : 0;
  const serverCpuStart = treeCpuMs(serverPid);
  const measureFrom = performance.now() + kWarmup * 1000;
  const end = measureFrom + kSeconds * 1000;
  const latencies = [];
  const errors = new Map();
  let succeeded = 0;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await Promise.all(clients.map(async (conn) => {
    for (let start = performance.now(); start < end; start = performance.now()) {
      try {
        await op(conn);
        succeeded++;
        const done = performance.now();
        if (done >= measureFrom && done <= end) latencies.push(done - start);
      } catch (error) {
        const key = `${error.statement ?? '?'} -> ${error.code ?? ''} ${error.errno ?? ''}: ${error.message}`.slice(0, 300);
        errors.set(key, (errors.get(key) ?? 0) + 1);
        if (errors.size > 20) break; // something is broken: stop hammering
      }
    }
  }));
  const cpu = process.cpuUsage(cpuStart);
  const serverCpu = serverCpuStart === null ? null : treeCpuMs(serverPid) - serverCpuStart;
  const lost = total ? succeeded - ((await total(clients[0])) - before) : 0;
  return {
    ops: latencies.length / kSeconds,
    latencies,
    errors,
    lost,
    clientCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart),
    // Server CPU per finished operation, warm-up included (both sides of the division).
    serverCpuMs: serverCpu === null || succeeded === 0 ? null : serverCpu / succeeded,
  };
}

// Waits until the servers are idle: writes leave work behind (Edge SQL's
// change events go through its queue to KV and D1 after the answer), and a
// configuration must not pay for the one before it. Idle: under a tenth of
// a core over 300 ms, or after 20 s, said in the report.
async function quiesce(pids) {
  const started = performance.now();
  for (;;) {
    const before = pids.reduce((sum, pid) => sum + (treeCpuMs(pid) ?? 0), 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = pids.reduce((sum, pid) => sum + (treeCpuMs(pid) ?? 0), 0) - before;
    if (used < 30) return performance.now() - started;
    if (performance.now() - started > 20_000) return performance.now() - started;
  }
}

// ---------------------------------------------------------------- statistics


function summarise(runs) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const errors = new Map();
  for (const r of runs) for (const [k, n] of r.errors) errors.set(k, (errors.get(k) ?? 0) + n);
  return {
    rates: runs.map((r) => r.ops),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    lost: runs.reduce((a, r) => a + r.lost, 0),
    errors,
    errorCount: [...errors.values()].reduce((a, b) => a + b, 0),
    clientCpu: median(runs.map((r) => r.clientCpu)),
    serverCpuMs: runs.some((r) => r.serverCpuMs === null) ? null : median(runs.map((r) => r.serverCpuMs)),
  };
}

// ---------------------------------------------------------------- main

async function main() {
  const database = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const loadBefore = loadavg();
  const started = performance.now();
  const { servers, engines, stop } = await startEngines(database);
  process.once('SIGINT', () => stop().finally(() => process.exit(130)));
  const workloads = kWorkloadKeys.map((key) => {
    const w = kWorkloads.find((x) => x.key === key);
    if (!w) throw new Error(`unknown workload ${key}: one of ${kWorkloads.map((x) => x.key).join(', ')}`);
    return w;
  });
  const runs = new Map(); // `${workload}/${engine}` -> [run per round]
  const clients = new Map(); // engine key -> connections
  try {
    const rows = schema();
    const families = new Set();
    for (const engine of engines) {
      if (!families.has(engine.family)) await engine.setup(rows);
      families.add(engine.family);
      clients.set(engine.key, await Promise.all(Array.from({ length: kConcurrency }, () => engine.connect())));
    }
    log(`setup: ${((performance.now() - started) / 1000).toFixed(1)} s; ${engines.length} engines, ${workloads.length} workloads, `
      + `${kRounds} round(s) of ${kWarmup} s + ${kSeconds} s each`);
    const serverPids = [...new Set(engines.map((e) => e.serverPid).filter(Boolean))];
    const unsettled = [];
    const total = kRounds * workloads.reduce((n, w) => n + engines.filter((e) => opFor(w, e)).length, 0);
    let done = 0;
    for (let round = 0; round < kRounds; round++) {
      for (const workload of workloads) {
        for (const engine of round % 2 === 0 ? engines : [...engines].reverse()) {
          const op = opFor(workload, engine);
          if (!op) continue;
          const waited = await quiesce(serverPids);
          if (waited > 19_000) unsettled.push(`${workload.key}/${engine.key}`);
          const run = await drive(clients.get(engine.key), op, workload.total, engine.serverPid);
          const key = `${workload.key}/${engine.key}`;
          runs.set(key, [...(runs.get(key) ?? []), run]);
          const sorted = [...run.latencies].sort((a, b) => a - b);
          const errs = [...run.errors.values()].reduce((a, b) => a + b, 0);
          log(`[${++done}/${total}] round ${round + 1} · ${workload.title} · ${engine.label}: ${run.ops.toFixed(0)} ops/s, `
            + `p95 ${quantile(sorted, 0.95).toFixed(1)} ms${run.serverCpuMs === null ? '' : `, ${run.serverCpuMs.toFixed(3)} ms CPU/op`}${errs ? `, ${errs} errors` : ''}${run.lost ? `, ${run.lost} LOST` : ''}`);
        }
      }
    }
    const health = servers.gateway ? await (await fetch(`${servers.gateway.url}/v1/health`)).json() : null;
    return {
      database, loadBefore, engines, workloads, runs, health, unsettled,
      versions: { mariadb: servers.maria?.version, postgres: servers.pg?.version },
      gatewayOwn: servers.gateway?.own,
    };
  } finally {
    for (const conns of clients.values()) await Promise.all(conns.map((c) => c.close().catch(() => {})));
    for (const engine of engines) engine.close?.();
    await stop();
  }
}

// ---------------------------------------------------------------- report

// Per-round ratios of engine `a` to engine `b` on a workload.
function pairedRatios(runs, workload, a, b) {
  const ra = runs.get(`${workload}/${a}`);
  const rb = runs.get(`${workload}/${b}`);
  if (!ra || !rb) return null;
  return ra.map((r, i) => r.ops / rb[i].ops);
}

const kRatioColumns = [
  { a: 'edge-ws', b: 'mariadb', label: 'Edge WS / MariaDB' },
  { a: 'edge-http', b: 'mariadb', label: 'Edge HTTP / MariaDB' },
  { a: 'edge-ws', b: 'floor-ws', label: 'Edge WS / floor WS' },
  { a: 'edge-ws', b: 'floor-txn', label: 'Edge WS / interactive floor' },
  { a: 'floor-ws', b: 'mariadb', label: 'floor WS / MariaDB' },
  { a: 'floor-txn', b: 'mariadb', label: 'interactive floor / MariaDB' },
  { a: 'edge-http', b: 'floor-http', label: 'Edge HTTP / floor HTTP' },
  { a: 'postgres', b: 'mariadb', label: 'PostgreSQL / MariaDB' },
];

function report(outcome) {
  const { database, loadBefore, engines, workloads, runs, health, versions, gatewayOwn, unsettled } = outcome;
  const date = new Date().toISOString().slice(0, 10);
  const summaries = new Map([...runs].map(([k, r]) => [k, summarise(r)]));
  const lines = [
    `# Benchmark, ${date}`,
    '',
    `Closed loop, ${kConcurrency} clients per engine, each running the workload back to back: ${kWarmup} s warm-up, then`,
    `${kSeconds} s measured, ${kRounds} round(s); in each round a workload's engines run one after another, in`,
    'reverse order every other round, each once every server is idle again (the work a write leaves',
    'behind, such as Edge SQL\'s change events, is not billed to the next). ops/s: operations (a statement, or a transaction) finished in the',
    'measured window per second, median of the rounds (min–max). Latencies pooled over the rounds.',
    '',
    '| workload | what one operation is |',
    '|---|---|',
    ...workloads.map((w) => `| ${w.title} | ${w.sql} |`),
    '',
    'Engines: **Edge SQL** is `npm start`\'s gateway (`wrangler dev`), one database, no table policy (one',
    'shard); *WebSocket* through a pool of `@edge-mysql/promise` connections (one session each, sharing',
    'sockets eight to a socket, a turn\'s requests in one message), *HTTP* one `POST /v1/query` per statement',
    '(a transaction is one `POST /v1/batch`). The **platform floor** (bench/floor) is a Worker and a Durable',
    'Object doing the same SQLite statements with no gateway logic, served the same way, over HTTP and over',
    'WebSockets shared as the pool\'s are; its transactions are one call (the counter reads and writes in that call). The',
    '**interactive floor** is the same floor running workload 3 as a session must, where no storage transaction stays open',
    'between calls: each statement one call that answers it and rolls it back, COMMIT one call running them again (no',
    'isolation, no checks: a lower bound on the work, not a database). **MariaDB** through',
    'mysql2 and **PostgreSQL** through pg, prepared statements, no flush per commit. Edge SQL and the floor keep',
    `their state ${stateWhere}: workerd's local SQLite syncs the disk at every commit and cannot defer it. Every`,
    'engine is reached over loopback TCP.',
    '',
    'Server CPU: the CPU time the engine\'s processes (for Edge SQL and the floor: wrangler and its two',
    'workerd processes) spent per finished operation, median of the rounds: steadier than rates on a',
    'shared machine. Client CPU: this benchmark\'s own process, share of one core.',
    '',
    '| workload | engine | ops/s | p50 ms | p95 ms | p99 ms | server CPU ms/op | errors | lost updates | client CPU |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const w of workloads) {
    for (const e of engines) {
      const s = summaries.get(`${w.key}/${e.key}`);
      if (!s) {
        lines.push(`| ${w.title} | ${e.label} | — | | | | | | | |`);
        continue;
      }
      const lost = w.total ? String(s.lost) : '';
      lines.push(`| ${w.title} | ${e.label} | ${spread(s.rates, 0)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | `
        + `${s.p99.toFixed(1)} | ${s.serverCpuMs === null ? '' : s.serverCpuMs.toFixed(3)} | ${s.errorCount} | ${lost} | `
        + `${(100 * s.clientCpu).toFixed(0)}% |`);
    }
  }
  const skipped = workloads.flatMap((w) => engines.filter((e) => !opFor(w, e)).map((e) => `- ${w.title}, ${e.label}: ${skipWhy(w, e)}.`));
  if (skipped.length) lines.push('', 'Not run:', '', ...skipped);
  const columns = kRatioColumns.filter((c) => engines.some((e) => e.key === c.a) && engines.some((e) => e.key === c.b));
  if (columns.length) {
    lines.push('', 'Throughput ratios, paired per round: median (min–max).', '',
      `| workload | ${columns.map((c) => c.label).join(' | ')} |`, `|---|${columns.map(() => '---:').join('|')}|`);
    for (const w of workloads) {
      const cells = columns.map((c) => {
        const r = pairedRatios(runs, w.key, c.a, c.b);
        return r ? `${spread(r, 2)}×` : '—';
      });
      lines.push(`| ${w.title} | ${cells.join(' | ')} |`);
    }
  }
  if (unsettled.length) lines.push('', `Started before the servers were idle (20 s): ${unsettled.join(', ')}.`);
  const errorLines = [...summaries].flatMap(([key, s]) => [...s.errors].map(([e, n]) => `- ${key}: ${n}× \`${e}\``));
  if (errorLines.length) lines.push('', 'Errors (workload/engine: statement -> code errno: message):', '', ...errorLines);
  lines.push(
    '',
    machineLine(loadBefore),
    `- Edge SQL ${health ? `${health.version}, ABI ${health.abiVersion}` : 'not run'}; MariaDB ${versions.mariadb ?? 'not run'}; `
      + `PostgreSQL ${versions.postgres ?? 'not run'}; database \`${database}\`.`,
    commitLine(),
    `- Settings: \`--rounds ${kRounds} --seconds ${kSeconds} --warmup ${kWarmup} --concurrency ${kConcurrency}\`${kQuick ? ' (`--quick`)' : ''};`
      + ` gateway ${gatewayOwn === false ? 'at EDGE_SQL_URL' : `started by the bench with a fresh state directory ${stateWhere}`}.`,
    '',
  );
  // Edge SQL and the floor promise every operation answered and every
  // commit kept; any engine losing an update under FOR UPDATE is a finding.
  // A configuration that finished nothing in a round did not run at all.
  const failures = [...summaries]
    .filter(([key, s]) => s.lost !== 0 || Math.min(...s.rates) === 0 || (s.errorCount !== 0 && !/mariadb|postgres/.test(key)))
    .map(([key, s]) => `${key}: ${s.errorCount} errors, ${s.lost} lost updates, ${Math.min(...s.rates).toFixed(0)} ops/s at least`);
  const svg = chart({
    title: `Edge SQL benchmark, ${date}: ${kConcurrency} clients, median of ${kRounds} round(s)`,
    workloads,
    engines,
    value: (w, e, what) => {
      const s = summaries.get(`${w.key}/${e.key}`);
      if (!s) return undefined;
      return what === 'ops' ? median(s.rates) : s.p95;
    },
  });
  return { date, text: lines.join('\n'), svg, failures };
}

const outcome = await main();
const { date, text, svg, failures } = report(outcome);
const dir = kQuick ? join(root, 'build', 'bench-quick') : join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, `${date}.md`), `${text}\n![throughput and p95 per workload and engine](${date}.svg)\n`);
writeFileSync(join(dir, `${date}.svg`), svg);
process.stdout.write(text);
process.stdout.write(`written to ${join(dir, `${date}.md`)} and ${date}.svg\n`);
if (failures.length) {
  log(`FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
