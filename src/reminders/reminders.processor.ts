import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, Worker } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { logEachErrorOnce } from '../queue/queue-link';
import { bullRootOptions, WORKER_RECOVERY } from '../queue/queue.module';
import { EmailDelivery } from './email-delivery.entity';
import { EmailOutbox } from './email-outbox.service';
import { MailService } from './mail.service';
import { NotificationsService } from './notifications.service';
import { EMAILS_QUEUE, MAINTENANCE_QUEUE, REMINDERS_QUEUE } from './queues';
import { Reconciler } from './reconciler.service';
import { ReminderKinds } from './reminder-kinds';
import { OPEN_STATUSES, ReminderStatus, ScheduledReminder } from './scheduled-reminder.entity';

const errorText = (error: unknown) => String((error as Error)?.message ?? error).slice(0, 2000);

/**
 * Sends one reminder. Delivery is at-least-once (a job may run again after a crash or a lost
 * lock); the effect is exactly-once: the row is locked, checked to be still open, and moved
 * to `sent` in the same transaction that inserts the notifications and e-mail rows.
 */
@Injectable()
export class ReminderProcessor {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly kinds: ReminderKinds,
    private readonly notifications: NotificationsService,
    private readonly emails: EmailOutbox,
    private readonly audit: AuditService,
  ) {}

  async process(job: Job<{ reminderId: string }>): Promise<{ status: string; notified?: number }> {
    const id = job.data.reminderId;
    let outcome: { status: string; notified?: number; deliveryIds: string[] };
    try {
      outcome = await this.db.transaction(async (tx) => {
        const row = await tx.getRepository(ScheduledReminder).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!row || !OPEN_STATUSES.includes(row.status)) return { status: row?.status ?? 'missing', deliveryIds: [] };
        const kind = this.kinds.get(row.kind);
        if (!kind) throw new Error(`Unknown reminder kind "${row.kind}"`);
        const res = await kind.resolve(tx, row);
        if (!res.due) {
          await this.finish(tx, row, 'skipped', res.reason, {});
          return { status: 'skipped', deliveryIds: [] };
        }
        const { notified, deliveryIds } = await this.notifications.notify(tx, res.recipients, {
          kind: row.kind,
          secretariatId: row.secretariatId,
          subjectType: row.subjectType,
          subjectId: row.subjectId,
          subject: res.subject,
          text: res.text,
          link: res.link,
          dueAt: res.dueAt,
          reminderId: row.id,
          secretariatName: res.secretariatName,
        });
        if (notified === 0) {
          await this.finish(tx, row, 'skipped', 'no_recipients: nobody still needs to act', {});
          return { status: 'skipped', deliveryIds: [] };
        }
        await this.finish(tx, row, 'sent', null, { recipients: notified, emails: deliveryIds.length });
        return { status: 'sent', notified, deliveryIds };
      });
    } catch (error) {
      await this.db.query(
        `UPDATE scheduled_reminders SET attempts = attempts + 1, last_error = $2, updated_at = now() WHERE id = $1 AND status IN ('pending', 'enqueued')`,
        [id, errorText(error)],
      );
      throw error;
    }
    // After commit: if this fails or the process dies here, the reconciler re-enqueues them.
    await this.emails.enqueue(outcome.deliveryIds);
    return { status: outcome.status, notified: outcome.notified };
  }

  /** Closes the row and appends its audit event in one statement (the chain's lock is held until commit). */
  private async finish(tx: EntityManager, row: ScheduledReminder, status: ReminderStatus, reason: string | null, data: Record<string, unknown>) {
    const audit = this.audit.appendCall({
      secretariatId: row.secretariatId,
      actorId: null,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      action: `reminder.${status}`,
      data: { reminderId: row.id, kind: row.kind, fireAt: row.fireAt.toISOString(), ...(reason ? { reason } : {}), ...data },
    }, 4);
    const finished = await tx.query(
      `WITH done AS (
         UPDATE scheduled_reminders SET status = $2, reason = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() END, updated_at = now()
          WHERE id = $1 AND status IN ('pending', 'enqueued') RETURNING id)
       SELECT ${audit.sql} IS NULL AS audited FROM done`,
      [row.id, status, reason, ...audit.params],
    );
    if (finished.length !== 1) throw new Error(`Reminder ${row.id} changed while being sent`);
  }
}

/** Sends one rendered e-mail; on the last failed attempt marks it `failed`. */
@Injectable()
export class EmailProcessor {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailService,
  ) {}

  async process(job: Job<{ deliveryId: string }>): Promise<{ status: string }> {
    const repo = this.db.getRepository(EmailDelivery);
    const d = await repo.findOneBy({ id: job.data.deliveryId });
    if (!d || d.status !== 'pending') return { status: d?.status ?? 'missing' };
    try {
      const result = await this.mail.send({ to: d.toAddress, subject: d.subject, text: d.text, html: d.html, messageId: this.mail.deliveryMessageId(d.id) });
      await this.db.query(
        `UPDATE email_deliveries SET status = 'sent', via = $2, message_id = $3, sent_at = now(), attempts = attempts + 1, last_error = NULL, updated_at = now()
          WHERE id = $1 AND status = 'pending'`,
        [d.id, result.via, result.messageId ?? null],
      );
      return { status: 'sent' };
    } catch (error) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await this.db.query(
        `UPDATE email_deliveries SET attempts = attempts + 1, last_error = $2, status = $3, updated_at = now() WHERE id = $1 AND status = 'pending'`,
        [d.id, errorText(error), last ? 'failed' : 'pending'],
      );
      throw error;
    }
  }
}

/**
 * Runs the three queues' workers in this process and registers the reconciler's job scheduler.
 * Workers are built here rather than with @Processor so lock duration and stall checks come
 * from the config (JOB_LOCK_MS): a worker killed mid-job has its job retried by another one
 * after about twice that.
 */
@Injectable()
export class ReminderWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReminderWorkers');
  private workers: Worker[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly reminders: ReminderProcessor,
    private readonly emails: EmailProcessor,
    private readonly reconciler: Reconciler,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
  ) {}

  async onApplicationBootstrap() {
    const { jobLockMs, reconcileIntervalMs } = this.config.reminders;
    // WORKER_RECOVERY: after the queue backend comes back (Redis restarted), resume within a
    // second rather than BullMQ's default 15 s.
    const base = { ...bullRootOptions(this.config), lockDuration: jobLockMs, stalledInterval: jobLockMs, ...WORKER_RECOVERY };
    // The embedded PGlite is a single session: parallel jobs gain nothing there.
    const parallel = (n: number) => (this.config.embedded ? 1 : n);
    this.workers = [
      new Worker(REMINDERS_QUEUE, (job) => this.reminders.process(job), { ...base, concurrency: parallel(8) }),
      new Worker(EMAILS_QUEUE, (job) => this.emails.process(job), { ...base, concurrency: parallel(4) }),
      new Worker(MAINTENANCE_QUEUE, () => this.reconciler.reconcileOnce(), { ...base, concurrency: 1 }),
    ];
    for (const w of this.workers) {
      w.on('error', logEachErrorOnce(this.logger, `${w.name} worker`));
      w.on('failed', (job, error) => this.logger.warn(`${w.name} job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
    }
    // Also re-run on a timer: a Redis restarted empty loses the job scheduler too. A failure
    // here must not stop the process from starting; the next check retries. Checks do not
    // pile up while Redis is away (each would wait for it).
    let checking: Promise<unknown> | null = null;
    const check = () =>
      (checking ??= this.ensureScheduler()
        .catch((e) => this.logger.warn(`Reconciler job scheduler check failed: ${e.message}`))
        .finally(() => (checking = null)));
    await check();
    this.timer = setInterval(() => void check(), Math.min(reconcileIntervalMs, 30_000));
    this.timer.unref();
    // When Redis answers again after an outage it may have come back empty: re-create the
    // job scheduler and run a reconciler pass at once (re-adds the lost jobs; whatever fell due
    // meanwhile fires now) instead of waiting up to a full interval.
    let lost = false;
    const backend = this.maintenance.getBackend();
    backend.on('close', () => (lost = true));
    backend.on('ready', () => {
      if (!lost) return;
      lost = false;
      void this.recoverAfterOutage();
    });
  }

  private recovering: Promise<void> | null = null;
  private recoverAgain = false;

  /** One recovery pass at a time; a reconnect during a pass asks for one more. */
  private recoverAfterOutage(): void {
    if (this.recovering) {
      this.recoverAgain = true;
      return;
    }
    this.recovering = (async () => {
      try {
        await this.ensureScheduler();
        const report = await this.reconciler.reconcileOnce({ emailsOlderThanMs: 0 });
        this.logger.log(`Queue backend is back: reconciled ${JSON.stringify(report)}`);
      } catch (error) {
        this.logger.warn(`Recovery pass after the queue backend returned failed: ${(error as Error).message}`);
      }
    })().finally(() => {
      this.recovering = null;
      if (this.recoverAgain) {
        this.recoverAgain = false;
        this.recoverAfterOutage();
      }
    });
  }

  private async ensureScheduler() {
    const current = await this.maintenance.getJobScheduler('reconciler');
    if (current && Number(current.every) === this.config.reminders.reconcileIntervalMs) return;
    await this.maintenance.upsertJobScheduler(
      'reconciler',
      { every: this.config.reminders.reconcileIntervalMs },
      { name: 'reconcile', opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
