import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { VOTING_QUEUE, VotingService } from './voting.service';

/** Closes a round when its delayed job fires at `closesAt` (idempotent: a closed round stays closed). */
@Processor(VOTING_QUEUE)
export class VotingProcessor extends WorkerHost {
  constructor(private readonly voting: VotingService) {
    super();
  }

  async process(job: Job<{ roundId: string }>) {
    const closed = await this.voting.close(job.data.roundId, 'deadline');
    if (!closed && (await this.voting.isOpen(job.data.roundId))) {
      // Fired early (clock skew between hosts): fail so BullMQ retries with backoff.
      throw new Error(`Round ${job.data.roundId} is not due yet`);
    }
    return { closed };
  }
}
