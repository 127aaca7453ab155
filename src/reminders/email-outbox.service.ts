import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { Jobs } from '../queue/jobs';
import { emailJobId, KEEP_COMPLETED, KEEP_FAILED } from './queues';

/** Hands committed `email_deliveries` rows to the `emails` queue (retries with exponential backoff). */
@Injectable()
export class EmailOutbox {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: Jobs,
    private readonly config: AppConfig,
  ) {}

  async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const { emailAttempts, emailBackoffMs } = this.config.reminders;
    await this.jobs.addBulk(
      'email',
      deliveryIds.map((id) => ({
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
   * Re-adds the jobs of pending deliveries older than `olderThanMs` whose job is missing (a
   * crash between commit and enqueue, or a Redis that lost its jobs). A delivery merely
   * waiting its turn (a slow SMTP server) still has its job and is neither touched nor
   * counted. Returns how many were re-added.
   */
  async reenqueueMissing(olderThanMs: number): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM email_deliveries WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT 5000`,
      [olderThanMs / 1000],
    );
    const missing: string[] = [];
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      const jobs = await Promise.all(chunk.map((r) => this.jobs.queue('emails').getJob(emailJobId(r.id))));
      chunk.forEach((r, j) => jobs[j] || missing.push(r.id));
    }
    await this.enqueue(missing);
    return missing.length;
  }
}
