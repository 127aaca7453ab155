import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { seedScaleDatabase } from '../../src/seeds/scale';
import { createTestApp, TestApp } from '../support/test-app';
import { freshTestDatabase } from '../support/test-db';

/**
 * Issue 17: no request that serves one plan, one commitment, one round or one page of a list
 * reads a table that grows with the country in full. The scale seed (half the 1× dataset:
 * 16 states, the shapes of `npm run bench`) is loaded and VACUUM ANALYZEd (as autovacuum
 * leaves a settled database); each request below runs
 * through the real app with `pg.Client#query` wrapped, and every statement it sent is
 * EXPLAINed (FORMAT JSON) with its parameters. Two checks per statement:
 * - the planner's own choice (enable_seqscan on): no Seq Scan on a growing table that is
 *   already big at this size (≥ BIG_PAGES pages: evidence, milestones, indicators, …);
 * - an index fits the statement's shape (enable_seqscan off): no Seq Scan, and no index scan
 *   without an index condition, on any growing table — on the small ones (users, seats,
 *   secretariats …) the planner rightly reads two pages instead of an index today, and takes
 *   the index once they grow.
 * A failure names request, table and statement. Dropping an index of
 * migrations/1796170000000-RequestIndexes makes it fail.
 */
const GROWING = new Set([
  'action_plans', 'audit_events', 'ballots', 'commitments', 'evidence', 'indicator_measurements', 'indicators', 'memberships',
  'milestone_reviews', 'milestones', 'notifications', 'organizations', 'plan_stage_changes', 'proposal_comments', 'proposal_revisions',
  'proposals', 'scheduled_reminders', 'seats', 'secretariat_transitions', 'secretariats', 'users', 'voting_rounds', 'refresh_tokens',
]);
const BIG_PAGES = 16;

interface Captured {
  text: string;
  values: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/**
 * Nodes that read a whole growing table: seq scans, and (withIndexes) index scans with no
 * condition — unless a Limit above them stops the walk after one page.
 */
function fullReads(node: PlanNode, tables: Set<string>, withIndexes: boolean, found: string[] = [], limited = false): string[] {
  const rel = node['Relation Name'];
  if (rel && tables.has(rel)) {
    if (node['Node Type'] === 'Seq Scan') found.push(`${rel} (Seq Scan)`);
    else if (withIndexes && !limited && /Index/.test(node['Node Type']) && !node['Index Cond']) found.push(`${rel} (${node['Node Type']} on ${node['Index Name']} without a condition)`);
  }
  const below = limited || node['Node Type'] === 'Limit';
  for (const child of node.Plans ?? []) fullReads(child, tables, withIndexes, found, below);
  return found;
}

const PLANNABLE = /^\s*(\(?\s*SELECT|WITH|INSERT|UPDATE|DELETE)\b/i;

describe('query plans at scale (issue 17)', () => {
  let t: TestApp;
  let url: string;
  let explain: Client;
  let big: Set<string>;
  let token: (userId: string) => string;
  const ids: Record<string, string> = {};

  const original = Client.prototype.query;
  let recording: Captured[] | null = null;

  beforeAll(async () => {
    url = await freshTestDatabase();
    await seedScaleDatabase(url, { states: 16, secretariatsPerState: 1 });
    explain = new Client({ connectionString: url });
    await explain.connect();
    await explain.query('VACUUM ANALYZE');
    const sizes = (await explain.query(`SELECT relname, relpages FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)).rows;
    big = new Set(sizes.filter((r) => GROWING.has(r.relname) && r.relpages >= BIG_PAGES).map((r) => r.relname));
    Client.prototype.query = function (this: Client, config: unknown, values?: unknown, callback?: unknown) {
      if (recording && this !== explain) {
        if (typeof config === 'string') recording.push({ text: config, values: Array.isArray(values) ? values : [] });
        else if (config && typeof config === 'object' && 'text' in config) {
          const c = config as { text: string; values?: unknown[] };
          recording.push({ text: c.text, values: c.values ?? (Array.isArray(values) ? values : []) });
        }
      }
      return (original as (...args: unknown[]) => unknown).call(this, config, values, callback);
    } as typeof Client.prototype.query;
    t = await createTestApp({ databaseUrl: url });
    const jwt = t.app.get(JwtService);
    token = (userId) => jwt.sign({ sub: userId });

    // A plan in implementation, one of its commitments, a member and the coordinator of its secretariat.
    const [row] = await t.db.query(
      `SELECT p.id AS plan_id, p.secretariat_id, m.user_id AS member_id, m.id AS membership_id,
              (SELECT c.user_id FROM memberships c WHERE c.secretariat_id = p.secretariat_id AND c.is_coordinator LIMIT 1) AS coordinator_id,
              (SELECT id FROM commitments c WHERE c.plan_id = p.id ORDER BY c.seq LIMIT 1) AS commitment_id,
              (SELECT id FROM proposals pr WHERE pr.plan_id = p.id ORDER BY pr.created_at LIMIT 1) AS proposal_id,
              (SELECT id FROM voting_rounds r WHERE r.plan_id = p.id AND r.status = 'closed' ORDER BY r.closed_at LIMIT 1) AS round_id,
              (SELECT id FROM milestones mi WHERE mi.commitment_id = (SELECT id FROM commitments c WHERE c.plan_id = p.id ORDER BY c.seq LIMIT 1) LIMIT 1) AS milestone_id
         FROM action_plans p JOIN memberships m ON m.secretariat_id = p.secretariat_id AND m.role = 'titular'
        WHERE p.stage = 'implementation' ORDER BY p.secretariat_id, m.created_at LIMIT 1`,
    );
    Object.assign(ids, row);
    // An open motion round to cast a ballot in.
    const res = await t
      .http()
      .post('/api/v1/voting-rounds')
      .set('Authorization', `Bearer ${token(ids.coordinator_id)}`)
      .send({ subjectType: 'motion', secretariatId: ids.secretariat_id, title: 'Moción para revisar planes de consulta', closesAt: new Date(Date.now() + 3 * 3600_000).toISOString(), secrecy: 'public' });
    expect({ status: res.status, body: res.status === 201 ? null : res.body }).toEqual({ status: 201, body: null });
    ids.open_round_id = res.body.id;
  }, 120_000);

  afterAll(async () => {
    Client.prototype.query = original;
    await explain?.end();
    await t?.close();
  });

  /** The statements of one request (the second of two, so caches are warm), EXPLAINed. */
  async function plansOf(method: 'get' | 'put', path: string, as: string | null, body?: object) {
    const send = () => {
      let r = t.http()[method](path);
      if (as) r = r.set('Authorization', `Bearer ${token(as)}`);
      return body ? r.send(body) : r;
    };
    await send();
    recording = [];
    const res = await send();
    const statements = recording;
    recording = null;
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    const scans: { table: string; sql: string }[] = [];
    let explained = 0;
    const planOf = async (sql: string, values: unknown[]): Promise<PlanNode> => (await explain.query(`EXPLAIN (FORMAT JSON) ${sql}`, values)).rows[0]['QUERY PLAN'][0].Plan;
    for (const s of statements) {
      if (!PLANNABLE.test(s.text)) continue;
      const sql = s.text.replace(/\s+/g, ' ').slice(0, 160);
      explained++;
      for (const table of fullReads(await planOf(s.text, s.values), big, false)) scans.push({ table: `${table}, chosen by the planner`, sql });
      await explain.query('BEGIN');
      try {
        await explain.query('SET LOCAL enable_seqscan = off');
        for (const table of fullReads(await planOf(s.text, s.values), GROWING, true)) scans.push({ table: `${table}, no index fits`, sql });
      } finally {
        await explain.query('ROLLBACK');
      }
    }
    return { explained, scans };
  }

  const requests: [string, () => ['get' | 'put', string, string | null, object?]][] = [
    ['GET /public/plans/:id', () => ['get', `/api/v1/public/plans/${ids.plan_id}`, null]],
    ['GET /public/commitments/:id', () => ['get', `/api/v1/public/commitments/${ids.commitment_id}`, null]],
    // A page of 5: at this size 20 plans are 40 % of the country, and reading 40 % of the
    // commitments in one pass is the right plan.
    ['GET /public/plans (a page)', () => ['get', '/api/v1/public/plans?limit=5', null]],
    ['GET /plans/:id', () => ['get', `/api/v1/plans/${ids.plan_id}`, ids.member_id]],
    ['GET /plans/:id/proposals', () => ['get', `/api/v1/plans/${ids.plan_id}/proposals?limit=20`, ids.member_id]],
    ['GET /plans/:id/commitments', () => ['get', `/api/v1/plans/${ids.plan_id}/commitments?limit=20`, ids.member_id]],
    ['GET /proposals/:id', () => ['get', `/api/v1/proposals/${ids.proposal_id}`, ids.member_id]],
    ['GET /commitments/:id', () => ['get', `/api/v1/commitments/${ids.commitment_id}`, ids.member_id]],
    ['GET /commitments/:id/milestones', () => ['get', `/api/v1/commitments/${ids.commitment_id}/milestones`, ids.member_id]],
    ['GET /commitments/:id/indicators', () => ['get', `/api/v1/commitments/${ids.commitment_id}/indicators`, ids.member_id]],
    ['GET /milestones/:id', () => ['get', `/api/v1/milestones/${ids.milestone_id}`, ids.member_id]],
    ['GET /voting-rounds/:id', () => ['get', `/api/v1/voting-rounds/${ids.round_id}`, ids.member_id]],
    ['GET /voting-rounds/:id/result', () => ['get', `/api/v1/voting-rounds/${ids.round_id}/result`, ids.member_id]],
    ['PUT /voting-rounds/:id/ballot', () => ['put', `/api/v1/voting-rounds/${ids.open_round_id}/ballot`, ids.member_id, { choice: 'approve' }]],
    ['GET /secretariats/:id/voting-rounds', () => ['get', `/api/v1/secretariats/${ids.secretariat_id}/voting-rounds?limit=20`, ids.member_id]],
    ['GET /secretariats/:id/audit (a page)', () => ['get', `/api/v1/secretariats/${ids.secretariat_id}/audit?limit=20`, ids.coordinator_id]],
    ['GET /notifications (a page)', () => ['get', '/api/v1/notifications?limit=20', ids.member_id]],
  ];

  it.each(requests)('%s reads no growing table in full', async (_name, args) => {
    const [method, path, as, body] = args();
    const { explained, scans } = await plansOf(method, path, as, body);
    expect(explained).toBeGreaterThan(0);
    expect(scans).toEqual([]);
  });
});
