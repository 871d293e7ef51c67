#!/usr/bin/env node
// edge-sql: the command line over the same core.wasm the worker runs.
//   npx edge-sql analyze            < query.sql   analysis as JSON
//   npx edge-sql transpile [--database DB] < query.sql   SQLite SQL
//   npx edge-sql translate [--database DB] < query.sql   both, as JSON
//   npx edge-sql import --database DB [--url URL] FILE.sql|-
//                                   runs a script or dump through a gateway
//   npx edge-sql policy check FILE [--schema SCHEMA.sql]
//                                   validates a table-policy.yaml (against a schema)
//   npx edge-sql mirror verify --database DB [--url URL] [--json]
//                                   compares the D1 mirror with the shards
//   npx edge-sql explain [--policy FILE] [--database DB] [--tenant T]
//                        [--params JSON] [--json] ["SQL"]
//                                   the routing decision (SQL on stdin if not given)
// A MySQL error prints as "ERROR errno (sqlState): message" and exits 1.
import { readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generated = join(root, 'worker-shim', 'generated');

function usage() {
  process.stderr.write(
    'usage: edge-sql analyze | transpile | translate [--database DB]   (SQL on stdin)\n' +
      '       edge-sql import --database DB [--url URL] [--stop-on-error] [--verbose]\n' +
      '                       [--progress-every N] [--json] FILE.sql|-\n' +
      '         URL defaults to $EDGE_SQL_URL, else http://127.0.0.1:8787\n' +
      '       edge-sql policy check FILE.yaml [--schema SCHEMA.sql]\n' +
      '       edge-sql mirror verify --database DB [--url URL] [--json]\n' +
      '         (an operator token from $EDGE_SQL_TOKEN when the gateway asks for one)\n' +
      '       edge-sql explain [--policy FILE.yaml] [--database DB] [--tenant T] [--params JSON] [--json] ["SQL"]\n' +
      '         FILE defaults to ./table-policy.yaml\n',
  );
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
if (!['analyze', 'transpile', 'translate', 'import', 'policy', 'explain', 'mirror'].includes(command)) usage();
const policyArgsOk =
  rest[0] === 'check' && (rest.length === 2 || (rest.length === 4 && rest[2] === '--schema'));
if (command === 'policy' && !policyArgsOk) usage();
const options = {
  database: command === 'import' ? undefined : 'app',
  url: process.env.EDGE_SQL_URL || 'http://127.0.0.1:8787',
  stopOnError: false,
  verbose: false,
  json: false,
  progressEvery: 100,
  file: undefined,
};
// policy and explain read their own arguments (scripts/policy_check.mjs, explain.mjs).
const ownArguments = command === 'policy' || command === 'explain';
if (command === 'mirror') {
  if (rest[0] !== 'verify') usage();
  rest.shift();
  options.database = undefined;
}
for (let i = 0; i < rest.length && !ownArguments; i++) {
  const arg = rest[i];
  const hasValue = i + 1 < rest.length;
  if (arg === '--database' && hasValue) options.database = rest[++i];
  else if (arg === '--url' && hasValue && (command === 'import' || command === 'mirror')) options.url = rest[++i];
  else if (arg === '--json' && command === 'mirror') options.json = true;
  else if (command !== 'import') usage();
  else if (arg === '--stop-on-error') options.stopOnError = true;
  else if (arg === '--verbose') options.verbose = true;
  else if (arg === '--json') options.json = true;
  else if (arg === '--progress-every' && hasValue && Number(rest[i + 1]) > 0) options.progressEvery = Number(rest[++i]);
  else if ((arg === '-' || !arg.startsWith('-')) && options.file === undefined) options.file = arg;
  else usage();
}
if (command === 'import' && (!options.database || options.file === undefined)) usage();
if (command === 'mirror') {
  if (!options.database) usage();
  const { verifyMirror, formatReport } = await import(join(root, 'scripts', 'mirror.mjs'));
  let result;
  try {
    result = await verifyMirror({ url: options.url, database: options.database, token: process.env.EDGE_SQL_TOKEN });
  } catch (err) {
    process.stderr.write(`edge-sql mirror verify: cannot reach ${options.url}: ${err.message}\n`);
    process.exit(2);
  }
  if (result.error) {
    process.stderr.write(`ERROR ${result.error.errno} (${result.error.sqlState}): ${result.error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(options.json ? `${JSON.stringify(result.report, null, 2)}\n` : formatReport(result.report));
  process.exit(result.report.ok ? 0 : 1);
}
if (!existsSync(join(generated, 'core.wasm'))) {
  process.stderr.write('edge-sql: core.wasm is not built; run `npm run build:wasm`\n');
  process.exit(2);
}

const { Core } = await import(join(root, 'worker-shim', 'core_api.js'));
const { default: factory } = await import(join(generated, 'core.mjs'));
const core = await Core.create(factory, new WebAssembly.Module(readFileSync(join(generated, 'core.wasm'))));

function printError(error, where = '') {
  process.stderr.write(`ERROR ${error.errno} (${error.sqlState})${where}: ${error.message}\n`);
}

if (command === 'policy') {
  // YAML is read here (the core takes JSON); every check is the core's.
  const { checkPolicyFile } = await import(join(root, 'scripts', 'policy_check.mjs'));
  const { ok, text } = checkPolicyFile(core, rest[1], rest[3]);
  (ok ? process.stdout : process.stderr).write(text);
  process.exit(ok ? 0 : 1);
}

if (command === 'explain') {
  const { explain } = await import(join(root, 'scripts', 'explain.mjs'));
  const { code, stdout, stderr } = explain(core, rest, () => readFileSync(0, 'utf8'));
  if (code === 2) usage();
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exit(code);
}

if (command === 'import') {
  const { importStatements, formatSummary } = await import(join(root, 'scripts', 'import.mjs'));
  let text;
  try {
    text = readFileSync(options.file === '-' ? 0 : options.file, 'utf8');
  } catch (err) {
    process.stderr.write(`edge-sql import: cannot read ${options.file}: ${err.message}\n`);
    process.exit(2);
  }
  let statements;
  try {
    statements = core.splitScript(text);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      // The core's memory is capped (wasm/CMakeLists.txt): script + statements.
      process.stderr.write(
        `edge-sql import: ${options.file} (${(text.length / 1048576).toFixed(1)} MiB) is too large to ` +
          'split in one piece; split it into smaller files\n',
      );
      process.exit(2);
    }
    if (err.errno === undefined) throw err;
    printError(err);
    process.exit(1);
  }
  text = undefined; // the statements hold what is needed
  const summary = await importStatements(statements, options);
  const source = options.file === '-' ? 'stdin' : basename(options.file);
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary, source));
  process.exit(summary.rejected > 0 || summary.stopped ? 1 : 0);
}

const sql = readFileSync(0, 'utf8');
const out =
  command === 'analyze'
    ? core.analyze(sql)
    : command === 'translate'
      ? core.translate(sql, options.database)
      : core.transpile(sql, options.database);
if (out.status === 200) {
  // The core answers compact JSON (it is on the hot path); people get it indented.
  const text = command === 'transpile' ? out.body : JSON.stringify(JSON.parse(out.body), null, 2);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
} else {
  printError(JSON.parse(out.body).error);
  process.exit(1);
}
