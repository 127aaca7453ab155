import { MILESTONE_STATUSES, isOverdue } from '../../src/commitments/milestone-states';
import { irmCompletion } from '../../src/commitments/progress';
import { createTestApp, TestApp } from '../support/test-app';

// "Overdue" and the IRM completion thresholds exist once in TypeScript and once as SQL
// functions (RuleFunctions migration) for the reads that aggregate in the database: they must agree.
describe('rule functions: TypeScript and SQL agree', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('irm_completion(verified) = irmCompletion(verified) on and around every threshold', async () => {
    const values = [-5, 0, 0.5, 1, 25, 49, 49.99, 50, 50.01, 75, 99, 99.99, 100, 120];
    const rows: { v: string; c: string }[] = await t.db.query('SELECT v::text AS v, irm_completion(v) AS c FROM unnest($1::numeric[]) AS v', [values]);
    expect(rows.map((r) => [Number(r.v), r.c])).toEqual(values.map((v) => [v, irmCompletion(v)]));
  });

  it('milestone_overdue(status, due_at, at) = isOverdue for every status, before, at and after the due instant', async () => {
    const at = new Date('2026-07-01T05:59:59.999Z');
    const cases = MILESTONE_STATUSES.flatMap((status) => [-1, 0, 1].map((ms) => ({ status, dueAt: new Date(at.getTime() + ms) })));
    const rows: { overdue: boolean }[] = await t.db.query(
      'SELECT milestone_overdue(s, d, $3) AS overdue FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS x(s, d, n) ORDER BY n',
      [cases.map((c) => c.status), cases.map((c) => c.dueAt.toISOString()), at.toISOString()],
    );
    expect(rows.map((r) => r.overdue)).toEqual(cases.map((c) => isOverdue(c, at)));
    // Without `at`, the SQL function uses the transaction's now(), as isOverdue uses the current time.
    const [{ late, soon }] = await t.db.query(`SELECT milestone_overdue('in_progress', now() - interval '1 hour') AS late, milestone_overdue('in_progress', now() + interval '1 hour') AS soon`);
    expect({ late, soon }).toEqual({ late: true, soon: false });
  });
});
