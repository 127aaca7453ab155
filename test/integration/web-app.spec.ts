import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { MailService } from '../../src/reminders/mail.service';
import { WEB_DIST } from '../../src/web/serve-web';
import { PASSWORD, registerUser, uniqueEmail } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// The browser app on the API's port (DESIGN §8): static serving, compression, headers, and the
// browser's session (refresh cookie), password reset and profile routes.
const API = '/api/v1';
const WEB = { 'X-Cocrea-Client': 'web' };

describe('web app serving', () => {
  let t: TestApp;
  const sent: { to: string; subject: string; text: string }[] = [];

  beforeAll(async () => {
    if (!existsSync(join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build` first');
    t = await createTestApp();
    jest.spyOn(t.app.get(MailService), 'send').mockImplementation(async (m) => {
      sent.push({ to: String(m.to), subject: m.subject, text: m.text });
      return { delivered: false, via: 'log' };
    });
  });
  afterAll(() => t.close());

  const entryScript = () => /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(readFileSync(join(WEB_DIST, 'index.html'), 'utf8'))![1];

  it('serves index.html at / and for client routes, never cached, with a CSP that forbids inline script', async () => {
    for (const path of ['/', '/planes/8f0c5b8e-1111-4111-8111-111111111111', '/tablero', '/restablecer/abc']) {
      const res = await t.http().get(path).expect(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root"></div>');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }
  });

  /** Fastify's inject hands back the bytes as sent (supertest would decompress them). */
  const raw = (url: string, encoding: string) =>
    t.app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });

  it('serves hashed assets precompressed with a year of cache', async () => {
    const script = entryScript();
    const br = await raw(script, 'br, gzip');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const original = readFileSync(join(WEB_DIST, script));
    expect(brotliDecompressSync(br.rawPayload).equals(original)).toBe(true);

    const plain = await raw(script, 'identity');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(original)).toBe(true);
  });

  it('keeps API, health and admin paths out of the fallback: unknown ones are problem+json 404s', async () => {
    for (const path of [`${API}/no-such-route`, '/api/otra-cosa', '/health/nada', '/admin/nada', '/assets/index-viejo.js']) {
      const res = await t.http().get(path).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await t.http().get('/health').expect(200);
  });

  it('compresses API JSON (gzip and brotli) and leaves small answers alone', async () => {
    const gz = await raw(`${API}/states`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    const states = JSON.parse(gunzipSync(gz.rawPayload).toString('utf8'));
    expect(states).toHaveLength(32);
    expect(gz.rawPayload.length).toBeLessThan(Buffer.byteLength(JSON.stringify(states)) / 2);
    const br = await raw(`${API}/states`, 'br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString('utf8'))).toEqual(states);
    const small = await raw('/health', 'br');
    expect(small.headers['content-encoding']).toBeUndefined();
  });
});

describe('browser session and account', () => {
  let t: TestApp;
  const sent: { to: string; subject: string; text: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(t.app.get(MailService), 'send').mockImplementation(async (m) => {
      sent.push({ to: String(m.to), subject: m.subject, text: m.text });
      return { delivered: false, via: 'log' };
    });
  });
  afterAll(() => t.close());

  const cookieOf = (res: { headers: Record<string, unknown> }) => {
    const raw = res.headers['set-cookie'] as string[] | undefined;
    return raw?.find((c) => c.startsWith('cocrea_refresh='));
  };

  it('gives the web app its refresh token only as an HttpOnly, SameSite=Strict cookie scoped to /api/v1/auth', async () => {
    const email = uniqueEmail('web');
    const reg = await t.http().post(`${API}/auth/register`).set(WEB).send({ email, name: 'Persona Web', password: PASSWORD }).expect(201);
    expect(reg.body.refreshToken).toBeUndefined();
    expect(reg.body.accessToken).toEqual(expect.any(String));
    const cookie = cookieOf(reg)!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/api\/v1\/auth/);
    expect(cookie).not.toMatch(/Secure/); // PUBLIC_URL is http in tests
    // A readable marker (no secret) lets the app skip the refresh when there is no session.
    const marker = (reg.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('cocrea_session='))!;
    expect(marker).toMatch(/^cocrea_session=1; .*Path=\/; SameSite=Strict$/);
    expect(marker).not.toMatch(/HttpOnly/);

    const value = cookie.split(';')[0];
    // Without the custom header (a cross-site form can't add one) the cookie is ignored.
    const forged = await t.http().post(`${API}/auth/refresh`).set('Cookie', value).send({}).expect(401);
    expect(forged.body.code).toBe('invalid_refresh_token');
    // With it, the session rotates: new cookie, and the old one is spent.
    const rotated = await t.http().post(`${API}/auth/refresh`).set(WEB).set('Cookie', value).send({}).expect(200);
    expect(rotated.body.refreshToken).toBeUndefined();
    const next = cookieOf(rotated)!.split(';')[0];
    expect(next).not.toBe(value);
    await t.http().get(`${API}/me`).set('Authorization', `Bearer ${rotated.body.accessToken}`).expect(200);

    const out = await t.http().post(`${API}/auth/logout`).set(WEB).set('Cookie', next).send({}).expect(204);
    expect(out.headers['set-cookie']).toEqual([expect.stringMatching(/^cocrea_refresh=; Max-Age=0/), expect.stringMatching(/^cocrea_session=; Max-Age=0/)]);
    const after = await t.http().post(`${API}/auth/refresh`).set(WEB).set('Cookie', next).send({});
    expect(after.status).toBe(401);
  });

  it('keeps the JSON-body refresh for API clients', async () => {
    const user = await registerUser(t);
    const res = await t.http().post(`${API}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(200);
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(cookieOf(res)).toBeUndefined();
  });

  it('resets a forgotten password with a single-use link, answering the same for unknown addresses', async () => {
    const user = await registerUser(t);
    const unknown = await t.http().post(`${API}/auth/password-reset`).send({ email: uniqueEmail('nadie') }).expect(202);
    const known = await t.http().post(`${API}/auth/password-reset`).send({ email: user.email.toUpperCase() }).expect(202);
    expect(known.body).toEqual(unknown.body);
    // The mail is handed to the mailer before the answer goes out.
    expect(sent.filter((m) => m.to === user.email)).toHaveLength(1);
    const mail = sent.find((m) => m.to === user.email)!;
    expect(mail.subject).toContain('restablece tu contraseña');
    const token = /\/restablecer\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    expect(mail.text).toContain(`${t.config.publicUrl}/restablecer/${token}`);

    const weak = await t.http().post(`${API}/auth/password-reset/confirm`).send({ token, password: 'corta' }).expect(400);
    expect(weak.body.code).toBe('weak_password');
    // A weak try does not spend the link.
    await t.http().post(`${API}/auth/password-reset/confirm`).send({ token, password: 'una frase nueva y larga' }).expect(204);
    const again = await t.http().post(`${API}/auth/password-reset/confirm`).send({ token, password: 'otra frase nueva y larga' }).expect(400);
    expect(again.body.code).toBe('invalid_reset_token');

    // Old sessions end; the new password works, the old one does not.
    await t.http().post(`${API}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(401);
    await t.http().post(`${API}/auth/login`).send({ email: user.email, password: PASSWORD }).expect(401);
    await t.http().post(`${API}/auth/login`).send({ email: user.email, password: 'una frase nueva y larga' }).expect(200);
  });

  it('refuses an expired reset link', async () => {
    const user = await registerUser(t);
    await t.http().post(`${API}/auth/password-reset`).send({ email: user.email }).expect(202);
    expect(sent.some((m) => m.to === user.email)).toBe(true);
    const token = /\/restablecer\/([A-Za-z0-9_-]+)/.exec(sent.find((m) => m.to === user.email)!.text)![1];
    await t.db.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    const res = await t.http().post(`${API}/auth/password-reset/confirm`).send({ token, password: 'una frase nueva y larga' }).expect(400);
    expect(res.body.code).toBe('invalid_reset_token');
  });

  it('renames the account and changes the password only with the current one', async () => {
    const user = await registerUser(t);
    const renamed = await t.http().patch(`${API}/me`).set(user.auth).send({ name: '  Ana Pérez  ' }).expect(200);
    expect(renamed.body.name).toBe('Ana Pérez');

    const wrong = await t.http().post(`${API}/me/password`).set(user.auth).send({ currentPassword: 'no-es-esta', newPassword: 'una frase nueva y larga' }).expect(422);
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    const weak = await t.http().post(`${API}/me/password`).set(user.auth).send({ currentPassword: PASSWORD, newPassword: 'corta' }).expect(400);
    expect(weak.body.errors[0].field).toBe('newPassword');

    const changed = await t.http().post(`${API}/me/password`).set(user.auth).send({ currentPassword: PASSWORD, newPassword: 'una frase nueva y larga' }).expect(200);
    expect(changed.body.accessToken).toEqual(expect.any(String));
    // The session from before the change is over; the one handed back works.
    await t.http().post(`${API}/auth/refresh`).send({ refreshToken: user.refreshToken }).expect(401);
    await t.http().post(`${API}/auth/refresh`).send({ refreshToken: changed.body.refreshToken }).expect(200);
  });
});
