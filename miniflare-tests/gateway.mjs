// Starts and stops a real local gateway (wrangler dev: workerd with Durable
// Object SQLite, KV, Queues, D1) for tests and benchmarks.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Resolves once GET /v1/health answers 200. `stateDir` persists data; a fresh
// temporary directory by default.
export async function startGateway({ stateDir, port, timeoutMs = 120_000 } = {}) {
  port ??= await freePort();
  stateDir ??= mkdtempSync(join(tmpdir(), 'edge-sql-state-'));
  const server = await startServer({
    command: 'bash',
    args: ['scripts/start.sh'],
    env: { PORT: String(port), EDGE_SQL_STATE_DIR: stateDir, EDGE_SQL_LOG_LEVEL: 'warn' },
    health: `http://127.0.0.1:${port}/v1/health`,
    timeoutMs,
  });
  return { url: `http://127.0.0.1:${port}`, port, stateDir, pid: server.pid, log: server.log, stop: server.stop };
}

// Starts `command args` in the repository (in its own process group, so
// stop() also ends the workerd it spawns) and resolves once `health`
// answers 200: {pid, log(), stop()}.
export async function startServer({ command, args, env = {}, health, timeoutMs = 120_000 }) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.on('exit', () => { exited = true; });
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(health);
      if (res.status === 200) return { pid: child.pid, log: () => log, stop: () => stop(child) };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop(child);
  throw new Error(`${command} ${args.join(' ')} did not become healthy at ${health}:\n${log.slice(-4000)}`);
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.on('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
    setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    }, 5000).unref();
  });
}
