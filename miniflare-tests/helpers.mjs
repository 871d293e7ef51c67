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
