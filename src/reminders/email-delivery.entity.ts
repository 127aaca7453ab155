import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';

export type EmailDeliveryStatus = 'pending' | 'sent' | 'failed';

/**
 * One e-mail to send, rendered when it was decided (in the reminder's transaction) and sent
 * after commit by the `emails` queue with retries and exponential backoff, then `failed`.
 */
@Entity('email_deliveries')
@Index('IDX_email_deliveries_status_created', ['status', 'createdAt'])
export class EmailDelivery {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  toAddress: string;

  /** `reminder` (one notification) or `digest` (the daily summary). */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  notificationId: string | null;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text' })
  html: string;

  @Column({ type: 'text', default: 'pending' })
  status: EmailDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** `smtp`, or `log` when SMTP_URL is unset and the message was only logged. */
  @Column({ type: 'text', nullable: true })
  via: string | null;

  @Column({ type: 'text', nullable: true })
  messageId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  sentAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
