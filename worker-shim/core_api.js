// The JS face of core.wasm (wasm/edgesql_abi.h): strings in, strings out.
// Shared by the worker (core.js) and the CLI (scripts/edge-sql.mjs), which
// differ only in how they obtain the compiled WebAssembly.Module.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Strings up to this many UTF-16 units are encoded in place (see #write).
const kDirectLimit = 16384;

// Bytes a string (UTF-16 units) or byte array may take in the input buffer.
function room(p) {
  return typeof p === 'string' ? p.length * 3 : p.length;
}

// Writes p at heap[at]; returns the bytes written.
function put(heap, p, at) {
  if (typeof p !== 'string') {
    heap.set(p, at);
    return p.length;
  }
  return encoder.encodeInto(p, heap.subarray(at, at + p.length * 3)).written;
}

// gateway::SocketRefusal's values (gateway/session.h).
const SOCKET_REFUSALS = { malformedFrame: 0, noSession: 1, channelTaken: 2, tooManySessions: 3, workerFault: 4 };

export class Core {
  // `factory` is the Emscripten MODULARIZE export of core.mjs; `wasmModule` a
  // compiled WebAssembly.Module. Workers may not compile wasm from bytes, so
  // the instantiateWasm hook hands Emscripten an instance made from it.
  static async create(factory, wasmModule) {
    let memory;
    const mod = await factory({
      instantiateWasm(imports, receive) {
        const instance = new WebAssembly.Instance(wasmModule, imports);
        memory = Object.values(instance.exports).find((v) => v instanceof WebAssembly.Memory);
        receive(instance, wasmModule);
        return instance.exports;
      },
    });
    return new Core(mod, memory);
  }

  constructor(mod, memory) {
    this.mod = mod;
    this.memory = memory;
    this.abiVersion = mod._esql_abi_version();
    // Where the core leaves each result's [address, length]: fixed, so read
    // from memory after each call instead of asked for by two more calls.
    this.#view = mod._esql_result_view() >>> 2;
  }

  #view;
  // The wasm memory as bytes and as words; new views only after memory grew
  // (growth detaches the old buffer, which leaves its views empty).
  #heap = new Uint8Array(0);
  #words = new Uint32Array(0);
  #bytes() {
    if (this.#heap.length === 0) {
      this.#heap = new Uint8Array(this.memory.buffer);
      this.#words = new Uint32Array(this.memory.buffer);
    }
    return this.#heap;
  }
  // The input buffer, kept between calls while it is big enough (the core's
  // buffer only grows, and stays put until the next esql_input_buffer).
  #input = 0;
  #inputCapacity = 0;
  // [pointer, length] of each string after #write, reused by every call.
  #at = new Uint32Array(4);

  // Copies the strings into the core's input buffer, back to back, and
  // leaves [pointer, length] pairs for them in #at. Short strings are encoded
  // straight into wasm memory (encode() would allocate an array per string,
  // which for a short statement costs as much as translating it); long ones
  // are measured first, so the buffer never needs three bytes per character.
  #write(a, b = '') {
    const pa = a.length > kDirectLimit ? encoder.encode(a) : a;
    const pb = b.length > kDirectLimit ? encoder.encode(b) : b;
    const needed = room(pa) + room(pb);
    if (needed > this.#inputCapacity) {
      // Grown with room to spare, so a run of slightly longer inputs asks once.
      const capacity = Math.max(needed, 2 * this.#inputCapacity, 4096);
      this.#input = this.mod._esql_input_buffer(capacity);
      this.#inputCapacity = this.#input === 0 ? 0 : capacity;
      if (this.#input === 0) throw new Error('core.wasm: out of memory');
    }
    const base = this.#input;
    const heap = this.#bytes();
    const na = put(heap, pa, base);
    const nb = put(heap, pb, base + na);
    const at = this.#at;
    at[0] = base;
    at[1] = na;
    at[2] = base + na;
    at[3] = nb;
    return at;
  }

  // Calls core entry point `entry` with the strings a and b (as pointer,
  // length pairs) and reads its result.
  #call(entry, a, b = '') {
    const at = this.#write(a, b);
    return this.#result(entry(at[0], at[1], at[2], at[3]));
  }

  // {status, body, background?}: background is a plan (JSON text) to run
  // after a final answer is sent.
  #result(status) {
    const heap = this.#bytes();
    const words = this.#words;
    const view = this.#view;
    const out = { status, body: decoder.decode(heap.subarray(words[view], words[view] + words[view + 1])) };
    if (words[view + 3] !== 0) out.background = decoder.decode(heap.subarray(words[view + 2], words[view + 2] + words[view + 3]));
    return out;
  }

  // `caller` is {authorization, secret, auth, now} as JSON text: what the
  // worker received and how it is configured; the core judges it.
  plan(requestBody, caller) {
    return this.#call(this.mod._esql_plan, requestBody, caller);
  }

  planSetPolicy(requestBody, caller) {
    return this.#call(this.mod._esql_plan_set_policy, requestBody, caller);
  }

  planBatch(requestBody, caller) {
    return this.#call(this.mod._esql_plan_batch, requestBody, caller);
  }

  planResetShard(requestBody, caller) {
    return this.#call(this.mod._esql_plan_reset_shard, requestBody, caller);
  }

  // The db-events consumer: `messages` is a JSON array of the batch's
  // bodies -> plan, then {"retry": [index, ...]}.
  // A db-events batch (gateway/queue_consumer.h); `mirror`: the worker has
  // the D1 mirror.
  planQueueBatch(messages, now, mirror = false) {
    return this.#call(this.mod._esql_plan_queue_batch, messages, JSON.stringify({ now, mirror }));
  }

  // POST /v1/admin/mirror/verify (gateway/mirror_verify.h).
  planMirrorVerify(body, caller) {
    return this.#call(this.mod._esql_plan_mirror_verify, body, caller);
  }

  // Prometheus text of this isolate's metrics; `worker` is {sharedReads}.
  metrics(caller, worker) {
    return this.#call(this.mod._esql_metrics, caller, JSON.stringify(worker));
  }

  planReplayEvents(requestBody, caller) {
    return this.#call(this.mod._esql_plan_replay_events, requestBody, caller);
  }

  // `answers` is {"answers": [...]}, one per call of the plan, as JSON text.
  finish(context, answers) {
    return this.#call(this.mod._esql_finish, context, answers);
  }

  // A session for a WebSocket (gateway/session.h): `caller` as plan()'s plus
  // a nonce -> {status, body: {"session": id}} or the caller's error.
  sessionOpen(caller, database = '') {
    return this.#call(this.mod._esql_session_open, caller, database);
  }

  // One message of session `id` (JSON text) -> plan (0) or the reply to
  // send, {"id": the message's id, ...final answer}.
  sessionMessage(id, message, now) {
    const at = this.#write(message);
    return this.#result(this.mod._esql_session_message(id, at[0], at[1], now));
  }

  // finish() for a plan of session `id`, a final answer as sessionMessage's
  // reply: the session keeps what it changed.
  sessionFinish(id, context, answers) {
    const at = this.#write(context, answers);
    return this.#result(this.mod._esql_session_finish(id, at[0], at[1], at[2], at[3]));
  }

  // The socket closed: a plan rolling its transaction back, or {}.
  sessionClose(id) {
    return this.#result(this.mod._esql_session_close(id));
  }

  // The reply to a message a socket refused (gateway/session.h,
  // SocketRefusal: a key of SOCKET_REFUSALS), its id as JSON text.
  socketRefusal(why, id, detail = '') {
    const at = this.#write(id, detail);
    return this.#result(this.mod._esql_socket_refusal(SOCKET_REFUSALS[why], at[0], at[1], at[2], at[3])).body;
  }

  get sessionCount() {
    return this.mod._esql_session_count();
  }

  // What a shard runs of its own: {bootstrap, capture, outboxRead,
  // outboxDelete} (gateway/shard_statements.h).
  shardProgram() {
    return JSON.parse(this.#result(this.mod._esql_shard_bootstrap()).body);
  }

  analyze(sql) {
    const at = this.#write(sql);
    return this.#result(this.mod._esql_analyze(at[0], at[1]));
  }

  transpile(sql, database = '') {
    return this.#call(this.mod._esql_transpile, sql, database);
  }

  // One statement's analysis plus `sqlite`, the statements it becomes: one
  // lex and one analysis (what the gateway's plan step does to the text).
  translate(sql, database = '') {
    return this.#call(this.mod._esql_translate, sql, database);
  }

  // A table policy (JSON text), checked against a MySQL schema script when
  // one is given -> {status, body}: 200 with a summary, or the MySQL error
  // naming the offending path.
  checkPolicy(policyJson, schemaSql = '') {
    return this.#call(this.mod._esql_check_policy, policyJson, schemaSql);
  }
  // Makes a table policy (JSON text) current for `database` in this
  // instance, if its version is newer -> {status, body}.
  setPolicy(database, policyJson) {
    return this.#call(this.mod._esql_set_policy, database, policyJson);
  }
  // Each statement's routing decision under the stored policy; `request` is
  // {database, params, tenant} (JSON text) -> {status, body}.
  explain(sql, request = '{}') {
    return this.#call(this.mod._esql_explain, sql, request);
  }
  // A MySQL script -> [{sql, line}], the statements the mysql client would
  // send; throws the MySQL error (errno, sqlState) for a bad DELIMITER.
  splitScript(text) {
    const at = this.#write(text);
    const out = this.#result(this.mod._esql_split_script(at[0], at[1]));
    if (out.status === 200) return JSON.parse(out.body);
    const { error } = JSON.parse(out.body);
    throw Object.assign(new Error(error.message), error);
  }
}
