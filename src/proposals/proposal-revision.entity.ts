import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Proposal } from './proposal.entity';

export type RevisionChanges = Record<string, { from: unknown; to: unknown }>;

/** An edit made after submission: who, when, and each changed field's before/after. */
@Entity('proposal_revisions')
@Index('UQ_proposal_revisions_proposal_version', ['proposalId', 'version'], { unique: true })
export class ProposalRevision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Proposal;

  @Column({ type: 'uuid' })
  proposalId: string;

  /** The proposal's version this edit produced. */
  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'jsonb' })
  changes: RevisionChanges;

  @CreatedAt()
  createdAt: Date;
}
