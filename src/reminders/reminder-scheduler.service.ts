import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { OPEN_STATUSES, ScheduledReminder } from './scheduled-reminder.entity';

export interface ReminderInput {
  kind: string;
  subjectType: string;
  subjectId: string;
  secretariatId: string | null;
  fireAt: Date;
  payload?: Record<string, unknown>;
}

/** Set on the transaction's query runner when a row fires soon; read after commit. */
export const RELAY_SOON = 'cocreaRelaySoon';
/** Rows firing within this window are relayed right after their transaction commits. */
export const RELAY_HORIZON_MS = 10 * 60_000;

function requireTransaction(tx: EntityManager) {
  if (!tx.queryRunner?.isTransactionActive) throw new Error('ReminderScheduler must run inside the caller\'s transaction');
}

/**
 * Writes and cancels reminder rows inside another capability's transaction (the outbox), so a
 * reminder exists if and only if the deadline change that produced it committed.
 */
@Injectable()
export class ReminderScheduler {
  async schedule(tx: EntityManager, rows: ReminderInput[]): Promise<ScheduledReminder[]> {
    requireTransaction(tx);
    if (rows.length === 0) return [];
    const repo = tx.getRepository(ScheduledReminder);
    const saved: ScheduledReminder[] = [];
    // Chunked so thousands of rows stay under PostgreSQL's bind-parameter limit.
    for (let i = 0; i < rows.length; i += 1000) {
      const chunk = rows.slice(i, i + 1000).map((r) => repo.create({ ...r, status: 'pending', payload: r.payload ?? {} }));
      saved.push(...(await repo.save(chunk, { reload: true })));
    }
    const soon = Date.now() + RELAY_HORIZON_MS;
    if (rows.some((r) => r.fireAt.getTime() <= soon)) tx.queryRunner!.data[RELAY_SOON] = true;
    return saved;
  }

  /** Cancels the open rows of these kinds for the subject and writes the new ones. */
  async reschedule(tx: EntityManager, subjectType: string, subjectId: string, kinds: string[], rows: ReminderInput[]): Promise<ScheduledReminder[]> {
    await this.cancelForSubject(tx, subjectType, subjectId, kinds, 'rescheduled');
    return this.schedule(tx, rows);
  }

  /**
   * Cancels the subject's open rows (all kinds, or only `kinds`). A job already queued for one
   * of them finds it cancelled and does nothing. Returns how many rows were cancelled.
   */
  async cancelForSubject(tx: EntityManager, subjectType: string, subjectId: string, kinds?: string[], reason = 'cancelled'): Promise<number> {
    requireTransaction(tx);
    if (kinds?.length === 0) return 0;
    const result = await tx
      .createQueryBuilder()
      .update(ScheduledReminder)
      .set({ status: 'cancelled', reason })
      .where({ subjectType, subjectId, status: In(OPEN_STATUSES), ...(kinds ? { kind: In(kinds) } : {}) })
      .execute();
    return result.affected ?? 0;
  }
}
