// What a pool's shared socket puts on the wire (client/src/shared_socket.js), seen by a WebSocket
// server that records each frame and answers every message as the gateway would a write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import mysql from '../index.js';

async function recordingServer() {
  const frames = [];
  const upgrades = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws, request) => {
    upgrades.push(request.url);
    ws.on('message', (data) => {
      const text = String(data);
      frames.push(text);
      const messages = JSON.parse(text);
      const answers = (Array.isArray(messages) ? messages : [messages]).map((m) => ({ id: m.id, affectedRows: 1 }));
      ws.send(JSON.stringify(answers.length === 1 ? answers[0] : answers));
    });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  return { frames, upgrades, url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

test("one turn's requests share a frame, up to 1 MiB; a channel of its own for each connection", async () => {
  const server = await recordingServer();
  const pool = mysql.createPool({ endpoint: server.url, database: 'app', connectionLimit: 4 });
  try {
    const conns = await Promise.all([1, 2, 3, 4].map(() => pool.getConnection()));
    await Promise.all(conns.map((c) => c.query('DO 1'))); // opens the channels
    server.frames.length = 0;
    // Four small requests in one turn: one frame.
    await Promise.all(conns.map((c, i) => c.query('INSERT INTO t VALUES (?)', [i])));
    assert.equal(server.frames.length, 1);
    assert.deepEqual(JSON.parse(server.frames[0]).map((m) => m.channel).sort(), [0, 1, 2, 3]);
    // Two requests of 0.7 MB each in one turn: not one frame of 1.4 MB.
    server.frames.length = 0;
    const big = 'x'.repeat(700_000);
    const answers = await Promise.all(conns.slice(0, 2).map((c) => c.query('INSERT INTO t VALUES (?)', [big])));
    assert.deepEqual(answers.map(([header]) => header.affectedRows), [1, 1]);
    assert.equal(server.frames.length, 2);
    assert.ok(server.frames.every((f) => f.length <= 2 ** 20), server.frames.map((f) => f.length).join(', '));
    assert.deepEqual(server.upgrades.map((u) => new URL(u, server.url).searchParams.get('channels')), ['1']);
    conns.forEach((c) => c.release());
  } finally {
    await pool.end();
    server.close();
  }
});
