import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { EMAILS_QUEUE, emailJobId, KEEP_COMPLETED, KEEP_FAILED } from './queues';

/** Hands committed `email_deliveries` rows to the `emails` queue (retries with exponential backoff). */
@Injectable()
export class EmailOutbox {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(EMAILS_QUEUE) private readonly queue: Queue,
    private readonly config: AppConfig,
  ) {}

  async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const { emailAttempts, emailBackoffMs } = this.config.reminders;
    await this.queue.addBulk(
      deliveryIds.map((id) => ({
        name: 'email',
        data: { deliveryId: id },
        opts: {
          jobId: emailJobId(id),
          attempts: emailAttempts,
          backoff: { type: 'exponential', delay: emailBackoffMs },
          removeOnComplete: KEEP_COMPLETED,
          removeOnFail: KEEP_FAILED,
        },
      })),
    );
  }

  /**
   * Re-adds pending deliveries older than `olderThanMs` (a crash between commit and enqueue, or
   * a Redis that lost its jobs); BullMQ keeps existing job ids, so live jobs are untouched.
   */
  async reenqueuePending(olderThanMs: number): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM email_deliveries WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 5000`,
      [olderThanMs / 1000],
    );
    await this.enqueue(rows.map((r) => r.id));
    return rows.length;
  }
}
