// A Pool hands out at most connectionLimit connections; callers beyond that wait in a FIFO queue
// (or are refused, per waitForConnections / queueLimit), as in mysql2. Since each connection runs
// one request at a time, the limit is also the pool's number of requests in flight. Free
// connections beyond maxIdle that sat unused for idleTimeout ms are closed (their sessions end),
// and a connection whose session failed is dropped rather than handed out again.

import { EventEmitter } from 'node:events';
import { Connection } from './connection.js';
import { resolveConfig } from './dsn.js';
import { poolError } from './errors.js';
import { SocketShare } from './shared_socket.js';

/** A Connection that goes back to its pool on release(). */
export class PoolConnection extends Connection {
  constructor(pool, config) {
    super(config);
    this._pool = pool;
    this._share = pool._share;
    this._released = false;
  }

  /** Returns the connection to the pool; a second release is ignored. */
  release() {
    if (this._released) return;
    this._released = true;
    this._pool._release(this);
  }

  /** As mysql2's PoolConnection: end() releases rather than closes. */
  async end() {
    this.release();
  }

  /** Closes this connection and frees its slot in the pool. */
  destroy() {
    super.destroy();
    this._pool._remove(this);
  }

  async _close() {
    await super.end();
  }
}

export class Pool extends EventEmitter {
  constructor(dsnOrOptions) {
    super();
    const options = typeof dsnOrOptions === 'string' ? {} : dsnOrOptions ?? {};
    this._connectionConfig = resolveConfig(dsnOrOptions);
    this.config = {
      connectionLimit: options.connectionLimit ?? 10,
      queueLimit: options.queueLimit ?? 0,
      waitForConnections: options.waitForConnections ?? true,
      idleTimeout: options.idleTimeout ?? 60000,
      connectionConfig: this._connectionConfig,
    };
    this.config.maxIdle = options.maxIdle ?? this.config.connectionLimit;
    if (!(Number.isInteger(this.config.connectionLimit) && this.config.connectionLimit > 0)) {
      throw new Error('Edge SQL: connectionLimit must be a positive integer');
    }
    // Its connections' sessions share WebSockets (shared_socket.js) unless shareSocket is false.
    const { transport, shareSocket } = this._connectionConfig;
    this._share = transport === 'ws' && shareSocket ? new SocketShare(this._connectionConfig, this.config.connectionLimit) : null;
    this._all = new Set();
    this._free = [];
    this._waiting = []; // {resolve, reject} of getConnection() calls in arrival order
    this._closed = false;
    this._idleTimers = new Map(); // free connection -> its idle timer
  }

  /** Resolves to a PoolConnection; call release() when done with it. */
  getConnection() {
    if (this._closed) return Promise.reject(poolError('POOL_CLOSED'));
    const connection = this._free.pop() ?? this._open();
    if (connection) return Promise.resolve(this._acquire(connection));
    if (!this.config.waitForConnections) return Promise.reject(poolError('POOL_CONNLIMIT'));
    if (this.config.queueLimit && this._waiting.length >= this.config.queueLimit) {
      return Promise.reject(poolError('POOL_ENQUEUELIMIT'));
    }
    return new Promise((resolve, reject) => {
      this._waiting.push({ resolve, reject });
      this.emit('enqueue');
    });
  }

  /** Takes a connection, runs the query, releases the connection. */
  async query(sqlOrOptions, values) {
    const connection = await this.getConnection();
    try {
      return await connection.query(sqlOrOptions, values);
    } finally {
      connection.release();
    }
  }

  async execute(sqlOrOptions, values) {
    const connection = await this.getConnection();
    try {
      return await connection.execute(sqlOrOptions, values);
    } finally {
      connection.release();
    }
  }

  releaseConnection(connection) {
    connection.release();
  }

  /** Refuses further getConnection() calls and waiters (POOL_CLOSED), closes every connection. */
  async end() {
    if (this._closed) return;
    this._closed = true;
    for (const timer of this._idleTimers.values()) clearTimeout(timer);
    this._idleTimers.clear();
    for (const { reject } of this._waiting.splice(0)) reject(poolError('POOL_CLOSED'));
    this._free.length = 0;
    await Promise.all([...this._all].map((connection) => connection._close()));
    this._share?.close();
  }

  _open() {
    if (this._all.size >= this.config.connectionLimit) return undefined;
    const connection = new PoolConnection(this, this._connectionConfig);
    this._all.add(connection);
    this.emit('connection', connection);
    return connection;
  }

  _acquire(connection) {
    clearTimeout(this._idleTimers.get(connection));
    this._idleTimers.delete(connection);
    connection._released = false;
    this.emit('acquire', connection);
    return connection;
  }

  _release(connection) {
    if (this._closed || !this._all.has(connection)) return;
    this.emit('release', connection);
    if (connection._failed) {
      connection.destroy(); // its session is gone: a waiter gets a new connection instead
      return;
    }
    const waiter = this._waiting.shift();
    if (waiter) {
      waiter.resolve(this._acquire(connection));
      return;
    }
    this._free.push(connection);
    // Idle connections past maxIdle close after idleTimeout (mysql2's rule).
    const timer = setTimeout(() => {
      this._idleTimers.delete(connection);
      if (this._free.length > this.config.maxIdle || this.config.maxIdle === 0) {
        this._remove(connection);
        connection._close();
      }
    }, this.config.idleTimeout);
    timer.unref?.();
    this._idleTimers.set(connection, timer);
  }

  _remove(connection) {
    if (!this._all.delete(connection)) return;
    const index = this._free.indexOf(connection);
    if (index >= 0) this._free.splice(index, 1);
    if (!this._closed && this._waiting.length) {
      this._waiting.shift().resolve(this._acquire(this._open()));
    }
  }
}

/** mysql2/promise's createPool: synchronous, throws on invalid settings. */
export function createPool(dsnOrOptions) {
  return new Pool(dsnOrOptions);
}
