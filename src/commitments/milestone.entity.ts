import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { Organization } from '../catalog/organization.entity';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Commitment } from './commitment.entity';
import { MilestoneStatus } from './milestone-states';

/** A milestone (hito) of a commitment (DESIGN §3). */
@Entity('milestones')
@Index('IDX_milestones_commitment_position', ['commitmentId', 'position'])
@Index('IDX_milestones_secretariat_status', ['secretariatId', 'status'])
// Covers the national dashboard's progress per commitment (an index-only scan, DashboardService).
@Index('IDX_milestones_commitment_progress', ['commitmentId', 'status', 'weight', 'dueAt'])
export class Milestone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @Column({ type: 'uuid' })
  commitmentId: string;

  /** Denormalized from the commitment for authorization and reminders. */
  @Column({ type: 'uuid' })
  secretariatId: string;

  /** Order inside the commitment (1-based). */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  deliverable: string;

  @Column({ type: 'text', default: '' })
  meansOfVerification: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'responsible_organization_id' })
  responsibleOrganization?: Organization;

  @Column({ type: 'uuid' })
  responsibleOrganizationId: string;

  @Column({ type: 'date' })
  startDate: string;

  @Column({ type: 'date' })
  dueDate: string;

  /** End of `dueDate` in the secretariat's time zone (23:59:59.999 local). */
  @Column({ type: 'timestamptz', precision: 3 })
  dueAt: Date;

  /** Share of the commitment (the weights of a commitment's milestones sum to 100). */
  @Column({ type: 'int' })
  weight: number;

  @Column({ type: 'text', default: 'pending' })
  status: MilestoneStatus;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  submittedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  submittedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  /** Observations of the last return (kept until the next review). */
  @Column({ type: 'text', nullable: true })
  observations: string | null;

  @VersionColumn({ default: 1 })
  version: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
