import { Jobs } from '../../src/queue/jobs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { emailJobId } from '../../src/reminders/queues';
import { Reconciler } from '../../src/reminders/reconciler.service';
import { ReminderKinds } from '../../src/reminders/reminder-kinds';
import { ReminderScheduler } from '../../src/reminders/reminder-scheduler.service';
import { expectStatus, openRound } from '../support/co-creation';
import { setupSecretariat } from '../support/factories';
import { freePort, Spawned } from '../support/processes';
import { createTestApp, TestApp } from '../support/test-app';
import { freshTestDatabase } from '../support/test-db';
import { countBy, insertUsers, Queryable, messageRow, reminderRow, scheduleRows, testKind, waitFor } from './reminder-helpers';
import { decodeQp, messageIdOf, sigkill, spawnWorker, startRedis, startSmtp, TestSmtp } from './servers';

// Fault tests of issue 6. Every server that gets killed here is one this file started on a
// free port; the machine's Redis and PostgreSQL are never touched.
jest.setTimeout(120_000);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function ownRedis() {
  const port = await freePort();
  const handle = { port, url: `redis://127.0.0.1:${port}`, child: await startRedis(port) };
  cleanups.push(() => sigkill(handle.child));
  return handle;
}

async function ownSmtp(mode: Parameters<typeof startSmtp>[0]): Promise<TestSmtp> {
  const smtp = await startSmtp(mode);
  cleanups.push(() => smtp.close());
  return smtp;
}

async function app(options: Parameters<typeof createTestApp>[0]): Promise<TestApp> {
  const t = await createTestApp(options);
  cleanups.push(() => t.close());
  return t;
}

/** A plain connection to a test database whose `query` returns rows (like DataSource.query). */
async function pg(url: string): Promise<Db> {
  const c = new Client({ connectionString: url });
  await c.connect();
  cleanups.push(() => c.end());
  return { query: async (sql: string, params?: unknown[]) => (await c.query(sql, params)).rows };
}
type Db = Queryable;

function worker(env: Record<string, string>): Spawned {
  const w = spawnWorker(env);
  cleanups.push(() => sigkill(w.child));
  return w;
}

/** Inserts `message` reminders directly (as a committed outbox row looks to a worker). */
async function insertMessages(db: Db, userIds: string[], n: number, fireInMs: number) {
  const rows = Array.from({ length: n }, (_, i) => messageRow(userIds, new Date(Date.now() + fireInMs), i));
  await db.query(
    `INSERT INTO scheduled_reminders (kind, subject_type, subject_id, fire_at, payload)
     SELECT 'message', 'meeting', (r->>'subjectId')::uuid, (r->>'fireAt')::timestamptz, r->'payload' FROM jsonb_array_elements($1::jsonb) r`,
    [JSON.stringify(rows.map((r) => ({ subjectId: r.subjectId, fireAt: r.fireAt.toISOString(), payload: r.payload })))],
  );
}

const sent = (db: Db | TestApp['db']) => countBy(db, `SELECT count(*) AS n FROM scheduled_reminders WHERE status = 'sent'`);

it('Redis SIGKILLed with 1,000 reminders delayed: after one reconciler pass on a new empty Redis every reminder fires once', async () => {
  const redis = await ownRedis();
  const t = await app({ workers: true, env: { REDIS_URL: redis.url, REMINDERS_RECONCILE_MS: '3600000' } });
  const [ana] = await insertUsers(t.db, 1);
  const rows = Array.from({ length: 1000 }, (_, i) => messageRow([ana], new Date(Date.now() + 6000), i));
  await scheduleRows(t.db, t.app.get(ReminderScheduler), rows);
  await waitFor(async () => (await countBy(t.db, `SELECT count(*) AS n FROM scheduled_reminders WHERE status = 'enqueued'`)) === 1000, 10_000, 'all enqueued');
  const queue = t.app.get(Jobs).queue('reminders');
  expect((await queue.getJobCounts('delayed')).delayed).toBe(1000);

  await sigkill(redis.child);
  redis.child = await startRedis(redis.port); // same port, empty: every delayed job is gone
  expect((await queue.getJobCounts('delayed')).delayed).toBe(0);

  const report = await t.app.get(Reconciler).reconcileOnce();
  expect(report.relay.added).toBe(1000);
  // Generous: on a loaded 2-core machine 1,000 sends (plus their e-mails) take a while.
  await waitFor(async () => (await sent(t.db)) === 1000, 120_000, 'all 1000 sent');
  expect(await countBy(t.db, `SELECT count(*) AS n FROM notifications WHERE user_id = $1`, [ana])).toBe(1000);
  expect(await countBy(t.db, `SELECT count(DISTINCT reminder_id) AS n FROM notifications`)).toBe(1000);
  // None fired before its time.
  expect(await countBy(t.db, `SELECT count(*) AS n FROM notifications n JOIN scheduled_reminders r ON r.id = n.reminder_id WHERE n.created_at < r.fire_at`)).toBe(0);
}, 180_000);

it('a worker process SIGKILLed in the middle of sending: the reminder is sent exactly once after recovery', async () => {
  const redis = await ownRedis();
  const smtp = await ownSmtp('hang-first');
  const url = await freshTestDatabase();
  const db = await pg(url);
  const [ana] = await insertUsers(db, 1);
  const env = { DATABASE_URL: url, REDIS_URL: redis.url, SMTP_URL: smtp.url, JOB_LOCK_MS: '1500', REMINDERS_RECONCILE_MS: '1000' };
  const first = worker(env);
  await insertMessages(db, [ana], 1, 0);
  // The worker has committed the notification and sent the whole message; the server never
  // answers, so the worker is waiting for the reply.
  await waitFor(async () => smtp.received.length === 1, 30_000, `first worker sending its SMTP DATA\n${first.output()}`);
  await sigkill(first.child);
  expect(smtp.accepted).toHaveLength(0);

  const second = worker(env);
  await waitFor(async () => smtp.accepted.length === 1, 30_000, `the e-mail after recovery\n${second.output()}`);
  await new Promise((r) => setTimeout(r, 3000)); // room for a duplicate to show up
  expect(smtp.accepted).toHaveLength(1);
  expect(await countBy(db, `SELECT count(*) AS n FROM notifications WHERE user_id = $1`, [ana])).toBe(1);
  // The worker marks the delivery after the SMTP server accepted it: wait for that write.
  await waitFor(async () => (await db.query(`SELECT status FROM email_deliveries`))[0]?.status === 'sent', 10_000, 'delivery marked sent');
  const [delivery] = await db.query(`SELECT id, status, via, message_id FROM email_deliveries`);
  expect(delivery).toMatchObject({ status: 'sent', via: 'smtp' });
  // Had the server kept the first, unanswered copy, the two would carry one Message-ID: the
  // delivery row's own, so the repeat of at-least-once SMTP is recognisable as one message.
  expect(smtp.received).toHaveLength(2);
  expect(smtp.received.map((m) => messageIdOf(m.raw))).toEqual([`<${delivery.id}@cocrea.local>`, `<${delivery.id}@cocrea.local>`]);
  expect(delivery.message_id).toBe(`<${delivery.id}@cocrea.local>`);
  expect(await sent(db)).toBe(1);
});

it('two worker processes on the same queues: each reminder is handled once', async () => {
  const redis = await ownRedis();
  const smtp = await ownSmtp('accept');
  const url = await freshTestDatabase();
  const db = await pg(url);
  const users = await insertUsers(db, 2);
  const env = { DATABASE_URL: url, REDIS_URL: redis.url, SMTP_URL: smtp.url, REMINDERS_RECONCILE_MS: '1000' };
  const workers = [worker(env), worker(env)];
  await insertMessages(db, users, 200, 4000);
  await waitFor(async () => (await sent(db)) === 200, 60_000, `200 sent\n${workers.map((w) => w.output()).join('\n')}`);
  await waitFor(async () => smtp.accepted.length >= 400, 30_000, '400 e-mails');
  await new Promise((r) => setTimeout(r, 2000));
  expect(await countBy(db, `SELECT count(*) AS n FROM notifications`)).toBe(400);
  expect(await countBy(db, `SELECT count(*) AS n FROM (SELECT reminder_id, user_id FROM notifications GROUP BY 1, 2 HAVING count(*) > 1) d`)).toBe(0);
  expect(smtp.accepted).toHaveLength(400);
  await waitFor(async () => (await countBy(db, `SELECT count(*) AS n FROM email_deliveries WHERE status = 'sent'`)) === 400, 10_000, '400 deliveries marked sent');
  // Both processes were alive and consuming the same queues the whole time.
  for (const w of workers) expect(w.child.exitCode).toBeNull();
});

it('a voting round whose close job was lost with Redis is closed by the scheduled reconciler within its interval', async () => {
  const redis = await ownRedis();
  // The job scheduler lives in Redis too: it is re-created by the workers' check, then runs
  // the voting hook. 2 s instead of the default minute keeps the test short.
  const t = await app({ workers: true, env: { REDIS_URL: redis.url, REMINDERS_RECONCILE_MS: '2000' } });
  const fx = await setupSecretariat(t);
  const round = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Calendario de mesas' }), 201)).body;
  await sigkill(redis.child);
  redis.child = await startRedis(redis.port);
  await t.db.query(`UPDATE voting_rounds SET closes_at = now() - interval '1 second' WHERE id = $1`, [round.id]);
  const started = Date.now();
  await waitFor(async () => (await t.db.query(`SELECT status FROM voting_rounds WHERE id = $1`, [round.id]))[0].status === 'closed', 30_000, 'round closed');
  expect(Date.now() - started).toBeLessThan(30_000);
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND action = 'voting_round.closed'`, [round.id]);
  expect(n).toBe(1);
});

describe('moving deadlines (in-process worker, machine Redis)', () => {
  let t: TestApp;
  const kind = testKind();
  beforeAll(async () => {
    t = await createTestApp({ workers: true });
    kind.register(t.app.get(ReminderKinds));
  });
  afterAll(() => t.close());

  const reschedule = (subjectId: string, users: string[], fireAt: Date) =>
    t.db.transaction((tx) => t.app.get(ReminderScheduler).reschedule(tx, 'voting_round', subjectId, ['test_deadline'], [reminderRow(subjectId, users, fireAt)]));

  it('a deadline moved three times: only the last schedule fires', async () => {
    const [ana] = await insertUsers(t.db, 1);
    const subjectId = randomUUID();
    const base = Date.now();
    await reschedule(subjectId, [ana], new Date(base + 1500));
    await reschedule(subjectId, [ana], new Date(base + 2000));
    const [last] = await reschedule(subjectId, [ana], new Date(base + 2500));
    // The earlier rows' jobs were already queued; they fire too and must do nothing.
    await waitFor(async () => (await countBy(t.db, `SELECT count(*) AS n FROM notifications WHERE user_id = $1`, [ana])) === 1, 15_000, 'one notification');
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await t.db.query(`SELECT id, status, reason FROM scheduled_reminders WHERE subject_id = $1 ORDER BY fire_at`, [subjectId]);
    expect(rows.map((r: { status: string }) => r.status)).toEqual(['cancelled', 'cancelled', 'sent']);
    expect(rows[0].reason).toBe('rescheduled');
    expect(rows[2].id).toBe(last.id);
    expect(await countBy(t.db, `SELECT count(*) AS n FROM notifications WHERE user_id = $1`, [ana])).toBe(1);
  });

  it('a deadline moved into the past fires at once, or is skipped with a reason when the subject is already done', async () => {
    const [ana] = await insertUsers(t.db, 1);
    const open = randomUUID();
    const done = randomUUID();
    await reschedule(open, [ana], new Date(Date.now() + 3600_000));
    await reschedule(done, [ana], new Date(Date.now() + 3600_000));
    kind.finishedSubjects.add(done);
    const movedAt = Date.now();
    const [now] = await reschedule(open, [ana], new Date(movedAt - 3600_000));
    const [skipped] = await reschedule(done, [ana], new Date(movedAt - 3600_000));
    await waitFor(async () => (await t.db.query(`SELECT status FROM scheduled_reminders WHERE id = $1`, [now.id]))[0].status === 'sent', 5000, 'fired at once');
    expect(Date.now() - movedAt).toBeLessThan(5000);
    await waitFor(async () => (await t.db.query(`SELECT status FROM scheduled_reminders WHERE id = $1`, [skipped.id]))[0].status === 'skipped', 5000, 'skipped');
    const [{ reason }] = await t.db.query(`SELECT reason FROM scheduled_reminders WHERE id = $1`, [skipped.id]);
    expect(reason).toContain('subject_done');
    expect(await countBy(t.db, `SELECT count(*) AS n FROM notifications WHERE user_id = $1`, [ana])).toBe(1);
  });
});

describe('e-mail over a real SMTP server', () => {
  it('delivers the Spanish e-mail, text and HTML, to the recipients with the secretariat name and a link', async () => {
    const smtp = await ownSmtp('accept');
    const t = await app({ workers: true, env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://cocrea.example.mx' } });
    const [ana, beto] = await insertUsers(t.db, 2);
    const [{ code }] = await t.db.query(`SELECT code FROM states WHERE time_zone = 'America/Cancun' LIMIT 1`);
    const [sec] = await t.db.query(`INSERT INTO secretariats (state_code, name) VALUES ($1, 'Secretariado Técnico Local de Quintana Roo') RETURNING id`, [code]);
    const row = { ...messageRow([ana, beto], new Date()), secretariatId: sec.id };
    row.payload = { ...row.payload, subject: 'La votación «Compromiso 3» cierra en 24 horas', text: 'Tu organización aún no vota.', link: '/voting-rounds/abc' };
    await scheduleRows(t.db, t.app.get(ReminderScheduler), [row]);
    await waitFor(async () => smtp.accepted.length === 2, 20_000, 'two e-mails');
    const emails = await t.db.query(`SELECT email FROM users WHERE id = ANY($1::uuid[])`, [[ana, beto]]);
    expect(smtp.accepted.map((m) => m.to[0]).sort()).toEqual(emails.map((e: { email: string }) => e.email).sort());
    const mail = decodeQp(smtp.accepted[0].raw);
    expect(mail).toMatch(/Subject: .*Secretariado/);
    expect(mail).toContain('Hola, Persona');
    expect(mail).toContain('Tu organización aún no vota.');
    expect(mail).toContain('https://cocrea.example.mx/voting-rounds/abc');
    expect(mail).toContain('Content-Type: text/html');
    expect(mail).toContain('Secretariado Técnico Local de Quintana Roo');
    // Accepted by the server first, marked sent by the worker after: wait for that state.
    await waitFor(async () => (await countBy(t.db, `SELECT count(*) AS n FROM email_deliveries WHERE status = 'sent' AND via = 'smtp'`)) === 2, 10_000, 'both deliveries marked sent');
  });

  it('a server that refuses the mail: retried with backoff, then marked failed, the failed job kept', async () => {
    const smtp = await ownSmtp('refuse');
    const t = await app({ workers: true, env: { SMTP_URL: smtp.url, EMAIL_ATTEMPTS: '3', EMAIL_BACKOFF_MS: '200' } });
    const [ana] = await insertUsers(t.db, 1);
    await scheduleRows(t.db, t.app.get(ReminderScheduler), [messageRow([ana], new Date())]);
    const delivery = await waitFor(
      async () => (await t.db.query(`SELECT id, status, attempts, last_error, created_at, updated_at FROM email_deliveries WHERE status = 'failed'`))[0],
      30_000,
      'failed delivery',
    );
    expect(delivery.attempts).toBe(3);
    expect(delivery.last_error).toContain('550');
    // 200 ms then 400 ms of backoff between the three attempts.
    expect(new Date(delivery.updated_at).getTime() - new Date(delivery.created_at).getTime()).toBeGreaterThanOrEqual(600);
    const job = await t.app.get(Jobs).queue('emails').getJob(emailJobId(delivery.id));
    expect(await job!.isFailed()).toBe(true);
    expect(job!.attemptsMade).toBe(3);
    // The in-app notification exists regardless of the e-mail.
    expect(await countBy(t.db, `SELECT count(*) AS n FROM notifications WHERE user_id = $1`, [ana])).toBe(1);
  });
});

