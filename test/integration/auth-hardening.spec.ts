import { sign } from 'jsonwebtoken';
import { PASSWORD, uniqueEmail } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// Issue 12, defects 2, 8 and 9: the client IP behind proxies, registration limits, and
// access tokens that must be refused.
const API = '/api/v1';

describe('auth hardening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT_IP: '5', AUTH_RATE_LIMIT: '1000' } });
  });
  afterAll(() => t.close());

  const failedLogin = (app: TestApp, forwardedFor: string) =>
    app.http().post(`${API}/auth/login`).set('X-Forwarded-For', forwardedFor).send({ email: uniqueEmail('nadie'), password: 'una-clave-equivocada' });

  it('a forged X-Forwarded-For does not evade the per-IP login limit (TRUST_PROXY unset)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await failedLogin(t, `203.0.113.${i + 1}`)).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('registration is rate-limited per IP like login', async () => {
    const register = () => t.http().post(`${API}/auth/register`).set('X-Forwarded-For', `192.0.2.${Math.floor(Math.random() * 250)}`)
      .send({ email: uniqueEmail('alta'), name: 'Persona Nueva', password: PASSWORD });
    for (let i = 0; i < 5; i++) await register().expect(201);
    const limited = await register();
    expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  describe('access tokens', () => {
    let userId: string;
    const secret = () => t.config.jwt.secret;
    const me = (token: string) => t.http().get(`${API}/me`).set('Authorization', `Bearer ${token}`);
    beforeAll(async () => {
      const [u] = await t.db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, 'Persona', 'x') RETURNING id`, [uniqueEmail('token')]);
      userId = u.id;
    });
    const claims = () => ({ sub: userId, iss: t.config.jwt.issuer, aud: t.config.jwt.audience });

    it('a well-formed token is accepted (control)', async () => {
      await me(sign(claims(), secret(), { algorithm: 'HS256', expiresIn: 60 })).expect(200);
    });

    it('refuses a token without exp', async () => {
      const res = await me(sign(claims(), secret(), { algorithm: 'HS256' }));
      expect([res.status, res.body.code]).toEqual([401, 'invalid_token']);
    });

    it('refuses a token with a crit header it does not understand', async () => {
      const token = sign(claims(), secret(), { algorithm: 'HS256', expiresIn: 60, header: { alg: 'HS256', crit: ['urn:example:policy'] } as never });
      const res = await me(token);
      expect([res.status, res.body.code]).toEqual([401, 'invalid_token']);
    });

    it('refuses a token also meant for other audiences', async () => {
      const res = await me(sign({ ...claims(), aud: [t.config.jwt.audience, 'otra-api'] }, secret(), { algorithm: 'HS256', expiresIn: 60 }));
      expect([res.status, res.body.code]).toEqual([401, 'invalid_token']);
    });
  });

  // Last: passport's strategies are process-wide, so a second app takes over token checks.
  it('behind a named proxy, X-Forwarded-For is the client: each client has its own limit', async () => {
    const proxied = await createTestApp({ databaseUrl: t.config.databaseUrl, env: { AUTH_RATE_LIMIT_IP: '5', AUTH_RATE_LIMIT: '1000', TRUST_PROXY: 'loopback' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) statuses.push((await failedLogin(proxied, `198.51.100.${i + 1}`)).status);
      expect(statuses).toEqual(Array(8).fill(401));
      for (let i = 0; i < 5; i++) await failedLogin(proxied, '198.51.100.200').expect(401);
      await failedLogin(proxied, '198.51.100.200').expect(429);
    } finally {
      await proxied.close();
    }
  });
});
