// Connection settings: a DSN string or a mysql2-style options object, resolved to one plain
// config { endpoint, user, database, token, host, port, rowsAsArray, and mysql2's type options:
// supportBigNumbers, bigNumberStrings, decimalNumbers, dateStrings, timezone, jsonStrings,
// typeCast } that connections read.
//
// DSN forms:
//   edge-mysql://user@host:port/database?token=...           http for loopback, https otherwise
//   edge-mysql://tenant@cloudflare/database?account_id=...&project=...&token=...
//                                                             https://<project>.<account_id>.workers.dev
// Any form may add endpoint=<url> to name the gateway's base URL outright.

const kScheme = 'edge-mysql:';
const kHostedHost = 'cloudflare';
const kLoopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
// mysql2's boolean type options, accepted in a DSN as in mysql2's URLs (?supportBigNumbers=true).
const kBooleanTypeOptions = ['rowsAsArray', 'supportBigNumbers', 'bigNumberStrings', 'decimalNumbers', 'jsonStrings'];
const kDsnParams = new Set([
  'token', 'endpoint', 'account_id', 'project', 'ssl', ...kBooleanTypeOptions, 'dateStrings', 'timezone',
  'transport', 'shareSocket',
]);
const kDateStringTypes = new Set(['DATE', 'DATETIME', 'TIMESTAMP']);
const kDnsLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/**
 * Resolves a DSN string or options object (mysql2's `uri` option included) to a config.
 * Throws an Error naming the problem when the input cannot describe a gateway.
 */
export function resolveConfig(dsnOrOptions) {
  if (typeof dsnOrOptions === 'string') return fromOptions(parseDsn(dsnOrOptions));
  if (dsnOrOptions === null || typeof dsnOrOptions !== 'object') {
    throw new Error('Edge SQL: expected a DSN string or an options object');
  }
  const { uri, ...options } = dsnOrOptions;
  // As in mysql2, explicit options win over what the uri says.
  const merged = uri === undefined ? options : { ...parseDsn(uri), ...dropUndefined(options) };
  return fromOptions(merged);
}

/** Splits a DSN into options ({host, port, user, database, token, endpoint, ...}). */
export function parseDsn(dsn) {
  if (typeof dsn !== 'string') throw new Error('Edge SQL: the DSN must be a string');
  let url;
  try {
    url = new URL(dsn);
  } catch {
    throw invalidDsn(dsn, 'not a URL');
  }
  if (url.protocol !== kScheme) {
    throw invalidDsn(dsn, `the scheme must be edge-mysql://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw invalidDsn(dsn, 'no host');
  const params = parseQuery(url.search, dsn);
  const path = decode(url.pathname.replace(/^\//, ''), dsn);
  if (path.includes('/')) throw invalidDsn(dsn, `"${path}" is not a database name`);
  const options = {
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    user: url.username ? decode(url.username, dsn) : undefined,
    // mysql2 DSNs carry a password; here it is the bearer token unless token= is given.
    token: params.token ?? (url.password ? decode(url.password, dsn) : undefined),
    database: path || undefined,
    endpoint: params.endpoint,
    accountId: params.account_id,
    project: params.project,
  };
  if (params.ssl !== undefined) options.ssl = parseBoolean(params.ssl, 'ssl', dsn);
  for (const name of kBooleanTypeOptions) {
    if (params[name] !== undefined) options[name] = parseBoolean(params[name], name, dsn);
  }
  if (params.dateStrings !== undefined) options.dateStrings = parseDateStrings(params.dateStrings, dsn);
  if (params.timezone !== undefined) options.timezone = params.timezone;
  if (params.transport !== undefined) options.transport = params.transport;
  if (params.shareSocket !== undefined) options.shareSocket = parseBoolean(params.shareSocket, 'shareSocket', dsn);
  if (options.host === kHostedHost && options.endpoint === undefined) {
    if (!options.accountId) throw invalidDsn(dsn, 'the cloudflare form needs account_id=');
    if (!options.project) throw invalidDsn(dsn, 'the cloudflare form needs project=');
  }
  return dropUndefined(options);
}

/** The gateway base URL (no trailing slash) for resolved options. */
export function baseUrl({ host, port, ssl, endpoint, accountId, project }) {
  if (endpoint !== undefined) {
    let url;
    try {
      url = new URL(endpoint);
    } catch {
      throw new Error(`Edge SQL: endpoint "${endpoint}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`Edge SQL: endpoint "${endpoint}" must be http:// or https://`);
    }
    return url.href.replace(/\/+$/, '');
  }
  if (host === kHostedHost || (accountId !== undefined && project !== undefined)) {
    if (!accountId || !project) {
      throw new Error('Edge SQL: the hosted form needs both account_id and project');
    }
    if (!kDnsLabel.test(project) || !kDnsLabel.test(accountId)) {
      throw new Error('Edge SQL: account_id and project must be DNS labels (letters, digits, -)');
    }
    return `https://${project}.${accountId}.workers.dev`;
  }
  if (!host) throw new Error('Edge SQL: no host, endpoint or DSN given');
  const bareHost = host.replace(/^\[(.*)\]$/, '$1');
  const hostPart = bareHost.includes(':') ? `[${bareHost}]` : bareHost;
  const secure = ssl === undefined ? !kLoopbackHosts.has(host) : Boolean(ssl);
  return `${secure ? 'https' : 'http'}://${hostPart}${port ? `:${port}` : ''}`;
}

function fromOptions(options) {
  const config = {
    host: options.host,
    port: options.port,
    user: options.user,
    database: options.database,
    // mysql2 code passes `password`; the gateway's credential is a bearer token.
    token: options.token ?? options.password,
    rowsAsArray: Boolean(options.rowsAsArray),
    supportBigNumbers: Boolean(options.supportBigNumbers),
    bigNumberStrings: Boolean(options.bigNumberStrings),
    decimalNumbers: Boolean(options.decimalNumbers),
    jsonStrings: Boolean(options.jsonStrings),
    dateStrings: checkDateStrings(options.dateStrings),
    timezone: checkTimezone(options.timezone),
    typeCast: checkTypeCast(options.typeCast),
    // 'ws': a WebSocket session (transactions, prepared statements); 'http': one request each.
    transport: checkTransport(options.transport),
    // A pool's connections share WebSockets, eight to a socket (shared_socket.js), unless this is false.
    shareSocket: options.shareSocket === undefined ? true : Boolean(options.shareSocket),
    maxPreparedStatements: checkPositiveInteger(options.maxPreparedStatements ?? 16000, 'maxPreparedStatements'),
    endpoint: baseUrl({
      host: options.host,
      port: options.port,
      ssl: options.ssl,
      endpoint: options.endpoint,
      accountId: options.accountId ?? options.account_id,
      project: options.project,
    }),
  };
  return config;
}

function checkTransport(transport = 'ws') {
  if (transport !== 'ws' && transport !== 'http') {
    throw new Error(`Edge SQL: transport must be 'ws' or 'http', not ${JSON.stringify(transport)}`);
  }
  return transport;
}

function checkPositiveInteger(value, name) {
  if (!Number.isInteger(value) || value < 1) throw new Error(`Edge SQL: ${name} must be a positive integer`);
  return value;
}

// URLSearchParams would turn '+' into a space and corrupt base64 tokens: decode by hand.
function parseQuery(search, dsn) {
  const params = {};
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq), dsn);
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1), dsn);
    if (!kDsnParams.has(key)) {
      throw invalidDsn(dsn, `unknown parameter "${key}" (known: ${[...kDsnParams].join(', ')})`);
    }
    params[key] = value;
  }
  return params;
}

// mysql2 takes 'local' (the default), 'Z' and '+HH:MM'; in a URL '+' may arrive as a space.
// mysql2 only warns about anything else and then uses 'Z'; here it is an error, like a bad DSN.
function checkTimezone(timezone) {
  if (timezone === undefined || timezone === null || timezone === '') return 'local';
  if (typeof timezone === 'string' && /^(?:local|Z|[ +-]\d\d:\d\d)$/.test(timezone)) {
    return timezone[0] === ' ' ? `+${timezone.slice(1)}` : timezone;
  }
  throw new Error(`Edge SQL: timezone must be 'local', 'Z' or '+HH:MM', not ${JSON.stringify(timezone)}`);
}

// dateStrings: true/false, or the types to leave as text, e.g. ['DATE'].
function checkDateStrings(dateStrings) {
  if (dateStrings === undefined || dateStrings === null) return false;
  if (typeof dateStrings === 'boolean') return dateStrings;
  if (Array.isArray(dateStrings) && dateStrings.every((type) => kDateStringTypes.has(type))) {
    return [...dateStrings];
  }
  throw new Error(`Edge SQL: dateStrings must be true, false or a list of ${[...kDateStringTypes].join(', ')}`);
}

function checkTypeCast(typeCast) {
  if (typeCast === undefined) return true;
  if (typeof typeCast === 'boolean' || typeof typeCast === 'function') return typeCast;
  throw new Error('Edge SQL: typeCast must be true, false or a function (field, next)');
}

// ?dateStrings=true, or the types as a comma list (DATE,DATETIME) or mysql2's JSON (["DATE"]).
function parseDateStrings(text, dsn) {
  if (/^(true|false|1|0|)$/.test(text)) return parseBoolean(text, 'dateStrings', dsn);
  let types;
  try {
    types = text.startsWith('[') ? JSON.parse(text) : text.split(',');
  } catch {
    types = null;
  }
  if (!Array.isArray(types) || !types.every((type) => kDateStringTypes.has(type))) {
    throw invalidDsn(dsn, `dateStrings= must be true, false or a list of ${[...kDateStringTypes].join(', ')}`);
  }
  return types;
}

function parseBoolean(text, name, dsn) {
  if (text === 'true' || text === '1' || text === '') return true;
  if (text === 'false' || text === '0') return false;
  throw invalidDsn(dsn, `${name}= must be true or false`);
}

function decode(text, dsn) {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidDsn(dsn, `bad percent-encoding in "${text}"`);
  }
}

function invalidDsn(dsn, reason) {
  return new Error(`Edge SQL: invalid DSN "${redact(dsn)}": ${reason}`);
}

// Error messages end up in logs: never echo a credential (or a mistyped one).
function redact(dsn) {
  return dsn
    .replace(/([?&][^=&#]*=)[^&#]*/g, '$1***')
    .replace(/^([^:/?#]+:\/\/[^:@/?#]*:)[^@/?#]*@/, '$1***@');
}

function dropUndefined(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined));
}
