#!/usr/bin/env bash
# Builds core.wasm with Emscripten into worker-shim/generated/. Incremental:
# CMake only recompiles what changed. wrangler runs this as its build command.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's Emscripten tools need acorn and friends from Debian's node modules.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
if ! command -v emcmake >/dev/null; then
  echo "wasm/build.sh: Emscripten is missing; run scripts/setup.sh" >&2
  exit 1
fi
build=build/wasm
mkdir -p build
# One build at a time: wrangler's watcher, npm test and a developer may all
# start one, and two writers in one build directory corrupt the output.
exec 9>build/.wasm-build.lock
flock 9
if [ ! -f "$build/CMakeCache.txt" ]; then
  emcmake cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build "$build" --target edgesql_wasm -j"${EDGESQL_JOBS:-2}" >/dev/null
mkdir -p worker-shim/generated
for f in core.mjs core.wasm; do
  cmp -s "$build/wasm/$f" "worker-shim/generated/$f" 2>/dev/null || cp "$build/wasm/$f" worker-shim/generated/
done
