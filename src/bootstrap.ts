import 'reflect-metadata';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import multipart from '@fastify/multipart';
import { INestApplicationContext, Logger as NestLogger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AppModule } from './app.module';
import { validationError } from './common/errors/validation';
import { completeOpenApiDocument } from './common/openapi-document';
import { frameworkErrorOptions, HEADERS_TIMEOUT_MS, IDLE_TIMEOUT_MS, installHttpLimits, MAX_PARAM_LENGTH } from './common/http-limits';
import { AppConfig, RuntimeOptions } from './config/app-config';
import { ConfigError, validateEnv } from './config/env';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { migrateDatabase } from './database/migrate';
import { registerWebServing } from './web/serve-web';

export const API_PREFIX = 'api/v1';
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Builds the HTTP application (used by main.ts, start.ts and the tests). */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimit,
    // The client IP (per-IP login limit, logs) from X-Forwarded-For only behind named proxies.
    trustProxy: config.trustProxy,
    // Bounds on slow or oversized requests (README "Input bounds").
    requestTimeout: config.timeouts.requestMs,
    connectionTimeout: IDLE_TIMEOUT_MS,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    ...frameworkErrorOptions,
    // One id per request, taken from X-Request-Id when sane; logs and problems carry it.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const header = req.headers['x-request-id'];
      const id = typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
      (req as unknown as { id: string }).id = id;
      return id;
    },
  });
  // bodyParser off: installHttpLimits registers the only body parsers (JSON, then multipart).
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  const server = app.getHttpServer();
  server.headersTimeout = HEADERS_TIMEOUT_MS;

  const fastify = app.getHttpAdapter().getInstance();
  installHttpLimits(fastify, config.timeouts.bodyMs);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  await app.register(helmet as never, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // No inline script anywhere (the web app and Swagger UI load theirs from files);
        // inline style attributes stay allowed for React's style props and Swagger UI.
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // blob: for evidence shown inline (files fetched with the member's token, PDF and images).
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  await registerWebServing(app);
  // multipart/form-data parser for evidence uploads (POST /milestones/:id/evidence); the
  // route streams the file itself and sets its own size limits (src/commitments).
  await app.register(multipart as never, { limits: { files: 1, parts: 6, fields: 5, fieldSize: 4096, headerPairs: 20 } });
  if (config.corsOrigins.length) {
    await app.register(cors as never, { origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, credentials: false });
  }

  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/ready'] });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationError }),
  );

  const document = completeOpenApiDocument(SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Cocrea API')
      .setDescription('Co-creación de Planes de Acción Locales de Gobierno Abierto (Secretariados Técnicos Locales). Errors are RFC 9457 problem+json with a stable `code`.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  ));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** A process with the BullMQ processors and no HTTP server. */
export function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRoot(config), { bufferLogs: true }).then((ctx) => {
    ctx.useLogger(ctx.get(Logger));
    return ctx;
  });
}

/**
 * Entry for `npm start` (http + workers), main.ts (http) and worker.ts (workers):
 * validates config, starts the embedded database when there is no DATABASE_URL, migrates,
 * seeds the demo on an empty embedded database, serves, and shuts down cleanly on signals.
 */
/** Loads the demo data into an empty embedded database (src/seeds/demo.ts), handed in by the entry point so nothing in the app imports the seeds. */
export type DemoLoader = (config: AppConfig, logger: NestLogger) => Promise<unknown>;

export async function run(mode: Pick<RuntimeOptions, 'http' | 'workers'>, seedDemo?: DemoLoader): Promise<void> {
  const logger = new NestLogger('Bootstrap');
  const startedAt = Date.now();
  let env;
  try {
    env = validateEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  // A forked HTTP process of API_PROCESSES: the primary has migrated; serve and nothing else.
  const forked = cluster.isWorker;
  if (mode.http && env.API_PROCESSES > 1 && !forked) {
    if (!env.DATABASE_URL) {
      process.stderr.write('Invalid configuration: API_PROCESSES > 1 needs DATABASE_URL (the embedded database lives inside one process).\n');
      process.exit(78);
    }
    return superviseApiProcesses(env.API_PROCESSES, env.DATABASE_URL, logger);
  }

  let embedded: EmbeddedPostgres | undefined;
  if (!env.DATABASE_URL) {
    if (!mode.http) {
      process.stderr.write('Invalid configuration: DATABASE_URL is required to run a separate worker process (the embedded database lives inside `npm start`).\n');
      process.exit(78);
    }
    embedded = await startEmbeddedPostgres(env.DATA_DIR);
    logger.log(`Embedded PostgreSQL (PGlite) under ${env.DATA_DIR}`);
  }
  const config = new AppConfig(env, { databaseUrl: env.DATABASE_URL ?? embedded!.url, embedded: !!embedded, ...mode });
  const applied = forked ? [] : await migrateDatabase(config.databaseUrl);
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  if (embedded && config.seedDemoOnEmpty && seedDemo) await seedDemo(config, logger);

  const app = mode.http ? await createHttpApp(config) : await createWorkerContext(config);
  if (mode.http) {
    await (app as NestFastifyApplication).listen(config.port, config.host);
    logger.log(`Cocrea listening on http://localhost:${config.port} (API docs: /api/docs) — ready in ${Date.now() - startedAt} ms`);
  } else {
    await app.init();
    logger.log(`Cocrea worker running — ready in ${Date.now() - startedAt} ms`);
  }
  if (mode.http && !mode.workers) logger.warn('API only: background jobs run in a separate `npm run start:worker` process.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received, shutting down`);
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * API_PROCESSES > 1: this (primary) process migrates once, then forks that many copies of
 * the entry point, which share its port (node cluster hands out connections round-robin).
 * A copy that dies is replaced; SIGTERM/SIGINT stop them all, each draining as it would alone.
 */
async function superviseApiProcesses(count: number, databaseUrl: string, logger: NestLogger): Promise<void> {
  const applied = await migrateDatabase(databaseUrl);
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  let stopping = false;
  const fork = () => cluster.fork().once('exit', (code, signal) => {
    if (stopping) return;
    logger.error(`API process exited (${signal ?? code}); starting another`);
    // Not after a stop began meanwhile: that copy would be left without its signal.
    setTimeout(() => stopping || fork(), 1000).unref();
  });
  for (let i = 0; i < count; i++) fork();
  logger.log(`Started ${count} API processes`);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    if (!workers.length) process.exit(0);
    let left = workers.length;
    for (const w of workers) {
      w.once('exit', () => --left === 0 && process.exit(0));
      w.process.kill(signal);
    }
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
