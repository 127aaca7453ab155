import { seedDemo } from '../../src/seeds/demo';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Json = Record<string, any>;

describe('public portal API (/public, no login)', () => {
  let t: TestApp;
  let plans: Json[];
  const planId = async (stateCode: string) => (await t.db.query(`SELECT p.id FROM action_plans p JOIN secretariats s ON s.id = p.secretariat_id WHERE s.state_code = $1 ORDER BY p.created_at LIMIT 1`, [stateCode]))[0].id;
  const commitmentId = async (title: string) => (await t.db.query(`SELECT id FROM commitments WHERE title LIKE $1`, [`%${title}%`]))[0].id;

  beforeAll(async () => {
    t = await createTestApp({ queue: 'postgres' });
    await seedDemo(t.db);
    plans = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: Json } = await t.http().get(`${API}/public/plans`).query({ limit: 3, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      plans.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
  });
  afterAll(() => t.close());

  /** Every document the portal, open data and dashboard expose for the demo, as text. */
  async function everythingPublic(): Promise<string> {
    const texts: string[] = [JSON.stringify(plans)];
    for (const p of plans) {
      const plan = await t.http().get(`${API}/public/plans/${p.id}`);
      expect(plan.status).toBe(200);
      texts.push(plan.text);
      for (const c of plan.body.commitments) {
        const commitment = await t.http().get(`${API}/public/commitments/${c.id}`);
        expect(commitment.status).toBe(200);
        texts.push(commitment.text);
      }
    }
    for (const path of ['open-data/commitments.csv', 'open-data/commitments.json', 'open-data/milestones.csv', 'open-data/milestones.json', 'dashboard/national']) {
      const res = await t.http().get(`${API}/${path}`);
      expect(res.status).toBe(200);
      texts.push(res.text);
    }
    return texts.join('\n');
  }

  /** The public view of the audit trails of secretariats with a published plan. */
  async function publicAuditTrails(): Promise<string> {
    const texts: string[] = [];
    for (const p of plans) {
      const audit = await t.http().get(`${API}/secretariats/${p.secretariat.id}/audit`).query({ limit: 100 });
      expect(audit.status).toBe(200);
      texts.push(audit.text);
    }
    return texts.join('\n');
  }

  it('lists only published plans (adoption or later), newest first, with progress', async () => {
    expect(plans).toHaveLength(7);
    expect(new Set(plans.map((p) => p.stage))).toEqual(new Set(['adoption', 'implementation', 'evaluation']));
    expect(plans.map((p) => p.state.abbreviation)).not.toContain('CHIH');
    const campeche = plans.find((p) => p.state.code === '04')!;
    expect(campeche).toMatchObject({ stage: 'evaluation', secretariat: { status: 'active' }, progress: { commitments: 2 } });
    expect(campeche.progress.byCompletion.complete).toBe(1);

    const oax = await t.http().get(`${API}/public/plans`).query({ state: 'oax' });
    expect(oax.body.items.map((p: Json) => p.state.code)).toEqual(['20']);
    const byCode = await t.http().get(`${API}/public/plans`).query({ state: '20', stage: 'implementation' });
    expect(byCode.body.items).toHaveLength(1);
    const bad = await t.http().get(`${API}/public/plans`).query({ stage: 'draft' });
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('answers 404 for unpublished plans and their commitments, and for unknown ids', async () => {
    const chihuahua = await planId('08');
    expect((await t.http().get(`${API}/public/plans/${chihuahua}`)).status).toBe(404);
    const procurement = await commitmentId('contrataciones públicas en tiempo real');
    const res = await t.http().get(`${API}/public/commitments/${procurement}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
    expect((await t.http().get(`${API}/public/plans/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await t.http().get(`${API}/public/plans/not-a-uuid`)).status).toBe(400);

    // A plan sent back from adoption to deliberation disappears from the portal.
    const tlaxcala = await planId('29');
    expect((await t.http().get(`${API}/public/plans/${tlaxcala}`)).status).toBe(200);
    await t.db.query(`UPDATE action_plans SET stage = 'deliberation' WHERE id = $1`, [tlaxcala]);
    try {
      expect((await t.http().get(`${API}/public/plans/${tlaxcala}`)).status).toBe(404);
      const list = await t.http().get(`${API}/public/plans`).query({ limit: 100 });
      expect(list.body.items.map((p: Json) => p.id)).not.toContain(tlaxcala);
    } finally {
      await t.db.query(`UPDATE action_plans SET stage = 'adoption' WHERE id = $1`, [tlaxcala]);
    }
  });

  it('shows commitments with milestones, public evidence, verified and self-reported progress and indicators', async () => {
    const res = await t.http().get(`${API}/public/commitments/${await commitmentId('Inscripciones escolares en línea')}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: expect.stringMatching(/^CAMP-\d{4}-01$/), status: 'completed', progress: { verifiedProgress: 100, completion: 'complete' } });
    expect(res.body.leadAgency.name).toBe('Secretaría de Educación del Estado de Campeche');
    expect(res.body.indicators[0]).toMatchObject({ name: 'Efectividad de las inscripciones en línea', unit: '%', latest: { value: 96 } });
    expect(res.body.plan.state.name).toBe('Campeche');
    expect(res.body.votingRound).toMatchObject({ outcome: 'approved', secrecy: 'public' });

    const durango = await t.http().get(`${API}/public/commitments/${await commitmentId('ladrilleras')}`);
    // 20 + 30 approved = 50 verified; + 30 submitted = 80 self-reported.
    expect(durango.body.progress).toMatchObject({ verifiedProgress: 50, selfReportedProgress: 80, completion: 'substantial', submittedMilestones: 1 });
    expect(durango.body.milestones.map((m: Json) => m.status)).toEqual(['approved', 'approved', 'submitted', 'in_progress']);
    expect(durango.body.milestones[2].overdue).toBe(true);
    expect(durango.body.milestones[0].evidence[0]).toMatchObject({ kind: 'link', url: 'https://www.durango.gob.mx/srnma/censo-ladrilleras' });

    const veracruz = await t.http().get(`${API}/public/commitments/${await commitmentId('Prepárate')}`);
    expect(veracruz.body.indicators[0].latest).toMatchObject({ value: 1437, sourceUrl: 'http://148.226.12.43/preparate/' });
    const evidence = veracruz.body.milestones.flatMap((m: Json) => m.evidence);
    expect(evidence.map((e: Json) => e.url)).toEqual(['http://148.226.12.43/preparate/']);
  });

  it('shows each seat\'s choice in public rounds and only counts in secret ones', async () => {
    const durango = await t.http().get(`${API}/public/plans/${await planId('10')}`);
    const rejected = durango.body.votingRounds.find((r: Json) => r.outcome === 'rejected');
    expect(rejected.secrecy).toBe('public');
    expect(rejected.sectors.government).toMatchObject({ reject: 2, position: 'reject' });
    expect(rejected.seats).toEqual(
      expect.arrayContaining([expect.objectContaining({ organizationName: 'Ayuntamiento de Durango', sector: 'government', choice: 'reject', castBy: 'titular' })]),
    );
    const adoption = durango.body.votingRounds.find((r: Json) => r.subjectType === 'plan_adoption');
    expect(adoption).toMatchObject({ outcome: 'approved', totals: { seats: 5, voted: 5, approve: 5 } });

    const oaxaca = await t.http().get(`${API}/public/plans/${await planId('20')}`);
    const secret = oaxaca.body.votingRounds.find((r: Json) => r.secrecy === 'secret');
    expect(secret).toBeDefined();
    expect(secret).not.toHaveProperty('seats');
    expect(secret.totals).toEqual({ seats: 5, voted: 5, approve: 4, reject: 0, abstain: 1 });
    expect(JSON.stringify(secret)).not.toMatch(/choice|castBy|organizationId/);
    // The alternate voted too, but the titular's ballot counts: still one per seat.
    const publicRound = oaxaca.body.votingRounds.find((r: Json) => r.secrecy === 'public');
    expect(publicRound.seats).toHaveLength(5);
    expect(publicRound.seats.every((s: Json) => s.castBy === 'titular')).toBe(true);
  });

  it('never leaks unpublished plans, draft proposals, secret choices, private evidence or personal data', async () => {
    const text = (await everythingPublic()) + (await publicAuditTrails());
    const unpublished = await t.db.query(`SELECT p.id, p.title FROM action_plans p WHERE p.stage NOT IN ('adoption', 'implementation', 'evaluation', 'closed')`);
    expect(unpublished.length).toBeGreaterThan(0);
    for (const p of unpublished) expect(text).not.toContain(p.id);
    const hidden = await t.db.query(
      `SELECT c.id, c.title FROM commitments c JOIN action_plans p ON p.id = c.plan_id WHERE p.stage NOT IN ('adoption', 'implementation', 'evaluation', 'closed')`,
    );
    for (const c of hidden) {
      expect(text).not.toContain(c.id);
      expect(text).not.toContain(c.title);
    }
    const drafts = await t.db.query(`SELECT id, title, description FROM proposals WHERE status = 'draft'`);
    expect(drafts.length).toBeGreaterThan(0);
    for (const d of drafts) {
      expect(text).not.toContain(d.id);
      expect(text).not.toContain(d.title);
    }
    const privateEvidence = await t.db.query(`SELECT id, url, description FROM evidence WHERE NOT public`);
    expect(privateEvidence.length).toBeGreaterThan(0);
    for (const e of privateEvidence) {
      expect(text).not.toContain(e.id);
      expect(text).not.toContain(e.url);
    }
    // No email, and no user id (ballots, authors, reviewers, uploaders stay internal) — audit trails included.
    const users: { id: string }[] = await t.db.query('SELECT id FROM users');
    for (const doc of [text, await publicAuditTrails()]) {
      expect(doc).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
      for (const u of users) expect(doc).not.toContain(u.id);
    }
    // Secret rounds: no ballot choice reaches any public document.
    const secretBallots = await t.db.query(`SELECT b.id FROM ballots b JOIN voting_rounds r ON r.id = b.round_id WHERE r.secrecy = 'secret'`);
    expect(secretBallots.length).toBeGreaterThan(0);
    for (const b of secretBallots) expect(text).not.toContain(b.id);
  });

  it('revalidates with ETag and Last-Modified (304), and changes both when the plan changes', async () => {
    const id = await planId('14');
    const first = await t.http().get(`${API}/public/plans/${id}`);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    const etag = first.headers.etag;
    const lastModified = first.headers['last-modified'];
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);

    const byTag = await t.http().get(`${API}/public/plans/${id}`).set('If-None-Match', etag);
    expect(byTag.status).toBe(304);
    expect(byTag.text ?? '').toBe('');
    expect((await t.http().get(`${API}/public/plans/${id}`).set('If-None-Match', `W/${etag}, "other"`)).status).toBe(304);
    expect((await t.http().get(`${API}/public/plans/${id}`).set('If-Modified-Since', lastModified)).status).toBe(304);
    expect((await t.http().get(`${API}/public/plans/${id}`).set('If-None-Match', '"stale"')).status).toBe(200);

    // A milestone moves: new body, new validators.
    await t.db.query(
      `UPDATE milestones SET status = 'approved', reviewed_at = now() + interval '2 seconds', updated_at = now() + interval '2 seconds'
        WHERE id = (SELECT m.id FROM milestones m JOIN commitments c ON c.id = m.commitment_id WHERE c.plan_id = $1 AND m.status = 'submitted' LIMIT 1)`,
      [id],
    );
    const changed = await t.http().get(`${API}/public/plans/${id}`).set('If-None-Match', etag);
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect((await t.http().get(`${API}/public/plans/${id}`).set('If-Modified-Since', lastModified)).status).toBe(200);
    expect(changed.body.commitments[0].progress.verifiedProgress).toBe(100);

    const commitment = changed.body.commitments[0].id;
    const c1 = await t.http().get(`${API}/public/commitments/${commitment}`);
    expect((await t.http().get(`${API}/public/commitments/${commitment}`).set('If-None-Match', c1.headers.etag)).status).toBe(304);
    const list = await t.http().get(`${API}/public/plans`);
    expect((await t.http().get(`${API}/public/plans`).set('If-None-Match', list.headers.etag)).status).toBe(304);
  });

  it('audit endpoints: the public sees a published secretariat\'s trail without people, and verify finds a tampered event', async () => {
    const [oax] = await t.db.query(`SELECT id FROM secretariats WHERE state_code = '20'`);
    const trail = await t.http().get(`${API}/secretariats/${oax.id}/audit`).query({ limit: 100 });
    expect(trail.status).toBe(200);
    expect(trail.body.publicView).toBe(true);
    expect(trail.body.items.some((e: Json) => e.subjectType === 'membership')).toBe(false);
    expect(trail.body.items.every((e: Json) => e.actorId === undefined)).toBe(true);
    expect(trail.body.items.every((e: Json) => Object.keys(e.data).length === 0)).toBe(true);
    expect(trail.body.items.some((e: Json) => e.subjectType === 'action_plan')).toBe(true);
    expect(trail.body.items.some((e: Json) => e.subjectType === 'proposal')).toBe(false);
    // A member of the secretariat sees the full trail, data and actors included.
    const login = await t.http().post(`${API}/auth/login`).send({ email: 'osc@cocrea.demo', password: 'gobierno-abierto-2019' });
    const full = await t.http().get(`${API}/secretariats/${oax.id}/audit`).set('Authorization', `Bearer ${login.body.accessToken}`).query({ limit: 100 });
    expect(full.body.publicView).toBe(false);
    expect(full.body.items.length).toBeGreaterThan(trail.body.items.length);
    expect(full.body.items.some((e: Json) => e.subjectType === 'proposal' && Object.keys(e.data).length > 0)).toBe(true);
    const [chih] = await t.db.query(`SELECT id FROM secretariats WHERE state_code = '08'`);
    expect((await t.http().get(`${API}/secretariats/${chih.id}/audit`)).status).toBe(404);

    expect((await t.http().get(`${API}/secretariats/${oax.id}/audit/verify`)).body.valid).toBe(true);
    const [victim] = await t.db.query(`SELECT id FROM audit_events WHERE chain_key = $1 AND action = 'voting_round.closed' ORDER BY seq LIMIT 1`, [oax.id]);
    await t.db.query(`UPDATE audit_events SET data = jsonb_set(data, '{outcome}', '"rejected"') WHERE id = $1`, [victim.id]);
    const verify = await t.http().get(`${API}/secretariats/${oax.id}/audit/verify`);
    expect(verify.body).toMatchObject({ valid: false, firstBrokenEventId: victim.id });
  });
});
