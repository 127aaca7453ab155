import fc from 'fast-check';
import { API } from '../support/co-creation';
import { LoggedIn } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { buildWorld, World } from '../support/world';

/**
 * Issue 12: an input fuzzer over the OpenAPI document. For every documented operation with
 * a body, query or path parameter it sends bad values generated from the schema (wrong
 * types, null, lists for scalars, out-of-range numbers, over-long and control-character
 * strings, invalid uuids and dates, deep nesting, extra fields, broken multipart), with a
 * fixed seed and at most 40 cases per operation, as a member of the role the route is for,
 * in a seeded secretariat. Every answer must be below 500, and every error problem+json in
 * Spanish; the test app's contract check also holds each answer to its documented status
 * and schema. New routes are covered as soon as they are documented.
 */
const SEED = 20261201;
const MAX_CASES = 40;

type Schema = {
  type?: string; format?: string; enum?: unknown[]; items?: Schema; properties?: Record<string, Schema>; required?: string[];
  $ref?: string; allOf?: Schema[]; oneOf?: Schema[]; anyOf?: Schema[]; minimum?: number; maximum?: number;
  minLength?: number; maxLength?: number; minItems?: number; maxItems?: number; example?: unknown; default?: unknown; nullable?: boolean;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; schema?: Schema; required?: boolean };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] };
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

/** A JSON text sent as is (too deep to build as a value, or with duplicated keys). */
class RawJson {
  constructor(readonly text: string) {}
  toJSON() {
    return `<raw ${this.text.length} chars>`;
  }
}

// English that must never reach a person (class-validator and Fastify defaults).
const ENGLISH = /\b(must be|should not|an unknown value|is not allowed|Bad Request|Internal Server Error|Unexpected|Cannot)\b/;

describe('input fuzzer over the OpenAPI document', () => {
  let t: TestApp;
  let w: World;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    doc = (await t.http().get('/api/docs-json')).body;
  }, 120_000);
  afterAll(() => t.close());

  const resolve = (s: Schema | undefined): Schema => {
    if (!s) return {};
    if (s.$ref) return resolve(doc.components.schemas[s.$ref.split('/').pop()!]);
    if (s.allOf?.length === 1) return resolve(s.allOf[0]);
    return s;
  };

  /** Who a route is for: the responsible organization's member for implementation work, the author for a proposal, the coordinator otherwise. */
  const actor = (method: string, path: string): LoggedIn | undefined => {
    if (/^\/api\/v1\/(auth|public|open-data|states|dashboard)|^\/health/.test(path)) return undefined;
    if (/^\/api\/v1\/(organizations|admin)|^\/api\/v1\/secretariats$/.test(path) && method !== 'get') return w.fx.admin;
    if (/^\/api\/v1\/admin/.test(path)) return w.fx.admin;
    if (/^\/api\/v1\/(milestones|evidence|indicators)|\/indicators$|\/progress-reports/.test(path) && !/review/.test(path)) return w.lead;
    if (/ballot|^\/api\/v1\/proposals\/\{id\}(\/(submit|withdraw|comments))?$|proposal-comments\/\{id\}$/.test(path)) return w.titular;
    return w.coordinator;
  };

  const idFor = (segment: string, name: string): string =>
    name === 'token' ? 'token-de-invitacion-inexistente-0123456789' : w.ids[segment] ?? w.ids[`public/${segment}`] ?? '00000000-0000-4000-8000-000000000000';

  /** A plausible value for a schema, so that one bad field is the only thing wrong. */
  const valid = (raw: Schema | undefined, name = ''): unknown => {
    const s = resolve(raw);
    if (s.example !== undefined) return s.example;
    if (s.enum?.length) return s.enum[0];
    if (s.default !== undefined) return s.default;
    if (s.oneOf?.length) return valid(s.oneOf[0], name);
    switch (s.type) {
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return s.minItems ? [valid(s.items, name)] : [];
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const key of s.required ?? []) out[key] = valid(s.properties?.[key], key);
        return out;
      }
      default:
        if (s.format === 'uuid') return /lead|organization/i.test(name) ? w.ids.organizations : w.ids[name.replace(/Id$/, 's')] ?? w.ids.organizations;
        if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
        if (s.format === 'email') return 'persona@ejemplo.mx';
        return 'Texto de prueba suficientemente largo para el campo.'.padEnd(s.minLength ?? 0, '.').slice(0, s.maxLength ?? 10_000);
    }
  };

  const nested = (depth: number): unknown => (depth === 0 ? 'x' : [nested(depth - 1)]);

  /** Values that are wrong for `s` (or for any field). */
  const badValue = (raw: Schema | undefined): fc.Arbitrary<unknown> => {
    const s = resolve(raw);
    const generic: fc.Arbitrary<unknown>[] = [
      fc.constant(null), fc.constant([]), fc.constant({}), fc.constant(['a', 'b']), fc.boolean(), fc.integer(), fc.double(),
      fc.constantFrom(1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER + 2, 0.5, -1, 0),
      fc.string({ maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }),
      fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u200B\u200D', '\u202Eabc', '\u0007\u001b[31m', '😀'.repeat(3), '<script>x</script>', "'; DROP TABLE users; --"),
      fc.constantFrom('no-es-uuid', '00000000-0000-0000-0000-00000000000g', '2026-02-30', '9999-99-99', '0000-00-00T00:00:00Z', '+275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z', 'NaN', 'Infinity', '1e308'),
      fc.constant(nested(20)), fc.constant(nested(40)), fc.constant({ __proto__x: 1, constructor: { prototype: { admin: true } } }),
      fc.constant('x'.repeat(100_001)),
    ];
    const specific: fc.Arbitrary<unknown>[] = [];
    if (s.maxLength !== undefined) specific.push(fc.constant('x'.repeat(s.maxLength + 1)));
    if (s.minLength) specific.push(fc.constant('x'.repeat(s.minLength - 1)));
    if (s.maximum !== undefined) specific.push(fc.constant(s.maximum + 1));
    if (s.minimum !== undefined) specific.push(fc.constant(s.minimum - 1));
    if (s.maxItems !== undefined) specific.push(fc.constant(Array.from({ length: s.maxItems + 1 }, () => valid(s.items))));
    if (s.type === 'array') specific.push(badValue(s.items).map((v) => [v]));
    if (s.type === 'object') specific.push(fc.constant('texto'), fc.constant([{}]));
    return specific.length ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...generic) }, { weight: 2, arbitrary: fc.oneof(...specific) }) : fc.oneof(...generic);
  };

  type Case = { where: 'path' | 'query' | 'body' | 'whole'; name: string; value: unknown };

  /** Boundary values for a schema: past each documented bound, and the extremes of its type. */
  const edges = (raw: Schema | undefined): unknown[] => {
    const s = resolve(raw);
    const out: unknown[] = [];
    if (s.maxLength !== undefined) out.push('x'.repeat(s.maxLength + 1));
    if (s.minLength) out.push('x'.repeat(s.minLength - 1));
    if (s.maximum !== undefined) out.push(s.maximum + 1);
    if (s.minimum !== undefined) out.push(s.minimum - 1);
    if (s.type === 'integer' || s.type === 'number') out.push(1e308, -1e308, 0.5);
    if (s.type === 'string' || !s.type) out.push('a\u0000b', '\u200B\u200D', 'x'.repeat(100_001));
    if (s.type === 'array') out.push(s.maxItems !== undefined ? Array.from({ length: s.maxItems + 1 }, () => valid(s.items)) : [null]);
    return out;
  };

  /**
   * Per parameter and body field: null, a sampled bad value and the boundary values; plus
   * whole-body cases. Capped at MAX_CASES per operation (a seeded subset when more).
   */
  const casesFor = (op: Operation, bodySchema: Schema | undefined, seed: number): Case[] => {
    const fields: { where: Case['where']; name: string; schema?: Schema }[] = [];
    for (const p of op.parameters ?? []) if (p.in !== 'header') fields.push({ where: p.in, name: p.name, schema: p.schema });
    for (const [name, schema] of Object.entries(resolve(bodySchema).properties ?? {})) fields.push({ where: 'body', name, schema });
    const cases: Case[] = [];
    for (const [i, f] of fields.entries()) {
      const [sampled] = fc.sample(badValue(f.schema), { seed: seed * 31 + i, numRuns: 1 });
      const values = f.where === 'path' ? [sampled, 'a'.repeat(101), 'no-es-uuid'] : [null, sampled, ...edges(f.schema)];
      for (const value of values) cases.push({ where: f.where, name: f.name, value: f.where === 'path' && typeof value !== 'string' ? JSON.stringify(value) ?? 'x' : value });
    }
    if (bodySchema) {
      const whole = [null, [], 'texto', 42, nested(33), { campoDesconocido: 'x' }, new RawJson(`${'['.repeat(200_000)}${']'.repeat(200_000)}`), new RawJson('{"a":1,"a":null}'), new RawJson('{"__proto__":{"admin":true}}')];
      cases.push(...fc.sample(fc.constantFrom(...whole), { seed, numRuns: 3 }).map((value) => ({ where: 'whole' as const, name: '', value })));
    }
    return cases.length <= MAX_CASES ? cases : fc.sample(fc.shuffledSubarray(cases, { minLength: MAX_CASES, maxLength: MAX_CASES }), { seed, numRuns: 1 })[0];
  };

  const send = (method: string, url: string, who: LoggedIn | undefined, body?: unknown, type = 'application/json') => {
    let req = (t.http() as unknown as Record<string, (u: string) => import('supertest').Test>)[method](url).timeout(20_000);
    if (who) req = req.set(who.auth);
    if (body !== undefined) {
      const text = body instanceof RawJson ? body.text : typeof body === 'string' && type !== 'application/json' ? body : JSON.stringify(body);
      req = req.set('Content-Type', type).send(text);
    }
    return req;
  };

  it('answers every bad input below 500, as Spanish problem+json', async () => {
    const failures: string[] = [];
    let sent = 0;
    // Reads first, then writes, deletions last: a deleted object would hide later routes' rules.
    const order = { get: 0, put: 1, patch: 1, post: 2, delete: 3 } as Record<string, number>;
    const operations = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))
      .filter(({ op }) => (op.parameters ?? []).some((p) => p.in !== 'header') || op.requestBody)
      .sort((a, b) => order[a.method] - order[b.method]);
    expect(operations.length).toBeGreaterThan(60);

    for (const [index, { path, method, op }] of operations.entries()) {
      const who = actor(method, path);
      const jsonSchema = op.requestBody?.content['application/json']?.schema;
      const samples = casesFor(op, jsonSchema, SEED + index);
      const requests: { label: string; run: () => import('supertest').Test }[] = samples.map((c) => {
        const pathParams = Object.fromEntries((op.parameters ?? []).filter((p) => p.in === 'path').map((p) => {
          const segment = path.split('/')[path.split('/').indexOf(`{${p.name}}`) - 1];
          return [p.name, idFor(segment, p.name)];
        }));
        if (c.where === 'path') pathParams[c.name] = String(c.value);
        const url = path.replace(/\{(\w+)\}/g, (_, n: string) => (c.where === 'path' && n === c.name ? String(pathParams[n]).slice(0, 2000) : encodeURIComponent(pathParams[n])));
        const query = c.where === 'query' ? `?${encodeURIComponent(c.name)}=${encodeURIComponent(typeof c.value === 'string' ? c.value : JSON.stringify(c.value) ?? '')}` : '';
        let body: unknown = jsonSchema ? valid(jsonSchema) : undefined;
        if (c.where === 'body') body = { ...(body as object), [c.name]: c.value };
        if (c.where === 'whole') body = c.value;
        const label = `${method.toUpperCase()} ${path} ${c.where}:${c.name}=${(JSON.stringify(c.value) ?? String(c.value)).slice(0, 80)}`;
        return { label, run: () => send(method, `${url}${query}`, who, body) };
      });
      if (op.requestBody?.content['multipart/form-data']) {
        const url = path.replace(/\{(\w+)\}/g, (_, n: string) => idFor(path.split('/')[path.split('/').indexOf(`{${n}}`) - 1], n));
        const part = (b: string, name = 'file') => `--${b}\r\nContent-Disposition: form-data; name="${name}"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n`;
        const broken: [string, string][] = [
          ['multipart/form-data', part('x')],
          ['multipart/form-data; boundary=x', part('x')],
          [`multipart/form-data; boundary=${'b'.repeat(5000)}`, `${part('b'.repeat(5000))}--${'b'.repeat(5000)}--\r\n`],
          ['multipart/form-data; boundary=x', `${part('x', 'otro')}--x--\r\n`],
          ['multipart/form-data; boundary=x', `${part('x')}${part('x')}--x--\r\n`],
          ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="description"\r\n\r\n${'d'.repeat(10_000)}\r\n--x--\r\n`],
          ['multipart/form-data; boundary=x', '--x--\r\n'],
          ['multipart/form-data; boundary="', 'x'],
        ];
        for (const [type, body] of broken) requests.push({ label: `${method.toUpperCase()} ${path} multipart ${type.slice(0, 40)}`, run: () => send(method, url, who, body, type) });
      }
      for (const { label, run } of requests) {
        sent++;
        let res;
        try {
          res = await run();
        } catch (error) {
          failures.push(`${label}: no answer (${(error as Error).message})`);
          continue;
        }
        if (res.status >= 500) failures.push(`${label}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        else if (res.status >= 400) {
          if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) failures.push(`${label}: ${res.status} as ${res.headers['content-type']}`);
          else if (!res.body.code || ENGLISH.test(res.body.detail) || (res.body.errors ?? []).some((e: { message: string }) => ENGLISH.test(e.message))) {
            failures.push(`${label}: ${res.status} not in Spanish: ${JSON.stringify(res.body).slice(0, 300)}`);
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(operations.length * 3);
    expect(failures).toEqual([]);
  }, 300_000);
});
