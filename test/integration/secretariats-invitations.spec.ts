import { createHash } from 'node:crypto';
import { MailService } from '../../src/reminders/mail.service';
import { LoggedIn, registerUser, SecretariatFixture, setupSecretariat, uniqueEmail } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// Invitations: single-use, expiring, hashed tokens accepted only by the invited address.
const API = '/api/v1';

describe('invitations', () => {
  let t: TestApp;
  let s: SecretariatFixture;
  let n = 0;
  const sent: { to: string; subject: string; text: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(t.app.get(MailService), 'send').mockImplementation(async (m) => {
      sent.push({ to: String(m.to), subject: m.subject, text: m.text });
      return { delivered: false, via: 'log' };
    });
    s = await setupSecretariat(t, { seats: { government: 2, civil_society: 2, guarantor: 1 } });
  });
  afterAll(() => t.close());

  const invite = (body: object, as: LoggedIn = s.coordinator, secretariatId = s.secretariatId) =>
    t.http().post(`${API}/secretariats/${secretariatId}/invitations`).set(as.auth).send(body);
  const lastToken = (email: string) => {
    const mail = [...sent].reverse().find((m) => m.to === email);
    return mail!.text.match(/\/invitaciones\/([A-Za-z0-9_-]+)/)![1];
  };
  const accept = (token: string, as: LoggedIn) => t.http().post(`${API}/invitations/${token}/accept`).set(as.auth);
  /** A seat of its own (with no holders) for each test that needs one. */
  const freshSeat = async (sector = 'civil_society') => {
    const org = await t.http().post(`${API}/organizations`).set(s.admin.auth)
      .send({ name: `Organización ${++n}`, sector, kind: sector === 'government' ? 'dependencia' : sector === 'guarantor' ? 'organismo_garante' : 'osc', stateCode: '20' })
      .expect(201);
    return (await t.http().post(`${API}/secretariats/${s.secretariatId}/seats`).set(s.admin.auth).send({ organizationId: org.body.id }).expect(201)).body.id as string;
  };
  const invited = async (body: object) => {
    const email = uniqueEmail('invitada');
    await invite({ email, ...body }).expect(201);
    return { email, token: lastToken(email), user: await registerUser(t, { email }) };
  };

  it('sends a Spanish email with the secretariat name and a link, and stores only the token hash', async () => {
    const seatId = await freshSeat();
    const email = uniqueEmail('titular');
    const res = await invite({ email, role: 'titular', seatId }).expect(201);
    expect(res.body).toMatchObject({ role: 'titular', sector: 'civil_society', seatId, status: 'pending', invitedById: s.coordinator.id });
    const days = (new Date(res.body.expiresAt).getTime() - Date.now()) / 86400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const mail = sent.find((m) => m.to === email)!;
    expect(mail.subject).toContain('Invitación al Secretariado Técnico Local');
    expect(mail.text).toContain('titular (propietario) de un asiento');
    expect(mail.text).toContain('Sociedad civil');
    expect(mail.text).toMatch(/vence el \d{1,2} de \w+ de \d{4}\D+\d{2}:\d{2} h \(hora local de Oaxaca\)/);
    const token = lastToken(email);
    expect(mail.text).toContain(`${t.config.publicUrl}/invitaciones/${token}`);

    const [row] = await t.db.query('SELECT token_hash FROM invitations WHERE id = $1', [res.body.id]);
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const audit = await t.db.query(`SELECT data::text AS data FROM audit_events WHERE subject_id = $1`, [res.body.id]);
    expect(audit).toHaveLength(1);
    expect(audit[0].data).not.toContain(email);
    expect(audit[0].data).not.toContain(token);

    // The link can be previewed without logging in (email masked).
    const preview = await t.http().get(`${API}/invitations/${token}`).expect(200);
    expect(preview.body).toMatchObject({ role: 'titular', sector: 'civil_society', status: 'pending', emailHint: expect.stringMatching(/^t\*+@ejemplo\.mx$/) });
  });

  it('is accepted once, by the invited address whatever its case', async () => {
    const seatId = await freshSeat('government');
    const email = uniqueEmail('Mixta');
    await invite({ email: email.toUpperCase(), role: 'alternate', seatId }).expect(201);
    const user = await registerUser(t, { email });
    const token = lastToken(email.toLowerCase());
    const res = await accept(token, user).expect(201);
    expect(res.body).toMatchObject({ userId: user.id, role: 'alternate', seatId, sector: 'government', isCoordinator: false });
    expect(res.body.organization.name).toMatch(/^Organización/);

    const reused = await accept(token, user);
    expect([reused.status, reused.body.code]).toEqual([409, 'invitation_used']);
    const list = await t.http().get(`${API}/secretariats/${s.secretariatId}/invitations?status=accepted`).set(s.coordinator.auth).expect(200);
    expect(list.body.items.map((i: { acceptedByUserId: string }) => i.acceptedByUserId)).toContain(user.id);
  });

  it('refuses a wrong email, a tampered, an expired and a revoked token, with distinct codes', async () => {
    const { token, user } = await invited({ role: 'observer', sector: 'guarantor' });
    const stranger = await registerUser(t);
    const wrong = await accept(token, stranger);
    expect([wrong.status, wrong.body.code]).toEqual([403, 'invitation_email_mismatch']);

    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, token.slice(0, 20), `${token}x`, 'x'.repeat(43), '%00']) {
      const res = await accept(bad, user);
      expect([res.status, res.body.code]).toEqual([404, 'invitation_not_found']);
    }
    await t.http().get(`${API}/invitations/${flipped}`).expect(404);

    const expired = await invited({ role: 'observer', sector: 'guarantor' });
    await t.db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE email = $1`, [expired.email]);
    const late = await accept(expired.token, expired.user);
    expect([late.status, late.body.code]).toEqual([409, 'invitation_expired']);

    const revoked = await invited({ role: 'observer', sector: 'guarantor' });
    const [inv] = await t.db.query('SELECT id FROM invitations WHERE email = $1', [revoked.email]);
    await t.http().post(`${API}/secretariats/${s.secretariatId}/invitations/${inv.id}/revoke`).set(s.coordinator.auth).expect(200);
    const r = await accept(revoked.token, revoked.user);
    expect([r.status, r.body.code]).toEqual([409, 'invitation_revoked']);
    const again = await t.http().post(`${API}/secretariats/${s.secretariatId}/invitations/${inv.id}/revoke`).set(s.coordinator.auth);
    expect([again.status, again.body.code]).toEqual([409, 'invitation_revoked']);

    // The intended person still can accept their own (untouched) invitation; nobody became a member by mistake.
    await accept(token, user).expect(201);
    const [count] = await t.db.query('SELECT count(*)::int AS n FROM memberships WHERE user_id = ANY($1)', [[stranger.id, expired.user.id, revoked.user.id]]);
    expect(count.n).toBe(0);
    await t.http().post(`${API}/invitations/${token}/accept`).expect(401);
  });

  it('a new invitation to the same address replaces the pending one', async () => {
    const email = uniqueEmail('repetida');
    await invite({ email, role: 'observer', sector: 'civil_society' }).expect(201);
    const first = lastToken(email);
    await invite({ email, role: 'facilitator', sector: 'civil_society' }).expect(201);
    const second = lastToken(email);
    const user = await registerUser(t, { email });
    expect((await accept(first, user)).body.code).toBe('invitation_revoked');
    expect((await accept(second, user).expect(201)).body.role).toBe('facilitator');
  });

  it('concurrent accepts of one token make exactly one membership', async () => {
    const seatId = await freshSeat('guarantor');
    const { token, user } = await invited({ role: 'titular', seatId });
    const results = await Promise.all(Array.from({ length: 5 }, () => accept(token, user)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'invitation_used')).toBe(true);
    const rows = await t.db.query('SELECT id FROM memberships WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(1);
    const events = await t.db.query(`SELECT 1 FROM audit_events WHERE action = 'invitation.accepted' AND actor_id = $1`, [user.id]);
    expect(events).toHaveLength(1);
  });

  it('one titular per seat and one sector per person in a secretariat', async () => {
    const seatId = await freshSeat();
    const a = await invited({ role: 'titular', seatId });
    const b = await invited({ role: 'titular', seatId });
    await accept(a.token, a.user).expect(201);
    const taken = await accept(b.token, b.user);
    expect([taken.status, taken.body.code]).toEqual([409, 'seat_role_taken']);
    // …and b's invitation is still usable once the seat is free again (the refusal rolled back).
    const [m] = await t.db.query('SELECT id FROM memberships WHERE user_id = $1', [a.user.id]);
    await t.http().post(`${API}/memberships/${m.id}/end`).set(s.coordinator.auth).send({ reason: 'Cambio de titular' }).expect(200);
    await accept(b.token, b.user).expect(201);
    const noSlot = await invite({ email: uniqueEmail(), role: 'titular', seatId });
    expect([noSlot.status, noSlot.body.code]).toEqual([409, 'seat_role_taken']);

    // Already a member (any sector): a second invitation is refused up front, and at accept time.
    const member = s.seatsOf('government')[0].titular;
    const dup = await invite({ email: member.email, role: 'observer', sector: 'civil_society' });
    expect([dup.status, dup.body.code]).toEqual([409, 'already_member']);
    const c = await invited({ role: 'observer', sector: 'guarantor' });
    await t.db.query(`INSERT INTO memberships (secretariat_id, user_id, sector, role) VALUES ($1, $2, 'government', 'observer')`, [s.secretariatId, c.user.id]);
    const twice = await accept(c.token, c.user);
    expect([twice.status, twice.body.code]).toEqual([409, 'already_member']);
  });

  it('checks the target: seat roles need an active seat of this secretariat; others a sector', async () => {
    const codeOf = async (body: object) => {
      const res = await invite({ email: uniqueEmail(), ...body });
      return [res.status, res.body.code];
    };
    expect(await codeOf({ role: 'titular' })).toEqual([400, 'validation_failed']);
    expect(await codeOf({ role: 'titular', seatId: '00000000-0000-4000-8000-000000000000' })).toEqual([422, 'unknown_seat']);
    const jal = await setupSecretariat(t, { stateCode: '14', admin: s.admin });
    expect(await codeOf({ role: 'titular', seatId: jal.seats[0].seatId })).toEqual([422, 'unknown_seat']);
    const seatId = await freshSeat();
    expect(await codeOf({ role: 'titular', seatId, sector: 'government' })).toEqual([422, 'seat_mismatch']);
    expect(await codeOf({ role: 'observer' })).toEqual([422, 'sector_required']);
    expect(await codeOf({ role: 'observer', sector: 'civil_society', seatId })).toEqual([400, 'seat_not_allowed']);
    expect(await codeOf({ role: 'observer', organizationId: s.seatsOf('guarantor')[0].organization.id, sector: 'government' })).toEqual([422, 'sector_mismatch']);
    expect(await codeOf({ role: 'dueño', sector: 'government' })).toEqual([400, 'validation_failed']);
    expect(await codeOf({ role: 'observer', sector: 'government', expiresInDays: 90 })).toEqual([400, 'validation_failed']);
    const bad = await invite({ email: 'no-es-correo', role: 'observer', sector: 'government' });
    expect(bad.body.errors[0].field).toBe('email');

    // An observer's sector may come from their organization.
    const viaOrg = await invite({ email: uniqueEmail(), role: 'observer', organizationId: s.seatsOf('guarantor')[0].organization.id }).expect(201);
    expect(viaOrg.body.sector).toBe('guarantor');

    // A seat vacated after the invitation was sent cannot be taken.
    const vacated = await invited({ role: 'titular', seatId });
    await t.http().post(`${API}/secretariats/${s.secretariatId}/seats/${seatId}/vacate`).set(s.coordinator.auth).send({ reason: 'Se retiró' }).expect(200);
    const res = await accept(vacated.token, vacated.user);
    expect([res.status, res.body.code]).toEqual([409, 'seat_vacated']);
  });

  it('the platform admin invites the first coordinator of a new secretariat', async () => {
    const created = await t.http().post(`${API}/secretariats`).set(s.admin.auth).send({ stateCode: '26' }).expect(201);
    const email = uniqueEmail('coord-sonora');
    await invite({ email, role: 'facilitator', sector: 'government', isCoordinator: true }, s.admin, created.body.id).expect(201);
    const person = await registerUser(t, { email });
    await t.http().get(`${API}/secretariats/${created.body.id}`).set(person.auth).expect(404);
    await accept(lastToken(email), person).expect(201);
    const detail = await t.http().get(`${API}/secretariats/${created.body.id}`).set(person.auth).expect(200);
    expect(detail.body).toMatchObject({ stateName: 'Sonora', timeZone: 'America/Hermosillo', membership: { isCoordinator: true, role: 'facilitator' } });
    // As coordinator they can now invite in turn.
    await invite({ email: uniqueEmail(), role: 'observer', sector: 'civil_society' }, person, created.body.id).expect(201);
  });
});
