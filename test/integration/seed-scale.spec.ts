import { AuditService } from '../../src/audit/audit.service';
import { SCALE_EMAIL_DOMAIN, seedScaleDatabase, ScaleReport } from '../../src/seeds/scale';
import { freshTestDatabase } from '../support/test-db';
import { createTestApp, TestApp } from '../support/test-app';

// `npm run seed:scale` at a tiny size: the dataset the benchmarks run on must be one the app
// itself accepts (valid audit chains, one counted ballot per seat, consistent progress).
describe('seed:scale', () => {
  const size = { states: 2, secretariatsPerState: 2, plans: 2, commitments: 3, milestones: 8 };
  let t: TestApp;
  let report: ScaleReport;
  const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> => t.db.query(sql, params);

  beforeAll(async () => {
    const url = await freshTestDatabase();
    report = await seedScaleDatabase(url, size);
    t = await createTestApp({ databaseUrl: url, queue: 'postgres' });
  });
  afterAll(() => t?.close());

  it('reports the rows it wrote, table by table', async () => {
    for (const table of ['secretariats', 'seats', 'memberships', 'proposals', 'voting_rounds', 'ballots', 'commitments', 'milestones', 'evidence', 'notifications', 'audit_events']) {
      const [{ n }] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, n }).toEqual({ table, n: report.rows[table] });
    }
    expect(report.rows.secretariats).toBe(4);
    expect(report.rows.commitments).toBe(4 * 2 * 3);
    expect(report.rows.milestones).toBe(4 * 2 * 3 * 8);
    expect(report.totalRows).toBe(Object.values(report.rows).reduce((s, n) => s + n, 0));
  });

  it('leaves no dangling reference behind any foreign key', async () => {
    const fks = await q<{ child: string; col: string; parent: string; pcol: string }>(
      `SELECT c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent, pa.attname AS pcol
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
    );
    expect(fks.length).toBeGreaterThan(10);
    for (const fk of fks) {
      const [{ n }] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${fk.child} x WHERE x.${fk.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${fk.parent} y WHERE y.${fk.pcol} = x.${fk.col})`,
      );
      expect({ fk: `${fk.child}.${fk.col}`, dangling: n }).toEqual({ fk: `${fk.child}.${fk.col}`, dangling: 0 });
    }
  });

  it('gives every secretariat seats in the three sectors, each with a titular and an alternate', async () => {
    const rows = await q<{ sectors: string[]; seats: number; voters: number }>(
      `SELECT array_agg(DISTINCT st.sector ORDER BY st.sector) AS sectors, count(DISTINCT st.id)::int AS seats, count(m.id)::int AS voters
         FROM secretariats s JOIN seats st ON st.secretariat_id = s.id LEFT JOIN memberships m ON m.seat_id = st.id
        GROUP BY s.id`,
    );
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(r).toEqual({ sectors: ['civil_society', 'government', 'guarantor'], seats: 5, voters: 10 });
  });

  it('writes audit chains that AuditService verifies, one per secretariat plus the platform one', async () => {
    const audit = t.app.get(AuditService);
    const chains = await q<{ secretariat_id: string | null; n: number }>('SELECT secretariat_id, count(*)::int AS n FROM audit_events GROUP BY secretariat_id');
    expect(chains).toHaveLength(5);
    for (const c of chains) expect(await audit.verify(c.secretariat_id)).toEqual({ valid: true, events: c.n, firstBrokenEventId: null });
  });

  it('closes every round with one counted ballot per seat, and turns approved proposals into commitments', async () => {
    const rounds = await q<{ id: string; outcome: string; result: { totals: { seats: number; voted: number } }; subject_type: string; subject_id: string }>(
      'SELECT id, outcome, result, subject_type, subject_id FROM voting_rounds',
    );
    for (const r of rounds) expect(r.result.totals).toMatchObject({ seats: 5, voted: 5 });
    const approvedProposals = rounds.filter((r) => r.subject_type === 'proposal' && r.outcome === 'approved').map((r) => r.subject_id).sort();
    const fromCommitments = (await q<{ proposal_id: string }>('SELECT proposal_id FROM commitments')).map((r) => r.proposal_id).sort();
    expect(fromCommitments).toEqual(approvedProposals);
    expect(rounds.some((r) => r.outcome === 'rejected')).toBe(true);
  });

  it('has milestones in every status whose weights add up to 100 per commitment', async () => {
    const statuses = (await q<{ status: string }>('SELECT DISTINCT status FROM milestones ORDER BY status')).map((r) => r.status);
    expect(statuses).toEqual(['approved', 'in_progress', 'pending', 'returned', 'submitted']);
    const weights = await q<{ total: number }>('SELECT sum(weight)::int AS total FROM milestones GROUP BY commitment_id');
    expect(new Set(weights.map((w) => w.total))).toEqual(new Set([100]));
    const [{ missing }] = await q<{ missing: number }>(
      `SELECT count(*)::int AS missing FROM milestones m
        WHERE m.status IN ('submitted', 'approved', 'returned') AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.milestone_id = m.id)`,
    );
    expect(missing).toBe(0);
  });

  it('lets a seeded member log in and list the proposals of a plan', async () => {
    const [member] = await q<{ email: string; plan_id: string }>(
      `SELECT u.email, p.id AS plan_id FROM memberships m JOIN users u ON u.id = m.user_id
         JOIN action_plans p ON p.secretariat_id = m.secretariat_id AND p.stage = 'implementation'
        WHERE m.role = 'titular' LIMIT 1`,
    );
    expect(member.email.endsWith(`@${SCALE_EMAIL_DOMAIN}`)).toBe(true);
    const login = await t.http().post('/api/v1/auth/login').send({ email: member.email, password: report.password });
    expect(login.status).toBe(200);
    const list = await t.http().get(`/api/v1/plans/${member.plan_id}/proposals?limit=100`).set('Authorization', `Bearer ${login.body.accessToken}`);
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBe(3 + 1 + 1 + 1);
  });

  it('refuses to seed a database that already has secretariats', async () => {
    await expect(seedScaleDatabase(t.config.databaseUrl, size)).rejects.toThrow(/already has secretariats/);
  });
});
