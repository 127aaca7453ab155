import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Commitment } from './commitment.entity';

export const MODIFICATION_STATUSES = ['pending', 'applied', 'rejected', 'cancelled'] as const;
export type ModificationStatus = (typeof MODIFICATION_STATUSES)[number];

/**
 * A change to a commitment of a plan in implementation (or later). It only takes effect
 * after a voting round on it is approved; `changes` holds the requested fields (and, when
 * the milestones are redefined, the whole new set).
 */
@Entity('modification_requests')
@Index('IDX_modification_requests_commitment_created', ['commitmentId', 'createdAt'])
@Index('UQ_modification_requests_round', ['votingRoundId'], { unique: true, where: '"voting_round_id" IS NOT NULL' })
export class ModificationRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @Column({ type: 'uuid' })
  commitmentId: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'text', default: 'pending' })
  status: ModificationStatus;

  /** The voting round that decides it. */
  @Column({ type: 'uuid', nullable: true })
  votingRoundId: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'uuid' })
  requestedById: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
