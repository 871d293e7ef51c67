// TableShard: one SQLite database in a Durable Object. It runs the statements
// the core planned, all in one transactionSync (so a failing statement leaves
// nothing behind), and returns raw columns and rows for the core to shape.
import { DurableObject } from 'cloudflare:workers';
import { loadCore } from './core.js';
import { fromSqlite, toBinding } from './values.js';

// Thrown to roll a dry run back; never leaves run().
const DRY_RUN = Symbol('dry run');

export class TableShard extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // Edge SQL's own tables exist before the first statement is served.
    ctx.blockConcurrencyWhile(async () => {
      const core = await loadCore();
      const bootstrap = core.shardBootstrap();
      ctx.storage.transactionSync(() => {
        for (const statement of bootstrap) this.sql.exec(statement);
      });
    });
  }

  // before: [sql] run ahead of the transaction (pragmas SQLite ignores inside
  // one); statements: [{sql, params}] run in one transactionSync, rolled back
  // afterwards when dryRun (to learn whether they would succeed).
  // -> {results: [{columns, rows}]} | {error: {message, index}}
  run(statements, before = [], dryRun = false) {
    let index = 0;
    try {
      for (const sql of before) this.sql.exec(sql);
    } catch (error) {
      return { error: { message: String(error?.message ?? error), index: -1 } };
    }
    let results;
    try {
      this.ctx.storage.transactionSync(() => {
        results = statements.map((statement, i) => {
          index = i;
          const cursor = this.sql.exec(statement.sql, ...statement.params.map(toBinding));
          const rows = [];
          for (const row of cursor.raw()) rows.push(row.map(fromSqlite));
          return { columns: cursor.columnNames, rows };
        });
        if (dryRun) throw DRY_RUN;
      });
      return { results };
    } catch (error) {
      if (error === DRY_RUN) return { results };
      return { error: { message: String(error?.message ?? error), index } };
    }
  }
}
