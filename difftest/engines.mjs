// The two engines a case file runs against, behind one small interface:
//
//   const session = await engine.open(name);   // a fresh, empty database
//   const outcome = await session.run(sql);     // {rows: [[text]]} or {error: {errno, message}}
//   await session.close();
//
// Every value in `rows` is already rendered to text (difftest/render.mjs), so
// the runner compares strings only. `session.database` is the database's
// name, which results show as ${DATABASE}.
//
// `engine.open(name, { database })` instead runs in an existing database
// (difftest/sakila: a loaded sample database): it is neither created nor
// dropped, and its name is not replaced by ${DATABASE} in results (a name
// such as `sakila` may be part of values: `MARY.SMITH@sakilacustomer.org`).
import { renderGatewayValue, renderMariaDBValue } from './render.mjs';

export function databaseName(file) {
  const slug = file.replace(/^.*cases\//, '').replace(/\.test$/, '').replace(/[^A-Za-z0-9]+/g, '_');
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return `dt_${slug.slice(0, 64 - 4 - unique.length)}_${unique}`;
}

// A database's name appears in results of DATABASE(), information_schema and
// SHOW FULL TABLES' header; files and expectations spell it ${DATABASE}.
export const DATABASE_TOKEN = '${DATABASE}';

function substitute(sql, database) {
  return sql.split(DATABASE_TOKEN).join(database);
}

function unsubstitute(rows, database) {
  if (database === null) return rows; // an existing database: names are kept
  return rows.map((row) => row.map((v) => v.split(database).join(DATABASE_TOKEN)));
}

// The gateway over HTTP API v1: one POST per statement, the database named in
// each request and the session state carried back and forth.
export class GatewayEngine {
  constructor(url, { timeoutMs = 30_000 } = {}) {
    this.name = 'edge-sql';
    this.url = url.replace(/\/$/, '');
    this.timeoutMs = timeoutMs;
  }

  async open(file, { database: existing } = {}) {
    const database = existing ?? databaseName(file);
    const token = existing ? null : database;
    // Session state (LAST_INSERT_ID(), ROW_COUNT(), SET FOREIGN_KEY_CHECKS)
    // travels with the requests as the client carries it: meta.session back.
    let session = {};
    const run = async (sql) => {
      let res;
      let text;
      try {
        res = await fetch(`${this.url}/v1/query`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sql: substitute(sql, database), database, rowsAsArray: true, session }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        return { error: { errno: -1, message: `request failed: ${e.message}` } };
      }
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return { error: { errno: -1, message: `HTTP ${res.status}, not JSON: ${text.slice(0, 200)}` } };
      }
      if (body.meta?.session) session = { ...session, ...body.meta.session };
      if (body.error) return { error: { errno: body.error.errno, message: body.error.message } };
      if (res.status !== 200) return { error: { errno: -1, message: `HTTP ${res.status}: ${text.slice(0, 200)}` } };
      const fields = body.fields ?? [];
      const rows = (body.rows ?? []).map((row) => {
        const values = Array.isArray(row) ? row : Object.values(row);
        return values.map((v, k) => renderGatewayValue(v, fields[k]));
      });
      return { rows: unsubstitute(rows, token) };
    };
    return { database, run, close: async () => {} };
  }
}

// MariaDB through mysql2's text protocol on one connection per file, so
// session state (LAST_INSERT_ID(), ROW_COUNT(), SET FOREIGN_KEY_CHECKS)
// carries from one record to the next as it would for a mysql CLI session.
export class MariaDBEngine {
  constructor(server) {
    this.name = 'mariadb';
    this.server = server;
  }

  async open(file, { database: existing } = {}) {
    const database = existing ?? databaseName(file);
    const token = existing ? null : database;
    const conn = await this.server.connect();
    if (!existing) await conn.query(`CREATE DATABASE \`${database}\``);
    await conn.query(`USE \`${database}\``);
    const run = async (sql) => {
      try {
        const [rows, fields] = await conn.query({ sql: substitute(sql, database), rowsAsArray: true, typeCast: false, timeout: 30_000 });
        if (!Array.isArray(rows)) return { rows: [] }; // no result set (INSERT, ...)
        return { rows: unsubstitute(rows.map((row) => row.map((v, k) => renderMariaDBValue(v, fields[k]))), token) };
      } catch (e) {
        if (e.errno === undefined || e.fatal) throw e;
        return { error: { errno: e.errno, message: e.sqlMessage ?? e.message } };
      }
    };
    const close = async () => {
      try {
        if (!existing) await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await conn.end();
      }
    };
    return { database, run, close };
  }
}
