import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Jobs } from './jobs';
import { QueueLink } from './queue-link';

/** A tiny real queue (`system`): proves jobs round-trip on whichever backend is configured. */
@Injectable()
export class QueueProbe {
  constructor(private readonly jobs: Jobs) {}

  /** The probe queue's connection state (readiness reads it). */
  get link(): QueueLink {
    return this.jobs.link('system');
  }

  /** Answers whether the backend takes a command, within `ms` (skipped at once when known down). */
  async ping(ms = 2000): Promise<void> {
    const queue = this.jobs.queue('system');
    await this.link.within(() => queue.getJobCounts('waiting'), ms);
  }

  /** Enqueues a ping and waits for a worker to answer it; resolves to the round-trip ms. */
  async probe(timeoutMs = 10_000): Promise<{ ms: number; answeredBy: string }> {
    const started = Date.now();
    const job = await this.jobs.add('ping', { sentAt: started }, { jobId: `ping-${randomUUID()}`, removeOnComplete: 100 });
    const queue = this.jobs.queue('system');
    while (Date.now() - started < timeoutMs) {
      const current = await queue.getJob(job.id!);
      if (current?.returnvalue) return { ms: Date.now() - started, answeredBy: current.returnvalue.pid };
      if (current && (await current.isFailed())) throw new Error(current.failedReason);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('Queue probe timed out (is a worker running?)');
  }
}
