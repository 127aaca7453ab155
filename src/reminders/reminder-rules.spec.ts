import { DEFAULT_REMINDER_RULES, effectiveRules } from '../secretariats/rules';
import { keepFireTimes, milestoneReminders, proposalResponseReminders, voteClosingReminders } from './reminder-rules';

const H = 3600_000;
const at = (iso: string) => new Date(iso);

describe('reminder rules', () => {
  it('reminds 48 h and 24 h before a voting round closes', () => {
    const now = at('2026-03-01T12:00:00Z');
    const rows = voteClosingReminders({ id: 'r1', secretariatId: 's1', closesAt: at('2026-03-10T18:00:00Z') }, DEFAULT_REMINDER_RULES, now);
    expect(rows.map((r) => [r.kind, r.fireAt.toISOString(), r.payload])).toEqual([
      ['vote_closing', '2026-03-08T18:00:00.000Z', { hoursBefore: 48 }],
      ['vote_closing', '2026-03-09T18:00:00.000Z', { hoursBefore: 24 }],
    ]);
  });

  it('a round closing in 30 h gets one reminder at once and the 24 h one; a closed round gets none', () => {
    const now = at('2026-03-01T12:00:00Z');
    const closesAt = new Date(now.getTime() + 30 * H);
    const rows = voteClosingReminders({ id: 'r1', secretariatId: 's1', closesAt }, DEFAULT_REMINDER_RULES, now);
    expect(rows.map((r) => r.payload!.hoursBefore)).toEqual([48, 24]);
    expect(rows[0].fireAt.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(voteClosingReminders({ id: 'r1', secretariatId: 's1', closesAt: new Date(now.getTime() - H) }, DEFAULT_REMINDER_RULES, now)).toEqual([]);
  });

  it('a round scheduled to open in 10 minutes and close in 2 hours: no reminder before it opens', () => {
    const now = at('2026-03-01T12:00:00Z');
    const opensAt = new Date(now.getTime() + 10 * 60_000);
    const rows = voteClosingReminders({ id: 'r1', secretariatId: 's1', opensAt, closesAt: new Date(now.getTime() + 2 * H) }, DEFAULT_REMINDER_RULES, now);
    expect(rows.map((r) => [r.fireAt.toISOString(), r.payload])).toEqual([[opensAt.toISOString(), { hoursBefore: 24 }]]);
    // Opening days ahead: both reminders at their times, after the opening.
    const later = voteClosingReminders({ id: 'r1', secretariatId: 's1', opensAt: at('2026-03-05T12:00:00Z'), closesAt: at('2026-03-10T18:00:00Z') }, DEFAULT_REMINDER_RULES, now);
    expect(later.map((r) => r.fireAt.toISOString())).toEqual(['2026-03-08T18:00:00.000Z', '2026-03-09T18:00:00.000Z']);
  });

  it('reminds about a milestone at 09:00 on the secretariat\'s local clock (Quintana Roo)', () => {
    const now = at('2026-03-01T00:00:00Z');
    const rows = milestoneReminders({ id: 'm1', secretariatId: 's1', dueDate: '2026-03-20' }, DEFAULT_REMINDER_RULES, 'America/Cancun', now);
    expect(rows.map((r) => [r.kind, r.fireAt.toISOString(), r.payload])).toEqual([
      ['milestone_due', '2026-03-13T14:00:00.000Z', { dueDate: '2026-03-20', daysBefore: 7 }],
      ['milestone_due', '2026-03-19T14:00:00.000Z', { dueDate: '2026-03-20', daysBefore: 1 }],
      ['milestone_overdue', '2026-03-21T14:00:00.000Z', { dueDate: '2026-03-20', daysOverdue: 1, includeGuarantor: false }],
      ['milestone_overdue', '2026-03-27T14:00:00.000Z', { dueDate: '2026-03-20', daysOverdue: 7, includeGuarantor: true }],
    ]);
  });

  it('a milestone moved into the past keeps only its latest overdue reminder, firing at once', () => {
    const now = at('2026-04-01T00:00:00Z');
    const rows = milestoneReminders({ id: 'm1', secretariatId: 's1', dueDate: '2026-03-20' }, DEFAULT_REMINDER_RULES, 'America/Mexico_City', now);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'milestone_overdue', payload: { daysOverdue: 7, includeGuarantor: true } });
  });

  it('follows the secretariat\'s own rules', () => {
    const rules = effectiveRules({ reminders: { ...DEFAULT_REMINDER_RULES, proposalResponseDays: [5, 2] } }).reminders;
    const rows = proposalResponseReminders({ id: 'p1', secretariatId: 's1', responseDueAt: at('2026-05-10T06:00:00Z') }, rules, at('2026-05-01T00:00:00Z'));
    expect(rows.map((r) => r.fireAt.toISOString())).toEqual(['2026-05-05T06:00:00.000Z', '2026-05-08T06:00:00.000Z']);
    expect(keepFireTimes([], at('2026-05-10T00:00:00Z'), true)).toEqual([]);
  });
});
