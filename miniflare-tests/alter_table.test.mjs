// ALTER TABLE and RENAME TABLE through a real worker: the rebuild keeps the
// data and the AUTO_INCREMENT counter, and a failing ALTER changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { db, freshDatabase } from './helpers.mjs';

const q = db(freshDatabase('alter'));

async function ok(sql, params) {
  const r = await q(sql, params);
  assert.equal(r.status, 200, `${sql}: ${JSON.stringify(r.body)}`);
  return r.body;
}

test('ADD / MODIFY / CHANGE / DROP COLUMN with FIRST and AFTER keep the rows', async () => {
  await ok('CREATE TABLE people (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(10), age INT)');
  await ok("INSERT INTO people (name, age) VALUES ('ada', 36), ('bob', 41), ('cy', NULL)");
  await ok('DELETE FROM people WHERE id = 3');
  await ok("ALTER TABLE people ADD COLUMN email VARCHAR(40) NOT NULL DEFAULT 'none' AFTER name, ADD COLUMN score INT NOT NULL FIRST");
  let body = await ok('SELECT * FROM people ORDER BY id');
  assert.deepEqual(body.rows, [
    { score: 0, id: 1, name: 'ada', email: 'none', age: 36 },
    { score: 0, id: 2, name: 'bob', email: 'none', age: 41 },
  ]);
  await ok('ALTER TABLE people CHANGE name full_name VARCHAR(30) NOT NULL, MODIFY age SMALLINT UNSIGNED, DROP COLUMN score');
  body = await ok('DESCRIBE people');
  assert.deepEqual(body.rows.map((r) => [r.Field, r.Type, r.Null]), [
    ['id', 'int', 'NO'], ['full_name', 'varchar(30)', 'NO'], ['email', 'varchar(40)', 'NO'], ['age', 'smallint unsigned', 'YES'],
  ]);
  // The counter survived the rebuilds: id 3 was used and deleted, MySQL goes on at 4.
  body = await ok("INSERT INTO people (full_name) VALUES ('dee')");
  assert.equal(body.insertId, 4);
});

test('a failing ALTER leaves table, data and catalog as they were', async () => {
  await ok('CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(20))');
  await ok("INSERT INTO notes VALUES (1, 'a long enough text')");
  const r = await q('ALTER TABLE notes MODIFY body VARCHAR(5)');
  assert.equal(r.body.error?.errno, 1406, JSON.stringify(r.body));
  const body = await ok('SELECT body FROM notes');
  assert.deepEqual(body.rows, [{ body: 'a long enough text' }]);
  const described = await ok('DESCRIBE notes');
  assert.equal(described.rows[1].Type, 'varchar(20)');
});

test('ADD / DROP / RENAME INDEX and keys enforce as declared', async () => {
  await ok('CREATE TABLE tags (id INT PRIMARY KEY, label VARCHAR(20))');
  await ok("INSERT INTO tags VALUES (1, 'x'), (2, 'y')");
  await ok('ALTER TABLE tags ADD UNIQUE KEY uk_label (label)');
  let r = await q("INSERT INTO tags VALUES (3, 'X')");
  assert.equal(r.body.error?.errno, 1062, 'unique and case-insensitive after the rebuild');
  await ok('ALTER TABLE tags RENAME INDEX uk_label TO uk_tag');
  let body = await ok('SHOW INDEX FROM tags');
  assert.deepEqual(body.rows.map((row) => row.Key_name), ['PRIMARY', 'uk_tag']);
  await ok('ALTER TABLE tags DROP INDEX uk_tag');
  await ok("INSERT INTO tags VALUES (3, 'X')");
  r = await q("ALTER TABLE tags ADD UNIQUE KEY uk_label (label)");
  assert.equal(r.body.error?.errno, 1062, 'existing duplicates stop the ALTER');
});

test('RENAME TABLE and ALTER TABLE ... RENAME TO move rows, keys and counter', async () => {
  await ok('CREATE TABLE a1 (id INT AUTO_INCREMENT PRIMARY KEY, v INT, KEY kv (v))');
  await ok('INSERT INTO a1 (v) VALUES (10), (20)');
  await ok('CREATE TABLE b1 (w TEXT)');
  await ok('RENAME TABLE a1 TO tmp1, b1 TO a1, tmp1 TO b1');
  let body = await ok('SELECT v FROM b1 ORDER BY v');
  assert.deepEqual(body.rows, [{ v: 10 }, { v: 20 }]);
  body = await ok('DESCRIBE a1');
  assert.deepEqual(body.rows.map((row) => row.Field), ['w']);
  await ok('ALTER TABLE b1 RENAME TO c1');
  body = await ok('INSERT INTO c1 (v) VALUES (30)');
  assert.equal(body.insertId, 3);
  body = await ok('SHOW INDEX FROM c1');
  assert.deepEqual(body.rows.map((row) => row.Key_name), ['PRIMARY', 'kv']);
  const r = await q('SELECT * FROM b1');
  assert.equal(r.body.error.errno, 1146);
});

test('a table referenced by a FOREIGN KEY is refused with 1235, loudly', async () => {
  await ok('CREATE TABLE parents (id INT PRIMARY KEY)');
  await ok('CREATE TABLE kids (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES parents (id))');
  await ok('INSERT INTO parents VALUES (1)');
  await ok('INSERT INTO kids VALUES (1, 1)');
  const r = await q('ALTER TABLE parents ADD name TEXT');
  assert.equal(r.body.error?.errno, 1235);
  assert.match(r.body.error.message, /kids references by FOREIGN KEY/);
  // The child side can still change, and its foreign key still holds.
  await ok('ALTER TABLE kids ADD note TEXT');
  const orphan = await q('INSERT INTO kids (id, pid) VALUES (2, 99)');
  assert.equal(orphan.body.error?.errno, 1452);
});

test('views: CREATE [OR REPLACE] VIEW over a join, SHOW FULL TABLES, read-only, DROP VIEW', async () => {
  await ok('CREATE TABLE vt_a (id INT PRIMARY KEY, name VARCHAR(10))');
  await ok('CREATE TABLE vt_b (a_id INT, n INT)');
  await ok("INSERT INTO vt_a VALUES (1, 'x'), (2, 'y')");
  await ok('INSERT INTO vt_b VALUES (1, 5), (1, 6), (2, 7)');
  await ok('CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`localhost` SQL SECURITY DEFINER VIEW vt_sum AS SELECT a.name, SUM(b.n) AS total FROM vt_a a JOIN vt_b b ON b.a_id = a.id GROUP BY a.name');
  let body = await ok('SELECT * FROM vt_sum ORDER BY name');
  // SUM of INT is a DECIMAL in MySQL, which drivers receive as a string.
  assert.deepEqual(body.rows, [{ name: 'x', total: '11' }, { name: 'y', total: '7' }]);
  await ok('CREATE OR REPLACE VIEW vt_sum (who, how_many) AS SELECT name, 1 FROM vt_a');
  body = await ok('SELECT who, how_many FROM vt_sum ORDER BY who');
  assert.deepEqual(body.rows, [{ who: 'x', how_many: 1 }, { who: 'y', how_many: 1 }]);
  body = await ok('SHOW FULL TABLES');
  assert.ok(body.rows.some((row) => Object.values(row).includes('vt_sum') && row.Table_type === 'VIEW'), JSON.stringify(body.rows));
  let r = await q("INSERT INTO vt_sum VALUES ('z', 1)");
  assert.equal(r.body.error?.errno, 1288, JSON.stringify(r.body));
  r = await q('CREATE VIEW vt_a AS SELECT 1');
  assert.equal(r.body.error?.errno, 1050);
  r = await q('CREATE VIEW vt_c AS SELECT * FROM vt_a WITH CHECK OPTION');
  assert.equal(r.body.error?.errno, 1235);
  await ok('DROP VIEW vt_sum');
  r = await q('DROP VIEW vt_sum');
  assert.equal(r.body.error?.errno, 1051, JSON.stringify(r.body));
  await ok('DROP VIEW IF EXISTS vt_sum');
});
