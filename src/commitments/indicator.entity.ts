import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Commitment } from './commitment.entity';

/** numeric columns come back from pg as strings; the API speaks numbers. */
export const numeric = { to: (v?: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) };

/** An indicator of a commitment (DESIGN §3): baseline → target in a unit. */
@Entity('indicators')
@Index('IDX_indicators_commitment_created', ['commitmentId', 'createdAt'])
export class Indicator {
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
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** e.g. "%", "trámites", "personas". */
  @Column({ type: 'text' })
  unit: string;

  @Column({ type: 'numeric', transformer: numeric })
  baseline: number;

  @Column({ type: 'date', nullable: true })
  baselineDate: string | null;

  @Column({ type: 'numeric', transformer: numeric })
  target: number;

  @Column({ type: 'date', nullable: true })
  targetDate: string | null;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
