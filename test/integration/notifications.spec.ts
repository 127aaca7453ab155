import { randomUUID } from 'node:crypto';
import { EmailOutbox } from '../../src/reminders/email-outbox.service';
import { NewNotification, NotificationsService } from '../../src/reminders/notifications.service';
import { localToInstant } from '../../src/reminders/time-zone';
import { countBy, waitFor } from '../fault/reminder-helpers';
import { LoggedIn, registerUser } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

describe('notifications API, preferences and e-mail decisions', () => {
  let t: TestApp;
  let service: NotificationsService;

  beforeAll(async () => {
    // The scheduled reconciler would also prepare digests; keep it out of the way (hourly).
    t = await createTestApp({ workers: true, env: { REMINDERS_RECONCILE_MS: '3600000' } });
    service = t.app.get(NotificationsService);
  });
  afterAll(() => t.close());

  const note = (n: number, kind = 'message'): NewNotification => ({
    kind,
    secretariatId: null,
    subjectType: 'meeting',
    subjectId: randomUUID(),
    subject: `Aviso ${n}`,
    text: `Texto del aviso ${n}`,
    link: `/meetings/${n}`,
    dueAt: new Date(),
    reminderId: randomUUID(),
  });

  /** Notifies `user` in its own transaction, like the reminder processor does; returns e-mail ids. */
  const notify = async (user: LoggedIn, n: NewNotification) => {
    const result = await t.db.transaction((tx) => service.notify(tx, [user.id], n));
    await t.app.get(EmailOutbox).enqueue(result.deliveryIds);
    return result.deliveryIds;
  };

  it('lists unread first with a cursor, marks one or all read, and hides other people\'s notifications', async () => {
    const ana = await registerUser(t);
    const beto = await registerUser(t);
    for (let i = 1; i <= 5; i++) await notify(ana, note(i));
    await notify(beto, note(99));

    const first = await t.http().get('/api/v1/notifications?limit=2').set(ana.auth);
    expect(first.status).toBe(200);
    expect(first.body.unreadCount).toBe(5);
    expect(first.body.items.map((n: { subject: string }) => n.subject)).toEqual(['Aviso 5', 'Aviso 4']);
    expect(first.body.items[0].url).toBe('http://localhost:3000/meetings/5');

    // Reading an older one moves it after every unread one.
    const older = (await t.http().get('/api/v1/notifications?limit=100').set(ana.auth)).body.items.find((n: { subject: string }) => n.subject === 'Aviso 1');
    const read = await t.http().post(`/api/v1/notifications/${older.id}/read`).set(ana.auth);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const again = await t.http().post(`/api/v1/notifications/${older.id}/read`).set(ana.auth);
    expect(again.body.readAt).toBe(read.body.readAt);

    const subjects: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { subject: string }[]; nextCursor: string | null } } = await t.http()
        .get(`/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(ana.auth);
      subjects.push(...page.body.items.map((n) => n.subject));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(subjects).toEqual(['Aviso 5', 'Aviso 4', 'Aviso 3', 'Aviso 2', 'Aviso 1']);

    const unreadOnly = await t.http().get('/api/v1/notifications?unread=true').set(ana.auth);
    expect(unreadOnly.body.items).toHaveLength(4);

    // Beto's notification is not Ana's: 404, and a malformed id is 404 too.
    const betos = (await t.http().get('/api/v1/notifications').set(beto.auth)).body.items[0];
    expect((await t.http().post(`/api/v1/notifications/${betos.id}/read`).set(ana.auth)).status).toBe(404);
    expect((await t.http().post('/api/v1/notifications/not-a-uuid/read').set(ana.auth)).status).toBe(404);
    expect((await t.http().get('/api/v1/notifications?cursor=zzz').set(ana.auth)).body.code).toBe('invalid_cursor');

    const all = await t.http().post('/api/v1/notifications/read-all').set(ana.auth);
    expect(all.body).toEqual({ updated: 4 });
    expect((await t.http().get('/api/v1/notifications').set(ana.auth)).body.unreadCount).toBe(0);
    expect((await t.http().get('/api/v1/notifications').set(beto.auth)).body.unreadCount).toBe(1);
    expect((await t.http().get('/api/v1/notifications')).status).toBe(401);
  });

  it('sends one e-mail per reminder by default (logged without SMTP_URL) and none for a kind switched off', async () => {
    const ana = await registerUser(t);
    const [deliveryId] = await notify(ana, note(1));
    await waitFor(async () => (await t.db.query(`SELECT status FROM email_deliveries WHERE id = $1`, [deliveryId]))[0].status === 'sent', 10_000, 'e-mail');
    const [d] = await t.db.query(`SELECT to_address, subject, text, html, via FROM email_deliveries WHERE id = $1`, [deliveryId]);
    expect(d.to_address).toBe(ana.email);
    expect(d.via).toBe('log');
    expect(d.subject).toBe('[Secretariado Técnico Local] Aviso 1');
    expect(d.text).toContain('Hola, Persona de Prueba:');
    expect(d.html).toContain('<a href="http://localhost:3000/meetings/1"');

    const defaults = await t.http().get('/api/v1/notifications/preferences').set(ana.auth);
    expect(defaults.body).toMatchObject({ emailEnabled: true, dailyDigest: false, timeZone: 'America/Mexico_City' });
    expect(defaults.body.kinds.message).toBe('Avisos programados');
    const off = await t.http().put('/api/v1/notifications/preferences').set(ana.auth).send({ emailKinds: { message: false } });
    expect(off.status).toBe(200);
    expect(off.body.emailKinds).toEqual({ message: false });
    expect(await notify(ana, note(2))).toEqual([]);
    // Still in the inbox.
    expect((await t.http().get('/api/v1/notifications').set(ana.auth)).body.unreadCount).toBe(2);
  });

  it('refuses unknown kinds, invalid time zones and non-boolean switches', async () => {
    const ana = await registerUser(t);
    const put = (body: object) => t.http().put('/api/v1/notifications/preferences').set(ana.auth).send(body);
    expect((await put({ emailKinds: { nope: false } })).body.code).toBe('unknown_notification_kind');
    expect((await put({ timeZone: 'Mars/Olympus' })).status).toBe(422);
    expect((await put({ emailKinds: { message: 'sí' } })).status).toBe(400);
    expect((await put({ dailyDigest: 'yes' })).status).toBe(400);
    expect((await put({ extra: 1 })).status).toBe(400);
  });

  it('with the daily digest: no e-mail per reminder, one digest at 08:00 local with what is unread, once a day', async () => {
    const ana = await registerUser(t);
    const res = await t.http().put('/api/v1/notifications/preferences').set(ana.auth).send({ dailyDigest: true, timeZone: 'America/Cancun' });
    expect(res.body).toMatchObject({ dailyDigest: true, timeZone: 'America/Cancun' });
    expect(await notify(ana, note(1))).toEqual([]);
    expect(await notify(ana, note(2))).toEqual([]);

    // 07:59 in Cancún: too early. 08:00: the digest. Later the same day: nothing more.
    const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const digestsFor = async () => countBy(t.db, `SELECT count(*) AS n FROM email_deliveries WHERE user_id = $1 AND kind = 'digest'`, [ana.id]);
    await service.prepareDueDigests(localToInstant(day, '07:59', 'America/Cancun'));
    expect(await digestsFor()).toBe(0);
    const ids = await service.prepareDueDigests(localToInstant(day, '08:00', 'America/Cancun'));
    expect(ids).toHaveLength(1);
    await service.prepareDueDigests(localToInstant(day, '15:00', 'America/Cancun'));
    expect(await digestsFor()).toBe(1);
    const [digest] = await t.db.query(`SELECT subject, text FROM email_deliveries WHERE id = $1`, [ids[0]]);
    expect(digest.subject).toContain('2 pendientes');
    expect(digest.text).toContain('Aviso 1');
    expect(digest.text).toContain('Aviso 2');
  });
});
