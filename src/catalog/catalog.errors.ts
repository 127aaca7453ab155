import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: states and organizations. Clients switch on them: never rename one. */
export const CATALOG_ERRORS = [
  'kind_sector_mismatch',
  'organization_create_forbidden',
  'organization_edit_forbidden',
  'organization_exists',
  'organization_other_state',
  'unknown_state',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof CATALOG_ERRORS> {}
}
