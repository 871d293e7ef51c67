// npm run bench:core [-- --plans 20000 --instances 30 --no-bundle]
//
// The core as the worker runs it, inside wasm (issue 7's core targets):
//   - plan: one core.plan call per statement (request parsing, lexing,
//     analysis, routing under a table policy, transpilation and the plan's
//     JSON) in an isolate that already holds the catalog and the policy, as
//     every request after an isolate's first does. Target: under 5 µs median.
//   - instantiate: a new instance of the compiled core.wasm module, what a
//     new isolate pays before its first request (Workers compile the module
//     at upload). Target: under 20 ms.
//   - bundle: the gzipped upload of `wrangler deploy --dry-run`. Target:
//     under 1 MiB.
// Writes bench/results/core-<date>.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { commitLine, machineLine, option, root } from './harness.mjs';

const kPlans = Number(option('plans', '20000'));
const kInstances = Number(option('instances', '30'));
const kBundle = !process.argv.includes('--no-bundle');
const loadBefore = loadavg();

const generated = join(root, 'worker-shim', 'generated');
const { Core } = await import(join(root, 'worker-shim', 'core_api.js'));
const { default: factory } = await import(join(generated, 'core.mjs'));
const wasmModule = new WebAssembly.Module(readFileSync(join(generated, 'core.wasm')));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// --- instantiate
const instantiateMs = [];
let core;
for (let i = 0; i < kInstances; i++) {
  const start = performance.now();
  core = await Core.create(factory, wasmModule);
  instantiateMs.push(performance.now() - start);
}
instantiateMs.sort((a, b) => a - b);

// --- a warm isolate: the policy and the catalog loaded once, as the
// worker loads them (the plan asks, the answers come back through finish).
const database = 'bench';
const caller = JSON.stringify({ auth: 'optional', now: 1 });
const policy = JSON.stringify({
  tables: { users: { pk: ['id'] }, events: { pk: ['id'], shard_by: 'tenant_id' } },
  routing: { version: 1, tenant_shards: 4, ranges: [{ prefix: '00..7f', shard: 'r0' }, { prefix: '80..ff', shard: 'r1' }] },
});
const column = (name, type, extra = {}) => ({ name, type, nullable: name !== 'id', ...extra });
const table = (name, columns) => ({
  name, charset: 'utf8mb4', collation: 'utf8mb4_0900_ai_ci', engine: 'InnoDB', checks: [], foreignKeys: [],
  columns, indexes: [{ kind: 0, name: 'PRIMARY', parts: [{ column: 'id' }] }],
});
const catalog = [
  table('users', [column('id', 'int'), column('name', 'varchar', { length: 40 }), column('email', 'varchar', { length: 80 })]),
  table('events', [column('id', 'bigint'), column('tenant_id', 'varchar', { length: 20 }), column('kind', 'varchar', { length: 20 }), column('at', 'datetime')]),
];
function answer(call) {
  if (call.config !== undefined) return { version: 1, policy };
  return { results: [{ rows: [[1]] }, { rows: catalog.map((t) => [t.name, JSON.stringify(t)]) }] };
}
const statements = [
  ['point read', 'SELECT * FROM users WHERE id = ?', [42]],
  ['last 50 events of a tenant', 'SELECT id, kind, at FROM events WHERE tenant_id = ? ORDER BY id DESC LIMIT 50', ['acme']],
  ['point update', 'UPDATE users SET name = ? WHERE id = ?', ['ann', 42]],
  ['insert of a tenant', 'INSERT INTO events (id, tenant_id, kind, at) VALUES (?, ?, ?, ?)', [7, 'acme', 'login', '2026-11-23 10:00:00']],
];
for (const [label, sql, params] of statements) {
  const body = JSON.stringify({ database, sql, params });
  let out = core.plan(body, caller);
  for (let step = 0; step < 4 && out.status === 0; step++) {
    const plan = JSON.parse(out.body);
    if (plan.calls.some((c) => c.shard !== undefined && !(c.statements?.[0]?.sql ?? '').includes('_edgesql_ddl_log') && c.statements.length > 2)) break;
    out = core.finish(plan.context, JSON.stringify({ answers: plan.calls.map(answer) }));
  }
  const plan = JSON.parse(core.plan(body, caller).body);
  if (!plan.calls?.[0]?.statements) throw new Error(`${label}: no shard plan: ${JSON.stringify(plan).slice(0, 300)}`);
}

// --- plan: batches of 100 calls, the per-call time of each batch.
const kBatch = 100;
// µs per call of `fn` for each batch of kBatch calls, sorted. `after`, if
// given, gets each batch's results untimed.
function perCall(fn, after = () => {}) {
  const us = [];
  const outs = new Array(kBatch);
  for (let done = 0; done < kPlans; done += kBatch) {
    const start = performance.now();
    for (let i = 0; i < kBatch; i++) outs[i] = fn();
    us.push(((performance.now() - start) * 1000) / kBatch);
    after(outs);
  }
  return us.sort((a, b) => a - b);
}
// A plan's context stays in the core until the plan is answered
// (gateway/plan_contexts.h): each batch's plans are answered untimed, as
// the worker answers them, so no plan pays for dropping abandoned ones.
const noAnswers = JSON.stringify({ answers: [] });
function answerPlans(outs) {
  for (const out of outs) if (out.status === 0) core.finish(JSON.parse(out.body).context, noAnswers);
}
// Warm-up of every statement before any is timed: the first one timed
// otherwise pays for the JIT and the wasm memory's growth (p95s of 100+ µs).
for (let round = 0; round < 3; round++) {
  for (const [, sql, params] of statements) {
    const body = JSON.stringify({ database, sql, params });
    for (let i = 0; i < 2000; i++) answerPlans([core.plan(body, caller)]);
    for (let i = 0; i < 2000; i++) core.translate(sql, database);
  }
}
const planResults = [];
for (const [label, sql, params] of statements) {
  const body = JSON.stringify({ database, sql, params });
  const perCallUs = perCall(() => core.plan(body, caller), answerPlans);
  // The part of it that is analysis and transpilation alone.
  const translateUs = perCall(() => core.translate(sql, database));
  const plan = JSON.parse(core.plan(body, caller).body);
  planResults.push({
    label, sql, shard: plan.calls[0].shard, median: quantile(perCallUs, 0.5), p95: quantile(perCallUs, 0.95),
    translate: quantile(translateUs, 0.5),
  });
  process.stderr.write(`plan ${label}: median ${quantile(perCallUs, 0.5).toFixed(2)} µs\n`);
}

// --- bundle
let bundle = null;
if (kBundle) {
  const outdir = mkdtempSync(join(tmpdir(), 'edge-sql-bundle-'));
  execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: ['ignore', 'ignore', 'ignore'],
  });
  const files = readdirSync(outdir).filter((f) => !f.endsWith('.map') && statSync(join(outdir, f)).isFile());
  bundle = files.map((f) => ({ file: f, bytes: statSync(join(outdir, f)).size, gzip: gzipSync(readFileSync(join(outdir, f))).length }));
}

// --- report
const date = new Date().toISOString().slice(0, 10);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const lines = [
  `# Core in wasm, ${date}`,
  '',
  'The core as the worker runs it, loaded through `worker-shim/core_api.js` in Node (V8, as workerd).',
  '',
  '## Planning a statement',
  '',
  `\`core.plan\` per call (request JSON in, plan JSON out: parse, lex, analyse, route under a table policy,`,
  `transpile, guard and bookkeeping statements), in an isolate holding the catalog and the policy; batches of`,
  `${kBatch} calls, ${kPlans} calls per statement after a warm-up of 6000 of each. Target: under 5 µs median.`,
  '',
  '| statement | routed to | plan, median µs | plan, p95 µs | of which `translate` (analysis + transpilation), median µs | target |',
  '|---|---|---:|---:|---:|---|',
  ...planResults.map((r) => `| ${r.label}: \`${r.sql}\` | ${r.shard} | **${r.median.toFixed(2)}** | ${r.p95.toFixed(2)} | ${r.translate.toFixed(2)} | ${r.median < 5 ? 'met' : 'not met'} |`),
  '',
  '## Instantiating',
  '',
  `A new instance of the compiled module, ${kInstances} times: median **${quantile(instantiateMs, 0.5).toFixed(2)} ms**, ` +
    `p95 ${quantile(instantiateMs, 0.95).toFixed(2)} ms, min ${instantiateMs[0].toFixed(2)} ms, max ${instantiateMs.at(-1).toFixed(2)} ms. ` +
    `Target: under 20 ms: ${quantile(instantiateMs, 0.5) < 20 ? 'met' : 'not met'}.`,
  '',
];
if (bundle) {
  const total = bundle.reduce((n, f) => n + f.gzip, 0);
  lines.push(
    '## Bundle',
    '',
    '`wrangler deploy --dry-run --outdir`, each file gzipped:',
    '',
    '| file | bytes | gzip |',
    '|---|---:|---:|',
    ...bundle.map((f) => `| ${f.file} | ${kib(f.bytes)} | ${kib(f.gzip)} |`),
    `| **total** | ${kib(bundle.reduce((n, f) => n + f.bytes, 0))} | **${kib(total)}** |`,
    '',
    `Target: under 1 MiB gzipped: ${total < 1024 * 1024 ? 'met' : 'not met'}.`,
    '',
  );
}
lines.push('## Run', '', machineLine(loadBefore), commitLine(), `- Settings: \`--plans ${kPlans} --instances ${kInstances}${kBundle ? '' : ' --no-bundle'}\`.`, '');
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', `core-${date}.md`);
writeFileSync(file, lines.join('\n'));
process.stdout.write(`${lines.join('\n')}\nwritten to ${file}\n`);
