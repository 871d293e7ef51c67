// The HTTP API v1 through a real running worker: results, MySQL errors,
// namespaces, atomicity of a statement, types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, db, freshDatabase, post } from './helpers.mjs';

const q = db(freshDatabase('api'));

test('health answers with the ABI version', async () => {
  const res = await fetch(`${baseUrl}/v1/health`);
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.abiVersion, 8);
});

test('openapi.json is an OpenAPI 3.1 document describing /v1/query', async () => {
  const res = await fetch(`${baseUrl}/v1/openapi.json`);
  assert.equal(res.status, 200);
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/v1/query'].post);
});

test('create, insert with ?, select back with fields', async () => {
  let r = await q('CREATE TABLE `users` (`id` INT UNSIGNED NOT NULL AUTO_INCREMENT, `name` VARCHAR(64) NOT NULL, `email` VARCHAR(128), `score` DOUBLE, PRIMARY KEY (`id`), UNIQUE KEY `uk_email` (`email`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.affectedRows, 0);
  r = await q('INSERT INTO users (name, email, score) VALUES (?, ?, ?)', ['Ada', 'ada@example.com', 1.5]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.affectedRows, 1);
  assert.equal(r.body.insertId, 1);
  r = await q('INSERT INTO users (name, email) VALUES (?, ?), (?, ?)', ['Bob', 'bob@x', 'Cy', 'cy@x']);
  assert.equal(r.body.affectedRows, 2);
  assert.equal(r.body.insertId, 2, 'MySQL reports the first id of a multi-row insert');
  r = await q('SELECT id, name, score FROM users WHERE id = ?', [1]);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.rows, [{ id: 1, name: 'Ada', score: 1.5 }]);
  // Types come from the catalog, as MySQL sends them: INT is LONG.
  assert.deepEqual(r.body.fields.map((f) => [f.name, f.type]), [['id', 'LONG'], ['name', 'VAR_STRING'], ['score', 'DOUBLE']]);
  assert.equal(r.body.meta.shard.endsWith('/0'), true);
  r = await q('SELECT name FROM users ORDER BY id LIMIT 1, 2', [], { rowsAsArray: true });
  assert.deepEqual(r.body.rows, [['Bob'], ['Cy']]);
});

test('MySQL errors with MySQL numbers and HTTP 4xx', async () => {
  const cases = [
    ['SELEC 1', [], 400, 1064, 'ER_PARSE_ERROR', '42000'],
    ['SELECT * FROM nope', [], 404, 1146, 'ER_NO_SUCH_TABLE', '42S02'],
    ['SELECT nope FROM users', [], 400, 1054, 'ER_BAD_FIELD_ERROR', '42S22'],
    ['INSERT INTO users (name, email) VALUES (?, ?)', ['Dup', 'ada@example.com'], 409, 1062, 'ER_DUP_ENTRY', '23000'],
    ['INSERT INTO users (name) VALUES (NULL)', [], 400, 1048, 'ER_BAD_NULL_ERROR', '23000'],
    ['CREATE TABLE users (id INT)', [], 400, 1050, 'ER_TABLE_EXISTS_ERROR', '42S01'],
    ['SELECT @x := 1', [], 400, 1235, 'ER_NOT_SUPPORTED_YET', '42000'],
    ['SELECT ?', [], 400, 1210, 'ER_WRONG_ARGUMENTS', 'HY000'],
  ];
  for (const [sql, params, status, errno, code, sqlState] of cases) {
    const r = await q(sql, params);
    assert.equal(r.status, status, `${sql}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.error.errno, errno, sql);
    assert.equal(r.body.error.code, code, sql);
    assert.equal(r.body.error.sqlState, sqlState, sql);
    assert.doesNotMatch(r.body.error.message, /SQLITE_/, 'raw SQLite errors never reach the user');
  }
  const missing = await q('SELECT * FROM nope');
  assert.match(missing.body.error.message, /^Table '.*\.nope' doesn't exist$/);
});

test('a foreign key is enforced: 1452 for an orphan child, 1451 for a referenced parent', async () => {
  let r = await q('CREATE TABLE teams (id INT PRIMARY KEY)');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await q('CREATE TABLE members (id INT AUTO_INCREMENT PRIMARY KEY, team_id INT NOT NULL, FOREIGN KEY (team_id) REFERENCES teams (id))');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await q('INSERT INTO members (team_id) VALUES (7)');
  assert.equal(r.body.error?.errno, 1452, JSON.stringify(r.body));
  await q('INSERT INTO teams VALUES (7)');
  r = await q('INSERT INTO members (team_id) VALUES (7)');
  assert.equal(r.status, 200);
  r = await q('DELETE FROM teams WHERE id = 7');
  assert.equal(r.body.error?.errno, 1451, JSON.stringify(r.body));
});

test('a failing multi-row write leaves nothing behind', async () => {
  await q('CREATE TABLE atomic (id INT PRIMARY KEY)');
  const r = await q('INSERT INTO atomic VALUES (1), (2), (1)');
  assert.equal(r.body.error.errno, 1062);
  const count = await q('SELECT COUNT(*) AS n FROM atomic');
  assert.deepEqual(count.body.rows, [{ n: 0 }]);
});

test('databases are separate namespaces', async () => {
  const a = db(freshDatabase('ns_a'));
  const b = db(freshDatabase('ns_b'));
  assert.equal((await a('CREATE TABLE only_in_a (x INT)')).status, 200);
  assert.equal((await a('SELECT * FROM only_in_a')).status, 200);
  const r = await b('SELECT * FROM only_in_a');
  assert.equal(r.body.error.errno, 1146);
  const tables = await b('SHOW TABLES');
  assert.deepEqual(tables.body.rows, []);
});

test('SHOW TABLES lists only the user\'s tables', async () => {
  const name = freshDatabase('show');
  const s = db(name);
  await s('CREATE TABLE b_table (x INT)');
  await s('CREATE TABLE a_table (x INT)');
  const r = await s('SHOW TABLES');
  assert.deepEqual(r.body.rows, [{ [`Tables_in_${name}`]: 'a_table' }, { [`Tables_in_${name}`]: 'b_table' }]);
});

test('UPDATE, DELETE and TRUNCATE report affected rows; TRUNCATE restarts AUTO_INCREMENT', async () => {
  const t = db(freshDatabase('dml'));
  await t('CREATE TABLE c (id INT AUTO_INCREMENT PRIMARY KEY, v INT)');
  await t('INSERT INTO c (v) VALUES (1), (2), (3)');
  assert.equal((await t('UPDATE c SET v = v + 10 WHERE v >= ?', [2])).body.affectedRows, 2);
  assert.equal((await t('DELETE FROM c WHERE id = 1')).body.affectedRows, 1);
  assert.equal((await t('TRUNCATE TABLE c')).status, 200);
  const r = await t('INSERT INTO c (v) VALUES (9)');
  assert.equal(r.body.insertId, 1);
});

test('strings keep MySQL escapes, binary values round-trip, booleans are 1/0, NOW() is a timestamp', async () => {
  const t = db(freshDatabase('types'));
  await t('CREATE TABLE v (id INT PRIMARY KEY, s TEXT, b BLOB, f TINYINT(1), ts DATETIME)');
  const bytes = Buffer.from([0, 1, 2, 250, 255]).toString('base64');
  let r = await t("INSERT INTO v VALUES (1, 'it\\'s \"quoted\"\\n', ?, ?, NOW())", [{ $binary: bytes }, true]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await t('SELECT s, b, f, ts FROM v');
  assert.equal(r.body.rows[0].s, 'it\'s "quoted"\n');
  assert.deepEqual(r.body.rows[0].b, { $binary: bytes });
  assert.equal(r.body.fields[1].type, 'BLOB');
  assert.equal(r.body.rows[0].f, 1);
  assert.match(r.body.rows[0].ts, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
});

test('USE answers with the new database; SET NAMES is accepted', async () => {
  let r = await post({ sql: 'USE other_db' });
  assert.equal(r.status, 200);
  assert.equal(r.body.meta.database, 'other_db');
  r = await post({ sql: 'SET NAMES utf8mb4' });
  assert.equal(r.status, 200);
});

test('malformed requests are MySQL errors, not crashes', async () => {
  let r = await post('{not json');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.errno, 1064);
  r = await post({ sql: 1 });
  assert.equal(r.body.error.errno, 1210);
  r = await post({ sql: 'SELECT 1', database: '../etc' });
  assert.equal(r.body.error.errno, 1102);
  r = await post({ sql: 'SELECT * FROM t' });
  assert.equal(r.body.error.errno, 1046);
  r = await post({ sql: "SELECT 'unterminated" , database: 'x' });
  assert.equal(r.body.error.errno, 1064);
  const res = await fetch(`${baseUrl}/v1/nothing`);
  assert.equal(res.status, 404);
});

// The core frees JSON by recursion only near the top (src/common/json.h):
// a body nested 100,000 levels deep is refused or ignored, and the worker
// still answers the next request.
test('a deeply nested request body is a MySQL error or ignored, and the core goes on', async () => {
  const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
  let r = await post(`{"sql": "SELECT ?", "params": [${deep}]}`);
  assert.equal(r.status, 400);
  assert.equal(r.body.error.errno, 1210);
  r = await post(`{"sql": "SELECT 7 AS seven", "extra": ${deep}}`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.rows, [{ seven: 7 }]);
  r = await post({ sql: 'SELECT 8 AS eight' });
  assert.deepEqual(r.body.rows, [{ eight: 8 }]);
});

test('unknown hints are warnings, not silence', async () => {
  const r = await q('/*+ strong frobnicate */ SELECT 1 AS one');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.rows, [{ one: 1 }]);
  assert.equal(r.body.warningCount, 1);
  assert.equal(r.body.warnings[0].code, 1064);
});
