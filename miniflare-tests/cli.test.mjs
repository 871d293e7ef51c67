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

test('policy check reads YAML and reports the core verdict, with the path of a mistake', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'edge-sql-policy-'));
  const file = (name, text) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const good = file(
    'good.yaml',
    [
      'tables:',
      '  orders: {pk: [id], shard_by: tenant_id, cache: {mode: bounded, ttl_ms: 1500}}',
      '  events: {pk: id}',
      '  countries: {pk: [code], reference: true}',
      'routing:',
      '  version: 3',
      '  tenant_shards: 4',
      '  tenants: {acme: shard-acme-2}',
      '  ranges:',
      '    - {prefix: "00..7f", shard: shard-range-0}',
      '    - {prefix: "80..ff", shard: shard-range-1}',
    ].join('\n'),
  );
  let r = cli(['policy', 'check', good], '');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /OK, 3 tables/);
  assert.match(r.stdout, /tenant-placed: orders \(by tenant_id\)/);
  assert.match(r.stdout, /hashed by primary key: events/);
  assert.match(r.stdout, /reference \(on every shard\): countries/);
  assert.match(r.stdout, /routing map version 3: 1 explicit tenant, others over 4 shards; 2 hash ranges/);

  const overlapping = file(
    'overlap.yaml',
    'tables: {}\nrouting:\n  version: 1\n  ranges:\n    - {prefix: "00..80", shard: a}\n    - {prefix: "80..ff", shard: b}\n',
  );
  r = cli(['policy', 'check', overlapping], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ERROR 1210 \(HY000\): Invalid table policy at routing\.ranges\[1\]: 80\.\.ff overlaps routing\.ranges\[0\] \(00\.\.80\)/);

  r = cli(['policy', 'check', file('typo.yaml', 'tables:\n  t: {pk: id, shardby: x}\nrouting: {version: 1}\n')], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /at tables\.t\.shardby: unknown key/);

  // A table written twice is a YAML error, not a silent last-one-wins.
  r = cli(['policy', 'check', file('twice.yaml', 'tables:\n  t: {pk: a}\n  t: {pk: b}\nrouting: {version: 1}\n')], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /twice\.yaml: line 3, column 3 YAML error: .*unique/i);

  r = cli(['policy', 'check', file('broken.yaml', 'tables: [\n')], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /broken\.yaml:.* YAML error/);

  r = cli(['policy', 'check', join(dir, 'missing.yaml')], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot read/);

  // Against a schema script: its table DDL is run as the gateway would.
  const schema = file(
    'schema.sql',
    [
      'SET NAMES utf8mb4;',
      'CREATE TABLE orders (id INT PRIMARY KEY, tenant_id VARCHAR(32) NOT NULL);',
      'CREATE TABLE events (id BIGINT PRIMARY KEY, kind VARCHAR(8));',
      'CREATE TABLE countries (code CHAR(2), name VARCHAR(64));',
      'ALTER TABLE countries ADD PRIMARY KEY (code);',
      "INSERT INTO countries VALUES ('DE', 'Germany');",
    ].join('\n'),
  );
  r = cli(['policy', 'check', good, '--schema', schema], '');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /matches the schema: 3 tables defined \(2 other statements skipped\)/);
  const renamed = file('renamed.sql', 'CREATE TABLE orders (id INT PRIMARY KEY, tenant VARCHAR(9));');
  r = cli(['policy', 'check', good, '--schema', renamed], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /at tables\.(countries|events): no table '(countries|events)' in the schema/);
  const pk = file(
    'pk.sql',
    'CREATE TABLE orders (id INT, tenant_id INT, PRIMARY KEY (tenant_id, id));\n' +
      'CREATE TABLE events (id INT PRIMARY KEY);\nCREATE TABLE countries (code CHAR(2) PRIMARY KEY);',
  );
  r = cli(['policy', 'check', good, '--schema', pk], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /at tables\.orders\.pk: the table's PRIMARY KEY is \(tenant_id, id\)/);
  r = cli(['policy', 'check', good, '--schema', file('broken.sql', '\nCREATE TABLE t (a INT, a INT);')], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /ERROR 1060 \(42S21\): schema line 2: Duplicate column name 'a'/);
});

test('explain prints the routing decision and its reason under a policy file', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'edge-sql-explain-'));
  const policy = join(dir, 'table-policy.yaml');
  writeFileSync(
    policy,
    [
      'tables:',
      '  orders: {pk: id, shard_by: tenant_id}',
      '  countries: {pk: code, reference: true}',
      'routing: {version: 5, tenant_shards: 2, tenants: {acme: shard-acme}}',
    ].join('\n'),
  );
  let r = cli(['explain', '--policy', policy, "SELECT * FROM orders WHERE tenant_id = 'Acme'"], '');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(
    r.stdout,
    'select: single -> shard-acme\n  because orders.tenant_id in {acme}\n(table policy version 5)\n',
  );

  // SQL on stdin, several statements, a tenant-bound caller, JSON output.
  r = cli(
    ['explain', '--policy', policy, '--tenant', 'acme', '--params', '["globex"]', '--json'],
    'SELECT * FROM countries; SELECT * FROM orders WHERE tenant_id = ?',
  );
  assert.equal(r.status, 0, r.stderr);
  const { statements, policyVersion } = JSON.parse(r.stdout);
  assert.equal(policyVersion, 5);
  assert.deepEqual(
    statements.map((s) => [s.route, s.shards]),
    [['reference', ['shard-acme']], ['reject', []]],
  );
  assert.equal(statements[1].error.errno, 1044);

  r = cli(['explain', '--policy', policy, '--params', '{}', 'SELECT 1'], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /--params must be a JSON array/);
  r = cli(['explain', '--policy', policy, 'SELEC 1'], '');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^ERROR 1064/);
});
