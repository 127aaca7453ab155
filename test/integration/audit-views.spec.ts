import { createHash } from 'node:crypto';
import { API, createPlan, expectStatus, moveStage, openRound, proposalBody, vote } from '../support/co-creation';
import { ImplementationFixture, registerUser, setupImplementation, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// Issue 12, defects 3, 4 and 11: the audit views never show more than the caller may read.
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

interface Item {
  id: string; seq: string; actorId?: string | null; subjectType: string; subjectId: string; action: string;
  data: Record<string, unknown>; dataDigest?: string; occurredAt: string; prevHash: string | null; seal: string; hash: string;
}

describe('audit views', () => {
  let t: TestApp;
  let im: ImplementationFixture;
  let roundId: string;
  const trail = async (secretariatId: string, who?: { auth: Record<string, string> }) => {
    let req = t.http().get(`${API}/secretariats/${secretariatId}/audit?limit=100`);
    if (who) req = req.set(who.auth);
    const res = await expectStatus(await req, 200);
    return res.body as { items: Item[]; publicView: boolean };
  };

  beforeAll(async () => {
    t = await createTestApp();
    im = await setupImplementation(t, { milestones: [{ weight: 60 }, { weight: 40 }] });
    // Events by people on public subjects: the lead agency starts a milestone.
    await expectStatus(await t.http().post(`${API}/milestones/${im.milestoneIds[0]}/start`).set(im.lead.titular.auth), 200);
    const round = await expectStatus(await openRound(t, im.fx.coordinator, { subjectType: 'motion', planId: im.planId, title: 'Modificación del compromiso', secrecy: 'public' }), 201);
    roundId = round.body.id;
    await expectStatus(await vote(t, im.fx.seatsOf('government')[1].titular, roundId, 'reject'), 200);
    await expectStatus(await vote(t, im.fx.seatsOf('guarantor')[0].titular, roundId, 'abstain'), 200);
  });
  afterAll(() => t.close());

  it('while a public round is open, no member sees how a seat voted', async () => {
    for (const who of [im.fx.coordinator, im.fx.seatsOf('civil_society')[0].titular, im.fx.seatsOf('government')[1].titular, im.fx.admin]) {
      const { items, publicView } = await trail(im.fx.secretariatId, who);
      expect(publicView).toBe(false);
      const ballots = items.filter((e) => e.action === 'ballot.cast');
      expect(ballots).toHaveLength(2);
      for (const b of ballots) expect(Object.keys(b.data).sort()).toEqual(['role', 'seatId', 'sector']);
      expect(JSON.stringify(items)).not.toMatch(/"(reject|abstain)"/);
    }
    const round = await t.http().get(`${API}/voting-rounds/${roundId}`).set(im.fx.coordinator.auth).expect(200);
    expect(JSON.stringify(round.body)).not.toMatch(/"(reject|abstain)"/);
    // The public does not see the round's events at all until it closes.
    const { items } = await trail(im.fx.secretariatId);
    expect(items.filter((e) => e.subjectId === roundId)).toEqual([]);
  });

  it('the public view shows no actor, data or digest, links the chain from what it shows, and resists guessing the actor', async () => {
    const { items, publicView } = await trail(im.fx.secretariatId);
    expect(publicView).toBe(true);
    const started = items.find((e) => e.action === 'milestone.started' || (e.subjectId === im.milestoneIds[0] && e.subjectType === 'milestone'));
    expect(started).toBeDefined();
    const chainKey = im.fx.secretariatId;
    const candidates: string[] = ['', ...(await t.db.query('SELECT id FROM users')).map((u: { id: string }) => u.id)];
    for (const e of items) {
      expect(e.actorId).toBeUndefined();
      expect(e.dataDigest).toBeUndefined();
      expect(e.data).toEqual({});
      // Anyone can recompute the link from the published fields…
      expect(sha256([e.prevHash ?? '', e.seq, chainKey, e.seal, e.subjectType, e.subjectId, e.action, new Date(e.occurredAt).toISOString()].join('|'))).toBe(e.hash);
      // …but no candidate actor reproduces the hash or the seal (the old attack: hash candidate user ids).
      for (const actor of candidates) {
        for (const digest of [e.dataDigest ?? '', sha256('{}')]) {
          const guess = sha256([e.prevHash ?? '', e.seq, chainKey, actor, e.subjectType, e.subjectId, e.action, digest, new Date(e.occurredAt).toISOString()].join('|'));
          expect(guess).not.toBe(e.hash);
          expect(sha256(`${actor}|${digest}`)).not.toBe(e.seal);
        }
      }
    }
    // Consecutive public events link to each other.
    for (let i = 1; i < items.length; i++) if (BigInt(items[i].seq) === BigInt(items[i - 1].seq) + 1n) expect(items[i].prevHash).toBe(items[i - 1].hash);
  });

  it('verify still checks who acted: changing an event\'s actor breaks the chain there', async () => {
    const ok = await t.http().get(`${API}/secretariats/${im.fx.secretariatId}/audit/verify`).expect(200);
    expect(ok.body).toMatchObject({ valid: true, firstBrokenEventId: null });
    const [event] = await t.db.query(`SELECT id FROM audit_events WHERE chain_key = $1 AND actor_id IS NOT NULL ORDER BY seq LIMIT 1`, [im.fx.secretariatId]);
    const other = await registerUser(t);
    await t.db.query('UPDATE audit_events SET actor_id = $2 WHERE id = $1', [event.id, other.id]);
    const broken = await t.http().get(`${API}/secretariats/${im.fx.secretariatId}/audit/verify`).expect(200);
    expect(broken.body).toMatchObject({ valid: false, firstBrokenEventId: event.id });
  });

  it('after the close, the trail records each seat\'s choice of a public round', async () => {
    await expectStatus(await vote(t, im.fx.seatsOf('government')[0].titular, roundId, 'approve'), 200);
    for (const s of [im.fx.seatsOf('civil_society')[0], im.fx.seatsOf('guarantor')[1]]) await expectStatus(await vote(t, s.titular, roundId, 'approve'), 200);
    const { items } = await trail(im.fx.secretariatId, im.fx.coordinator);
    const closed = items.find((e) => e.subjectId === roundId && e.action === 'voting_round.closed');
    expect(closed?.data.choicesBySeat).toMatchObject({ [im.fx.seatsOf('government')[1].seatId]: 'reject', [im.fx.seatsOf('guarantor')[0].seatId]: 'abstain' });
  });

  it('filters by subject type and action, and pages through the filtered events', async () => {
    const get = async (query: string) =>
      (await expectStatus(await t.http().get(`${API}/secretariats/${im.fx.secretariatId}/audit?${query}`).set(im.fx.coordinator.auth), 200)).body as { items: Item[]; nextCursor: string | null };
    const milestones = await get('subjectType=milestone&limit=100');
    expect(milestones.items.length).toBeGreaterThan(0);
    expect(milestones.items.every((e) => e.subjectType === 'milestone')).toBe(true);
    const ballots = await get('action=ballot.cast&limit=1');
    expect(ballots.items).toHaveLength(1);
    expect(ballots.items[0].action).toBe('ballot.cast');
    const next = await get(`action=ballot.cast&limit=1&cursor=${ballots.nextCursor}`);
    expect(next.items[0].action).toBe('ballot.cast');
    expect(next.items[0].seq).not.toBe(ballots.items[0].seq);
    expect((await get('subjectType=milestone&action=ballot.cast')).items).toEqual([]);
    const bad = await t.http().get(`${API}/secretariats/${im.fx.secretariatId}/audit?action=DROP%20TABLE`).set(im.fx.coordinator.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('action');
  });

  it('invitation events are for those who may list invitations (coordinators, admins)', async () => {
    await expectStatus(await t.http().post(`${API}/secretariats/${im.fx.secretariatId}/invitations`).set(im.fx.coordinator.auth)
      .send({ email: 'observadora.nueva@ejemplo.mx', role: 'observer', sector: 'civil_society' }), 201);
    const invitations = (items: Item[]) => items.filter((e) => e.subjectType === 'invitation');
    expect(invitations((await trail(im.fx.secretariatId, im.fx.coordinator)).items)).toHaveLength(1);
    expect(invitations((await trail(im.fx.secretariatId, im.fx.admin)).items)).toHaveLength(1);
    expect((await t.http().get(`${API}/secretariats/${im.fx.secretariatId}/invitations`).set(im.lead.titular.auth)).status).toBe(403);
    expect(invitations((await trail(im.fx.secretariatId, im.lead.titular)).items)).toEqual([]);
  });

  it("another organization's draft proposal does not appear in a member's trail; its authors see it", async () => {
    const fx = await setupSecretariat(t, { admin: im.fx.admin });
    const plan = await createPlan(t, fx);
    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'consultation'), 200);
    const author = fx.seatsOf('civil_society')[0].titular;
    const title = 'Borrador reservado de la OSC sobre compras públicas';
    const draft = await expectStatus(await t.http().post(`${API}/plans/${plan.id}/proposals`).set(author.auth).send(proposalBody(fx.seatsOf('government')[0].organization.id, { title })), 201);
    await expectStatus(await t.http().post(`${API}/proposals/${draft.body.id}/comments`).set(author.auth).send({ body: 'Nota interna del borrador.' }), 201);
    for (const who of [fx.seatsOf('government')[0].titular, fx.coordinator, fx.admin]) {
      const { items } = await trail(fx.secretariatId, who);
      expect(JSON.stringify(items)).not.toContain(title);
      expect(items.filter((e) => e.subjectId === draft.body.id || e.data.proposalId === draft.body.id)).toEqual([]);
      expect((await t.http().get(`${API}/proposals/${draft.body.id}`).set(who.auth)).status).toBe(404);
    }
    expect(JSON.stringify((await trail(fx.secretariatId, author)).items)).toContain(title);
    // Once submitted, everyone who may read the proposal sees its history.
    await expectStatus(await t.http().post(`${API}/proposals/${draft.body.id}/submit`).set(author.auth), 200);
    expect(JSON.stringify((await trail(fx.secretariatId, fx.seatsOf('government')[0].titular)).items)).toContain(title);
  });
});
