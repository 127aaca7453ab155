import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../catalog/sector';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { DecisionRule } from '../secretariats/rules';
import { Secretariat } from '../secretariats/secretariat.entity';
import { Choice, Outcome, SectorTally, VoterRole } from './tally';

export const ROUND_SUBJECTS = ['proposal', 'plan_adoption', 'motion'] as const;
export type RoundSubject = (typeof ROUND_SUBJECTS)[number];
export const SECRECY = ['public', 'secret'] as const;
export type Secrecy = (typeof SECRECY)[number];
export type RoundStatus = 'open' | 'closed';
export type CloseReason = 'deadline' | 'all_voted';

/** A seat that may vote in the round, as it was when the round opened. */
export interface RoundSeat {
  seatId: string;
  sector: Sector;
  organizationId: string;
}

/** What a closed round stores; `seats` (each seat's choice) only for public rounds. */
export interface RoundResult {
  outcome: Outcome;
  rule: DecisionRule;
  quorumPerSector: number;
  sectors: Record<Sector, SectorTally>;
  totals: { seats: number; voted: number; approve: number; reject: number; abstain: number };
  seats?: { seatId: string; sector: Sector; organizationId: string; choice: Choice | null; castBy: VoterRole | null }[];
}

/**
 * A voting round (DESIGN §3). Rule and quorum are copied from the secretariat's rules when it
 * opens. `status` moves open → closed exactly once (conditional update), by the delayed job
 * at `closesAt`, by the reconciler, or early when every seat has voted.
 */
@Entity('voting_rounds')
@Index('IDX_voting_rounds_secretariat_created', ['secretariatId', 'createdAt'])
@Index('IDX_voting_rounds_open_closes', ['status', 'closesAt'])
// At most one open round per proposal / per plan adoption.
// Rounds of one subject, whatever their status (the public commitment's approving round).
@Index('IDX_voting_rounds_subject', ['subjectType', 'subjectId'])
@Index('UQ_voting_rounds_open_subject', ['subjectType', 'subjectId'], { unique: true, where: `status = 'open' AND subject_id IS NOT NULL` })
export class VotingRound {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Secretariat, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'secretariat_id' })
  secretariat?: Secretariat;

  @Column({ type: 'uuid' })
  secretariatId: string;

  /** The plan the round belongs to (always for proposals and adoption; optional for motions). */
  @Index('IDX_voting_rounds_plan')
  @Column({ type: 'uuid', nullable: true })
  planId: string | null;

  @Column({ type: 'text' })
  subjectType: RoundSubject;

  /** The proposal id or the plan id; null for a motion. */
  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'timestamptz', precision: 3 })
  opensAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  closesAt: Date;

  @Column({ type: 'text' })
  secrecy: Secrecy;

  @Column({ type: 'text' })
  decisionRule: DecisionRule;

  @Column({ type: 'int' })
  quorumPerSector: number;

  @Column({ type: 'jsonb' })
  seats: RoundSeat[];

  @Column({ type: 'text', default: 'open' })
  status: RoundStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  closeReason: CloseReason | null;

  @Column({ type: 'text', nullable: true })
  outcome: Outcome | null;

  @Column({ type: 'jsonb', nullable: true })
  result: RoundResult | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
