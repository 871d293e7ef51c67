import { createHmac } from 'node:crypto';

// Shared helpers: a query function bound to the running gateway and a fresh
// database name per test file (databases are namespaces; isolation is free).
export const baseUrl = process.env.EDGE_SQL_URL;
if (!baseUrl) throw new Error('EDGE_SQL_URL is not set: run through `npm test` (miniflare-tests/run.mjs)');

export function freshDatabase(prefix = 't') {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

// POSTs /v1/query; returns {status, body}.
export async function post(payload) {
  const res = await fetch(`${baseUrl}/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsed: text };
  }
  return { status: res.status, body };
}

export function db(database) {
  return async (sql, params, extra = {}) => post({ sql, params, database, ...extra });
}

// A raw WebSocket session (GET /v1/ws, docs/sessions.md): send(message)
// resolves to the answer with the same id; q(sql, params) is a query.
export async function openSession(database, headers = {}) {
  const { default: WebSocket } = await import('ws');
  const url = new URL('/v1/ws', baseUrl.replace(/^http/, 'ws'));
  if (database) url.searchParams.set('database', database);
  const ws = new WebSocket(url, { headers });
  const pending = new Map();
  let next = 1;
  ws.on('message', (data) => {
    const answer = JSON.parse(String(data));
    pending.get(answer.id)?.(answer);
    pending.delete(answer.id);
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const send = (message) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, ...message }));
    });
  return {
    send,
    q: (sql, params) => send({ op: 'query', sql, params }),
    close: () => new Promise((resolve) => {
      ws.once('close', resolve);
      ws.close();
    }),
    ws,
  };
}

export async function health() {
  return (await fetch(`${baseUrl}/v1/health`)).json();
}

// A tenant token (gateway/tenant_token.h) signed with scripts/start.sh's
// documented development secret, valid for ten minutes.
export function token(claims, secret = 'edge-sql-dev-secret') {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ exp: Math.floor(Date.now() / 1000) + 600, ...claims })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

// POSTs /v1/admin/policy; returns {status, body}.
export async function setPolicy(body, headers = {}) {
  const res = await fetch(`${baseUrl}/v1/admin/policy`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
