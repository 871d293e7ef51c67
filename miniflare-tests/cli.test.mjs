// npx edge-sql analyze | transpile | translate: the same wasm the worker runs, on stdin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function cli(args, input) {
  return spawnSync(process.execPath, [join(root, 'scripts', 'edge-sql.mjs'), ...args], { input, encoding: 'utf8' });
}

test('analyze prints the analysis as JSON', () => {
  const r = cli(['analyze'], "/*+ shard:tenant_id=acme */ SELECT * FROM events WHERE tenant_id = 'acme' AND id IN (1, ?)");
  assert.equal(r.status, 0, r.stderr);
  const analysis = JSON.parse(r.stdout);
  const [s] = analysis.statements;
  assert.equal(s.kind, 'select');
  assert.deepEqual(s.tablesRead, ['events']);
  assert.deepEqual(s.equalities.map((e) => [e.column, e.in]), [['tenant_id', false], ['id', true]]);
  assert.deepEqual(s.hints.shard, [{ column: 'tenant_id', value: 'acme' }]);
  assert.equal(analysis.paramCount, 1);
});

test('transpile prints SQLite SQL', () => {
  const r = cli(['transpile'], 'SELECT `name` FROM users LIMIT 10, 5');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'SELECT `name` AS "name" FROM "users" LIMIT 5 OFFSET 10;\n');
});

test('translate prints the analysis and the SQLite of one statement together', () => {
  const sql = "INSERT INTO t (id, name) VALUES (1, 'a\\tb'), (?, 'ü')";
  const r = cli(['translate'], sql);
  assert.equal(r.status, 0, r.stderr);
  const both = JSON.parse(r.stdout);
  const analysis = JSON.parse(cli(['analyze'], sql).stdout);
  const { sqlite, ...rest } = both;
  assert.deepEqual(rest, analysis);
  assert.deepEqual(rest.statements[0].insertRows[0][1], { string: 'a\tb' });
  assert.equal(sqlite.map((s) => `${s};\n`).join(''), cli(['transpile'], sql).stdout);
  assert.ok(sqlite.length > 0);
});

test('bad input exits non-zero with a MySQL error', () => {
  let r = cli(['transpile'], 'SELEC 1');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^ERROR 1064 \(42000\): You have an error in your SQL syntax/);
  r = cli(['analyze'], "SELECT 'unterminated");
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^ERROR 1064/);
  r = cli(['bogus'], '');
  assert.equal(r.status, 2);
});
