import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT, spawnNode, waitForReady } from '../support/processes';

// What `npm start` does on a machine with nothing configured: no DATABASE_URL, no REDIS_URL.
describe('npm start on the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cocrea-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/src/start.js'))) throw new Error('dist/ missing: run `npm run build` (npm test does it in pretest)');
  });

  const json = (res: Response) => res.json() as Promise<Record<string, any>>;
  const post = (url: string, body: object, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('serves, keeps its data across a restart, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };

    const first = spawnNode('dist/src/start.js', env);
    await waitForReady(base, first);
    // An empty embedded database gets the demo data, and the demo accounts are printed.
    expect(first.output()).toContain('admin@cocrea.demo');

    const email = 'nueva.persona@ejemplo.mx';
    const password = 'una-clave-larga-y-segura';
    expect((await post(`${base}/api/v1/auth/register`, { email, name: 'Nueva Persona', password })).status).toBe(201);
    const login = await post(`${base}/api/v1/auth/login`, { email, password });
    expect(login.status).toBe(200);
    const { accessToken } = await json(login);
    const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await json(me)).email).toBe(email);
    const docs = await fetch(`${base}/api/docs-json`);
    expect(Object.keys((await json(docs)).paths)).toContain('/api/v1/auth/login');

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });

    const second = spawnNode('dist/src/start.js', env);
    try {
      await waitForReady(base, second);
      expect(second.output()).not.toContain('admin@cocrea.demo'); // not seeded twice
      const again = await post(`${base}/api/v1/auth/login`, { email, password });
      expect(again.status).toBe(200);
      // The generated signing secret persisted too: the first run's token still works.
      const meAgain = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect(meAgain.status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
    }
  }, 180_000);

  it('refuses to start on bad configuration and names the variable', async () => {
    const bad = spawnNode('dist/src/start.js', { PORT: 'abc', DATA_DIR: dataDir });
    expect((await bad.exited).code).toBe(78);
    expect(bad.output()).toContain('PORT');
    const badDb = spawnNode('dist/src/start.js', { DATABASE_URL: 'mysql://x', DATA_DIR: dataDir });
    expect((await badDb.exited).code).toBe(78);
    expect(badDb.output()).toContain('DATABASE_URL');
  });
});
