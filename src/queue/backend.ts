import { createPostgresBackend, createRedisBackend, setDefaultBackendFactory } from 'bullmq';
import { AppConfig } from '../config/app-config';

/**
 * Reconnect delay after Redis went away: 100 ms, 200 ms … then every 500 ms, so queues and
 * workers resume within about half a second of Redis answering again (BullMQ's default backs
 * off to 20 s). A refused connection costs next to nothing, so retrying often is cheap.
 */
export const redisRetryStrategy = (times: number) => Math.min(100 * times, 500);

/**
 * Worker options that decide how fast a worker resumes after an outage: its run loop waits
 * `runRetryDelay` after a failed fetch (BullMQ's default is 15 s).
 */
export const WORKER_RECOVERY = { runRetryDelay: 500 };

/**
 * The one place that decides where jobs live: Redis when REDIS_URL is set, otherwise
 * BullMQ's PostgreSQL backend on the app database (schema `bullmq`). Everything else just
 * registers queues and processors.
 */
export function bullRootOptions(config: AppConfig) {
  if (config.redisUrl) {
    setDefaultBackendFactory(createRedisBackend);
    const url = new URL(config.redisUrl);
    return {
      prefix: config.queuePrefix,
      connection: {
        host: url.hostname,
        port: Number(url.port || 6379),
        username: url.username || undefined,
        password: url.password ? decodeURIComponent(url.password) : undefined,
        db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
        tls: url.protocol === 'rediss:' ? {} : undefined,
        // Commands wait for the reconnect instead of failing (workers need this); request paths
        // bound their own waits (QueueLink, src/queue/queue-link.ts).
        maxRetriesPerRequest: null,
        retryStrategy: redisRetryStrategy,
      },
    };
  }
  setDefaultBackendFactory(createPostgresBackend as never);
  // Each queue and worker opens its own small pool (+ one LISTEN client).
  const connection = { connectionString: config.databaseUrl, schema: 'bullmq', migrate: true, max: 3 };
  return { connection: connection as never };
}

export type QueueBackendName = 'redis' | 'postgres';
export const queueBackendName = (config: AppConfig): QueueBackendName => (config.redisUrl ? 'redis' : 'postgres');
