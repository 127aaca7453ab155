import { readdirSync, readFileSync } from 'node:fs';
import { freshTestDatabase, runId } from '../support/test-db';
import { freePort, spawnNode, waitForReady } from '../support/processes';

/** Live child processes of `pid` (from /proc: a zombie is not live). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') out.push(Number(entry));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const value = probe();
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

// README "Scaling out": API_PROCESSES HTTP processes on one port (node cluster).
describe('API_PROCESSES', () => {
  it('serves one port from N processes, replaces one that dies, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const api = spawnNode('dist/src/main.js', {
      DATABASE_URL: await freshTestDatabase(),
      QUEUE_PREFIX: `procs-${runId()}`.toLowerCase().replace(/[^a-z0-9_-]/g, '-').slice(0, 40),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      API_PROCESSES: '2',
    });
    try {
      await waitForReady(base, api);
      const forks = await until('two API processes', () => childrenOf(api.child.pid!).length === 2 && childrenOf(api.child.pid!));
      await until('both listening', () => (api.output().match(/Cocrea listening/g) ?? []).length === 2);
      expect((await fetch(`${base}/api/v1/states`)).status).toBe(200);

      // A process that dies is replaced, and the port keeps answering meanwhile.
      process.kill(forks[0], 'SIGKILL');
      await until('a replacement', () => {
        const now = childrenOf(api.child.pid!);
        return now.length === 2 && !now.includes(forks[0]);
      });
      expect(api.output()).toContain('starting another');
      await waitForReady(base, api);

      api.child.kill('SIGTERM');
      expect(await api.exited).toEqual({ code: 0, signal: null });
      expect(childrenOf(api.child.pid!)).toEqual([]);
    } finally {
      api.child.kill('SIGKILL');
    }
  }, 120_000);

  it('refuses more than one process on the embedded database', async () => {
    const refused = spawnNode('dist/src/main.js', { API_PROCESSES: '2', DATA_DIR: '/nonexistent-never-used' });
    expect((await refused.exited).code).toBe(78);
    expect(refused.output()).toContain('API_PROCESSES > 1 needs DATABASE_URL');
  });
});
