import { createTestApp, TestApp } from '../support/test-app';
import { spawnNode } from '../support/processes';

// `npm run admin:create` makes (or promotes) the first platform admin.
describe('admin:create', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
  });
  afterAll(() => t.close());

  const databaseUrl = () => t.config.databaseUrl;

  it('creates a platform admin who can log in', async () => {
    const usage = spawnNode('dist/src/users/admin-create.js', { DATABASE_URL: databaseUrl() });
    expect((await usage.exited).code).toBe(64);
    expect(usage.output()).toContain('Uso:');

    const created = spawnNode('dist/src/users/admin-create.js', { DATABASE_URL: databaseUrl() }, ['--email', 'Jefa@Ejemplo.mx', '--password', 'una-clave-muy-larga-1']);
    expect((await created.exited).code).toBe(0);
    const login = await t.http().post('/api/v1/auth/login').send({ email: 'jefa@ejemplo.mx', password: 'una-clave-muy-larga-1' });
    expect(login.status).toBe(200);
    const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(me.body.isPlatformAdmin).toBe(true);
  });

  it('refuses a weak password', async () => {
    const weak = spawnNode('dist/src/users/admin-create.js', { DATABASE_URL: databaseUrl() }, ['--email', 'otra@ejemplo.mx', '--password', 'corta']);
    expect((await weak.exited).code).toBe(65);
    expect(weak.output()).toContain('al menos 12');
  });
});
