import { coordinatorIds, skip, timeZoneOf } from '../reminders/secretariat-directory';
import { ReminderKind } from '../reminders/reminder-kinds';
import { REMINDER_KIND } from '../reminders/reminder-rules';
import { formatLocal } from '../reminders/time-zone';
import { Proposal } from './proposal.entity';
import { webPaths } from '../common/web-paths';

/** A submitted proposal still without its reasoned response, deadline approaching → coordinators (DESIGN §5). */
export const proposalResponseKind: ReminderKind = {
  kind: REMINDER_KIND.proposalResponse,
  label: 'Respuestas razonadas pendientes',
  async resolve(em, row) {
    const p = await em.getRepository(Proposal).findOneBy({ id: row.subjectId });
    if (!p) return skip('proposal_missing');
    if (p.respondedAt || p.status !== 'submitted' || !p.responseDueAt) return skip(`proposal_${p.respondedAt ? 'answered' : p.status}`);
    const recipients = await coordinatorIds(em, p.secretariatId);
    if (!recipients.length) return skip('no_recipients');
    const when = formatLocal(p.responseDueAt, await timeZoneOf(em, p.secretariatId));
    return {
      due: true,
      recipients,
      subject: `Respuesta razonada pendiente: "${p.title}"`,
      text: `La propuesta "${p.title}" espera la respuesta razonada del secretariado; el plazo vence el ${when}.`,
      link: webPaths.proposal(p.id),
      dueAt: p.responseDueAt,
    };
  },
};
