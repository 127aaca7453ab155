import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../catalog/sector';
import { SecretariatStatus } from './secretariat-status';

/** History of a secretariat's lifecycle moves. */
@Entity('secretariat_transitions')
@Index('IDX_secretariat_transitions_secretariat', ['secretariatId', 'occurredAt'])
export class SecretariatTransition {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'text' })
  fromStatus: SecretariatStatus;

  @Column({ type: 'text' })
  toStatus: SecretariatStatus;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Link to the declaratoria, acta or other supporting document. */
  @Column({ type: 'text', nullable: true })
  document: string | null;

  /** The date the act took place (declaratoria, installation), when given. */
  @Column({ type: 'timestamptz', nullable: true })
  effectiveAt: Date | null;

  /** The withdrawing sector, for `suspended`. */
  @Column({ type: 'text', nullable: true })
  sector: Sector | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  occurredAt: Date;
}
