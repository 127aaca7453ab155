import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { CommentsService } from './comments.service';
import { ProposalsController } from './proposals.controller';
import { ProposalsService } from './proposals.service';

@Module({
  imports: [PlansModule],
  controllers: [ProposalsController],
  providers: [ProposalsService, CommentsService],
  exports: [ProposalsService],
})
export class ProposalsModule {}
