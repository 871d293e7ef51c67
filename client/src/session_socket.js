// One WebSocket session with the gateway (GET /v1/ws, docs/sessions.md): what a MySQL connection's
// TCP socket is to mysql2. Each request carries an id and the gateway answers them in order, so
// several may be in flight; the session (database, settings, transaction, prepared statements)
// lives on the server for as long as the socket is open.

import { networkError } from './errors.js';

let WebSocketImpl;

async function webSocketClass() {
  // Node's `ws` lets the upgrade carry the Authorization header; runtimes without it (browsers) have
  // no way to send one, so they need the global WebSocket and a token-free gateway.
  WebSocketImpl ??= await import('ws').then((m) => m.default ?? m.WebSocket, () => globalThis.WebSocket);
  if (WebSocketImpl === undefined) throw new Error('Edge SQL: no WebSocket implementation (npm install ws)');
  return WebSocketImpl;
}

/**
 * The WebSocket of a session (GET /v1/ws), once the gateway accepted it; rejects with the gateway's
 * error otherwise. `query` adds parameters to the upgrade (channels=1: shared_socket.js).
 */
export async function connectSocket({ endpoint, database, token, user }, query = {}) {
  const WebSocket = await webSocketClass();
  const url = new URL(`${endpoint.replace(/^http/, 'ws')}/v1/ws`);
  if (database) url.searchParams.set('database', database);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (user) headers['x-edge-tenant'] = user;
  // No permessage-deflate, as mysql2 does not compress by default: for
  // the small messages of OLTP traffic it costs both ends CPU (6% of the
  // gateway's on point reads, bench/results) and saves little.
  const ws = new WebSocket(url, { headers, perMessageDeflate: false });
  await new Promise((resolve, reject) => {
    ws.once?.('unexpected-response', (request, response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => reject(refusal(response.statusCode, text)));
    });
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', (event) => reject(networkError(event.error ?? new Error('WebSocket error'))), { once: true });
  });
  return ws;
}

export class SessionSocket {
  /** Resolves once the gateway accepted the session; rejects with the gateway's error otherwise. */
  static async open(config) {
    return new SessionSocket(await connectSocket(config));
  }

  constructor(ws) {
    this._ws = ws;
    this._nextId = 1;
    this._pending = new Map(); // id -> {resolve, reject, sql}
    this._closed = null; // the error pending and later requests fail with, once closed
    ws.addEventListener('message', (event) => this._answer(event.data));
    ws.addEventListener('close', () => this._fail());
    ws.addEventListener('error', (event) => this._fail(event.error));
    this._unrefWhenIdle();
  }

  /** Sends `message` ({op, ...}); resolves to the answer (an {error} answer resolves too). */
  request(message, sql) {
    if (this._closed) return Promise.reject(this._closed);
    const id = this._nextId++;
    return new Promise((resolve, reject) => {
      this._pending.set(id, { resolve, reject, sql });
      this._ws._socket?.ref?.();
      this._send(JSON.stringify({ id, ...message }));
    });
  }

  // One message on the wire (SharedSocket gathers them into frames).
  _send(text) {
    this._ws.send(text);
  }

  close() {
    this._fail();
    try {
      this._ws.close(1000);
    } catch {}
  }

  get closed() {
    return this._closed !== null;
  }

  // A frame of one answer, or of several (a shared socket's).
  _answer(data) {
    let answers;
    try {
      answers = JSON.parse(String(data));
    } catch {
      return this._fail(new Error('Edge SQL gateway sent a malformed session message'));
    }
    for (const answer of Array.isArray(answers) ? answers : [answers]) {
      const pending = this._pending.get(answer?.id);
      if (pending === undefined) continue;
      this._pending.delete(answer.id);
      pending.resolve(answer);
    }
    this._unrefWhenIdle();
  }

  // The session is over: requests in flight and later ones fail as mysql2's do on a lost socket.
  _fail(cause) {
    this._closed ??= lost(cause);
    for (const { reject, sql } of this._pending.values()) reject(lost(cause, sql));
    this._pending.clear();
  }

  // An idle session must not keep a Node process alive (mysql2's sockets do, but its users always
  // end() them; tests and scripts here often only end the pool). A request in flight does.
  _unrefWhenIdle() {
    if (this._pending.size === 0) this._ws._socket?.unref?.();
  }
}

export function lost(cause, sql) {
  if (cause !== undefined) return networkError(cause, sql);
  const err = new Error('Connection lost: The server closed the connection.');
  err.code = 'PROTOCOL_CONNECTION_LOST';
  err.fatal = true;
  if (sql !== undefined) err.sql = sql;
  return err;
}

// The gateway refused the upgrade with a MySQL error (a bad token: 1045) or something else.
function refusal(status, text) {
  let error;
  try {
    error = JSON.parse(text).error;
  } catch {}
  const err = new Error(error?.message ?? `Edge SQL gateway refused the session: HTTP ${status}`);
  Object.assign(err, error?.errno !== undefined
    ? { errno: error.errno, code: error.code, sqlState: error.sqlState, sqlMessage: error.message }
    : { code: 'PROTOCOL_CONNECTION_LOST' });
  err.fatal = true;
  return err;
}
