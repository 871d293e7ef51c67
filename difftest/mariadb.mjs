// Starts a private, throwaway MariaDB server for the differential tests: its
// own datadir and unix socket under a fresh temporary directory, no TCP
// (--skip-networking) unless a benchmark asks for loopback (`tcpPort`),
// MySQL 8's default sql_mode, UTC, utf8mb4. The caller
// owns the returned handle and must call stop(); stop() is also run when the
// process exits or is interrupted, so a crashed run leaves no server behind.
//
//   const server = await startMariaDB();
//   const conn = await server.connect();   // a mysql2/promise connection
//   ...
//   await server.stop();
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleDirs } from './throwaway_dirs.mjs';

// MySQL 8.0's defaults, so strict-mode errors (1264, 1265, 1406, 1366, 1365)
// are raised the way a MySQL 8 server raises them.
export const SQL_MODE = 'ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,'
  + 'ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';
// MySQL 8's default is utf8mb4_0900_ai_ci, which MariaDB does not have. The
// general _ci collation agrees with it on case and accents (a = A, e = é);
// they differ on trailing spaces (PAD SPACE vs NO PAD) and expansions
// (ß = ss), which the cases avoid.
export const COLLATION = 'utf8mb4_general_ci';

const TMP_PREFIX = 'edge-sql-mariadb-';

function findBinary(names) {
  const dirs = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/usr/libexec',
    ...(process.env.PATH ?? '').split(':')];
  for (const name of names) {
    for (const dir of dirs) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  throw new Error(`${names.join(' / ')} not found: install mariadb-server and mariadb-client (bash scripts/setup.sh --with-mariadb) `
    + '(bash scripts/setup.sh does)');
}

function run(file, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

// Whether `pid` is the mariadbd serving `dir` (its command line names that
// run's private datadir), so that only our own servers are ever stopped.
function servesDir(pid, dir) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--datadir=${join(dir, 'data')}`);
  } catch {
    return false; // not Linux, or gone
  }
}


// Resolves once the server accepts connections on its socket.
// `tcpPort`: also listen on 127.0.0.1 at that port, and connect() through
// it (for benchmarks, which reach every server over loopback TCP).
export async function startMariaDB({ timeoutMs = 60_000, log = () => {}, tcpPort } = {}) {
  const mysql = (await import('mysql2/promise')).default;
  const mariadbd = findBinary(['mariadbd', 'mysqld']);
  const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
  removeStaleDirs(TMP_PREFIX, {
    pidFile: (dir) => join(dir, 'mariadbd.pid'),
    serves: servesDir,
    stop: (pid) => process.kill(pid, 'SIGTERM'),
  });

  const dir = mkdtempSync(join(tmpdir(), TMP_PREFIX));
  writeFileSync(join(dir, 'runner.pid'), String(process.pid));
  const datadir = join(dir, 'data');
  const socketPath = join(dir, 'mariadbd.sock'); // well under the 108-byte sun_path limit
  const asRoot = process.getuid?.() === 0;
  const userArgs = asRoot ? ['--user=root'] : [];

  log(`mariadb: installing a datadir in ${datadir}`);
  await run(installDb, ['--no-defaults', `--datadir=${datadir}`, ...userArgs,
    '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve'], timeoutMs);

  const args = [
    '--no-defaults', // never read /etc/mysql: this server is private
    `--datadir=${datadir}`, `--socket=${socketPath}`, `--pid-file=${join(dir, 'mariadbd.pid')}`,
    `--log-error=${join(dir, 'error.log')}`, `--tmpdir=${dir}`, ...userArgs,
    ...(tcpPort ? [`--port=${tcpPort}`, '--bind-address=127.0.0.1'] : ['--skip-networking']), // loopback, or no TCP at all
    `--sql-mode=${SQL_MODE}`, '--default-time-zone=+00:00',
    '--character-set-server=utf8mb4', `--collation-server=${COLLATION}`,
    '--explicit-defaults-for-timestamp=ON', '--group-concat-max-len=1024', // MySQL 8 defaults
    '--default-storage-engine=InnoDB', '--lower-case-table-names=0',
    // A test server: small, and no durability work.
    '--innodb-buffer-pool-size=32M', '--innodb-flush-log-at-trx-commit=0', '--skip-log-bin',
    '--performance-schema=OFF', '--max-connections=32', '--skip-name-resolve',
  ];
  log(`mariadb: starting ${mariadbd}`);
  const child = spawn(mariadbd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-8000); });
  let exited = false;
  const exitPromise = new Promise((resolve) => child.on('exit', () => { exited = true; resolve(); }));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killNow);
    for (const s of ['SIGINT', 'SIGTERM']) process.off(s, onSignal);
    if (!exited) {
      child.kill('SIGTERM'); // mariadbd shuts down cleanly on SIGTERM
      const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 20_000);
      await exitPromise;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Last-resort cleanup when the runner dies without calling stop().
  const killNow = () => {
    if (!exited) { try { child.kill('SIGKILL'); } catch { /* gone */ } }
    try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
  };
  const onSignal = (sig) => { killNow(); process.exit(sig === 'SIGINT' ? 130 : 143); };
  process.on('exit', killNow);
  for (const s of ['SIGINT', 'SIGTERM']) process.once(s, onSignal);

  const connect = (options = {}) => mysql.createConnection({
    ...(tcpPort ? { host: '127.0.0.1', port: tcpPort } : { socketPath }), user: 'root', password: '',
    // The mysql CLI's view: affected rows are rows changed, not rows matched
    // (mysql2 sets CLIENT_FOUND_ROWS by default, which changes ROW_COUNT()),
    // and function names parse as the CLI parses them (no IGNORE_SPACE).
    flags: ['-FOUND_ROWS', '-IGNORE_SPACE'],
    charset: COLLATION.toUpperCase(),
    connectTimeout: 10_000,
    ...options,
  });

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      const errLog = readErrorLog(dir);
      await stop();
      throw new Error(`mariadbd exited during start-up:\n${stderr}${errLog}`);
    }
    if (existsSync(socketPath)) {
      try {
        const conn = await connect();
        const [[row]] = await conn.query('SELECT VERSION() AS v');
        await conn.end();
        log(`mariadb: ${row.v} ready on ${socketPath}`);
        return { socketPath, version: row.v, dir, connect, stop };
      } catch {
        // socket there but not accepting yet
      }
    }
    if (Date.now() > deadline) {
      const errLog = readErrorLog(dir);
      await stop();
      throw new Error(`mariadbd did not accept connections within ${timeoutMs} ms:\n${stderr}${errLog}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function readErrorLog(dir) {
  try {
    return readFileSync(join(dir, 'error.log'), 'utf8').slice(-4000);
  } catch {
    return '';
  }
}
