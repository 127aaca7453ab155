import { BullModule, InjectQueue } from '@nestjs/bullmq';
import { Global, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { QueueLink } from '../queue/queue-link';
import { SystemModule } from '../system/system.module';
import { AdminRemindersController } from './admin-reminders.controller';
import { EmailOutbox } from './email-outbox.service';
import { messageKind } from './message.kind';
import { NotificationsController } from './notifications.controller';
import { EMAILS_ON_COMMIT, NotificationsService } from './notifications.service';
import { EventKinds } from './event-kinds';
import { QueueDashboard } from './queue-dashboard';
import { EMAILS_QUEUE, MAINTENANCE_QUEUE, REMINDERS_QUEUE } from './queues';
import { Reconciler } from './reconciler.service';
import { ReminderKinds } from './reminder-kinds';
import { ReminderRelay } from './reminder-relay.service';
import { RELAY_SOON, ReminderScheduler } from './reminder-scheduler.service';
import { EmailProcessor, ReminderProcessor, ReminderWorkers } from './reminders.processor';

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
 * Queue clients emit 'error' while Redis is unreachable: log (once per outage) instead of
 * crashing the process, and track each connection from the start (health and admin read it).
 */
@Injectable()
class QueueErrorLog implements OnModuleInit {
  constructor(
    @InjectQueue(REMINDERS_QUEUE) private readonly reminders: Queue,
    @InjectQueue(EMAILS_QUEUE) private readonly emails: Queue,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
  ) {}

  onModuleInit() {
    for (const q of [this.reminders, this.emails, this.maintenance]) QueueLink.of(q);
  }
}

/**
 * Deadlines, reminders and notifications (DESIGN §5). Global so every capability can inject
 * ReminderScheduler (write rows in its own transaction), ReminderKinds (register its kinds)
 * and Reconciler (register a hook).
 */
@Global()
@Module({
  imports: [
    BullModule.registerQueue({ name: REMINDERS_QUEUE }, { name: EMAILS_QUEUE }, { name: MAINTENANCE_QUEUE }),
    SystemModule,
  ],
  controllers: [NotificationsController, AdminRemindersController],
  providers: [ReminderKinds, EventKinds, ReminderScheduler, ReminderRelay, EmailOutbox, NotificationsService, Reconciler, RelayOnCommit, EmailsOnCommit, QueueErrorLog, QueueDashboard],
  exports: [ReminderKinds, EventKinds, ReminderScheduler, ReminderRelay, Reconciler, NotificationsService, EmailOutbox, BullModule],
})
export class RemindersModule {
  constructor(kinds: ReminderKinds) {
    kinds.register(messageKind);
  }
}

/** The reminder, e-mail and reconciler workers (where workers run: `npm start`, worker.ts). */
@Module({ imports: [RemindersModule], providers: [ReminderProcessor, EmailProcessor, ReminderWorkers] })
export class RemindersWorkerModule {}
