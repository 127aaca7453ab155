import { addMember, roleMatrix, RoleName, setupImplementation } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Caller = { auth: Record<string, string> };

describe('indicators', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const definition = {
    name: 'Efectividad de las inscripciones en línea',
    unit: '%',
    baseline: 60,
    baselineDate: '2024-12-31',
    target: 100,
    targetDate: '2027-12-31',
  };

  it('computes the latest value, % of target and trend from dated measurements', async () => {
    const im = await setupImplementation(t);
    const created = await t.http().post(`${API}/commitments/${im.commitmentId}/indicators`).set(im.lead.titular.auth).send(definition);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ baseline: 60, target: 100, latest: null, percentOfTarget: null, progressToTarget: null, trend: null, measurements: [] });
    const url = `${API}/indicators/${created.body.id}/measurements`;

    // Recorded out of order: "latest" is the latest date, not the latest insert.
    const cso = im.fx.seatsOf('civil_society')[0].titular; // a co-responsible organization
    expect((await t.http().post(url).set(cso.auth).send({ measuredOn: '2026-06-30', value: 96, source: 'Registro Civil, informe semestral' })).status).toBe(201);
    const res = await t.http().post(url).set(im.lead.alternate!.auth).send({ measuredOn: '2025-12-31', value: 82, source: 'Registro Civil', sourceUrl: 'https://registrocivil.oaxaca.gob.mx/informe-2025' });
    expect(res.status).toBe(201);
    expect(res.body.latest).toMatchObject({ measuredOn: '2026-06-30', value: 96 });
    expect(res.body.percentOfTarget).toBe(96);
    expect(res.body.progressToTarget).toBe(90);
    expect(res.body.trend).toBe('up');
    expect(res.body.measurements.map((m: { measuredOn: string }) => m.measuredOn)).toEqual(['2025-12-31', '2026-06-30']);

    const dup = await t.http().post(url).set(im.lead.titular.auth).send({ measuredOn: '2026-06-30', value: 97, source: 'Otro informe' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('measurement_exists');

    const down = await t.http().post(url).set(im.fx.coordinator.auth).send({ measuredOn: '2026-09-30', value: 93.5, source: 'Registro Civil' });
    expect(down.body).toMatchObject({ percentOfTarget: 93.5, trend: 'down' });

    const got = await t.http().get(`${API}/indicators/${created.body.id}`).set(im.fx.seatsOf('guarantor')[0].titular.auth);
    expect(got.body.latest.value).toBe(93.5);
    const list = await t.http().get(`${API}/commitments/${im.commitmentId}/indicators`).set(cso.auth);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].measurements).toHaveLength(3);

    const audit = await t.db.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq`, [created.body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['indicator.created', 'indicator.measured', 'indicator.measured', 'indicator.measured']);
  });

  it('reads decreasing targets right', async () => {
    const im = await setupImplementation(t);
    const created = await t.http().post(`${API}/commitments/${im.commitmentId}/indicators`).set(im.fx.coordinator.auth).send({
      name: 'Días para resolver una solicitud de información',
      unit: 'días',
      baseline: 20,
      target: 10,
    });
    const res = await t.http().post(`${API}/indicators/${created.body.id}/measurements`).set(im.lead.titular.auth).send({ measuredOn: '2026-01-31', value: 15, source: 'Plataforma Nacional de Transparencia' });
    expect(res.body).toMatchObject({ percentOfTarget: 150, progressToTarget: 50 });
  });

  it('validates definitions and measurements', async () => {
    const im = await setupImplementation(t);
    const url = `${API}/commitments/${im.commitmentId}/indicators`;
    const bad: [object, number][] = [
      [{ ...definition, target: 60 }, 422],
      [{ ...definition, baseline: 'sesenta' }, 400],
      [{ ...definition, unit: '' }, 400],
      [{ ...definition, baselineDate: '31/12/2024' }, 400],
      [{ ...definition, extra: true }, 400],
    ];
    for (const [body, status] of bad) expect((await t.http().post(url).set(im.fx.coordinator.auth).send(body)).status).toBe(status);
    const ind = (await t.http().post(url).set(im.fx.coordinator.auth).send(definition)).body;
    const m = `${API}/indicators/${ind.id}/measurements`;
    expect((await t.http().post(m).set(im.lead.titular.auth).send({ measuredOn: '2026-01-31', value: 70 })).status).toBe(400);
    expect((await t.http().post(m).set(im.lead.titular.auth).send({ measuredOn: '2026-02-30', value: 70, source: 'x y' })).status).toBe(400);
    expect((await t.http().post(m).set(im.lead.titular.auth).send({ measuredOn: '2026-01-31', value: 70, source: 'Informe', sourceUrl: 'ftp://x' })).status).toBe(400);
    await t.db.query(`UPDATE action_plans SET stage = 'closed' WHERE id = $1`, [im.planId]);
    const closed = await t.http().post(m).set(im.lead.titular.auth).send({ measuredOn: '2026-01-31', value: 70, source: 'Informe' });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('plan_closed');
  });

  it('authorization matrix for indicator routes', async () => {
    const im = await setupImplementation(t);
    const roles = await roleMatrix(t, im.fx, im.lead);
    const guarantor = im.fx.seatsOf('guarantor')[0].titular;
    const otherGov = im.fx.seatsOf('government')[1].titular;
    const ind = (await t.http().post(`${API}/commitments/${im.commitmentId}/indicators`).set(im.fx.coordinator.auth).send(definition)).body;
    const check = async (name: string, call: (who: Caller) => Promise<{ status: number }>, want: Record<RoleName, number>) => {
      const got: Record<string, number> = {};
      for (const [role, who] of Object.entries(roles)) got[role] = (await call(who)).status;
      expect({ name, got }).toEqual({ name, got: want });
    };
    const readers: Record<RoleName, number> = { admin: 200, coordinator: 200, titular: 200, alternate: 200, observer: 200, facilitator: 200, otherSecretariat: 404, nonMember: 404, anonymous: 401 };
    await check('GET /commitments/:id/indicators', (w) => t.http().get(`${API}/commitments/${im.commitmentId}/indicators`).set(w.auth), readers);
    await check('GET /indicators/:id', (w) => t.http().get(`${API}/indicators/${ind.id}`).set(w.auth), readers);
    const writers = { admin: 403, coordinator: 201, titular: 201, alternate: 201, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401 };
    await check('POST /commitments/:id/indicators', (w) => t.http().post(`${API}/commitments/${im.commitmentId}/indicators`).set(w.auth).send(definition), writers);
    let day = 1;
    const measure = (w: Caller) =>
      t.http().post(`${API}/indicators/${ind.id}/measurements`).set(w.auth).send({ measuredOn: `2026-03-${String(day++).padStart(2, '0')}`, value: 70, source: 'Informe mensual' });
    await check('POST /indicators/:id/measurements', measure, writers);
    // Other sectors' organizations that are not responsible for the commitment only read.
    for (const who of [guarantor, otherGov, await addMember(t, im.fx.secretariatId, { role: 'observer', sector: 'government', organizationId: im.fx.seatsOf('government')[1].organization.id })]) {
      expect((await measure(who)).status).toBe(403);
      expect((await t.http().post(`${API}/commitments/${im.commitmentId}/indicators`).set(who.auth).send(definition)).status).toBe(403);
    }
  });
});
