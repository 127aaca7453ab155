/**
 * IRM completion scale (DESIGN §3), derived from the verified progress (Σ weight of
 * approved milestones, 0–100):
 *   not_started  0
 *   limited      1–49
 *   substantial  50–99
 *   complete     100
 */
export const IRM_COMPLETION = ['not_started', 'limited', 'substantial', 'complete'] as const;
export type IrmCompletion = (typeof IRM_COMPLETION)[number];

export function irmCompletion(verifiedProgress: number): IrmCompletion {
  if (verifiedProgress <= 0) return 'not_started';
  if (verifiedProgress < 50) return 'limited';
  if (verifiedProgress < 100) return 'substantial';
  return 'complete';
}

export interface CommitmentProgress {
  /** Σ weight of approved milestones: verified by the guarantor. */
  verifiedProgress: number;
  /** Σ weight of approved + submitted milestones: what the implementers report. */
  selfReportedProgress: number;
  completion: IrmCompletion;
  /** Completion if every submitted milestone were approved. */
  selfReportedCompletion: IrmCompletion;
  /** Σ weight of all milestones (100 once the set is defined). */
  weightTotal: number;
  milestones: number;
  approvedMilestones: number;
  submittedMilestones: number;
  overdueMilestones: number;
}

export function computeProgress(milestones: { status: string; weight: number; overdue: boolean }[]): CommitmentProgress {
  const sum = (pred: (m: { status: string }) => boolean) => milestones.filter(pred).reduce((s, m) => s + m.weight, 0);
  const verified = sum((m) => m.status === 'approved');
  const selfReported = sum((m) => m.status === 'approved' || m.status === 'submitted');
  return {
    verifiedProgress: verified,
    selfReportedProgress: selfReported,
    completion: irmCompletion(verified),
    selfReportedCompletion: irmCompletion(selfReported),
    weightTotal: sum(() => true),
    milestones: milestones.length,
    approvedMilestones: milestones.filter((m) => m.status === 'approved').length,
    submittedMilestones: milestones.filter((m) => m.status === 'submitted').length,
    overdueMilestones: milestones.filter((m) => m.overdue).length,
  };
}
