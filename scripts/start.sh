#!/usr/bin/env bash
# npm start: the local gateway on http://127.0.0.1:${PORT:-8787}, with real
# local Durable Object SQLite, KV, Queues and D1 (wrangler dev), persisted in
# ${EDGE_SQL_STATE_DIR:-.wrangler/state} across restarts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash wasm/build.sh
export WRANGLER_SEND_METRICS=false
# wrangler appends every message, debug ones included, to a log file that
# is never rotated; the devtools proxy logs four for each of the Worker's
# binding calls (~100 MB in a few minutes of load), by default under
# ~/.config/.wrangler/logs. Keep this run's beside its state instead.
state_dir="${EDGE_SQL_STATE_DIR:-.wrangler/state}"
if [ -z "${WRANGLER_LOG_PATH:-}" ]; then
  mkdir -p "$state_dir"
  export WRANGLER_LOG_PATH="$state_dir/wrangler.log"
  : > "$WRANGLER_LOG_PATH"
fi
# Local development accepts requests without a token (EDGE_SQL_AUTH) and
# signs tokens with the documented dev secret; a deployment requires tokens
# and takes its secret from `wrangler secret put EDGE_SQL_TOKEN_SECRET`.
exec npx wrangler dev --ip 127.0.0.1 --port "${PORT:-8787}" \
  --var "EDGE_SQL_AUTH:${EDGE_SQL_AUTH:-optional}" \
  --var "EDGE_SQL_TOKEN_SECRET:${EDGE_SQL_TOKEN_SECRET:-edge-sql-dev-secret}" \
  --persist-to "$state_dir" --log-level "${EDGE_SQL_LOG_LEVEL:-info}"
