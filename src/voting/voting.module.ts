import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module';
import { PlansModule } from '../plans/plans.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { VotingController } from './voting.controller';
import { VotingProcessor } from './voting.processor';
import { VOTING_QUEUE, VotingService } from './voting.service';

@Module({
  imports: [BullModule.registerQueue({ name: VOTING_QUEUE }), PlansModule, ProposalsModule, CommitmentsModule],
  controllers: [VotingController],
  providers: [VotingService],
  exports: [VotingService],
})
export class VotingModule {}

/** The processor that closes rounds at `closesAt` (runs where the workers run). */
@Module({ imports: [VotingModule], providers: [VotingProcessor] })
export class VotingWorkerModule {}
