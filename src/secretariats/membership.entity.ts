import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../catalog/sector';
import { CreatedAt, UpdatedAt } from '../database/columns';

export const SEAT_ROLES = ['titular', 'alternate', 'observer', 'facilitator'] as const;
export type SeatRole = (typeof SEAT_ROLES)[number];
export const VOTING_ROLES: readonly SeatRole[] = ['titular', 'alternate'];

/**
 * A user's part in a secretariat (DESIGN §3). At most one active membership per user and
 * secretariat (so one sector), one active titular and one active alternate per seat. Ended
 * memberships stay as history.
 */
@Entity('memberships')
@Index('UQ_memberships_active_user', ['secretariatId', 'userId'], { unique: true, where: '"ended_at" IS NULL' })
@Index('UQ_memberships_active_seat_role', ['seatId', 'role'], { unique: true, where: `"ended_at" IS NULL AND "seat_id" IS NOT NULL` })
@Index('IDX_memberships_user', ['userId'])
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  sector: Sector;

  /** Null for facilitators and observers who act for no organization. */
  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  /** Set for titular and alternate. */
  @Column({ type: 'uuid', nullable: true })
  seatId: string | null;

  @Column({ type: 'text' })
  role: SeatRole;

  @Column({ type: 'boolean', default: false })
  isCoordinator: boolean;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  endReason: string | null;

  /** The invitation it came from (null when inserted directly, e.g. seeds). */
  @Column({ type: 'uuid', nullable: true })
  invitationId: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
