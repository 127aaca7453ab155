import { Logger } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * Longest a request waits on the queue backend. Past it the job is left to whatever owns the
 * backstop (the reminder relay and reconciler, the voting close hook); the write that
 * committed before is the promise, not the job.
 */
export const REQUEST_QUEUE_BOUND_MS = 500;

const links = new WeakMap<Queue, QueueLink>();

/**
 * What this process last heard from one queue's connection: `up` after the backend said ready,
 * `down` after it closed (a lost Redis emits `close` on every failed reconnect, `ready` when it
 * answers again), `unknown` before either. Connection commands wait for the reconnect
 * (`maxRetriesPerRequest: null`, which workers need), so a request must not await them blindly.
 */
export class QueueLink {
  private state: 'unknown' | 'up' | 'down' = 'unknown';
  private readonly logger = new Logger('QueueLink');

  private constructor(readonly queue: Queue) {
    const backend = queue.getBackend();
    backend.on('ready', () => (this.state = 'up'));
    backend.on('close', () => (this.state = 'down'));
    // Without a listener BullMQ prints every failed reconnect to the console; with one, a lost
    // Redis would otherwise log several lines a second.
    queue.on('error', logEachErrorOnce(this.logger, `${queue.name} queue`));
  }

  /** The link of a queue (and its error log); create it early (in a constructor) to catch the first `ready`. */
  static of(queue: Queue): QueueLink {
    let link = links.get(queue);
    if (!link) links.set(queue, (link = new QueueLink(queue)));
    return link;
  }

  get down(): boolean {
    return this.state === 'down';
  }

  /**
   * A queue command's result, or a rejection at once when the connection is known to be down
   * and after `ms` otherwise. A command already handed to the client still completes when
   * Redis returns (job ids make a late add or remove harmless).
   */
  async within<T>(op: () => Promise<T>, ms = REQUEST_QUEUE_BOUND_MS): Promise<T> {
    if (this.down) throw new Error(`queue ${this.queue.name} is unreachable`);
    let timer: NodeJS.Timeout | undefined;
    const pending = op();
    pending.catch(() => undefined); // may settle after the timeout
    try {
      return await Promise.race([pending, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`queue ${this.queue.name}: no answer within ${ms} ms`)), ms)))]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `within` for a request's job add or remove: resolves to whether it completed; never throws. */
  async bounded(what: string, op: () => Promise<unknown>, ms = REQUEST_QUEUE_BOUND_MS): Promise<boolean> {
    try {
      await this.within(op, ms);
      return true;
    } catch (error) {
      this.logger.warn(`${what}: ${(error as Error).message}; left to the backstop`);
      return false;
    }
  }
}

/**
 * An `error` listener for queues and workers that logs a message once until a different one
 * comes: a lost Redis repeats the same error on every reconnect attempt (several a second).
 */
export function logEachErrorOnce(logger: Logger, label: string): (error: Error) => void {
  let last = '';
  return (error) => {
    if (error.message === last) return;
    last = error.message;
    logger.warn(`${label}: ${error.message}`);
  };
}
