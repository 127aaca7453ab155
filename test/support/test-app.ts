import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createHttpApp, createWorkerContext } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { validateEnv } from '../../src/config/env';
import { OpenApiContract } from './openapi-contract';
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
  const contract = watchContract(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    db: app.get(DataSource),
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      contract.assertClean();
    },
  };
}

/**
 * Every response the suite receives is checked against the status and schema the OpenAPI
 * document gives for its route; closing the app fails the test file on any drift, so the
 * document (from which clients are generated) cannot drift from what the server sends.
 */
function watchContract(app: NestFastifyApplication) {
  const fastify = app.getHttpAdapter().getInstance();
  let contract: Promise<OpenApiContract> | undefined;
  const violations: string[] = [];
  fastify.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/docs')) return payload;
    contract ??= fastify.inject({ method: 'GET', url: '/api/docs-json' }).then((r) => new OpenApiContract(r.json()));
    const checker = await contract;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    const before = checker.violations.length;
    try {
      checker.check(req.method, req.routeOptions.url, req.url, reply.statusCode, String(reply.getHeader('content-type') ?? ''), body);
    } catch (error) {
      // A schema ajv cannot compile (e.g. a $ref to an unregistered model) is drift too.
      checker.violations.push(`${req.method} ${req.url}: ${(error as Error).message}`);
    }
    // Jest's global (this module is also compiled by the build, which knows no Jest types).
    const test = (globalThis as { expect?: { getState(): { currentTestName?: string } } }).expect?.getState().currentTestName;
    for (const v of checker.violations.slice(before)) violations.push(test ? `[${test}] ${v}` : v);
    return payload;
  });
  return {
    assertClean() {
      if (violations.length) throw new Error(`Responses that differ from the OpenAPI document:\n${[...new Set(violations)].join('\n')}`);
    },
  };
}

/** A worker-only process context on the given database. */
export async function createTestWorker(databaseUrl: string, options: TestAppOptions = {}) {
  const ctx = await createWorkerContext(testConfig(databaseUrl, options, { http: false, workers: true }));
  await ctx.init();
  return ctx;
}
