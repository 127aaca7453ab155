import { BullModule, InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Module } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';

export const SYSTEM_QUEUE = 'system';

/** A tiny real queue: proves jobs round-trip on whichever backend is configured. */
@Injectable()
export class SystemService {
  constructor(@InjectQueue(SYSTEM_QUEUE) readonly queue: Queue) {}

  /** Enqueues a ping and waits for a worker to answer it; resolves to the round-trip ms. */
  async probe(timeoutMs = 10_000): Promise<{ ms: number; answeredBy: string }> {
    const started = Date.now();
    const job = await this.queue.add('ping', { sentAt: started }, { jobId: `ping-${randomUUID()}`, removeOnComplete: 100 });
    while (Date.now() - started < timeoutMs) {
      const current = await this.queue.getJob(job.id!);
      if (current?.returnvalue) return { ms: Date.now() - started, answeredBy: current.returnvalue.pid };
      if (current && (await current.isFailed())) throw new Error(current.failedReason);
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('Queue probe timed out (is a worker running?)');
  }
}

@Processor(SYSTEM_QUEUE)
export class SystemProcessor extends WorkerHost {
  async process(job: Job<{ sentAt: number }>) {
    return { pong: true, pid: String(process.pid), latencyMs: Date.now() - job.data.sentAt };
  }
}

@Module({
  imports: [BullModule.registerQueue({ name: SYSTEM_QUEUE })],
  providers: [SystemService],
  exports: [SystemService, BullModule],
})
export class SystemModule {}

@Module({ imports: [SystemModule], providers: [SystemProcessor] })
export class SystemWorkerModule {}
