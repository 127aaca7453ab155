import { Sector, SECTORS } from '../catalog/sector';
import { DECISION_RULES, DecisionRule } from '../secretariats/rules';
import { Choice, countedBallots, tally, TallyBallot, TallySeat } from './tally';

const seat = (seatId: string, sector: Sector): TallySeat => ({ seatId, sector });
const t = (seatId: string, choice: Choice, at?: number): TallyBallot => ({ seatId, role: 'titular', choice, at });
const a = (seatId: string, choice: Choice, at?: number): TallyBallot => ({ seatId, role: 'alternate', choice, at });

// Oaxaca's shape: 2 OSC, 2 government, 1 guarantor.
const OAXACA = [seat('g1', 'government'), seat('g2', 'government'), seat('c1', 'civil_society'), seat('c2', 'civil_society'), seat('o1', 'guarantor')];
const ONE_EACH = [seat('g', 'government'), seat('c', 'civil_society'), seat('o', 'guarantor')];

describe('countedBallots', () => {
  it("counts the titular's ballot over the alternate's, whichever came first", () => {
    expect(countedBallots(ONE_EACH, [a('g', 'reject'), t('g', 'approve')])).toEqual([{ seatId: 'g', sector: 'government', choice: 'approve', castBy: 'titular' }]);
    expect(countedBallots(ONE_EACH, [t('g', 'approve'), a('g', 'reject')])[0].choice).toBe('approve');
  });

  it("counts the alternate's ballot when the titular did not vote", () => {
    expect(countedBallots(ONE_EACH, [a('c', 'abstain')])).toEqual([{ seatId: 'c', sector: 'civil_society', choice: 'abstain', castBy: 'alternate' }]);
  });

  it('keeps the latest ballot when one role voted twice (titular replaced mid-round)', () => {
    expect(countedBallots(ONE_EACH, [t('g', 'approve', 2), t('g', 'reject', 1)])[0].choice).toBe('approve');
    expect(countedBallots(ONE_EACH, [t('g', 'approve', 1), t('g', 'reject', 2)])[0].choice).toBe('reject');
    expect(countedBallots(ONE_EACH, [a('g', 'approve', 1), a('g', 'reject', 2)])[0].choice).toBe('reject');
  });

  it('ignores ballots for seats that are not part of the round', () => {
    expect(countedBallots(ONE_EACH, [t('intruder', 'approve')])).toEqual([]);
  });

  it('returns one entry per seat that voted, in seat order', () => {
    const counted = countedBallots(OAXACA, [t('o1', 'approve'), a('g2', 'reject'), t('g2', 'approve'), a('c1', 'abstain')]);
    expect(counted.map((c) => [c.seatId, c.choice, c.castBy])).toEqual([
      ['g2', 'approve', 'titular'],
      ['c1', 'abstain', 'alternate'],
      ['o1', 'approve', 'titular'],
    ]);
  });
});

describe('tally: sector positions and quorum', () => {
  it('gives each sector the majority of its approve/reject ballots', () => {
    const r = tally('tripartite_consensus', 1, OAXACA, [t('g1', 'approve'), t('g2', 'approve'), t('c1', 'reject'), t('c2', 'reject'), t('o1', 'approve')]);
    expect(r.sectors.government).toMatchObject({ seats: 2, voted: 2, approve: 2, reject: 0, abstain: 0, position: 'approve', tie: false, quorum: true });
    expect(r.sectors.civil_society).toMatchObject({ position: 'reject', tie: false });
    expect(r.sectors.guarantor).toMatchObject({ seats: 1, position: 'approve' });
    expect(r.totals).toEqual({ seats: 5, voted: 5, approve: 3, reject: 2, abstain: 0 });
  });

  it('treats a tie inside a sector as reject', () => {
    const r = tally('tripartite_consensus', 1, OAXACA, [t('g1', 'approve'), t('g2', 'reject'), t('c1', 'approve'), t('o1', 'approve')]);
    expect(r.sectors.government).toMatchObject({ approve: 1, reject: 1, position: 'reject', tie: true });
    expect(r.outcome).toBe('rejected');
  });

  it('counts abstentions for quorum but not for the position', () => {
    const r = tally('tripartite_consensus', 2, OAXACA, [t('g1', 'approve'), t('g2', 'abstain'), t('c1', 'abstain'), t('c2', 'approve'), t('o1', 'approve')]);
    expect(r.sectors.government).toMatchObject({ voted: 2, abstain: 1, quorum: true, position: 'approve', tie: false });
    expect(r.sectors.civil_society).toMatchObject({ voted: 2, quorum: true, position: 'approve' });
    expect(r.outcome).toBe('approved');
  });

  it('gives a sector that only abstained a reject position (0–0 tie) with quorum', () => {
    const r = tally('tripartite_consensus', 1, ONE_EACH, [t('g', 'approve'), t('c', 'approve'), t('o', 'abstain')]);
    expect(r.sectors.guarantor).toMatchObject({ voted: 1, quorum: true, position: 'reject', tie: true });
    expect(r.outcome).toBe('rejected');
  });

  it('leaves the position empty for a sector where nobody voted, and reports no quorum', () => {
    const r = tally('simple_majority', 1, ONE_EACH, [t('g', 'approve'), t('c', 'approve')]);
    expect(r.sectors.guarantor).toMatchObject({ voted: 0, quorum: false, position: null, tie: false });
    expect(r.outcome).toBe('no_quorum');
  });

  it('needs quorumPerSector seats voting in each sector', () => {
    const ballots = [t('g1', 'approve'), t('c1', 'approve'), t('c2', 'approve'), t('o1', 'approve')];
    expect(tally('tripartite_consensus', 1, OAXACA, ballots).outcome).toBe('approved');
    const r = tally('tripartite_consensus', 2, OAXACA, ballots);
    expect(r.sectors.government).toMatchObject({ voted: 1, quorumRequired: 2, quorum: false });
    expect(r.outcome).toBe('no_quorum');
  });

  it('caps the quorum at the seats a sector has', () => {
    const r = tally('tripartite_consensus', 2, OAXACA, [t('g1', 'approve'), t('g2', 'approve'), t('c1', 'approve'), t('c2', 'approve'), t('o1', 'approve')]);
    expect(r.sectors.guarantor).toMatchObject({ seats: 1, quorumRequired: 1, quorum: true });
    expect(r.outcome).toBe('approved');
  });

  it('treats quorum 0 as 1: a sector must at least take part', () => {
    const r = tally('two_sector_majority', 0, ONE_EACH, [t('g', 'approve'), t('c', 'approve')]);
    expect(r.sectors.guarantor.quorumRequired).toBe(1);
    expect(r.outcome).toBe('no_quorum');
  });

  it.each(DECISION_RULES)('never decides with a sector that has no seats (%s)', (rule) => {
    const seats = [seat('g', 'government'), seat('c', 'civil_society')];
    const r = tally(rule, 1, seats, [t('g', 'approve'), t('c', 'approve')]);
    expect(r.sectors.guarantor).toMatchObject({ seats: 0, voted: 0, quorum: false, position: null });
    expect(r.outcome).toBe('no_quorum');
  });

  it('is no_quorum with no seats at all and no ballots', () => {
    for (const rule of DECISION_RULES) expect(tally(rule, 1, [], []).outcome).toBe('no_quorum');
  });

  it("uses the titular's choice over the alternate's in the counts", () => {
    const r = tally('tripartite_consensus', 1, ONE_EACH, [a('g', 'reject'), t('g', 'approve'), a('c', 'approve'), t('o', 'approve'), a('o', 'reject')]);
    expect(r.sectors.government).toMatchObject({ voted: 1, approve: 1, reject: 0 });
    expect(r.totals.voted).toBe(3);
    expect(r.outcome).toBe('approved');
  });
});

describe('tally: decision rules', () => {
  // positions: government approves, civil society rejects, guarantor approves
  const split = [t('g', 'approve'), t('c', 'reject'), t('o', 'approve')];

  it('tripartite_consensus needs every sector to approve', () => {
    expect(tally('tripartite_consensus', 1, ONE_EACH, split).outcome).toBe('rejected');
    expect(tally('tripartite_consensus', 1, ONE_EACH, [t('g', 'approve'), t('c', 'approve'), t('o', 'approve')]).outcome).toBe('approved');
  });

  it('two_sector_majority needs two approving sectors and quorum everywhere', () => {
    expect(tally('two_sector_majority', 1, ONE_EACH, split).outcome).toBe('approved');
    expect(tally('two_sector_majority', 1, ONE_EACH, [t('g', 'approve'), t('c', 'reject'), t('o', 'reject')]).outcome).toBe('rejected');
    expect(tally('two_sector_majority', 1, ONE_EACH, [t('g', 'approve'), t('c', 'approve')]).outcome).toBe('no_quorum');
    expect(tally('two_sector_majority', 1, ONE_EACH, [t('g', 'approve'), t('c', 'approve'), t('o', 'abstain')]).outcome).toBe('approved');
  });

  it('simple_majority counts seats, not sectors', () => {
    // Three government seats approve, the other two sectors reject: 3 seats to 2.
    const seats = [seat('g1', 'government'), seat('g2', 'government'), seat('g3', 'government'), seat('c1', 'civil_society'), seat('o1', 'guarantor')];
    const ballots = [t('g1', 'approve'), t('g2', 'approve'), t('g3', 'approve'), t('c1', 'reject'), t('o1', 'reject')];
    expect(tally('simple_majority', 1, seats, ballots).outcome).toBe('approved');
    expect(tally('two_sector_majority', 1, seats, ballots).outcome).toBe('rejected');
    expect(tally('tripartite_consensus', 1, seats, ballots).outcome).toBe('rejected');
  });

  it('simple_majority rejects on a tie and ignores abstentions', () => {
    const ballots = [t('g1', 'approve'), t('g2', 'abstain'), t('c1', 'reject'), t('c2', 'abstain'), t('o1', 'abstain')];
    const r = tally('simple_majority', 1, OAXACA, ballots);
    expect(r.totals).toMatchObject({ approve: 1, reject: 1, abstain: 3 });
    expect(r.outcome).toBe('rejected');
    const r2 = tally('simple_majority', 1, OAXACA, [t('g1', 'approve'), t('g2', 'abstain'), t('c1', 'abstain'), t('c2', 'abstain'), t('o1', 'abstain')]);
    expect(r2.outcome).toBe('approved');
  });

  it('simple_majority still requires quorum in every sector', () => {
    expect(tally('simple_majority', 1, OAXACA, [t('g1', 'approve'), t('g2', 'approve'), t('c1', 'approve'), t('c2', 'approve')]).outcome).toBe('no_quorum');
  });
});

describe('tally: every combination of one seat per sector', () => {
  // Each seat: no ballot, approve, reject or abstain (4^3 = 64 cases per rule), checked
  // against the rules as DESIGN §3 words them.
  const options: (Choice | null)[] = [null, 'approve', 'reject', 'abstain'];
  const cases: (Choice | null)[][] = [];
  for (const g of options) for (const c of options) for (const o of options) cases.push([g, c, o]);

  function expected(rule: DecisionRule, choices: (Choice | null)[]): string {
    if (choices.some((c) => c === null)) return 'no_quorum';
    const approving = choices.filter((c) => c === 'approve').length;
    const rejecting = choices.filter((c) => c === 'reject').length;
    if (rule === 'tripartite_consensus') return approving === 3 ? 'approved' : 'rejected';
    if (rule === 'two_sector_majority') return approving >= 2 ? 'approved' : 'rejected';
    return approving > rejecting ? 'approved' : 'rejected';
  }

  for (const rule of DECISION_RULES) {
    it(`${rule}: 64 cases`, () => {
      for (const choices of cases) {
        const ballots = choices.flatMap((choice, i) => (choice ? [t(ONE_EACH[i].seatId, choice)] : []));
        const r = tally(rule, 1, ONE_EACH, ballots);
        expect({ choices, outcome: r.outcome }).toEqual({ choices, outcome: expected(rule, choices) });
        SECTORS.forEach((sector, i) => {
          const choice = choices[i];
          expect(r.sectors[sector].position).toBe(choice === null ? null : choice === 'approve' ? 'approve' : 'reject');
        });
      }
    });
  }

  it('an alternate standing in gives the same result as the titular would', () => {
    for (const rule of DECISION_RULES) {
      for (const choices of cases) {
        const byTitular = choices.flatMap((choice, i) => (choice ? [t(ONE_EACH[i].seatId, choice)] : []));
        const byAlternate = choices.flatMap((choice, i) => (choice ? [a(ONE_EACH[i].seatId, choice)] : []));
        expect(tally(rule, 1, ONE_EACH, byAlternate).outcome).toBe(tally(rule, 1, ONE_EACH, byTitular).outcome);
      }
    }
  });
});

describe('tally: invariants on random rounds', () => {
  // Deterministic pseudo-random rounds (xorshift), so a failure reproduces.
  let state = 0x9e3779b9;
  const rand = (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const rounds = Array.from({ length: 300 }, () => {
    const seats = Array.from({ length: 1 + rand(9) }, (_, i) => seat(`s${i}`, SECTORS[rand(3)]));
    const ballots: TallyBallot[] = [];
    for (const s of seats) {
      const pick = rand(5);
      const at = ballots.length;
      if (pick < 3) ballots.push({ seatId: s.seatId, role: rand(2) ? 'titular' : 'alternate', choice: (['approve', 'reject', 'abstain'] as const)[pick], at });
      if (rand(3) === 0) ballots.push({ seatId: s.seatId, role: 'alternate', choice: (['approve', 'reject', 'abstain'] as const)[rand(3)], at: at + 1 });
    }
    return { seats, ballots, quorum: 1 + rand(3) };
  });

  it('counts at most one ballot per seat and never more than the seats', () => {
    for (const { seats, ballots, quorum } of rounds) {
      const r = tally('simple_majority', quorum, seats, ballots);
      expect(new Set(r.counted.map((c) => c.seatId)).size).toBe(r.counted.length);
      expect(r.totals.voted).toBe(r.counted.length);
      expect(r.totals.approve + r.totals.reject + r.totals.abstain).toBe(r.totals.voted);
      for (const s of SECTORS) expect(r.sectors[s].voted).toBeLessThanOrEqual(r.sectors[s].seats);
    }
  });

  it('consensus approval implies two-sector approval; all rules agree on no_quorum', () => {
    for (const { seats, ballots, quorum } of rounds) {
      const [consensus, twoSector, simple] = DECISION_RULES.map((rule) => tally(rule, quorum, seats, ballots).outcome);
      if (consensus === 'approved') expect(twoSector).toBe('approved');
      expect(consensus === 'no_quorum').toBe(twoSector === 'no_quorum');
      expect(consensus === 'no_quorum').toBe(simple === 'no_quorum');
    }
  });

  it('does not depend on the order ballots arrive in', () => {
    for (const { seats, ballots, quorum } of rounds) {
      for (const rule of DECISION_RULES) {
        expect(tally(rule, quorum, seats, [...ballots].reverse()).outcome).toBe(tally(rule, quorum, seats, ballots).outcome);
      }
    }
  });

  it('turning a reject into an approve never turns approved into rejected', () => {
    for (const { seats, ballots, quorum } of rounds) {
      for (const rule of DECISION_RULES) {
        const before = tally(rule, quorum, seats, ballots).outcome;
        const flipped = ballots.map((b) => (b.choice === 'reject' ? { ...b, choice: 'approve' as const } : b));
        const after = tally(rule, quorum, seats, flipped).outcome;
        if (before === 'approved') expect(after).toBe('approved');
      }
    }
  });
});
