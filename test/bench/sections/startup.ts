import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appEnv, memoryOf, sleep, startApp } from '../lib';

export interface StartupResult {
  coldMs: number;
  warmMs: number;
  idleRssMiB: number;
}

/**
 * §5: `npm start` (dist/src/start.js: API + workers) on the embedded default — no
 * DATABASE_URL, no REDIS_URL, a fresh DATA_DIR — until /health/ready answers 200: cold (empty
 * data dir: PGlite init, migrations, demo data) then warm (same dir), and the resident memory
 * once idle (PGlite lives in the same process).
 */
export async function startup(opts: { idleMs: number }): Promise<StartupResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cocrea-bench-start-'));
  const env = appEnv(null, { DATA_DIR: dataDir, NODE_ENV: 'development' });
  delete env.JWT_ACCESS_SECRET;
  try {
    const cold = await startApp('dist/src/start.js', env, { timeoutMs: 180_000 });
    await cold.stop();
    const warm = await startApp('dist/src/start.js', env, { timeoutMs: 180_000 });
    try {
      await sleep(opts.idleMs);
      return { coldMs: cold.readyMs, warmMs: warm.readyMs, idleRssMiB: memoryOf(warm.pid).rssMiB };
    } finally {
      await warm.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
