import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: the action table's shared refusals (role and secretariat-status checks). Clients switch on them: never rename one. */
export const ACCESS_ERRORS = [
  'coordinator_required',
  'not_a_member',
  'other_sector_required',
  'platform_admin_required',
  'secretariat_dissolved',
  'secretariat_suspended',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof ACCESS_ERRORS> {}
}
