import { DEMO_ACCOUNTS, seedDemo } from '../../src/seeds/demo';
import { createTestApp, TestApp } from '../support/test-app';

const TABLES = ['users', 'organizations', 'secretariats', 'seats', 'memberships', 'action_plans', 'proposals', 'voting_rounds', 'ballots', 'commitments', 'milestones', 'evidence', 'indicators', 'indicator_measurements', 'audit_events'];

describe('demo data (npm run seed:demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
  });
  afterAll(() => t.close());

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    return out;
  };

  it('loads the states and commitments of the seed document, and a second run adds nothing', async () => {
    await seedDemo(t.db);
    const first = await counts();
    await seedDemo(t.db);
    expect(await counts()).toEqual(first);

    const states: { code: string }[] = await t.db.query('SELECT state_code AS code FROM secretariats ORDER BY 1');
    expect(states.map((s) => s.code)).toEqual(['04', '08', '10', '14', '20', '29', '30', '32']);
    const titles: string[] = (await t.db.query('SELECT title FROM commitments')).map((r: { title: string }) => r.title);
    for (const words of ['Inscripciones escolares en línea', 'ladrilleras', 'Prepárate', 'REGINA', 'Presupuesto ciudadano', 'Código Urbano', 'Botón de pánico', 'contrataciones públicas en tiempo real']) {
      expect(titles.some((title) => title.includes(words))).toBe(true);
    }
    const [campeche] = await t.db.query(
      `SELECT m.value::float8 AS value FROM indicator_measurements m JOIN indicators i ON i.id = m.indicator_id WHERE i.name = 'Efectividad de las inscripciones en línea'`,
    );
    expect(campeche.value).toBe(96);
    // Seats of all three sectors everywhere; finished rounds with ballots; milestones in every state in several states.
    const sectors = await t.db.query(`SELECT secretariat_id, count(DISTINCT sector)::int AS n FROM seats GROUP BY secretariat_id`);
    expect(sectors.every((r: { n: number }) => r.n === 3)).toBe(true);
    const [{ open }] = await t.db.query(`SELECT count(*) FILTER (WHERE status <> 'closed')::int AS open FROM voting_rounds`);
    expect(open).toBe(0);
    expect(first.ballots).toBeGreaterThan(first.voting_rounds * 3);
    const perState = await t.db.query(`SELECT count(DISTINCT secretariat_id)::int AS n FROM milestones`);
    expect(perState[0].n).toBe(8);
    const statuses: string[] = (await t.db.query(`SELECT DISTINCT status FROM milestones`)).map((r: { status: string }) => r.status);
    expect(statuses).toEqual(expect.arrayContaining(['approved', 'submitted', 'in_progress', 'pending', 'returned']));
    const [{ overdue }] = await t.db.query(`SELECT count(*)::int AS overdue FROM milestones WHERE status <> 'approved' AND due_at < now()`);
    expect(overdue).toBeGreaterThan(0);
  });

  it("writes audit chains that the public verify endpoint accepts", async () => {
    const ids: string[] = (await t.db.query('SELECT id FROM secretariats')).map((r: { id: string }) => r.id);
    for (const id of ids) {
      const res = await t.http().get(`/api/v1/secretariats/${id}/audit/verify`);
      expect(res.status).toBe(200);
      expect(res.body.valid).toBe(true);
      expect(res.body.events).toBeGreaterThan(20);
    }
    // Secret ballots are recorded without their choice.
    const leaks = await t.db.query(
      `SELECT e.id FROM audit_events e JOIN voting_rounds r ON r.id::text = e.subject_id
        WHERE r.secrecy = 'secret' AND e.action = 'ballot.cast' AND e.data ? 'choice'`,
    );
    expect(leaks).toEqual([]);
  });

  it('has one working account per role', async () => {
    expect(DEMO_ACCOUNTS.map((a) => a.email)).toEqual([
      'admin@cocrea.demo', 'coordinacion@cocrea.demo', 'osc@cocrea.demo', 'gobierno@cocrea.demo', 'garante@cocrea.demo', 'suplente@cocrea.demo', 'observador@cocrea.demo',
    ]);
    const roles = await t.db.query(
      `SELECT u.email, m.role, m.sector, m.is_coordinator, u.is_platform_admin
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id WHERE u.email LIKE '%@cocrea.demo' AND u.email NOT LIKE 'titular.%'`,
    );
    const byEmail = Object.fromEntries(roles.map((r: { email: string }) => [r.email, r]));
    expect(byEmail['admin@cocrea.demo'].is_platform_admin).toBe(true);
    expect(byEmail['coordinacion@cocrea.demo'].is_coordinator).toBe(true);
    expect(byEmail['osc@cocrea.demo']).toMatchObject({ role: 'titular', sector: 'civil_society' });
    expect(byEmail['gobierno@cocrea.demo']).toMatchObject({ role: 'titular', sector: 'government' });
    expect(byEmail['garante@cocrea.demo']).toMatchObject({ role: 'titular', sector: 'guarantor' });
    expect(byEmail['suplente@cocrea.demo']).toMatchObject({ role: 'alternate' });
    expect(byEmail['observador@cocrea.demo']).toMatchObject({ role: 'observer' });
    for (const a of DEMO_ACCOUNTS) {
      const res = await t.http().post('/api/v1/auth/login').send({ email: a.email, password: a.password });
      expect(res.status).toBe(200);
    }
  });
});
