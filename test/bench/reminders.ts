/**
 * Reminder lateness (DESIGN §5, issue 6): 10,000 reminders due within a minute, in 32
 * secretariats, sent by the in-process workers on each BullMQ backend; prints p50/p99/max of (notification created −
 * fireAt) and the relay's enqueue throughput. Measures, asserts nothing.
 *
 *   npm run build && node dist/test/bench/reminders.js [count] [redis|postgres] [windowMs]
 *
 * Needs the machine's PostgreSQL (TEST_PG_URL, default postgres@127.0.0.1:5432) and
 * `redis-server` on PATH (a private one is started on a free port and killed afterwards).
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createWorkerContext } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { validateEnv } from '../../src/config/env';
import { migrateDatabase } from '../../src/database/migrate';
import { ReminderRelay } from '../../src/reminders/reminder-relay.service';
import { ReminderInput, ReminderScheduler } from '../../src/reminders/reminder-scheduler.service';
import { sigkill, startRedis } from '../fault/servers';
import { freePort } from '../support/processes';
import { TEST_ENV } from '../support/test-app';
import { dbUrl, withAdminClient } from '../support/test-db';

export interface ReminderBenchResult {
  backend: 'redis' | 'postgres';
  reminders: number;
  relayMs: number;
  relayPerSecond: number;
  latenessMs: { p50: number; p99: number; max: number };
  sendWindowMs: number;
}

export async function benchReminders(backend: 'redis' | 'postgres', count = 10_000, windowMs = 60_000): Promise<ReminderBenchResult> {
  const dbName = `cocrea_bench_rem_${randomBytes(4).toString('hex')}`;
  await withAdminClient((c) => c.query(`CREATE DATABASE "${dbName}"`));
  const url = dbUrl(dbName);
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  let ctx: INestApplicationContext | undefined;
  try {
    await migrateDatabase(url);
    let redisUrl: string | undefined;
    if (backend === 'redis') {
      const port = await freePort();
      redis = await startRedis(port);
      redisUrl = `redis://127.0.0.1:${port}`;
    }
    const env = validateEnv({ ...TEST_ENV, LOG_LEVEL: 'silent', REMINDERS_RECONCILE_MS: '3600000', ...(redisUrl ? { REDIS_URL: redisUrl } : {}) });
    ctx = await createWorkerContext(new AppConfig(env, { databaseUrl: url, embedded: false, http: false, workers: true, queuePrefix: 'bench' }));
    await ctx.init();
    const db = ctx.get(DataSource);

    const users: { id: string }[] = await db.query(
      `INSERT INTO users (email, name, password_hash) SELECT 'bench-' || g || '@ejemplo.mx', 'Persona ' || g, 'x' FROM generate_series(1, 100) g RETURNING id`,
    );
    // Spread over 32 secretariats (one per state): each has its own audit chain, whose lock
    // serializes the sends of one secretariat.
    const secretariats = Array.from({ length: 32 }, () => randomUUID());
    // Due between 10 s and 10 s + windowMs from now, uniformly.
    const start = Date.now() + 10_000;
    const rows: ReminderInput[] = Array.from({ length: count }, (_, i) => ({
      kind: 'message',
      subjectType: 'meeting',
      subjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      secretariatId: secretariats[i % secretariats.length],
      fireAt: new Date(start + Math.floor((i / count) * windowMs)),
      payload: { userIds: [users[i % users.length].id], subject: `Aviso ${i}`, text: 'Recordatorio de prueba de carga.', link: `/meetings/${i}` },
    }));
    const scheduler = ctx.get(ReminderScheduler);
    await db.transaction((tx) => scheduler.schedule(tx, rows));
    // The commit kicked the relay (every row fires within its horizon): time it.
    const relayStarted = Date.now();
    const relay = ctx.get(ReminderRelay);
    await relay.idle();
    await relay.relayOnce();
    const relayMs = Date.now() - relayStarted;

    const deadline = start + windowMs + 600_000;
    for (;;) {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM scheduled_reminders WHERE status = 'sent'`);
      if (n >= count) break;
      if (Date.now() > deadline) throw new Error(`only ${n}/${count} reminders sent in time`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const [stats] = await db.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
         FROM (SELECT extract(epoch FROM (n.created_at - r.fire_at)) * 1000 AS ms
                 FROM scheduled_reminders r JOIN notifications n ON n.reminder_id = r.id) l`,
    );
    const [{ window }] = await db.query(`SELECT extract(epoch FROM max(sent_at) - min(sent_at)) * 1000 AS window FROM scheduled_reminders`);
    const round = (v: unknown) => Math.round(Number(v));
    return {
      backend,
      reminders: count,
      relayMs,
      relayPerSecond: Math.round((count / Math.max(1, relayMs)) * 1000),
      latenessMs: { p50: round(stats.p50), p99: round(stats.p99), max: round(stats.max) },
      sendWindowMs: round(window),
    };
  } finally {
    await ctx?.close();
    if (redis) await sigkill(redis);
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  }
}

if (require.main === module) {
  void (async () => {
    const count = Number(process.argv[2] ?? 10_000);
    const only = process.argv[3];
    for (const backend of (['redis', 'postgres'] as const).filter((b) => !only || b === only)) {
      const r = await benchReminders(backend, count, Number(process.argv[4] ?? 60_000));
      process.stdout.write(
        `reminders[${r.backend}] ${r.reminders} due within ${Number(process.argv[4] ?? 60_000) / 1000} s: lateness p50 ${r.latenessMs.p50} ms, p99 ${r.latenessMs.p99} ms, max ${r.latenessMs.max} ms; relay enqueued ${r.reminders} in ${r.relayMs} ms (${r.relayPerSecond}/s); sent within ${r.sendWindowMs} ms (${Math.round((r.reminders / Math.max(1, r.sendWindowMs)) * 1000)}/s)\n`,
      );
    }
    process.exit(0);
  })().catch((error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}
