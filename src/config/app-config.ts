import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Env, parseTrustProxy } from './env';

/** Runtime facts decided at start, beyond the raw environment. */
export interface RuntimeOptions {
  /** The PostgreSQL URL actually used (DATABASE_URL or the embedded server's). */
  databaseUrl: string;
  embedded: boolean;
  http: boolean;
  workers: boolean;
  /** Test-only: BullMQ key prefix so parallel runs sharing one Redis stay apart. */
  queuePrefix?: string;
}

/** Typed configuration every module reads (injected as a provider). */
export class AppConfig {
  readonly nodeEnv: Env['NODE_ENV'];
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
  readonly embedded: boolean;
  readonly dbPoolSize: number;
  readonly redisUrl?: string;
  readonly queuePrefix: string;
  readonly dataDir: string;
  readonly jwt: { secret: string; accessTtl: number; refreshTtl: number; issuer: string; audience: string };
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  readonly publicUrl: string;
  /** Fastify's trustProxy: false, a hop count, or the proxies' addresses/CIDRs. */
  readonly trustProxy: false | number | string[];
  readonly logLevel: string;
  readonly corsOrigins: string[];
  readonly bodyLimit: number;
  readonly timeouts: { bodyMs: number; requestMs: number };
  readonly authRateLimit: { perAccount: number; perIp: number };
  readonly seedDemoOnEmpty: boolean;
  readonly http: boolean;
  readonly workers: boolean;
  readonly reminders: { reconcileIntervalMs: number; jobLockMs: number; emailAttempts: number; emailBackoffMs: number };

  constructor(env: Env, runtime: RuntimeOptions) {
    this.nodeEnv = env.NODE_ENV;
    this.port = env.PORT;
    this.host = env.HOST;
    this.databaseUrl = runtime.databaseUrl;
    this.embedded = runtime.embedded;
    this.dbPoolSize = env.DB_POOL_SIZE;
    this.redisUrl = env.REDIS_URL;
    this.queuePrefix = runtime.queuePrefix ?? env.QUEUE_PREFIX;
    this.dataDir = resolve(env.DATA_DIR);
    this.jwt = {
      secret: env.JWT_ACCESS_SECRET ?? persistedSecret(this.dataDir),
      accessTtl: env.JWT_ACCESS_TTL,
      refreshTtl: env.JWT_REFRESH_TTL,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
    };
    this.smtpUrl = env.SMTP_URL;
    this.mailFrom = env.MAIL_FROM;
    this.publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '');
    this.trustProxy = parseTrustProxy(env.TRUST_PROXY) ?? false;
    this.logLevel = env.LOG_LEVEL;
    this.corsOrigins = env.CORS_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean);
    this.bodyLimit = env.BODY_LIMIT;
    this.timeouts = { bodyMs: env.BODY_TIMEOUT_MS, requestMs: env.REQUEST_TIMEOUT_MS };
    this.authRateLimit = { perAccount: env.AUTH_RATE_LIMIT, perIp: env.AUTH_RATE_LIMIT_IP };
    this.seedDemoOnEmpty = env.SEED_DEMO_ON_EMPTY === 'true';
    this.http = runtime.http;
    this.workers = runtime.workers;
    this.reminders = {
      reconcileIntervalMs: env.REMINDERS_RECONCILE_MS,
      jobLockMs: env.JOB_LOCK_MS,
      emailAttempts: env.EMAIL_ATTEMPTS,
      emailBackoffMs: env.EMAIL_BACKOFF_MS,
    };
  }
}

/**
 * Without JWT_ACCESS_SECRET (allowed outside production) a random secret is generated once
 * and kept under DATA_DIR, so sessions survive a restart of the embedded default.
 */
function persistedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
