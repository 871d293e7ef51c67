// The private temporary directories of throwaway database servers
// (difftest/mariadb.mjs, bench/postgres.mjs). Each holds runner.pid, the
// Node process that started it, and the server's data and pid file; what a
// runner killed without a chance to stop its server leaves behind is found
// and cleaned up by the next run.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Whether `pid` has exited: gone, or a zombie its parent has not reaped yet
// (a child stays one until the event loop runs again; a runner killed under
// a lazily reaping init stays one for a while).
export function hasExited(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch (e) {
    if (e.code === 'ENOENT') return true;
  }
  try { // not Linux
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code !== 'EPERM';
  }
}

export const alive = (pid) => !hasExited(pid);

// Waits, blocking (it also runs in 'exit'), until `pid` has exited or `ms`
// have passed; whether it exited.
export function waitExitSync(pid, ms) {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + ms;
  while (!hasExited(pid) && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 10);
  return hasExited(pid);
}

/** The pid on the first line of `file`; 0 when there is none. */
export function readPid(file) {
  try {
    return Number(readFileSync(file, 'utf8').split('\n')[0].trim()) || 0;
  } catch {
    return 0;
  }
}

function statMtime(dir) {
  try {
    return statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}

// Cleans up after earlier runs whose runner died without stop() (SIGKILL
// leaves no chance): a server left running is stopped (`stop(pid)`, only if
// `serves(pid, dir)`: its command line names the directory, so only our own
// servers are ever stopped), and a directory whose runner and server are
// both gone is removed. Directories of a live runner belong to a concurrent
// run and are left alone. `pidFile(dir)` is where the server writes its pid;
// without one, the directory holds no server's pid (a benchmarked Worker's
// state: its runner stops it). The directories are under `root`.
export function removeStaleDirs(prefix, { root = tmpdir(), pidFile, serves, stop }) {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(prefix)) continue;
    const dir = join(root, name);
    try {
      const runner = readPid(join(dir, 'runner.pid'));
      if (runner && alive(runner)) continue;
      const server = pidFile ? readPid(pidFile(dir)) : 0;
      if (server && alive(server)) {
        if (!serves(server, dir)) continue;
        stop(server);
        if (!waitExitSync(server, 10_000)) continue; // removed by a later run
      }
      if (!runner && Date.now() - statMtime(dir) < 10 * 60_000) continue; // not ours to judge yet
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // someone else's directory, or already gone
    }
  }
}
