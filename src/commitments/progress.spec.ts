import { isOverdue, milestoneMove } from './milestone-states';
import { computeProgress, irmCompletion } from './progress';

describe('IRM completion thresholds', () => {
  it.each([
    [0, 'not_started'],
    [1, 'limited'],
    [49, 'limited'],
    [50, 'substantial'],
    [99, 'substantial'],
    [100, 'complete'],
  ])('%i%% → %s', (progress, completion) => {
    expect(irmCompletion(progress)).toBe(completion);
  });
});

describe('computeProgress', () => {
  it('counts only approved weight as verified and submitted weight as self-reported', () => {
    const p = computeProgress([
      { status: 'approved', weight: 30, overdue: false },
      { status: 'submitted', weight: 20, overdue: true },
      { status: 'returned', weight: 25, overdue: false },
      { status: 'in_progress', weight: 25, overdue: false },
    ]);
    expect(p).toMatchObject({ verifiedProgress: 30, selfReportedProgress: 50, completion: 'limited', selfReportedCompletion: 'substantial', weightTotal: 100, overdueMilestones: 1 });
  });
});

describe('milestone transition table', () => {
  it('allows the documented path and nothing else', () => {
    expect(milestoneMove('pending', 'start')).toBe('in_progress');
    expect(milestoneMove('returned', 'start')).toBe('in_progress');
    expect(milestoneMove('in_progress', 'submit')).toBe('submitted');
    expect(milestoneMove('submitted', 'approve')).toBe('approved');
    expect(milestoneMove('submitted', 'return')).toBe('returned');
    expect(milestoneMove('pending', 'submit')).toBeNull();
    expect(milestoneMove('returned', 'submit')).toBeNull();
    expect(milestoneMove('approved', 'start')).toBeNull();
    expect(milestoneMove('approved', 'return')).toBeNull();
    expect(milestoneMove('in_progress', 'approve')).toBeNull();
  });

  it('derives overdue from the due instant unless approved', () => {
    const dueAt = new Date('2026-07-01T05:59:59.999Z');
    expect(isOverdue({ status: 'submitted', dueAt }, new Date('2026-07-01T06:00:00Z'))).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueAt }, new Date('2026-07-01T05:59:59Z'))).toBe(false);
    expect(isOverdue({ status: 'approved', dueAt }, new Date('2027-01-01T00:00:00Z'))).toBe(false);
  });
});
