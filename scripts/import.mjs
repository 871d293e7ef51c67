// `edge-sql import`: runs a MySQL script or dump through a gateway, one
// statement at a time, as `mysql --force db < FILE` would.
//
// The core cuts the script (core.splitScript: DELIMITER, comments, strings;
// src/sql/script_splitter.h); this file only does the I/O: one POST
// /v1/query per statement, in order (dumps depend on it), over fetch's
// keep-alive connection pool, following the database the gateway reports
// after `USE x` (meta.database), like the mysql client.

const kExampleMessagesPerErrno = 5;
const kTrackedMessagesPerErrno = 1000;

// First `max` characters of `text` on one line, for summaries.
export function oneLine(text, max = 80) {
  let out = '';
  let blank = false;
  let i = 0;
  for (; i < text.length && out.length < max; i++) {
    const c = text[i];
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      blank = out.length > 0;
      continue;
    }
    if (blank) out += ' ';
    blank = false;
    out += c;
  }
  return i < text.length ? `${out}…` : out;
}

// Progress on stderr: a redrawn bar on a terminal, a line every `every`
// statements otherwise (CI logs, pipes).
class Progress {
  constructor(stream, total, every) {
    this.stream = stream;
    this.total = total;
    this.every = every;
    this.tty = Boolean(stream.isTTY);
    this.start = Date.now();
    this.lastDraw = 0;
  }

  #stats(done) {
    const seconds = (Date.now() - this.start) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const pct = this.total ? Math.floor((100 * done) / this.total) : 100;
    return { rate, eta, pct };
  }

  update(done, rejected) {
    if (this.tty) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      const { rate, eta, pct } = this.#stats(done);
      const width = 30;
      const filled = this.total ? Math.round((width * done) / this.total) : width;
      this.stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${this.total} ${pct}%` +
          ` ${rate.toFixed(1)} st/s eta ${Math.ceil(eta)}s` +
          (rejected ? `, ${rejected} rejected` : '') + '\x1b[K',
      );
    } else if (done % this.every === 0 && done < this.total) {
      const { rate, pct } = this.#stats(done);
      this.stream.write(
        `import: ${done}/${this.total} statements (${pct}%), ${rate.toFixed(1)} st/s, ${rejected} rejected\n`,
      );
    }
  }

  end() {
    if (this.tty) this.stream.write('\r\x1b[K');
  }
}

// Rejections grouped by errno, then by message (first example of each).
class Rejections {
  constructor() {
    this.byErrno = new Map();
    this.count = 0;
  }

  add({ errno, code, sqlState, message }, statement) {
    this.count++;
    let group = this.byErrno.get(errno);
    if (!group) {
      group = { errno, code, sqlState, count: 0, messages: new Map() };
      this.byErrno.set(errno, group);
    }
    group.count++;
    const seen = group.messages.get(message);
    if (seen) seen.count++;
    else if (group.messages.size < kTrackedMessagesPerErrno) {
      group.messages.set(message, { message, count: 1, first: { line: statement.line, sql: oneLine(statement.sql) } });
    }
  }

  toJSON() {
    return [...this.byErrno.values()]
      .sort((a, b) => b.count - a.count || a.errno - b.errno)
      .map((g) => ({
        errno: g.errno,
        code: g.code,
        sqlState: g.sqlState,
        count: g.count,
        messages: [...g.messages.values()].sort((a, b) => b.count - a.count),
      }));
  }
}

async function runOne(url, sql, database, session) {
  let res;
  try {
    res = await fetch(`${url}/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sql, database, session }),
    });
  } catch (err) {
    return { transport: `${err.message}${err.cause ? ` (${err.cause.code ?? err.cause.message})` : ''}` };
  }
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {
    // reported below
  }
  if (res.status === 200 && body && !body.error) {
    return { ok: true, database: body.meta?.database, session: body.meta?.session };
  }
  if (body?.error) return { error: body.error };
  return { error: { errno: 0, code: `HTTP_${res.status}`, sqlState: '', message: oneLine(text, 200) } };
}

// Runs `statements` ([{sql, line}] from core.splitScript) against `url`.
// Returns the summary; writes progress (and, with `verbose`, every rejection)
// to `stderr`. With `fixedDatabase`, every statement runs in `database`: a
// `USE x` in the script is still sent, but the database the gateway reports
// after it is not followed (to load a script that names its own database,
// such as Sakila's `USE sakila`, into a database of the caller's choosing).
// `onRejected(statement, error)`, if given, is called for every rejection.
export async function importStatements(statements, options) {
  const {
    url, database, fixedDatabase = false, onRejected, stopOnError = false, verbose = false, progressEvery = 100,
    stderr = process.stderr,
  } = options;
  const progress = new Progress(stderr, statements.length, progressEvery);
  const rejections = new Rejections();
  const started = Date.now();
  let current = database;
  let session = {};
  let run = 0;
  let stopped = null;
  for (const statement of statements) {
    const answer = await runOne(url, statement.sql, current, session);
    if (answer.transport) {
      stopped = { line: statement.line, reason: `gateway unreachable at ${url}: ${answer.transport}` };
      break;
    }
    run++;
    if (answer.ok) {
      if (answer.database && !fixedDatabase) current = answer.database;
      // SET foreign_key_checks = 0 and the like, carried as the mysql client's
      // session would keep them.
      if (answer.session) session = { ...session, ...answer.session };
    } else {
      rejections.add(answer.error, statement);
      onRejected?.(statement, answer.error);
      if (verbose) {
        progress.end();
        stderr.write(`ERROR ${answer.error.errno} (${answer.error.sqlState}) at line ${statement.line}: ${answer.error.message}\n`);
      }
      if (stopOnError) {
        stopped = { line: statement.line, reason: 'stopped at the first rejected statement (--stop-on-error)' };
        progress.update(run, rejections.count);
        break;
      }
    }
    progress.update(run, rejections.count);
  }
  progress.end();
  return {
    database,
    finalDatabase: current,
    total: statements.length,
    run,
    succeeded: run - rejections.count,
    rejected: rejections.count,
    errors: rejections.toJSON(),
    stopped,
    elapsedMs: Date.now() - started,
  };
}

export function formatSummary(summary, source) {
  const lines = [];
  const db = summary.finalDatabase !== summary.database ? `'${summary.database}' (now '${summary.finalDatabase}')` : `'${summary.database}'`;
  lines.push(`edge-sql import: ${source} into ${db} in ${(summary.elapsedMs / 1000).toFixed(1)} s`);
  const ofTotal = summary.run === summary.total ? '' : ` of ${summary.total}`;
  lines.push(`  statements: ${summary.run}${ofTotal} run, ${summary.succeeded} succeeded, ${summary.rejected} rejected`);
  if (summary.stopped) lines.push(`  stopped at line ${summary.stopped.line}: ${summary.stopped.reason}`);
  for (const group of summary.errors) {
    lines.push(`  ${group.errno} ${group.code} (${group.sqlState}): ${group.count} rejected`);
    for (const m of group.messages.slice(0, kExampleMessagesPerErrno)) {
      lines.push(`    ${m.count}× ${oneLine(m.message, 200)}`);
      lines.push(`       first at line ${m.first.line}: ${m.first.sql}`);
    }
    if (group.messages.length > kExampleMessagesPerErrno) {
      lines.push(`    … and ${group.messages.length - kExampleMessagesPerErrno} more distinct messages`);
    }
  }
  return `${lines.join('\n')}\n`;
}
