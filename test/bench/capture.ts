import 'reflect-metadata';
import { Client } from 'pg';
import { createHttpApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { validateEnv } from '../../src/config/env';
import { appEnv, QUEUE_PREFIX } from './lib';

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

export interface CaptureTarget {
  name: string;
  path: string;
  headers?: Record<string, string>;
}

/**
 * The SQL the app runs for one request, statement by statement with its parameters: the
 * app is booted in this process with `pg.Client#query` wrapped, each target requested twice
 * (the second, warm, request is kept). The baseline server replays exactly these
 * statements, so "same SQL" is literal.
 */
export async function captureSql(databaseUrl: string, targets: CaptureTarget[]): Promise<Record<string, { status: number; bytes: number; statements: CapturedStatement[] }>> {
  const original = Client.prototype.query;
  let recording: CapturedStatement[] | null = null;
  Client.prototype.query = function (this: Client, config: unknown, values?: unknown, callback?: unknown) {
    if (recording && typeof config === 'string') recording.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (recording && config && typeof config === 'object' && 'text' in config) {
      const c = config as { text: string; values?: unknown[] };
      recording.push({ text: c.text, values: c.values ?? (Array.isArray(values) ? values : []) });
    }
    return (original as (...args: unknown[]) => unknown).call(this, config, values, callback);
  } as typeof Client.prototype.query;

  const env = validateEnv({ ...appEnv(databaseUrl), LOG_LEVEL: 'silent' });
  const app = await createHttpApp(new AppConfig(env, { databaseUrl, embedded: false, http: true, workers: false, queuePrefix: QUEUE_PREFIX }));
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const out: Record<string, { status: number; bytes: number; statements: CapturedStatement[] }> = {};
  try {
    for (const target of targets) {
      await fastify.inject({ method: 'GET', url: target.path, headers: target.headers });
      recording = [];
      const res = await fastify.inject({ method: 'GET', url: target.path, headers: target.headers });
      out[target.name] = { status: res.statusCode, bytes: res.rawPayload.length, statements: recording };
      recording = null;
    }
  } finally {
    Client.prototype.query = original;
    await app.close();
  }
  return out;
}
