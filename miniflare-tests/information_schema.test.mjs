// information_schema as ORMs query it, served from the catalog.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { db, freshDatabase } from './helpers.mjs';

const name = freshDatabase('infoschema');
const q = db(name);

test('setup', async () => {
  for (const sql of [
    'CREATE TABLE authors (id INT AUTO_INCREMENT PRIMARY KEY, email VARCHAR(100) NOT NULL UNIQUE, bio TEXT)',
    'CREATE TABLE posts (id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY, author_id INT NOT NULL, price DECIMAL(8,2) DEFAULT 0, KEY idx_author (author_id), CONSTRAINT fk_author FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE)',
  ]) {
    const r = await q(sql);
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }
});

test('TABLES and COLUMNS filtered by TABLE_SCHEMA = DATABASE()', async () => {
  let r = await q("SELECT TABLE_NAME, TABLE_TYPE, ENGINE FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, [
    { TABLE_NAME: 'authors', TABLE_TYPE: 'BASE TABLE', ENGINE: 'InnoDB' },
    { TABLE_NAME: 'posts', TABLE_TYPE: 'BASE TABLE', ENGINE: 'InnoDB' },
  ]);
  r = await q('SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, COLUMN_KEY, EXTRA, NUMERIC_PRECISION, NUMERIC_SCALE, CHARACTER_MAXIMUM_LENGTH FROM `information_schema`.`columns` WHERE table_schema = ? AND table_name = ? ORDER BY ORDINAL_POSITION', [name, 'posts']);
  assert.deepEqual(r.body.rows, [
    { COLUMN_NAME: 'id', DATA_TYPE: 'bigint', COLUMN_TYPE: 'bigint unsigned', IS_NULLABLE: 'NO', COLUMN_KEY: 'PRI', EXTRA: 'auto_increment', NUMERIC_PRECISION: 20, NUMERIC_SCALE: 0, CHARACTER_MAXIMUM_LENGTH: null },
    { COLUMN_NAME: 'author_id', DATA_TYPE: 'int', COLUMN_TYPE: 'int', IS_NULLABLE: 'NO', COLUMN_KEY: 'MUL', EXTRA: '', NUMERIC_PRECISION: 10, NUMERIC_SCALE: 0, CHARACTER_MAXIMUM_LENGTH: null },
    { COLUMN_NAME: 'price', DATA_TYPE: 'decimal', COLUMN_TYPE: 'decimal(8,2)', IS_NULLABLE: 'YES', COLUMN_KEY: '', EXTRA: '', NUMERIC_PRECISION: 8, NUMERIC_SCALE: 2, CHARACTER_MAXIMUM_LENGTH: null },
  ]);
});

test('KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS and STATISTICS describe keys as MySQL does', async () => {
  let r = await q("SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL");
  assert.deepEqual(r.body.rows, [{ CONSTRAINT_NAME: 'fk_author', TABLE_NAME: 'posts', COLUMN_NAME: 'author_id', REFERENCED_TABLE_NAME: 'authors', REFERENCED_COLUMN_NAME: 'id' }]);
  r = await q("SELECT k.CONSTRAINT_NAME, rc.DELETE_RULE FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS rc ON rc.CONSTRAINT_NAME = k.CONSTRAINT_NAME WHERE k.TABLE_SCHEMA = DATABASE()");
  assert.deepEqual(r.body.rows, [{ CONSTRAINT_NAME: 'fk_author', DELETE_RULE: 'CASCADE' }]);
  r = await q("SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'authors' ORDER BY INDEX_NAME");
  assert.deepEqual(r.body.rows, [{ INDEX_NAME: 'PRIMARY', NON_UNIQUE: 0, COLUMN_NAME: 'id' }, { INDEX_NAME: 'email', NON_UNIQUE: 0, COLUMN_NAME: 'email' }]);
});

test('a query mixing a CTE of its own and information_schema works; writing to it is denied', async () => {
  let r = await q("WITH t AS (SELECT TABLE_NAME AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()) SELECT COUNT(*) AS c FROM t");
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, [{ c: 2 }]);
  r = await q('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA');
  assert.deepEqual(r.body.rows, [{ SCHEMA_NAME: name }]);
  r = await q("DELETE FROM information_schema.TABLES WHERE TABLE_NAME = 'posts'");
  assert.equal(r.body.error?.errno, 1044, JSON.stringify(r.body));
});
