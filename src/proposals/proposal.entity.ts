import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Organization } from '../catalog/organization.entity';
import { ActionPlan } from '../plans/action-plan.entity';
import { User } from '../users/user.entity';
import { InequalityFocus, OgpValue } from './proposal-template';
import { ProposalStatus, ResponseDecision } from './proposal-states';

/** A commitment proposal written on the OGP template (DESIGN §3). */
@Entity('proposals')
@Index('IDX_proposals_plan_created', ['planId', 'createdAt'])
@Index('IDX_proposals_plan_status', ['planId', 'status'])
export class Proposal {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => ActionPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: ActionPlan;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'text', default: 'draft' })
  status: ProposalStatus;

  /** Bumped on every edit; a PATCH may send the version it read (409 when stale). */
  @Column({ type: 'int', default: 1 })
  version: number;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: User;

  @Column({ type: 'uuid' })
  authorId: string;

  /** The author's organization in the secretariat; its members share the proposal. */
  @Column({ type: 'uuid', nullable: true })
  authorOrganizationId: string | null;

  @Column({ type: 'text' })
  authorSector: string;

  @Column({ type: 'text' })
  title: string;

  /** The public problem the commitment addresses. */
  @Column({ type: 'text' })
  publicProblem: string;

  /** Status quo / baseline. */
  @Column({ type: 'text' })
  statusQuo: string;

  /** What the commitment is. */
  @Column({ type: 'text' })
  description: string;

  /** How it contributes to solving the problem. */
  @Column({ type: 'text' })
  howItSolves: string;

  @Column({ type: 'text', array: true })
  ogpValues: OgpValue[];

  @Column({ type: 'smallint', array: true })
  sdgs: number[];

  @Column({ type: 'text', array: true })
  inequalityFocus: InequalityFocus[];

  /** Who, when `inequalityFocus` includes `other` (or more detail). */
  @Column({ type: 'text', nullable: true })
  inequalityFocusDetail: string | null;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_agency_id' })
  leadAgency?: Organization;

  /** Proposed lead agency: a government organization. */
  @Column({ type: 'uuid' })
  leadAgencyId: string;

  @Column({ type: 'uuid', array: true })
  coResponsibleOrganizationIds: string[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  /** End of the day `proposalResponseDays` after submission, in the secretariat's time zone. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  responseDueAt: Date | null;

  @Column({ type: 'text', nullable: true })
  responseDecision: ResponseDecision | null;

  @Column({ type: 'text', nullable: true })
  responseText: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  respondedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  respondedById: string | null;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: Proposal;

  @Column({ type: 'uuid', nullable: true })
  mergedIntoId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  withdrawnAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
