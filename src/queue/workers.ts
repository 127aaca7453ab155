import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Worker } from 'bullmq';
import { AppConfig } from '../config/app-config';
import { QueueJob, QueueName } from './jobs';
import { logEachErrorOnce } from './queue-link';
import { bullRootOptions, WORKER_RECOVERY } from './backend';

/** What a capability registers for one of its queues. */
export interface WorkerSpec<Q extends QueueName> {
  queue: Q;
  /** Runs one job of the queue (typed by the queue's job union); a throw fails the attempt (BullMQ retries per the job's options). */
  process: (job: QueueJob<Q>) => Promise<unknown>;
  /** Jobs run at once in this process (1 on the embedded PGlite, a single session). */
  concurrency: number;
}

/**
 * The one way to process jobs. Each capability registers `{ queue, process, concurrency }` (in
 * its module's constructor, the way reminder kinds register); in a process that runs workers
 * (`npm start`, src/worker.ts — `config.workers`) this builds every BullMQ Worker at bootstrap,
 * all with the same settings:
 * - the backend of QueueModule (`bullRootOptions`: Redis, or the PostgreSQL backend);
 * - lock duration and stall check from `JOB_LOCK_MS`: a worker killed mid-job has its job
 *   retried by another one after about twice that;
 * - `WORKER_RECOVERY`: resume within a second after the backend comes back;
 * - errors logged once per distinct message (a lost Redis repeats it on every reconnect), failed
 *   attempts logged as warnings.
 * The API-only process (src/main.ts) registers the same specs and builds no Worker.
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobWorkers');
  private readonly specs = new Map<QueueName, WorkerSpec<QueueName>>();
  private workers: Worker[] = [];

  constructor(private readonly config: AppConfig) {}

  register<Q extends QueueName>(spec: WorkerSpec<Q>): void {
    if (this.specs.has(spec.queue)) throw new Error(`Queue "${spec.queue}" already has a worker`);
    if (this.workers.length) throw new Error(`Worker for "${spec.queue}" registered after the workers started`);
    this.specs.set(spec.queue, spec as unknown as WorkerSpec<QueueName>);
  }

  /** The queues with a registered worker (whether or not this process runs them). */
  registered(): QueueName[] {
    return [...this.specs.keys()];
  }

  /** Whether this process runs the workers. */
  get running(): boolean {
    return this.workers.length > 0;
  }

  onApplicationBootstrap() {
    if (!this.config.workers) return;
    const { jobLockMs } = this.config.reminders;
    const base = { ...bullRootOptions(this.config), lockDuration: jobLockMs, stalledInterval: jobLockMs, ...WORKER_RECOVERY };
    for (const spec of this.specs.values()) {
      const concurrency = this.config.embedded ? 1 : spec.concurrency;
      const worker = new Worker(spec.queue, (job) => spec.process(job as QueueJob<QueueName>), { ...base, concurrency });
      worker.on('error', logEachErrorOnce(this.logger, `${spec.queue} worker`));
      worker.on('failed', (job, error) => this.logger.warn(`${spec.queue} job ${job?.id} failed (attempt ${job?.attemptsMade}): ${error.message}`));
      this.workers.push(worker);
    }
  }

  async onApplicationShutdown() {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.close()));
  }
}
