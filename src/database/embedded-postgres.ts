import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGliteSessionQueue } from './pglite-session-queue';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite under `dataDir` and serves it on a loopback port so the rest of the
 * app (TypeORM, BullMQ's PostgreSQL backend) connects with plain `pg` as to any server.
 * Loaded lazily: with DATABASE_URL set, PGlite is never imported.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections = 64): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pgcrypto } = await import('@electric-sql/pglite/contrib/pgcrypto');
  const { PGLiteSocketHandler, PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  serializeHandlerInput(PGLiteSocketHandler.prototype as unknown as HandlerInput);

  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir, extensions: { pgcrypto } });
  // PGlite is a single session shared by every socket; the socket server ignores
  // BullMQ's `-c search_path` startup option, so set it once for everybody.
  await db.exec('CREATE SCHEMA IF NOT EXISTS bullmq; SET search_path TO public, bullmq');

  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  (server as unknown as { queryQueue: unknown }).queryQueue = new PGliteSessionQueue(db as never);
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

interface HandlerInput {
  handleData(data: Buffer): Promise<number>;
  __serialized?: boolean;
}

/**
 * pglite-socket handles each TCP chunk in its own async call; a message split across chunks
 * could then be parsed by two calls at once and reach PGlite out of order. Chain the calls
 * per connection so each chunk is handled after the previous one.
 */
function serializeHandlerInput(proto: HandlerInput) {
  if (proto.__serialized) return;
  const original = proto.handleData;
  proto.handleData = function (this: HandlerInput & { __chain?: Promise<unknown> }, data: Buffer) {
    const next = (this.__chain ?? Promise.resolve()).then(() => original.call(this, data));
    this.__chain = next.catch(() => undefined);
    return next;
  };
  proto.__serialized = true;
}
