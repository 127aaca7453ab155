import { QueryFailedError } from 'typeorm';

/** True when `err` is PostgreSQL's unique violation, on `constraint` if given. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driver = err.driverError as { code?: string; constraint?: string };
  return driver?.code === '23505' && (!constraint || driver.constraint === constraint);
}
