// `wrangler deploy --dry-run` must succeed offline and bundle the design's
// bindings exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

test('wrangler deploy --dry-run bundles the worker with its bindings', { timeout: 120_000 }, () => {
  const outdir = mkdtempSync(join(tmpdir(), 'edge-sql-dry-'));
  const out = execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const binding of ['env.SHARD (TableShard)', 'env.APP_CACHE', 'env.DB_EVENTS (db-events)', 'env.PORTABLE_DB (portable-mirror)']) {
    assert.ok(out.includes(binding), `missing ${binding} in:\n${out}`);
  }
  const files = readdirSync(outdir);
  assert.ok(files.some((f) => f.endsWith('core.wasm')), 'core.wasm is part of the bundle');
  // The whole upload, gzipped, stays far under the 1 MiB target.
  const gzipped = files
    .filter((f) => !f.endsWith('.map') && statSync(join(outdir, f)).isFile())
    .reduce((n, f) => n + gzipSync(readFileSync(join(outdir, f))).length, 0);
  assert.ok(gzipped < 1024 * 1024, `bundle is ${gzipped} bytes gzipped`);
});
