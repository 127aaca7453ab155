import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { Membership } from '../secretariats/membership.entity';
import { Seat } from '../secretariats/seat.entity';
import { Choice, VoterRole } from './tally';
import { VotingRound } from './voting-round.entity';

/**
 * One row per (round, membership): a seat's titular and alternate may both vote and the
 * tally counts the titular's. Changeable until the round closes.
 */
@Entity('ballots')
@Index('UQ_ballots_round_membership', ['roundId', 'membershipId'], { unique: true })
@Index('IDX_ballots_round_seat', ['roundId', 'seatId'])
export class Ballot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => VotingRound, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: VotingRound;

  @Column({ type: 'uuid' })
  roundId: string;

  @ManyToOne(() => Membership, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'membership_id' })
  membership?: Membership;

  @Column({ type: 'uuid' })
  membershipId: string;

  @ManyToOne(() => Seat, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'seat_id' })
  seat?: Seat;

  @Column({ type: 'uuid' })
  seatId: string;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  role: VoterRole;

  @Column({ type: 'text' })
  choice: Choice;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
