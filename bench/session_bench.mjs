#!/usr/bin/env node
// Session benchmark: interactive transactions over Edge SQL's WebSocket
// sessions next to MariaDB through mysql2, in one run.
//
// Two closed-loop workloads, 16 connections each running transactions back
// to back:
//   point write  BEGIN; UPDATE accounts SET balance = balance + 1 WHERE id = ?; COMMIT
//                (random id of 1000 rows)
//   counter      BEGIN; SELECT n FROM counter WHERE id = 1; UPDATE counter SET n = ?
//                WHERE id = 1 (the client's n + 1); COMMIT, all on one row.
// The counter is run on MariaDB twice: as written, at its default isolation
// (REPEATABLE READ: the SELECT reads a snapshot and takes no lock, so
// concurrent transactions overwrite each other's increments), and with
// `SELECT ... FOR UPDATE`, which is what a MySQL application must write to be
// correct and so the fair comparison. Edge SQL runs it as written: its
// transactions on one shard are serializable (docs/sessions.md).
//
// Lost updates are counted for both workloads: commits the client saw minus
// what the table gained (the counter's final n; the change of SUM(balance)).
// Every commit counts here, warm-up included; the rate counts only the
// measured window. Engines alternate within each round (which goes first
// alternates too), so the machine's drift affects both alike; the paired
// per-round ratio is the figure to quote.
//
//   npm run bench:sessions [-- --quick | --rounds 3 --seconds 5 --warmup 2 --concurrency 16]
//
// Starts its own gateway (miniflare-tests/gateway.mjs, fresh state, stopped
// at the end; `--port N`) unless EDGE_SQL_URL names a running one, and a
// throwaway MariaDB (difftest/mariadb.mjs: unix socket only, no TCP port).
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createConnection } from '../client/index.js';
import { startMariaDB } from '../difftest/mariadb.mjs';
import { commitLine, machineLine, median, openGateway, option, quantile, root, spread, stateWhere } from './harness.mjs';



const kQuick = process.argv.includes('--quick');
const kRounds = Number(option('rounds', kQuick ? '1' : '3'));
const kSeconds = Number(option('seconds', kQuick ? '2' : '5'));
const kWarmupSeconds = Number(option('warmup', kQuick ? '1' : '2'));
const kConcurrency = Number(option('concurrency', '16'));
const kPort = option('port', undefined);
const kAccounts = 1000;

const log = (line) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- servers


// The same schema and rows on both engines. Rows are inserted as literals
// in a few multi-row INSERTs so that setup needs no large parameter lists.
async function createSchema(conn) {
  await conn.query('CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)');
  await conn.query('CREATE TABLE counter (id INT PRIMARY KEY, n BIGINT NOT NULL)');
  for (let from = 1; from <= kAccounts; from += 250) {
    const ids = Array.from({ length: Math.min(250, kAccounts - from + 1) }, (_, i) => from + i);
    await conn.query(`INSERT INTO accounts VALUES ${ids.map((id) => `(${id}, 0)`).join(', ')}`);
  }
  await conn.query('INSERT INTO counter VALUES (1, 0)');
}

// An engine: a setup connection plus one connection per client, all with
// mysql2/promise's interface. Sessions are opened (ping) before timing.
async function edgeEngine(url, database) {
  const dsn = `edge-mysql://root@${new URL(url).host}/${database}`;
  const open = async () => {
    const conn = await createConnection(dsn);
    await conn.ping();
    return conn;
  };
  const admin = await open();
  await createSchema(admin);
  const clients = await Promise.all(Array.from({ length: kConcurrency }, open));
  return { admin, clients };
}

async function mariaEngine(server, database) {
  const setup = await server.connect();
  await setup.query(`CREATE DATABASE ${database}`);
  await setup.end();
  const open = () => server.connect({ database });
  const admin = await open();
  await createSchema(admin);
  const clients = await Promise.all(Array.from({ length: kConcurrency }, open));
  return { admin, clients };
}

async function closeEngine(engine) {
  await Promise.all([engine.admin, ...engine.clients].map((c) => c.end().catch(() => {})));
}

// ---------------------------------------------------------------- workloads

// Runs one transaction. On any failure it rolls back (a failed rollback is
// ignored: the error that matters is the first) and rethrows the error with
// the statement that raised it, so the report can name it.
async function transaction(conn, body) {
  let statement = 'BEGIN';
  const exec = (sql, params) => {
    statement = sql;
    return conn.execute(sql, params);
  };
  try {
    await conn.beginTransaction();
    await body(exec);
    statement = 'COMMIT';
    await conn.commit();
  } catch (error) {
    error.statement ??= statement;
    await conn.rollback().catch(() => {});
    throw error;
  }
}

const pointWrite = {
  name: 'point write',
  op: (conn) => transaction(conn, async (exec) => {
    const id = 1 + Math.floor(Math.random() * kAccounts);
    const [res] = await exec('UPDATE accounts SET balance = balance + 1 WHERE id = ?', [id]);
    if (res.affectedRows !== 1) throw new Error(`UPDATE of id ${id} changed ${res.affectedRows} rows`);
  }),
  // What the table holds that commits add to.
  total: async (conn) => Number((await conn.query('SELECT SUM(balance) AS s FROM accounts'))[0][0].s),
  reset: async () => {},
};

function counter(forUpdate) {
  const select = `SELECT n FROM counter WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`;
  return {
    name: 'counter',
    op: (conn) => transaction(conn, async (exec) => {
      const [rows] = await exec(select, []);
      // No affectedRows check: a stale read writes the value n already has,
      // which MariaDB counts as 0 changed rows; that is the lost update.
      await exec('UPDATE counter SET n = ? WHERE id = 1', [Number(rows[0].n) + 1]);
    }),
    total: async (conn) => Number((await conn.query('SELECT n FROM counter WHERE id = 1'))[0][0].n),
    reset: (conn) => conn.query('UPDATE counter SET n = 0 WHERE id = 1'),
  };
}

// ---------------------------------------------------------------- load

// Each client connection runs `op` back to back for warm-up plus measured
// time. Only transactions that end inside the measured window count for the
// rate and the latencies (BEGIN to COMMIT's answer); every commit counts for
// the lost-update check, which compares with what the table gained.
async function drive(engine, workload) {
  await workload.reset(engine.admin);
  const before = await workload.total(engine.admin);
  const measureFrom = performance.now() + kWarmupSeconds * 1000;
  const end = measureFrom + kSeconds * 1000;
  const latencies = [];
  const errors = new Map(); // "statement -> error" -> count, measured window and warm-up alike
  let committed = 0;
  // The client shares the machine's cores with the servers: its own CPU use
  // says how much of them it took.
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  async function client(conn) {
    for (let start = performance.now(); start < end; start = performance.now()) {
      try {
        await workload.op(conn);
        committed++;
        const done = performance.now();
        if (done >= measureFrom && done <= end) latencies.push(done - start);
      } catch (error) {
        const key = `${error.statement ?? '?'} -> ${error.code ?? ''} ${error.errno ?? ''}: ${error.message}`;
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }
    }
  }
  await Promise.all(engine.clients.map(client));
  const cpu = process.cpuUsage(cpuStart);
  const gained = (await workload.total(engine.admin)) - before;
  return {
    opsPerSec: latencies.length / kSeconds,
    latencies,
    errors,
    committed,
    lost: committed - gained,
    clientCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart),
  };
}

// ---------------------------------------------------------------- report


// Pools a configuration's rounds: rate per round, latencies and counts together.
function summarise(runs) {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const errors = new Map();
  for (const r of runs) for (const [k, n] of r.errors) errors.set(k, (errors.get(k) ?? 0) + n);
  const sum = (f) => runs.reduce((a, r) => a + f(r), 0);
  return {
    rates: runs.map((r) => r.opsPerSec),
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    committed: sum((r) => r.committed),
    lost: sum((r) => r.lost),
    errors,
    errorCount: [...errors.values()].reduce((a, b) => a + b, 0),
    clientCpu: median(runs.map((r) => r.clientCpu)),
  };
}


// ---------------------------------------------------------------- main

// The configurations, one group per workload; a group's configurations
// alternate within a round. Then the Edge SQL / MariaDB pairs whose
// per-round ratio is reported.
const kGroups = [
  [
    { key: 'edge-point', engine: 'edge', label: 'Edge SQL', workload: pointWrite },
    { key: 'maria-point', engine: 'maria', label: 'MariaDB', workload: pointWrite },
  ],
  [
    { key: 'edge-counter', engine: 'edge', label: 'Edge SQL', workload: counter(false) },
    { key: 'maria-counter', engine: 'maria', label: 'MariaDB, as written', workload: counter(false) },
    { key: 'maria-counter-for-update', engine: 'maria', label: 'MariaDB, FOR UPDATE', workload: counter(true) },
  ],
];
const kRatios = [
  { label: 'point write', edge: 'edge-point', maria: 'maria-point' },
  { label: 'counter vs MariaDB FOR UPDATE (fair)', edge: 'edge-counter', maria: 'maria-counter-for-update' },
  { label: 'counter vs MariaDB as written (loses updates)', edge: 'edge-counter', maria: 'maria-counter' },
];
const kConfigs = new Map(kGroups.flat().map((c) => [c.key, c]));

async function main(url, mariadb) {
  const database = `bench_sessions_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const loadBefore = loadavg();
  // Which gateway build answered, for the record.
  const health = await (await fetch(`${url}/v1/health`)).json();
  const engines = { edge: await edgeEngine(url, database), maria: await mariaEngine(mariadb, database) };
  log(`setup: ${kAccounts} accounts and a counter in ${database} on both engines, ${kConcurrency} connections each`);
  const runs = new Map([...kConfigs.keys()].map((key) => [key, []])); // key -> run per round
  const total = kRounds * kConfigs.size;
  let done = 0;
  try {
    for (let round = 0; round < kRounds; round++) {
      for (const group of kGroups) {
        for (const config of round % 2 === 0 ? group : [...group].reverse()) {
          const run = await drive(engines[config.engine], config.workload);
          runs.get(config.key).push(run);
          const sorted = [...run.latencies].sort((a, b) => a - b);
          log(`[${++done}/${total}] round ${round + 1} ${config.workload.name}, ${config.label}: ${run.opsPerSec.toFixed(0)} tx/s, `
            + `p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(1)} ms, `
            + `${[...run.errors.values()].reduce((a, b) => a + b, 0)} errors, ${run.lost} lost updates`);
        }
      }
    }
  } finally {
    await Promise.all(Object.values(engines).map(closeEngine));
  }
  return { database, loadBefore, runs, health };
}

function report({ database, loadBefore, runs, health }, mariadbVersion, gatewayOwn) {
  const date = new Date().toISOString().slice(0, 10);
  const summaries = new Map([...runs].map(([k, r]) => [k, summarise(r)]));
  const lines = [
    `# Session benchmark, ${date}`,
    '',
    `Interactive transactions, closed loop: ${kConcurrency} connections per engine, each running its transaction`,
    `back to back. Per configuration: ${kWarmupSeconds} s warm-up, then ${kSeconds} s measured; ${kRounds} round(s), the`,
    'configurations of a workload alternating within each round (which goes first alternates too).',
    'Edge SQL through `@edge-mysql/promise` over WebSocket sessions to the local gateway (one database,',
    'no table policy, so one shard); MariaDB through `mysql2/promise`. Statements with parameters go',
    'through `execute()` (server-side prepared) on both.',
    '',
    '- **point write**: `BEGIN; UPDATE accounts SET balance = balance + 1 WHERE id = ?; COMMIT`, random id of',
    `  ${kAccounts} rows.`,
    '- **counter**: `BEGIN; SELECT n FROM counter WHERE id = 1; UPDATE counter SET n = ? WHERE id = 1; COMMIT`',
    '  with n + 1 computed by the client, all connections on one row. MariaDB runs it twice: *as written*, at',
    '  its default isolation (REPEATABLE READ, where the SELECT takes no lock), and with `SELECT ... FOR UPDATE`,',
    '  what a correct MySQL application writes and the fair comparison. Edge SQL runs it as written.',
    '',
    'tx/s: committed transactions per second in the measured window, median of the rounds (min–max).',
    'Latency: BEGIN to COMMIT\'s answer, pooled over the rounds. Lost updates: commits the client saw',
    'minus what the table gained (the counter\'s final n; the growth of SUM(balance)), over warm-up and',
    'measured time of every round. Errors: failed transactions (rolled back), listed below.',
    '',
    '| workload | engine | tx/s | p50 ms | p95 ms | p99 ms | commits | lost updates | errors | client CPU |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [key, s] of summaries) {
    const { workload, label } = kConfigs.get(key);
    lines.push(`| ${workload.name} | ${label} | ${spread(s.rates, 0)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.committed} | ${s.lost} | ${s.errorCount} | ${(100 * s.clientCpu).toFixed(0)}% |`);
  }
  lines.push('', '| Edge SQL / MariaDB | paired per round: median (min–max) | per round |', '|---|---:|---|');
  for (const r of kRatios) {
    const edge = runs.get(r.edge);
    const ratios = runs.get(r.maria).map((m, i) => edge[i].opsPerSec / m.opsPerSec);
    lines.push(`| ${r.label} | **${spread(ratios, 3)}×** | ${ratios.map((x) => x.toFixed(3)).join(', ')} |`);
  }
  const errorLines = [...summaries].flatMap(([key, s]) => {
    const { workload, label } = kConfigs.get(key);
    return [...s.errors].map(([e, n]) => `- ${workload.name}, ${label}: ${n}× \`${e}\``);
  });
  if (errorLines.length) lines.push('', 'Errors (statement -> code errno: message):', '', ...errorLines);
  // Edge SQL promises serializable transactions on a shard: any lost update
  // or error there is a finding, not noise.
  const failures = [...summaries]
    .filter(([key, s]) => kConfigs.get(key).engine === 'edge' && (s.lost !== 0 || s.errorCount !== 0))
    .map(([key, s]) => `${kConfigs.get(key).workload.name}: ${s.lost} lost updates, ${s.errorCount} errors`);
  if (failures.length) lines.push('', '**Edge SQL failures:**', '', ...failures.map((f) => `- ${f}`));
  lines.push(
    '',
    'Reading the numbers: this is one machine, not production. Locally every Durable Object runs in one',
    'workerd process (`wrangler dev`) on the same 2 cores as MariaDB, this client and anything else running.',
    'An Edge SQL transaction holds its shard from its first statement to COMMIT, across client round trips,',
    'and writers outside it wait in line, so on one shard transactions run one at a time even on different',
    'rows; each statement is also rerun after the transaction\'s earlier ones (docs/sessions.md). MariaDB',
    'locks rows, so point writes on different rows proceed in parallel. The MariaDB server is the',
    'differential tests\' throwaway one (difftest/mariadb.mjs): unix socket (no TCP), 32 MB buffer pool,',
    '`innodb_flush_log_at_trx_commit=0` (no fsync per commit), no binary log.',
    '',
    machineLine(loadBefore),
    `- Edge SQL gateway ${health.version}, ABI ${health.abiVersion}; MariaDB ${mariadbVersion}; database \`${database}\` on both engines.`,
    commitLine(),
    `- Settings: \`--rounds ${kRounds} --seconds ${kSeconds} --warmup ${kWarmupSeconds} --concurrency ${kConcurrency}\`${kQuick ? ' (`--quick`)' : ''};`,
    `  gateway ${gatewayOwn ? `started by the bench with a fresh state directory ${stateWhere}, log level warn` : 'at EDGE_SQL_URL'}.`,
    '',
  );
  return { date, text: lines.join('\n'), failures };
}

const gateway = await openGateway('sessions', kPort);
let mariadb;
// Ctrl-C must not leave workerd behind (mariadb.mjs stops its own server).
process.once('SIGINT', () => gateway.stop().finally(() => process.exit(130)));
let outcome;
try {
  mariadb = await startMariaDB({ log });
  outcome = await main(gateway.url, mariadb);
} finally {
  await mariadb?.stop();
  await gateway.stop();
}
const { date, text, failures } = report(outcome, mariadb.version, gateway.own);
process.stdout.write(text);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `sessions-${date}.md`), text);
process.stdout.write(`written to bench/results/sessions-${date}.md\n`);
if (failures.length) process.exit(1);
