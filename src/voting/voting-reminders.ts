import { skip, timeZoneOf } from '../reminders/secretariat-directory';
import { ReminderKind } from '../reminders/reminder-kinds';
import { REMINDER_KIND } from '../reminders/reminder-rules';
import { formatLocal } from '../reminders/time-zone';
import { VotingRound } from './voting-round.entity';
import { webPaths } from '../common/web-paths';

/** A round closing soon → titulars and alternates of the seats that have not voted yet (DESIGN §5). */
export const voteClosingKind: ReminderKind = {
  kind: REMINDER_KIND.voteClosing,
  label: 'Votaciones por cerrar',
  async resolve(em, row) {
    const round = await em.getRepository(VotingRound).findOneBy({ id: row.subjectId });
    if (!round) return skip('round_missing');
    if (round.status !== 'open' || round.closesAt.getTime() <= Date.now()) return skip('round_closed');
    // `scheduled` is derived, not stored: a round that has not opened yet does not "close soon".
    if (round.opensAt.getTime() > Date.now()) return skip('round_not_open');
    const rows: { user_id: string }[] = await em.query(
      `SELECT DISTINCT m.user_id
         FROM memberships m
        WHERE m.secretariat_id = $1 AND m.ended_at IS NULL AND m.role IN ('titular', 'alternate')
          AND m.seat_id = ANY($2::uuid[])
          AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.round_id = $3 AND b.seat_id = m.seat_id)`,
      [round.secretariatId, round.seats.map((s) => s.seatId), round.id],
    );
    if (!rows.length) return skip('everyone_voted');
    const when = formatLocal(round.closesAt, await timeZoneOf(em, round.secretariatId));
    return {
      due: true,
      recipients: rows.map((r) => r.user_id),
      subject: `La votación "${round.title}" cierra pronto`,
      text: `Tu asiento aún no vota en "${round.title}". La votación cierra el ${when}.`,
      link: webPaths.votingRound(round.id),
      dueAt: round.closesAt,
    };
  },
};
