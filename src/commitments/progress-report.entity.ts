import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Commitment } from './commitment.entity';

export const REPORT_PERIODS = ['first', 'second', 'final'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

/** A periodic narrative progress report of a commitment by its lead agency (one per period). */
@Entity('progress_reports')
@Index('UQ_progress_reports_commitment_period', ['commitmentId', 'period'], { unique: true })
export class ProgressReport {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Commitment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @Column({ type: 'uuid' })
  commitmentId: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'text' })
  period: ReportPeriod;

  @Column({ type: 'text' })
  text: string;

  /** Verified progress when the report was written or last edited. */
  @Column({ type: 'int' })
  progressAtReport: number;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  @VersionColumn({ default: 1 })
  version: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
