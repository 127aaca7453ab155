import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { Indicator, numeric } from './indicator.entity';

/** A dated value of an indicator with its source; one per indicator and date. */
@Entity('indicator_measurements')
@Index('UQ_indicator_measurements_indicator_date', ['indicatorId', 'measuredOn'], { unique: true })
export class IndicatorMeasurement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Indicator, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id' })
  indicator?: Indicator;

  @Column({ type: 'uuid' })
  indicatorId: string;

  @Column({ type: 'date' })
  measuredOn: string;

  @Column({ type: 'numeric', transformer: numeric })
  value: number;

  /** Where the figure comes from (report, registry, survey…). */
  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'text', nullable: true })
  sourceUrl: string | null;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid' })
  recordedById: string;

  @CreatedAt()
  createdAt: Date;
}
