import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Organization } from '../catalog/organization.entity';
import { ActionPlan } from '../plans/action-plan.entity';
import { Proposal } from '../proposals/proposal.entity';
import { Secretariat } from '../secretariats/secretariat.entity';
import { CreatedAt, UpdatedAt } from '../database/columns';

export const COMMITMENT_STATUSES = ['not_started', 'in_progress', 'completed', 'withdrawn'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

/**
 * A commitment (compromiso) of an action plan (DESIGN §3), usually created from an accepted
 * proposal and carrying its OGP template fields. `code` is `<STATE-ABBR>-<YEAR>-<NN>`
 * (e.g. JAL-2019-03), unique per plan; the year is the first year of the plan's period.
 */
@Entity('commitments')
@Index('UQ_commitments_plan_code', ['planId', 'code'], { unique: true })
@Index('UQ_commitments_proposal', ['proposalId'], { unique: true, where: '"proposal_id" IS NOT NULL' })
@Index('IDX_commitments_secretariat', ['secretariatId'])
// Plan progress (public plan list): id and status of a plan's commitments, index-only.
@Index('IDX_commitments_plan_status', ['planId', 'status', 'id'])
export class Commitment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => ActionPlan, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id' })
  plan?: ActionPlan;

  @Column({ type: 'uuid' })
  planId: string;

  /** Denormalized from the plan: every authorization check starts from the secretariat. */
  @ManyToOne(() => Secretariat, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'secretariat_id' })
  secretariat?: Secretariat;

  @Column({ type: 'uuid' })
  secretariatId: string;

  /** The accepted proposal it came from (null for commitments entered directly). */
  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Proposal;

  @Column({ type: 'uuid', nullable: true })
  proposalId: string | null;

  @Column({ type: 'text' })
  code: string;

  /** Sequence number inside the plan (the NN of the code). */
  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  publicProblem: string;

  @Column({ type: 'text', default: '' })
  statusQuo: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', default: '' })
  howItSolves: string;

  @Column({ type: 'text', array: true, default: '{}' })
  ogpValues: string[];

  @Column({ type: 'int', array: true, default: '{}' })
  sdgs: number[];

  @Column({ type: 'text', array: true, default: '{}' })
  inequalityFocus: string[];

  /** Government organization leading the implementation (may be assigned after creation). */
  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_agency_id' })
  leadAgency?: Organization;

  @Column({ type: 'uuid', nullable: true })
  leadAgencyId: string | null;

  /** Co-responsible organizations (usually OSC). */
  @Column({ type: 'uuid', array: true, default: '{}' })
  coResponsibleOrganizationIds: string[];

  /** Calendar dates (no time zone); they must fall inside the plan's period. */
  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  endDate: string;

  @Column({ type: 'text', default: 'not_started' })
  status: CommitmentStatus;

  /** Optimistic concurrency: PATCH sends the version it read; a stale one gets 409. */
  @VersionColumn({ default: 1 })
  version: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
