import { Sector, SECTORS } from '../catalog/sector';
import { DecisionRule } from '../secretariats/rules';

export const CHOICES = ['approve', 'reject', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];
export type VoterRole = 'titular' | 'alternate';
export type Outcome = 'approved' | 'rejected' | 'no_quorum';
export type Position = 'approve' | 'reject';

/** A seat eligible in a round (snapshotted when the round opened). */
export interface TallySeat {
  seatId: string;
  sector: Sector;
}

/** A ballot as stored: one per membership; a seat may have its titular's and its alternate's. */
export interface TallyBallot {
  seatId: string;
  role: VoterRole;
  choice: Choice;
  /** Last change; breaks ties between two ballots of the same role for one seat. */
  at?: Date | number;
}

export interface CountedBallot {
  seatId: string;
  sector: Sector;
  choice: Choice;
  castBy: VoterRole;
}

export interface SectorTally {
  seats: number;
  /** Seats with a counted ballot (abstentions included). */
  voted: number;
  approve: number;
  reject: number;
  abstain: number;
  /** Seats that must vote for the sector to have quorum. */
  quorumRequired: number;
  quorum: boolean;
  /** Majority of approve vs reject; a tie (0–0 included) is `reject`. Null when nobody voted. */
  position: Position | null;
  tie: boolean;
}

export interface TallyResult {
  rule: DecisionRule;
  quorumPerSector: number;
  sectors: Record<Sector, SectorTally>;
  totals: { seats: number; voted: number; approve: number; reject: number; abstain: number };
  outcome: Outcome;
  counted: CountedBallot[];
}

const time = (at: Date | number | undefined) => (at === undefined ? 0 : typeof at === 'number' ? at : at.getTime());

/**
 * The one ballot that counts per seat: the titular's when both the titular and the
 * alternate voted (DESIGN §3), otherwise whichever exists; the latest if a role voted twice
 * (a titular replaced mid-round). Ballots for seats outside the round are ignored.
 */
export function countedBallots(seats: TallySeat[], ballots: TallyBallot[]): CountedBallot[] {
  const bySeat = new Map(seats.map((s) => [s.seatId, s]));
  const best = new Map<string, TallyBallot>();
  for (const b of ballots) {
    if (!bySeat.has(b.seatId)) continue;
    const current = best.get(b.seatId);
    const better =
      !current ||
      (b.role === 'titular' && current.role === 'alternate') ||
      (b.role === current.role && time(b.at) >= time(current.at));
    if (better) best.set(b.seatId, b);
  }
  return seats
    .filter((s) => best.has(s.seatId))
    .map((s) => {
      const b = best.get(s.seatId)!;
      return { seatId: s.seatId, sector: s.sector, choice: b.choice, castBy: b.role };
    });
}

/**
 * Tallies a round (DESIGN §3). Pure: same input, same result.
 *
 * - Each sector's position is the majority of its seats' approve/reject ballots; abstentions
 *   count towards quorum but not towards the position; a tie inside a sector (including a
 *   sector that only abstained) is `reject` — a sector endorses only by an actual majority.
 * - Quorum: at least `quorumPerSector` seats voting in every sector, capped at the number of
 *   seats the sector has (a sector with one seat and quorum 2 can still decide). A sector
 *   with no seats never has quorum: a tripartite decision needs all three sectors.
 * - Any sector without quorum → `no_quorum`, whatever the rule.
 * - `tripartite_consensus`: approved when every sector's position is approve.
 * - `two_sector_majority`: approved when at least two sectors' positions are approve.
 * - `simple_majority`: approved when approve ballots outnumber reject ballots over all seats
 *   (abstentions excluded; a tie rejects).
 */
export function tally(rule: DecisionRule, quorumPerSector: number, seats: TallySeat[], ballots: TallyBallot[]): TallyResult {
  const counted = countedBallots(seats, ballots);
  const sectors = {} as Record<Sector, SectorTally>;
  for (const sector of SECTORS) {
    const seatCount = seats.filter((s) => s.sector === sector).length;
    const mine = counted.filter((c) => c.sector === sector);
    const approve = mine.filter((c) => c.choice === 'approve').length;
    const reject = mine.filter((c) => c.choice === 'reject').length;
    const abstain = mine.filter((c) => c.choice === 'abstain').length;
    const quorumRequired = Math.max(1, Math.min(quorumPerSector, seatCount));
    sectors[sector] = {
      seats: seatCount,
      voted: mine.length,
      approve,
      reject,
      abstain,
      quorumRequired,
      quorum: seatCount > 0 && mine.length >= quorumRequired,
      position: mine.length === 0 ? null : approve > reject ? 'approve' : 'reject',
      tie: mine.length > 0 && approve === reject,
    };
  }
  const list = SECTORS.map((s) => sectors[s]);
  const totals = {
    seats: seats.length,
    voted: counted.length,
    approve: list.reduce((n, s) => n + s.approve, 0),
    reject: list.reduce((n, s) => n + s.reject, 0),
    abstain: list.reduce((n, s) => n + s.abstain, 0),
  };
  let outcome: Outcome;
  if (list.some((s) => !s.quorum)) outcome = 'no_quorum';
  else if (rule === 'tripartite_consensus') outcome = list.every((s) => s.position === 'approve') ? 'approved' : 'rejected';
  else if (rule === 'two_sector_majority') outcome = list.filter((s) => s.position === 'approve').length >= 2 ? 'approved' : 'rejected';
  else outcome = totals.approve > totals.reject ? 'approved' : 'rejected';
  return { rule, quorumPerSector, sectors, totals, outcome, counted };
}
