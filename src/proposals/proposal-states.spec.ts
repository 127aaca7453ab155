import { PROPOSAL_STATUSES, proposalMove } from './proposal-states';

describe('proposal transitions', () => {
  it('follows draft → submitted → in_deliberation → in_vote → accepted|rejected', () => {
    expect(proposalMove('draft', 'submit')).toBe('submitted');
    expect(proposalMove('submitted', 'accept_for_vote')).toBe('in_deliberation');
    expect(proposalMove('in_deliberation', 'open_vote')).toBe('in_vote');
    expect(proposalMove('in_vote', 'vote_approved')).toBe('accepted');
    expect(proposalMove('in_vote', 'vote_rejected')).toBe('rejected');
    expect(proposalMove('in_vote', 'vote_no_quorum')).toBe('in_deliberation');
  });

  it('allows withdrawal only before a vote opens', () => {
    expect(PROPOSAL_STATUSES.filter((s) => proposalMove(s, 'withdraw'))).toEqual(['draft', 'submitted', 'in_deliberation']);
  });

  it('answers only submitted proposals (merge and decline also during deliberation)', () => {
    expect(PROPOSAL_STATUSES.filter((s) => proposalMove(s, 'accept_for_vote'))).toEqual(['submitted']);
    expect(PROPOSAL_STATUSES.filter((s) => proposalMove(s, 'decline'))).toEqual(['submitted', 'in_deliberation']);
    expect(PROPOSAL_STATUSES.filter((s) => proposalMove(s, 'merge'))).toEqual(['submitted', 'in_deliberation']);
  });

  it('keeps final statuses final', () => {
    for (const final of ['accepted', 'rejected', 'withdrawn', 'merged'] as const) {
      for (const action of ['submit', 'withdraw', 'accept_for_vote', 'merge', 'decline', 'open_vote', 'vote_approved', 'vote_rejected', 'vote_no_quorum'] as const) {
        expect(proposalMove(final, action)).toBeNull();
      }
    }
  });

  it('cannot open a vote on a proposal that was never accepted for vote', () => {
    expect(proposalMove('submitted', 'open_vote')).toBeNull();
    expect(proposalMove('draft', 'open_vote')).toBeNull();
  });
});
