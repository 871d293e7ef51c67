// npm start's promise: data persists in EDGE_SQL_STATE_DIR across restarts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGateway } from './gateway.mjs';

async function query(url, sql) {
  const res = await fetch(`${url}/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sql, database: 'persist' }),
  });
  return res.json();
}

test('rows written before a restart are there after it', { timeout: 240_000 }, async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'edge-sql-persist-'));
  try {
    let gw = await startGateway({ stateDir });
    try {
      await query(gw.url, 'CREATE TABLE kept (id INT AUTO_INCREMENT PRIMARY KEY, v TEXT)');
      const r = await query(gw.url, "INSERT INTO kept (v) VALUES ('survives')");
      assert.equal(r.insertId, 1, JSON.stringify(r));
    } finally {
      await gw.stop();
    }
    // wrangler's own log is kept beside the state, one run's worth (scripts/start.sh).
    const log = join(stateDir, 'wrangler.log');
    assert.ok(statSync(log).size > 0);
    appendFileSync(log, 'left by the first run\n');
    gw = await startGateway({ stateDir });
    assert.doesNotMatch(readFileSync(log, 'utf8'), /left by the first run/);
    try {
      const r = await query(gw.url, 'SELECT v FROM kept');
      assert.deepEqual(r.rows, [{ v: 'survives' }]);
      // A new isolate reads the catalog back from the shard.
      const d = await query(gw.url, 'DESCRIBE kept');
      assert.deepEqual(d.rows.map((row) => [row.Field, row.Type]), [['id', 'int'], ['v', 'text']]);
    } finally {
      await gw.stop();
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
