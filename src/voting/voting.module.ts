import { Module } from '@nestjs/common';
import { JobWorkers } from '../queue/workers';
import { Reconciler } from '../reminders/reconciler.service';
import { EventKinds } from '../reminders/event-kinds';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { ROUND_OPENED } from './voting-events';
import { VotingController } from './voting.controller';
import { voteClosingKind } from './voting-reminders';
import { VotingService } from './voting.service';

@Module({
  controllers: [VotingController],
  providers: [VotingService],
  exports: [VotingService],
})
export class VotingModule {
  constructor(kinds: ReminderKinds, events: EventKinds, reconciler: Reconciler, workers: JobWorkers, voting: VotingService) {
    kinds.register(voteClosingKind);
    events.register(ROUND_OPENED);
    // Closes a round when its delayed job fires at `closesAt` (where the workers run).
    workers.register({ queue: 'voting', concurrency: 1, process: (job) => voting.closeAtDeadline(job.data.roundId) });
    // Backstop for a lost close job (Redis restarted empty): every reconciler pass closes overdue rounds.
    reconciler.registerHook('voting:close-overdue-rounds', () => voting.closeOverdue());
    // …and the close jobs of rounds closing soon, lost with Redis or skipped while it was away.
    reconciler.registerHook('voting:close-jobs', () => voting.ensureCloseJobs());
  }
}
