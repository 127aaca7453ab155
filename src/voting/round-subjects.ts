import { Global, Injectable, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { RoundResult, VotingRound } from './voting-round.entity';

/** What a subject's capability hears about a round closing (inside the closing transaction). */
export interface ClosedRound {
  round: VotingRound;
  outcome: RoundResult['outcome'];
}

/**
 * What a round's subject does when a round opens or closes on it. Each capability registers
 * its own (proposals: in vote / accepted / rejected; plans: adoption; commitments: the
 * commitment of an accepted proposal), the way reminder kinds register, so voting never
 * writes another capability's tables.
 */
export interface RoundSubjectHandler {
  /** In the opening transaction: lock and check the subject (409 when it cannot be voted now), move it; may give the round's default title. */
  opening?(tx: EntityManager, subject: { subjectId: string; planId: string | null }): Promise<{ title?: string } | void>;
  /** In the closing transaction, after the tally: apply the outcome. */
  closed?(tx: EntityManager, closed: ClosedRound): Promise<void>;
}

@Injectable()
export class RoundSubjects {
  private readonly handlers = new Map<string, RoundSubjectHandler[]>();

  register(subjectType: VotingRound['subjectType'], handler: RoundSubjectHandler): void {
    this.handlers.set(subjectType, [...(this.handlers.get(subjectType) ?? []), handler]);
  }

  async opening(tx: EntityManager, subjectType: string, subject: { subjectId: string; planId: string | null }): Promise<{ title?: string }> {
    let title: string | undefined;
    for (const h of this.handlers.get(subjectType) ?? []) title = (await h.opening?.(tx, subject))?.title ?? title;
    return { title };
  }

  async closed(tx: EntityManager, closed: ClosedRound): Promise<void> {
    for (const h of this.handlers.get(closed.round.subjectType) ?? []) await h.closed?.(tx, closed);
  }
}

/** Global, so each capability's module can register its handlers in its constructor. */
@Global()
@Module({ providers: [RoundSubjects], exports: [RoundSubjects] })
export class RoundSubjectsModule {}
