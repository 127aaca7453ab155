import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { badRequest, notFound, unprocessable } from '../common/errors/domain-error';
import { AppConfig } from '../config/app-config';
import { User } from '../users/user.entity';
import { EmailDelivery } from './email-delivery.entity';
import { renderDigestEmail, renderReminderEmail } from './mail-templates';
import { NotificationPreference } from './notification-preference.entity';
import { Notification } from './notification.entity';
import { EventKinds } from './event-kinds';
import { ReminderKinds } from './reminder-kinds';
import { FALLBACK_SECRETARIAT, secretariatInfo } from './secretariat-directory';
import { isValidTimeZone, localDate, localParts } from './time-zone';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Local hour at which daily digests go out. */
export const DIGEST_HOUR = 8;
export const PREFERENCES_PATH = '/notificaciones/preferencias';

export interface NewNotification {
  kind: string;
  secretariatId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  subject: string;
  text: string;
  link: string;
  dueAt: Date | null;
  reminderId: string | null;
  /** For the e-mail; looked up from secretariatId when omitted. */
  secretariatName?: string;
  /** Event notifications: unique per recipient (a retried event notifies nobody twice). */
  eventKey?: string | null;
  /** False: in-app only, no e-mail whatever the preferences. */
  email?: boolean;
}

/** Something that happened, to notify (NotificationsService.notifyEvent). */
export interface NewEvent {
  /** A kind registered with EventKinds. */
  kind: string;
  /** What happened, unique for this kind (`<roundId>`, `<milestoneId>:<submittedAt>`): with the kind, the event's key. */
  key: string;
  /** Who acted: never notified of their own act. */
  actorId: string | null;
  recipients: string[];
  secretariatId: string;
  subjectType: string;
  subjectId: string;
  /** One-line summary, Spanish (also the e-mail subject). */
  subject: string;
  /** What happened, Spanish. */
  text: string;
  /** Page of the web app (src/common/web-paths.ts). */
  link: string;
  dueAt?: Date | null;
  /** Default true: only people who are (still) active members of the secretariat; false for invitations. */
  membersOnly?: boolean;
}

/** Set on a transaction's query runner: e-mail deliveries to enqueue once it commits. */
export const EMAILS_ON_COMMIT = 'cocreaEmailsOnCommit';

export interface PreferencesInput {
  emailEnabled?: boolean;
  emailKinds?: Record<string, boolean>;
  dailyDigest?: boolean;
  timeZone?: string;
}

export interface NotificationList {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

const defaultPreferences = (userId: string): NotificationPreference =>
  Object.assign(new NotificationPreference(), { userId, emailEnabled: true, emailKinds: {}, dailyDigest: false, timeZone: 'America/Mexico_City', lastDigestOn: null, lastDigestAt: null });

/** In-app notifications, per-user e-mail preferences and the e-mails they lead to. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly kinds: ReminderKinds,
    private readonly events: EventKinds,
  ) {}

  /**
   * An event notification, inside the transaction of the change it reports (none is lost,
   * none is sent for a change that rolled back): to every recipient but the actor, once per
   * event and person (unique `eventKey`), with an e-mail for those whose preferences want one,
   * handed to the \`emails\` queue after commit (and by the reconciler if that hand-off is lost).
   */
  async notifyEvent(tx: EntityManager, e: NewEvent): Promise<number> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('notifyEvent must run inside the transaction of the event');
    const kind = this.events.get(e.kind);
    if (!kind) throw new Error(`Notification kind "${e.kind}" is not registered`);
    let recipients = [...new Set(e.recipients.filter((id) => id !== e.actorId))];
    if (recipients.length && e.membersOnly !== false) {
      const members: { user_id: string }[] = await tx.query(
        'SELECT user_id FROM memberships WHERE secretariat_id = $1 AND ended_at IS NULL AND user_id = ANY($2::uuid[])',
        [e.secretariatId, recipients],
      );
      recipients = members.map((m) => m.user_id);
    }
    const { notified, deliveryIds } = await this.notify(tx, recipients, {
      kind: e.kind, secretariatId: e.secretariatId, subjectType: e.subjectType, subjectId: e.subjectId, subject: e.subject, text: e.text, link: e.link,
      dueAt: e.dueAt ?? null, reminderId: null, eventKey: `${e.kind}:${e.key}`, email: kind.email !== false,
    });
    if (deliveryIds.length) {
      const data = tx.queryRunner.data as Record<string, unknown>;
      data[EMAILS_ON_COMMIT] = [...((data[EMAILS_ON_COMMIT] as string[] | undefined) ?? []), ...deliveryIds];
    }
    return notified;
  }

  /** Every kind a person can switch e-mails for: reminders and events, with their labels. */
  kindLabels(): Record<string, string> {
    return Object.fromEntries([...this.kinds.list(), ...this.events.list()].map((k) => [k.kind, k.label]));
  }

  /**
   * Inside the caller's transaction: one notification per recipient (a recipient already
   * notified for this reminder is skipped by the unique index) and, for those who want it, a
   * rendered e-mail row. Returns the e-mail delivery ids to enqueue after commit.
   */
  async notify(tx: EntityManager, recipientIds: string[], n: NewNotification): Promise<{ notified: number; deliveryIds: string[] }> {
    const ids = [...new Set(recipientIds)];
    if (ids.length === 0) return { notified: 0, deliveryIds: [] };
    // One round trip: the notifications, and for each one its recipient, their e-mail
    // preferences (defaults when they never chose) and the secretariat's name.
    const inserted: (EmailChoices & { id: string; user_id: string; name: string; email: string; secretariat_name: string | null })[] = await tx.query(
      `WITH ins AS (
         INSERT INTO notifications (user_id, kind, secretariat_id, subject_type, subject_id, subject, text, link, due_at, reminder_id, event_key)
         SELECT u.id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11 FROM users u WHERE u.id = ANY($1::uuid[])
         ON CONFLICT DO NOTHING
         RETURNING id, user_id)
       SELECT ins.id, ins.user_id, u.name, u.email, s.name AS secretariat_name,
              coalesce(p.email_enabled, true) AS "emailEnabled", coalesce(p.daily_digest, false) AS "dailyDigest",
              coalesce(p.email_kinds, '{}'::jsonb) AS "emailKinds"
         FROM ins JOIN users u ON u.id = ins.user_id
         LEFT JOIN notification_preferences p ON p.user_id = ins.user_id
         LEFT JOIN secretariats s ON s.id = $3`,
      [ids, n.kind, n.secretariatId, n.subjectType, n.subjectId, n.subject, n.text, n.link, n.dueAt, n.reminderId, n.eventKey ?? null],
    );
    if (inserted.length === 0 || n.email === false) return { notified: inserted.length, deliveryIds: [] };

    const secretariatName = n.secretariatName ?? inserted[0].secretariat_name ?? FALLBACK_SECRETARIAT.name;
    const deliveries = inserted
      .filter((r) => wantsImmediateEmail(r, n.kind))
      .map((r) => {
        const email = renderReminderEmail({
          recipientName: r.name,
          secretariatName,
          subject: n.subject,
          text: n.text,
          url: this.url(n.link),
          preferencesUrl: this.url(PREFERENCES_PATH),
        });
        return { userId: r.user_id, toAddress: r.email, kind: n.eventKey ? 'event' : 'reminder', notificationId: r.id, ...email };
      });
    const saved = deliveries.length ? await tx.getRepository(EmailDelivery).save(deliveries) : [];
    return { notified: inserted.length, deliveryIds: saved.map((d) => d.id) };
  }

  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.config.publicUrl}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** Unread first, newest first within each group; keyset cursor over (read, createdAt, id). */
  async list(userId: string, page: { limit: number; cursor?: string }, unreadOnly = false): Promise<NotificationList> {
    const qb = this.db.getRepository(Notification).createQueryBuilder('n').where('n.userId = :userId', { userId });
    if (unreadOnly) qb.andWhere('n.readAt IS NULL');
    if (page.cursor) {
      const [read, createdAt, id] = decodeCursor(page.cursor, ['bool', 'date', 'uuid']);
      if (typeof read !== 'boolean' || typeof createdAt !== 'string' || typeof id !== 'string' || !UUID.test(id) || Number.isNaN(Date.parse(createdAt))) {
        throw badRequest('invalid_cursor', 'El cursor de paginación no es válido.');
      }
      qb.andWhere(
        `((n.readAt IS NOT NULL) > :read OR ((n.readAt IS NOT NULL) = :read AND (n.createdAt, n.id) < (:createdAt, :id)))`,
        { read, createdAt, id },
      );
    }
    const rows = await qb
      .orderBy('(n.readAt IS NOT NULL)', 'ASC')
      .addOrderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    const items = rows.slice(0, page.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > page.limit && last ? encodeCursor([last.readAt !== null, last.createdAt.toISOString(), last.id]) : null;
    const unreadCount = await this.db.getRepository(Notification).countBy({ userId, readAt: IsNull() });
    return { items, nextCursor, unreadCount };
  }

  /** Marks one of the caller's notifications read (idempotent: the first read time stays). */
  async markRead(userId: string, id: string): Promise<Notification> {
    if (!UUID.test(id)) throw notFound('La notificación');
    const repo = this.db.getRepository(Notification);
    await repo.createQueryBuilder().update().set({ readAt: () => 'now()' }).where('id = :id AND user_id = :userId AND read_at IS NULL', { id, userId }).execute();
    const n = await repo.findOneBy({ id, userId });
    if (!n) throw notFound('La notificación');
    return n;
  }

  async markAllRead(userId: string): Promise<number> {
    const result = await this.db.getRepository(Notification).createQueryBuilder().update().set({ readAt: () => 'now()' })
      .where('user_id = :userId AND read_at IS NULL', { userId }).execute();
    return result.affected ?? 0;
  }

  async preferences(userId: string, em: EntityManager = this.db.manager): Promise<NotificationPreference> {
    return (await em.getRepository(NotificationPreference).findOneBy({ userId })) ?? defaultPreferences(userId);
  }

  async updatePreferences(userId: string, input: PreferencesInput): Promise<NotificationPreference> {
    if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
      throw unprocessable('invalid_time_zone', `La zona horaria «${input.timeZone}» no existe (usa un nombre IANA, p. ej. America/Cancun).`);
    }
    const entries = Object.entries(input.emailKinds ?? {});
    if (entries.some(([, v]) => typeof v !== 'boolean')) {
      throw badRequest('validation_failed', 'Cada tipo de aviso en «emailKinds» debe ser verdadero o falso.', [
        { field: 'emailKinds', code: 'isBoolean', message: 'Los valores de «emailKinds» deben ser booleanos.' },
      ]);
    }
    const known = new Set(Object.keys(this.kindLabels()));
    const unknown = Object.keys(input.emailKinds ?? {}).filter((k) => !known.has(k));
    if (unknown.length) {
      throw unprocessable('unknown_notification_kind', `Tipo de aviso desconocido: ${unknown.join(', ')}.`);
    }
    return this.db.transaction(async (tx) => {
      const repo = tx.getRepository(NotificationPreference);
      await repo.createQueryBuilder().insert().values({ userId }).orIgnore().execute();
      const current = await repo.findOneOrFail({ where: { userId }, lock: { mode: 'pessimistic_write' } });
      const next = repo.merge(current, {
        ...(input.emailEnabled !== undefined ? { emailEnabled: input.emailEnabled } : {}),
        ...(input.dailyDigest !== undefined ? { dailyDigest: input.dailyDigest } : {}),
        ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
        emailKinds: { ...current.emailKinds, ...(input.emailKinds ?? {}) },
      });
      const saved = await repo.save(next);
      await this.audit.record(tx, {
        secretariatId: null,
        actorId: userId,
        subjectType: 'notification_preferences',
        subjectId: userId,
        action: 'notification_preferences.updated',
        data: { emailEnabled: saved.emailEnabled, emailKinds: saved.emailKinds, dailyDigest: saved.dailyDigest, timeZone: saved.timeZone },
      });
      return saved;
    });
  }

  /**
   * Daily digests: for each person who chose one and whose local clock is past 08:00 with no
   * digest yet today, one e-mail with their unread notifications since the last digest. The
   * conditional update on `last_digest_on` makes it once per day even with several workers.
   * Returns the delivery ids to enqueue.
   */
  async prepareDueDigests(now = new Date()): Promise<string[]> {
    const candidates = await this.db.getRepository(NotificationPreference).find({ where: { dailyDigest: true, emailEnabled: true } });
    const deliveryIds: string[] = [];
    for (const pref of candidates) {
      const today = localDate(now, pref.timeZone);
      if (localParts(now, pref.timeZone).hour < DIGEST_HOUR || (pref.lastDigestOn !== null && pref.lastDigestOn >= today)) continue;
      const id = await this.db.transaction(async (tx) => {
        const claimed = await tx.query(
          `UPDATE notification_preferences SET last_digest_on = $2, last_digest_at = $3, updated_at = now()
            WHERE user_id = $1 AND daily_digest AND (last_digest_on IS NULL OR last_digest_on < $2)`,
          [pref.userId, today, now],
        );
        if (Number(claimed[1] ?? 0) !== 1) return null;
        const user = await tx.getRepository(User).findOneBy({ id: pref.userId });
        if (!user) return null;
        const qb = tx.getRepository(Notification).createQueryBuilder('n')
          .where('n.userId = :userId AND n.readAt IS NULL', { userId: pref.userId })
          .orderBy('n.createdAt', 'ASC')
          .take(100);
        if (pref.lastDigestAt) qb.andWhere('n.createdAt > :since', { since: pref.lastDigestAt });
        const items = (await qb.getMany()).filter((n) => pref.emailKinds[n.kind] !== false);
        if (items.length === 0) return null;
        const names = await secretariatInfo(tx, items.map((n) => n.secretariatId));
        const email = renderDigestEmail(
          user.name,
          today,
          items.map((n) => ({ secretariatName: names.get(n.secretariatId ?? '')?.name ?? FALLBACK_SECRETARIAT.name, subject: n.subject, text: n.text, url: this.url(n.link) })),
          this.url(PREFERENCES_PATH),
        );
        const saved = await tx.getRepository(EmailDelivery).save({ userId: user.id, toAddress: user.email, kind: 'digest', notificationId: null, ...email });
        return saved.id;
      });
      if (id) deliveryIds.push(id);
    }
    if (deliveryIds.length) this.logger.log(`Prepared ${deliveryIds.length} daily digest(s)`);
    return deliveryIds;
  }
}

type EmailChoices = Pick<NotificationPreference, 'emailEnabled' | 'dailyDigest' | 'emailKinds'>;

function wantsImmediateEmail(p: EmailChoices, kind: string): boolean {
  return p.emailEnabled && !p.dailyDigest && p.emailKinds[kind] !== false;
}
