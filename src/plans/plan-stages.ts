/**
 * Stages of a Local Action Plan (DESIGN §3), in order; then `cancelled`: closed without
 * adoption (terminal, never published, does not block the secretariat's next plan).
 */
export const PLAN_STAGES = ['draft', 'consultation', 'deliberation', 'voting', 'adoption', 'implementation', 'evaluation', 'closed', 'cancelled'] as const;
export type PlanStage = (typeof PLAN_STAGES)[number];

/** Spanish names of the stages, for messages. */
export const STAGE_LABELS: Record<PlanStage, string> = {
  draft: 'borrador',
  consultation: 'consulta',
  deliberation: 'deliberación',
  voting: 'votación',
  adoption: 'adopción',
  implementation: 'implementación',
  evaluation: 'evaluación',
  closed: 'cerrado',
  cancelled: 'cancelado',
};

/** Stages during which a plan counts as "in progress" for the one-plan-at-a-time rule. */
export const ACTIVE_PLAN_STAGES: readonly PlanStage[] = ['consultation', 'deliberation', 'voting', 'adoption', 'implementation'];

/** Stages from which a plan is public (DESIGN §6). */
export const PUBLISHED_PLAN_STAGES: readonly PlanStage[] = ['adoption', 'implementation', 'evaluation', 'closed'];

/**
 * Conditions a move may need; the service checks them (they read the database) in
 * PlansService.checkCondition, the one place a stage move is judged.
 */
export type StageCondition =
  /** No other plan of the secretariat between consultation and implementation (unless rules.allowParallelPlans). */
  | 'single_active_plan'
  /** No voting round on the plan (its proposals or its adoption) is open. */
  | 'no_open_rounds'
  /** An adoption round approved the plan. */
  | 'adopted'
  /** The opposite: a plan the sectors endorsed goes to implementation, it is not cancelled. */
  | 'not_adopted'
  /** The move says why (kept in the stage history and the audit trail). */
  | 'reason';

/**
 * The allowed moves. Forward one stage at a time; back from deliberation, voting and
 * adoption so a secretariat can reopen consultation or rework proposals after a failed
 * adoption; a draft that never started can be closed (discarded); a plan that started but
 * was never adopted can be cancelled, with a reason, so it stops blocking the next one.
 */
const CANCEL: StageCondition[] = ['no_open_rounds', 'not_adopted', 'reason'];
export const STAGE_TRANSITIONS: Record<PlanStage, Partial<Record<PlanStage, StageCondition[]>>> = {
  draft: { consultation: ['single_active_plan'], closed: [] },
  consultation: { deliberation: [], cancelled: CANCEL },
  deliberation: { voting: [], consultation: [], cancelled: CANCEL },
  voting: { adoption: ['no_open_rounds'], deliberation: ['no_open_rounds'], cancelled: CANCEL },
  adoption: { implementation: ['no_open_rounds', 'adopted'], deliberation: ['no_open_rounds'], cancelled: CANCEL },
  implementation: { evaluation: [] },
  evaluation: { closed: [] },
  closed: {},
  cancelled: {},
};

/** The conditions of a move, or null when the move is not in the table. */
export function stageMove(from: PlanStage, to: PlanStage): StageCondition[] | null {
  return STAGE_TRANSITIONS[from][to] ?? null;
}
