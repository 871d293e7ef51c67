// The JS face of core.wasm (wasm/edgesql_abi.h): strings in, strings out.
// Shared by the worker (core.js) and the CLI (scripts/edge-sql.mjs), which
// differ only in how they obtain the compiled WebAssembly.Module.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Strings up to this many UTF-16 units are encoded in place (see #write).
const kDirectLimit = 16384;

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
  }

  // Copies the strings into the core's input buffer, back to back, and
  // returns [pointer, length] pairs for them. Short strings are encoded
  // straight into wasm memory (encode() would allocate an array per string,
  // which for a short statement costs as much as translating it); long ones
  // are measured first, so the buffer never needs three bytes per character.
  #write(...strings) {
    const parts = strings.map((s) => (s.length > kDirectLimit ? encoder.encode(s) : s));
    let capacity = 0;
    for (const p of parts) capacity += typeof p === 'string' ? p.length * 3 : p.length;
    const base = this.mod._esql_input_buffer(capacity);
    if (base === 0) throw new Error('core.wasm: out of memory');
    const heap = new Uint8Array(this.memory.buffer);
    let at = base;
    return parts.map((p) => {
      let n = p.length;
      if (typeof p === 'string') n = encoder.encodeInto(p, heap.subarray(at, at + p.length * 3)).written;
      else heap.set(p, at);
      at += n;
      return [at - n, n];
    });
  }

  #result(status) {
    const ptr = this.mod._esql_result_data();
    const len = this.mod._esql_result_len();
    return { status, body: decoder.decode(new Uint8Array(this.memory.buffer, ptr, len)) };
  }

  plan(requestBody) {
    const [[p, n]] = this.#write(requestBody);
    return this.#result(this.mod._esql_plan(p, n));
  }

  finish(context, shardResult) {
    const [[cp, cn], [rp, rn]] = this.#write(context, shardResult);
    return this.#result(this.mod._esql_finish(cp, cn, rp, rn));
  }

  shardBootstrap() {
    return JSON.parse(this.#result(this.mod._esql_shard_bootstrap()).body);
  }

  analyze(sql) {
    const [[p, n]] = this.#write(sql);
    return this.#result(this.mod._esql_analyze(p, n));
  }

  transpile(sql, database = '') {
    const [[p, n], [dp, dn]] = this.#write(sql, database);
    return this.#result(this.mod._esql_transpile(p, n, dp, dn));
  }

  // One statement's analysis plus `sqlite`, the statements it becomes: one
  // lex and one analysis (what the gateway's plan step does to the text).
  translate(sql, database = '') {
    const [[p, n], [dp, dn]] = this.#write(sql, database);
    return this.#result(this.mod._esql_translate(p, n, dp, dn));
  }

  // A MySQL script -> [{sql, line}], the statements the mysql client would
  // send; throws the MySQL error (errno, sqlState) for a bad DELIMITER.
  splitScript(text) {
    const [[p, n]] = this.#write(text);
    const out = this.#result(this.mod._esql_split_script(p, n));
    if (out.status === 200) return JSON.parse(out.body);
    const { error } = JSON.parse(out.body);
    throw Object.assign(new Error(error.message), error);
  }
}
