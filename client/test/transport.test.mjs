// Connection and Pool behaviour over the HTTP transport, against a stub gateway on a local port:
// request shape, result and error mapping, queueing, pool limits. Runs anywhere; the real gateway is gateway.integration.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import mysql, { createConnection, createPool, ResultSetHeader } from '../index.js';

const requests = [];
let inFlight = 0;
let maxInFlight = 0;

// Each SQL text picks a canned answer: [status, body (object → JSON, string → raw)].
function answer(body) {
  const { sql, database, params } = body;
  if (sql === 'SELECT rows') {
    return [200, {
      rows: body.rowsAsArray ? [[1, { $binary: 'AAE=' }]] : [{ id: 1, data: { $binary: 'AAE=' } }],
      fields: [{ name: 'id', type: 'LONGLONG', columnType: 8 }, { name: 'data', type: 'BLOB', columnType: 252 }],
      affectedRows: 0, insertId: 0, warningCount: 0, warnings: [], meta: { database, kind: 'select' },
    }];
  }
  if (sql === 'INSERT') return [200, { affectedRows: 3, insertId: 41, warningCount: 1, warnings: [{}], meta: { database } }];
  if (sql.startsWith('USE ')) return [200, { affectedRows: 0, insertId: 0, warningCount: 0, meta: { database: sql.slice(4) } }];
  if (sql === 'ECHO') return [200, { rows: [{ database: database ?? null, params }], fields: [] }];
  if (sql === 'BEGIN') {
    return [400, { error: { errno: 1235, code: 'ER_NOT_SUPPORTED_YET', sqlState: '42000', message: 'BEGIN over HTTP is not supported yet' } }];
  }
  if (sql === 'MISSING') {
    return [404, { error: { errno: 1146, code: 'ER_NO_SUCH_TABLE', sqlState: '42S02', message: "Table 'd.nope' doesn't exist" } }];
  }
  if (sql === 'HTML502') return [502, '<html><body>Bad gateway</body></html>'];
  if (sql === 'JSON500') return [500, { oops: true }];
  if (sql === 'TEXT200') return [200, 'hello'];
  return [200, { affectedRows: 0, insertId: 0, warningCount: 0, meta: {} }];
}

const server = http.createServer(async (req, res) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  const record = { method: req.method, url: req.url, headers: req.headers, body: text ? JSON.parse(text) : undefined };
  requests.push(record);
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  let status = 200;
  let body = { status: 'ok', abiVersion: 1, version: 'stub' };
  if (req.url === '/v1/query') {
    [status, body] = answer(record.body);
    if (record.body.sql.startsWith('SLEEP')) await new Promise((r) => setTimeout(r, 20));
  }
  inFlight--;
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html' : 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
});

let base;
before(async () => {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `edge-mysql://acme@127.0.0.1:${server.address().port}`;
});
after(() => server.close());

test('query sends sql, params, database and the auth headers; rows are asked as arrays', async () => {
  const conn = await createConnection(`${base}/shop?token=s3cret&transport=http`);
  requests.length = 0;
  const [rows] = await conn.query('ECHO', [1, 'a', null, Buffer.from([255])]);
  assert.deepEqual(rows[0].params, [1, 'a', null, { $binary: '/w==' }]);
  const { method, url, headers, body } = requests[0];
  assert.equal(method, 'POST');
  assert.equal(url, '/v1/query');
  assert.equal(headers.authorization, 'Bearer s3cret');
  assert.equal(headers['x-edge-tenant'], 'acme');
  assert.equal(headers['content-type'], 'application/json');
  assert.deepEqual(body, { sql: 'ECHO', params: [1, 'a', null, { $binary: '/w==' }], database: 'shop', rowsAsArray: true });
});

test('no token, no user: no Authorization or X-Edge-Tenant header', async () => {
  const conn = await createConnection({ endpoint: `http://127.0.0.1:${server.address().port}`, transport: 'http' });
  requests.length = 0;
  await conn.query('ECHO');
  assert.equal(requests[0].headers.authorization, undefined);
  assert.equal(requests[0].headers['x-edge-tenant'], undefined);
  assert.equal('database' in requests[0].body, false);
});

test('rows come back as [rows, fields] with Buffers decoded', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  const [rows, fields] = await conn.query('SELECT rows');
  assert.deepEqual(rows, [{ id: 1, data: Buffer.from([0, 1]) }]);
  // mysql2's fields: `type` is the protocol number, like columnType.
  assert.deepEqual(fields.map((f) => [f.name, f.type, f.columnType, f.schema]), [['id', 8, 8, undefined], ['data', 252, 252, undefined]]);
  const [arrays] = await conn.query({ sql: 'SELECT rows', rowsAsArray: true });
  assert.deepEqual(arrays, [[1, Buffer.from([0, 1])]]);
  const asArrays = await createConnection(`${base}/d?rowsAsArray=true&transport=http`);
  assert.deepEqual((await asArrays.execute('SELECT rows'))[0], [[1, Buffer.from([0, 1])]]);
});

test('type options reach the rows: per connection and per query', async () => {
  const strings = await createConnection(`${base}/d?supportBigNumbers=true&bigNumberStrings=true&transport=http`);
  assert.deepEqual((await strings.query('SELECT rows'))[0], [{ id: '1', data: Buffer.from([0, 1]) }]);
  const conn = await createConnection(`${base}/d?transport=http`);
  const [nested] = await conn.query({ sql: 'SELECT rows', nestTables: '_', typeCast: (field, next) => next() });
  assert.deepEqual(nested, [{ _id: 1, _data: Buffer.from([0, 1]) }]);
  const [raw] = await conn.query({ sql: 'SELECT rows', typeCast: false });
  assert.deepEqual(raw, [{ id: Buffer.from('1'), data: Buffer.from([0, 1]) }]);
});

test('a typeCast function that throws rejects the query', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  const typeCast = () => {
    throw new Error('no thanks');
  };
  await assert.rejects(conn.query({ sql: 'SELECT rows', typeCast }), /no thanks/);
  assert.equal((await conn.query('SELECT rows'))[0][0].id, 1, 'the connection goes on');
});

test('other statements give [ResultSetHeader, undefined]', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  const [header, fields] = await conn.execute('INSERT', []);
  assert.ok(header instanceof ResultSetHeader);
  assert.equal(header.constructor.name, 'ResultSetHeader');
  assert.deepEqual({ ...header }, {
    fieldCount: 0, affectedRows: 3, insertId: 41, info: '', serverStatus: 2, warningStatus: 1, changedRows: 0,
  });
  assert.equal(fields, undefined);
});

test('USE switches the database for later queries; changeUser too', async () => {
  const conn = await createConnection(`${base}/a?transport=http`);
  // Not awaited on purpose: commands run in issue order, as in mysql2.
  const use = conn.query('USE b');
  const [rows] = await conn.query('ECHO');
  await use;
  assert.equal(rows[0].database, 'b');
  assert.equal(conn.config.database, 'b');
  await conn.changeUser({ database: 'c' });
  assert.equal((await conn.query('ECHO'))[0][0].database, 'c');
  assert.equal('token' in conn.config, false);
});

test('server errors look like mysql2 errors', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  await assert.rejects(conn.query('MISSING'), (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.message, "Table 'd.nope' doesn't exist");
    assert.equal(err.sqlMessage, err.message);
    assert.equal(err.errno, 1146);
    assert.equal(err.code, 'ER_NO_SUCH_TABLE');
    assert.equal(err.sqlState, '42S02');
    assert.equal(err.sql, 'MISSING');
    assert.match(err.stack, /transport\.test\.mjs/); // points at the caller
    return true;
  });
});

test('bodies without an error object become ER_UNKNOWN_ERROR with the HTTP status', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  for (const [sql, status] of [['HTML502', 502], ['JSON500', 500], ['TEXT200', 200]]) {
    await assert.rejects(conn.query(sql), (err) => {
      assert.equal(err.code, 'ER_UNKNOWN_ERROR');
      assert.equal(err.errno, 1105);
      assert.equal(err.sql, sql);
      assert.match(err.message, new RegExp(`HTTP ${status}`));
      return true;
    });
  }
});

test('network failures pass the socket error code through, fatal, with cause', async () => {
  const closed = http.createServer();
  await new Promise((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address();
  await new Promise((resolve) => closed.close(resolve));
  const conn = await createConnection(`edge-mysql://u@127.0.0.1:${port}/d?transport=http`);
  await assert.rejects(conn.query('SELECT 1'), (err) => {
    assert.equal(err.code, 'ECONNREFUSED');
    assert.equal(err.fatal, true);
    assert.ok(err.cause);
    assert.equal(err.sql, 'SELECT 1');
    return true;
  });
  await assert.rejects(conn.ping(), { code: 'ECONNREFUSED' });
});

test('array values are refused before anything is sent', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  requests.length = 0;
  await assert.rejects(conn.query('SELECT ? IN (?)', [1, [1, 2]]), { code: 'ER_NOT_SUPPORTED_YET', errno: 1235 });
  await assert.rejects(conn.query('SELECT :id', { id: 1 }), { code: 'ER_NOT_SUPPORTED_YET' });
  assert.equal(requests.length, 0);
});

test('transactions send BEGIN/COMMIT/ROLLBACK and surface the server error', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  requests.length = 0;
  await assert.rejects(conn.beginTransaction(), { errno: 1235, code: 'ER_NOT_SUPPORTED_YET', sql: 'BEGIN' });
  await conn.commit();
  await conn.rollback();
  assert.deepEqual(requests.map((r) => r.body.sql), ['BEGIN', 'COMMIT', 'ROLLBACK']);
});

test('ping uses GET /v1/health', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  requests.length = 0;
  assert.equal(await conn.ping(), undefined);
  assert.equal(requests[0].method, 'GET');
  assert.equal(requests[0].url, '/v1/health');
});

test('end() lets queued commands finish, then refuses with PROTOCOL_ENQUEUE_AFTER_QUIT', async () => {
  const conn = await createConnection(`${base}/d?transport=http`);
  const pending = conn.query('SLEEP');
  await conn.end();
  await pending;
  await assert.rejects(conn.query('SELECT 1'), (err) => {
    assert.equal(err.code, 'PROTOCOL_ENQUEUE_AFTER_QUIT');
    assert.equal(err.fatal, true);
    return true;
  });
  const destroyed = await createConnection(`${base}/d?transport=http`);
  const first = destroyed.query('SLEEP');
  const second = destroyed.query('SLEEP');
  destroyed.destroy();
  await first;
  await assert.rejects(second, { code: 'PROTOCOL_ENQUEUE_AFTER_QUIT' });
  await assert.rejects(destroyed.ping(), { code: 'PROTOCOL_ENQUEUE_AFTER_QUIT' });
});

test('pool: connectionLimit bounds requests in flight; results stay correct', async () => {
  const pool = createPool({ uri: `${base}/d?transport=http`, connectionLimit: 2 });
  maxInFlight = 0;
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => pool.query('SLEEP ECHO', [i]).then(() => pool.execute('ECHO', [i]))),
  );
  assert.deepEqual(results.map(([rows]) => rows[0].params[0]), [...Array(10).keys()]);
  assert.ok(maxInFlight <= 2, `max in flight ${maxInFlight}`);
  assert.equal(pool._all.size, 2);
  await pool.end();
});

test('pool: held connections block others until released', async () => {
  const pool = createPool({ uri: `${base}/d?transport=http`, connectionLimit: 1 });
  const held = await pool.getConnection();
  let got = false;
  const waiting = pool.getConnection().then((c) => { got = true; return c; });
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(got, false);
  held.release();
  held.release(); // a second release is harmless
  const next = await waiting;
  assert.equal(next, held); // the same connection, handed over
  next.release();
  await pool.end();
});

test('pool: waitForConnections=false and queueLimit refuse like mysql2', async () => {
  const noWait = createPool({ uri: `${base}/d?transport=http`, connectionLimit: 1, waitForConnections: false });
  const held = await noWait.getConnection();
  await assert.rejects(noWait.getConnection(), { code: 'POOL_CONNLIMIT', message: 'No connections available.' });
  held.release();
  await noWait.end();

  const limited = createPool({ uri: `${base}/d?transport=http`, connectionLimit: 1, queueLimit: 1 });
  const first = await limited.getConnection();
  const queued = limited.getConnection();
  await assert.rejects(limited.getConnection(), { code: 'POOL_ENQUEUELIMIT' });
  await limited.end();
  await assert.rejects(queued, { code: 'POOL_CLOSED' });
  await assert.rejects(first.query('SELECT 1'), { code: 'PROTOCOL_ENQUEUE_AFTER_QUIT' });
});

test('pool: destroy() frees a slot; end() then POOL_CLOSED', async () => {
  const pool = createPool({ uri: `${base}/d?transport=http`, connectionLimit: 1 });
  const conn = await pool.getConnection();
  const waiting = pool.getConnection();
  conn.destroy();
  const fresh = await waiting;
  assert.notEqual(fresh, conn);
  assert.deepEqual((await fresh.query('ECHO'))[0][0].database, 'd');
  fresh.release();
  await pool.end();
  await assert.rejects(pool.getConnection(), { code: 'POOL_CLOSED', message: 'Pool is closed.' });
  await assert.rejects(pool.query('SELECT 1'), { code: 'POOL_CLOSED' });
});

test('createPool is synchronous and throws on a bad DSN; createConnection rejects', async () => {
  assert.throws(() => createPool('mysql://x'), /edge-mysql/);
  await assert.rejects(createConnection('nope'), /invalid DSN/);
  assert.equal(mysql.createPool, createPool);
  assert.equal(mysql.createConnection, createConnection);
});
