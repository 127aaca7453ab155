import type { ErrorCodesOf } from '../common/errors/codes';
import { unauthorized } from '../common/errors/domain-error';

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

/** 401 for an access token that is missing, forged, expired or names an account that no longer exists. */
export const invalidToken = () => unauthorized('invalid_token', 'El token de acceso no es válido o expiró.');
