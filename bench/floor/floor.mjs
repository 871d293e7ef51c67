// Starts the platform floor (worker.js) with `wrangler dev` on a free port
// and fresh state, as the gateway is started: {url, pid, stop()}.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startServer } from '../../miniflare-tests/gateway.mjs';
import { stateDir as freshStateDir } from '../harness.mjs';

export async function startFloor() {
  const port = await freePort();
  const stateDir = freshStateDir('edge-sql-floor-');
  const server = await startServer({
    command: 'npx',
    args: ['wrangler', 'dev', '-c', 'bench/floor/wrangler.toml', '--ip', '127.0.0.1', '--port', String(port),
      '--persist-to', stateDir, '--log-level', 'warn'],
    // wrangler's debug log beside the state, removed with it (scripts/start.sh says why).
    env: { WRANGLER_LOG_PATH: join(stateDir, 'wrangler.log') },
    health: `http://127.0.0.1:${port}/health`,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: server.pid,
    stop: async () => {
      await server.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
