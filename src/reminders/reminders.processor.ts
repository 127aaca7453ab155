import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { QueueJob } from '../queue/jobs';
import { EmailDelivery } from './email-delivery.entity';
import { EmailOutbox } from './email-outbox.service';
import { MailService } from './mail.service';
import { NotificationsService } from './notifications.service';
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

  async process(job: QueueJob<'reminders'>): Promise<{ status: string; notified?: number }> {
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

  async process(job: QueueJob<'emails'>): Promise<{ status: string }> {
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
