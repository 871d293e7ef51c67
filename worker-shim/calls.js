// Performing the calls the core plans: to shards (one at a time, shared by
// identical reads in flight, or batched with other sessions' calls), to the
// config store, KV, the queue and D1, and the loop plan -> calls -> finish
// (drive) until the core answers. No SQL is read or written here.
import { toBinding } from './values.js';
import { after } from './deadlines.js';

// One statement may take several steps (fetching the table policy, loading
// the catalog, bringing a shard up to the current schema, a schema change's
// dry run, home commit and fan-out); the core says which by answering a
// plan (status 0) instead of a response.
const MAX_STEPS = 16;

// `promise`, or its rejection after `ms`, timed by the request context
// `ctx` (deadlines.js).
function withTimeout(promise, ms, ctx) {
  return new Promise((resolve, reject) => {
    const cancel = after(ctx, ms, () => reject(new Error(`no answer within ${ms} ms`)));
    promise.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (error) => {
        cancel();
        reject(error);
      },
    );
  });
}

// The answer to a call the worker could not make (gateway/calls.h): the
// core counts it against the shard's breaker and reports it as such.
function transportFailure(error) {
  return { error: { message: String(error?.message ?? error), transport: true } };
}

function noAnswer(ms) {
  return transportFailure(`no answer within ${ms} ms`);
}

// Durable Object ids by shard name: idFromName hashes the name on every
// call, and a busy gateway asks for the same few shards thousands of times
// a second. An id is a plain value, good in any request; the object's
// handle (SHARD.get) is made per call, as it belongs to its request.
const shardIds = new Map();
const SHARD_IDS_KEPT = 4096;

function shardStub(env, name) {
  let id = shardIds.get(name);
  if (id === undefined) {
    id = env.SHARD.idFromName(name);
    if (shardIds.size >= SHARD_IDS_KEPT) shardIds.clear();
    shardIds.set(name, id);
  }
  return env.SHARD.get(id);
}

// One call of a plan (gateway/calls.h). A shard that is unreachable, reset
// mid-call or too slow answers as a transport failure: its transaction
// either committed whole or not at all, and the core reports it so.
async function perform(call, env, ctx) {
  try {
    if (call.kv === 'get') return { values: await Promise.all(call.keys.map((key) => env.APP_CACHE.get(key))) };
    if (call.kv === 'write') {
      await Promise.all([
        ...call.puts.map(({ key, value, ttl }) => env.APP_CACHE.put(key, value, ttl ? { expirationTtl: ttl } : undefined)),
        ...call.deletes.map((key) => env.APP_CACHE.delete(key)),
      ]);
      return {};
    }
    if (call.d1 === 'batch') {
      const db = env.PORTABLE_DB;
      const results = await db.batch(call.statements.map(({ sql, params }) => db.prepare(sql).bind(...(params ?? []).map(toBinding))));
      return { results: results.map((r) => ({ rows: (r.results ?? []).map((row) => Object.values(row)) })) };
    }
    if (call.queue === 'send') {
      await env.DB_EVENTS.sendBatch(call.messages.map((body) => ({ body, contentType: 'text' })));
      return {};
    }
    if (call.config !== undefined) {
      const store = env.CONFIG.get(env.CONFIG.idFromName(call.config));
      return await (call.op === 'put' ? store.put(call.version, call.policy) : store.get());
    }
    const shard = shardStub(env, call.shard);
    if (call.reset) {
      await shard.reset().catch(() => {}); // the reset ends the call
      return { results: [] };
    }
    return await withTimeout(shard.run(call), call.timeoutMs, ctx);
  } catch (error) {
    return transportFailure(error);
  }
}

// A value another request's I/O provides: `settle(value)` from any request.
// workerd defers the waiter's continuation to the waiter's own context
// (cross-request promise settlement; for where that failed, see the
// batching below); the waiter's deadline (in its own context, `ctx`)
// keeps that context from counting as hung meanwhile, and after `ms`
// settles it with a transport failure (`onTimeout` first).
function fromOther(ms, ctx, onTimeout = () => {}) {
  let settle;
  let cancel;
  const promise = new Promise((resolve) => {
    settle = resolve;
    cancel = after(ctx, ms, () => {
      onTimeout();
      resolve(noAnswer(ms));
    });
  }).then((value) => {
    cancel();
    return value;
  });
  return { promise, settle };
}

// Identical reads in flight in this isolate, by the core's "share" key:
// they wait for one shard call. A waiter watches the shared slot from its
// own timers, so that whatever it does next starts in its own context.
const sharedReads = new Map();
export let sharedReadCount = 0; // for /v1/metrics
const SHARED_READ_POLL_MS = 2;

function performShared(call, env, ctx, batching) {
  const send = () => (batching ? performBatched(call, env, ctx) : perform(call, env, ctx));
  if (call.share === undefined) return send();
  const inFlight = sharedReads.get(call.share);
  if (inFlight !== undefined) {
    sharedReadCount++;
    return awaitShared(inFlight, call.timeoutMs);
  }
  const slot = { answer: undefined };
  sharedReads.set(call.share, slot);
  return send()
    .then((answer) => (slot.answer = answer))
    .finally(() => sharedReads.delete(call.share));
}

async function awaitShared(slot, timeoutMs) {
  for (let waited = 0; slot.answer === undefined; waited += SHARED_READ_POLL_MS) {
    if (waited > timeoutMs) return noAnswer(timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, SHARED_READ_POLL_MS));
  }
  return slot.answer;
}

// Sessions' calls with the same "batch" key (the core's, gateway/calls.h)
// in flight at once in this isolate go to their shard together: while one
// batch of them runs, the calls that come meanwhile wait, and go as the
// next batch in one RPC. Reads (TableShard.runReads) run in one
// transactionSync, each answered as alone; plain writes are group-committed
// (TableShard.runWrites: one wait for the shard, one transactionSync, one
// change capture, one commit), and so are the COMMITs of interactive
// transactions (TableShard.runCommits); their steps that hold nothing run
// in one transactionSync (TableShard.runSteps). Each call gets its own
// answer. What a batch shares is a call's cost (the RPC, its serialising,
// the object's wake-up, and for writes the commit), which is most of a
// point statement's. At one call at a time nothing waits; the busier the
// shard, the larger the batches.
//
// A batch is sent from the context of one of its requests, its leader,
// and kept alive by the leader's waitUntil. When a batch is answered, the
// first of the calls that came meanwhile leads the next from its own
// context. Only WebSocket sessions' statements batch: a plain HTTP
// request whose turn to lead came this way sometimes ran in another
// request's context (workerd refused the RPC as I/O on behalf of a
// different request, and the failures opened the shard's breaker), while
// sessions' statements never did in any run.
const lines = new Map(); // batch key -> {busy, since, waiting: [{call, settle}]}
const BATCH_MAX = 64;
// For /v1/metrics, by kind: calls sent in a batch of more than one, and
// such batches.
export const batched = {};
export const batches = {};
// The shard's method for a batch of each kind (gateway/calls.h).
const BATCH_METHODS = { read: 'runReads', write: 'runWrites', commit: 'runCommits', step: 'runSteps' };
const LEAD = Symbol('lead the next batch');

function performBatched(call, env, ctx) {
  if (call.batch === undefined) return perform(call, env, ctx);
  let line = lines.get(call.batch);
  if (line === undefined) {
    line = { busy: false, since: 0, waiting: [] };
    lines.set(call.batch, line);
  }
  // A batch whose leader never saw it answered (its context went away)
  // holds the line no longer than a call may take.
  if (!line.busy || Date.now() - line.since > call.timeoutMs) {
    // The leader goes a microtask later, so that the calls of the same
    // frame (a shared socket's channels), which reach here at the same
    // depth of the same turn, go with it rather than in a batch after it:
    // 16 pooled connections' strong reads, 19.2k -> 23.5k/s. A timer
    // instead gathered a little more and lost more (18.7k/s).
    line.busy = true;
    line.since = Date.now();
    return Promise.resolve().then(() => lead(line, call, env, ctx));
  }
  const waiter = { call };
  const { promise, settle } = fromOther(call.timeoutMs, ctx, () => {
    const at = line.waiting.indexOf(waiter);
    if (at >= 0) line.waiting.splice(at, 1);
  });
  waiter.settle = settle;
  line.waiting.push(waiter);
  return promise.then((answer) => (answer === LEAD ? lead(line, call, env, ctx) : answer));
}

function lead(line, call, env, ctx) {
  line.busy = true;
  line.since = Date.now();
  const others = line.waiting.splice(0, BATCH_MAX - 1);
  const kind = call.batch.slice(0, call.batch.indexOf(' ')); // the key begins with it (gateway/calls.h)
  if (others.length > 0) {
    batched[kind] = (batched[kind] ?? 0) + 1 + others.length;
    batches[kind] = (batches[kind] ?? 0) + 1;
  }
  const answered = others.length === 0 ? perform(call, env, ctx).then((answer) => [answer]) : performBatch(kind, [call, ...others.map((w) => w.call)], env, ctx);
  const sent = answered.then((answers) => {
    const next = line.waiting.shift();
    if (next === undefined) line.busy = false;
    else next.settle(LEAD);
    others.forEach((w, i) => w.settle(answers[i + 1]));
    return answers[0];
  });
  ctx.waitUntil(sent);
  return sent;
}

async function performBatch(kind, calls, env, ctx) {
  try {
    const shard = shardStub(env, calls[0].shard);
    const sent = shard[BATCH_METHODS[kind]](calls);
    return await withTimeout(sent, Math.max(...calls.map((c) => c.timeoutMs)), ctx);
  } catch (error) {
    return calls.map(() => transportFailure(error));
  }
}

// Runs plans until the core answers. Background plans (a policy refresh, a
// cache fill, a stale entry's refresh), whether a plan or the answer names
// them, run after it through ctx.waitUntil. `finish` is core.finish, or a
// session's (which keeps what the answer changed); `batching`: its shard
// calls may go in batches (a session's statements).
export async function drive(core, out, env, ctx, finish = (context, answers) => core.finish(context, answers), batching = false) {
  for (let step = 0; out.status === 0; step++) {
    if (step === MAX_STEPS) {
      return { status: 503, body: { error: { errno: 1317, code: 'ER_QUERY_INTERRUPTED', sqlState: '70100', message: 'Query execution was interrupted: the schema kept changing while planning' } } };
    }
    const plan = JSON.parse(out.body);
    if (plan.background) later(core, JSON.stringify(plan.background), env, ctx);
    // Promise.all even for one call: awaiting a batched call's promise
    // directly resumed this request in its batch leader's context, where
    // workerd refused the session's send as another request's I/O (tried
    // in session 17).
    const answers = await Promise.all(plan.calls.map((call) => performShared(call, env, ctx, batching)));
    out = finish(plan.context, answersText(answers));
  }
  if (out.background) later(core, out.background, env, ctx);
  return out;
}

// {"answers": [...]} for the core: a shard's answer is JSON text already
// (TableShard.run), the others are objects.
function answersText(answers) {
  return `{"answers":[${answers.map((answer) => (typeof answer === 'string' ? answer : JSON.stringify(answer))).join(',')}]}`;
}

function later(core, plan, env, ctx) {
  ctx.waitUntil(drive(core, { status: 0, body: plan }, env, ctx).catch((error) => console.error(`background: ${error?.stack ?? error}`)));
}
