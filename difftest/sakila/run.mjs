#!/usr/bin/env node
// The Sakila suite (difftest/README.md, docs/sakila.md): MySQL's Sakila sample
// imported unchanged, then representative queries checked against MariaDB's
// answers (difftest/sakila/queries.test, in the difftest format).
//
//   node difftest/sakila/run.mjs                 import into a fresh database on the gateway
//                                                (--url, else $EDGE_SQL_URL, else a local one
//                                                started here), then check every query
//   node difftest/sakila/run.mjs --regenerate    load Sakila into a private MariaDB and rewrite
//                                                the expectations of queries.test from its answers
//   --database <name>   import into this database instead of a fresh sakila_<random> one
//   --run-skipped       also run the `skipif edge-sql` records; list those that now pass
//   --verbose           print every record
//
// Ends with "sakila: N passed, N failed, N skipped"; exits 1 on a failed
// query or a rejected statement that is neither expected nor a known gap.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GatewayEngine, MariaDBEngine } from '../engines.mjs';
import { check, label, plan, regenerated, sqlFor } from '../suite.mjs';
import { formatTestFile } from '../test_file.mjs';
import {
  classifyRejections, datasetAvailable, EDGE_ROW_COUNTS, freshSakilaName, importSakila, loadIntoMariaDB,
  loadQueries, MARIADB_ROW_COUNTS, SAKILA_DIR, VIEWS,
} from './sakila.mjs';

const usage = 'usage: node difftest/sakila/run.mjs [--regenerate] [--url <gateway url>] [--database <name>] '
  + '[--run-skipped] [--verbose]';
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      regenerate: { type: 'boolean', default: false },
      url: { type: 'string' },
      database: { type: 'string' },
      'run-skipped': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  }));
} catch (e) {
  console.error(`sakila: ${e.message}\n${usage}`);
  process.exit(2);
}
if (!datasetAvailable()) {
  console.error(`sakila: the dataset is not in ${SAKILA_DIR} (set SAKILA_DIR)`);
  process.exit(2);
}

const file = loadQueries();
const counts = { passed: 0, failed: 0, skipped: 0 };
let cleanup = async () => {};
let problems = 0;

async function rowCounts(session) {
  const out = {};
  for (const table of Object.keys(MARIADB_ROW_COUNTS)) {
    const r = await session.run(`SELECT COUNT(*) FROM ${table}`);
    out[table] = r.error ? `error ${r.error.errno}: ${r.error.message}` : Number(r.rows[0][0]);
  }
  return out;
}

try {
  if (args.regenerate) {
    const { startMariaDB } = await import('../mariadb.mjs');
    const server = await startMariaDB({ log: (m) => args.verbose && console.log(m) });
    cleanup = () => server.stop();
    console.log(`sakila: MariaDB ${server.version}`);
    const started = Date.now();
    await loadIntoMariaDB(server);
    console.log(`sakila: loaded ${SAKILA_DIR} into MariaDB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const session = await new MariaDBEngine(server).open(file.name, { database: 'sakila' });
    try {
      const rc = await rowCounts(session);
      console.log(`sakila: MariaDB row counts ${JSON.stringify(rc)}`);
      for (const [t, n] of Object.entries(rc)) {
        if (n !== MARIADB_ROW_COUNTS[t]) console.log(`  note: ${t} has ${n} rows; update MARIADB_ROW_COUNTS in sakila.mjs`);
      }
      let changed = 0;
      for (let k = 0; k < file.records.length; k++) {
        const record = file.records[k];
        const outcome = await session.run(sqlFor(record, 'mariadb'));
        if (check(record, outcome) !== null) {
          changed++;
          if (record.kind === 'query' && outcome.error) {
            console.log(`  note ${label(record)}: MariaDB answers error ${outcome.error.errno}: ${outcome.error.message}`);
          } else {
            console.log(`  changed ${label(record)}`);
          }
        }
        file.records[k] = regenerated(record, outcome);
        counts.passed++;
      }
      if (changed) writeFileSync(file.path, formatTestFile(file.lines, file.records));
      console.log(`sakila: regenerated ${counts.passed} records from MariaDB, ${changed} changed`);
    } finally {
      await session.close();
    }
  } else {
    let url = args.url ?? process.env.EDGE_SQL_URL;
    if (!url) {
      const { startGateway } = await import('../../miniflare-tests/gateway.mjs');
      console.log('sakila: starting a local gateway');
      const gateway = await startGateway();
      url = gateway.url;
      cleanup = () => gateway.stop();
    }
    const database = args.database ?? freshSakilaName();
    console.log(`sakila: gateway ${url}, database ${database}`);

    // 1. The import, through the same code path as `npx edge-sql import`.
    const { summaries, rejections } = await importSakila({ url, database });
    for (const s of summaries) {
      console.log(`  ${s.file}: ${s.run} statements, ${s.succeeded} succeeded, ${s.rejected} rejected `
        + `in ${(s.elapsedMs / 1000).toFixed(1)} s`);
    }
    const { expected, knownGaps, unexpected } = classifyRejections(rejections);
    const show = (r) => `${r.file}:${r.line} ${r.errno} ${r.sql}\n        ${r.message}`;
    console.log(`rejected as expected (stored programs, DROP/CREATE SCHEMA): ${expected.length}`);
    for (const r of expected) console.log(`  ${show(r)}`);
    if (knownGaps.length) console.log(`rejected, known gaps: ${knownGaps.length}`);
    for (const r of knownGaps) console.log(`  ${show(r)}`);
    for (const r of unexpected) {
      problems++;
      console.log(`FAIL rejected: ${show(r)}`);
    }

    const engine = new GatewayEngine(url);
    const session = await engine.open(file.name, { database });

    // 2. Tables, views, row counts.
    const tables = await session.run('SHOW FULL TABLES');
    if (tables.error) {
      problems++;
      console.log(`FAIL SHOW FULL TABLES: ${tables.error.errno} ${tables.error.message}`);
    } else {
      const base = tables.rows.filter((r) => r[1] === 'BASE TABLE').map((r) => r[0]).sort();
      const views = tables.rows.filter((r) => r[1] === 'VIEW').map((r) => r[0]).sort();
      const gapViews = knownGaps.map((g) => g.view).filter(Boolean);
      const missingTables = Object.keys(MARIADB_ROW_COUNTS).filter((t) => !base.includes(t));
      const missingViews = VIEWS.filter((v) => !views.includes(v) && !gapViews.includes(v));
      console.log(`tables: ${base.length} base tables, ${views.length} views (MariaDB: 16 and 7)`);
      if (missingTables.length || missingViews.length) {
        problems++;
        console.log(`FAIL missing: ${[...missingTables, ...missingViews].join(', ')}`);
      }
    }
    const rc = await rowCounts(session);
    for (const [table, n] of Object.entries(rc)) {
      const want = EDGE_ROW_COUNTS[table]?.rows ?? MARIADB_ROW_COUNTS[table];
      const note = EDGE_ROW_COUNTS[table] ? ` (MariaDB ${MARIADB_ROW_COUNTS[table]}: ${EDGE_ROW_COUNTS[table].reason})` : '';
      if (n !== want) {
        problems++;
        console.log(`FAIL ${table}: ${n} rows, expected ${want}${note}`);
      } else if (args.verbose || note) {
        console.log(`  ${table}: ${n} rows${note}`);
      }
    }
    if (!args.verbose) console.log(`row counts: ${Object.keys(rc).length} tables checked`);

    // 3. The queries.
    const skipReasons = new Map();
    const nowPassing = [];
    for (const record of file.records) {
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
      const problem = check(record, await session.run(sqlFor(record, engine.name)));
      if (problem === null) {
        counts.passed++;
        if (args.verbose) console.log(`  ok   ${label(record)}`);
      } else {
        counts.failed++;
        console.log(`FAIL ${record.file}:${record.line}\n  ${record.sql.split('\n').join('\n  ')}\n  ${problem.split('\n').join('\n  ')}`);
      }
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
    console.log(`sakila: import ${problems ? `${problems} problems` : 'ok'}; `
      + `queries: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  }
} finally {
  await cleanup();
}
process.exit(counts.failed || problems ? 1 : 0);
