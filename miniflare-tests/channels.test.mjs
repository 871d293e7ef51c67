// Several sessions over one WebSocket (GET /v1/ws?channels=1, docs/sessions.md "Channels"), as a
// pool's connections share one: each channel is a session of its own, answered in its order, and a
// frame may carry an array of messages and of answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, freshDatabase, openSession } from './helpers.mjs';

const database = freshDatabase('ch');

// A raw multiplexed socket: send(messages) sends one frame (an array, or one object) and resolves
// to the answers of its messages by id; `seen` counts the frames, those that held several answers
// (arrays), and the largest's characters.
async function openChannels(query = { channels: '1' }) {
  const { default: WebSocket } = await import('ws');
  const url = new URL('/v1/ws', baseUrl.replace(/^http/, 'ws'));
  url.searchParams.set('database', database);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const ws = new WebSocket(url);
  const pending = new Map();
  const seen = { frames: 0, arrays: 0, largest: 0 };
  ws.on('message', (data) => {
    const parsed = JSON.parse(String(data));
    seen.frames++;
    seen.largest = Math.max(seen.largest, String(data).length);
    if (Array.isArray(parsed)) seen.arrays++;
    for (const answer of Array.isArray(parsed) ? parsed : [parsed]) {
      pending.get(answer.id)?.(answer);
      pending.delete(answer.id);
    }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let next = 1;
  const answerOf = (id) => new Promise((resolve) => pending.set(id, resolve));
  return {
    seen,
    // Each message gets an id; the frame is an array unless `single`.
    send(messages, { single = false } = {}) {
      const withIds = messages.map((m) => ({ id: next++, ...m }));
      const answers = Promise.all(withIds.map((m) => answerOf(m.id)));
      ws.send(JSON.stringify(single ? withIds[0] : withIds));
      return answers;
    },
    raw: (text, id = null) => {
      const answer = answerOf(id);
      ws.send(text);
      return answer;
    },
    close: () => new Promise((resolve) => {
      ws.once('close', resolve);
      ws.close();
    }),
  };
}

const query = (channel, sql, params) => ({ op: 'query', channel, sql, params });

test('channels are sessions of their own: opened, used and answered in one frame', async () => {
  const s = await openChannels();
  const [ddl] = await s.send([query(0, 'CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, v INT)')]);
  assert.equal(ddl.error, undefined, JSON.stringify(ddl));
  const answers = await s.send([
    { op: 'open', channel: 1, database },
    { op: 'open', channel: 2 }, // no database: as a connection without one
    query(0, "SET @who = 'zero'"),
    query(1, "SET @who = 'one'"),
    query(0, 'SELECT @who AS who, DATABASE() AS db'),
    query(1, 'SELECT @who AS who'),
    query(2, 'SELECT DATABASE() AS db'),
  ]);
  for (const answer of answers) assert.equal(answer.error, undefined, JSON.stringify(answer));
  assert.deepEqual(answers[4].rows, [{ who: 'zero', db: database }]);
  assert.deepEqual(answers[5].rows, [{ who: 'one' }]);
  assert.deepEqual(answers[6].rows, [{ db: null }]);
  assert.ok(s.seen.arrays > 0, 'answers finished together share a frame');
  await s.close();
});

test("one channel's transaction is its own, and closing the channel rolls it back", async () => {
  const s = await openChannels();
  await s.send([query(0, 'CREATE TABLE IF NOT EXISTS accounts (id INT PRIMARY KEY, balance INT)'),
    query(0, 'REPLACE INTO accounts VALUES (1, 100)')]);
  const [opened, begun, updated, outside] = await s.send([
    { op: 'open', channel: 5, database },
    { op: 'begin', channel: 5 },
    query(5, 'UPDATE accounts SET balance = 0 WHERE id = 1'),
    query(0, 'SELECT balance FROM accounts WHERE id = 1'),
  ]);
  assert.deepEqual([opened.error, begun.error, updated.error], [undefined, undefined, undefined]);
  assert.equal(updated.affectedRows, 1);
  assert.deepEqual(outside.rows, [{ balance: 100 }], 'channel 0 does not see channel 5 uncommitted');
  const [closed] = await s.send([{ op: 'close', channel: 5 }]);
  assert.deepEqual(closed, { id: closed.id });
  const [after, gone] = await s.send([
    query(0, 'SELECT balance FROM accounts WHERE id = 1'),
    query(5, 'SELECT 1'),
  ]);
  assert.deepEqual(after.rows, [{ balance: 100 }]);
  assert.equal(gone.error.errno, 1210);
  assert.match(gone.error.message, /no session is open on channel 5/);
  await s.close();
});

test('a channel waiting for the shard does not hold up the others', async () => {
  const s = await openChannels();
  await s.send([query(0, 'CREATE TABLE IF NOT EXISTS counter (id INT PRIMARY KEY, n INT)'),
    query(0, 'REPLACE INTO counter VALUES (1, 0)'),
    { op: 'open', channel: 1, database }, { op: 'open', channel: 2, database }]);
  // Channel 1 holds the shard (a read in its transaction); channel 2's write waits for it.
  await s.send([{ op: 'begin', channel: 1 }, query(1, 'SELECT n FROM counter WHERE id = 1')]);
  const [waiting] = [s.send([query(2, 'UPDATE counter SET n = n + 10 WHERE id = 1')])];
  const [read] = await s.send([query(0, 'SELECT 42 AS answer')]);
  assert.deepEqual(read.rows, [{ answer: 42 }], 'channel 0 is answered while channel 2 waits');
  await s.send([query(1, 'UPDATE counter SET n = 1 WHERE id = 1'), { op: 'commit', channel: 1 }]);
  const [[done]] = [await waiting];
  assert.equal(done.error, undefined, JSON.stringify(done));
  const [final] = await s.send([query(0, 'SELECT n FROM counter WHERE id = 1')]);
  assert.deepEqual(final.rows, [{ n: 11 }]);
  await s.close();
});

test('bad channel messages get a MySQL error and leave the socket working', async () => {
  const s = await openChannels();
  const [unknown, taken, negative, badDb] = await s.send([
    query(7, 'SELECT 1'),
    { op: 'open', channel: 0 },
    { op: 'open', channel: -1 },
    { op: 'open', channel: 3, database: 'no such/db' },
  ]);
  assert.equal(unknown.error.errno, 1210);
  assert.match(taken.error.message, /channel 0 is not a free channel number/);
  assert.equal(negative.error.errno, 1210);
  assert.ok(badDb.error && badDb.error.errno > 0, JSON.stringify(badDb));
  const malformed = await s.raw('{"id": 1, "op": ');
  assert.equal(malformed.error.errno, 1210);
  assert.match(malformed.error.message, /a frame is a JSON object or an array of them/);
  const [single] = await s.send([query(0, 'SELECT 1 AS one')], { single: true });
  assert.deepEqual(single.rows, [{ one: 1 }], 'a frame of one message, not an array, works too');
  await s.close();
});

test('without channels=1 a socket is one session, as before', async () => {
  const s = await openSession(database);
  const answer = await s.send({ op: 'open', channel: 1 });
  assert.equal(answer.error.errno, 1210);
  assert.match(answer.error.message, /unknown op "open"/);
  assert.deepEqual((await s.q('SELECT 2 AS two')).rows, [{ two: 2 }]);
  await s.close();
});

test('answers too large to share a frame go in frames of their own', async () => {
  const s = await openChannels();
  await s.send([query(0, 'CREATE TABLE IF NOT EXISTS big (id INT PRIMARY KEY, v LONGTEXT)'),
    query(0, "REPLACE INTO big VALUES (1, REPEAT('x', 700000)), (2, REPEAT('y', 700000))"),
    { op: 'open', channel: 1, database }]);
  // Two answers of 0.7 MB each, read in one shard call, finish together: more than the
  // 1 MiB a frame of several answers holds.
  const [a, b, small] = await s.send([query(0, 'SELECT v FROM big WHERE id = 1'),
    query(1, 'SELECT v FROM big WHERE id = 2'), query(0, 'SELECT 1 AS one')]);
  assert.equal(a.rows[0].v, 'x'.repeat(700_000));
  assert.equal(b.rows[0].v, 'y'.repeat(700_000));
  assert.deepEqual(small.rows, [{ one: 1 }]);
  assert.ok(s.seen.largest <= 2 ** 20, `largest frame ${s.seen.largest} characters`);
  await s.close();
});
