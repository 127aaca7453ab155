import { EntityManager } from 'typeorm';
import { ReminderKind, ReminderResolution } from '../reminders/reminder-kinds';
import { REMINDER_KIND } from '../reminders/reminder-rules';
import { ScheduledReminder } from '../reminders/scheduled-reminder.entity';
import { formatLocal } from '../reminders/time-zone';
import { webPaths } from '../common/web-paths';

interface MilestoneRow {
  id: string;
  title: string;
  status: string;
  due_date: string;
  due_at: Date;
  responsible_organization_id: string;
  secretariat_id: string;
  commitment_id: string;
  commitment_status: string;
  code: string;
  time_zone: string;
}

async function load(em: EntityManager, id: string): Promise<MilestoneRow | null> {
  const [row] = await em.query(
    `SELECT m.id, m.title, m.status, to_char(m.due_date, 'YYYY-MM-DD') AS due_date, m.due_at, m.responsible_organization_id, m.secretariat_id, m.commitment_id,
            c.status AS commitment_status, c.code, st.time_zone
       FROM milestones m
       JOIN commitments c ON c.id = m.commitment_id
       JOIN secretariats s ON s.id = m.secretariat_id
       JOIN states st ON st.code = s.state_code
      WHERE m.id = $1`,
    [id],
  );
  return row ?? null;
}

/** Active members of the secretariat matching a condition on memberships `m`. */
async function members(em: EntityManager, secretariatId: string, where: string, params: unknown[]): Promise<string[]> {
  const rows: { user_id: string }[] = await em.query(
    `SELECT DISTINCT m.user_id FROM memberships m WHERE m.secretariat_id = $1 AND m.ended_at IS NULL AND (${where})`,
    [secretariatId, ...params],
  );
  return rows.map((r) => r.user_id);
}

const link = (m: MilestoneRow) => webPaths.milestone(m.id);
const skip = (reason: string): ReminderResolution => ({ due: false, reason });

/** Work on the milestone is still open (not submitted for review, not approved, commitment not withdrawn). */
function openWork(m: MilestoneRow, row: ScheduledReminder): ReminderResolution | null {
  if (m.commitment_status === 'withdrawn') return skip('commitment_withdrawn');
  if (m.status === 'approved' || m.status === 'submitted') return skip(`milestone_${m.status}`);
  if ((row.payload as { dueDate?: string }).dueDate && (row.payload as { dueDate?: string }).dueDate !== m.due_date) return skip('due_date_moved');
  return null;
}

interface MilestoneKindSpec {
  kind: string;
  label: string;
  /** Why the reminder no longer applies, or null when it still does. */
  stop(m: MilestoneRow, row: ScheduledReminder): ReminderResolution | null;
  /** Condition on memberships `m` ($2 = the responsible organization) picking who still has to act. */
  recipients(row: ScheduledReminder): string;
  message(m: MilestoneRow, row: ScheduledReminder): { subject: string; text: string; dueAt: Date };
}

/** The three milestone kinds differ only in when they stop, whom they reach and what they say. */
function milestoneKind(spec: MilestoneKindSpec): ReminderKind {
  return {
    kind: spec.kind,
    label: spec.label,
    async resolve(em, row) {
      const m = await load(em, row.subjectId);
      if (!m) return skip('milestone_deleted');
      const stop = spec.stop(m, row);
      if (stop) return stop;
      const recipients = await members(em, m.secretariat_id, spec.recipients(row), [m.responsible_organization_id]);
      if (!recipients.length) return skip('no_recipients');
      return { due: true, recipients, link: link(m), ...spec.message(m, row) };
    },
  };
}

const GUARANTOR_SEAT_HOLDERS = `(m.sector = 'guarantor' AND m.role IN ('titular', 'alternate'))`;

/** Milestone due in N days → members of the responsible organization (DESIGN §5). */
export const milestoneDueKind = milestoneKind({
  kind: REMINDER_KIND.milestoneDue,
  label: 'Hitos por vencer',
  stop: openWork,
  recipients: () => 'm.organization_id = $2',
  message: (m) => ({
    subject: `El hito "${m.title}" (${m.code}) vence pronto`,
    text: `El hito "${m.title}" del compromiso ${m.code} vence el ${formatLocal(new Date(m.due_at), m.time_zone)}. Adjunta la evidencia y envíalo a revisión del organismo garante.`,
    dueAt: new Date(m.due_at),
  }),
});

/** Milestone overdue by N days → responsible organization and coordinators (+ guarantor members from `overdueGuarantorAfterDays`). */
export const milestoneOverdueKind = milestoneKind({
  kind: REMINDER_KIND.milestoneOverdue,
  label: 'Hitos vencidos',
  stop: openWork,
  recipients: (row) =>
    `m.organization_id = $2 OR m.is_coordinator${(row.payload as { includeGuarantor?: boolean }).includeGuarantor ? ` OR ${GUARANTOR_SEAT_HOLDERS}` : ''}`,
  message: (m, row) => {
    const days = Number((row.payload as { daysOverdue?: number }).daysOverdue ?? 1);
    return {
      subject: `El hito "${m.title}" (${m.code}) está vencido`,
      text: `El hito "${m.title}" del compromiso ${m.code} venció el ${formatLocal(new Date(m.due_at), m.time_zone)} (hace ${days} día${days === 1 ? '' : 's'}) y no se ha enviado a revisión.`,
      dueAt: new Date(m.due_at),
    };
  },
});

/** Milestone submitted and not reviewed in N days → guarantor seat holders of other organizations. */
export const milestoneReviewKind = milestoneKind({
  kind: REMINDER_KIND.milestoneReview,
  label: 'Hitos pendientes de revisión',
  stop: (m) => (m.status === 'submitted' ? null : skip(`milestone_${m.status}`)),
  recipients: () => `${GUARANTOR_SEAT_HOLDERS} AND m.organization_id IS DISTINCT FROM $2`,
  message: (m, row) => {
    const days = Number((row.payload as { days?: number }).days ?? 5);
    return {
      subject: `Hito por revisar: "${m.title}" (${m.code})`,
      text: `El hito "${m.title}" del compromiso ${m.code} lleva ${days} días enviado a revisión. Apruébalo o devuélvelo con observaciones.`,
      dueAt: row.fireAt,
    };
  },
});

export const MILESTONE_REMINDER_KINDS = [milestoneDueKind, milestoneOverdueKind, milestoneReviewKind];
