import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { addMember, LoggedIn, registerUser, SecretariatFixture, setupSecretariat, uniqueEmail } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// The authorization matrix (issue 3): every route of the secretariats and catalog
// capabilities × every kind of caller. 404 hides other tenants' secretariats, 403 refuses an
// action on something the caller can see, 401 without a token.
const ROLES = ['admin', 'coordinator', 'titular', 'alternate', 'observer', 'facilitator', 'otherSecretariat', 'nonMember', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
type Expect = Record<Role, number>;

const API = '/api/v1';
const members = (ok: number): Expect => ({
  admin: ok, coordinator: ok, titular: ok, alternate: ok, observer: ok, facilitator: ok, otherSecretariat: 404, nonMember: 404, anonymous: 401,
});
/** Coordinators and admins may; other members get 403; outsiders 404. `ok` may differ per role. */
const managers = (ok: number): Expect => ({
  admin: ok, coordinator: ok, titular: 403, alternate: 403, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401,
});

describe('secretariats authorization matrix', () => {
  let t: TestApp;
  let oax: SecretariatFixture;
  let jal: SecretariatFixture;
  let who: Record<Role, LoggedIn | null>;

  beforeAll(async () => {
    t = await createTestApp();
    oax = await setupSecretariat(t, { alternates: true, seats: { government: 2, civil_society: 2, guarantor: 1 } });
    jal = await setupSecretariat(t, { stateCode: '14', admin: oax.admin });
    who = {
      admin: oax.admin,
      coordinator: oax.coordinator,
      titular: oax.seatsOf('civil_society')[0].titular,
      alternate: oax.seatsOf('civil_society')[0].alternate!,
      observer: await addMember(t, oax.secretariatId, { role: 'observer' }),
      facilitator: await addMember(t, oax.secretariatId, { role: 'facilitator', sector: 'guarantor' }),
      otherSecretariat: jal.coordinator,
      nonMember: await registerUser(t),
      anonymous: null,
    };
  });
  afterAll(() => t.close());

  const as = (role: Role) => {
    const auth = who[role]?.auth ?? {};
    const http = t.http();
    return {
      get: (url: string) => http.get(url).set(auth),
      post: (url: string, body: object = {}) => http.post(url).set(auth).send(body),
      patch: (url: string, body: object = {}) => http.patch(url).set(auth).send(body),
    };
  };
  const sid = () => oax.secretariatId;
  const newOrg = async (sector = 'civil_society', state = '20') => {
    const [org] = await t.db.query(`INSERT INTO organizations (name, sector, kind, state_code) VALUES ($1, $2, $3, $4) RETURNING id`, [
      `Org ${randomUUID().slice(0, 8)}`, sector, sector === 'guarantor' ? 'organismo_garante' : sector === 'government' ? 'dependencia' : 'osc', state,
    ]);
    return org.id as string;
  };
  const newSeat = async () => {
    const [seat] = await t.db.query(`INSERT INTO seats (secretariat_id, organization_id, sector) VALUES ($1, $2, 'civil_society') RETURNING id`, [sid(), await newOrg()]);
    return seat.id as string;
  };

  const CASES: { name: string; expect: Expect; run: (role: Role) => Promise<request.Response> }[] = [
    { name: 'GET /secretariats/:id', expect: members(200), run: (r) => as(r).get(`${API}/secretariats/${sid()}`) },
    { name: 'GET /secretariats/:id/seats', expect: members(200), run: (r) => as(r).get(`${API}/secretariats/${sid()}/seats`) },
    { name: 'GET /secretariats/:id/members', expect: members(200), run: (r) => as(r).get(`${API}/secretariats/${sid()}/members`) },
    { name: 'GET /secretariats/:id/invitations', expect: managers(200), run: (r) => as(r).get(`${API}/secretariats/${sid()}/invitations`) },
    { name: 'PATCH /secretariats/:id', expect: managers(200), run: (r) => as(r).patch(`${API}/secretariats/${sid()}`, { rules: { quorumPerSector: 1 } }) },
    // An authorized caller reaches the state check (active → declared is not a move): 409.
    { name: 'POST /secretariats/:id/transitions', expect: managers(409), run: (r) => as(r).post(`${API}/secretariats/${sid()}/transitions`, { to: 'declared', date: '2020-01-01', document: 'https://x.mx/d.pdf' }) },
    { name: 'POST /secretariats/:id/seats', expect: managers(201), run: async (r) => as(r).post(`${API}/secretariats/${sid()}/seats`, { organizationId: await newOrg() }) },
    { name: 'POST /secretariats/:id/seats/:seatId/vacate', expect: managers(200), run: async (r) => as(r).post(`${API}/secretariats/${sid()}/seats/${await newSeat()}/vacate`, { reason: 'Se retiró' }) },
    {
      name: 'POST /secretariats/:id/seats/:seatId/reassign', expect: managers(201),
      run: async (r) => as(r).post(`${API}/secretariats/${sid()}/seats/${await newSeat()}/reassign`, { organizationId: await newOrg(), reason: 'Rotación' }),
    },
    { name: 'POST /secretariats/:id/invitations', expect: managers(201), run: (r) => as(r).post(`${API}/secretariats/${sid()}/invitations`, { email: uniqueEmail(), role: 'observer', sector: 'civil_society' }) },
    {
      name: 'POST /secretariats/:id/invitations/:invitationId/revoke', expect: managers(200),
      run: async (r) => {
        const inv = await as('admin').post(`${API}/secretariats/${sid()}/invitations`, { email: uniqueEmail(), role: 'observer', sector: 'guarantor' }).expect(201);
        return as(r).post(`${API}/secretariats/${sid()}/invitations/${inv.body.id}/revoke`);
      },
    },
    {
      name: 'POST /memberships/:id/end (someone else’s)', expect: managers(200),
      run: async (r) => as(r).post(`${API}/memberships/${(await addMember(t, sid())).membershipId}/end`, { reason: 'Concluyó su periodo' }),
    },
    {
      name: 'PATCH /memberships/:id', expect: managers(200),
      run: async (r) => as(r).patch(`${API}/memberships/${(await addMember(t, sid())).membershipId}`, { isCoordinator: true }),
    },
    // Organizations are public objects: refusals are 403, never 404.
    {
      name: 'PATCH /organizations/:id (holds a seat in Oaxaca)',
      expect: { ...managers(200), otherSecretariat: 403, nonMember: 403 },
      run: (r) => as(r).patch(`${API}/organizations/${oax.seatsOf('government')[0].organization.id}`, { name: `Dependencia ${randomUUID().slice(0, 6)}` }),
    },
    {
      name: 'POST /organizations (in Oaxaca)',
      expect: { ...managers(201), otherSecretariat: 403, nonMember: 403 },
      run: (r) => as(r).post(`${API}/organizations`, { name: `OSC ${randomUUID().slice(0, 8)}`, sector: 'civil_society', kind: 'osc', stateCode: '20' }),
    },
    { name: 'POST /secretariats', expect: { ...managers(201), coordinator: 403, otherSecretariat: 403, nonMember: 403 }, run: (r) => as(r).post(`${API}/secretariats`, { stateCode: '20', municipality: `Municipio ${randomUUID().slice(0, 8)}` }) },
    { name: 'GET /secretariats', expect: { ...members(200), otherSecretariat: 200, nonMember: 200 }, run: (r) => as(r).get(`${API}/secretariats`) },
    { name: 'GET /states (public)', expect: { ...members(200), otherSecretariat: 200, nonMember: 200, anonymous: 200 }, run: (r) => as(r).get(`${API}/states`) },
    { name: 'GET /organizations (public)', expect: { ...members(200), otherSecretariat: 200, nonMember: 200, anonymous: 200 }, run: (r) => as(r).get(`${API}/organizations?state=20`) },
    {
      name: 'POST /invitations/:token/accept (someone else’s invitation)',
      expect: { ...members(403), otherSecretariat: 403, nonMember: 403, anonymous: 401 },
      run: async (r) => {
        // Each call gets a fresh invitation for a stranger's address: only 401 (no token) or 403 (wrong email).
        const email = uniqueEmail('ajena');
        await as('admin').post(`${API}/secretariats/${sid()}/invitations`, { email, role: 'observer', sector: 'guarantor' }).expect(201);
        const [row] = await t.db.query('SELECT id FROM invitations WHERE email = $1', [email]);
        const token = await issueKnownToken(row.id);
        return as(r).post(`${API}/invitations/${token}/accept`);
      },
    },
  ];

  /** Replaces an invitation's token hash with one for a token we know (the API never returns tokens). */
  const issueKnownToken = async (invitationId: string) => {
    const { createHash, randomBytes } = await import('node:crypto');
    const token = randomBytes(32).toString('base64url');
    await t.db.query('UPDATE invitations SET token_hash = $2 WHERE id = $1', [invitationId, createHash('sha256').update(token).digest('hex')]);
    return token;
  };

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const got: Partial<Expect> = {};
    for (const role of ROLES) got[role] = (await c.run(role)).status;
    expect(got).toEqual(c.expect);
  });

  it('lists only the secretariats the caller belongs to (admins: all)', async () => {
    const ids = async (role: Role) => (await as(role).get(`${API}/secretariats?limit=100`).expect(200)).body.items.map((s: { id: string }) => s.id);
    expect(await ids('admin')).toEqual(expect.arrayContaining([oax.secretariatId, jal.secretariatId]));
    expect(await ids('titular')).toEqual([oax.secretariatId]);
    expect(await ids('otherSecretariat')).toEqual([jal.secretariatId]);
    expect(await ids('nonMember')).toEqual([]);
  });

  it('shows member emails only to coordinators and admins', async () => {
    const emails = async (role: Role) =>
      (await as(role).get(`${API}/secretariats/${sid()}/members?limit=100`).expect(200)).body.items.filter((m: { email?: string }) => m.email).length;
    expect(await emails('titular')).toBe(0);
    expect(await emails('observer')).toBe(0);
    expect(await emails('coordinator')).toBeGreaterThan(5);
    expect(await emails('admin')).toBeGreaterThan(5);
  });

  it('lets a member end their own membership but not anyone else’s', async () => {
    const observer = await addMember(t, sid());
    await t.http().post(`${API}/memberships/${who.titular!.id}/end`).set(observer.auth).send({ reason: 'x' }).expect(404); // not a membership id
    await t.http().post(`${API}/memberships/${(who.titular as LoggedIn & { membershipId: string }).membershipId}/end`).set(observer.auth).send({ reason: 'x' }).expect(403);
    const res = await t.http().post(`${API}/memberships/${observer.membershipId}/end`).set(observer.auth).send({ reason: 'Cambio de empleo' }).expect(200);
    expect(res.body).toMatchObject({ endReason: 'Cambio de empleo' });
    expect(res.body.endedAt).toBeTruthy();
    // Having left, the secretariat is no longer visible to them.
    await t.http().get(`${API}/secretariats/${sid()}`).set(observer.auth).expect(404);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await as('admin').get(`${API}/secretariats/${unknown}`)).status).toBe(404);
    expect((await as('admin').post(`${API}/memberships/${unknown}/end`, { reason: 'x' })).status).toBe(404);
    expect((await as('admin').patch(`${API}/organizations/${unknown}`, { name: 'x' })).status).toBe(404);
    expect((await as('coordinator').post(`${API}/secretariats/${sid()}/seats/${unknown}/vacate`, { reason: 'x' })).status).toBe(404);
    // A seat of another secretariat is not found through this one.
    expect((await as('admin').post(`${API}/secretariats/${sid()}/seats/${jal.seats[0].seatId}/vacate`, { reason: 'x' })).status).toBe(404);
    const bad = await as('admin').get(`${API}/secretariats/no-es-un-uuid`);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_id');
  });

  describe('mass assignment is refused (400, naming the field)', () => {
    const refused = async (res: request.Response, field: string) => {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    it('on secretariats, organizations, memberships, seats and invitations', async () => {
      const s = `${API}/secretariats/${sid()}`;
      await refused(await as('coordinator').patch(s, { name: 'Nuevo', isPlatformAdmin: true }), 'isPlatformAdmin');
      await refused(await as('coordinator').patch(s, { status: 'active' }), 'status');
      await refused(await as('coordinator').patch(s, { stateCode: '14' }), 'stateCode');
      await refused(await as('coordinator').patch(s, { secretariatId: jal.secretariatId }), 'secretariatId');
      await refused(await as('coordinator').patch(s, { rules: { quorumPerSector: 0 } }), 'rules.quorumPerSector');
      await refused(await as('coordinator').patch(s, { rules: { decisionRule: 'mayoria_de_uno' } }), 'rules.decisionRule');
      await refused(await as('coordinator').patch(s, { rules: { hack: true } }), 'rules.hack');
      const org = `${API}/organizations/${oax.seatsOf('government')[0].organization.id}`;
      await refused(await as('coordinator').patch(org, { sector: 'guarantor' }), 'sector');
      await refused(await as('coordinator').patch(org, { stateCode: '14' }), 'stateCode');
      const m = `${API}/memberships/${oax.seatsOf('civil_society')[1].titular.membershipId}`;
      await refused(await as('coordinator').patch(m, { isCoordinator: true, sector: 'guarantor' }), 'sector');
      await refused(await as('coordinator').patch(m, { isCoordinator: true, secretariatId: jal.secretariatId }), 'secretariatId');
      await refused(await as('coordinator').patch(m, { isCoordinator: true, role: 'titular' }), 'role');
      await refused(await as('coordinator').post(`${s}/seats`, { organizationId: await newOrg(), active: false, secretariatId: jal.secretariatId }), 'secretariatId');
      await refused(await as('coordinator').post(`${s}/invitations`, { email: uniqueEmail(), role: 'observer', sector: 'guarantor', acceptedAt: new Date() }), 'acceptedAt');
      await refused(await as('coordinator').post(`${s}/invitations`, { email: uniqueEmail(), role: 'observer', sector: 'guarantor', secretariatId: jal.secretariatId }), 'secretariatId');
      await refused(await as('coordinator').post(`${s}/transitions`, { to: 'suspended', sector: 'government', reason: 'x', version: 99 }), 'version');
      // Nothing changed.
      const after = await as('admin').get(s).expect(200);
      expect(after.body).toMatchObject({ stateCode: '20', status: 'active', rules: { quorumPerSector: 1, decisionRule: 'tripartite_consensus' } });
    });
  });
});
