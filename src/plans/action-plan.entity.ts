import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Secretariat } from '../secretariats/secretariat.entity';
import { User } from '../users/user.entity';
import { PlanStage } from './plan-stages';

/** A Local Action Plan (Plan de Acción Local, DESIGN §3). */
@Entity('action_plans')
@Index('IDX_action_plans_secretariat_created', ['secretariatId', 'createdAt'])
export class ActionPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => Secretariat, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'secretariat_id' })
  secretariat?: Secretariat;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Period in years, e.g. 2019–2021. */
  @Column({ type: 'int' })
  periodStart: number;

  @Column({ type: 'int' })
  periodEnd: number;

  @Column({ type: 'text', default: 'draft' })
  stage: PlanStage;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  stageChangedAt: Date;

  /** Deadline of the current stage (an instant), if the coordinators set one. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  stageDeadline: Date | null;

  /** Set when an adoption round approved the plan; required for `implementation`. */
  @Column({ type: 'uuid', nullable: true })
  adoptionRoundId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  adoptedAt: Date | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User;

  @Column({ type: 'uuid' })
  createdById: string;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
