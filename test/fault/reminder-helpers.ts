import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ReminderKind, ReminderKinds } from '../../src/reminders/reminder-kinds';
import { ReminderInput, ReminderScheduler } from '../../src/reminders/reminder-scheduler.service';

/** Polls until `fn` returns a truthy value; fails with the last value after `timeoutMs`. */
export async function waitFor<T>(fn: () => Promise<T>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < timeoutMs) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Anything with a rows-returning `query` (a DataSource, or a plain pg client wrapper). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Queryable = { query(sql: string, params?: any[]): Promise<any> };

/** Users inserted directly (no password flow needed): returns their ids. */
export async function insertUsers(db: Queryable, n: number, label = 'persona'): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const [row] = await db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, 'x') RETURNING id`, [
      `${label}-${i}-${randomUUID().slice(0, 8)}@ejemplo.mx`,
      `${label[0].toUpperCase()}${label.slice(1)} ${i + 1}`,
    ]);
    ids.push(row.id);
  }
  return ids;
}

/**
 * A test kind: recipients are the payload's users minus those in `done` (people who already
 * acted), and the whole subject can be marked finished; both are read at send time.
 */
export function testKind(kind = 'test_deadline') {
  const done = new Set<string>();
  const finishedSubjects = new Set<string>();
  const def: ReminderKind = {
    kind,
    label: 'Prueba',
    async resolve(_em, row) {
      if (finishedSubjects.has(row.subjectId)) return { due: false, reason: 'subject_done: ya se resolvió' };
      const ids = (row.payload.userIds as string[]).filter((id) => !done.has(id));
      return {
        due: true,
        recipients: ids,
        subject: 'La votación «Compromiso de prueba» cierra pronto',
        text: `Tu sector aún no vota. Cierra el ${row.fireAt.toISOString()}.`,
        link: `/voting-rounds/${row.subjectId}`,
        dueAt: row.fireAt,
      };
    },
  };
  return { def, done, finishedSubjects, register: (kinds: ReminderKinds) => kinds.register(def) };
}

export function reminderRow(subjectId: string, userIds: string[], fireAt: Date, kind = 'test_deadline'): ReminderInput {
  return { kind, subjectType: 'voting_round', subjectId, secretariatId: null, fireAt, payload: { userIds } };
}

/** A `message` reminder (built-in kind, so separate worker processes can send it). */
export function messageRow(userIds: string[], fireAt: Date, n = 0): ReminderInput {
  return {
    kind: 'message',
    subjectType: 'meeting',
    subjectId: randomUUID(),
    secretariatId: null,
    fireAt,
    payload: { userIds, subject: `Mesa de trabajo ${n}`, text: `La mesa de trabajo ${n} es mañana a las 10:00 h.`, link: `/meetings/${n}` },
  };
}

export async function scheduleRows(db: DataSource, scheduler: ReminderScheduler, rows: ReminderInput[]) {
  return db.transaction((tx) => scheduler.schedule(tx, rows));
}

export const countBy = async (db: Queryable, sql: string, params: unknown[] = []) =>
  Number((await db.query(sql, params))[0].n);
