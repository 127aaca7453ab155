import type { ReminderRules } from '../reminders/reminder-rules';

/**
 * A secretariat's rules (lineamientos), stored as jsonb on the secretariat. Voting rounds
 * copy the decision rule and quorum when they open, so later edits only affect new rounds.
 */
export const DECISION_RULES = ['tripartite_consensus', 'two_sector_majority', 'simple_majority'] as const;
export type DecisionRule = (typeof DECISION_RULES)[number];

export interface SecretariatRules {
  decisionRule: DecisionRule;
  /** Minimum seats voting in each sector for a valid tally. */
  quorumPerSector: number;
  /** Days the secretariat has to give a reasoned response to a submitted proposal. */
  proposalResponseDays: number;
  /** Proposals may also be submitted during `deliberation`. */
  allowSubmissionInDeliberation: boolean;
  /** Minimum hours between opening a voting round and its close. */
  minVotingHours: number;
  /** More than one plan may be between `consultation` and `implementation` at once. */
  allowParallelPlans: boolean;
  reminders: ReminderRules;
}

export const DEFAULT_REMINDER_RULES: ReminderRules = {
  voteClosingHours: [48, 24],
  milestoneDueDays: [7, 1],
  milestoneOverdueDays: [1, 7],
  overdueGuarantorAfterDays: 7,
  reviewPendingDays: 5,
  proposalResponseDays: [3],
  stageDeadlineDays: [3],
};

export const DEFAULT_RULES: SecretariatRules = {
  decisionRule: 'tripartite_consensus',
  quorumPerSector: 1,
  proposalResponseDays: 15,
  allowSubmissionInDeliberation: false,
  minVotingHours: 1,
  allowParallelPlans: false,
  reminders: DEFAULT_REMINDER_RULES,
};

/** Stored rules merged over the defaults (rows written before a rule existed still work). */
export function effectiveRules(stored: Partial<SecretariatRules> | null | undefined): SecretariatRules {
  return { ...DEFAULT_RULES, ...(stored ?? {}), reminders: { ...DEFAULT_REMINDER_RULES, ...(stored?.reminders ?? {}) } };
}
