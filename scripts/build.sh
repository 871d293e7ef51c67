#!/usr/bin/env bash
# Builds the native core (tests, benchmarks) and core.wasm. Incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${EDGESQL_JOBS:-2}"
if [ ! -f build/native/CMakeCache.txt ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/native -j"$jobs" >/dev/null
bash wasm/build.sh
