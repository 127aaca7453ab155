import { BullModule, InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, Module } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { logEachErrorOnce, QueueLink } from '../queue/queue-link';
import { WORKER_RECOVERY } from '../queue/queue.module';

export const SYSTEM_QUEUE = 'system';

/** A tiny real queue: proves jobs round-trip on whichever backend is configured. */
@Injectable()
export class SystemService {
  readonly link: QueueLink;

  constructor(@InjectQueue(SYSTEM_QUEUE) readonly queue: Queue) {
    this.link = QueueLink.of(queue);
  }

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

@Processor(SYSTEM_QUEUE, WORKER_RECOVERY)
export class SystemProcessor extends WorkerHost {
  private readonly logError = logEachErrorOnce(new Logger('SystemWorker'), 'system worker');

  async process(job: Job<{ sentAt: number }>) {
    return { pong: true, pid: String(process.pid), latencyMs: Date.now() - job.data.sentAt };
  }

  /** Without a listener BullMQ prints every failed reconnect of a lost Redis to the console. */
  @OnWorkerEvent('error')
  onError(error: Error) {
    this.logError(error);
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
