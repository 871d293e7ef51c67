// Gateway Worker: HTTP in, core.wasm decides, one shard call, HTTP out.
// No SQL is read or written here; see docs/architecture.md.
import { loadCore } from './core.js';
import openapi from '../docs/openapi.json';

export { TableShard } from './table_shard.js';

const SERVER_VERSION = '8.0.36-edge-sql-0.1.0';

function json(status, body) {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

// The core may need several shard round trips for one statement (loading
// the catalog, re-planning after another isolate changed the schema); it
// says which by answering a plan (status 0) instead of a response.
const MAX_STEPS = 8;

async function query(request, env) {
  const core = await loadCore();
  let out = core.plan(await request.text());
  for (let step = 0; out.status === 0; step++) {
    if (step === MAX_STEPS) {
      return json(503, { error: { errno: 1317, code: 'ER_QUERY_INTERRUPTED', sqlState: '70100', message: 'Query execution was interrupted: the schema kept changing while planning' } });
    }
    const { shard, before, statements, context } = JSON.parse(out.body);
    const object = env.SHARD.get(env.SHARD.idFromName(shard));
    let answer;
    try {
      answer = await object.run(statements, before);
    } catch (error) {
      // The object was unreachable or reset mid-call: the transaction either
      // committed whole or not at all, and the core reports it as interrupted.
      answer = { error: { message: String(error?.message ?? error), transport: true } };
    }
    if (answer.error) console.error(`shard ${shard}: ${answer.error.message}`);
    out = core.finish(context, JSON.stringify(answer));
  }
  return json(out.status, out.body);
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/v1/query' && request.method === 'POST') return query(request, env);
    if (pathname === '/v1/health' && request.method === 'GET') {
      const core = await loadCore();
      return json(200, { status: 'ok', abiVersion: core.abiVersion, version: SERVER_VERSION });
    }
    if (pathname === '/v1/openapi.json' && request.method === 'GET') return json(200, openapi);
    return json(404, { error: { errno: 0, code: 'NOT_FOUND', sqlState: 'HY000', message: `No route for ${request.method} ${pathname}` } });
  },

  // db-events: change events from shards. Shards start emitting them with the
  // cache work (issue 6); a message this version cannot act on is retried and
  // then dead-lettered rather than silently dropped.
  async queue(batch) {
    for (const message of batch.messages) message.retry();
  },
};
