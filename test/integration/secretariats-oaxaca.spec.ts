import { MailService } from '../../src/reminders/mail.service';
import { LoggedIn, registerUser, uniqueEmail } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// The "done when", end to end through the API: an admin creates the Oaxaca
// secretariat with 2 OSC, 2 government and 1 guarantor seats, invites people, they accept,
// and the secretariat is declared, installed and activated.
describe('Oaxaca secretariat, from promotion to activity', () => {
  let t: TestApp;
  const sent: { to: string; subject: string; text: string }[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    jest.spyOn(t.app.get(MailService), 'send').mockImplementation(async (m) => {
      sent.push({ to: String(m.to), subject: m.subject, text: m.text });
      return { delivered: false, via: 'log' };
    });
  });
  afterAll(() => t.close());

  const tokenFor = (email: string) => {
    const mail = [...sent].reverse().find((m) => m.to === email);
    const match = mail?.text.match(/\/invitaciones\/([A-Za-z0-9_-]+)/);
    if (!match) throw new Error(`no invitation mail for ${email}`);
    return match[1];
  };

  it('is created, staffed by invitation, installed and activated', async () => {
    const api = '/api/v1';
    const admin = await registerUser(t, { admin: true });

    const created = await t.http().post(`${api}/secretariats`).set(admin.auth).send({ stateCode: '20' }).expect(201);
    const sid = created.body.id;
    expect(created.body).toMatchObject({
      stateCode: '20', stateName: 'Oaxaca', timeZone: 'America/Mexico_City', status: 'promoting',
      name: 'Secretariado Técnico Local de Gobierno Abierto de Oaxaca', rules: { decisionRule: 'tripartite_consensus', quorumPerSector: 1 },
    });

    // Organizations and seats: 2 OSC, 2 government, 1 guarantor.
    const orgSpecs = [
      { name: 'Colectivo por la Transparencia A.C.', sector: 'civil_society', kind: 'osc' },
      { name: 'Universidad Autónoma Benito Juárez de Oaxaca', sector: 'civil_society', kind: 'academia' },
      { name: 'Secretaría de la Contraloría y Transparencia Gubernamental', sector: 'government', kind: 'dependencia' },
      { name: 'Ayuntamiento de Oaxaca de Juárez', sector: 'government', kind: 'ayuntamiento' },
      { name: 'Instituto de Acceso a la Información Pública y Protección de Datos Personales de Oaxaca', sector: 'guarantor', kind: 'organismo_garante' },
    ];
    const seats: { seatId: string; sector: string }[] = [];
    for (const spec of orgSpecs) {
      const org = await t.http().post(`${api}/organizations`).set(admin.auth).send({ ...spec, stateCode: '20' }).expect(201);
      const seat = await t.http().post(`${api}/secretariats/${sid}/seats`).set(admin.auth).send({ organizationId: org.body.id }).expect(201);
      expect(seat.body).toMatchObject({ sector: spec.sector, organization: { name: spec.name }, active: true, titular: null, alternate: null });
      seats.push({ seatId: seat.body.id, sector: spec.sector });
    }

    // Declaratoria conjunta.
    const declared = await t.http().post(`${api}/secretariats/${sid}/transitions`).set(admin.auth)
      .send({ to: 'declared', date: '2016-10-12', document: 'https://iaipoaxaca.org.mx/declaratoria.pdf' }).expect(200);
    expect(declared.body).toMatchObject({ status: 'declared', declarationDocumentUrl: 'https://iaipoaxaca.org.mx/declaratoria.pdf' });
    expect(new Date(declared.body.declaredAt).toISOString().slice(0, 10)).toBe('2016-10-12');

    // The admin invites the first coordinator (a facilitator of the guarantor body's technical staff).
    const coordEmail = uniqueEmail('coordinacion');
    const inv = await t.http().post(`${api}/secretariats/${sid}/invitations`).set(admin.auth)
      .send({ email: coordEmail.toUpperCase(), role: 'facilitator', sector: 'guarantor', isCoordinator: true }).expect(201);
    expect(inv.body).toMatchObject({ email: coordEmail, role: 'facilitator', status: 'pending', isCoordinator: true, emailStatus: 'logged' });
    expect(inv.body).not.toHaveProperty('token');
    const mail = sent.find((m) => m.to === coordEmail)!;
    expect(mail.subject).toBe('Invitación al Secretariado Técnico Local de Gobierno Abierto de Oaxaca');
    expect(mail.text).toContain(`${t.config.publicUrl}/invitaciones/`);
    expect(mail.text).toContain('coordinación');

    const coordinator = await registerUser(t, { email: coordEmail, name: 'Coordinación STL Oaxaca' });
    await t.http().post(`${api}/invitations/${tokenFor(coordEmail)}/accept`).set(coordinator.auth).expect(201);

    // Installing before the seats have titulars is refused, with the reason.
    const early = await t.http().post(`${api}/secretariats/${sid}/transitions`).set(coordinator.auth)
      .send({ to: 'installed', document: 'https://iaipoaxaca.org.mx/acta.pdf' }).expect(422);
    expect(early.body).toMatchObject({ code: 'sectors_incomplete' });
    expect(early.body.detail).toContain('Sociedad civil');

    // The coordinator invites a titular for every seat and an alternate for the first OSC seat.
    const people: LoggedIn[] = [];
    for (const [i, seat] of seats.entries()) {
      const email = uniqueEmail(`titular${i}`);
      await t.http().post(`${api}/secretariats/${sid}/invitations`).set(coordinator.auth).send({ email, role: 'titular', seatId: seat.seatId }).expect(201);
      const person = await registerUser(t, { email, name: `Titular ${i}` });
      const accepted = await t.http().post(`${api}/invitations/${tokenFor(email)}/accept`).set(person.auth).expect(201);
      expect(accepted.body).toMatchObject({ role: 'titular', seatId: seat.seatId, sector: seat.sector, isCoordinator: false });
      people.push(person);
    }
    const altEmail = uniqueEmail('suplente');
    await t.http().post(`${api}/secretariats/${sid}/invitations`).set(coordinator.auth).send({ email: altEmail, role: 'alternate', seatId: seats[0].seatId }).expect(201);
    const alternate = await registerUser(t, { email: altEmail });
    await t.http().post(`${api}/invitations/${tokenFor(altEmail)}/accept`).set(alternate.auth).expect(201);

    // Installation and activation.
    await t.http().post(`${api}/secretariats/${sid}/transitions`).set(coordinator.auth)
      .send({ to: 'installed', date: '2016-11-30', document: 'https://iaipoaxaca.org.mx/acta.pdf' }).expect(200);
    const active = await t.http().post(`${api}/secretariats/${sid}/transitions`).set(coordinator.auth).send({ to: 'active' }).expect(200);
    expect(active.body.status).toBe('active');
    expect(active.body.transitions.map((x: { toStatus: string }) => x.toStatus)).toEqual(['declared', 'installed', 'active']);
    expect(active.body.membership).toMatchObject({ role: 'facilitator', isCoordinator: true, sector: 'guarantor' });

    // What members see.
    const seatList = await t.http().get(`${api}/secretariats/${sid}/seats`).set(people[0].auth).expect(200);
    expect(seatList.body).toHaveLength(5);
    expect(seatList.body.filter((s: { sector: string }) => s.sector === 'civil_society')).toHaveLength(2);
    expect(seatList.body.filter((s: { sector: string }) => s.sector === 'government')).toHaveLength(2);
    expect(seatList.body.filter((s: { sector: string }) => s.sector === 'guarantor')).toHaveLength(1);
    expect(seatList.body.every((s: { titular: unknown }) => s.titular)).toBe(true);
    expect(seatList.body[0].alternate).toMatchObject({ userId: alternate.id });

    const members = await t.http().get(`${api}/secretariats/${sid}/members`).set(people[0].auth).expect(200);
    expect(members.body.items).toHaveLength(7);
    expect(members.body.items.some((m: { email?: string }) => m.email)).toBe(false);
    const asCoordinator = await t.http().get(`${api}/secretariats/${sid}/members`).set(coordinator.auth).expect(200);
    expect(asCoordinator.body.items.find((m: { userId: string }) => m.userId === people[2].id)).toMatchObject({
      email: people[2].email, role: 'titular', sector: 'government',
      organization: { name: 'Secretaría de la Contraloría y Transparencia Gubernamental' },
    });

    const mine = await t.http().get(`${api}/secretariats`).set(people[4].auth).expect(200);
    expect(mine.body.items.map((s: { id: string }) => s.id)).toEqual([sid]);

    // Every step is in the secretariat's audit chain.
    const actions = (await t.db.query('SELECT action FROM audit_events WHERE secretariat_id = $1 ORDER BY seq', [sid])).map((r: { action: string }) => r.action);
    expect(actions.filter((a: string) => a === 'seat.created')).toHaveLength(5);
    expect(actions.filter((a: string) => a === 'invitation.accepted')).toHaveLength(7);
    expect(actions.filter((a: string) => a === 'secretariat.transitioned')).toHaveLength(3);
  });
});
