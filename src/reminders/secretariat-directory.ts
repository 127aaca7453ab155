import { EntityManager } from 'typeorm';
import { ReminderResolution } from './reminder-kinds';
import { DEFAULT_TIME_ZONE } from './time-zone';

export interface SecretariatInfo {
  name: string;
  timeZone: string;
}

export const FALLBACK_SECRETARIAT: SecretariatInfo = { name: 'Secretariado Técnico Local', timeZone: DEFAULT_TIME_ZONE };

/**
 * Name and time zone (its state's) of each secretariat, for e-mails and local times. Raw SQL on
 * purpose: reminders must not depend on the secretariats module's providers, and reminder rows
 * without a secretariat still send with the fallback.
 */
export async function secretariatInfo(em: EntityManager, ids: (string | null)[]): Promise<Map<string, SecretariatInfo>> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const out = new Map<string, SecretariatInfo>();
  if (wanted.length === 0) return out;
  const rows: { id: string; name: string; time_zone: string | null }[] = await em.query(
    `SELECT s.id, s.name, st.time_zone FROM secretariats s LEFT JOIN states st ON st.code = s.state_code WHERE s.id = ANY($1::uuid[])`,
    [wanted],
  );
  for (const r of rows) out.set(r.id, { name: r.name, timeZone: r.time_zone ?? DEFAULT_TIME_ZONE });
  return out;
}

/** A reminder that is no longer due, and why. */
export const skip = (reason: string): ReminderResolution => ({ due: false, reason });

/** The secretariat's active coordinators (reminder recipients). */
export async function coordinatorIds(em: EntityManager, secretariatId: string): Promise<string[]> {
  const rows: { user_id: string }[] = await em.query(
    'SELECT DISTINCT user_id FROM memberships WHERE secretariat_id = $1 AND ended_at IS NULL AND is_coordinator',
    [secretariatId],
  );
  return rows.map((r) => r.user_id);
}

/** The secretariat's time zone (its state's), for local times in reminders. */
export async function timeZoneOf(em: EntityManager, secretariatId: string): Promise<string> {
  const [row] = await em.query('SELECT st.time_zone FROM secretariats s JOIN states st ON st.code = s.state_code WHERE s.id = $1', [secretariatId]);
  return row?.time_zone ?? DEFAULT_TIME_ZONE;
}
