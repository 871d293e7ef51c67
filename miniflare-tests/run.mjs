// Runs the miniflare-tests (the differential suite's records among them:
// miniflare-tests/difftest.test.mjs) and the client's tests against one real
// gateway, then writes "passed failed" to build/node-test-counts for
// scripts/test.sh. The gateway is started here, unless EDGE_SQL_URL already
// names a running one; the test files get its address as EDGE_SQL_URL.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGateway } from './gateway.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const countsFile = join(root, 'build', 'node-test-counts');
const tapFile = join(root, 'build', 'node-tests.tap');
mkdirSync(join(root, 'build'), { recursive: true });
writeFileSync(countsFile, '0 1');

const gateway = process.env.EDGE_SQL_URL
  ? { url: process.env.EDGE_SQL_URL, stop: async () => {} }
  : await startGateway();
const files = [
  ...readdirSync(join(root, 'miniflare-tests')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('miniflare-tests', f)),
  ...readdirSync(join(root, 'client', 'test')).filter((f) => f.endsWith('.test.mjs')).map((f) => join('client', 'test', f)),
];
const status = await new Promise((resolve) => {
  const child = spawn(process.execPath, [
    '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ], { cwd: root, stdio: 'inherit', env: { ...process.env, EDGE_SQL_URL: gateway.url } });
  child.on('exit', (code) => resolve(code ?? 1));
});
await gateway.stop();

const tap = readFileSync(tapFile, 'utf8');
const count = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
writeFileSync(countsFile, `${count('pass')} ${count('fail') + count('cancelled')}`);
process.exit(status);
