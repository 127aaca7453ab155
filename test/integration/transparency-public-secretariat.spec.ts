import { seedDemo } from '../../src/seeds/demo';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Json = Record<string, any>;

describe('public portal: plan search, the public secretariat page and the open-data catalogue (no login)', () => {
  let t: TestApp;
  const secretariatOf = async (stateCode: string) => (await t.db.query(`SELECT id FROM secretariats WHERE state_code = $1 AND municipality IS NULL`, [stateCode]))[0].id;
  const titles = async (q: Json) => {
    const res = await t.http().get(`${API}/public/plans`).query({ limit: 100, ...q });
    expect(res.status).toBe(200);
    return res.body.items.map((p: Json) => p.title) as string[];
  };

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    await seedDemo(t.db);
  });
  afterAll(() => t.close());

  it('searches published plans by words in title, secretariat or state, ignoring accents and case', async () => {
    expect(await titles({ q: 'OAXACA' })).toEqual(['Plan de Acción Local de Gobierno Abierto de Oaxaca']);
    expect(await titles({ q: '  plan   campeche ' })).toEqual(['Plan de Acción Local de Gobierno Abierto de Campeche']);
    // Every word must match; "accion" finds "Acción".
    expect(await titles({ q: 'accion gobierno abierto' })).toHaveLength(7);
    expect(await titles({ q: 'oaxaca durango' })).toEqual([]);
    // The unpublished Chihuahua plan never shows, whatever the search.
    expect(await titles({ q: 'chihuahua' })).toEqual([]);
    // Combined with the other filters, and LIKE's wildcards are plain characters.
    expect(await titles({ q: 'veracruz', stage: 'adoption' })).toEqual([]);
    expect(await titles({ q: '%' })).toEqual([]);
    expect(await titles({ q: '_' })).toEqual([]);
    const tooLong = await t.http().get(`${API}/public/plans`).query({ q: 'x'.repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.headers['content-type']).toContain('application/problem+json');

    // Accents in the data fold too: a title with "Educación" is found by "EDUCACION".
    const [jal] = await t.db.query(`SELECT p.id, p.title FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id WHERE s.state_code = '14'`);
    await t.db.query(`UPDATE action_plans SET title = 'Plan de Educación y Niñez de Jalisco' WHERE id = $1`, [jal.id]);
    try {
      expect(await titles({ q: 'EDUCACION ninez' })).toEqual(['Plan de Educación y Niñez de Jalisco']);
    } finally {
      await t.db.query(`UPDATE action_plans SET title = $2 WHERE id = $1`, [jal.id, jal.title]);
    }
  });

  it('shows a published secretariat: seats by sector with organizations, its lifecycle and its plans', async () => {
    const id = await secretariatOf('20');
    const res = await t.http().get(`${API}/public/secretariats/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
    expect((await t.http().get(`${API}/public/secretariats/${id}`).set('If-None-Match', res.headers.etag)).status).toBe(304);
    const body = res.body;
    expect(body).toMatchObject({ id, state: { code: '20', name: 'Oaxaca', abbreviation: 'OAX' }, timeZone: 'America/Mexico_City' });

    // The same organizations the database seats, in sector order, none twice.
    const seated = await t.db.query(`SELECT o.name, se.sector FROM seats se JOIN organizations o ON o.id = se.organization_id WHERE se.secretariat_id = $1 AND se.active`, [id]);
    expect(body.seats).toHaveLength(seated.length);
    expect(body.seats.map((s: Json) => s.organization.name).sort()).toEqual(seated.map((s: Json) => s.name).sort());
    const order = ['government', 'civil_society', 'guarantor'];
    const sectors = body.seats.map((s: Json) => order.indexOf(s.sector));
    expect(sectors).toEqual([...sectors].sort((a, b) => a - b));
    expect(new Set(body.seats.map((s: Json) => s.sector))).toEqual(new Set(order));

    // Lifecycle oldest first, ending at the current status.
    expect(body.history.length).toBeGreaterThan(0);
    expect(body.history[body.history.length - 1].to).toBe(body.status);
    const times = body.history.map((h: Json) => new Date(h.at).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));

    expect(body.plans.map((p: Json) => p.title)).toEqual(['Plan de Acción Local de Gobierno Abierto de Oaxaca']);
    expect(body.plans[0].progress.commitments).toBeGreaterThan(0);

    // No people: no e-mail, no user id, no membership.
    const users: { id: string }[] = await t.db.query('SELECT id FROM users');
    expect(res.text).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
    for (const u of users) expect(res.text).not.toContain(u.id);
  });

  it('answers 404 for a secretariat without a published plan and for unknown ids, 400 for a bad id', async () => {
    const chihuahua = await secretariatOf('08');
    const hidden = await t.http().get(`${API}/public/secretariats/${chihuahua}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('not_found');
    expect((await t.http().get(`${API}/public/secretariats/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await t.http().get(`${API}/public/secretariats/not-a-uuid`)).status).toBe(400);

    // Its only plan sent back to deliberation: the secretariat leaves the portal too.
    const tlaxcala = await secretariatOf('29');
    expect((await t.http().get(`${API}/public/secretariats/${tlaxcala}`)).status).toBe(200);
    await t.db.query(`UPDATE action_plans SET stage = 'deliberation' WHERE secretariat_id = $1`, [tlaxcala]);
    try {
      expect((await t.http().get(`${API}/public/secretariats/${tlaxcala}`)).status).toBe(404);
    } finally {
      await t.db.query(`UPDATE action_plans SET stage = 'adoption' WHERE secretariat_id = $1`, [tlaxcala]);
    }
  });

  it('describes each open-data file with the exact columns the file has, and addresses that answer', async () => {
    const res = await t.http().get(`${API}/open-data`);
    expect(res.status).toBe(200);
    expect(res.body.datasets.map((d: Json) => d.name)).toEqual(['commitments', 'milestones']);
    for (const d of res.body.datasets) {
      const csv = await t.http().get(d.csv.replace(/^\/api\/v1/, API));
      expect(csv.status).toBe(200);
      expect(csv.text.split('\r\n')[0]).toBe(d.columns.map((c: Json) => c.name).join(','));
      const json = await t.http().get(d.json.replace(/^\/api\/v1/, API)).query({ status: d.statuses[0] });
      expect(json.status).toBe(200);
      for (const record of json.body) expect(Object.keys(record)).toEqual(d.columns.map((c: Json) => c.name));
      expect(d.columns.every((c: Json) => c.description.length > 0 && c.type.length > 0)).toBe(true);
    }
    expect(res.body.datasets[1].statuses).toContain('overdue');
  });
});
