// beginTransaction() over a session (client/src/connection.js): when the server's last answer
// said no transaction is open, BEGIN goes with the next request, in its frame, and that request
// is marked to run only if BEGIN succeeded. Seen on the wire of a WebSocket server that answers
// as the gateway would: serverStatus 3 inside a transaction, 2 outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import mysql from '../index.js';

async function transactionalServer({ failBegin = false } = {}) {
  const frames = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws) => {
    let open = false;
    let previousFailed = false;
    const answer = (m) => {
      if (m.op === 'open') return { id: m.id };
      if (m.ifPreviousOk && previousFailed) return { id: m.id, error: begunError };
      const sql = m.op === 'begin' ? 'BEGIN' : m.sql;
      previousFailed = failBegin && sql === 'BEGIN';
      if (previousFailed) return { id: m.id, error: begunError };
      if (sql === 'BEGIN') open = true;
      if (sql === 'COMMIT' || sql === 'ROLLBACK') open = false;
      return { id: m.id, affectedRows: 1, serverStatus: open ? 3 : 2 };
    };
    ws.on('message', (data) => {
      const text = String(data);
      const messages = JSON.parse(text);
      const list = Array.isArray(messages) ? messages : [messages];
      if (!list.some((m) => m.op === 'open')) frames.push(list.map(({ op, sql, ifPreviousOk }) => ({ op, sql, ifPreviousOk })));
      const answers = list.map(answer);
      ws.send(JSON.stringify(answers.length === 1 ? answers[0] : answers));
    });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  return { frames, url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const begunError = { errno: 1045, code: 'ER_ACCESS_DENIED_ERROR', sqlState: '28000', message: 'tenant token has expired' };

test('BEGIN goes with the next request, which runs only if BEGIN succeeded', async () => {
  const server = await transactionalServer();
  const pool = mysql.createPool({ endpoint: server.url, database: 'app', connectionLimit: 1 });
  try {
    const conn = await pool.getConnection();
    await conn.beginTransaction();
    const [header] = await conn.query('UPDATE t SET n = n + 1');
    assert.equal(header.serverStatus, 3);
    await conn.commit();
    assert.deepEqual(server.frames, [
      [{ op: 'begin', sql: undefined, ifPreviousOk: undefined }, { op: 'query', sql: 'UPDATE t SET n = n + 1', ifPreviousOk: true }],
      [{ op: 'query', sql: 'COMMIT', ifPreviousOk: undefined }],
    ]);
    // Inside a transaction BEGIN commits it first (and could fail doing so): it is sent at once.
    server.frames.length = 0;
    await conn.beginTransaction();
    await conn.query('DO 1');
    await conn.beginTransaction();
    assert.deepEqual(server.frames.map((f) => f.map((m) => m.sql ?? m.op)), [['begin', 'DO 1'], ['BEGIN']]);
    conn.release();
  } finally {
    await pool.end();
    server.close();
  }
});

test("a BEGIN that fails rejects the request it went with, with BEGIN's error", async () => {
  const server = await transactionalServer({ failBegin: true });
  const pool = mysql.createPool({ endpoint: server.url, database: 'app', connectionLimit: 1 });
  try {
    const conn = await pool.getConnection();
    await conn.beginTransaction();
    await assert.rejects(conn.query('UPDATE t SET n = n + 1'), { errno: 1045, sql: 'BEGIN' });
    // After an error the transaction's state is unknown: the next BEGIN is sent on its own.
    server.frames.length = 0;
    await assert.rejects(conn.beginTransaction(), { errno: 1045 });
    assert.deepEqual(server.frames.map((f) => f.map((m) => m.sql ?? m.op)), [['BEGIN']]);
    conn.release();
  } finally {
    await pool.end();
    server.close();
  }
});
