import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Milestone } from './milestone.entity';

/** One review of a milestone by a guarantor member (history of approvals and returns). */
@Entity('milestone_reviews')
@Index('IDX_milestone_reviews_milestone_created', ['milestoneId', 'createdAt'])
export class MilestoneReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Milestone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'milestone_id' })
  milestone?: Milestone;

  @Column({ type: 'uuid' })
  milestoneId: string;

  @Column({ type: 'text' })
  decision: 'approve' | 'return';

  @Column({ type: 'text', nullable: true })
  observations: string | null;

  @Column({ type: 'uuid' })
  reviewerId: string;

  @Column({ type: 'uuid', nullable: true })
  reviewerOrganizationId: string | null;

  @CreatedAt()
  createdAt: Date;
}
