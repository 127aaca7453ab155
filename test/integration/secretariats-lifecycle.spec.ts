import { addMember, registerUser, SecretariatFixture, SecretariatSetup, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { SECRETARIAT_STATUSES, SECRETARIAT_TRANSITIONS, SecretariatStatus } from '../../src/secretariats/secretariat-status';

// The secretariat's lifecycle (DESIGN §3): every allowed and every refused move, the
// conditions each step needs, and two coordinators racing the same move.
const API = '/api/v1';

const VALID_BODY: Record<SecretariatStatus, object> = {
  promoting: {},
  declared: { date: '2019-03-21', document: 'https://garante.mx/declaratoria.pdf' },
  installed: { date: '2019-05-02', document: 'https://garante.mx/acta-instalacion.pdf' },
  active: {},
  suspended: { sector: 'civil_society', reason: 'Las OSC se retiraron por falta de respuesta del gobierno' },
  dissolved: { reason: 'Acuerdo de disolución del pleno' },
};

describe('secretariat lifecycle', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof registerUser>>;
  let municipality = 0;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await registerUser(t, { admin: true });
  });
  afterAll(() => t.close());

  // Each secretariat gets its own municipality so many can live in one state.
  const make = (options: SecretariatSetup = {}) => setupSecretariat(t, { admin, municipality: `Municipio ${++municipality}`, ...options });
  const move = (s: SecretariatFixture, body: object, as = s.coordinator) =>
    t.http().post(`${API}/secretariats/${s.secretariatId}/transitions`).set(as.auth).send(body);

  const allowed = SECRETARIAT_STATUSES.flatMap((from) => SECRETARIAT_TRANSITIONS[from].map((to) => [from, to] as const));
  const refused = SECRETARIAT_STATUSES.flatMap((from) =>
    SECRETARIAT_STATUSES.filter((to) => !SECRETARIAT_TRANSITIONS[from].includes(to)).map((to) => [from, to] as const),
  );

  it('has the documented table', () => {
    expect(allowed).toEqual([
      ['promoting', 'declared'], ['promoting', 'dissolved'], ['declared', 'installed'], ['declared', 'dissolved'],
      ['installed', 'active'], ['installed', 'dissolved'], ['active', 'suspended'], ['active', 'dissolved'],
      ['suspended', 'active'], ['suspended', 'dissolved'],
    ]);
  });

  it.each(allowed)('allows %s → %s, records it and audits it', async (from, to) => {
    const s = await make({ status: from });
    const res = await move(s, { to, ...VALID_BODY[to] });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(to);
    expect(res.body.version).toBe(2);
    expect(res.body.transitions).toEqual([expect.objectContaining({ fromStatus: from, toStatus: to, actorId: s.coordinator.id })]);
    if (to === 'declared') expect(res.body).toMatchObject({ declarationDocumentUrl: 'https://garante.mx/declaratoria.pdf', declaredAt: '2019-03-21T06:00:00.000Z' });
    if (to === 'installed') expect(res.body).toMatchObject({ installationDocumentUrl: 'https://garante.mx/acta-instalacion.pdf', installedAt: '2019-05-02T05:00:00.000Z' });
    if (to === 'suspended') expect(res.body).toMatchObject({ suspendedSector: 'civil_society', suspensionReason: VALID_BODY.suspended['reason' as never] });
    if (to === 'active') expect(res.body).toMatchObject({ suspendedSector: null, suspensionReason: null });
    const [event] = await t.db.query(`SELECT data FROM audit_events WHERE secretariat_id = $1 AND action = 'secretariat.transitioned'`, [s.secretariatId]);
    expect(event.data).toMatchObject({ from, to });
  });

  it('refuses every move not in the table with 409 and leaves the secretariat as it was', async () => {
    const byStatus = new Map<SecretariatStatus, SecretariatFixture>();
    for (const status of SECRETARIAT_STATUSES) byStatus.set(status, await make({ status }));
    for (const [from, to] of refused) {
      const s = byStatus.get(from)!;
      const res = await move(s, { to, ...VALID_BODY[to] });
      expect({ from, to, status: res.status, code: res.body.code }).toEqual({ from, to, status: 409, code: 'invalid_transition' });
      expect(res.body.detail).toMatch(/^No se puede pasar de/);
    }
    for (const [status, s] of byStatus) {
      const [row] = await t.db.query('SELECT status, version FROM secretariats WHERE id = $1', [s.secretariatId]);
      expect(row).toEqual({ status, version: 1 });
    }
    expect(await t.db.query('SELECT 1 FROM secretariat_transitions')).toHaveLength(allowed.length);
  });

  it("reads an act's calendar date in the secretariat's own time zone", async () => {
    // Mexico City was UTC-6 on 21 March 2019 and UTC-5 (summer time) on 2 May 2019 (asserted
    // above); Quintana Roo is UTC-5 all year, Baja California was UTC-8 in March.
    const qroo = await make({ status: 'promoting', stateCode: '23' });
    const q = await move(qroo, { to: 'declared', date: '2019-03-21', document: 'https://x.mx/d.pdf' }).expect(200);
    expect(q.body.declaredAt).toBe('2019-03-21T05:00:00.000Z');
    const bc = await make({ status: 'promoting', stateCode: '02' });
    const b = await move(bc, { to: 'declared', date: '2019-03-01', document: 'https://x.mx/d.pdf' }).expect(200);
    expect(b.body.declaredAt).toBe('2019-03-01T08:00:00.000Z');
    // Today (in the state) is allowed; tomorrow is not.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Tijuana' }).format(new Date());
    await move(bc, { to: 'installed', date: today, document: 'https://x.mx/acta.pdf' }).expect(200);
  });

  describe('conditions (422, with the reason)', () => {
    const refusedWith = async (s: SecretariatFixture, body: object, code: string) => {
      const res = await move(s, body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 422, code });
      expect(res.body.detail).toEqual(expect.any(String));
      const [row] = await t.db.query('SELECT status FROM secretariats WHERE id = $1', [s.secretariatId]);
      return { res, status: row.status };
    };

    it('declared needs the date and the document of the Declaratoria, not in the future', async () => {
      const s = await make({ status: 'promoting' });
      expect((await refusedWith(s, { to: 'declared', document: 'https://x.mx/d.pdf' }, 'date_required')).status).toBe('promoting');
      await refusedWith(s, { to: 'declared', date: '2019-03-21' }, 'document_required');
      await refusedWith(s, { to: 'declared', date: '2999-01-01', document: 'https://x.mx/d.pdf' }, 'date_in_future');
      const bad = await move(s, { to: 'declared', date: '21/03/2019', document: 'no es un enlace' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['date', 'document']);
    });

    it('installed needs the acta and a seat with a titular in each of the three sectors', async () => {
      const noGuarantor = await make({ status: 'declared', seats: { government: 2, civil_society: 2 } });
      await refusedWith(noGuarantor, { to: 'installed' }, 'document_required');
      const { res } = await refusedWith(noGuarantor, { to: 'installed', document: 'https://x.mx/acta.pdf' }, 'sectors_incomplete');
      expect(res.body.detail).toContain('Organismo garante');
      expect(res.body.detail).not.toContain('Sociedad civil');

      // A seat without a titular (its titular's term ended) does not count, nor does a vacated seat.
      const s = await make({ status: 'declared' });
      await t.http().post(`${API}/memberships/${s.seatsOf('government')[0].titular.membershipId}/end`).set(s.coordinator.auth).send({ reason: 'Renuncia' }).expect(200);
      await refusedWith(s, { to: 'installed', document: 'https://x.mx/acta.pdf' }, 'sectors_incomplete');
      await t.http().post(`${API}/secretariats/${s.secretariatId}/seats/${s.seatsOf('civil_society')[0].seatId}/vacate`).set(s.coordinator.auth).send({ reason: 'Se retiró' }).expect(200);
      const again = await refusedWith(s, { to: 'installed', document: 'https://x.mx/acta.pdf' }, 'sectors_incomplete');
      expect(again.res.body.detail).toContain('Gobierno');
      expect(again.res.body.detail).toContain('Sociedad civil');

      // An alternate alone is not enough either.
      const alt = await make({ status: 'declared', alternates: true });
      await t.db.query(`UPDATE memberships SET ended_at = now() WHERE id = $1`, [alt.seatsOf('guarantor')[0].titular.membershipId]);
      await refusedWith(alt, { to: 'installed', document: 'https://x.mx/acta.pdf' }, 'sectors_incomplete');
    });

    it('the detail says beforehand which moves the table allows and which sectors lack a titular', async () => {
      const s = await make({ status: 'declared', seats: { government: 1, civil_society: 1 } });
      const before = await t.http().get(`${API}/secretariats/${s.secretariatId}`).set(s.coordinator.auth).expect(200);
      expect(before.body.nextStatuses).toEqual(['installed', 'dissolved']);
      expect(before.body.sectorsWithoutTitular).toEqual(['guarantor']);
      const full = await make({ status: 'installed' });
      const after = await t.http().get(`${API}/secretariats/${full.secretariatId}`).set(full.coordinator.auth).expect(200);
      expect(after.body).toMatchObject({ nextStatuses: ['active', 'dissolved'], sectorsWithoutTitular: [] });
    });

    it('active (from installed or suspended) needs the three sectors again', async () => {
      const installed = await make({ status: 'installed', seats: { government: 1, guarantor: 1 } });
      await refusedWith(installed, { to: 'active' }, 'sectors_incomplete');
      const suspended = await make({ status: 'suspended', seats: { civil_society: 1, guarantor: 1 } });
      expect((await refusedWith(suspended, { to: 'active' }, 'sectors_incomplete')).status).toBe('suspended');
    });

    it('suspended needs the withdrawing sector and the reason; dissolved needs the reason', async () => {
      const s = await make({ status: 'active' });
      await refusedWith(s, { to: 'suspended', reason: 'Se retiraron' }, 'sector_required');
      await refusedWith(s, { to: 'suspended', sector: 'government' }, 'reason_required');
      await refusedWith(s, { to: 'dissolved' }, 'reason_required');
      expect((await move(s, { to: 'suspended', sector: 'gobierno', reason: 'x' })).status).toBe(400);
      expect((await move(s, { to: 'cerrado' })).status).toBe(400);
    });
  });

  it('two coordinators racing the same move: exactly one succeeds, the other gets 409', async () => {
    for (let round = 0; round < 3; round++) {
      const s = await make({ status: 'active' });
      const second = await addMember(t, s.secretariatId, { role: 'facilitator', isCoordinator: true });
      const body = { to: 'suspended', ...VALID_BODY.suspended };
      const results = await Promise.all([move(s, body), move(s, body, second)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await t.db.query('SELECT 1 FROM secretariat_transitions WHERE secretariat_id = $1', [s.secretariatId])).length).toBe(1);
      const [row] = await t.db.query('SELECT status, version FROM secretariats WHERE id = $1', [s.secretariatId]);
      expect(row).toEqual({ status: 'suspended', version: 2 });
    }
  });

  it('a dissolved secretariat stays readable but accepts no changes, and frees its state for a new one', async () => {
    const s = await make({ status: 'active', municipality: 'Santa Lucía del Camino' });
    const dup = await t.http().post(`${API}/secretariats`).set(admin.auth).send({ stateCode: '20', municipality: 'Santa Lucía del Camino' });
    expect({ status: dup.status, code: dup.body.code }).toEqual({ status: 409, code: 'secretariat_exists' });
    await move(s, { to: 'dissolved', reason: 'Acuerdo del pleno' }).expect(200);

    const base = `${API}/secretariats/${s.secretariatId}`;
    const refusals = [
      await t.http().patch(base).set(s.coordinator.auth).send({ name: 'Otro nombre' }),
      await t.http().post(`${base}/seats`).set(s.coordinator.auth).send({ organizationId: s.seats[0].organization.id }),
      await t.http().post(`${base}/invitations`).set(s.coordinator.auth).send({ email: 'alguien@ejemplo.mx', role: 'observer', sector: 'guarantor' }),
      await t.http().post(`${base}/seats/${s.seats[0].seatId}/vacate`).set(s.coordinator.auth).send({ reason: 'x' }),
    ];
    expect(refusals.map((r) => [r.status, r.body.code])).toEqual(Array(4).fill([409, 'secretariat_dissolved']));
    await t.http().get(base).set(s.seats[0].titular.auth).expect(200);

    const renewed = await t.http().post(`${API}/secretariats`).set(admin.auth).send({ stateCode: '20', municipality: 'Santa Lucía del Camino' });
    expect(renewed.status).toBe(201);
    expect(renewed.body.status).toBe('promoting');
  });

  describe('rules (lineamientos)', () => {
    it('are validated, merged key by key, versioned and audited', async () => {
      const s = await make();
      const base = `${API}/secretariats/${s.secretariatId}`;
      const res = await t.http().patch(base).set(s.coordinator.auth)
        .send({ version: 1, rules: { decisionRule: 'two_sector_majority', quorumPerSector: 2, reminders: { voteClosingHours: [72, 24] } } }).expect(200);
      expect(res.body.version).toBe(2);
      expect(res.body.rules).toMatchObject({
        decisionRule: 'two_sector_majority', quorumPerSector: 2, proposalResponseDays: 15,
        reminders: { voteClosingHours: [72, 24], milestoneDueDays: [7, 1], reviewPendingDays: 5 },
      });
      const stale = await t.http().patch(base).set(s.coordinator.auth).send({ version: 1, rules: { quorumPerSector: 1 } });
      expect({ status: stale.status, code: stale.body.code }).toEqual({ status: 409, code: 'stale_version' });

      for (const rules of [{ quorumPerSector: 0 }, { quorumPerSector: 1.5 }, { decisionRule: 'unanimidad' }, { reminders: { voteClosingHours: [-1] } }, { minVotingHours: '2' }]) {
        expect((await t.http().patch(base).set(s.coordinator.auth).send({ rules })).status).toBe(400);
      }
      const after = await t.http().get(base).set(s.seats[0].titular.auth).expect(200);
      expect(after.body.rules).toMatchObject({ decisionRule: 'two_sector_majority', quorumPerSector: 2 });

      const [event] = await t.db.query(`SELECT data FROM audit_events WHERE secretariat_id = $1 AND action = 'secretariat.rules_changed'`, [s.secretariatId]);
      expect(event.data.before).toMatchObject({ decisionRule: 'tripartite_consensus', quorumPerSector: 1 });
      expect(event.data.after).toMatchObject({ decisionRule: 'two_sector_majority', quorumPerSector: 2 });
    });

    it('start from the defaults, or from the ones given at creation', async () => {
      const res = await t.http().post(`${API}/secretariats`).set(admin.auth)
        .send({ stateCode: '23', name: 'STL Quintana Roo', rules: { decisionRule: 'simple_majority' } }).expect(201);
      expect(res.body).toMatchObject({ name: 'STL Quintana Roo', timeZone: 'America/Cancun', rules: { decisionRule: 'simple_majority', quorumPerSector: 1 } });
    });
  });
});
