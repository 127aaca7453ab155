import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { ActionPlan } from './action-plan.entity';
import { PlanStage } from './plan-stages';

/** One stage move of a plan: who, when, from where to where (history). */
@Entity('plan_stage_changes')
@Index('IDX_plan_stage_changes_plan_created', ['planId', 'createdAt'])
export class PlanStageChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => ActionPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: ActionPlan;

  @Column({ type: 'uuid' })
  planId: string;

  @Column({ type: 'text' })
  fromStage: PlanStage;

  @Column({ type: 'text' })
  toStage: PlanStage;

  @Column({ type: 'uuid' })
  actorId: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** The deadline set for the new stage, if any. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deadline: Date | null;

  @CreatedAt()
  createdAt: Date;
}
