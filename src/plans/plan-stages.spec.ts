import { PLAN_STAGES, stageMove } from './plan-stages';

const CYCLE = PLAN_STAGES.filter((s) => s !== 'cancelled');

describe('plan stage transitions', () => {
  it('moves forward one stage at a time through the whole cycle', () => {
    for (let i = 0; i + 1 < CYCLE.length; i++) {
      expect(stageMove(CYCLE[i], CYCLE[i + 1])).not.toBeNull();
    }
  });

  it('never skips a stage forward (except discarding a draft)', () => {
    for (let i = 0; i < CYCLE.length; i++) {
      for (let j = i + 2; j < CYCLE.length; j++) {
        const allowed = CYCLE[i] === 'draft' && CYCLE[j] === 'closed';
        expect([CYCLE[i], CYCLE[j], stageMove(CYCLE[i], CYCLE[j]) !== null]).toEqual([CYCLE[i], CYCLE[j], allowed]);
      }
    }
  });

  it('refuses moving to the same stage and anything out of closed', () => {
    for (const s of PLAN_STAGES) expect(stageMove(s, s)).toBeNull();
    for (const s of PLAN_STAGES) expect(stageMove('closed', s)).toBeNull();
    for (const s of PLAN_STAGES) expect(stageMove('cancelled', s)).toBeNull();
  });

  it('cancels a plan that started but was never adopted, with a reason; never one in implementation or later', () => {
    for (const s of ['consultation', 'deliberation', 'voting', 'adoption'] as const) expect(stageMove(s, 'cancelled')).toEqual(['no_open_rounds', 'not_adopted', 'reason']);
    for (const s of ['draft', 'implementation', 'evaluation', 'closed'] as const) expect(stageMove(s, 'cancelled')).toBeNull();
  });

  it('puts the co-creation conditions on the right moves', () => {
    expect(stageMove('draft', 'consultation')).toEqual(['single_active_plan']);
    expect(stageMove('voting', 'adoption')).toContain('no_open_rounds');
    expect(stageMove('adoption', 'implementation')).toEqual(['no_open_rounds', 'adopted']);
    expect(stageMove('implementation', 'adoption')).toBeNull();
    expect(stageMove('implementation', 'draft')).toBeNull();
  });
});
