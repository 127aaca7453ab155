import { Global, Injectable, Logger, Module } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { JobWorkers } from '../queue/workers';
import { AdminRemindersController } from './admin-reminders.controller';
import { EmailOutbox } from './email-outbox.service';
import { messageKind } from './message.kind';
import { NotificationsController } from './notifications.controller';
import { EMAILS_ON_COMMIT, NotificationsService } from './notifications.service';
import { EventKinds } from './event-kinds';
import { QueueDashboard } from './queue-dashboard';
import { ReconcilerSchedule } from './reconciler-schedule';
import { Reconciler } from './reconciler.service';
import { ReminderKinds } from './reminder-kinds';
import { ReminderRelay } from './reminder-relay.service';
import { RELAY_SOON, ReminderScheduler } from './reminder-scheduler.service';
import { EmailProcessor, ReminderProcessor } from './reminders.processor';

/** After a transaction that scheduled a soon-firing reminder commits, relay it right away. */
@Injectable()
class RelayOnCommit implements EntitySubscriberInterface {
  constructor(@InjectDataSource() db: DataSource, private readonly relay: ReminderRelay) {
    db.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent) {
    if (event.queryRunner.data?.[RELAY_SOON]) {
      event.queryRunner.data[RELAY_SOON] = false;
      this.relay.kick();
    }
  }
}

/** After a transaction that created event notifications commits, hand their e-mails to the queue. */
@Injectable()
class EmailsOnCommit implements EntitySubscriberInterface {
  private readonly logger = new Logger('Notifications');

  constructor(@InjectDataSource() db: DataSource, private readonly outbox: EmailOutbox) {
    db.subscribers.push(this);
  }

  afterTransactionCommit(event: TransactionCommitEvent) {
    const ids = event.queryRunner.data?.[EMAILS_ON_COMMIT] as string[] | undefined;
    if (!ids?.length) return;
    event.queryRunner.data[EMAILS_ON_COMMIT] = [];
    // Not awaited: the request never waits on the queue; a lost hand-off is re-enqueued by the reconciler.
    void this.outbox.enqueue(ids).catch((error: Error) => this.logger.warn(`E-mails of ${ids.length} event notification(s) wait for the reconciler: ${error.message}`));
  }
}

/**
 * Deadlines, reminders and notifications (DESIGN §5). Global so every capability can inject
 * ReminderScheduler (write rows in its own transaction), ReminderKinds (register its kinds)
 * and Reconciler (register a hook).
 */
@Global()
@Module({
  controllers: [NotificationsController, AdminRemindersController],
  providers: [ReminderKinds, EventKinds, ReminderScheduler, ReminderRelay, EmailOutbox, NotificationsService, Reconciler, RelayOnCommit, EmailsOnCommit, QueueDashboard, ReminderProcessor, EmailProcessor, ReconcilerSchedule],
  exports: [ReminderKinds, EventKinds, ReminderScheduler, ReminderRelay, Reconciler, NotificationsService, EmailOutbox],
})
export class RemindersModule {
  constructor(kinds: ReminderKinds, workers: JobWorkers, reminders: ReminderProcessor, emails: EmailProcessor, reconciler: Reconciler) {
    kinds.register(messageKind);
    // The three queues' workers (they run where the workers run: `npm start`, worker.ts).
    workers.register({ queue: 'reminders', concurrency: 8, process: (job) => reminders.process(job) });
    workers.register({ queue: 'emails', concurrency: 4, process: (job) => emails.process(job) });
    workers.register({ queue: 'maintenance', concurrency: 1, process: () => reconciler.reconcileOnce() });
  }
}
