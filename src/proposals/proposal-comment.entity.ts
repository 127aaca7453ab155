import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Proposal } from './proposal.entity';

/** A comment on a proposal; replies go one level deep (`parentId` is a top-level comment). */
@Entity('proposal_comments')
@Index('IDX_proposal_comments_proposal_created', ['proposalId', 'createdAt'])
export class ProposalComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: Proposal;

  @Column({ type: 'uuid' })
  proposalId: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @ManyToOne(() => ProposalComment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'parent_id' })
  parent?: ProposalComment;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  editedAt: Date | null;

  /** Deleted by its author: the text is gone, the place in the thread stays. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;

  /** Hidden by a coordinator: the text is kept (for audit) but shown only to coordinators. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  hiddenAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  hiddenById: string | null;

  @Column({ type: 'text', nullable: true })
  hiddenReason: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
