import { PLAN_STAGES, stageMove } from './plan-stages';

describe('plan stage transitions', () => {
  it('moves forward one stage at a time through the whole cycle', () => {
    for (let i = 0; i + 1 < PLAN_STAGES.length; i++) {
      expect(stageMove(PLAN_STAGES[i], PLAN_STAGES[i + 1])).not.toBeNull();
    }
  });

  it('never skips a stage forward (except discarding a draft)', () => {
    for (let i = 0; i < PLAN_STAGES.length; i++) {
      for (let j = i + 2; j < PLAN_STAGES.length; j++) {
        const allowed = PLAN_STAGES[i] === 'draft' && PLAN_STAGES[j] === 'closed';
        expect([PLAN_STAGES[i], PLAN_STAGES[j], stageMove(PLAN_STAGES[i], PLAN_STAGES[j]) !== null]).toEqual([PLAN_STAGES[i], PLAN_STAGES[j], allowed]);
      }
    }
  });

  it('refuses moving to the same stage and anything out of closed', () => {
    for (const s of PLAN_STAGES) expect(stageMove(s, s)).toBeNull();
    for (const s of PLAN_STAGES) expect(stageMove('closed', s)).toBeNull();
  });

  it('puts the co-creation conditions on the right moves', () => {
    expect(stageMove('draft', 'consultation')).toEqual(['single_active_plan']);
    expect(stageMove('voting', 'adoption')).toContain('no_open_rounds');
    expect(stageMove('adoption', 'implementation')).toEqual(['no_open_rounds', 'adopted']);
    expect(stageMove('implementation', 'adoption')).toBeNull();
    expect(stageMove('implementation', 'draft')).toBeNull();
  });
});
