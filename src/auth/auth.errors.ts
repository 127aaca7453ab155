import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: sign-in, tokens and password resets. Clients switch on them: never rename one. */
export const AUTH_ERRORS = [
  'invalid_credentials',
  'invalid_refresh_token',
  'invalid_reset_token',
  'invalid_token',
  'refresh_token_reused',
  'wrong_password',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof AUTH_ERRORS> {}
}
