import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createHttpApp, createWorkerContext } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { validateEnv } from '../../src/config/env';
import { freshTestDatabase, runId, TEST_REDIS_URL } from './test-db';

// Jest loads this module once per test file: a key of its own keeps one file's queues,
// job schedulers and rate-limit counters in Redis away from the next file's.
const FILE_KEY = randomBytes(3).toString('hex');

export const TEST_ENV = {
  NODE_ENV: 'test',
  JWT_ACCESS_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
  AUTH_RATE_LIMIT: '1000',
  AUTH_RATE_LIMIT_IP: '100000',
  DATA_DIR: '/tmp/cocrea-test-data',
};

export interface TestAppOptions {
  /** BullMQ on the machine's Redis (default) or on PostgreSQL. */
  queue?: 'redis' | 'postgres';
  /** Also run the job processors in this process. */
  workers?: boolean;
  env?: Record<string, string>;
  /** Reuse an existing database instead of a fresh clone. */
  databaseUrl?: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  db: DataSource;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export function testConfig(databaseUrl: string, options: TestAppOptions = {}, mode = { http: true, workers: options.workers ?? false }) {
  const env = validateEnv({
    ...TEST_ENV,
    ...(options.queue === 'postgres' ? {} : { REDIS_URL: TEST_REDIS_URL }),
    ...options.env,
  });
  return new AppConfig(env, {
    databaseUrl,
    embedded: false,
    ...mode,
    queuePrefix: `ct${runId()}w${process.env.JEST_WORKER_ID ?? '1'}f${FILE_KEY}`,
  });
}

/** The real app (Fastify, PostgreSQL, BullMQ) on a fresh database. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await freshTestDatabase());
  const config = testConfig(databaseUrl, options);
  const app = await createHttpApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    db: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    close: () => app.close(),
  };
}

/** A worker-only process context on the given database. */
export async function createTestWorker(databaseUrl: string, options: TestAppOptions = {}) {
  const ctx = await createWorkerContext(testConfig(databaseUrl, options, { http: false, workers: true }));
  await ctx.init();
  return ctx;
}
