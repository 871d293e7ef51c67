// Loads core.wasm once per isolate; every request and Durable Object in the
// isolate shares the instance (the core keeps no per-request state).
import wasmModule from './generated/core.wasm';
import createCoreModule from './generated/core.mjs';
import { Core } from './core_api.js';

let pending;

export function loadCore() {
  pending ??= Core.create(createCoreModule, wasmModule);
  return pending;
}
