import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: reminders and notifications. Clients switch on them: never rename one. */
export const REMINDERS_ERRORS = [
  'invalid_time_zone',
  'unknown_notification_kind',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof REMINDERS_ERRORS> {}
}
