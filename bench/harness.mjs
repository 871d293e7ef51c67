// What the gateway benchmarks share: their command-line options, a gateway
// to measure (a running one named by EDGE_SQL_URL, or one started for the
// run on fresh state and stopped after), git facts for the report, and the
// statistics their reports quote.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { removeStaleDirs } from '../difftest/throwaway_dirs.mjs';
import { startGateway } from '../miniflare-tests/gateway.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The value after `--name` on the command line, or `fallback`. */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
}

// Where a benchmarked Worker keeps its Durable Object state. workerd's local
// SQLite syncs the disk at every commit (WAL, synchronous=FULL), with no
// setting to defer it, while MariaDB here runs with
// innodb_flush_log_at_trx_commit=0 and PostgreSQL with synchronous_commit=off:
// both defer theirs. On tmpfs the sync costs nothing, so no engine waits for
// the disk at commit (measured: the floor's UPDATE transactions 4.7k -> 15.4k
// a second, Edge SQL's 1.5k -> 2.3k; bench/results/2026-11-24-s23b.md). A
// deployed Durable Object's commit waits for replication instead, which no
// local run has.
const kShm = '/dev/shm';

/** The directory under which benchmarked Workers keep their state (see above). */
export const stateRoot = (() => {
  try {
    accessSync(kShm, constants.W_OK);
    return kShm;
  } catch {
    return tmpdir(); // no tmpfs: the reports say so (stateWhere)
  }
})();

/** Where a Worker this run started kept its state, as a report says it. */
export const stateWhere = stateRoot === kShm
  ? 'on tmpfs (`/dev/shm`: no engine waits for the disk at commit, bench/harness.mjs)'
  : `in ${stateRoot}, on disk (no tmpfs here: each of its commits waits for the disk, unlike MariaDB's)`;

/**
 * A fresh state directory `<stateRoot>/<prefix>XXXXXX`, marked with this process as its runner;
 * first removes those of `prefix` whose runner is gone (a run killed before it could clean up:
 * on tmpfs they would hold memory).
 */
export function stateDir(prefix) {
  removeStaleDirs(prefix, { root: stateRoot });
  const dir = mkdtempSync(join(stateRoot, prefix));
  writeFileSync(join(dir, 'runner.pid'), `${process.pid}\n`);
  return dir;
}

/** {url, own, pid?, stop()}: `own` (and its process, `pid`) when this run started the gateway (on `port`, else a free one). */
export async function openGateway(name, port) {
  if (process.env.EDGE_SQL_URL) {
    return { url: process.env.EDGE_SQL_URL.replace(/\/$/, ''), own: false, stop: async () => {} };
  }
  const dir = stateDir(`edge-sql-bench-${name}-`);
  process.stderr.write('starting a gateway (builds wasm first, ~45 s)...\n');
  const gateway = await startGateway({ stateDir: dir, port: port ? Number(port) : undefined });
  process.stderr.write(`gateway ready on ${gateway.url}\n`);
  return {
    url: gateway.url,
    own: true,
    pid: gateway.pid,
    stop: async () => {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `git args...` in the repository, '' when it fails (no git, no repository). */
export function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** The report's machine line: CPU, load average before (`loadBefore`) and now, Node. */
export function machineLine(loadBefore) {
  const load = (l) => l.map((x) => x.toFixed(1)).join(' ');
  return `- Machine: ${cpus()[0]?.model ?? 'unknown'}, nproc ${availableParallelism()}, load average before the run ` +
    `${load(loadBefore)}, after ${load(loadavg())}; Node ${process.version}; the client runs on the same machine.`;
}

/** The report's commit line, saying when the work tree had uncommitted changes. */
export function commitLine() {
  const dirty = git('status', '--porcelain') ? ' (with uncommitted changes in the work tree)' : '';
  return `- Commit ${git('rev-parse', '--short', 'HEAD') || 'unknown'}${dirty}.`;
}

/** The median of `xs`. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The `q` quantile of the ascending `sorted`; NaN when it is empty. */
export const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** "median (min–max)" of `xs` with `digits` decimals; the value alone when there is one. */
export const spread = (xs, digits) => {
  const fmt = (x) => x.toFixed(digits);
  return xs.length === 1 ? fmt(xs[0]) : `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
};
