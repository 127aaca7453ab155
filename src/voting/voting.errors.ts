import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: voting rounds and ballots. Clients switch on them: never rename one. */
export const VOTING_ERRORS = [
  'not_a_voter',
  'round_closed',
  'round_not_open',
  'round_open',
  'sector_without_seats',
  'voting_window_too_long',
  'voting_window_too_short',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof VOTING_ERRORS> {}
}
