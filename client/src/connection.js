// A Connection is a session with the gateway plus a command queue. By default the session is a
// WebSocket (session_socket.js), opened by the first command: the server keeps the database,
// settings, transaction and prepared statements, as a MySQL server keeps a connection's. With
// `transport: 'http'` each command is one stateless HTTP request and the connection carries the
// session state itself (no transactions then). The queue keeps mysql2's ordering (a `USE db`
// issued before a SELECT runs before it) and makes a pooled connection one request at a time,
// which is what connectionLimit counts.

import { EventEmitter } from 'node:events';
import { resolveConfig } from './dsn.js';
import {
  enqueueAfterQuitError,
  networkError,
  serverError,
  unknownError,
  withCallSite,
} from './errors.js';
import { ColumnDefinition } from './column_definition.js';
import { SessionSocket } from './session_socket.js';
import { decodeRows, rowOptions } from './row_decoder.js';
import { binaryOf, encodeParams } from './values.js';

let nextThreadId = 1;

// SERVER_STATUS_IN_TRANS, the flag of an answer's serverStatus saying a transaction is open.
const kInTransaction = 1;

/** mysql2's result of a statement without rows (INSERT, UPDATE, DDL, ...). */
export class ResultSetHeader {
  constructor({ affectedRows = 0, insertId = 0, warningCount = 0, serverStatus = 2 } = {}) {
    this.fieldCount = 0;
    this.affectedRows = affectedRows;
    this.insertId = insertId;
    this.info = '';
    // A session's answers carry its flags (1 SERVER_STATUS_IN_TRANS, 2 SERVER_STATUS_AUTOCOMMIT);
    // over HTTP there is no transaction, so autocommit.
    this.serverStatus = serverStatus;
    this.warningStatus = warningCount;
    this.changedRows = 0;
  }
}

export class Connection extends EventEmitter {
  /** `config` comes from resolveConfig(); the connection keeps its own copy (USE changes it). */
  constructor(config) {
    super();
    this._config = { ...config };
    this.threadId = nextThreadId++;
    this._tail = Promise.resolve(); // settles when the last queued command has finished
    this._queued = 0; // commands issued and not yet settled
    this._ending = false; // end() called: no new commands, queued ones still run
    this._destroyed = false; // destroy() called: queued commands fail too
    this._socket = null; // a promise of the SessionSocket (or Channel), once a command needed it
    this._share = null; // a pool's SocketShare, whose socket this connection's session goes over
    this._statements = new Map(); // execute()'s cache: sql -> prepared statement id, oldest first
    // Over a session: whether the server's last answer said no transaction is open (a new session
    // has none), and a BEGIN deferred to go with the next request (beginTransaction()).
    this._noTransaction = true;
    this._beginPending = false;
  }

  get _overSession() {
    return this._config.transport !== 'http';
  }

  /** mysql2-like view of the settings; `database` follows USE. The token is not exposed. */
  get config() {
    const { token, ...visible } = this._config;
    return visible;
  }

  /**
   * query(sql, values?) or query({sql, values, rowsAsArray, nestTables, typeCast, ...}) →
   * [rows, fields] | [ResultSetHeader]. Per-query options are mysql2's (row_decoder.js).
   */
  query(sqlOrOptions, values) {
    return this._command('query', sqlOrOptions, values, (options) => this._run(options));
  }

  /**
   * As mysql2's: a server-side prepared statement, prepared once per connection and kept in a
   * cache of maxPreparedStatements (oldest closed first). Over HTTP, the same as query().
   */
  execute(sqlOrOptions, values) {
    if (!this._overSession) return this.query(sqlOrOptions, values);
    return this._command('execute', sqlOrOptions, values, async (options) =>
      this._executeStatement(await this._cachedStatement(options.sql), options));
  }

  // query()/execute(): (sql, values?) or ({sql, values, ...options}) queued as `run(options)`.
  _command(name, sqlOrOptions, values, run) {
    const callSite = new Error();
    const options = typeof sqlOrOptions === 'object' && sqlOrOptions !== null
      ? { ...sqlOrOptions }
      : { sql: sqlOrOptions };
    if (values !== undefined) options.values = values;
    if (typeof options.sql !== 'string') {
      return Promise.reject(withCallSite(new TypeError(`Edge SQL: ${name}() needs SQL text`), callSite));
    }
    return this._enqueue(() => run(options), callSite);
  }

  /** mysql2's PreparedStatementInfo: {id, parameters, execute(values), close()}. */
  prepare(sqlOrOptions) {
    const sql = typeof sqlOrOptions === 'object' ? sqlOrOptions.sql : sqlOrOptions;
    const options = typeof sqlOrOptions === 'object' ? { ...sqlOrOptions } : { sql };
    if (!this._overSession) {
      return Promise.resolve({
        query: sql,
        execute: (values) => this.query({ ...options, values }),
        close: () => {},
      });
    }
    return this._enqueue(async () => {
      const statement = await this._prepareStatement(sql);
      return {
        id: statement.id,
        query: sql,
        parameters: new Array(statement.params).fill(null),
        execute: (values) =>
          this._enqueue(() => this._executeStatement(statement, { ...options, values }), new Error()),
        close: () => {
          this._enqueue(() => this._closeStatement(statement.id), new Error()).catch(() => {});
        },
      };
    }, new Error());
  }

  /** Resolves when the session answers a ping (over HTTP: when GET /v1/health says "ok"). */
  ping() {
    if (this._overSession) return this._enqueue(async () => void (await this._send({ op: 'ping' })), new Error());
    return this._enqueue(() => this._health(), new Error());
  }

  /** Switches database (and tenant/token if given) for the following commands. */
  changeUser(options = {}) {
    return this._enqueue(async () => {
      if (options.database !== undefined) this._config.database = options.database;
      if (options.user !== undefined) this._config.user = options.user;
      const token = options.token ?? options.password;
      if (token !== undefined) this._config.token = token;
      // As COM_CHANGE_USER: a new session (the next command opens it), nothing carried over.
      this._closeSocket();
    }, new Error());
  }

  // Over a session these are the server's transaction; over HTTP the server refuses BEGIN (1235),
  // and success is never faked.
  //
  // When the server's last answer said no transaction is open, BEGIN cannot fail but for what
  // would fail the next request too (an expired token, a lost socket), so it goes with that
  // request, in the same frame, saving the application a round trip per transaction. The request
  // is marked `ifPreviousOk`: should BEGIN fail after all, the server does not run it, and it
  // rejects with BEGIN's error (docs/sessions.md).
  async beginTransaction() {
    if (!this._overSession) return void (await this.query('BEGIN'));
    await this._enqueue(async () => {
      if (this._noTransaction) this._beginPending = true;
      else await this._run({ sql: 'BEGIN' });
    }, new Error());
  }

  async commit() {
    await this.query('COMMIT');
  }

  async rollback() {
    await this.query('ROLLBACK');
  }

  /** Lets queued commands finish, then refuses new ones (PROTOCOL_ENQUEUE_AFTER_QUIT). */
  async end() {
    if (!this._ending) {
      this._ending = true;
      this.emit('end');
    }
    await this._tail;
    this._closeSocket();
  }

  /** Refuses new and still-queued commands at once and closes the session (rolling back). */
  destroy() {
    this._destroyed = true;
    this._ending = true;
    this._closeSocket();
  }

  _enqueue(command, callSite) {
    if (this._ending) return Promise.reject(withCallSite(enqueueAfterQuitError(), callSite));
    const start = () => {
      if (this._destroyed) throw enqueueAfterQuitError();
      return command();
    };
    // An idle connection sends at once, as mysql2 writes to an idle socket; otherwise wait in line.
    const run = this._queued++ === 0 ? new Promise((resolve) => resolve(start())) : this._tail.then(start);
    const settled = () => {
      this._queued--;
    };
    this._tail = run.then(settled, settled);
    return run.catch((err) => {
      throw withCallSite(err, callSite);
    });
  }

  async _run(options) {
    const { sql, values } = options;
    const params = encodeParams(values, sql, this._config.timezone);
    if (this._overSession) {
      return this._shape(await this._send({ op: 'query', sql, params, rowsAsArray: true }, sql), options);
    }
    const payload = await this._request('/v1/query', sql, {
      method: 'POST',
      body: JSON.stringify({
        sql,
        params,
        database: this._config.database,
        session: this._session,
        // Rows are shaped here (row_decoder.js): arrays keep column order and duplicate names.
        rowsAsArray: true,
      }),
    });
    // Session state (SET foreign_key_checks = 0) travels with each request.
    if (payload.meta?.session && typeof payload.meta.session === 'object') {
      this._session = { ...this._session, ...payload.meta.session };
    }
    return this._shape(payload, options);
  }

  // [rows, fields] or [ResultSetHeader] from an answer.
  _shape(payload, options) {
    const database = payload.meta?.database;
    if (typeof database === 'string' && database) this._config.database = database;
    if (Array.isArray(payload.rows)) {
      const fields = (payload.fields ?? []).map((field) => new ColumnDefinition(field, this._config.database));
      if (fields.length === 0) return [payload.rows.map(decodeUntypedRow), fields];
      return [decodeRows(payload.rows, fields, rowOptions(this._config, options)), fields];
    }
    return [new ResultSetHeader(payload), undefined];
  }

  // The session, opened by the first command that needs it. A session that failed stays failed:
  // its transaction and prepared statements are gone, as with a MySQL connection's fatal error.
  _openSocket() {
    this._socket ??= this._share ? this._share.channel(this._config.database) : SessionSocket.open(this._config);
    return this._socket;
  }

  _closeSocket() {
    const socket = this._socket;
    this._socket = null;
    this._statements.clear();
    this._noTransaction = true; // the next session starts without a transaction, as after COM_CHANGE_USER
    this._beginPending = false;
    socket?.then((s) => s.close(), () => {});
  }

  // One request over the session -> its answer, or the MySQL error it carries.
  async _send(message, sql) {
    let answer;
    try {
      const socket = await this._openSocket();
      if (this._beginPending) {
        this._beginPending = false;
        const [begun, answered] = await Promise.all([
          socket.request({ op: 'begin' }, 'BEGIN'),
          socket.request({ ...message, ifPreviousOk: true }, sql),
        ]);
        if (begun.error && typeof begun.error === 'object') {
          this._noTransaction = false;
          throw serverError(begun.error, 'BEGIN');
        }
        answer = answered;
      } else {
        answer = await socket.request(message, sql);
      }
    } catch (err) {
      if (err.fatal) {
        // As mysql2 after a fatal error: the connection is closed for good.
        this._failed = true;
        this._ending = true;
      }
      throw err;
    }
    // A statement's answer carries the status flags; an error none, so whether a transaction is
    // open is then unknown. A ping's or a prepare's changes nothing.
    if (answer.error !== undefined) this._noTransaction = false;
    else if (typeof answer.serverStatus === 'number') this._noTransaction = (answer.serverStatus & kInTransaction) === 0;
    if (answer.error && typeof answer.error === 'object') throw serverError(answer.error, sql);
    return answer;
  }

  async _prepareStatement(sql) {
    const answer = await this._send({ op: 'prepare', sql }, sql);
    return { id: answer.statement, params: answer.params, sql };
  }

  async _cachedStatement(sql) {
    let statement = this._statements.get(sql);
    if (statement !== undefined) {
      this._statements.delete(sql); // most recently used last
      this._statements.set(sql, statement);
      return statement;
    }
    statement = await this._prepareStatement(sql);
    this._statements.set(sql, statement);
    const limit = this._config.maxPreparedStatements ?? 16000;
    if (this._statements.size > limit) {
      const [oldest, evicted] = this._statements.entries().next().value;
      this._statements.delete(oldest);
      await this._closeStatement(evicted.id);
    }
    return statement;
  }

  _closeStatement(id) {
    return this._send({ op: 'close-statement', statement: id });
  }

  async _executeStatement(statement, options) {
    const params = encodeParams(options.values, statement.sql, this._config.timezone);
    const answer = await this._send({ op: 'execute', statement: statement.id, params, rowsAsArray: true }, statement.sql);
    return this._shape(answer, options);
  }

  async _health() {
    const payload = await this._request('/v1/health', undefined, { method: 'GET' });
    if (payload.status !== 'ok') {
      throw unknownError(`Edge SQL gateway is not ready: ${JSON.stringify(payload).slice(0, 200)}`);
    }
  }

  /** One HTTP exchange; resolves to the JSON body of a 2xx answer, else rejects mysql2-style. */
  async _request(path, sql, init) {
    const headers = { accept: 'application/json' };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (this._config.token) headers.authorization = `Bearer ${this._config.token}`;
    if (this._config.user) headers['x-edge-tenant'] = this._config.user;
    let response;
    let text;
    try {
      response = await fetch(this._config.endpoint + path, { ...init, headers });
      text = await response.text();
    } catch (failure) {
      throw networkError(failure, sql);
    }
    let payload;
    try {
      payload = JSON.parse(text);
    } catch {
      payload = undefined;
    }
    const error = payload?.error;
    if (error && typeof error === 'object' && error.errno !== undefined) throw serverError(error, sql);
    if (!response.ok || payload === null || typeof payload !== 'object') {
      const snippet = text.slice(0, 200).replace(/\s+/g, ' ').trim();
      throw unknownError(
        `Edge SQL gateway answered HTTP ${response.status} ${response.statusText}` +
          (snippet ? `: ${snippet}` : ''),
        sql,
      );
    }
    return payload;
  }
}

// Rows without field descriptions (not something the gateway sends for a result set): cells are
// only untagged, {"$binary"} to Buffer.
function decodeUntypedRow(row) {
  if (row === null || typeof row !== 'object') return row;
  const out = Array.isArray(row) ? [...row] : { ...row };
  for (const key of Object.keys(out)) out[key] = binaryOf(out[key]) ?? out[key];
  return out;
}

/** mysql2/promise's createConnection: resolves once the settings are valid (no round trip). */
export async function createConnection(dsnOrOptions) {
  return new Connection(resolveConfig(dsnOrOptions));
}
