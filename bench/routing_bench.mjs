#!/usr/bin/env node
// Routing benchmark: how long the wasm core takes to decide where a
// statement runs (issue 4's target: p50 well under 10 µs per statement).
//
// core.explain(sql, request) is what the gateway's plan step does for
// routing: lex, analyse, then decide under the stored table policy, and
// write the decision as JSON. core.analyze(sql) is the same minus the
// decision, so the difference of the two is the decision's own cost.
// Calls alternate between the two in one process; each is timed alone.
//
//   npm run bench:routing [-- --passes 400]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(root, 'worker-shim', 'generated');
const args = process.argv.slice(2);
const passesAt = args.indexOf('--passes');
const kPasses = passesAt >= 0 ? Number(args[passesAt + 1]) : 400;

// A SaaS shape: tenant tables, a hashed global table, reference tables;
// 100 tenants with their own shard, the rest over 16, 8 hash ranges.
const tenants = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`t${i}`, `big-${i % 8}`]));
const policy = {
  tables: {
    orders: { pk: ['id'], shard_by: 'tenant_id' },
    order_items: { pk: ['id'], shard_by: 'tenant_id' },
    events: { pk: 'id' },
    countries: { pk: 'code', reference: true },
  },
  routing: {
    version: 1,
    tenant_shards: 16,
    tenants,
    ranges: Array.from({ length: 8 }, (_, i) => ({
      prefix: `${(i * 32).toString(16).padStart(2, '0')}..${(i * 32 + 31).toString(16).padStart(2, '0')}`,
      shard: `range-${i}`,
    })),
  },
};

// [sql, params, tenant]
const kMix = [
  ['SELECT * FROM orders WHERE tenant_id = ? AND id = ?', ['t7', 42], ''],
  ["SELECT id, total FROM orders WHERE tenant_id = 'acme' ORDER BY created_at DESC LIMIT 50", [], ''],
  ['SELECT * FROM orders WHERE tenant_id = ?', ['t7'], 't7'],
  ['SELECT o.id, c.name FROM orders o JOIN countries c ON c.code = o.country WHERE o.tenant_id = ?', ['t3'], ''],
  ['SELECT * FROM events WHERE id = ?', [123456], ''],
  ['SELECT * FROM events WHERE id IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)', [], ''],
  ['SELECT COUNT(*) FROM orders WHERE status = ?', ['paid'], ''],
  ['SELECT * FROM countries WHERE code = ?', ['DE'], ''],
  ['INSERT INTO orders (id, tenant_id, total) VALUES (?, ?, ?), (?, ?, ?)', [1, 't9', 5, 2, 't9', 6], ''],
  ['UPDATE orders SET status = ? WHERE tenant_id = ? AND id = ?', ['paid', 't1', 9], ''],
  ['DELETE FROM events WHERE id = ?', [77], ''],
  ["SELECT * FROM orders WHERE tenant_id = 'other'", [], 't1'],
];

const { Core } = await import(join(root, 'worker-shim', 'core_api.js'));
const { default: factory } = await import(join(generated, 'core.mjs'));
const core = await Core.create(factory, new WebAssembly.Module(readFileSync(join(generated, 'core.wasm'))));
const set = core.setPolicy('app', JSON.stringify(policy));
if (set.status !== 200) throw new Error(`policy refused: ${set.body}`);
const requests = kMix.map(([sql, params, tenant]) => [sql, JSON.stringify({ database: 'app', params, tenant })]);
for (const [sql, request] of requests) {
  const out = core.explain(sql, request);
  if (out.status !== 200) throw new Error(`explain failed for ${sql}: ${out.body}`);
}

const explainUs = [];
const analyzeUs = [];
for (let pass = -50; pass < kPasses; pass++) {
  for (const [sql, request] of requests) {
    let t0 = process.hrtime.bigint();
    core.explain(sql, request);
    const e = Number(process.hrtime.bigint() - t0) / 1e3;
    t0 = process.hrtime.bigint();
    core.analyze(sql);
    const a = Number(process.hrtime.bigint() - t0) / 1e3;
    if (pass >= 0) {
      explainUs.push(e);
      analyzeUs.push(a);
    }
  }
}
const quantile = (xs, q) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const row = (name, xs) =>
  `| ${name} | ${quantile(xs, 0.5).toFixed(2)} | ${quantile(xs, 0.9).toFixed(2)} | ${quantile(xs, 0.99).toFixed(2)} |`;
const decisionP50 = quantile(explainUs, 0.5) - quantile(analyzeUs, 0.5);
const date = new Date().toISOString().slice(0, 10);
const report = [
  `# Routing benchmark, ${date}`,
  '',
  `${kMix.length}-statement mix (tenant point reads and scans, a join with a reference table, hashed`,
  'point reads and IN lists, a scatter count, multi-row INSERT, UPDATE, DELETE, a cross-tenant reject)',
  `under a policy with 100 explicit tenants, 16 default tenant shards and 8 hash ranges; ${kPasses}`,
  'passes after 50 of warm-up, one Node process, the wasm core as the worker runs it.',
  '',
  '| call, per statement | p50 µs | p90 µs | p99 µs |',
  '|---|---:|---:|---:|',
  row('`explain`: lex + analyse + route + decision JSON', explainUs),
  row('`analyze`: lex + analyse + analysis JSON', analyzeUs),
  '',
  `- Routing, p50 of explain minus p50 of analyze: **${decisionP50.toFixed(2)} µs**, an upper bound on the`,
  '  decision itself: it also covers reading the request JSON (params, tenant) and writing the decision.',
  `  The whole explain call: p50 **${quantile(explainUs, 0.5).toFixed(2)} µs** (target: well under 10 µs).`,
  '  Natively, `build/native/edgesql_bench --benchmark_filter=Decide` times the decision alone.',
  `- Machine: ${cpus()[0]?.model ?? 'unknown'} (${cpus().length} cores), load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}; Node ${process.version}.`,
  '',
].join('\n');
process.stdout.write(report);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', `routing-${date}.md`), report);
process.stdout.write(`written to bench/results/routing-${date}.md\n`);
