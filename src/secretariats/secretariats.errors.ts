import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: secretariats, lifecycle, seats, invitations and memberships. Clients switch on them: never rename one. */
export const SECRETARIATS_ERRORS = [
  'already_member',
  'date_in_future',
  'date_required',
  'document_required',
  'invalid_date',
  'invalid_transition',
  'invitation_email_mismatch',
  'invitation_expired',
  'invitation_not_found',
  'invitation_revoked',
  'invitation_used',
  'last_coordinator',
  'membership_end_forbidden',
  'membership_ended',
  'same_organization',
  'seat_exists',
  'seat_mismatch',
  'seat_not_allowed',
  'seat_role_taken',
  'seat_vacated',
  'secretariat_changed',
  'secretariat_exists',
  'sector_mismatch',
  'sector_required',
  'sectors_incomplete',
  'unknown_organization',
  'unknown_seat',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof SECRETARIATS_ERRORS> {}
}
