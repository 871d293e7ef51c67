// The engines `npm run bench` compares, behind one small interface so a
// workload is written once:
//
//   const engine = edgeSession(url, database, 16); // or edgeHttp, floorHttp, ...
//   await engine.setup(schema);                     // schema.mysql | .postgres | .sqlite
//   const conn = await engine.connect();            // one client of the closed loop
//   const rows = await conn.query(sql, params);     // rows as arrays, autocommit
//   await conn.transaction(async (q) => { ... });   // BEGIN ... COMMIT (session engines)
//   await conn.batch([{sql, params}, ...]);         // one atomic request (HTTP engines)
//   await conn.close();
//
// Session engines (`session: true`) hold a connection per client: Edge SQL
// over its WebSocket through @edge-mysql/promise, MariaDB through mysql2,
// PostgreSQL through pg, the floor over a WebSocket. HTTP engines send one
// request per statement (or per batch) over keep-alive connections with
// node:http, which costs this client a quarter of the CPU fetch() does: the
// client shares the machine's two cores with the servers.
import http from 'node:http';
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { createPool } from '../client/index.js';
import { kChannelsPerSocket } from '../client/src/shared_socket.js';

/** An error an engine answered, with the statement that raised it. */
function failure(message, sql) {
  const error = new Error(message);
  error.statement = sql;
  return error;
}

// POST `body` as JSON to `url` over `agent`; resolves to the parsed answer
// and the status.
function postJson(agent, url, body) {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(data);
  });
}

// A WebSocket whose messages are answered in order: send() resolves with the
// answer to the message it sent.
async function orderedSocket(url) {
  const socket = new WebSocket(url, { perMessageDeflate: false }); // as the Edge SQL client
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const waiting = [];
  socket.on('message', (data) => waiting.shift()?.resolve(JSON.parse(data.toString('utf8'))));
  socket.on('close', () => waiting.splice(0).forEach((w) => w.reject(new Error('socket closed'))));
  return {
    send: (message) => new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      socket.send(JSON.stringify(message));
    }),
    close: () => socket.close(),
  };
}

// A client of the loop from a connection's `query(sql, params) -> rows`
// and its transaction verbs. A failure names the statement that raised it.
function loopClient(query, { begin, commit, rollback, close }) {
  const named = async (sql, params = []) => {
    try {
      return await query(sql, params);
    } catch (error) {
      error.statement ??= sql;
      throw error;
    }
  };
  return {
    query: named,
    async transaction(body) {
      await begin();
      try {
        await body(named);
        await commit();
      } catch (error) {
        await rollback().catch(() => {});
        throw error;
      }
    },
    close,
  };
}

// Over a mysql2/promise-shaped connection (mysql2's own, or
// @edge-mysql/promise's): `execute()`, server-side prepared.
function mysqlClient(conn, close = () => conn.end()) {
  return loopClient(async (sql, params) => (await conn.execute({ sql, values: params, rowsAsArray: true }))[0], {
    begin: () => conn.beginTransaction(),
    commit: () => conn.commit(),
    rollback: () => conn.rollback(),
    close,
  });
}

// Runs a schema's statements through one client of `connect`, then closes it.
async function runSchema(connect, statements) {
  const conn = await connect();
  for (const sql of statements) await conn.query(sql);
  await conn.close();
}

// ------------------------------------------------------------ Edge SQL

/**
 * Edge SQL over WebSocket sessions: the client library, as an application uses it, through a pool
 * of `concurrency` connections (which share two sockets, client/src/shared_socket.js).
 */
export function edgeSession(url, database, concurrency) {
  const pool = createPool({ uri: `edge-mysql://bench@${new URL(url).host}/${database}`, connectionLimit: concurrency });
  const connect = async () => {
    const conn = await pool.getConnection();
    await conn.ping();
    return mysqlClient(conn, async () => conn.release());
  };
  return {
    key: 'edge-ws', label: 'Edge SQL, WebSocket', family: 'edge', session: true, connect,
    setup: (schema) => runSchema(connect, schema.mysql),
    close: () => pool.end(),
  };
}

/** Edge SQL over its HTTP API: one POST /v1/query per statement, /v1/batch for a transaction. */
export function edgeHttp(url, database, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const send = async (path, body, sql) => {
    const answer = await postJson(agent, `${url}${path}`, { database, rowsAsArray: true, ...body });
    if (answer.body.error) throw failure(`${answer.body.error.errno} ${answer.body.error.message}`, sql);
    return answer.body;
  };
  const conn = {
    query: async (sql, params = []) => (await send('/v1/query', { sql, params }, sql)).rows ?? [],
    batch: (statements) => send('/v1/batch', { statements }, statements.map((s) => s.sql).join('; ')),
    close: async () => {},
  };
  return {
    key: 'edge-http', label: 'Edge SQL, HTTP', family: 'edge', session: false,
    connect: async () => conn,
    async setup(schema) {
      for (const sql of schema.mysql) await conn.query(sql);
    },
    close: () => agent.destroy(),
  };
}

// ------------------------------------------------------------ the floor

// A client of the floor over `send(message) -> answer`, whichever the path.
function floorClient(send, close) {
  const batch = async (statements) => {
    const answer = await send({ statements });
    if (answer.error) throw failure(answer.error, statements.map((s) => s.sql).join('; '));
    return answer.results;
  };
  return { query: async (sql, params = []) => (await batch([{ sql, params }]))[0].rows, batch, close };
}

/** The platform floor (bench/floor/worker.js) over HTTP: one POST /run per request. */
export function floorHttp(url, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const conn = floorClient(async (message) => (await postJson(agent, `${url}/run`, message)).body, async () => {});
  return {
    key: 'floor-http', label: 'platform floor, HTTP', family: 'floor', session: false,
    connect: async () => conn,
    async setup(schema) {
      for (const sql of schema.sqlite) await conn.query(sql);
    },
    close: () => agent.destroy(),
  };
}

/**
 * The platform floor over WebSockets, shared as the Edge SQL pool's connections share theirs: up to
 * kChannelsPerSocket clients a socket, the requests made in one turn of the event loop sent in one
 * message.
 */
export function floorSession(url, concurrency, { interactive = false } = {}) {
  const sockets = [];
  let clients = 0;
  const connect = async () => {
    const at = clients++ % Math.ceil(concurrency / kChannelsPerSocket);
    sockets[at] ??= framedSocket(`${url.replace(/^http/, 'ws')}/ws`);
    const socket = await sockets[at];
    return (interactive ? floorTransactions : floorClient)(socket.send, async () => {});
  };
  const engine = {
    key: 'floor-ws', label: 'platform floor, WebSocket', family: 'floor', session: false, connect,
    setup: (schema) => runSchema(connect, schema.sqlite),
    close: async () => sockets.splice(0).forEach((s) => s.then((socket) => socket.close())),
  };
  if (!interactive) return engine;
  return {
    ...engine,
    key: 'floor-txn', label: 'platform floor, interactive', session: true,
    only: ['update', 'update-think'],
    onlyWhy: 'the interactive floor runs only transactions of writes (it isolates nothing, so a counter would lose updates)',
  };
}

// The least an interactive transaction costs on the platform (bench/floor/worker.js): BEGIN is
// nothing; each statement is one call answering it and rolling it back; COMMIT is one call running
// them all again. Nothing is checked or isolated: it is a lower bound on the work, not a database.
function floorTransactions(send, close) {
  let kept = null; // the open transaction's statements
  const run = async (message, sql) => {
    const answer = await send(message);
    if (answer.error) throw failure(answer.error, sql);
    return answer.results;
  };
  const query = async (sql, params = []) => {
    const [result] = await run({ statements: [{ sql, params }], rollback: kept !== null }, sql);
    kept?.push({ sql, params });
    return result.rows;
  };
  return loopClient(query, {
    begin: async () => {
      kept = [];
    },
    commit: async () => {
      const statements = kept;
      kept = null;
      await run({ statements }, 'COMMIT');
    },
    rollback: async () => {
      kept = null;
    },
    close,
  });
}

// orderedSocket's messages of one turn of the event loop, sent as one array.
async function framedSocket(url) {
  const socket = await orderedSocket(url);
  let frame = [];
  const send = (message) => new Promise((resolve, reject) => {
    if (frame.push({ message, resolve, reject }) === 1) {
      setImmediate(() => {
        const sent = frame;
        frame = [];
        socket.send(sent.map((m) => m.message)).then(
          (answers) => sent.forEach((m, i) => m.resolve(answers[i])),
          (error) => sent.forEach((m) => m.reject(error)));
      });
    }
  });
  return { send, close: socket.close };
}

// ------------------------------------------------------------ MariaDB, PostgreSQL

/** MariaDB through mysql2/promise, `execute()` (server-side prepared) as the Edge client does. */
export function mariadb(server, database) {
  const connect = async () => mysqlClient(await server.connect({ database }));
  return {
    key: 'mariadb', label: 'MariaDB', family: 'mariadb', session: true, connect,
    async setup(schema) {
      const admin = await server.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      await runSchema(connect, schema.mysql);
    },
  };
}

// `?` placeholders as PostgreSQL's $1, $2, ... (the workloads' SQL has no `?`
// inside a string).
function numbered(sql) {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** PostgreSQL through pg: named (prepared once per connection) statements, rows as arrays. */
export function postgres(server, database) {
  const connect = async () => {
    const client = await server.connect({ database });
    const names = new Map();
    const query = async (sql, params) => {
      let name = names.get(sql);
      if (name === undefined) {
        name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 16)}`;
        names.set(sql, name);
      }
      return (await client.query({ name, text: numbered(sql), values: params, rowMode: 'array' })).rows;
    };
    return loopClient(query, {
      begin: () => client.query('BEGIN'),
      commit: () => client.query('COMMIT'),
      rollback: () => client.query('ROLLBACK'),
      close: () => client.end(),
    });
  };
  return {
    key: 'postgres', label: 'PostgreSQL', family: 'postgres', session: true, connect,
    async setup(schema) {
      const admin = await server.connect();
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.end();
      const client = await server.connect({ database });
      for (const sql of schema.postgres) await client.query(sql);
      await client.end();
    },
  };
}
