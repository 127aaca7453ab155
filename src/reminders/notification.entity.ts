import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../database/columns';
import { User } from '../users/user.entity';

/** One message in a person's inbox (DESIGN §3 "Notification"). */
@Entity('notifications')
@Index('IDX_notifications_user_created', ['userId', 'createdAt'])
// A reminder notifies each person once, even if its job runs twice.
@Index('UQ_notifications_reminder_user', ['reminderId', 'userId'], { unique: true })
// An event (a round opened, a proposal answered, …) notifies each person once, even if retried.
@Index('UQ_notifications_event_user', ['eventKey', 'userId'], { unique: true })
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Column({ type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'uuid', nullable: true })
  secretariatId: string | null;

  @Column({ type: 'text', nullable: true })
  subjectType: string | null;

  @Column({ type: 'uuid', nullable: true })
  subjectId: string | null;

  /** One-line summary (also the e-mail subject). */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  /** Path of the subject in the app, relative to PUBLIC_URL (e.g. `/voting-rounds/<id>`). */
  @Column({ type: 'text' })
  link: string;

  /** The deadline the notification is about, if any. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reminderId: string | null;

  /** For event notifications (no reminder row): `<kind>:<what happened>`, unique per recipient. */
  @Column({ type: 'text', nullable: true })
  eventKey: string | null;

  @CreatedAt()
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;
}
