// The differential suite's core, shared by the CLI (difftest/run.mjs) and the
// node:test wrapper in `npm test` (miniflare-tests/difftest.test.mjs): find
// the case files, decide per record whether an engine runs it, and compare an
// engine's outcome with the stored expectation.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTestFile } from './test_file.mjs';

export const difftestDir = dirname(fileURLToPath(import.meta.url));
export const casesDir = join(difftestDir, 'cases');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.name.endsWith('.test') ? [p] : [];
  }).sort();
}

// [{path, name ('cases/expr/strings.test'), lines, records}], sorted by name;
// `filter` keeps the files whose name contains it.
export function loadCases(filter) {
  return walk(casesDir)
    .map((path) => ({ path, name: relative(difftestDir, path) }))
    .filter(({ name }) => !filter || name.includes(filter))
    .map((f) => ({ ...f, ...parseTestFile(readFileSync(f.path, 'utf8'), f.name) }));
}

// What an engine does with a record: 'run', or {skip: reason}, or 'ignore'
// (setup for MariaDB only: not a test of the gateway, so not counted).
export function plan(record, engineName) {
  if (engineName === 'edge-sql') {
    if (record.onlyif === 'mariadb') return 'ignore';
    if (record.skip) return { skip: record.skip.reason };
  }
  return 'run';
}

export function sqlFor(record, engineName) {
  return engineName === 'mariadb' && record.mariadbSql ? record.mariadbSql : record.sql;
}

function rowLines(rows) {
  return rows.map((r) => r.join('\t'));
}

// null when the outcome matches the record, else a readable explanation.
export function check(record, outcome) {
  const { error } = outcome;
  if (record.kind === 'statement') {
    if (!record.expectError) {
      return error ? `expected success, got error ${error.errno}: ${error.message}` : null;
    }
    if (!error) return `expected error ${record.errno ?? '(any)'}, got success`;
    if (record.errno != null && error.errno !== record.errno) {
      return `expected error ${record.errno}, got error ${error.errno}: ${error.message}`;
    }
    return null;
  }
  if (error) return `expected rows, got error ${error.errno}: ${error.message}`;
  let got = rowLines(outcome.rows);
  let expected = record.expected;
  if (record.sort === 'rowsort') {
    got = [...got].sort();
    expected = [...expected].sort();
  }
  if (got.length === expected.length && got.every((l, k) => l === expected[k])) return null;
  return diff(expected, got);
}

function diff(expected, got) {
  const show = (ls) => (ls.length ? ls.map((l) => `    ${l}`).join('\n') : '    (no rows)');
  return `result differs\n  expected:\n${show(expected)}\n  got:\n${show(got)}`;
}

// The outcome turned into the record MariaDB says it should be (for
// --regenerate): query results become the expected rows, errors become
// `statement error <errno>`.
export function regenerated(record, outcome) {
  const r = { ...record };
  if (outcome.error) {
    r.kind = 'statement';
    r.expectError = true;
    r.errno = outcome.error.errno;
    r.expected = [];
  } else if (record.kind === 'query') {
    const lines = rowLines(outcome.rows);
    r.expected = record.sort === 'rowsort' ? lines.sort() : lines;
  } else {
    r.expectError = false;
    r.errno = null;
  }
  return r;
}

// A short one-line label for a record: "cases/expr/strings.test:12 SELECT ...".
export function label(record) {
  const sql = record.sql.replace(/\s+/g, ' ');
  return `${record.file}:${record.line} ${sql.length > 90 ? `${sql.slice(0, 87)}...` : sql}`;
}
