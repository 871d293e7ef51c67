#!/usr/bin/env bash
# Installs whatever this machine lacks to build and test Edge SQL: Debian
# packages (compilers, Emscripten, test libraries; optionally database
# servers) and the npm dependencies.
#
#   bash scripts/setup.sh                  # build and test
#   bash scripts/setup.sh --with-mariadb   # + MariaDB, for difftest --regenerate
#   bash scripts/setup.sh --with-servers   # + MariaDB and PostgreSQL, for the
#                                          #   benchmarks against real servers
# Fast when everything is present; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake g++ make emscripten nlohmann-json3-dev googletest libgtest-dev libbenchmark-dev
          libsqlite3-dev
          clang clang-format)
# MariaDB is only needed to regenerate the differential suite's expectations
# (node difftest/run.mjs --regenerate); npm test checks the stored ones.
# The benchmarks also compare against private MariaDB and PostgreSQL servers
# (difftest/mariadb.mjs, bench/postgres.mjs start them; none is left running).
case "${1:-}" in
  --with-mariadb) packages+=(mariadb-server mariadb-client) ;;
  --with-servers) packages+=(mariadb-server mariadb-client postgresql) ;;
  "") ;;
  *) echo "usage: bash scripts/setup.sh [--with-mariadb | --with-servers]" >&2; exit 2 ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  WRANGLER_SEND_METRICS=false npm ci --no-audit --no-fund --loglevel=error
fi
