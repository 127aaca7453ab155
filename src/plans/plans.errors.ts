import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: action plans and their stages. Clients switch on them: never rename one. */
export const PLANS_ERRORS = [
  'another_plan_active',
  'invalid_stage_transition',
  'open_voting_round',
  'plan_adopted',
  'plan_already_adopted',
  'plan_closed',
  'plan_not_accepting_proposals',
  'plan_not_adopted',
  'plan_not_in_adoption',
  'plan_not_in_implementation',
  'plan_period_locked',
  'stage_changed',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof PLANS_ERRORS> {}
}
