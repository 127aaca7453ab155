import { ReminderKind } from './reminder-kinds';
import { REMINDER_KIND } from './reminder-rules';

/** Payload of a `message` reminder: recipients and text fixed when it was scheduled. */
export interface MessagePayload {
  userIds: string[];
  subject: string;
  text: string;
  link: string;
  dueAt?: string;
}

/**
 * A reminder whose recipients and text were decided when it was scheduled (e.g. a meeting of
 * a mesa de trabajo announced by the coordination). Still re-read at send time: it is skipped
 * when none of its recipients exists any more.
 */
export const messageKind: ReminderKind = {
  kind: REMINDER_KIND.message,
  label: 'Avisos programados',
  async resolve(em, row) {
    const p = row.payload as unknown as MessagePayload;
    const ids: string[] = Array.isArray(p.userIds) ? p.userIds : [];
    const existing: { id: string }[] = ids.length ? await em.query('SELECT id FROM users WHERE id = ANY($1::uuid[])', [ids]) : [];
    if (existing.length === 0) return { due: false, reason: 'no_recipients: none of the recipients exists' };
    return {
      due: true,
      recipients: existing.map((u) => u.id),
      subject: String(p.subject ?? 'Recordatorio'),
      text: String(p.text ?? ''),
      link: String(p.link ?? '/'),
      dueAt: p.dueAt ? new Date(p.dueAt) : row.fireAt,
    };
  },
};
