#!/usr/bin/env node
// edge-sql: the command line over the same core.wasm the worker runs.
//   npx edge-sql analyze            < query.sql   analysis as JSON
//   npx edge-sql transpile [--database DB] < query.sql   SQLite SQL
// A MySQL error prints as "ERROR errno (sqlState): message" and exits 1.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(root, 'worker-shim', 'generated');

function usage() {
  process.stderr.write('usage: edge-sql analyze | transpile [--database DB]   (SQL on stdin)\n');
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'analyze' && command !== 'transpile') usage();
let database = 'app';
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--database' && i + 1 < rest.length) database = rest[++i];
  else usage();
}
if (!existsSync(join(generated, 'core.wasm'))) {
  process.stderr.write('edge-sql: core.wasm is not built; run `npm run build:wasm`\n');
  process.exit(2);
}

const { Core } = await import(join(root, 'worker-shim', 'core_api.js'));
const { default: factory } = await import(join(generated, 'core.mjs'));
const core = await Core.create(factory, new WebAssembly.Module(readFileSync(join(generated, 'core.wasm'))));

const sql = readFileSync(0, 'utf8');
const out = command === 'analyze' ? core.analyze(sql) : core.transpile(sql, database);
if (out.status === 200) {
  process.stdout.write(out.body.endsWith('\n') ? out.body : `${out.body}\n`);
} else {
  const { error } = JSON.parse(out.body);
  process.stderr.write(`ERROR ${error.errno} (${error.sqlState}): ${error.message}\n`);
  process.exit(1);
}
