import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { conflict } from '../common/errors/domain-error';
import type { ClosedRound, RoundSubjectHandler } from '../voting/round-subjects';
import { ActionPlan } from './action-plan.entity';
import { STAGE_LABELS } from './plan-stages';

/** A plan's adoption round: opened in `adoption` on a plan not yet adopted; approved → the plan is adopted. */
@Injectable()
export class PlanAdoptionRounds implements RoundSubjectHandler {
  constructor(private readonly audit: AuditService) {}

  async opening(tx: EntityManager, subject: { subjectId: string }) {
    const plan = await tx.getRepository(ActionPlan).findOne({ where: { id: subject.subjectId }, lock: { mode: 'pessimistic_write' } });
    if (plan?.stage !== 'adoption') throw conflict('plan_not_in_adoption', `La adopción se vota en la etapa de adopción; el plan está en ${STAGE_LABELS[plan?.stage ?? 'closed']}.`);
    if (plan.adoptedAt) throw conflict('plan_already_adopted', 'El plan ya fue adoptado.');
    return { title: `Adopción del plan: ${plan.title}`.slice(0, 200) };
  }

  async closed(tx: EntityManager, { round, outcome }: ClosedRound) {
    if (outcome !== 'approved') return;
    await tx
      .createQueryBuilder()
      .update(ActionPlan)
      .set({ adoptedAt: () => 'now()', adoptionRoundId: round.id })
      .where(`id = :planId AND stage = 'adoption'`, { planId: round.subjectId })
      .execute();
    await this.audit.record(tx, {
      secretariatId: round.secretariatId,
      actorId: null,
      subjectType: 'action_plan',
      subjectId: round.subjectId!,
      action: 'plan.adopted',
      data: { roundId: round.id },
    });
  }
}
