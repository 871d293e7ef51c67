// The clean-up of what killed runs leave behind (difftest/throwaway_dirs.mjs): the benchmarks'
// Worker state on tmpfs and the throwaway servers' directories share it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeStaleDirs } from '../difftest/throwaway_dirs.mjs';

test('under another root, a dead runner\'s directory goes and a live one\'s stays', () => {
  const root = mkdtempSync(join(tmpdir(), 'edge-sql-dirs-test-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid; // exited and reaped
    const dirs = { dead: join(root, 'run-a'), live: join(root, 'run-b'), other: join(root, 'else-c') };
    for (const [which, dir] of Object.entries(dirs)) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'runner.pid'), `${which === 'live' ? process.pid : dead}\n`);
    }
    removeStaleDirs('run-', { root });
    assert.deepEqual(Object.values(dirs).map(existsSync), [false, true, true]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
