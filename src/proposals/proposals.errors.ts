import type { ErrorCodesOf } from '../common/errors/codes';

/** The problem codes (`code` of problem+json) this capability owns: proposals, comments and reasoned responses. Clients switch on them: never rename one. */
export const PROPOSALS_ERRORS = [
  'comment_deleted',
  'comment_hidden',
  'comment_not_hideable',
  'edit_window_closed',
  'invalid_merge_target',
  'invalid_parent_comment',
  'invalid_proposal_transition',
  'not_comment_author',
  'not_proposal_author',
  'not_proposal_editor',
  'plan_not_in_voting',
  'proposal_not_editable',
  'proposal_not_ready_for_vote',
  'submissions_closed',
] as const;

declare module '../common/errors/codes' {
  interface ErrorCodeRegistry extends ErrorCodesOf<typeof PROPOSALS_ERRORS> {}
}
