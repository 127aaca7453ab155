import { Module } from '@nestjs/common';
import { EventKinds } from '../reminders/event-kinds';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { COMMENT_REPLIED, PROPOSAL_ANSWERED, PROPOSAL_MERGED } from './proposal-events';
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
  constructor(kinds: ReminderKinds, events: EventKinds, rounds: RoundSubjects, proposalRounds: ProposalRounds) {
    kinds.register(proposalResponseKind);
    events.register(PROPOSAL_ANSWERED, PROPOSAL_MERGED, COMMENT_REPLIED);
    rounds.register('proposal', proposalRounds);
  }
}
