import { createHmac } from 'node:crypto';
import { createTestApp, TestApp } from '../support/test-app';
import { PASSWORD, registerUser, uniqueEmail } from '../support/factories';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }) {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const login = (email: string, password = PASSWORD) => t.http().post('/api/v1/auth/login').send({ email, password });

  it('registers, logs in and answers /me; emails are unique case-insensitively', async () => {
    const email = uniqueEmail('Maria');
    const reg = await t.http().post('/api/v1/auth/register').send({ email: email.toUpperCase(), name: 'María', password: PASSWORD });
    expect(reg.status).toBe(201);
    expect(reg.body.user).toMatchObject({ email: email.toLowerCase(), name: 'María', locale: 'es-MX', isPlatformAdmin: false });
    expect(reg.body.user.passwordHash).toBeUndefined();

    const again = await t.http().post('/api/v1/auth/register').send({ email: email.toLowerCase(), name: 'Otra', password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('email_taken');

    const res = await login(email.toLowerCase());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email.toLowerCase());
  });

  it('refuses weak passwords with field errors', async () => {
    for (const password of ['corta', 'password1234', 'a'.repeat(20), 'x'.repeat(129)]) {
      const res = await t.http().post('/api/v1/auth/register').send({ email: uniqueEmail(), name: 'X', password });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors[0].field).toBe('password');
    }
  });

  it('gives the same 401 for a wrong password and an unknown email, in about the same time', async () => {
    const user = await registerUser(t);
    const timed = async (email: string) => {
      const started = process.hrtime.bigint();
      const res = await login(email, 'contraseña-equivocada');
      return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
    };
    const wrong = await timed(user.email);
    const unknown = await timed(uniqueEmail('nadie'));
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(unknown.res.body.code).toBe(wrong.res.body.code);
    expect(unknown.res.body.detail).toBe(wrong.res.body.detail);
    // Both verify an argon2id hash: neither is an order of magnitude faster.
    expect(unknown.ms).toBeGreaterThan(wrong.ms / 5);
  });

  it('rotates refresh tokens and revokes the family when a rotated one is replayed', async () => {
    const user = await registerUser(t);
    const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);

    const replay = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('refresh_token_reused');

    // The newer token of the same family stopped working too.
    const newer = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken });
    expect(newer.status).toBe(401);
  });

  it('logout revokes the session', async () => {
    const user = await registerUser(t);
    expect((await t.http().post('/api/v1/auth/logout').send({ refreshToken: user.refreshToken })).status).toBe(204);
    expect((await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })).status).toBe(401);
  });

  describe('access tokens', () => {
    let user: Awaited<ReturnType<typeof registerUser>>;
    const secret = () => t.config.jwt.secret;
    const claims = () => ({ sub: user.id, iss: 'cocrea', aud: 'cocrea-api', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });
    const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
    beforeAll(async () => {
      user = await registerUser(t);
    });

    it('accepts a well-formed token (control)', async () => {
      expect((await me(sign(claims(), secret()))).status).toBe(200);
    });
    it('refuses missing, expired, tampered, alg:none and wrong-audience tokens with 401', async () => {
      const noAuth = await t.http().get('/api/v1/me');
      expect(noAuth.status).toBe(401);
      expect(noAuth.body.code).toBe('invalid_token');
      const expired = sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 10 }, secret());
      const [h, , s] = sign(claims(), secret()).split('.');
      const tampered = `${h}.${b64({ ...claims(), sub: '00000000-0000-0000-0000-000000000000' })}.${s}`;
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`;
      const wrongAud = sign({ ...claims(), aud: 'otra-api' }, secret());
      const wrongIss = sign({ ...claims(), iss: 'otro' }, secret());
      const wrongKey = sign(claims(), 'x'.repeat(48));
      for (const token of [expired, tampered, none, wrongAud, wrongIss, wrongKey, 'basura']) {
        const res = await me(token);
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
      }
    });
  });

  describe('bad input never causes a 500', () => {
    it('malformed JSON → 400 malformed_json', async () => {
      const res = await t.http().post('/api/v1/auth/register').set('Content-Type', 'application/json').send('{"email": ');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'malformed_json', status: 400, title: 'Solicitud inválida' });
      expect(res.body.requestId).toBeTruthy();
    });
    it('unknown fields (mass assignment) → 400 with the field named', async () => {
      const res = await t.http().post('/api/v1/auth/register').send({ email: uniqueEmail(), name: 'X', password: PASSWORD, isPlatformAdmin: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'isPlatformAdmin', code: 'whitelistValidation' })]);
    });
    it('wrong types and over-long strings → 400 per field', async () => {
      const res = await t.http().post('/api/v1/auth/register').send({ email: 42, name: 'x'.repeat(5000), password: PASSWORD });
      expect(res.status).toBe(400);
      const fields = res.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['email', 'name']));
      const loginRes = await t.http().post('/api/v1/auth/login').send({ email: ['a'], password: {} });
      expect(loginRes.status).toBe(400);
    });
    it('oversized bodies → 413 problem', async () => {
      const res = await t.http().post('/api/v1/auth/register').set('Content-Type', 'application/json').send(JSON.stringify({ name: 'x'.repeat(2_000_000) }));
      expect(res.status).toBe(413);
      expect(res.body.code).toBe('payload_too_large');
    });
    it('unknown routes → 404 problem', async () => {
      const res = await t.http().get('/api/v1/no-existe').set('Authorization', 'Bearer x');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    });
    it('echoes a sane X-Request-Id and sends security headers', async () => {
      const res = await t.http().get('/health').set('X-Request-Id', 'abc-123');
      expect(res.headers['x-request-id']).toBe('abc-123');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toBeDefined();
      const forged = await t.http().get('/health').set('X-Request-Id', 'x'.repeat(200));
      expect(forged.headers['x-request-id']).not.toBe('x'.repeat(200));
    });
  });
});

describe('auth rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres', env: { AUTH_RATE_LIMIT: '3', AUTH_RATE_LIMIT_IP: '100000' } });
  });
  afterAll(() => t.close());

  it('limits login attempts per account with 429 + Retry-After, without blocking other accounts', async () => {
    const user = await registerUser(t);
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'equivocada-equivocada' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(last!.body.code).toBe('rate_limited');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    const other = await registerUser(t);
    expect((await t.http().post('/api/v1/auth/login').send({ email: other.email, password: PASSWORD })).status).toBe(200);
  });
});
