// What drivers and ORMs send on connect and read back, through a real worker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { db, freshDatabase, post } from './helpers.mjs';

const name = freshDatabase('vars');
const q = db(name);

test('SELECT of server facts: @@variables, DATABASE(), VERSION(), FROM DUAL', async () => {
  const r = await q('SELECT @@version AS v, @@session.auto_increment_increment, DATABASE(), @@sql_mode LIKE ? AS strict FROM DUAL', ['%STRICT_TRANS_TABLES%']);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.rows, [{ v: '8.0.36-edge-sql-0.1.0', '@@session.auto_increment_increment': 1, 'DATABASE()': name, strict: 1 }]);
  const none = await post({ sql: 'SELECT DATABASE()' });
  assert.deepEqual(none.body.rows, [{ 'DATABASE()': null }]);
  const unknown = await q('SELECT @@no_such_thing');
  assert.equal(unknown.body.error.errno, 1193);
  assert.equal(unknown.body.error.code, 'ER_UNKNOWN_SYSTEM_VARIABLE');
});

test('SET statements that ask for what Edge SQL does succeed; others are refused with 1235', async () => {
  for (const sql of ["SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci", 'SET autocommit = 1', "SET time_zone = '+00:00'",
    "SET SESSION sql_mode = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES'", 'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ']) {
    const r = await q(sql);
    assert.equal(r.status, 200, `${sql}: ${JSON.stringify(r.body)}`);
  }
  for (const sql of ['SET autocommit = 0', "SET time_zone = 'Europe/Paris'", "SET sql_mode = 'ANSI_QUOTES,STRICT_TRANS_TABLES'", 'SET @x = 1 + 1']) {
    const r = await q(sql);
    assert.ok([1235, 1064].includes(r.body.error?.errno), `${sql}: ${JSON.stringify(r.body)}`);
  }
});
