import { randomUUID } from 'node:crypto';
import { API, createPlan, expectStatus, proposalBody } from '../support/co-creation';
import { registerUser, SecretariatFixture, setupImplementation, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// DESIGN §10 (issue 12, defect 1): a secretariat refers only to organizations of its own
// state, on every route that takes an organization id; and a coordinator cannot rename an
// organization another secretariat seats.
describe('cross-state organizations', () => {
  let t: TestApp;
  let oax: SecretariatFixture;
  let jal: SecretariatFixture;
  const orgOf = (fx: SecretariatFixture, sector: 'government' | 'civil_society' | 'guarantor') => fx.seatsOf(sector)[0].organization.id;
  const refused = (res: { status: number; body: { code?: string } }) => expect([res.status, res.body.code]).toEqual([422, 'organization_other_state']);

  async function newOrg(stateCode: string, sector = 'government', kind = 'dependencia') {
    const [o] = await t.db.query(`INSERT INTO organizations (name, sector, kind, state_code) VALUES ($1, $2, $3, $4) RETURNING id`, [`Org ${randomUUID().slice(0, 8)}`, sector, kind, stateCode]);
    return o.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await registerUser(t, { admin: true });
    oax = await setupSecretariat(t, { stateCode: '20', admin });
    jal = await setupSecretariat(t, { stateCode: '14', admin });
  });
  afterAll(() => t.close());

  it('seats: an organization of another state is refused, on creation and on reassignment; one of the same state is seated', async () => {
    const seats = `${API}/secretariats/${oax.secretariatId}/seats`;
    refused(await t.http().post(seats).set(oax.coordinator.auth).send({ organizationId: orgOf(jal, 'government') }));
    refused(await t.http().post(seats).set(oax.admin.auth).send({ organizationId: await newOrg('14') }));
    const seatId = oax.seatsOf('civil_society')[0].seatId;
    refused(await t.http().post(`${seats}/${seatId}/reassign`).set(oax.coordinator.auth).send({ organizationId: orgOf(jal, 'civil_society'), reason: 'Cambio de organización' }));
    await t.http().post(seats).set(oax.coordinator.auth).send({ organizationId: await newOrg('20') }).expect(201);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM seats s JOIN organizations o ON o.id = s.organization_id WHERE s.secretariat_id = $1 AND o.state_code <> '20'`, [oax.secretariatId]);
    expect(n).toBe(0);
  });

  it('a municipal secretariat takes organizations of its own state only', async () => {
    const juchitan = await setupSecretariat(t, { stateCode: '20', municipality: 'Juchitán de Zaragoza', admin: oax.admin });
    const seats = `${API}/secretariats/${juchitan.secretariatId}/seats`;
    await t.http().post(seats).set(juchitan.coordinator.auth).send({ organizationId: await newOrg('20') }).expect(201);
    refused(await t.http().post(seats).set(juchitan.coordinator.auth).send({ organizationId: await newOrg('14') }));
  });

  it('observer invitations: an organization of another state is refused', async () => {
    const res = await t.http().post(`${API}/secretariats/${oax.secretariatId}/invitations`).set(oax.coordinator.auth)
      .send({ email: `obs-${randomUUID().slice(0, 6)}@ejemplo.mx`, role: 'observer', organizationId: orgOf(jal, 'civil_society') });
    refused(res);
    await t.http().post(`${API}/secretariats/${oax.secretariatId}/invitations`).set(oax.coordinator.auth)
      .send({ email: `obs-${randomUUID().slice(0, 6)}@ejemplo.mx`, role: 'observer', organizationId: orgOf(oax, 'civil_society') }).expect(201);
  });

  it("proposals: another state's lead agency or co-responsible organization is refused on create and edit", async () => {
    const plan = await createPlan(t, oax);
    await expectStatus(await t.http().post(`${API}/plans/${plan.id}/stage`).set(oax.coordinator.auth).send({ to: 'consultation' }), 200);
    const author = oax.seatsOf('civil_society')[0].titular;
    const url = `${API}/plans/${plan.id}/proposals`;
    refused(await t.http().post(url).set(author.auth).send(proposalBody(orgOf(jal, 'government'))));
    refused(await t.http().post(url).set(author.auth).send(proposalBody(orgOf(oax, 'government'), { coResponsibleOrganizationIds: [orgOf(oax, 'civil_society'), orgOf(jal, 'civil_society')] })));
    const ok = await t.http().post(url).set(author.auth).send(proposalBody(orgOf(oax, 'government'))).expect(201);
    refused(await t.http().patch(`${API}/proposals/${ok.body.id}`).set(author.auth).send({ leadAgencyId: orgOf(jal, 'government') }));
    refused(await t.http().patch(`${API}/proposals/${ok.body.id}`).set(author.auth).send({ coResponsibleOrganizationIds: [orgOf(jal, 'guarantor')] }));
    const stored = await t.http().get(`${API}/proposals/${ok.body.id}`).set(author.auth).expect(200);
    expect([stored.body.leadAgencyId, stored.body.coResponsibleOrganizationIds]).toEqual([orgOf(oax, 'government'), []]);
  });

  it("commitments and milestones before implementation: another state's organizations are refused", async () => {
    const im = await setupImplementation(t, { stage: 'adoption', admin: oax.admin, milestones: [{ weight: 100 }] });
    const other = await newOrg('14');
    const coord = im.fx.coordinator.auth;
    refused(await t.http().patch(`${API}/commitments/${im.commitmentId}`).set(coord).send({ leadAgencyId: other }));
    refused(await t.http().patch(`${API}/commitments/${im.commitmentId}`).set(coord).send({ coResponsibleOrganizationIds: [other] }));
    const milestone = (responsibleOrganizationId: string, id?: string) => ({ id, title: 'Publicar el padrón', responsibleOrganizationId, startDate: '2025-02-01', dueDate: '2026-06-30', weight: 100 });
    refused(await t.http().put(`${API}/commitments/${im.commitmentId}/milestones`).set(coord).send({ milestones: [milestone(other)] }));
    refused(await t.http().patch(`${API}/milestones/${im.milestoneIds[0]}`).set(coord).send({ responsibleOrganizationId: other }));
    const [m] = await t.db.query('SELECT responsible_organization_id FROM milestones WHERE commitment_id = $1', [im.commitmentId]);
    expect(m.responsible_organization_id).toBe(im.lead.organization.id);
    // POST (append) goes through the same check.
    await t.db.query('UPDATE milestones SET weight = 50 WHERE id = $1', [im.milestoneIds[0]]);
    refused(await t.http().post(`${API}/commitments/${im.commitmentId}/milestones`).set(coord).send({ milestones: [{ ...milestone(other), id: undefined, weight: 50 }] }));
  });

  it("modification requests: another state's new lead agency or milestone organization is refused at creation", async () => {
    const im = await setupImplementation(t, { admin: oax.admin, secretariat: { stateCode: '20' }, milestones: [{ weight: 100 }] });
    const url = `${API}/commitments/${im.commitmentId}/modification-requests`;
    const other = await newOrg('14');
    refused(await t.http().post(url).set(im.fx.coordinator.auth).send({ reason: 'Cambia la dependencia responsable.', changes: { leadAgencyId: other } }));
    refused(await t.http().post(url).set(im.fx.coordinator.auth).send({
      reason: 'Cambia el responsable del hito.',
      milestones: [{ id: im.milestoneIds[0], title: 'Hito 1', responsibleOrganizationId: other, startDate: '2025-02-01', dueDate: '2026-06-30', weight: 100 }],
    }));
    await t.http().post(url).set(im.fx.coordinator.auth).send({ reason: 'Cambia la dependencia responsable.', changes: { leadAgencyId: im.fx.seatsOf('government')[1].organization.id } }).expect(201);
  });

  describe('editing organizations', () => {
    const rename = (who: { auth: Record<string, string> }, id: string) => t.http().patch(`${API}/organizations/${id}`).set(who.auth).send({ name: `Renombrada ${randomUUID().slice(0, 6)}` });

    it('a coordinator cannot rename an organization of another state, even one seated in their secretariat by an earlier bug', async () => {
      const planted = await newOrg('14', 'civil_society', 'osc');
      await t.db.query(`INSERT INTO seats (secretariat_id, organization_id, sector) VALUES ($1, $2, 'civil_society')`, [oax.secretariatId, planted]);
      const res = await rename(oax.coordinator, planted);
      expect([res.status, res.body.code]).toEqual([403, 'organization_edit_forbidden']);
      expect((await rename(oax.coordinator, orgOf(jal, 'government'))).status).toBe(403);
    });

    it('a coordinator cannot rename an organization that another secretariat also seats; a platform admin can', async () => {
      const juchitan = await setupSecretariat(t, { stateCode: '20', municipality: `Municipio ${randomUUID().slice(0, 6)}`, admin: oax.admin });
      const shared = orgOf(oax, 'guarantor');
      await t.http().post(`${API}/secretariats/${juchitan.secretariatId}/seats`).set(juchitan.coordinator.auth).send({ organizationId: shared }).expect(201);
      const res = await rename(oax.coordinator, shared);
      expect([res.status, res.body.code]).toEqual([403, 'organization_edit_forbidden']);
      expect((await rename(juchitan.coordinator, shared)).status).toBe(403);
      await rename(oax.admin, shared).expect(200);
      // Seated only in their own secretariat: still theirs to edit.
      await rename(oax.coordinator, orgOf(oax, 'government')).expect(200);
    });
  });
});
