import { ReminderKind } from '../reminders/reminder-kinds';
import { coordinatorIds, skip, timeZoneOf } from '../reminders/secretariat-directory';
import { REMINDER_KIND, stageDeadlineReminders, ReminderRules } from '../reminders/reminder-rules';
import { ReminderInput } from '../reminders/reminder-scheduler.service';
import { formatLocal } from '../reminders/time-zone';
import { ActionPlan } from './action-plan.entity';
import { STAGE_LABELS } from './plan-stages';
import { webPaths } from '../common/web-paths';

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
