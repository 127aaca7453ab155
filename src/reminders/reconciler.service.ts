import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EmailOutbox } from './email-outbox.service';
import { NotificationsService } from './notifications.service';
import { RelayResult, ReminderRelay } from './reminder-relay.service';

/**
 * An open reminder this late is no longer useful: it is skipped (with the reason) instead.
 * Counted from when it was written if that is later (a row scheduled in the past fires at once).
 */
export const STALE_AFTER_MS = 24 * 3600_000;
/**
 * Pending e-mails older than this whose job is missing are re-enqueued (younger ones may be
 * between their commit and their add).
 */
const EMAIL_RECOVERY_MS = 60_000;

export type ReconcileHook = () => Promise<unknown>;

export interface ReconcileReport {
  relay: RelayResult;
  /** Failed reminder jobs of late, still open rows, retried. */
  failedRetried: number;
  staleSkipped: number;
  /** Pending e-mails whose job was really missing, re-added. */
  emailsRequeued: number;
  digests: number;
  hooks: Record<string, unknown>;
}

/**
 * The minute-by-minute safety net (DESIGN §5), run by the `reconciler` job scheduler on the
 * maintenance queue: relays due-soon rows, re-adds the jobs of enqueued rows (lost when Redis
 * restarted empty), retries failed jobs of late rows, skips stale rows, re-enqueues stuck e-mails, prepares daily digests and runs
 * the hooks other capabilities register (e.g. closing voting rounds past `closesAt`).
 */
@Injectable()
export class Reconciler {
  private readonly logger = new Logger('Reconciler');
  private readonly hooks = new Map<string, ReconcileHook>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly relay: ReminderRelay,
    private readonly emails: EmailOutbox,
    private readonly notifications: NotificationsService,
  ) {}

  /** Registers work to run on every pass; errors are logged and do not stop the pass. */
  registerHook(name: string, fn: ReconcileHook): void {
    if (this.hooks.has(name)) throw new Error(`Reconciler hook "${name}" is already registered`);
    this.hooks.set(name, fn);
  }

  /** `emailsOlderThanMs`: 0 right after Redis returned (every missing job is lost, none is in flight). */
  async reconcileOnce({ emailsOlderThanMs = EMAIL_RECOVERY_MS } = {}): Promise<ReconcileReport> {
    const [, staleSkipped] = await this.db.query(
      `UPDATE scheduled_reminders
          SET status = 'skipped', reason = 'stale: not delivered within 24 h of its fire time', updated_at = now()
        WHERE status IN ('pending', 'enqueued') AND GREATEST(fire_at, created_at) < now() - make_interval(secs => $1)`,
      [STALE_AFTER_MS / 1000],
    );
    const relay = await this.relay.relayOnce({ includeEnqueued: true });
    const failedRetried = await this.relay.retryFailed();
    const emailsRequeued = await this.emails.reenqueueMissing(emailsOlderThanMs);
    const digestIds = await this.notifications.prepareDueDigests();
    await this.emails.enqueue(digestIds);
    const hooks: Record<string, unknown> = {};
    for (const [name, fn] of this.hooks) {
      try {
        hooks[name] = (await fn()) ?? 'ok';
      } catch (error) {
        this.logger.error(`Reconciler hook "${name}" failed: ${(error as Error).message}`);
        hooks[name] = { error: (error as Error).message };
      }
    }
    const report = { relay, failedRetried, staleSkipped: Number(staleSkipped ?? 0), emailsRequeued, digests: digestIds.length, hooks };
    if (report.staleSkipped || failedRetried || relay.enqueued || emailsRequeued || report.digests) this.logger.log(`Reconciled: ${JSON.stringify(report)}`);
    return report;
  }
}
