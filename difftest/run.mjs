#!/usr/bin/env node
// The differential test runner (see difftest/README.md).
//
//   node difftest/run.mjs                    check the gateway against the stored expectations
//   node difftest/run.mjs --engine mariadb   check a private MariaDB against them (sanity)
//   node difftest/run.mjs --regenerate       rewrite the expectations from MariaDB's answers
//   --filter <substring>   only the case files whose path contains it
//   --url <url>            an already running gateway (default: $EDGE_SQL_URL, else start one)
//   --mark-skips           maintainers: add `skipif edge-sql <reason>` to each failing record,
//                          the reason taken from --reason or else from the gateway's error
//   --run-skipped          also run the `skipif edge-sql` records and list those that now pass
//   --verbose              print every record
//
// Ends with "difftest: N passed, N failed, N skipped"; exits 1 on any failure.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GatewayEngine, MariaDBEngine } from './engines.mjs';
import { check, label, loadCases, plan, regenerated, sqlFor } from './suite.mjs';
import { formatTestFile } from './test_file.mjs';

const options = {
  regenerate: { type: 'boolean', default: false },
  engine: { type: 'string', default: 'edge-sql' },
  filter: { type: 'string' },
  url: { type: 'string' },
  'mark-skips': { type: 'boolean', default: false },
  reason: { type: 'string' },
  'run-skipped': { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
};
const usage = 'usage: node difftest/run.mjs [--regenerate | --engine mariadb|edge-sql] [--filter <substring>] '
  + '[--url <gateway url>] [--mark-skips [--reason <text>]] [--run-skipped] [--verbose]';
let args;
try {
  ({ values: args } = parseArgs({ options, allowPositionals: false }));
} catch (e) {
  console.error(`difftest: ${e.message}\n${usage}`);
  process.exit(2);
}
const markSkips = args['mark-skips'] ? (args.reason ?? '') : null;

const engineName = args.regenerate ? 'mariadb' : args.engine;
if (!['mariadb', 'edge-sql'].includes(engineName)) {
  console.error(`difftest: unknown engine '${engineName}' (mariadb or edge-sql)`);
  process.exit(2);
}

const files = loadCases(args.filter);
if (files.length === 0) {
  console.error(`difftest: no case files${args.filter ? ` match '${args.filter}'` : ''}`);
  process.exit(2);
}

let engine;
let cleanup = async () => {};
if (engineName === 'mariadb') {
  const { startMariaDB } = await import('./mariadb.mjs');
  const server = await startMariaDB({ log: (m) => args.verbose && console.log(m) });
  console.log(`difftest: MariaDB ${server.version}`);
  engine = new MariaDBEngine(server);
  cleanup = () => server.stop();
} else {
  let url = args.url ?? process.env.EDGE_SQL_URL;
  if (!url) {
    const { startGateway } = await import('../miniflare-tests/gateway.mjs');
    console.log('difftest: starting a local gateway');
    const gateway = await startGateway();
    url = gateway.url;
    cleanup = () => gateway.stop();
  }
  console.log(`difftest: gateway ${url}`);
  engine = new GatewayEngine(url);
}

// The gateway's own words for why a record fails, made short enough for a
// skip reason; maintainers edit them into something better.
function autoReason(outcome, database) {
  const e = outcome.error;
  if (!e) return 'wrong result';
  const msg = String(e.message).split(database).join('db');
  let m;
  if ((m = /doesn't yet support '([^']+)'/.exec(msg))) return `unsupported: ${m[1]}`;
  if ((m = /FUNCTION \S*?\.?(\w+) does not exist/.exec(msg))) return `function ${m[1]}`;
  return `error ${e.errno}: ${msg.slice(0, 60)}`;
}

const counts = { passed: 0, failed: 0, skipped: 0 };
const skipReasons = new Map();
const failures = [];
const nowPassing = [];
let changedRecords = 0;

try {
  for (const file of files) {
    const session = await engine.open(file.name);
    let changed = false;
    try {
      for (let k = 0; k < file.records.length; k++) {
        const record = file.records[k];
        const what = plan(record, engine.name);
        if (what === 'ignore') continue;
        if (what.skip) {
          counts.skipped++;
          skipReasons.set(what.skip, (skipReasons.get(what.skip) ?? 0) + 1);
          if (args.verbose) console.log(`  skip ${label(record)} (${what.skip})`);
          if (args['run-skipped'] && check(record, await session.run(sqlFor(record, engine.name))) === null) {
            nowPassing.push(record);
          }
          continue;
        }
        const outcome = await session.run(sqlFor(record, engine.name));
        if (args.regenerate) {
          const next = regenerated(record, outcome);
          if (check(record, outcome) !== null) {
            changed = true;
            changedRecords++;
            if (record.kind === 'query' && outcome.error) {
              console.log(`  note ${label(record)}: MariaDB answers error ${outcome.error.errno}: ${outcome.error.message}`);
            } else {
              console.log(`  changed ${label(record)}`);
            }
          }
          file.records[k] = next;
          counts.passed++;
          continue;
        }
        const problem = check(record, outcome);
        if (problem === null) {
          counts.passed++;
          if (args.verbose) console.log(`  ok   ${label(record)}`);
          continue;
        }
        if (markSkips !== null && engine.name === 'edge-sql') {
          file.records[k] = { ...record, skip: { engine: 'edge-sql', reason: markSkips || autoReason(outcome, session.database) } };
          changed = true;
        }
        counts.failed++;
        failures.push(record);
        console.log(`FAIL ${record.file}:${record.line}\n  ${record.sql.split('\n').join('\n  ')}\n  ${problem.split('\n').join('\n  ')}`);
      }
    } finally {
      await session.close();
    }
    if (changed) writeFileSync(file.path, formatTestFile(file.lines, file.records));
  }
} finally {
  await cleanup();
}

if (args.regenerate) {
  console.log(`difftest: regenerated ${counts.passed} records from MariaDB, ${changedRecords} changed`);
  process.exit(0);
}
if (skipReasons.size) {
  console.log('skipped on edge-sql:');
  for (const [reason, n] of [...skipReasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    console.log(`  ${String(n).padStart(4)}  ${reason}`);
  }
}
if (args['run-skipped']) {
  console.log(`skipped records that now pass (${nowPassing.length}): remove their skipif line`);
  for (const record of nowPassing) console.log(`  ${label(record)} (${record.skip.reason})`);
}
if (markSkips !== null && failures.length) console.log(`difftest: marked ${failures.length} records skipif edge-sql`);
console.log(`difftest: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed ? 1 : 0);
