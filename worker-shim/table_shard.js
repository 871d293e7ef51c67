// TableShard: one SQLite database in a Durable Object. It runs the statements
// the core planned, all in one transactionSync (so a failing statement leaves
// nothing behind), and returns raw columns and rows for the core to shape.
//
// Interactive transactions (docs/sessions.md): SQLite here refuses BEGIN,
// and a storage transaction held open across awaits stalls the object. So a
// transaction's statements are kept in memory and run again, from the
// committed state, inside each step's transactionSync, which then rolls
// back; COMMIT runs them once more and lets the transactionSync commit.
// Each rerun must answer as the statement first did (what the client saw),
// or the transaction is lost: it conflicted with a commit since.
//
// A transaction of UPDATEs and DELETEs holds nothing until its COMMIT takes
// its turn among the writers: what its client saw (counts of rows) is
// checked by that rerun, and its changes are computed then. From its first
// statement whose answer depends on more (a read, an INSERT's ids; the
// core says `hold`), a transaction holds the shard, one at a time: writers
// outside it wait their turn (up to lockWaitMs), readers outside it never
// wait and only ever see committed rows, and nothing else writes until it
// ends. A reset object forgets its transactions, and with them every
// uncommitted write.
import { DurableObject } from 'cloudflare:workers';
import { loadCore } from './core.js';
import { fromSqlite, toBinding } from './values.js';
import { after } from './deadlines.js';

// Thrown to roll a transactionSync back; never leaves run().
const ROLL_BACK = Symbol('roll back');

// Why a kept statement's rerun is refused: a commit since changed its answer.
const CONFLICT = 'a statement of it no longer answers as it did (another transaction committed a change to what it read or wrote)';

// An outbox not emptied by then is tried again by the alarm.
const OUTBOX_RETRY_MS = 30_000;

// How long a commit's change events wait for later ones to share their
// queue message (flushSoon): a quiet shard's events go out after
// OUTBOX_GATHER_MS, a busy shard's at most one round per OUTBOX_SPACING_MS.
// Each message costs a send, a delivery and a consumer batch (a KV version
// read and write, the mirror's D1 read and write and its read of the
// shard), so spacing a busy shard's rounds amortises those over more
// events: 16 sessions' BEGIN/UPDATE/COMMIT on one shard ran at 206 and 210
// tx/s without the spacing, 377 and 484 with it (bench/results/2026-11-23.md).
// Invalidation is asynchronous anyway; this delays it by at most as much.
const OUTBOX_GATHER_MS = 10;
const OUTBOX_SPACING_MS = 50;

// How many ended transactions are remembered, to say why a late step finds
// its transaction gone.
const ENDED_REMEMBERED = 256;

export class TableShard extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.open = null; // the transaction holding the shard (newTransaction)
    this.loose = new Map(); // id -> transactions holding nothing (yet)
    this.queue = []; // writers waiting for it: {txn, wake, timer}
    this.handing = false; // a woken plain writer has not run yet
    this.ended = new Map(); // transaction id -> why it ended without COMMIT
    this.flushing = null; // the outbox's sending, while it runs
    this.flushAgain = false;
    this.gathering = null; // flushSoon's timer
    this.lastRound = -Infinity; // when the last round started going out (Date.now())
    this.alarmSet = false;
    this.beforeRun = null; // the `before` list last run (execute)
    // Edge SQL's own tables exist before the first statement is served;
    // events a crash left in the outbox go out first.
    ctx.blockConcurrencyWhile(async () => {
      const core = await loadCore();
      this.program = core.shardProgram();
      ctx.storage.transactionSync(() => {
        for (const statement of this.program.bootstrap) this.sql.exec(statement);
      });
      this.flush(); // not awaited: requests need not wait for the queue
    });
  }

  // One call of a plan (gateway/calls.h):
  //   statements: [{sql, params}], run in one transactionSync
  //   before: [sql] run ahead of it (pragmas SQLite ignores inside one)
  //   dryRun: run and roll back, to learn whether they would succeed
  //   readOnly: reads only, which never wait for a transaction
  //   txn: {id, op: "step" | "commit" | "rollback", first, keep, hold} a
  //        step of an interactive transaction (first: it may start here;
  //        keep: its statements change data and run again at later steps;
  //        hold: from this step on the transaction holds the shard)
  //   lockWaitMs, idleMs: how long to wait for the shard, and how long the
  //        transaction may sit idle before it is rolled back
  // -> {results: [{columns, rows}], captured?} | {error: {message, index}},
  //    plus txn: "open" | "none" | "lost" for a transaction's step. A write
  //    that commits ends with the core's change capture, which puts its
  //    change events in the outbox; `captured` is the row its answering
  //    statement returned, for the core to read.
  // Every answer crosses the RPC as its JSON text (answered()), which the
  // worker hands the core as it is: as objects it would be serialised for
  // the RPC, rebuilt in the worker, and serialised again as JSON.
  async run(call) {
    return answered(call.shard, await this.runCall(call));
  }

  async runCall(call) {
    if (call.txn) return this.step(call);
    if (!call.readOnly && !(await this.turn(null, call.lockWaitMs))) return lockWaitTimeout();
    try {
      const capture = call.readOnly || call.dryRun ? null : call.shard;
      return this.execute(call.before ?? [], null, call.statements, call.dryRun === true, capture);
    } finally {
      if (!call.readOnly) this.handOn();
    }
  }

  // Reads batched by the worker (calls.js), each with its own answer, in
  // one transactionSync: nothing writes between them, so each sees what it
  // would alone, and the batch pays for one transaction. A statement the
  // core marks pure (calls.h) runs once for the batch: in one snapshot the
  // same text and parameters answer the same (the guard and the data
  // version every read begins with). The batch's calls set the same
  // connection state (`before`: the core's batch key says so); should the
  // transaction fail as a whole, they run one by one as run() would.
  runReads(calls) {
    return this.readBatch(calls).map((answer) => answered(calls[0].shard, answer));
  }

  readBatch(calls) {
    const before = calls[0].before ?? [];
    const failed = this.setBefore(before);
    if (failed !== null) return calls.map(() => ({ error: { message: failed, index: -1 } }));
    const pure = new Map(); // sql and params -> {result} | {error}
    let answers;
    try {
      this.ctx.storage.transactionSync(() => {
        answers = calls.map((call) => this.read(call.statements, pure));
      });
    } catch {
      return calls.map((call) => this.execute(before, null, call.statements, false));
    }
    return answers;
  }

  // One batched read's answer: its results, or its error and where.
  read(statements, pure) {
    let index = -1;
    try {
      const results = statements.map((statement, i) => {
        index = i;
        return statement.pure ? this.runPure(statement, pure) : this.runStatement(statement);
      });
      return { results };
    } catch (error) {
      return { error: { message: String(error?.message ?? error), index } };
    }
  }

  // A pure statement's result, run once per batch: `pure` keeps each
  // outcome (its result, or the error it threw) by text and parameters.
  runPure(statement, pure) {
    const key = `${statement.sql}\n${JSON.stringify(statement.params)}`;
    let once = pure.get(key);
    if (once === undefined) {
      try {
        once = { result: this.runStatement(statement) };
      } catch (error) {
        once = { error };
      }
      pure.set(key, once);
    }
    if (once.error !== undefined) throw once.error;
    return once.result;
  }

  // Writes batched by the worker (calls.js), all with the same `before`,
  // committed as a group: one wait for the shard, then one after another in
  // one transactionSync ending with one change capture, so one commit.
  // Each gets its own results; the capture's row (the data version they
  // left, the tables they changed together) is each one's. Should any of
  // them fail, nothing of the batch stays, and each runs again alone as
  // run() would run it: one write's error stays its own.
  async runWrites(calls) {
    return (await this.writeBatch(calls)).map((answer) => answered(calls[0].shard, answer));
  }

  async writeBatch(calls) {
    if (!(await this.turn(null, calls[0].lockWaitMs))) return calls.map(() => lockWaitTimeout());
    try {
      const before = calls[0].before ?? [];
      return this.executeTogether(before, calls) ?? calls.map((call) => this.execute(before, null, call.statements, false, call.shard));
    } finally {
      this.handOn();
    }
  }

  // The group commit of runWrites, or null when it rolled back.
  executeTogether(before, calls) {
    if (this.setBefore(before) !== null) return null;
    let answers;
    let captured;
    try {
      this.ctx.storage.transactionSync(() => {
        answers = calls.map((call) => ({ results: call.statements.map((statement) => this.runStatement(statement)) }));
        captured = this.capture(calls[0].shard);
      });
    } catch {
      return null;
    }
    this.flushSoon();
    for (const answer of answers) answer.captured = captured;
    return answers;
  }

  // Resets the object (operators, and tests proving that a reset mid-
  // transaction loses nothing committed and keeps nothing uncommitted).
  reset() {
    this.ctx.abort('reset by an operator');
  }

  async step(call) {
    const { id, op } = call.txn;
    let txn = this.open?.id === id ? this.open : this.loose.get(id);
    if (op === 'rollback') {
      if (txn !== undefined) this.end(txn, 'rolled back');
      return { results: [], txn: 'none' };
    }
    const starting = txn === undefined;
    if (starting) {
      if (op !== 'step' || !call.txn.first) return lost(this.ended.get(id) ?? 'unknown transaction');
      txn = newTransaction(id, call.before ?? []);
      this.loose.set(id, txn);
    }
    this.busy(txn);
    if (txn !== this.open && (call.txn.hold || op === 'commit')) {
      // It takes the shard: to hold it from here, or to commit.
      if (!(await this.turn(txn, call.lockWaitMs))) {
        if (op === 'commit') return this.commitTimedOut(txn);
        if (starting) this.end(txn, 'nothing to keep');
        else this.idle(txn, call.idleMs);
        return { ...lockWaitTimeout(), txn: starting ? 'none' : 'open' };
      }
      this.loose.delete(id);
      if (txn.over !== null) {
        // Rolled back while it waited.
        this.open = null;
        this.handOn();
        return lost(txn.over);
      }
    }
    if (op === 'commit') return this.committed(txn, this.execute(txn.before, txn, call.statements, false, call.shard));
    const answer = this.execute(call.before ?? [], txn, call.statements, true);
    if (answer.error?.replay) {
      this.end(txn, `could not be run again: ${answer.error.message}`);
      return lost(txn.over);
    }
    if (!answer.error && call.txn.keep) {
      txn.statements.push(...call.statements);
      txn.seen.push(...answer.results.map((result) => JSON.stringify(result)));
    }
    if (answer.error && starting) {
      // Its first statement here failed: nothing of it is here to keep.
      this.end(txn, 'nothing to keep');
      return { ...answer, txn: 'none' };
    }
    this.idle(txn, call.idleMs);
    return { ...answer, txn: 'open' };
  }

  // A COMMIT that waited longer than its lock wait for the shard rolls its
  // transaction back, as the core tells the client (1180).
  commitTimedOut(txn) {
    this.end(txn, 'rolled back: its COMMIT waited longer than innodb_lock_wait_timeout for the shard');
    return { ...lockWaitTimeout(), txn: 'none' };
  }

  // The answer to `txn`'s COMMIT, which ran as `answer` says; it ends.
  committed(txn, answer) {
    if (answer.error?.replay) {
      this.end(txn, `could not commit: ${answer.error.message}`);
      return lost(txn.over);
    }
    this.end(txn, answer.error ? 'failed to commit' : 'committed');
    return { ...answer, txn: 'none' };
  }

  // Steps batched by the worker (calls.js): steps of interactive
  // transactions that hold nothing, so none of them waits for the shard,
  // all after the same `before`. Each runs as step() runs it, rolled back
  // in a savepoint of its own (execute's transactionSync, nested), inside
  // one transactionSync for the batch, which rolls back too: the batch
  // pays for one transaction. Should that fail to open, each runs alone.
  async runSteps(calls) {
    let steps;
    if (this.setBefore(calls[0].before ?? []) === null) {
      try {
        this.ctx.storage.transactionSync(() => {
          steps = calls.map((call) => this.step(call));
          throw ROLL_BACK;
        });
      } catch {
        // ROLL_BACK, as meant; or the batch's transaction did not open,
        // and each step runs alone.
      }
    }
    const answers = [];
    for (const [i, call] of calls.entries()) answers.push(answered(calls[0].shard, await (steps?.[i] ?? this.step(call))));
    return answers;
  }

  // COMMITs batched by the worker (calls.js), committed as a group as
  // runWrites commits plain writes: one wait for the shard, then one
  // transactionSync in which each transaction runs again in a savepoint of
  // its own (a nested transactionSync), so that one which no longer
  // answers as it did is lost alone; one change capture ends them all, one
  // commit. The group is the transactions that hold nothing and began with
  // the same connection state as the first such; any other commits alone
  // first, as run() would (a held one has the shard: the group waits for
  // it). Should the group's transaction fail as a whole, each commits alone.
  async runCommits(calls) {
    return (await this.commitBatch(calls)).map((answer) => answered(calls[0].shard, answer));
  }

  async commitBatch(calls) {
    const answers = new Array(calls.length);
    const group = [];
    let before;
    for (const [i, call] of calls.entries()) {
      const txn = this.loose.get(call.txn.id);
      if (txn === undefined) continue;
      const key = txn.before.join('\n');
      before ??= key;
      if (key === before) group.push({ i, txn });
    }
    if (group.length < 2) group.length = 0;
    const grouped = new Set(group.map(({ i }) => i));
    for (const [i, call] of calls.entries()) {
      if (!grouped.has(i)) answers[i] = await this.step(call);
    }
    if (group.length > 0) {
      for (const { txn } of group) this.busy(txn);
      if (!(await this.turn(null, calls[0].lockWaitMs))) {
        for (const { i, txn } of group) answers[i] = txn.over === null ? this.commitTimedOut(txn) : lost(txn.over);
      } else {
        try {
          this.commitTogether(group, calls, answers);
        } finally {
          this.handOn();
        }
      }
    }
    return answers;
  }

  // The group commit of runCommits, once the shard is its: fills `answers`.
  commitTogether(group, calls, answers) {
    const live = [];
    for (const { i, txn } of group) {
      this.loose.delete(txn.id);
      if (txn.over !== null) answers[i] = lost(txn.over); // rolled back while it waited
      else live.push({ i, txn });
    }
    const alone = () => {
      for (const { i, txn } of live) answers[i] = this.committed(txn, this.execute(txn.before, txn, calls[i].statements, false, calls[i].shard));
    };
    if (live.length === 0) return;
    if (this.setBefore(live[0].txn.before) !== null) return alone();
    let outcomes;
    let captured;
    try {
      this.ctx.storage.transactionSync(() => {
        outcomes = live.map(({ i, txn }) => this.execute(txn.before, txn, calls[i].statements, false));
        captured = this.capture(calls[0].shard);
      });
    } catch {
      return alone();
    }
    this.flushSoon();
    live.forEach(({ i, txn }, n) => {
      const outcome = outcomes[n];
      answers[i] = this.committed(txn, outcome.error ? outcome : { ...outcome, captured });
    });
  }

  // Rolls `txn` back once it has been idle for `idleMs`, unless a
  // statement of it comes first (busy()); timed by the object's one timer
  // (deadlines.js), not one per step.
  idle(txn, idleMs = 30_000) {
    txn.stopIdle = after(this, idleMs, () => {
      if (txn.over === null) this.end(txn, `rolled back after ${idleMs} ms idle (idle_transaction_timeout)`);
    });
  }

  busy(txn) {
    txn.stopIdle();
  }

  // Runs the statements `txn` kept (if any), each of which must answer as
  // it did when it first ran, then `statements`, in one transactionSync;
  // results are those of `statements`, and an error's index counts from its
  // first. `capture` (the shard's name) ends a committing write with the
  // change capture; its events are sent once the transaction has committed.
  execute(before, txn, statements, rollBack, capture = null) {
    const failed = this.setBefore(before);
    if (failed !== null) return { error: { message: failed, index: -1 } };
    const replay = txn?.statements ?? [];
    let index = -1;
    let results;
    let captured;
    try {
      this.ctx.storage.transactionSync(() => {
        replay.forEach((statement, i) => {
          if (JSON.stringify(this.runStatement(statement)) !== txn.seen[i]) throw new Error(CONFLICT);
        });
        results = statements.map((statement, i) => {
          index = i;
          return this.runStatement(statement);
        });
        if (rollBack) throw ROLL_BACK;
        if (capture !== null) captured = this.capture(capture);
      });
      if (captured === undefined) return { results };
      this.flushSoon();
      return { results, captured };
    } catch (error) {
      if (error === ROLL_BACK) return { results };
      const message = String(error?.message ?? error);
      return { error: index < 0 && replay.length > 0 ? { message, replay: true } : { message, index } };
    }
  }

  // Runs `before`, connection state (pragmas), unless it is the list run
  // last: null, or why it failed. Setting a pragma, even to the value it
  // has, expires every prepared statement (SQLite's OP_Expire), so all of
  // them would be compiled again. The plan's own check of the state,
  // inside the transaction, still proves it.
  setBefore(before) {
    const beforeKey = before.join('\n');
    if (before.length === 0 || beforeKey === this.beforeRun) return null;
    try {
      this.beforeRun = null;
      for (const sql of before) this.sql.exec(sql);
      this.beforeRun = beforeKey;
      return null;
    } catch (error) {
      return String(error?.message ?? error);
    }
  }

  // One statement's columns and rows, its values as the core reads them.
  runStatement({ sql, params }) {
    const cursor = this.sql.exec(sql, ...params.map(toBinding));
    const rows = [];
    for (const row of cursor.raw()) rows.push(row.map(fromSqlite));
    return { columns: cursor.columnNames, rows };
  }

  // The change capture (inside the write's transactionSync): returns the
  // row of the statement the program marks as answering.
  capture(shard) {
    let answer;
    for (const { sql, bindsShard, answers } of this.program.capture) {
      const cursor = bindsShard ? this.sql.exec(sql, shard) : this.sql.exec(sql);
      if (answers) answer = cursor.raw().next().value;
    }
    return answer;
  }

  // Sends the outbox's events to the db-events queue, oldest first, a
  // round of them per message (shard_statements.h), and forgets those
  // sent. One sender at a time; events committed while it runs go in a
  // later round, spaced as flushSoon spaces them. Should sending fail or the
  // object go away, the events stay, and the alarm (or the object's next
  // start) sends them.
  flush() {
    if (this.flushing) {
      this.flushAgain = true; // a round that already read the outbox may miss them
      return this.flushing;
    }
    this.flushAgain = false;
    this.flushing = this.sendOutbox()
      .catch((error) => console.error(`outbox: ${error?.message ?? error}`))
      .finally(() => {
        this.flushing = null;
        if (this.flushAgain) this.flushSoon();
      });
    return this.flushing;
  }

  // A commit's events wait for the commits after it, so that a busy shard
  // sends one message for many writes rather than one each: at least
  // OUTBOX_GATHER_MS, and until OUTBOX_SPACING_MS after the last round
  // started. While a round goes out, the next waits for its end.
  flushSoon() {
    if (this.gathering) return;
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    const wait = Math.max(OUTBOX_GATHER_MS, this.lastRound + OUTBOX_SPACING_MS - Date.now());
    this.gathering = setTimeout(() => {
      this.gathering = null;
      this.flush();
    }, wait);
  }

  // Rounds follow each other at once only while a backlog remains that one
  // message could not carry.
  async sendOutbox() {
    for (let more = true; more; ) {
      const [last, message, behind] = this.sql.exec(this.program.outboxRead).raw().next().value;
      if (last === null) return;
      more = behind === 1;
      if (!this.alarmSet) {
        this.alarmSet = true;
        await this.ctx.storage.setAlarm(Date.now() + OUTBOX_RETRY_MS);
      }
      this.lastRound = Date.now();
      if (this.env.DB_EVENTS) await this.env.DB_EVENTS.send(message, { contentType: 'text' });
      this.sql.exec(this.program.outboxDelete, last);
    }
  }

  async alarm() {
    this.alarmSet = false;
    await this.flush();
  }

  // Waits until no transaction holds the shard and every earlier waiter has
  // had its turn; `txn` (a transaction, or null for a plain write) then
  // holds it. False after `ms`.
  turn(txn, ms = 50_000) {
    if (this.open === null && !this.handing && this.queue.length === 0) {
      if (txn !== null) this.open = txn;
      return true;
    }
    return new Promise((resolve) => {
      const waiter = { txn, wake: () => resolve(true) };
      waiter.timer = setTimeout(() => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        resolve(false);
      }, ms);
      this.queue.push(waiter);
    });
  }

  // Gives the shard to the next waiter, if it is free.
  handOn() {
    this.handing = false;
    if (this.open !== null) return;
    const next = this.queue.shift();
    if (next === undefined) return;
    clearTimeout(next.timer);
    if (next.txn !== null) {
      this.open = next.txn;
    } else {
      this.handing = true; // it runs, then hands on in its turn
    }
    next.wake();
  }

  // Ends `txn` for `why`; the shard goes to the next waiter if it held it.
  // One still waiting for its turn learns it when the turn comes.
  end(txn, why) {
    this.busy(txn);
    txn.over = `transaction ${why}`;
    this.loose.delete(txn.id);
    this.ended.set(txn.id, txn.over);
    if (this.ended.size > ENDED_REMEMBERED) this.ended.delete(this.ended.keys().next().value);
    if (this.open === txn) {
      this.open = null;
      this.handOn();
    }
  }

  // For tests and health: what the shard holds now.
  state() {
    return { open: this.open?.id ?? null, statements: this.open?.statements.length ?? 0, loose: this.loose.size, waiting: this.queue.length };
  }
}

// A transaction on this shard: the statements it kept, and the answer each
// gave when it ran (JSON), which every rerun must give again.
function newTransaction(id, before) {
  return { id, statements: [], seen: [], before, stopIdle: () => {}, over: null };
}

// An answer as the worker passes it on (run()); the shard's errors are
// the core's to report, and the log keeps them too.
function answered(shard, answer) {
  if (answer.error) console.error(`shard ${shard}: ${answer.error.message}`);
  return JSON.stringify(answer);
}

function lost(why) {
  return { error: { message: why, lost: true }, txn: 'lost' };
}

function lockWaitTimeout() {
  return { error: { message: 'Lock wait timeout exceeded; try restarting transaction', lockWait: true } };
}
