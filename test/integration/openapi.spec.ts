import request from 'supertest';
import { createHttpApp } from '../../src/bootstrap';
import { freshTestDatabase } from '../support/test-db';
import { testConfig } from '../support/test-app';

// Every route the app serves is described in /api/docs-json, with its error responses.
describe('OpenAPI document', () => {
  it('documents every route', async () => {
    const app = await createHttpApp(testConfig(await freshTestDatabase()));
    const routes: { method: string; url: string }[] = [];
    app.getHttpAdapter().getInstance().addHook('onRoute', (r: { method: string | string[]; url: string }) => {
      for (const method of [r.method].flat()) routes.push({ method: method.toLowerCase(), url: r.url });
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const res = await request(app.getHttpServer()).get('/api/docs-json');
      expect(res.status).toBe(200);
      const paths: Record<string, Record<string, { responses: Record<string, unknown> }>> = res.body.paths;
      const served = routes
        // bull-board's UI and its own API under /admin/queues are not Cocrea's API (README).
        .filter((r) => r.method !== 'head' && r.method !== 'options' && !r.url.startsWith('/api/docs') && !r.url.startsWith('/admin/queues') && r.url !== '*' && !r.url.includes('*'))
        .map((r) => ({ ...r, path: r.url.replace(/:(\w+)/g, '{$1}') }));
      expect(served.length).toBeGreaterThan(5);
      const undocumented = served.filter((r) => !paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.url}`);
      expect(undocumented).toEqual([]);
      // Authenticated routes say they can answer 401.
      const missing401 = Object.entries(paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => (op as { security?: unknown[] }).security?.length && !op.responses['401'])
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
      expect(missing401).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
