import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../catalog/sector';
import { CreatedAt, UpdatedAt } from '../database/columns';

/**
 * An organization's place in a secretariat (DESIGN §3). Its titular and alternate are
 * memberships pointing at it. Vacated seats stay as history (active = false).
 */
@Entity('seats')
@Index('IDX_seats_secretariat', ['secretariatId'])
@Index('UQ_seats_active_organization', ['secretariatId', 'organizationId'], { unique: true, where: '"active"' })
export class Seat {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'uuid' })
  organizationId: string;

  /** Always the organization's sector. */
  @Column({ type: 'text' })
  sector: Sector;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  vacatedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  vacateReason: string | null;

  /** When the seat was reassigned from another organization: the seat it replaced. */
  @Column({ type: 'uuid', nullable: true })
  previousSeatId: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
