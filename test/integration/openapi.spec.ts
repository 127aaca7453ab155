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

  // Issue 12, defect 14: the web client is generated from this document, so it must say what
  // the server does (every response of the suite is also checked against it: test-app.ts).
  it('tells the truth about bounds, statuses, types and media', async () => {
    const app = await createHttpApp(testConfig(await freshTestDatabase()));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      const doc = (await request(app.getHttpServer()).get('/api/docs-json')).body;
      const schemas = doc.components.schemas;
      expect(schemas.RegisterDto.properties.password).toMatchObject({ minLength: 12, maxLength: 128 });
      expect(schemas.RegisterDto.properties.name).toMatchObject({ minLength: 1, maxLength: 200 });
      expect(schemas.CreateMilestoneDto?.properties?.title ?? schemas.MilestoneInputDto.properties.title).toMatchObject({ minLength: 3, maxLength: 300 });
      expect(Object.keys(doc.paths['/api/v1/auth/register'].post.responses)).toContain('201');
      expect(Object.keys(doc.paths['/api/v1/auth/logout'].post.responses)).toContain('204');
      for (const [schema, prop] of [['CommitmentDto', 'proposalId'], ['CommitmentDto', 'leadAgencyId'], ['AuditEventDto', 'actorId'], ['AuditEventDto', 'subjectId'], ['PlanPageDto', 'nextCursor']]) {
        expect({ schema, prop, type: schemas[schema].properties[prop].type }).toEqual({ schema, prop, type: 'string' });
      }
      expect(schemas.CommitmentDto.properties.proposalId.format).toBe('uuid');
      const upload = doc.paths['/api/v1/milestones/{id}/evidence'].post.requestBody.content;
      expect(upload['multipart/form-data'].schema.$ref).toMatch(/FileEvidenceFormDto$/);
      expect(upload['application/json'].schema.$ref).toMatch(/LinkEvidenceDto$/);
      expect(Object.keys(schemas.PlanProgressDto.properties.byCompletion.properties)).toEqual(['not_started', 'limited', 'substantial', 'complete']);
      expect(Object.keys(schemas.PlanDetailDto.properties.proposalCounts.properties)).toEqual(expect.arrayContaining(['draft', 'submitted', 'accepted']));
      // No property is an untyped `object` (what a `string | null` without `type` becomes).
      const vague = Object.entries(schemas as Record<string, { properties?: Record<string, Record<string, unknown>> }>).flatMap(([name, s]) =>
        Object.entries(s.properties ?? {})
          .filter(([, p]) => p.type === 'object' && !p.properties && !p.additionalProperties && !p.allOf && !p.$ref)
          .map(([prop]) => `${name}.${prop}`),
      );
      expect(vague).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
