/** Milestone lifecycle (DESIGN §3). `overdue` is not a state: it is derived from the due instant. */
export const MILESTONE_STATUSES = ['pending', 'in_progress', 'submitted', 'approved', 'returned'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export type MilestoneAction = 'start' | 'submit' | 'approve' | 'return';

/** Who may take an action: members of the responsible organization, or guarantor reviewers. */
export type MilestoneActor = 'implementer' | 'reviewer';

/**
 * Every allowed move, checked in one place (MilestonesService.transition). A returned
 * milestone goes back to work (`start`) before it is submitted again; `approved` is final.
 */
export const MILESTONE_TRANSITIONS: Record<MilestoneAction, { from: readonly MilestoneStatus[]; to: MilestoneStatus; actor: MilestoneActor }> = {
  start: { from: ['pending', 'returned'], to: 'in_progress', actor: 'implementer' },
  submit: { from: ['in_progress'], to: 'submitted', actor: 'implementer' },
  approve: { from: ['submitted'], to: 'approved', actor: 'reviewer' },
  return: { from: ['submitted'], to: 'returned', actor: 'reviewer' },
};

/** Where the action leads from `status`, or null when it is not allowed there. */
export function milestoneMove(status: MilestoneStatus, action: MilestoneAction): MilestoneStatus | null {
  const t = MILESTONE_TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** Evidence of milestones in these statuses may be removed; otherwise only superseded. */
export const EVIDENCE_REMOVABLE_STATUSES: readonly MilestoneStatus[] = ['pending', 'in_progress', 'returned'];

/** A milestone is overdue when its due instant has passed and it is not approved. */
export function isOverdue(m: { status: MilestoneStatus; dueAt: Date }, now = new Date()): boolean {
  return m.status !== 'approved' && m.dueAt.getTime() < now.getTime();
}
