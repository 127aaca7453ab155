import { seedDemo } from '../../src/seeds/demo';
import { NATIONAL_2019_TOTALS, seedNational2019 } from '../../src/seeds/national-2019';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Json = Record<string, any>;

describe('national dashboard (/dashboard/national)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    await seedDemo(t.db);
  });
  afterAll(() => t.close());

  const dashboard = async () => {
    const res = await t.http().get(`${API}/dashboard/national`);
    expect(res.status).toBe(200);
    return res.body as { totals: Json; states: Json[] };
  };

  it('counts the demo: participating states, installed secretariats, published plans, organizations with a seat', async () => {
    const { totals, states } = await dashboard();
    expect(totals).toEqual({
      statesParticipating: 8,
      secretariatsInstalled: 8,
      actionPlans: 7, // Chihuahua's plan is still in voting
      commitments: 9,
      civilSocietyOrganizations: 12,
      authorities: 15,
      guarantorBodies: 8,
    });
    const oax = states.find((s) => s.code === '20')!;
    expect(oax).toMatchObject({ participating: true, secretariatStatus: 'active', actionPlans: 1, organizations: { civilSociety: 2, authorities: 2, guarantorBodies: 1 } });
    expect(states.find((s) => s.code === '08')).toMatchObject({ actionPlans: 0, commitments: { total: 0 }, milestones: { total: 0 } });
  });

  it('agrees with the public portal on completion levels and overdue milestones, per state', async () => {
    const { states } = await dashboard();
    const plans: Json[] = (await t.http().get(`${API}/public/plans`).query({ limit: 100 })).body.items;
    for (const s of states.filter((x) => x.actionPlans > 0)) {
      const mine = plans.filter((p) => p.state.code === s.code);
      const byCompletion = { not_started: 0, limited: 0, substantial: 0, complete: 0 } as Record<string, number>;
      let overdue = 0;
      for (const p of mine) {
        for (const k of Object.keys(byCompletion)) byCompletion[k] += p.progress.byCompletion[k];
        const detail = (await t.http().get(`${API}/public/plans/${p.id}`)).body;
        overdue += detail.commitments.reduce((n: number, c: Json) => n + c.progress.overdueMilestones, 0);
      }
      expect(s.commitments.byCompletion).toEqual(byCompletion);
      expect(s.milestones.overdue).toBe(overdue);
    }
    const campeche = states.find((s) => s.code === '04')!;
    expect(campeche.commitments).toEqual({ total: 2, byCompletion: { not_started: 0, limited: 0, substantial: 1, complete: 1 }, withdrawn: 0 });
    expect(campeche.milestones).toEqual({ total: 6, approved: 5, overdue: 1 });
  });

  it('counts suspended and municipal secretariats as installed, and leaves dissolved ones out', async () => {
    const before = (await dashboard()).totals;
    const [{ id: yucatan }] = await t.db.query(`INSERT INTO secretariats (state_code, name, status) VALUES ('31', 'STL Yucatán', 'suspended') RETURNING id`);
    await t.db.query(`INSERT INTO secretariats (state_code, municipality, name, status) VALUES ('20', 'Oaxaca de Juárez', 'STL municipal', 'installed')`);
    await t.db.query(`INSERT INTO secretariats (state_code, name, status) VALUES ('01', 'STL Aguascalientes', 'dissolved')`);
    await t.db.query(`INSERT INTO secretariats (state_code, name, status) VALUES ('21', 'STL Puebla', 'promoting')`);
    const [{ id: org }] = await t.db.query(`INSERT INTO organizations (name, sector, kind, state_code) VALUES ('OSC en Yucatán', 'civil_society', 'osc', '31') RETURNING id`);
    await t.db.query(`INSERT INTO seats (secretariat_id, organization_id, sector) VALUES ($1, $2, 'civil_society')`, [yucatan, org]);
    const { totals, states } = await dashboard();
    expect(totals).toMatchObject({
      statesParticipating: before.statesParticipating + 2,
      secretariatsInstalled: before.secretariatsInstalled + 2,
      civilSocietyOrganizations: before.civilSocietyOrganizations + 1,
    });
    expect(states.find((s) => s.code === '01')).toMatchObject({ participating: false, secretariatStatus: null });
    expect(states.find((s) => s.code === '21')).toMatchObject({ participating: true, secretariatStatus: 'promoting' });
    const oax = states.find((s) => s.code === '20')!;
    expect(oax.secretariatStatus).toBe('active');
    expect(oax.secretariats.map((s: Json) => s.municipality)).toEqual([null, 'Oaxaca de Juárez']);
    await t.db.query(`DELETE FROM seats WHERE secretariat_id = $1`, [yucatan]);
    await t.db.query(`DELETE FROM secretariats WHERE state_code IN ('31', '01', '21') OR municipality = 'Oaxaca de Juárez'`);
    await t.db.query(`DELETE FROM organizations WHERE id = $1`, [org]);
  });

  it('counts a commitment without milestones as not started, and a withdrawn one apart from completion', async () => {
    const before = (await dashboard()).states.find((s) => s.code === '04')!;
    const [{ plan_id: plan, secretariat_id: secretariat }] = await t.db.query(
      `SELECT c.plan_id, c.secretariat_id FROM commitments c JOIN secretariats s ON s.id = c.secretariat_id WHERE s.state_code = '04' LIMIT 1`,
    );
    const [{ id: empty }, { id: withdrawn }] = await t.db.query(
      `INSERT INTO commitments (plan_id, secretariat_id, code, seq, title, start_date, end_date, status)
       VALUES ($1, $2, 'T-1', 901, 'Sin hitos', '2025-01-01', '2026-12-31', 'in_progress'),
              ($1, $2, 'T-2', 902, 'Retirado', '2025-01-01', '2026-12-31', 'withdrawn') RETURNING id`,
      [plan, secretariat],
    );
    const [{ id: org }] = await t.db.query(`SELECT id FROM organizations LIMIT 1`);
    await t.db.query(
      `INSERT INTO milestones (commitment_id, secretariat_id, position, title, responsible_organization_id, start_date, due_date, due_at, weight, status)
       VALUES ($1, $2, 1, 'Hito aprobado', $3, '2025-01-01', '2025-06-30', '2025-06-30T23:59:59Z', 100, 'approved')`,
      [withdrawn, secretariat, org],
    );
    const after = (await dashboard()).states.find((s) => s.code === '04')!;
    expect(after.commitments).toEqual({
      total: before.commitments.total + 2,
      byCompletion: { ...before.commitments.byCompletion, not_started: before.commitments.byCompletion.not_started + 1 },
      withdrawn: before.commitments.withdrawn + 1,
    });
    expect(after.milestones).toEqual({ total: before.milestones.total + 1, approved: before.milestones.approved + 1, overdue: before.milestones.overdue });
    await t.db.query(`DELETE FROM commitments WHERE id IN ($1, $2)`, [empty, withdrawn]);
  });

  it('revalidates with an ETag', async () => {
    const first = await t.http().get(`${API}/dashboard/national`);
    expect((await t.http().get(`${API}/dashboard/national`).set('If-None-Match', first.headers.etag)).status).toBe(304);
  });

  it('reproduces the Resultados slide once seed:national-2019 tops up the demo', async () => {
    await seedNational2019(t.db);
    expect((await dashboard()).totals).toEqual(NATIONAL_2019_TOTALS);
    await seedNational2019(t.db);
    const { totals, states } = await dashboard();
    expect(totals).toEqual(NATIONAL_2019_TOTALS);
    expect(states.find((s) => s.code === '10')!.actionPlans).toBe(2);
    // The demo's own figures and chains survive the top-up.
    const ids: { id: string }[] = await t.db.query('SELECT id FROM secretariats');
    for (const { id } of ids) expect((await t.http().get(`${API}/secretariats/${id}/audit/verify`)).body.valid).toBe(true);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM commitments WHERE title = 'Reubicación de ladrilleras fuera de zonas habitacionales'`);
    expect(n).toBe(1);
  });
});
