import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';

export const REMINDER_STATUSES = ['pending', 'enqueued', 'sent', 'cancelled', 'skipped'] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];
/** Rows still waiting to fire: the relay, the reconciler and cancellations act only on these. */
export const OPEN_STATUSES: ReminderStatus[] = ['pending', 'enqueued'];

/**
 * The reminder outbox (DESIGN §5). A row is written in the same transaction as the change that
 * creates or moves a deadline; the relay turns it into a delayed job `reminder-<id>`, the
 * processor sends it at most once (conditional update), the reconciler re-enqueues it if its
 * job got lost. Moving a deadline cancels the open rows and writes new ones: a row's fireAt
 * never changes.
 */
@Entity('scheduled_reminders')
@Index('IDX_scheduled_reminders_status_fire_at', ['status', 'fireAt'])
@Index('IDX_scheduled_reminders_subject', ['subjectType', 'subjectId', 'status'])
export class ScheduledReminder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** A kind registered in ReminderKinds, e.g. `vote_closing`. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  subjectType: string;

  @Column({ type: 'uuid' })
  subjectId: string;

  @Column({ type: 'uuid', nullable: true })
  secretariatId: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  fireAt: Date;

  @Column({ type: 'text', default: 'pending' })
  status: ReminderStatus;

  /** Why it was cancelled or skipped. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Processing attempts that failed with an error. */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  enqueuedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  /** Kind-specific facts fixed at scheduling time (e.g. `{ hoursBefore: 24 }`). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
