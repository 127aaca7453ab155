import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { seedScaleDatabase } from '../../src/seeds/scale';
import { firstDifference, handWritten } from '../bench/hand-written';
import { createTestApp, TestApp } from '../support/test-app';
import { freshTestDatabase } from '../support/test-db';

/**
 * Issue 17: §1 of `npm run bench` compares the app with a hand-written ceiling, one statement
 * per read that builds the app's JSON in PostgreSQL (test/bench/hand-written.ts). A ceiling
 * of other work tells nothing, so here, on a small scale dataset, every answer of the
 * statements must deep-equal the app's: every plan (published or not) and, for a titular
 * member of each secretariat, pages of the proposal list (cursor included); a non-member
 * gets nothing from either. When the app's answer changes, this fails until the ceiling
 * follows.
 */
describe('bench ceiling: the hand-written statements answer what the app answers', () => {
  let t: TestApp;
  let c: Client;
  let token: (userId: string) => string;

  beforeAll(async () => {
    const url = await freshTestDatabase();
    await seedScaleDatabase(url, { states: 2, secretariatsPerState: 1, plans: 3, commitments: 4, milestones: 6 });
    t = await createTestApp({ databaseUrl: url, queue: 'postgres' });
    token = (userId) => t.app.get(JwtService).sign({ sub: userId });
    c = new Client({ connectionString: url });
    await c.connect();
  }, 60_000);

  afterAll(async () => {
    await c?.end();
    await t?.close();
  });

  const hand = async (q: { name: string; text: string; values: unknown[] }) => (await c.query<{ body: string | null }>(q)).rows[0]?.body ?? null;

  it('GET /public/plans/:id, every plan', async () => {
    const plans = (await c.query<{ id: string }>('SELECT id FROM action_plans ORDER BY id')).rows;
    expect(plans.length).toBeGreaterThan(3);
    let published = 0;
    for (const { id } of plans) {
      const res = await t.http().get(`/api/v1/public/plans/${id}`);
      const body = await hand(handWritten.publicPlan(id, t.config.publicUrl));
      if (res.status === 404) {
        expect({ id, body }).toEqual({ id, body: null });
        continue;
      }
      expect(res.status).toBe(200);
      published++;
      expect({ id, difference: firstDifference(res.body, JSON.parse(body!)) }).toEqual({ id, difference: null });
    }
    expect(published).toBeGreaterThan(0);
  });

  it('GET /plans/:id/proposals for a titular member, page by page; nothing for a non-member', async () => {
    const rows = (
      await c.query<{ plan_id: string; user_id: string; outsider: string }>(
        `SELECT p.id AS plan_id,
                (SELECT m.user_id FROM memberships m WHERE m.secretariat_id = p.secretariat_id AND m.role = 'titular' AND m.ended_at IS NULL ORDER BY m.created_at LIMIT 1) AS user_id,
                (SELECT m.user_id FROM memberships m WHERE m.secretariat_id <> p.secretariat_id AND m.ended_at IS NULL
                    AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.user_id = m.user_id AND x.secretariat_id = p.secretariat_id) LIMIT 1) AS outsider
           FROM action_plans p ORDER BY p.id`,
      )
    ).rows;
    let items = 0;
    for (const r of rows) {
      for (const limit of [20, 2]) {
        const res = await t.http().get(`/api/v1/plans/${r.plan_id}/proposals?limit=${limit}`).set('Authorization', `Bearer ${token(r.user_id)}`);
        expect(res.status).toBe(200);
        items += res.body.items.length;
        const body = await hand(handWritten.proposalList(r.plan_id, r.user_id, limit));
        expect({ plan: r.plan_id, limit, difference: firstDifference(res.body, JSON.parse(body!)) }).toEqual({ plan: r.plan_id, limit, difference: null });
      }
      const res = await t.http().get(`/api/v1/plans/${r.plan_id}/proposals?limit=20`).set('Authorization', `Bearer ${token(r.outsider)}`);
      expect(res.status).toBe(404);
      expect(await hand(handWritten.proposalList(r.plan_id, r.outsider, 20))).toBeNull();
    }
    expect(items).toBeGreaterThan(0);
  });

  it('firstDifference names the first differing path', () => {
    expect(firstDifference({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toEqual({ path: '$.a[1].b', app: 'x', hand: 'y' });
    expect(firstDifference({ a: 1 }, { a: 1, b: null })).toEqual({ path: '$.b', app: '(absent)', hand: null });
    expect(firstDifference([1, 2], [1, 2])).toBeNull();
  });
});
