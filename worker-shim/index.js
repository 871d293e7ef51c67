// Gateway Worker: HTTP in, core.wasm decides, shard and config calls, HTTP
// out. No SQL is read or written here; see docs/architecture.md.
import { loadCore } from './core.js';
import openapi from '../docs/openapi.json';
import { batched, batches, drive, sharedReadCount } from './calls.js';
import { callerOf, json } from './http.js';
import { openSession, openSockets } from './session_socket.js';

export { TableShard } from './table_shard.js';
export { ConfigStore } from './config_store.js';

const SERVER_VERSION = '8.0.36-edge-sql-0.1.0';

async function serve(request, env, ctx, planner) {
  const core = await loadCore();
  const out = await drive(core, planner(core, await request.text(), callerOf(request, env)), env, ctx);
  return json(out.status, out.body);
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/v1/query' && request.method === 'POST') {
      return serve(request, env, ctx, (core, body, caller) => core.plan(body, caller));
    }
    if (pathname === '/v1/batch' && request.method === 'POST') {
      return serve(request, env, ctx, (core, body, caller) => core.planBatch(body, caller));
    }
    if (pathname === '/v1/ws' && request.method === 'GET') return openSession(request, env, ctx);
    if (pathname === '/v1/admin/reset' && request.method === 'POST') {
      return serve(request, env, ctx, (core, body, caller) => core.planResetShard(body, caller));
    }
    if (pathname === '/v1/admin/events' && request.method === 'POST') {
      return serve(request, env, ctx, (core, body, caller) => core.planReplayEvents(body, caller));
    }
    if (pathname === '/v1/admin/mirror/verify' && request.method === 'POST') {
      return serve(request, env, ctx, (core, body, caller) => core.planMirrorVerify(body, caller));
    }
    if (pathname === '/v1/admin/policy' && request.method === 'POST') {
      return serve(request, env, ctx, (core, body, caller) => core.planSetPolicy(body, caller));
    }
    if (pathname === '/v1/health' && request.method === 'GET') {
      const core = await loadCore();
      return json(200, { status: 'ok', abiVersion: core.abiVersion, version: SERVER_VERSION, sessions: core.sessionCount, sockets: openSockets });
    }
    if (pathname === '/v1/metrics' && request.method === 'GET') {
      const core = await loadCore();
      const out = core.metrics(callerOf(request, env), { sharedReads: sharedReadCount, batched, batches });
      if (out.status !== 200) return json(out.status, out.body);
      return new Response(out.body, { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
    }
    if (pathname === '/v1/openapi.json' && request.method === 'GET') return json(200, openapi);
    return json(404, { error: { errno: 0, code: 'NOT_FOUND', sqlState: 'HY000', message: `No route for ${request.method} ${pathname}` } });
  },

  // db-events: change events from shards and fills from reads, applied to
  // the KV cache and, with a D1 binding, the mirror by the core's rules
  // (gateway/queue_consumer.h). Messages the core refuses, and those whose
  // calls failed, are retried and then dead-lettered (wrangler.toml), never
  // dropped.
  async queue(batch, env, ctx) {
    const core = await loadCore();
    const bodies = batch.messages.map((m) => (typeof m.body === 'string' ? m.body : JSON.stringify(m.body)));
    let retry = null;
    try {
      const out = await drive(core, core.planQueueBatch(JSON.stringify(bodies), Date.now(), env.PORTABLE_DB !== undefined), env, ctx);
      if (out.status === 200) retry = new Set(JSON.parse(out.body).retry);
      else console.error(`db-events: ${out.body}`);
    } catch (error) {
      console.error(`db-events: ${error?.stack ?? error}`);
    }
    batch.messages.forEach((message, i) => (retry === null || retry.has(i) ? message.retry() : message.ack()));
  },
};
