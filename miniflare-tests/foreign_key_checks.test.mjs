// SET FOREIGN_KEY_CHECKS = 0 as dumps use it: it lasts for the connection
// that set it (carried in meta.session) and never for anyone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import mysql from '../client/index.js';
import { baseUrl, freshDatabase } from './helpers.mjs';

const database = freshDatabase('fkc');
const dsn = `edge-mysql://tester@${new URL(baseUrl).host}/${database}`;

test('a connection with FOREIGN_KEY_CHECKS=0 may load children first; others stay checked', async () => {
  const loader = await mysql.createConnection(dsn);
  const other = await mysql.createConnection(dsn);
  try {
    await loader.query('CREATE TABLE parent (id INT PRIMARY KEY)');
    await loader.query('CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, FOREIGN KEY (parent_id) REFERENCES parent (id))');
    await assert.rejects(loader.query('INSERT INTO child VALUES (1, 10)'), { errno: 1452 });

    await loader.query('SET FOREIGN_KEY_CHECKS = 0');
    await loader.query('INSERT INTO child VALUES (1, 10)');  // parent comes later, as in a dump
    // Another connection, interleaved, is still checked.
    await assert.rejects(other.query('INSERT INTO child VALUES (2, 20)'), { errno: 1452 });
    await loader.query('INSERT INTO parent VALUES (10)');
    await loader.query('SET FOREIGN_KEY_CHECKS = 1');
    await assert.rejects(loader.query('INSERT INTO child VALUES (3, 30)'), { errno: 1452 });
    const [rows] = await other.query('SELECT c.id, p.id AS pid FROM child c JOIN parent p ON p.id = c.parent_id');
    assert.deepEqual(rows, [{ id: 1, pid: 10 }]);
  } finally {
    await loader.end();
    await other.end();
  }
});

test('user variables belong to the connection that set them, as in MySQL', async () => {
  const a = await mysql.createConnection(dsn);
  const b = await mysql.createConnection(dsn);
  try {
    await a.query("SET @greeting = 'hello', @n = 41");
    const [rows] = await a.query('SELECT @greeting AS g, @n + 1 AS n, @unset AS u');
    assert.deepEqual(rows, [{ g: 'hello', n: 42, u: null }]);
    const [other] = await b.query('SELECT @greeting AS g');
    assert.deepEqual(other, [{ g: null }]);
  } finally {
    await a.end();
    await b.end();
  }
});
