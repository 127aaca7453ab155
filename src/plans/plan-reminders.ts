import { EntityManager } from 'typeorm';
import { ReminderKind, ReminderResolution } from '../reminders/reminder-kinds';
import { REMINDER_KIND, stageDeadlineReminders } from '../reminders/reminder-rules';
import { ReminderInput } from '../reminders/reminder-scheduler.service';
import { formatLocal } from '../reminders/time-zone';
import { ReminderRules } from '../secretariats/rules';
import { ActionPlan } from './action-plan.entity';
import { STAGE_LABELS } from './plan-stages';
import { webPaths } from '../common/web-paths';

export const skip = (reason: string): ReminderResolution => ({ due: false, reason });

/** The secretariat's active coordinators (reminder recipients). */
export async function coordinatorIds(em: EntityManager, secretariatId: string): Promise<string[]> {
  const rows: { user_id: string }[] = await em.query(
    'SELECT DISTINCT user_id FROM memberships WHERE secretariat_id = $1 AND ended_at IS NULL AND is_coordinator',
    [secretariatId],
  );
  return rows.map((r) => r.user_id);
}

export async function timeZoneOf(em: EntityManager, secretariatId: string): Promise<string> {
  const [row] = await em.query('SELECT st.time_zone FROM secretariats s JOIN states st ON st.code = s.state_code WHERE s.id = $1', [secretariatId]);
  return row?.time_zone ?? 'America/Mexico_City';
}

/** Reminder rows for a plan's current stage deadline; the payload pins the stage and deadline they were made for. */
export function stageDeadlineRows(plan: ActionPlan, rules: ReminderRules): ReminderInput[] {
  if (!plan.stageDeadline) return [];
  return stageDeadlineReminders({ id: plan.id, secretariatId: plan.secretariatId, stageDeadline: plan.stageDeadline }, rules).map((r) => ({
    ...r,
    payload: { ...r.payload, stage: plan.stage, deadline: plan.stageDeadline!.toISOString() },
  }));
}

/** Plan stage deadline approaching → coordinators (DESIGN §5). Skipped if the stage or its deadline changed. */
export const stageDeadlineKind: ReminderKind = {
  kind: REMINDER_KIND.stageDeadline,
  label: 'Plazos de etapa del plan',
  async resolve(em, row) {
    const plan = await em.getRepository(ActionPlan).findOneBy({ id: row.subjectId });
    if (!plan) return skip('plan_missing');
    const payload = row.payload as { stage?: string; deadline?: string };
    if (plan.stage !== payload.stage) return skip('stage_changed');
    if (!plan.stageDeadline || plan.stageDeadline.toISOString() !== payload.deadline) return skip('deadline_moved');
    const recipients = await coordinatorIds(em, plan.secretariatId);
    if (!recipients.length) return skip('no_recipients');
    const when = formatLocal(plan.stageDeadline, await timeZoneOf(em, plan.secretariatId));
    return {
      due: true,
      recipients,
      subject: `La etapa de ${STAGE_LABELS[plan.stage]} del plan "${plan.title}" vence pronto`,
      text: `La etapa de ${STAGE_LABELS[plan.stage]} del plan "${plan.title}" tiene como fecha límite el ${when}.`,
      link: webPaths.plan(plan.id),
      dueAt: plan.stageDeadline,
    };
  },
};
