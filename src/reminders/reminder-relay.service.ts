import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Jobs } from '../queue/jobs';
import { KEEP_COMPLETED, KEEP_FAILED, reminderJobId } from './queues';
import { RELAY_HORIZON_MS } from './reminder-scheduler.service';

const BATCH = 1000;
export const REMINDER_JOB_ATTEMPTS = 5;
/**
 * A row this late when relayed (it fell due while the queue was away) gets a BullMQ priority:
 * workers take unprioritized jobs first, so the backlog of an outage goes out right after the
 * reminders falling due on time instead of in front of them.
 */
const BACKLOG_AFTER_MS = 2000;

export interface RelayResult {
  /** Jobs handed to BullMQ (existing job ids are kept by BullMQ, so re-adding is harmless). */
  added: number;
  /** Rows moved from pending to enqueued. */
  enqueued: number;
}

/**
 * Turns open reminder rows firing within RELAY_HORIZON_MS (and overdue ones) into delayed
 * BullMQ jobs `reminder-<rowId>`. With `includeEnqueued` it also re-adds rows already marked
 * enqueued: BullMQ ignores an add whose job id exists, so only lost jobs (Redis restarted
 * empty) come back — that is the reconciler's recovery.
 */
@Injectable()
export class ReminderRelay {
  private readonly logger = new Logger('ReminderRelay');
  private running: Promise<RelayResult> | null = null;
  private again = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: Jobs,
  ) {}

  async relayOnce({ includeEnqueued = false } = {}): Promise<RelayResult> {
    const statuses = includeEnqueued ? ['pending', 'enqueued'] : ['pending'];
    const result: RelayResult = { added: 0, enqueued: 0 };
    // Marking a batch `enqueued` (PostgreSQL) overlaps with reading and adding the next one
    // (Redis): a row is still marked only after its job exists, and the keyset never reads
    // a batch twice. At most one UPDATE is in flight.
    let marking: Promise<void> = Promise.resolve();
    let after: [Date, string] | null = null;
    try {
      for (;;) {
        const rows: { id: string; fire_at: Date }[] = await this.db.query(
          `SELECT id, fire_at FROM scheduled_reminders
            WHERE status = ANY($1) AND fire_at <= now() + make_interval(secs => $2)
              AND ($3::timestamptz IS NULL OR (fire_at, id) > ($3, $4::uuid))
            ORDER BY fire_at, id LIMIT ${BATCH}`,
          [statuses, RELAY_HORIZON_MS / 1000, after?.[0] ?? null, after?.[1] ?? null],
        );
        if (rows.length === 0) break;
        const now = Date.now();
        await this.jobs.addBulk(
          'reminder',
          rows.map((r) => ({
            data: { reminderId: r.id },
            opts: {
              jobId: reminderJobId(r.id),
              delay: Math.max(0, new Date(r.fire_at).getTime() - now),
              ...(new Date(r.fire_at).getTime() < now - BACKLOG_AFTER_MS ? { priority: 1 } : {}),
              attempts: REMINDER_JOB_ATTEMPTS,
              backoff: { type: 'exponential', delay: 5000 },
              removeOnComplete: KEEP_COMPLETED,
              removeOnFail: KEEP_FAILED,
            },
          })),
        );
        result.added += rows.length;
        await marking;
        marking = this.markEnqueued(rows.map((r) => r.id)).then((n) => void (result.enqueued += n));
        // Marked handled now (the next batch is read meanwhile); `await marking` still throws.
        marking.catch(() => undefined);
        if (rows.length < BATCH) break;
        const last = rows[rows.length - 1];
        after = [last.fire_at, last.id];
      }
    } finally {
      await marking;
    }
    return result;
  }

  private async markEnqueued(ids: string[]): Promise<number> {
    const [, affected] = await this.db.query(
      `UPDATE scheduled_reminders SET status = 'enqueued', enqueued_at = now(), updated_at = now()
        WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
      [ids],
    );
    return Number(affected ?? 0);
  }

  /**
   * Retries the failed jobs (retries exhausted, e.g. during a database outage) of reminders
   * still open more than 2 minutes after their fire time. Returns how many were retried.
   */
  async retryFailed(limit = 200): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM scheduled_reminders WHERE status = 'enqueued' AND fire_at < now() - interval '2 minutes' ORDER BY fire_at LIMIT $1`,
      [limit],
    );
    let retried = 0;
    for (const { id } of rows) {
      const job = await this.jobs.queue('reminders').getJob(reminderJobId(id));
      if (!job || !(await job.isFailed())) continue;
      try {
        await job.retry('failed', { resetAttemptsMade: true });
        retried++;
      } catch (error) {
        // Another reconciler pass (another worker, or the scheduled one) retried it first.
        if (!/not in the failed state/.test((error as Error).message)) throw error;
      }
    }
    return retried;
  }

  /**
   * Relays pending rows right after a transaction that scheduled soon-firing reminders
   * committed. Calls coalesce: one run at a time, and one more if asked meanwhile.
   */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayOnce()
      .catch((error) => {
        // The reconciler's next pass relays whatever this one missed.
        this.logger.warn(`Relay after commit failed: ${(error as Error).message}`);
        return { added: 0, enqueued: 0 };
      })
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for an in-flight kick (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
