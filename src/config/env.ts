import { plainToInstance, Transform } from 'class-transformer';
import { isIP } from 'node:net';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync, ValidateBy } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const PROXY_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY as Fastify's `trustProxy`: empty → false (X-Forwarded-For is ignored); a
 * number → that many proxy hops; otherwise the proxies' addresses or CIDRs (or proxy-addr's
 * `loopback`, `linklocal`, `uniquelocal`). `true` (trust anyone) is refused: with it, any
 * client chooses its own address. undefined when invalid.
 */
export function parseTrustProxy(value: string): false | number | string[] | undefined {
  const v = value.trim();
  if (v === '' || v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v) >= 1 && Number(v) <= 10 ? Number(v) : undefined;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  const valid = (entry: string) => {
    if (PROXY_KEYWORDS.includes(entry)) return true;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length) return false;
    return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  };
  return list.length && list.every(valid) ? list : undefined;
}

/**
 * Every environment variable the product reads. Documented in README.md and .env.example;
 * the app refuses to start when one is invalid and names it.
 */
export class Env {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsOptional() @IsString()
  HOST = '0.0.0.0';

  /** PostgreSQL URL. Unset → embedded PGlite under DATA_DIR. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * HTTP processes serving one port (node cluster; the primary migrates and supervises).
   * Each has its own pool of DB_POOL_SIZE connections. Needs DATABASE_URL.
   */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64)
  API_PROCESSES = 1;

  /** Redis URL for BullMQ and rate limits. Unset → BullMQ's PostgreSQL backend. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Key prefix of the queues (and shared rate limits) in Redis, so several deployments can share one. */
  @IsOptional() @Matches(/^[a-z0-9_-]{1,40}$/, { message: 'QUEUE_PREFIX must be 1–40 lowercase letters, digits, - or _' })
  QUEUE_PREFIX = 'cocrea';

  @IsOptional() @IsString() @MinLength(1)
  DATA_DIR = './data';

  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32, { message: 'JWT_ACCESS_SECRET must be at least 32 characters' })
  JWT_ACCESS_SECRET?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  JWT_ACCESS_TTL = 900;

  @IsOptional() @Transform(toInt) @IsInt() @Min(300)
  JWT_REFRESH_TTL = 30 * 24 * 3600;

  @IsOptional() @IsString() @MinLength(1)
  JWT_ISSUER = 'cocrea';

  @IsOptional() @IsString() @MinLength(1)
  JWT_AUDIENCE = 'cocrea-api';

  @IsOptional() @Transform(emptyToUndefined) @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional() @IsString()
  MAIL_FROM = 'Cocrea <no-responder@cocrea.local>';

  /** Base of links in e-mails and evidence URLs. Unset → http://localhost:<PORT>. */
  @IsOptional() @Transform(emptyToUndefined) @Matches(/^https?:\/\/\S+$/, { message: 'PUBLIC_URL must be an http(s) URL' })
  PUBLIC_URL?: string;

  /** Proxies whose X-Forwarded-For is believed (see parseTrustProxy). Default: none. */
  @IsOptional() @IsString()
  @ValidateBy({
    name: 'isTrustProxy',
    validator: { validate: (v: unknown) => typeof v === 'string' && parseTrustProxy(v) !== undefined, defaultMessage: () => 'TRUST_PROXY must be empty, a hop count (1-10) or comma-separated proxy addresses/CIDRs' },
  })
  TRUST_PROXY = '';

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Comma-separated allowed origins, `*` for any; empty disables CORS. */
  @IsOptional() @IsString()
  CORS_ORIGINS = '';

  @IsOptional() @Transform(toInt) @IsInt() @Min(1024)
  BODY_LIMIT = 1_048_576;

  /** Time a JSON (non-upload) request may take to arrive complete, body included (ms); then 408. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000)
  BODY_TIMEOUT_MS = 60_000;

  /** Time any request may take to arrive complete, a 20 MB evidence upload included (ms). */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000)
  REQUEST_TIMEOUT_MS = 900_000;

  /** Login/refresh attempts per account per minute. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  AUTH_RATE_LIMIT = 10;

  /** Login/refresh attempts per client IP per minute. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1)
  AUTH_RATE_LIMIT_IP = 30;

  /** How often the reminder reconciler runs (ms): relay, lost-job recovery, digests, hooks. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(500)
  REMINDERS_RECONCILE_MS = 60_000;

  /** Job lock of the reminder and e-mail workers (ms); a crashed worker's job is retried after about twice this. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(500)
  JOB_LOCK_MS = 30_000;

  /** Delivery attempts per e-mail before it is marked failed. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(20)
  EMAIL_ATTEMPTS = 6;

  /** First retry delay of a failed e-mail (ms); doubles on each attempt. */
  @IsOptional() @Transform(toInt) @IsInt() @Min(10)
  EMAIL_BACKOFF_MS = 30_000;

  /** Loads the demo data on an empty embedded database at start. */
  @IsOptional() @IsIn(['true', 'false'])
  SEED_DEMO_ON_EMPTY: 'true' | 'false' = 'true';
}

export class ConfigError extends Error {}

/** Validates raw env; throws a ConfigError naming each bad variable. */
export function validateEnv(raw: Record<string, unknown>): Env {
  const known = Object.keys(new Env());
  const picked: Record<string, unknown> = {};
  for (const key of [...known, 'DATABASE_URL', 'REDIS_URL', 'JWT_ACCESS_SECRET', 'SMTP_URL', 'PUBLIC_URL']) {
    if (raw[key] !== undefined) picked[key] = raw[key];
  }
  const env = plainToInstance(Env, picked, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: true });
  if (env.NODE_ENV === 'production' && !env.JWT_ACCESS_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_ACCESS_SECRET is required when NODE_ENV=production');
  }
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return env;
}
