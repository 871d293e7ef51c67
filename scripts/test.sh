#!/usr/bin/env bash
# npm test: set-up, both builds, GoogleTest through ctest, then the
# miniflare-tests and client tests against a real running worker, then the
# benchmark harness's one-minute smoke run. Ends with
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/build.sh || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

ctest_log=$(mktemp)
ctest --test-dir build/native --output-on-failure -j2 2>&1 | tee "$ctest_log"
# "100% tests passed, 0 tests failed out of 57"
ctest_total=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$ctest_log" | tail -1)
ctest_failed=$(sed -n 's/.* \([0-9]*\) tests failed out of.*/\1/p' "$ctest_log" | tail -1)
ctest_total=${ctest_total:-0}
ctest_failed=${ctest_failed:-1}
rm -f "$ctest_log"

node miniflare-tests/run.mjs
node_status=$?
node_counts=$(cat build/node-test-counts 2>/dev/null || echo "0 1")
node_passed=${node_counts% *}
node_failed=${node_counts#* }

# The benchmark harness, as a smoke test: every engine and workload runs for
# a second and nothing is lost (no timing is asserted).
bench_passed=0
bench_failed=0
if bash scripts/setup.sh --with-servers && node bench/run.mjs --quick > build/bench-quick.log 2>&1; then
  bench_passed=1
  echo "bench --quick: ok (build/bench-quick/)"
else
  bench_failed=1
  echo "bench --quick failed:"; tail -40 build/bench-quick.log
fi

passed=$((ctest_total - ctest_failed + node_passed + bench_passed))
failed=$((ctest_failed + node_failed + bench_failed))
[ "$node_status" -eq 0 ] || [ "$node_failed" -gt 0 ] || failed=$((failed + 1))
echo "ctest: $((ctest_total - ctest_failed)) passed, $ctest_failed failed; node: $node_passed passed, $node_failed failed; bench smoke: $bench_passed passed, $bench_failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
