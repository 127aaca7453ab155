import { connect } from 'node:net';
import { AddressInfo } from 'node:net';
import { API, expectStatus } from '../support/co-creation';
import { createTestApp, TestApp } from '../support/test-app';
import { buildWorld, World } from '../support/world';

// Issue 12, defects 5–7, 13 and 16 (input side): what a careless or hostile client sends
// is answered with a 4xx problem in Spanish, never a 5xx, and never held open forever.
describe('input bounds', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp({ env: { BODY_TIMEOUT_MS: '1500' } });
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  const problemOf = (res: { status: number; headers: Record<string, string>; body: { code?: string } }, status: number, code?: string) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.status).toBe(status);
    if (code) expect(res.body.code).toBe(code);
  };

  it('refuses JSON nested deeper than 32 levels with 400 json_too_deep', async () => {
    for (const depth of [5_000, 100_000]) {
      const body = `{"email":${'['.repeat(depth)}${']'.repeat(depth)},"password":"x"}`;
      const res = await t.http().post(`${API}/auth/login`).set('Content-Type', 'application/json').send(body);
      problemOf(res, 400, 'json_too_deep');
    }
    // Brackets inside strings are text, not nesting.
    const ok = await t.http().post(`${API}/proposals/${w.proposalId}/comments`).set(w.titular.auth).send({ body: '['.repeat(500) });
    expect(ok.status).toBe(201);
  });

  it('answers a tampered cursor with 400 invalid_cursor on every list route, anonymous ones included', async () => {
    const spec = (await t.http().get('/api/docs-json')).body as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>> };
    const lists = Object.entries(spec.paths).filter(([, ops]) => ops.get?.parameters?.some((p) => p.name === 'cursor' && p.in === 'query'));
    expect(lists.length).toBeGreaterThanOrEqual(12);
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const tampered = [enc(['x', 'y']), enc([{}, '00000000-0000-4000-8000-000000000000']), enc(['2026-01-01T00:00:00.000Z', 'no-uuid']), enc([true, 1e308, 'z']), enc(['-271821-04-20T00:00:00Z', '00000000-0000-4000-8000-000000000000']), 'no%base64'];
    for (const [path] of lists) {
      const url = path.replace(/\/([\w-]+)\/\{\w+\}/g, (_, seg: string) => `/${seg}/${w.ids[seg] ?? w.ids[`public/${seg}`]}`);
      for (const cursor of tampered) {
        const res = await t.http().get(url).query({ cursor }).set(path.includes('/public/') ? {} : w.coordinator.auth);
        if (res.status !== 400) throw new Error(`${url} cursor=${cursor}: ${res.status} ${JSON.stringify(res.body)}`);
        problemOf(res, 400, 'invalid_cursor');
      }
    }
  });

  it('refuses null where a field cannot be empty, also as the last of duplicated keys', async () => {
    const cases: [string, string, Record<string, string>, Record<string, unknown>][] = [
      ['patch', `/organizations/${w.ids.organizations}`, w.fx.admin.auth, { name: null }],
      ['patch', `/secretariats/${w.ids.secretariats}`, w.coordinator.auth, { name: null }],
      ['patch', `/plans/${w.deliberationPlanId}`, w.coordinator.auth, { title: null }],
      ['patch', `/proposals/${w.proposalId}`, w.titular.auth, { title: null }],
      ['patch', `/evidence/${w.ids.evidence}`, w.lead.auth, { description: null }],
      ['put', '/notifications/preferences', w.titular.auth, { dailyDigest: null }],
      ['patch', `/commitments/${w.ids.commitments}`, w.coordinator.auth, { title: null }],
    ];
    for (const [method, path, auth, body] of cases) {
      const res = await (t.http() as never as Record<string, (u: string) => ReturnType<ReturnType<TestApp['http']>['get']>>)[method](`${API}${path}`).set(auth).send(body);
      if (res.status !== 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      problemOf(res, 400, 'validation_failed');
      expect(res.body.errors[0].message).toMatch(/no puede ser nulo/);
    }
    const dup = await t.http().patch(`${API}/plans/${w.deliberationPlanId}`).set(w.coordinator.auth).set('Content-Type', 'application/json').send('{"title":"Nuevo título","title":null}');
    problemOf(dup, 400, 'validation_failed');
  });

  it('refuses a NUL byte in any text field, body or query, with 400', async () => {
    const reg = await t.http().post(`${API}/auth/register`).send({ email: 'nul@ejemplo.mx', name: 'Ana\u0000', password: 'una-clave-larga-y-segura' });
    problemOf(reg, 400, 'validation_failed');
    expect(reg.body.errors).toEqual([{ field: 'name', code: 'plainText', message: 'Nombre: contiene caracteres de control no permitidos.' }]);
    const indicator = await t.http().post(`${API}/commitments/${w.ids.commitments}/indicators`).set(w.lead.auth).send({ name: 'Ind\u0000', unit: '%', baseline: 1, target: 2 });
    problemOf(indicator, 400, 'validation_failed');
    expect(indicator.body.errors[0]).toMatchObject({ field: 'name', code: 'plainText' });
    const nested = await t.http().post(`${API}/commitments/${w.ids.commitments}/modification-requests`).set(w.coordinator.auth).send({ justification: 'x', milestones: [{ title: 'a\u0000' }] });
    expect(nested.body.errors[0]).toMatchObject({ field: 'milestones.0.title', code: 'plainText' });
    const key = await t.http().post(`${API}/proposals/${w.proposalId}/comments`).set(w.titular.auth).send({ body: 'hola', ['x\u0000']: 1 });
    problemOf(key, 400, 'validation_failed');
    const query = await t.http().get(`${API}/organizations?q=a%00b`).set(w.titular.auth);
    problemOf(query, 400, 'validation_failed');
    expect(query.body.errors[0]).toMatchObject({ field: 'q', code: 'plainText' });
  });

  it('refuses integers beyond the database range (version: 1e308) with 400', async () => {
    const res = await t.http().patch(`${API}/secretariats/${w.ids.secretariats}`).set(w.coordinator.auth).send({ version: 1e308, name: 'Otro nombre' });
    problemOf(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'version', code: 'max' })]);
  });

  it('answers broken multipart uploads with 400, never 500', async () => {
    const url = `${API}/milestones/${w.ids.milestones}/evidence`;
    const bodies: [string, string][] = [
      ['multipart/form-data', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 truncated'],
      [`multipart/form-data; boundary=${'b'.repeat(5000)}`, `--${'b'.repeat(5000)}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF\r\n--${'b'.repeat(5000)}--\r\n`],
    ];
    for (const [type, body] of bodies) {
      const res = await t.http().post(url).set(w.lead.auth).set('Content-Type', type).send(body);
      if (res.status >= 500 || res.status < 400) throw new Error(`${type.slice(0, 40)}: ${res.status} ${JSON.stringify(res.body)}`);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers what Fastify and Node refuse themselves as Spanish problem+json (414, 431, 415, 413, bad JSON)', async () => {
    problemOf(await t.http().get(`${API}/plans/${'a'.repeat(150)}`).set(w.titular.auth), 414, 'uri_too_long');
    problemOf(await t.http().post(`${API}/auth/login`).set('Content-Type', 'text/plain').send('email=a'), 415, 'unsupported_media_type');
    problemOf(await t.http().post(`${API}/auth/login`).set('Content-Type', 'application/x-www-form-urlencoded').send('email=a'), 415, 'unsupported_media_type');
    problemOf(await t.http().post(`${API}/auth/login`).set('Content-Type', 'application/json').send('{"email":'), 400, 'malformed_json');
    problemOf(await t.http().post(`${API}/auth/login`).set('Content-Type', 'application/json').send(`{"a":"${'x'.repeat(t.config.bodyLimit)}"}`), 413, 'payload_too_large');
    const big = await t.http().get(`${API}/states`).set('X-Big', 'x'.repeat(20_000));
    problemOf(big, 431, 'headers_too_large');
    expect(big.body.detail).toMatch(/encabezados/);
  });

  it('cuts a JSON body that drips in slowly with 408 once BODY_TIMEOUT_MS has passed', async () => {
    const server = t.app.getHttpServer();
    if (!server.listening) await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(`POST ${API}/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`);
    const drip = setInterval(() => socket.writable && socket.write(' '), 200);
    await closed;
    clearInterval(drip);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(answer).toMatch(/application\/problem\+json/);
  });

  it('speaks of fields by their Spanish label, one message per field, keeping the path', async () => {
    const limit = await t.http().get(`${API}/organizations?limit=abc`).set(w.titular.auth);
    problemOf(limit, 400, 'validation_failed');
    expect(limit.body.errors).toEqual([{ field: 'limit', code: 'isInt', message: 'Número de resultados: debe ser un número entero.' }]);
    // A missing field is missing, not "too long" (one message, not every failed rule).
    const review = await t.http().post(`${API}/milestones/${w.ids.milestones}/review`).set(w.coordinator.auth).send({ decision: 'return' });
    problemOf(review, 400, 'validation_failed');
    expect(review.body.errors).toEqual([expect.objectContaining({ field: 'observations', message: 'Observaciones: es obligatorio.' })]);
    const proposal = await t.http().patch(`${API}/proposals/${w.proposalId}`).set(w.titular.auth).send({ publicProblem: 'x'.repeat(20_000) });
    problemOf(proposal, 400, 'validation_failed');
    expect(proposal.body.errors).toEqual([{ field: 'publicProblem', code: 'maxLength', message: expect.stringMatching(/^Problema público: admite como máximo \d+ caracteres\.$/) }]);
    const login = await t.http().post(`${API}/auth/login`).set('Content-Type', 'application/json').send('"texto"');
    problemOf(login, 400);
    for (const e of login.body.errors ?? []) expect(e.message).not.toMatch(/value was passed|must be/);
  });

  it('refuses a list where a nested object is expected (found by the fuzzer: rules: [{}] was stored as key "0")', async () => {
    const res = await t.http().patch(`${API}/secretariats/${w.ids.secretariats}`).set(w.coordinator.auth).send({ rules: [{}] });
    problemOf(res, 400, 'validation_failed');
    expect(res.body.errors).toEqual([{ field: 'rules', code: 'isObject', message: 'Lineamientos: debe ser un objeto.' }]);
  });

  it('refuses a comment made only of zero-width characters', async () => {
    const res = await t.http().post(`${API}/proposals/${w.proposalId}/comments`).set(w.titular.auth).send({ body: '\u200B\u200C\u200D\uFEFF \u2060' });
    problemOf(res, 400, 'validation_failed');
    expect(res.body.errors[0]).toMatchObject({ field: 'body', code: 'isNotEmpty' });
  });

  it('refuses an unknown state on the open data with 400 unknown_state', async () => {
    for (const path of ['/open-data/milestones.csv', '/open-data/commitments.json', '/public/plans']) {
      problemOf(await t.http().get(`${API}${path}?state=XX`), 400, 'unknown_state');
    }
    expect((await t.http().get(`${API}/open-data/milestones.csv?state=OAX`)).status).toBe(200);
  });

  it('strips right-to-left override characters from stored file names', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await t.http().post(`${API}/milestones/${w.ids.milestones}/evidence`).set(w.lead.auth).attach('file', pdf, 'informe\u202Efdp.exe.pdf');
    await expectStatus(res, 201);
    expect(res.body.fileName).toBe('informefdp.exe.pdf');
  });
});
