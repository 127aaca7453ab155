/**
 * Problem codes (`code` of problem+json) as one typed union, declared per capability.
 *
 * Each capability folder owns its codes in `<capability>.errors.ts` (a const tuple) and adds
 * them to `ErrorCodeRegistry` by module augmentation, so imports still point down (nothing in
 * `common/` imports a capability) while `ErrorCode` is the union of every declared code: the
 * DomainError helpers accept only an `ErrorCode`, and a mistyped code fails to compile.
 * `codes.spec.ts` checks that every code has exactly one owner and that every code literal
 * in `src/` and the README is declared. Clients switch on these strings: never rename one.
 */

/** Codes of the HTTP layer and of rules shared by every capability (pagination, ids, versions, bodies). */
export const COMMON_ERRORS = [
  // Framework and transport refusals (problem.filter.ts, http-limits.ts)
  'bad_request',
  'bad_url',
  'conflict',
  'forbidden',
  'headers_too_large',
  'internal_error',
  'length_required',
  'malformed_json',
  'method_not_allowed',
  'not_acceptable',
  'not_found',
  'not_ready',
  'payload_too_large',
  'rate_limited',
  'request_timeout',
  'unauthenticated',
  'unsupported_media_type',
  'uri_too_long',
  // Input shared by every capability
  'body_not_object',
  'invalid_cursor',
  'invalid_id',
  'json_too_deep',
  'reason_required',
  'stale_version',
  'validation_failed',
] as const;

/** `{ code: true }` for each code of a capability's tuple: what a capability's augmentation extends. */
export type ErrorCodesOf<T extends readonly string[]> = { readonly [K in T[number]]: true };

/** Every declared code is a key; each capability's `<capability>.errors.ts` extends this interface. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ErrorCodeRegistry extends ErrorCodesOf<typeof COMMON_ERRORS> {}

/** A stable problem code: the union of every capability's declared codes. */
export type ErrorCode = keyof ErrorCodeRegistry & string;
