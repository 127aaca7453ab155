import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Milestone } from './milestone.entity';

export type EvidenceKind = 'link' | 'file';

/**
 * Evidence of a milestone: a link or an uploaded file. Files live under
 * DATA_DIR/evidence/<storageKey>; `sha256` is the checksum of the stored bytes.
 */
@Entity('evidence')
@Index('IDX_evidence_milestone_created', ['milestoneId', 'createdAt'])
export class Evidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Milestone, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'milestone_id' })
  milestone?: Milestone;

  @Column({ type: 'uuid' })
  milestoneId: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'text' })
  kind: EvidenceKind;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** Name given by the uploader (sanitized), with the extension of the detected type. */
  @Column({ type: 'text', nullable: true })
  fileName: string | null;

  /** Detected from the content, never from the name. */
  @Column({ type: 'text', nullable: true })
  contentType: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) } })
  sizeBytes: number | null;

  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  /** Path relative to DATA_DIR/evidence. */
  @Column({ type: 'text', nullable: true })
  storageKey: string | null;

  /** Shown on the transparency portal once the plan is published. */
  @Column({ type: 'boolean', default: true })
  public: boolean;

  /** The evidence that replaced this one (evidence of submitted/approved milestones is only superseded). */
  @Column({ type: 'uuid', nullable: true })
  supersededById: string | null;

  @Column({ type: 'uuid' })
  uploadedById: string;

  @CreatedAt()
  createdAt: Date;
}
