import { AppConfig } from './app-config';
import { ConfigError, validateEnv } from './env';

describe('validateEnv', () => {
  it('applies defaults for an empty environment (the embedded default)', () => {
    const env = validateEnv({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './data', JWT_ACCESS_TTL: 900, LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('converts numbers and keeps URLs', () => {
    const env = validateEnv({ PORT: '8080', DATABASE_URL: 'postgres://u@h:5432/db', REDIS_URL: 'redis://h:6379' });
    expect(env.PORT).toBe(8080);
    expect(env.DATABASE_URL).toBe('postgres://u@h:5432/db');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'http://x'],
    ['QUEUE_PREFIX', 'Mi Prefijo!'],
    ['JWT_ACCESS_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['SMTP_URL', 'mail.example.org'],
    ['NODE_ENV', 'staging'],
  ])('names %s when it is invalid (%s)', (name, value) => {
    expect(() => validateEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => validateEnv({ [name]: value })).toThrow(name);
  });

  it('requires JWT_ACCESS_SECRET in production', () => {
    expect(() => validateEnv({ NODE_ENV: 'production' })).toThrow('JWT_ACCESS_SECRET');
    expect(validateEnv({ NODE_ENV: 'production', JWT_ACCESS_SECRET: 'x'.repeat(32) }).NODE_ENV).toBe('production');
  });

  it('treats empty strings as unset', () => {
    expect(validateEnv({ DATABASE_URL: '', REDIS_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});

describe('TRUST_PROXY and PUBLIC_URL (issue 12)', () => {
  const config = (raw: Record<string, string>) =>
    new AppConfig(validateEnv({ JWT_ACCESS_SECRET: 'x'.repeat(32), ...raw }), { databaseUrl: 'postgres://u@h/db', embedded: false, http: true, workers: false });

  it('trusts no proxy by default, and takes a hop count or a list of addresses/CIDRs', () => {
    expect(config({}).trustProxy).toBe(false);
    expect(config({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(config({ TRUST_PROXY: '10.0.0.0/8, ::1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback']);
  });

  it.each(['true', '*', '0', '10.0.0.0/33', 'proxy.local', '1.2.3.4/8/1'])('refuses TRUST_PROXY=%s, naming it', (value) => {
    expect(() => validateEnv({ TRUST_PROXY: value })).toThrow('TRUST_PROXY');
  });

  it('PUBLIC_URL follows PORT unless set', () => {
    expect(config({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(config({}).publicUrl).toBe('http://localhost:3000');
    expect(config({ PORT: '8080', PUBLIC_URL: 'https://cocrea.example.mx/' }).publicUrl).toBe('https://cocrea.example.mx');
  });
});
