import { Module } from '@nestjs/common';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { RoundSubjects } from '../voting/round-subjects';
import { CommentsService } from './comments.service';
import { proposalResponseKind } from './proposal-reminders';
import { ProposalRounds } from './proposal-rounds';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';

@Module({
  controllers: [ProposalsController],
  providers: [ProposalsService, CommentsService, ProposalRounds],
  exports: [ProposalsService],
})
export class ProposalsModule {
  constructor(kinds: ReminderKinds, rounds: RoundSubjects, proposalRounds: ProposalRounds) {
    kinds.register(proposalResponseKind);
    rounds.register('proposal', proposalRounds);
  }
}
