import { Injectable } from '@nestjs/common';
import { Job, JobsOptions, Queue } from 'bullmq';
import { QueueLink } from './queue-link';

/** A job type: the queue it goes to and the payload it carries (a type only). */
const job = <Q extends string, Payload extends object>(queue: Q) => ({ queue, payload: undefined as unknown as Payload });

/**
 * Every background job of the product: name → queue and payload. Adding a job (`Jobs.add`) and
 * processing one (`JobWorkers.register`, src/queue/workers.ts) are typed by this table, so a
 * job name it lacks, or a payload of the wrong shape, does not compile.
 */
export const JOB_TYPES = {
  /** Sends one scheduled reminder (src/reminders: `reminder-<rowId>`). */
  reminder: job<'reminders', { reminderId: string }>('reminders'),
  /** Sends one rendered e-mail (src/reminders: `email-<deliveryId>`). */
  email: job<'emails', { deliveryId: string }>('emails'),
  /** One reconciler pass, added by the `reconciler` job scheduler (src/reminders). */
  reconcile: job<'maintenance', Record<string, never>>('maintenance'),
  /** Closes a voting round at its `closesAt` (src/voting: `close-round-<roundId>`). */
  'close-round': job<'voting', { roundId: string }>('voting'),
  /** The queue probe: a worker answers with its pid (`QueueProbe`, health and tests). */
  ping: job<'system', { sentAt: number }>('system'),
} as const;

export type JobName = keyof typeof JOB_TYPES;
export type JobData<N extends JobName> = (typeof JOB_TYPES)[N]['payload'];
export type QueueName = (typeof JOB_TYPES)[JobName]['queue'];
/** Every queue, each once (registered by QueueModule). */
export const QUEUE_NAMES = [...new Set(Object.values(JOB_TYPES).map((t) => t.queue))] as QueueName[];

/** The job names that go to queue Q. */
export type JobsOf<Q extends QueueName> = { [N in JobName]: (typeof JOB_TYPES)[N]['queue'] extends Q ? N : never }[JobName];
/** A job as a worker of queue Q receives it: a union over that queue's job names. */
export type QueueJob<Q extends QueueName> = { [N in JobsOf<Q>]: Job<JobData<N>, unknown, N> }[JobsOf<Q>];

/** Job options; `jobId` is required (DESIGN §5: a fixed id, never BullMQ's integer, never reused). */
export type AddOptions = JobsOptions & { jobId: string };

/**
 * The one way to add a job, and the queues by name for what else a capability needs of its own
 * jobs (look one up, remove it, count, schedulers). Every queue's `QueueLink` is created here,
 * at start, so it hears the connection's first `ready`.
 */
@Injectable()
export class Jobs {
  private readonly queues: ReadonlyMap<QueueName, Queue>;

  constructor(queues: Queue[]) {
    this.queues = new Map(queues.map((q) => [q.name as QueueName, q]));
    for (const q of queues) QueueLink.of(q);
  }

  add<N extends JobName>(name: N, data: JobData<N>, opts: AddOptions): Promise<Job<JobData<N>, unknown, N>> {
    return this.queueOf(name).add(name, data, opts) as Promise<Job<JobData<N>, unknown, N>>;
  }

  addBulk<N extends JobName>(name: N, jobs: { data: JobData<N>; opts: AddOptions }[]): Promise<Job<JobData<N>, unknown, N>[]> {
    if (jobs.length === 0) return Promise.resolve([]);
    return this.queueOf(name).addBulk(jobs.map((j) => ({ name, data: j.data, opts: j.opts }))) as Promise<Job<JobData<N>, unknown, N>[]>;
  }

  queue(name: QueueName): Queue {
    const q = this.queues.get(name);
    if (!q) throw new Error(`Queue "${name}" is not registered`);
    return q;
  }

  /** The queue's connection state, for request paths that must not wait on it (queue-link.ts). */
  link(name: QueueName): QueueLink {
    return QueueLink.of(this.queue(name));
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  private queueOf(name: JobName): Queue {
    return this.queue(JOB_TYPES[name].queue);
  }
}
