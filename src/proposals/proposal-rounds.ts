import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { conflict } from '../common/errors/domain-error';
import { ActionPlan } from '../plans/action-plan.entity';
import { STAGE_LABELS } from '../plans/plan-stages';
import type { ClosedRound, RoundSubjectHandler } from '../voting/round-subjects';
import { ProposalsService } from './proposals.service';

/**
 * A proposal's side of a voting round: opening it needs the plan in `voting` and the proposal
 * accepted for vote (→ `in_vote`); closing it makes the proposal `accepted`, `rejected` or,
 * without quorum, back `in_deliberation`.
 */
@Injectable()
export class ProposalRounds implements RoundSubjectHandler {
  constructor(private readonly proposals: ProposalsService, private readonly audit: AuditService) {}

  async opening(tx: EntityManager, subject: { subjectId: string; planId: string | null }) {
    const plan = await tx.getRepository(ActionPlan).findOne({ where: { id: subject.planId! }, lock: { mode: 'pessimistic_read' } });
    if (plan?.stage !== 'voting') throw conflict('plan_not_in_voting', `Las propuestas se votan en la etapa de votación; el plan está en ${STAGE_LABELS[plan?.stage ?? 'closed']}.`);
    const p = await this.proposals.transition(tx, subject.subjectId, 'open_vote').catch((e) => {
      throw e?.code === 'invalid_proposal_transition' ? conflict('proposal_not_ready_for_vote', 'Solo se votan propuestas aceptadas para votación en la respuesta razonada.') : e;
    });
    return { title: p.title };
  }

  async closed(tx: EntityManager, { round, outcome }: ClosedRound) {
    const action = outcome === 'approved' ? 'vote_approved' : outcome === 'rejected' ? 'vote_rejected' : 'vote_no_quorum';
    const p = await this.proposals.transition(tx, round.subjectId!, action);
    await this.audit.record(tx, {
      secretariatId: round.secretariatId,
      actorId: null,
      subjectType: 'proposal',
      subjectId: p.id,
      action: `proposal.${p.status === 'in_deliberation' ? 'vote_without_quorum' : p.status}`,
      data: { roundId: round.id },
    });
  }
}
