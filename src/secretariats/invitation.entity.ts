import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../catalog/sector';
import { CreatedAt } from '../database/columns';
import { SeatRole } from './membership.entity';

/**
 * An invitation to join a secretariat. Only the SHA-256 of the token is stored; the token
 * itself travels in the email link. Accepting is single-use (conditional update).
 */
@Entity('invitations')
@Index('UQ_invitations_token_hash', ['tokenHash'], { unique: true })
@Index('IDX_invitations_secretariat', ['secretariatId', 'createdAt'])
export class Invitation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  secretariatId: string;

  /** Lower-cased. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  role: SeatRole;

  /** The sector the invitee will act for (the seat's, for titular and alternate). */
  @Column({ type: 'text' })
  sector: Sector;

  @Column({ type: 'uuid', nullable: true })
  seatId: string | null;

  @Column({ type: 'uuid', nullable: true })
  organizationId: string | null;

  @Column({ type: 'boolean', default: false })
  isCoordinator: boolean;

  @Column({ type: 'text', select: false })
  tokenHash: string;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  acceptedByUserId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  invitedById: string | null;

  @CreatedAt()
  createdAt: Date;
}
