import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JobName, Jobs } from '../queue/jobs';
import { Reconciler } from './reconciler.service';

/**
 * Where the workers run (`config.workers`): keeps the `reconciler` job scheduler on the
 * maintenance queue (every `REMINDERS_RECONCILE_MS`, re-created if Redis lost it) and, when the
 * queue backend answers again after an outage, re-creates it and runs a pass at once. The
 * `reconcile` jobs themselves are processed by the maintenance worker (reminders.module.ts).
 */
@Injectable()
export class ReconcilerSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReconcilerSchedule');
  private timer?: NodeJS.Timeout;
  private recovering: Promise<void> | null = null;
  private recoverAgain = false;

  constructor(
    private readonly config: AppConfig,
    private readonly jobs: Jobs,
    private readonly reconciler: Reconciler,
  ) {}

  async onApplicationBootstrap() {
    if (!this.config.workers) return;
    // Also re-run on a timer: a Redis restarted empty loses the job scheduler too. A failure
    // here must not stop the process from starting; the next check retries. Checks do not
    // pile up while Redis is away (each would wait for it).
    let checking: Promise<unknown> | null = null;
    const check = () =>
      (checking ??= this.ensureScheduler()
        .catch((e) => this.logger.warn(`Reconciler job scheduler check failed: ${e.message}`))
        .finally(() => (checking = null)));
    await check();
    this.timer = setInterval(() => void check(), Math.min(this.config.reminders.reconcileIntervalMs, 30_000));
    this.timer.unref();
    // When Redis answers again after an outage it may have come back empty: re-create the
    // job scheduler and run a reconciler pass at once (re-adds the lost jobs; whatever fell due
    // meanwhile fires now) instead of waiting up to a full interval.
    let lost = false;
    const backend = this.jobs.queue('maintenance').getBackend();
    backend.on('close', () => (lost = true));
    backend.on('ready', () => {
      if (!lost) return;
      lost = false;
      void this.recoverAfterOutage();
    });
  }

  /** One recovery pass at a time; a reconnect during a pass asks for one more. */
  private recoverAfterOutage(): void {
    if (this.recovering) {
      this.recoverAgain = true;
      return;
    }
    this.recovering = (async () => {
      try {
        await this.ensureScheduler();
        const report = await this.reconciler.reconcileOnce({ emailsOlderThanMs: 0 });
        this.logger.log(`Queue backend is back: reconciled ${JSON.stringify(report)}`);
      } catch (error) {
        this.logger.warn(`Recovery pass after the queue backend returned failed: ${(error as Error).message}`);
      }
    })().finally(() => {
      this.recovering = null;
      if (this.recoverAgain) {
        this.recoverAgain = false;
        this.recoverAfterOutage();
      }
    });
  }

  private async ensureScheduler() {
    const maintenance = this.jobs.queue('maintenance');
    const current = await maintenance.getJobScheduler('reconciler');
    if (current && Number(current.every) === this.config.reminders.reconcileIntervalMs) return;
    await maintenance.upsertJobScheduler(
      'reconciler',
      { every: this.config.reminders.reconcileIntervalMs },
      { name: 'reconcile' satisfies JobName, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}
