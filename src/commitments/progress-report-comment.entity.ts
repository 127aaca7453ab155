import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../catalog/sector';
import { CreatedAt } from '../database/columns';
import { ProgressReport } from './progress-report.entity';

/** A comment on a progress report by a member of another sector. */
@Entity('progress_report_comments')
@Index('IDX_progress_report_comments_report_created', ['reportId', 'createdAt'])
export class ProgressReportComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => ProgressReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: ProgressReport;

  @Column({ type: 'uuid' })
  reportId: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'uuid' })
  authorId: string;

  @Column({ type: 'text' })
  sector: Sector;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @CreatedAt()
  createdAt: Date;
}
