import { ReminderInput } from './reminder-scheduler.service';
import { addDays, localToInstant } from './time-zone';

/** When reminders fire, per secretariat (its rules carry them: src/secretariats/rules.ts). */
export interface ReminderRules {
  /** Hours before a voting round closes → members of seats that have not voted. */
  voteClosingHours: number[];
  /** Days before a milestone's due date → the responsible organization's members. */
  milestoneDueDays: number[];
  /** Days after a milestone's due date → those members + coordinators (+ guarantor from `overdueGuarantorAfterDays`). */
  milestoneOverdueDays: number[];
  overdueGuarantorAfterDays: number;
  /** Days a submitted milestone may wait for review before guarantor members are reminded. */
  reviewPendingDays: number;
  /** Days before a proposal's response deadline → coordinators. */
  proposalResponseDays: number[];
  /** Days before a plan stage deadline → coordinators. */
  stageDeadlineDays: number[];
}

/** Reminder kinds of DESIGN §5 (the `kind` column). */
export const REMINDER_KIND = {
  voteClosing: 'vote_closing',
  milestoneDue: 'milestone_due',
  milestoneOverdue: 'milestone_overdue',
  milestoneReview: 'milestone_review',
  proposalResponse: 'proposal_response',
  stageDeadline: 'stage_deadline',
  message: 'message',
} as const;

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Day-based reminders go out at this local time, not at midnight. */
export const REMINDER_LOCAL_TIME = '09:00';

/**
 * Which fire times to keep: those still ahead, plus the latest one already past (it fires at
 * once, so a deadline set or moved late still gets one reminder instead of none). Reminders
 * *before* a deadline that already passed are dropped.
 */
export function keepFireTimes(times: Date[], deadline: Date, before: boolean, now = new Date()): Date[] {
  if (before && deadline.getTime() <= now.getTime()) return [];
  const ahead = times.filter((t) => t.getTime() > now.getTime());
  const past = times.filter((t) => t.getTime() <= now.getTime()).sort((a, b) => b.getTime() - a.getTime());
  return [...(past.length ? [past[0]] : []), ...ahead].sort((a, b) => a.getTime() - b.getTime());
}

interface Subject {
  id: string;
  secretariatId: string | null;
}

/**
 * Voting round closing → at closesAt − each of `voteClosingHours`, never before the round
 * opens: for a round scheduled ahead, times before `opensAt` are treated as past, and the
 * latest of them fires at the opening (a ballot before it would be refused).
 */
export function voteClosingReminders(round: Subject & { closesAt: Date; opensAt?: Date }, rules: ReminderRules, now = new Date()): ReminderInput[] {
  const byTime = new Map(rules.voteClosingHours.map((h) => [round.closesAt.getTime() - h * HOUR, h]));
  const opens = round.opensAt && round.opensAt.getTime() > now.getTime() ? round.opensAt : null;
  return keepFireTimes([...byTime.keys()].map((t) => new Date(t)), round.closesAt, true, opens ?? now).map((time) => ({
    kind: REMINDER_KIND.voteClosing,
    subjectType: 'voting_round',
    subjectId: round.id,
    secretariatId: round.secretariatId,
    fireAt: opens && time.getTime() < opens.getTime() ? opens : time,
    payload: { hoursBefore: byTime.get(time.getTime()) },
  }));
}

/**
 * Milestone due date (a local date): `milestone_due` at 09:00 local `milestoneDueDays` before,
 * `milestone_overdue` at 09:00 local `milestoneOverdueDays` after (guarantor sector included
 * from `overdueGuarantorAfterDays`).
 */
export function milestoneReminders(
  milestone: Subject & { dueDate: string },
  rules: ReminderRules,
  timeZone: string,
  now = new Date(),
): ReminderInput[] {
  const at = (days: number) => localToInstant(addDays(milestone.dueDate, days), REMINDER_LOCAL_TIME, timeZone);
  const deadline = localToInstant(addDays(milestone.dueDate, 1), '00:00', timeZone);
  const row = (kind: string, fireAt: Date, payload: Record<string, unknown>): ReminderInput => ({
    kind,
    subjectType: 'milestone',
    subjectId: milestone.id,
    secretariatId: milestone.secretariatId,
    fireAt,
    payload: { dueDate: milestone.dueDate, ...payload },
  });
  const dueDays = new Map(rules.milestoneDueDays.map((d) => [at(-d).getTime(), d]));
  const overdueDays = new Map(rules.milestoneOverdueDays.map((d) => [at(d).getTime(), d]));
  return [
    ...keepFireTimes([...dueDays.keys()].map((t) => new Date(t)), deadline, true, now).map((t) =>
      row(REMINDER_KIND.milestoneDue, t, { daysBefore: dueDays.get(t.getTime()) }),
    ),
    ...keepFireTimes([...overdueDays.keys()].map((t) => new Date(t)), deadline, false, now).map((t) => {
      const days = overdueDays.get(t.getTime())!;
      return row(REMINDER_KIND.milestoneOverdue, t, { daysOverdue: days, includeGuarantor: days >= rules.overdueGuarantorAfterDays });
    }),
  ];
}

/** Milestone submitted for review → guarantor members after `reviewPendingDays` without review. */
export function milestoneReviewReminders(milestone: Subject & { submittedAt: Date }, rules: ReminderRules): ReminderInput[] {
  return [
    {
      kind: REMINDER_KIND.milestoneReview,
      subjectType: 'milestone',
      subjectId: milestone.id,
      secretariatId: milestone.secretariatId,
      fireAt: new Date(milestone.submittedAt.getTime() + rules.reviewPendingDays * DAY),
      payload: { days: rules.reviewPendingDays },
    },
  ];
}

function daysBefore(kind: string, subjectType: string, subject: Subject, deadline: Date, days: number[], now: Date): ReminderInput[] {
  const byTime = new Map(days.map((d) => [deadline.getTime() - d * DAY, d]));
  return keepFireTimes([...byTime.keys()].map((t) => new Date(t)), deadline, true, now).map((fireAt) => ({
    kind,
    subjectType,
    subjectId: subject.id,
    secretariatId: subject.secretariatId,
    fireAt,
    payload: { daysBefore: byTime.get(fireAt.getTime()) },
  }));
}

/** Proposal awaiting its reasoned response → coordinators `proposalResponseDays` before. */
export function proposalResponseReminders(proposal: Subject & { responseDueAt: Date }, rules: ReminderRules, now = new Date()): ReminderInput[] {
  return daysBefore(REMINDER_KIND.proposalResponse, 'proposal', proposal, proposal.responseDueAt, rules.proposalResponseDays, now);
}

/** Plan stage deadline → coordinators `stageDeadlineDays` before. */
export function stageDeadlineReminders(plan: Subject & { stageDeadline: Date }, rules: ReminderRules, now = new Date()): ReminderInput[] {
  return daysBefore(REMINDER_KIND.stageDeadline, 'action_plan', plan, plan.stageDeadline, rules.stageDeadlineDays, now);
}
