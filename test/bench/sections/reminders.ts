import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createWorkerContext } from '../../../src/bootstrap';
import { AppConfig } from '../../../src/config/app-config';
import { validateEnv } from '../../../src/config/env';
import { migrateDatabase } from '../../../src/database/migrate';
import { ReminderRelay } from '../../../src/reminders/reminder-relay.service';
import { benchReminders, ReminderBenchResult } from '../reminders';
import { appEnv, BENCH_REDIS_URL, cleanRedis, dropDatabase, QUEUE_PREFIX, recreateDatabase, round1 } from '../lib';

export interface RelayResult {
  backend: 'redis' | 'postgres';
  rows: number;
  ms: number;
  jobsPerSecond: number;
}

export interface RemindersResult {
  relay: RelayResult[];
  /** The reminders engineer's measurement (test/bench/reminders.ts), one per backend. */
  lateness: ReminderBenchResult[];
}

const RELAY_DB = 'cocrea_bench_relay';

/**
 * Relay throughput: `rows` pending reminders (due in 5 minutes, so inside the relay horizon
 * and not yet firing) are written in bulk, then one ReminderRelay.relayOnce() turns them into
 * delayed BullMQ jobs; no processor runs in this context.
 */
export async function relayThroughput(backend: 'redis' | 'postgres', rows: number): Promise<RelayResult> {
  const url = await recreateDatabase(RELAY_DB);
  await migrateDatabase(url);
  const env = validateEnv({ ...appEnv(url), LOG_LEVEL: 'silent', REMINDERS_RECONCILE_MS: '3600000', REDIS_URL: backend === 'redis' ? BENCH_REDIS_URL : '' });
  const ctx = await createWorkerContext(new AppConfig(env, { databaseUrl: url, embedded: false, http: false, workers: false, queuePrefix: QUEUE_PREFIX }));
  try {
    await ctx.init();
    const db = ctx.get(DataSource);
    await db.query(
      `INSERT INTO scheduled_reminders (kind, subject_type, subject_id, fire_at, payload)
       SELECT 'message', 'meeting', gen_random_uuid(), now() + interval '5 minutes' + g * interval '1 millisecond', '{"userIds": [], "subject": "Aviso", "text": "Recordatorio", "link": "/"}'
         FROM generate_series(1, $1) g`,
      [rows],
    );
    const started = process.hrtime.bigint();
    const result = await ctx.get(ReminderRelay).relayOnce();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.enqueued !== rows) throw new Error(`relay enqueued ${result.enqueued} of ${rows}`);
    return { backend, rows, ms: Math.round(ms), jobsPerSecond: round1((rows / ms) * 1000) };
  } finally {
    await ctx.close();
    await dropDatabase(RELAY_DB);
    if (backend === 'redis') await cleanRedis();
  }
}

/** §3: relay throughput and lateness, on Redis and on BullMQ's PostgreSQL backend. */
export async function reminders(opts: { relayRows: number; latenessCount: number; latenessWindowMs: number; log: (line: string) => void }): Promise<RemindersResult> {
  const relay: RelayResult[] = [];
  const lateness: ReminderBenchResult[] = [];
  for (const backend of ['redis', 'postgres'] as const) {
    opts.log(`  relay ${opts.relayRows} rows on ${backend}…`);
    relay.push(await relayThroughput(backend, opts.relayRows));
    opts.log(`  lateness of ${opts.latenessCount} reminders due within ${opts.latenessWindowMs / 1000} s on ${backend}…`);
    lateness.push(await benchReminders(backend, opts.latenessCount, opts.latenessWindowMs));
  }
  return { relay, lateness };
}
