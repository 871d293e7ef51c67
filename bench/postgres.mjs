// Starts a private, throwaway PostgreSQL server for the benchmarks, the way
// difftest/mariadb.mjs starts MariaDB: a fresh cluster (initdb) and its unix
// socket under a new temporary directory, no TCP unless asked for (then
// loopback only: `tcpPort`), UTC,
// UTF-8. The caller owns the returned handle and must call stop(); stop() is
// also run when the process exits or is interrupted, so a crashed run leaves
// no server behind, and a later run stops and removes what a killed one left.
//
//   const server = await startPostgres();
//   const client = await server.connect();          // a connected pg Client
//   await client.query('CREATE DATABASE bench');
//   const db = await server.connect({ database: 'bench' });
//   ...
//   await server.stop();                            // also ends open clients
//
// stop() ends the clients connect() made (connections made otherwise, such
// as a pg Pool's, must be closed first: a pg Client whose server goes away
// emits 'error'), then shuts the server down immediately (SIGQUIT: no
// shutdown checkpoint, the data is thrown away; the postmaster still stops
// its children and frees its shared memory) and removes the directory.
//
// Binaries: Debian's postgresql-NN (the newest /usr/lib/postgresql/*/bin),
// else initdb and postgres on PATH. PostgreSQL refuses to run as root, so a
// root runner starts initdb and the server as the `postgres` system user (the
// Debian package creates it) through spawn's uid/gid, which execs the binary
// directly: the child's pid is the postmaster's own, so signals reach it and
// no wrapper process (runuser, setpriv) stands in between. Other runners use
// their own user. Either way the superuser role is `postgres`, and local
// (socket) connections use trust authentication: the socket's directory is
// private to the server's user (and root), so nobody else can reach it.
//
// Settings, chosen to match difftest/mariadb.mjs's MariaDB so that the two
// servers are compared on equal terms:
// - synchronous_commit=off: a commit returns before its WAL is flushed, like
//   MariaDB's innodb_flush_log_at_trx_commit=0 (the WAL writer flushes in the
//   background). A crash can lose the last fraction of a second of commits
//   but never corrupts the cluster. fsync stays on, as MariaDB's InnoDB still
//   fsyncs its log and data files: fsync=off would be a faster-than-real
//   server that no one runs.
// - shared_buffers=32MB, like MariaDB's 32 MB InnoDB buffer pool.
// - max_connections=100 (PostgreSQL's default, stated): 64 benchmark clients
//   plus the harness's own, with room to spare.
// - timezone=UTC, UTF8 encoding, C locale (byte order, no dependency on the
//   machine's installed locales).
// - initdb --no-sync: the cluster is thrown away, so making it durable first
//   only costs start-up time.
// Everything else is PostgreSQL's default (autovacuum on, JIT on for costly
// plans, full_page_writes on).
import { execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { removeStaleDirs, waitExitSync } from '../difftest/throwaway_dirs.mjs';

const TMP_PREFIX = 'edge-sql-postgres-';
const PORT = 5432; // only names the socket file (.s.PGSQL.5432): there is no TCP
const SUPERUSER = 'postgres';

// The newest Debian postgresql-NN's bin directory, else the one on PATH
// that holds both initdb and postgres.
function findBinDir() {
  const root = '/usr/lib/postgresql';
  let versions = [];
  try {
    versions = readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    // not installed
  }
  const candidates = [...versions.map((v) => join(root, v, 'bin')), ...(process.env.PATH ?? '').split(':')];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  }
  throw new Error('PostgreSQL server binaries (initdb, postgres) not found under /usr/lib/postgresql/*/bin: '
    + 'apt-get install postgresql (bash scripts/setup.sh --with-servers does)');
}

// The uid and gid to run the server as: the `postgres` system user for a
// root runner (PostgreSQL refuses root), else none (the runner's own).
function serverUser() {
  if (process.getuid?.() !== 0) return {};
  try {
    const id = (flag) => Number(execFileSync('id', [flag, SUPERUSER], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('PostgreSQL will not run as root and there is no `postgres` system user to run it as: '
      + 'apt-get install postgresql creates it (bash scripts/setup.sh --with-servers does)');
  }
}

// A root runner's server user must be able to reach the directory: every
// ancestor must be searchable by others (or owned by that user).
function checkReachable(dir, uid) {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const st = statSync(d);
    if (st.uid !== uid && !(st.mode & 0o001)) {
      throw new Error(`the postgres user cannot reach ${dir} (${d} is not searchable by others): `
        + 'set TMPDIR to a directory it can reach, such as /tmp');
    }
    if (d === dirname(d)) return;
  }
}

function run(file, args, options, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...options, timeout: timeoutMs, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

// Whether `pid` is the postgres serving `dir` (its command line names that
// run's private data directory), so that only our own servers are ever stopped.
function servesDir(pid, dir) {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return argv.includes(join(dir, 'data'));
  } catch {
    return false; // not Linux, or gone
  }
}

// Resolves once the server accepts connections on its socket.
// `tcpPort`: also listen on 127.0.0.1 at that port, and connect() through
// it (trust authentication there too: a throwaway server on loopback).
export async function startPostgres({ timeoutMs = 60_000, log = () => {}, tcpPort } = {}) {
  const { Client } = (await import('pg')).default;
  const bin = findBinDir();
  const user = serverUser();
  removeStaleDirs(TMP_PREFIX, {
    pidFile: (dir) => join(dir, 'data', 'postmaster.pid'),
    serves: servesDir,
    stop: (pid) => process.kill(pid, 'SIGQUIT'), // immediate shutdown: the data is thrown away
  });

  const dir = mkdtempSync(join(tmpdir(), TMP_PREFIX));
  writeFileSync(join(dir, 'runner.pid'), String(process.pid));
  const datadir = join(dir, 'data');
  // Everything the server writes lives in `dir`; its cwd too (the runner's
  // may be closed to the postgres user).
  const childOptions = { ...user, cwd: dir, env: { ...process.env, LC_ALL: 'C' } };
  try {
    if (user.uid !== undefined) {
      chownSync(dir, user.uid, user.gid);
      checkReachable(dir, user.uid);
    }
    log(`postgres: initdb ${datadir}`);
    await run(join(bin, 'initdb'), ['-D', datadir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8',
      '--locale=C', '--no-sync', '--no-instructions'], childOptions, timeoutMs);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const settings = {
    listen_addresses: tcpPort ? '127.0.0.1' : '', // loopback only, or no TCP at all
    unix_socket_directories: dir, // socket well under the 108-byte sun_path limit
    port: tcpPort ?? PORT,
    // A benchmark server comparable to difftest/mariadb.mjs's MariaDB (see the top).
    synchronous_commit: 'off',
    fsync: 'on',
    shared_buffers: '32MB',
    max_connections: 100,
    timezone: 'UTC',
    log_timezone: 'UTC',
    logging_collector: 'off', // log to stderr, which is kept for errors
  };
  const args = ['-D', datadir, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const postgres = join(bin, 'postgres');
  log(`postgres: starting ${postgres}`);
  const child = spawn(postgres, args, { ...childOptions, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  let exited = false;
  const exitPromise = new Promise((resolve) => {
    const done = () => { exited = true; resolve(); };
    child.on('exit', done);
    child.on('error', (e) => { stderr += `${e.message}\n`; done(); }); // could not spawn
  });

  const clients = new Set();
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killNow);
    for (const s of ['SIGINT', 'SIGTERM']) process.off(s, onSignal);
    // End our clients first: a server that goes away under an idle pg Client
    // makes it emit 'error', which throws when nobody listens.
    await Promise.all([...clients].map((c) => Promise.race([
      c.end().catch(() => {}), new Promise((r) => setTimeout(r, 5_000).unref())])));
    if (!exited) {
      child.kill('SIGQUIT'); // immediate shutdown (see the top)
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 20_000);
      await exitPromise;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Last-resort cleanup when the runner dies without calling stop(); must be
  // synchronous, as it runs in 'exit'. Immediate shutdown rather than
  // SIGKILL: the postmaster then stops its children and frees its shared
  // memory (a killed one leaves a SysV segment and /dev/shm files behind).
  const killNow = () => {
    if (!exited && child.pid) {
      try {
        child.kill('SIGQUIT');
        if (!waitExitSync(child.pid, 10_000)) child.kill('SIGKILL');
      } catch {
        // gone
      }
    }
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
  };
  const onSignal = (sig) => { killNow(); process.exit(sig === 'SIGINT' ? 130 : 143); };
  process.on('exit', killNow);
  for (const s of ['SIGINT', 'SIGTERM']) process.once(s, onSignal);

  const connect = async (options = {}) => {
    if (stopped) throw new Error('postgres: connect() after stop()');
    const where = tcpPort ? { host: '127.0.0.1', port: tcpPort } : { host: dir, port: PORT };
    const client = new Client({ ...where, user: SUPERUSER, database: 'postgres', ...options });
    await client.connect();
    clients.add(client);
    client.once('end', () => clients.delete(client));
    return client;
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`postgres exited during start-up:\n${stderr}`);
    }
    if (existsSync(join(dir, `.s.PGSQL.${tcpPort ?? PORT}`))) {
      try {
        // A throwaway client, not connect()'s: one failing here (57P03, "the
        // database system is starting up") needs no tracking.
        const probe = new Client({ host: dir, port: tcpPort ?? PORT, user: SUPERUSER, database: 'postgres' });
        probe.on('error', () => {});
        try {
          await probe.connect();
          const { rows: [row] } = await probe.query('SHOW server_version');
          log(`postgres: ${row.server_version} ready on ${dir}`);
          return { socketDir: dir, version: row.server_version, dir, connect, stop };
        } finally {
          await probe.end().catch(() => {});
        }
      } catch {
        // socket there but not accepting yet
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`postgres did not accept connections within ${timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
