import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../database/columns';
import { User } from '../users/user.entity';
import { DEFAULT_TIME_ZONE } from './time-zone';

/** A person's e-mail choices; a user without a row gets the defaults (every e-mail, no digest). */
@Entity('notification_preferences')
export class NotificationPreference {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** Master switch for e-mail; in-app notifications are always created. */
  @Column({ type: 'boolean', default: true })
  emailEnabled: boolean;

  /** Per-kind overrides, e.g. `{ "vote_closing": false }`; a missing kind means enabled. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  emailKinds: Record<string, boolean>;

  /** One e-mail a day at 08:00 local with everything unread, instead of one per reminder. */
  @Column({ type: 'boolean', default: false })
  dailyDigest: boolean;

  @Column({ type: 'text', default: DEFAULT_TIME_ZONE })
  timeZone: string;

  /** Local date of the last digest sent (at most one a day). */
  @Column({ type: 'date', nullable: true })
  lastDigestOn: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastDigestAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
