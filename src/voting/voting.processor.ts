import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job } from 'bullmq';
import { logEachErrorOnce } from '../queue/queue-link';
import { WORKER_RECOVERY } from '../queue/queue.module';
import { VOTING_QUEUE, VotingService } from './voting.service';

/** Closes a round when its delayed job fires at `closesAt` (idempotent: a closed round stays closed). */
@Processor(VOTING_QUEUE, WORKER_RECOVERY)
export class VotingProcessor extends WorkerHost {
  private readonly logError = logEachErrorOnce(new Logger('VotingWorker'), 'voting worker');

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

  /** Without a listener BullMQ prints every reconnect failure of a lost Redis to the console. */
  @OnWorkerEvent('error')
  onError(error: Error) {
    this.logError(error);
  }
}
