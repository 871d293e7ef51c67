// Reads and rewrites difftest case files (the format is in difftest/format.md).
// A file is a list of records; everything between records (comments, blank
// lines) is kept verbatim when --regenerate rewrites the expectations.

export class FormatError extends Error {}

const HEADER = /^(statement\s+(ok|error)(?:\s+(\d+))?|query(?:\s+(rowsort|nosort))?)\s*$/;

// Returns {lines, records}. Each record: {file, line (1-based header line),
// start, end (line indexes of the record's first directive and one past its
// last line), kind ('statement' | 'query'), expectError (bool), errno
// (number | null), sort ('rowsort' | 'nosort'), sql, expected (array of row
// lines, for queries), skip ({engine, reason} | null), onlyif (engine | null),
// mariadbSql (string | null)}.
export function parseTestFile(text, file) {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records = [];
  let i = 0;
  const fail = (msg) => { throw new FormatError(`${file}:${i + 1}: ${msg}`); };
  let pending = null; // directives seen before the next header
  while (i < lines.length) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      if (pending) fail('a directive must be followed directly by its record');
      i++;
      continue;
    }
    let m;
    if ((m = /^skipif\s+(\S+)(?:\s+(.*))?$/.exec(trimmed))) {
      pending ??= { start: i };
      if (m[1] !== 'edge-sql') fail(`skipif names an unknown engine '${m[1]}' (only edge-sql)`);
      if (!m[2]?.trim()) fail('skipif edge-sql needs a reason');
      pending.skip = { engine: m[1], reason: m[2].trim() };
      i++;
      continue;
    }
    if ((m = /^onlyif\s+(\S+)\s*$/.exec(trimmed))) {
      pending ??= { start: i };
      if (m[1] !== 'mariadb') fail(`onlyif names an unknown engine '${m[1]}' (only mariadb)`);
      pending.onlyif = m[1];
      i++;
      continue;
    }
    if ((m = /^mariadb-sql\s+(.+)$/.exec(trimmed))) {
      pending ??= { start: i };
      pending.mariadbSql = m[1].trim();
      i++;
      continue;
    }
    m = HEADER.exec(trimmed);
    if (!m) fail(`expected 'statement ok', 'statement error <errno>' or 'query [rowsort]', got: ${line}`);
    const record = {
      file, line: i + 1, start: pending?.start ?? i,
      kind: m[1].startsWith('query') ? 'query' : 'statement',
      expectError: m[2] === 'error', errno: m[3] ? Number(m[3]) : null,
      sort: m[4] ?? 'nosort', skip: pending?.skip ?? null, onlyif: pending?.onlyif ?? null,
      mariadbSql: pending?.mariadbSql ?? null, expected: [],
    };
    pending = null;
    i++;
    const sql = [];
    while (i < lines.length && lines[i].trim() !== '' && lines[i] !== '----') sql.push(lines[i++]);
    if (sql.length === 0) fail('a record needs SQL on the lines after its header');
    record.sql = sql.join('\n');
    if (i < lines.length && lines[i] === '----') {
      if (record.kind !== 'query') fail("'----' after a statement: only query records have results");
      i++;
      while (i < lines.length && lines[i] !== '') record.expected.push(lines[i++]);
      record.hasResults = true;
    }
    record.end = i;
    records.push(record);
  }
  if (pending) fail('a directive at the end of the file has no record');
  return { lines, records };
}

// The text of one record as --regenerate writes it.
export function formatRecord(record) {
  const out = [];
  if (record.onlyif) out.push(`onlyif ${record.onlyif}`);
  if (record.skip) out.push(`skipif ${record.skip.engine} ${record.skip.reason}`);
  if (record.mariadbSql) out.push(`mariadb-sql ${record.mariadbSql}`);
  if (record.kind === 'query') {
    out.push(record.sort === 'rowsort' ? 'query rowsort' : 'query');
    out.push(record.sql, '----', ...record.expected);
  } else {
    out.push(record.expectError ? `statement error${record.errno != null ? ` ${record.errno}` : ''}` : 'statement ok');
    out.push(record.sql);
  }
  return out;
}

// Rebuilds the file with each record replaced by formatRecord(record).
export function formatTestFile(lines, records) {
  const out = [];
  let at = 0;
  for (const record of records) {
    out.push(...lines.slice(at, record.start), ...formatRecord(record));
    at = record.end;
  }
  out.push(...lines.slice(at));
  return `${out.join('\n')}\n`;
}
