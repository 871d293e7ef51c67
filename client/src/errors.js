// Errors shaped like mysql2's: an Error whose message is the MySQL message, with errno, code,
// sqlState, sqlMessage and sql. Server errors carry the gateway's numbers unchanged; failures that
// never reached the SQL engine (network, proxies, a wrong endpoint) are mapped here.

/** Error from the server's `{"error": {...}}` body. `sql` is the statement text that failed. */
export function serverError({ errno, code, sqlState, message }, sql) {
  return sqlError(message, { errno, code, sqlState, sql });
}

/** Anything a MySQL client would report as ER_UNKNOWN_ERROR (1105): bad bodies, 5xx pages. */
export function unknownError(message, sql) {
  return sqlError(message, { errno: 1105, code: 'ER_UNKNOWN_ERROR', sqlState: 'HY000', sql });
}

/** ER_NOT_SUPPORTED_YET (1235), for features this client refuses rather than emulates wrongly. */
export function notSupportedError(message, sql) {
  return sqlError(message, { errno: 1235, code: 'ER_NOT_SUPPORTED_YET', sqlState: '42000', sql });
}

/**
 * fetch() rejects with TypeError('fetch failed') and the socket error as `cause`; mysql2 surfaces
 * the socket error itself (code ECONNREFUSED, ENOTFOUND, ...), so lift its fields and keep the chain.
 */
export function networkError(failure, sql) {
  const socketError = rootCause(failure);
  const err = new Error(socketError.message || failure.message, { cause: failure });
  err.code = socketError.code ?? failure.code ?? 'PROTOCOL_CONNECTION_LOST';
  if (socketError.errno !== undefined) err.errno = socketError.errno;
  if (socketError.syscall !== undefined) err.syscall = socketError.syscall;
  if (socketError.address !== undefined) err.address = socketError.address;
  if (socketError.port !== undefined) err.port = socketError.port;
  err.fatal = true;
  if (sql !== undefined) err.sql = sql;
  return err;
}

/** mysql2's message and code when a command is added after end()/destroy(). */
export function enqueueAfterQuitError() {
  const err = new Error("Can't add new command when connection is in closed state");
  err.code = 'PROTOCOL_ENQUEUE_AFTER_QUIT';
  err.fatal = true;
  return err;
}

/** Pool errors: mysql2's messages, with the codes of the mysql driver family. */
export function poolError(code) {
  const messages = {
    POOL_CLOSED: 'Pool is closed.',
    POOL_CONNLIMIT: 'No connections available.',
    POOL_ENQUEUELIMIT: 'Queue limit reached.',
  };
  const err = new Error(messages[code]);
  err.code = code;
  return err;
}

/**
 * Rewrites `err.stack` to point at the caller's frame (`callSite`, an Error made when the command
 * was issued), as mysql2/promise does: the frames inside fetch() tell a user nothing.
 */
export function withCallSite(err, callSite) {
  if (callSite?.stack) {
    const frames = callSite.stack.split('\n').slice(1).join('\n');
    err.stack = `${err.name}: ${err.message}\n${frames}`;
  }
  return err;
}

function sqlError(message, { errno, code, sqlState, sql }) {
  const err = new Error(message);
  err.code = code;
  err.errno = errno;
  err.sqlState = sqlState;
  err.sqlMessage = message;
  if (sql !== undefined) err.sql = sql;
  return err;
}

// undici nests the socket error one or two levels deep; a dual-stack connect gives AggregateError.
function rootCause(failure) {
  let e = failure;
  for (let depth = 0; depth < 4 && e?.cause; depth++) e = e.cause;
  if (Array.isArray(e?.errors) && e.errors[0] && !e.message) e = e.errors[0];
  return e ?? failure;
}
