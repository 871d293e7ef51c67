// A Connection is the gateway's base URL plus session state (user, database, token) and a command
// queue. HTTP is stateless, so "connecting" opens nothing; the queue keeps mysql2's ordering (a
// `USE db` issued before a SELECT runs before it) and makes a pooled connection one request at a
// time, which is what connectionLimit counts.

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
import { decodeRows, rowOptions } from './row_decoder.js';
import { binaryOf, encodeParams } from './values.js';

let nextThreadId = 1;

/** mysql2's result of a statement without rows (INSERT, UPDATE, DDL, ...). */
export class ResultSetHeader {
  constructor({ affectedRows = 0, insertId = 0, warningCount = 0 } = {}) {
    this.fieldCount = 0;
    this.affectedRows = affectedRows;
    this.insertId = insertId;
    this.info = '';
    this.serverStatus = 2; // SERVER_STATUS_AUTOCOMMIT
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
    const callSite = new Error();
    const options = typeof sqlOrOptions === 'object' && sqlOrOptions !== null
      ? { ...sqlOrOptions }
      : { sql: sqlOrOptions };
    if (values !== undefined) options.values = values;
    if (typeof options.sql !== 'string') {
      return Promise.reject(withCallSite(new TypeError('Edge SQL: query() needs SQL text'), callSite));
    }
    return this._enqueue(() => this._run(options), callSite);
  }

  /** Same transport as query() for now: the gateway caches plans itself. */
  execute(sqlOrOptions, values) {
    return this.query(sqlOrOptions, values);
  }

  /** A stand-in for mysql2's prepared statements: execute() with the SQL fixed, close() a no-op. */
  async prepare(sqlOrOptions) {
    const sql = typeof sqlOrOptions === 'object' ? sqlOrOptions.sql : sqlOrOptions;
    return {
      query: sql,
      execute: (values) => this.execute(sqlOrOptions, values),
      close: () => {},
    };
  }

  /** Resolves when GET /v1/health answers {"status": "ok"}. */
  ping() {
    return this._enqueue(() => this._health(), new Error());
  }

  /** Switches database (and tenant/token if given) for the following commands. */
  changeUser(options = {}) {
    return this._enqueue(async () => {
      if (options.database !== undefined) this._config.database = options.database;
      if (options.user !== undefined) this._config.user = options.user;
      const token = options.token ?? options.password;
      if (token !== undefined) this._config.token = token;
    }, new Error());
  }

  // Transactions over HTTP are statements the server judges (today: 1235 for BEGIN). The
  // interactive protocol over WebSocket sessions will replace this; success is never faked.
  async beginTransaction() {
    await this.query('BEGIN');
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
  }

  /** Refuses new and still-queued commands at once; a request already on the wire completes. */
  destroy() {
    this._destroyed = true;
    this._ending = true;
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
    const database = payload.meta?.database;
    if (typeof database === 'string' && database) this._config.database = database;
    // Session state (SET foreign_key_checks = 0) travels with each request.
    if (payload.meta?.session && typeof payload.meta.session === 'object') {
      this._session = { ...this._session, ...payload.meta.session };
    }
    if (Array.isArray(payload.rows)) {
      const fields = (payload.fields ?? []).map((field) => new ColumnDefinition(field, this._config.database));
      if (fields.length === 0) return [payload.rows.map(decodeUntypedRow), fields];
      return [decodeRows(payload.rows, fields, rowOptions(this._config, options)), fields];
    }
    return [new ResultSetHeader(payload), undefined];
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
