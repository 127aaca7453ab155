import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Commitment } from './commitment.entity';
import { IrmCompletion } from './progress';

export const POTENTIAL_RESULTS = ['unclear', 'modest', 'substantial'] as const;
export type PotentialResults = (typeof POTENTIAL_RESULTS)[number];

/** IRM "Did it open government?" scale. */
export const OPEN_GOVERNMENT_RESULTS = ['worsened', 'did_not_change', 'marginal', 'major', 'outstanding'] as const;
export type OpenGovernmentResult = (typeof OPEN_GOVERNMENT_RESULTS)[number];

/**
 * An IRM-style assessment of a commitment by a guarantor member (append-only history).
 * `completionAtAssessment` freezes the verified completion at the time it was written.
 */
@Entity('irm_assessments')
@Index('IDX_irm_assessments_commitment_created', ['commitmentId', 'createdAt'])
export class IrmAssessment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @Column({ type: 'uuid' })
  commitmentId: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  /** Specific enough that its completion can be verified. */
  @Column({ type: 'boolean' })
  verifiable: boolean;

  @Column({ type: 'text' })
  potentialResults: PotentialResults;

  /** Null while implementation has not gone far enough to say. */
  @Column({ type: 'text', nullable: true })
  didItOpenGovernment: OpenGovernmentResult | null;

  @Column({ type: 'text' })
  completionAtAssessment: IrmCompletion;

  @Column({ type: 'text' })
  justification: string;

  @Column({ type: 'uuid' })
  assessorId: string;

  @Column({ type: 'uuid', nullable: true })
  assessorOrganizationId: string | null;

  @CreatedAt()
  createdAt: Date;
}
