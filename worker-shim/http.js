// The gateway's HTTP side: JSON responses, and what the worker knows of the
// caller for the core to judge (gateway/caller.h).

export function json(status, body) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

export function callerOf(request, env, extra = {}) {
  return JSON.stringify({
    authorization: request.headers.get('authorization') ?? '',
    secret: env.EDGE_SQL_TOKEN_SECRET ?? '',
    auth: env.EDGE_SQL_AUTH ?? '',
    now: Date.now(),
    ...extra,
  });
}
