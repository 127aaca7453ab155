import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Global, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { bullRootOptions } from './backend';
import { Jobs, QUEUE_NAMES } from './jobs';
import { QueueProbe } from './probe';
import { JobWorkers } from './workers';

/** Warns at start when the Redis behind the queues may lose jobs (DESIGN §5). */
class RedisDurabilityCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('QueueBackend');
  constructor(private readonly config: AppConfig) {}

  async onApplicationBootstrap() {
    if (!this.config.redisUrl) {
      this.logger.log('Jobs use BullMQ\'s PostgreSQL backend (no REDIS_URL).');
      return;
    }
    const redis = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      const [, aof] = (await redis.config('GET', 'appendonly')) as string[];
      const [, policy] = (await redis.config('GET', 'maxmemory-policy')) as string[];
      if (aof !== 'yes') this.logger.warn('Redis has appendonly=no: a Redis restart loses queued jobs (the reconciler re-enqueues reminders, but enable AOF).');
      if (policy !== 'noeviction') this.logger.warn(`Redis maxmemory-policy is ${policy}; queues need noeviction.`);
    } catch (error) {
      this.logger.warn(`Could not read Redis configuration: ${(error as Error).message}`);
    } finally {
      redis.disconnect();
    }
  }
}

/**
 * Queues and workers, for every capability (global): the backend chosen once (`bullRootOptions`,
 * backend.ts), every queue of the job table (jobs.ts) registered here, `Jobs` to add jobs,
 * `JobWorkers` to process them (workers.ts), and the `system` queue's probe, whose worker is
 * registered here.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({ inject: [AppConfig], useFactory: bullRootOptions }),
    BullModule.registerQueue(...QUEUE_NAMES.map((name) => ({ name }))),
  ],
  providers: [
    { provide: RedisDurabilityCheck, inject: [AppConfig], useFactory: (c: AppConfig) => new RedisDurabilityCheck(c) },
    { provide: Jobs, inject: QUEUE_NAMES.map((name) => getQueueToken(name)), useFactory: (...queues: Queue[]) => new Jobs(queues) },
    JobWorkers,
    QueueProbe,
  ],
  exports: [Jobs, JobWorkers, QueueProbe],
})
export class QueueModule {
  constructor(workers: JobWorkers) {
    workers.register({
      queue: 'system',
      concurrency: 1,
      process: async (job) => ({ pong: true, pid: String(process.pid), latencyMs: Date.now() - job.data.sentAt }),
    });
  }
}
