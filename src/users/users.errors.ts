import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: accounts. Clients switch on them: never rename one. */
export const USERS_ERRORS = [
  'email_taken',
  'weak_password',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof USERS_ERRORS> {}
}
