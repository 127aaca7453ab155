import type { ErrorCode } from './codes';

export type { ErrorCode } from './codes';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * A refusal the client can act on. `code` is stable (clients switch on it); `detail` is
 * Spanish text for the person. The one ProblemFilter turns it into problem+json.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export const badRequest = (code: ErrorCode, detail: string, errors?: FieldError[]) => new DomainError(400, code, detail, errors);
export const unauthorized = (code: ErrorCode, detail: string) => new DomainError(401, code, detail);
export const forbidden = (code: ErrorCode, detail: string) => new DomainError(403, code, detail);
export const notFound = (what = 'El recurso') => new DomainError(404, 'not_found', `${what} no existe o no es visible para ti.`);
export const conflict = (code: ErrorCode, detail: string) => new DomainError(409, code, detail);
export const unprocessable = (code: ErrorCode, detail: string, errors?: FieldError[]) => new DomainError(422, code, detail, errors);
