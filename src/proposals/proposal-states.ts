/** Proposal lifecycle (DESIGN §3). */
export const PROPOSAL_STATUSES = ['draft', 'submitted', 'in_deliberation', 'in_vote', 'accepted', 'rejected', 'withdrawn', 'merged'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export const RESPONSE_DECISIONS = ['accept_for_vote', 'merge', 'decline'] as const;
export type ResponseDecision = (typeof RESPONSE_DECISIONS)[number];

export type ProposalAction =
  | 'submit'
  | 'withdraw'
  | ResponseDecision
  | 'open_vote'
  | 'vote_approved'
  | 'vote_rejected'
  /** A round without quorum sends the proposal back to deliberation (a new round may be opened). */
  | 'vote_no_quorum';

/**
 * Every allowed move: from which statuses an action may start and where it leads. A
 * reasoned response `accept_for_vote` puts a proposal in deliberation, ready for a round;
 * `decline` rejects it; `merge` folds it into another proposal. Withdrawal is possible until
 * a vote opens.
 */
export const PROPOSAL_TRANSITIONS: Record<ProposalAction, { from: readonly ProposalStatus[]; to: ProposalStatus }> = {
  submit: { from: ['draft'], to: 'submitted' },
  withdraw: { from: ['draft', 'submitted', 'in_deliberation'], to: 'withdrawn' },
  accept_for_vote: { from: ['submitted'], to: 'in_deliberation' },
  merge: { from: ['submitted', 'in_deliberation'], to: 'merged' },
  decline: { from: ['submitted', 'in_deliberation'], to: 'rejected' },
  open_vote: { from: ['in_deliberation'], to: 'in_vote' },
  vote_approved: { from: ['in_vote'], to: 'accepted' },
  vote_rejected: { from: ['in_vote'], to: 'rejected' },
  vote_no_quorum: { from: ['in_vote'], to: 'in_deliberation' },
};

/** Where the action leads from `status`, or null when it is not allowed there. */
export function proposalMove(status: ProposalStatus, action: ProposalAction): ProposalStatus | null {
  const t = PROPOSAL_TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** A proposal's template can be edited in these statuses; after `draft` every edit is a revision. */
export const EDITABLE_STATUSES: readonly ProposalStatus[] = ['draft', 'submitted', 'in_deliberation'];

/** Statuses that may still receive a merged proposal. */
export const MERGE_TARGET_STATUSES: readonly ProposalStatus[] = ['submitted', 'in_deliberation'];
