import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Reconciler } from '../reminders/reconciler.service';
import { EventKinds } from '../reminders/event-kinds';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { ROUND_OPENED } from './voting-events';
import { VotingController } from './voting.controller';
import { VotingProcessor } from './voting.processor';
import { voteClosingKind } from './voting-reminders';
import { VOTING_QUEUE, VotingService } from './voting.service';

@Module({
  imports: [BullModule.registerQueue({ name: VOTING_QUEUE })],
  controllers: [VotingController],
  providers: [VotingService],
  exports: [VotingService],
})
export class VotingModule {
  constructor(kinds: ReminderKinds, events: EventKinds, reconciler: Reconciler, voting: VotingService) {
    kinds.register(voteClosingKind);
    events.register(ROUND_OPENED);
    // Backstop for a lost close job (Redis restarted empty): every reconciler pass closes overdue rounds.
    reconciler.registerHook('voting:close-overdue-rounds', () => voting.closeOverdue());
    // …and the close jobs of rounds closing soon, lost with Redis or skipped while it was away.
    reconciler.registerHook('voting:close-jobs', () => voting.ensureCloseJobs());
  }
}

/** The processor that closes rounds at `closesAt` (runs where the workers run). */
@Module({ imports: [VotingModule], providers: [VotingProcessor] })
export class VotingWorkerModule {}
