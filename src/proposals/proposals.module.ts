import { Module } from '@nestjs/common';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { CommentsService } from './comments.service';
import { proposalResponseKind } from './proposal-reminders';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';

@Module({
  controllers: [ProposalsController],
  providers: [ProposalsService, CommentsService],
  exports: [ProposalsService],
})
export class ProposalsModule {
  constructor(kinds: ReminderKinds) {
    kinds.register(proposalResponseKind);
  }
}
