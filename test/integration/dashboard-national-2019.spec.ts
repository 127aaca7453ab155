import { NATIONAL_2019_TOTALS, seedNational2019 } from '../../src/seeds/national-2019';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Json = Record<string, any>;

// The "Resultados" slide of the II Cumbre Nacional de Gobierno Abierto (INAI, 2019).
const PARTICIPATING = [
  'Baja California', 'Baja California Sur', 'Campeche', 'Ciudad de México', 'Chiapas', 'Chihuahua', 'Coahuila de Zaragoza', 'Colima', 'Durango',
  'México', 'Guanajuato', 'Guerrero', 'Hidalgo', 'Jalisco', 'Michoacán de Ocampo', 'Morelos', 'Nayarit', 'Nuevo León', 'Oaxaca', 'Querétaro',
  'Quintana Roo', 'San Luis Potosí', 'Sinaloa', 'Sonora', 'Tabasco', 'Tlaxcala', 'Veracruz de Ignacio de la Llave', 'Zacatecas',
];
const INSTALLED = [
  'Baja California', 'Baja California Sur', 'Campeche', 'Coahuila de Zaragoza', 'Chihuahua', 'Durango', 'Guanajuato', 'Jalisco', 'Michoacán de Ocampo',
  'Morelos', 'Nuevo León', 'Oaxaca', 'San Luis Potosí', 'Sinaloa', 'Sonora', 'Tlaxcala', 'Tabasco', 'Veracruz de Ignacio de la Llave', 'Zacatecas',
];
const PLANS: Record<string, number> = {
  Campeche: 1, 'Coahuila de Zaragoza': 1, Durango: 2, Jalisco: 1, Morelos: 1, Oaxaca: 2, 'San Luis Potosí': 1, Tabasco: 1, Tlaxcala: 1, 'Veracruz de Ignacio de la Llave': 1, Zacatecas: 1,
};

describe('national dashboard after npm run seed:national-2019 (empty database)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    await seedNational2019(t.db);
  });
  afterAll(() => t.close());

  it('reproduces the figures of the Resultados slide', async () => {
    const res = await t.http().get(`${API}/dashboard/national`);
    expect(res.status).toBe(200);
    expect(res.body.totals).toEqual({
      statesParticipating: 28,
      secretariatsInstalled: 19,
      actionPlans: 13,
      commitments: 79,
      civilSocietyOrganizations: 123,
      authorities: 100,
      guarantorBodies: 28,
    });
    expect(res.body.totals).toEqual(NATIONAL_2019_TOTALS);
    expect(res.body.totals.civilSocietyOrganizations).toBeGreaterThan(120); // "más de 120"

    const states: Json[] = res.body.states;
    expect(states).toHaveLength(32);
    expect(states.filter((s) => s.participating).map((s) => s.name).sort()).toEqual([...PARTICIPATING].sort());
    expect(states.filter((s) => ['installed', 'active', 'suspended'].includes(s.secretariatStatus)).map((s) => s.name).sort()).toEqual([...INSTALLED].sort());
    expect(Object.fromEntries(states.filter((s) => s.actionPlans).map((s) => [s.name, s.actionPlans]))).toEqual(PLANS);
    expect(states.every((s) => !s.participating || s.organizations.guarantorBodies === 1)).toBe(true);
    expect(states.find((s) => s.code === '31')).toMatchObject({ participating: false, secretariatStatus: null, secretariats: [], actionPlans: 0 });
  });

  it('is idempotent and leaves verifiable audit chains', async () => {
    await seedNational2019(t.db);
    const res = await t.http().get(`${API}/dashboard/national`);
    expect(res.body.totals).toEqual(NATIONAL_2019_TOTALS);
    const ids: { id: string }[] = await t.db.query('SELECT id FROM secretariats');
    expect(ids).toHaveLength(28);
    for (const { id } of ids) expect((await t.http().get(`${API}/secretariats/${id}/audit/verify`)).body).toEqual({ valid: true, events: 1, firstBrokenEventId: null });
  });
});
