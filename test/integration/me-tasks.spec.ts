import { acceptForVote, advancePlan, API, createPlan, expectStatus, openRound, submittedProposal, vote } from '../support/co-creation';
import { addMember, ImplementationFixture, LoggedIn, registerUser, SecretariatFixture, setupImplementation, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

type Who = { auth: { Authorization: string } };
interface Task { kind: string; secretariatId: string; secretariatName: string; subjectType: string; subjectId: string; title: string; dueAt: string | null; overdue: boolean; link: string }

describe('GET /me/tasks', () => {
  let t: TestApp;
  let im: ImplementationFixture;
  let fx: SecretariatFixture;
  let other: SecretariatFixture;
  let observer: LoggedIn;
  let invitee: LoggedIn;
  const ms: Record<string, string> = {};
  let roundId: string;
  let otherRoundId: string;
  let p1: string; // awaiting, due in the future
  let p3: string; // awaiting, late
  let p4: string; // awaiting, no deadline
  let invitationId: string;

  const tasks = async (who: Who, query = '') => {
    const res = await expectStatus(await t.http().get(`${API}/me/tasks${query}`).set(who.auth), 200);
    return res.body as { items: Task[]; nextCursor: string | null; unreadNotifications: number };
  };
  const kinds = async (who: Who) => (await tasks(who)).items.map((i) => `${i.kind}:${i.subjectId}`);

  beforeAll(async () => {
    t = await createTestApp();
    // Local dates in Oaxaca: one milestone due in 3 days (inside the 7-day window), one overdue, one far ahead.
    const [d] = await t.db.query(
      `SELECT to_char((now() AT TIME ZONE 'America/Mexico_City')::date + 3, 'YYYY-MM-DD') AS soon,
              to_char((now() AT TIME ZONE 'America/Mexico_City')::date - 10, 'YYYY-MM-DD') AS late,
              to_char((now() AT TIME ZONE 'America/Mexico_City')::date + 60, 'YYYY-MM-DD') AS far`,
    );
    im = await setupImplementation(t, {
      secretariat: { rules: { allowParallelPlans: true } },
      milestones: [
        { title: 'Por vencer', weight: 1, dueDate: d.soon, startDate: '2025-01-01', status: 'in_progress' },
        { title: 'Vencido', weight: 1, dueDate: d.late, startDate: '2025-01-01', status: 'pending' },
        { title: 'Lejano', weight: 1, dueDate: d.far, startDate: '2025-01-01', status: 'pending' },
        { title: 'Enviado hace 6 días', weight: 1, dueDate: d.soon, startDate: '2025-01-01', status: 'submitted' },
        { title: 'Enviado del garante', weight: 1, dueDate: d.soon, startDate: '2025-01-01', status: 'submitted' },
        { title: 'Aprobado', weight: 1, dueDate: d.late, startDate: '2025-01-01', status: 'approved' },
      ],
    });
    fx = im.fx;
    [ms.soon, ms.late, ms.far, ms.submitted, ms.guarantorOwn, ms.approved] = im.milestoneIds;
    const guarantorOrg = fx.seatsOf('guarantor')[0].organization.id;
    await t.db.query(`UPDATE milestones SET submitted_at = now() - interval '6 days' WHERE id = $1`, [ms.submitted]);
    await t.db.query(`UPDATE milestones SET submitted_at = now() - interval '1 day', responsible_organization_id = $2 WHERE id = $1`, [ms.guarantorOwn, guarantorOrg]);

    // Co-creation: a second plan with proposals awaiting response and one in an open round.
    const plan = await createPlan(t, fx, { title: 'Plan en votación' });
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const author = fx.seatsOf('civil_society')[0].titular;
    p1 = (await submittedProposal(t, fx, author, plan.id, { title: 'Propuesta por responder' })).id;
    const p2 = (await submittedProposal(t, fx, author, plan.id, { title: 'Propuesta en votación' })).id;
    p3 = (await submittedProposal(t, fx, author, plan.id, { title: 'Propuesta atrasada' })).id;
    p4 = (await submittedProposal(t, fx, author, plan.id, { title: 'Propuesta sin plazo' })).id;
    await t.db.query(`UPDATE proposals SET response_due_at = now() - interval '2 days' WHERE id = $1`, [p3]);
    await t.db.query(`UPDATE proposals SET response_due_at = NULL WHERE id = $1`, [p4]);
    await advancePlan(t, fx.coordinator, plan.id, 'deliberation');
    await acceptForVote(t, fx, p2);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    roundId = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: p2 }), 201)).body.id;

    observer = await addMember(t, fx.secretariatId, { role: 'observer', sector: 'civil_society' });
    await t.db.query(
      `INSERT INTO notifications (user_id, kind, secretariat_id, subject, text, link) VALUES ($1, 'message', $2, 'Aviso', 'Texto', '/'), ($1, 'message', $2, 'Leído', 'Texto', '/')`,
      [observer.id, fx.secretariatId],
    );
    await t.db.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND subject = 'Leído'`, [observer.id]);

    invitee = await registerUser(t, { name: 'Persona invitada' });
    invitationId = (await expectStatus(
      await t.http().post(`${API}/secretariats/${fx.secretariatId}/invitations`).set(fx.coordinator.auth).send({ email: invitee.email, role: 'observer', sector: 'civil_society' }),
      201,
    )).body.id;

    // Another secretariat with its own open round and an unanswered proposal: none of it is fx's people's.
    other = await setupSecretariat(t, { stateCode: '14', admin: fx.admin, alternates: true });
    const otherPlan = await createPlan(t, other);
    await advancePlan(t, other.coordinator, otherPlan.id, 'consultation');
    await submittedProposal(t, other, other.seatsOf('civil_society')[0].titular, otherPlan.id, { title: 'Otra propuesta' });
    otherRoundId = (await expectStatus(await openRound(t, other.coordinator, { subjectType: 'motion', secretariatId: other.secretariatId, title: 'Moción de Jalisco' }), 201)).body.id;
  }, 120_000);
  afterAll(() => t.close());

  it('each persona sees exactly their tasks, soonest deadline first, none from another secretariat', async () => {
    const civil = fx.seatsOf('civil_society')[0];
    const [gov1, gov2] = fx.seatsOf('government');
    const [g1, g2] = fx.seatsOf('guarantor');

    // Coordinator (facilitator without seat): the three proposals awaiting a response — late first, no deadline last.
    const coord = await tasks(fx.coordinator);
    expect(coord.items.map((i) => i.subjectId)).toEqual([p3, p1, p4]);
    expect(coord.items.map((i) => i.kind)).toEqual(['proposal_response', 'proposal_response', 'proposal_response']);
    expect(coord.items.map((i) => i.overdue)).toEqual([true, false, false]);
    expect(coord.items[2].dueAt).toBeNull();
    expect(coord.items[0]).toMatchObject({
      secretariatId: fx.secretariatId, subjectType: 'proposal', link: `/propuestas/${p3}`, title: 'Respuesta razonada atrasada: «Propuesta atrasada»',
    });
    expect(coord.items[0].secretariatName).toContain('Oaxaca');

    // Seat holders of every sector, titular and alternate: the ballot.
    for (const who of [civil.titular, civil.alternate!, gov2.titular, gov2.alternate!]) {
      expect(await kinds(who)).toEqual([`ballot:${roundId}`]);
    }
    const ballot = (await tasks(civil.alternate!)).items[0];
    expect(ballot).toMatchObject({ subjectType: 'voting_round', link: `/votaciones/${roundId}`, title: 'Vota: «Propuesta en votación»', overdue: false });

    // The lead agency: the overdue milestone, the one due soon, the ballot (closes in 2 h, before the milestone due in 3 days).
    const lead = await tasks(gov1.titular);
    expect(lead.items.map((i) => `${i.kind}:${i.subjectId}`)).toEqual([`milestone_due:${ms.late}`, `ballot:${roundId}`, `milestone_due:${ms.soon}`]);
    expect(lead.items[0]).toMatchObject({ overdue: true, title: 'Hito vencido: «Vencido»', link: `/gestion/hitos/${ms.late}` });
    expect(lead.items[2]).toMatchObject({ overdue: false, title: 'Hito por vencer: «Por vencer»' });
    expect(await kinds(gov1.alternate!)).toEqual(lead.items.map((i) => `${i.kind}:${i.subjectId}`));

    // Guarantor: reviews oldest first (the 6-day-old one is past the 5-day review window), never their own organization's.
    const guarantor1 = await tasks(g1.titular);
    expect(guarantor1.items.map((i) => `${i.kind}:${i.subjectId}`)).toEqual([`milestone_review:${ms.submitted}`, `ballot:${roundId}`]);
    expect(guarantor1.items[0]).toMatchObject({ overdue: true, title: 'Revisa el hito «Enviado hace 6 días»', subjectType: 'milestone' });
    expect(await kinds(g2.alternate!)).toEqual([`milestone_review:${ms.submitted}`, `ballot:${roundId}`, `milestone_review:${ms.guarantorOwn}`]);

    // Observer: nothing to do, one unread notification.
    const obs = await tasks(observer);
    expect(obs.items).toEqual([]);
    expect(obs.unreadNotifications).toBe(1);
    expect(obs.nextCursor).toBeNull();

    // The other secretariat's people see their own round only.
    expect(await kinds(other.seatsOf('civil_society')[0].titular)).toEqual([`ballot:${otherRoundId}`]);
  });

  it('pages with the cursor in the same order', async () => {
    const all = (await tasks(fx.coordinator)).items.map((i) => i.subjectId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof tasks>> = await tasks(fx.coordinator, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((i) => i.subjectId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const bad = await t.http().get(`${API}/me/tasks?cursor=bm9wZQ`).set(fx.coordinator.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_cursor');
    expect((await t.http().get(`${API}/me/tasks`)).status).toBe(401);
  });

  it('a member of two secretariats sees both', async () => {
    // The Oaxaca civil-society alternate also holds a seat in Jalisco (a second round opens there with them in it).
    const civilAlt = fx.seatsOf('civil_society')[0].alternate!;
    const seat = other.seatsOf('guarantor')[0];
    await t.db.query(`UPDATE memberships SET ended_at = now() WHERE id = $1`, [seat.alternate!.membershipId]);
    await t.db.query(
      `INSERT INTO memberships (secretariat_id, user_id, sector, organization_id, seat_id, role, is_coordinator) VALUES ($1, $2, 'guarantor', $3, $4, 'alternate', false)`,
      [other.secretariatId, civilAlt.id, seat.organization.id, seat.seatId],
    );
    const second = (await expectStatus(await openRound(t, other.coordinator, { subjectType: 'motion', secretariatId: other.secretariatId, title: 'Segunda moción' }), 201)).body.id;
    const mine = await tasks(civilAlt);
    expect(mine.items.map((i) => `${i.kind}:${i.subjectId}`).sort()).toEqual([`ballot:${roundId}`, `ballot:${otherRoundId}`, `ballot:${second}`].sort());
    expect(new Set(mine.items.map((i) => i.secretariatId))).toEqual(new Set([fx.secretariatId, other.secretariatId]));

    // The round list carries each one's myBallot with one statement for the whole page.
    await expectStatus(await vote(t, civilAlt, second, 'abstain'), 200);
    const spy = jest.spyOn(t.db, 'query');
    try {
      const list = (await expectStatus(await t.http().get(`${API}/secretariats/${other.secretariatId}/voting-rounds`).set(civilAlt.auth), 200)).body.items;
      expect(list.length).toBe(2);
      expect(list.find((r: { id: string }) => r.id === second).myBallot).toMatchObject({ choice: 'abstain', role: 'alternate', counts: true });
      expect(list.find((r: { id: string }) => r.id === otherRoundId).myBallot).toBeNull();
      // The access check and one statement for every round's ballot (the page itself goes through the query builder).
      expect(spy.mock.calls.length).toBe(2);
      expect(spy.mock.calls.filter(([sql]) => /FROM ballots b/.test(String(sql))).length).toBe(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('costs two statements however many secretariats, rounds and milestones (no query per item)', async () => {
    const spy = jest.spyOn(t.db, 'query');
    try {
      const civilAlt = fx.seatsOf('civil_society')[0].alternate!;
      const mine = await tasks(civilAlt);
      expect(mine.items.length).toBe(2);
      // Every statement of the request that goes through the DataSource: the tasks service's two.
      expect(spy.mock.calls.length).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('acting removes the task: voting, responding, reviewing', async () => {
    const civil = fx.seatsOf('civil_society')[0];
    const g2 = fx.seatsOf('guarantor')[1];

    // The alternate votes: the seat still appears for nobody (one vote per seat).
    await expectStatus(await vote(t, civil.alternate!, roundId, 'approve'), 200);
    expect(await kinds(civil.titular)).toEqual([]);
    expect((await kinds(civil.alternate!)).filter((k) => k.endsWith(roundId))).toEqual([]);
    expect(await kinds(fx.seatsOf('government')[1].titular)).toEqual([`ballot:${roundId}`]);

    // The round list carries each caller's own ballot (no extra request per round).
    const list = async (who: Who) => (await expectStatus(await t.http().get(`${API}/secretariats/${fx.secretariatId}/voting-rounds`).set(who.auth), 200)).body.items;
    expect((await list(civil.alternate!)).find((r: { id: string }) => r.id === roundId).myBallot).toMatchObject({ choice: 'approve', role: 'alternate', counts: true });
    expect((await list(civil.titular)).find((r: { id: string }) => r.id === roundId).myBallot).toBeNull();
    await expectStatus(await vote(t, civil.titular, roundId, 'reject'), 200);
    expect((await list(civil.alternate!)).find((r: { id: string }) => r.id === roundId).myBallot).toMatchObject({ choice: 'approve', counts: false });
    expect((await list(civil.titular)).find((r: { id: string }) => r.id === roundId).myBallot).toMatchObject({ choice: 'reject', role: 'titular', counts: true });

    // The coordinator responds: that proposal leaves the list.
    await expectStatus(
      await t.http().post(`${API}/proposals/${p3}/response`).set(fx.coordinator.auth).send({ decision: 'decline', text: 'No corresponde al alcance del plan.' }),
      200,
    );
    expect((await tasks(fx.coordinator)).items.map((i) => i.subjectId)).toEqual([p1, p4]);

    // A guarantor reviews: the milestone leaves every reviewer's list.
    await expectStatus(await t.http().post(`${API}/milestones/${ms.submitted}/review`).set(g2.titular.auth).send({ decision: 'approve' }), 200);
    expect(await kinds(g2.alternate!)).toEqual([`ballot:${roundId}`, `milestone_review:${ms.guarantorOwn}`]);
    expect(await kinds(fx.seatsOf('guarantor')[0].titular)).toEqual([`ballot:${roundId}`]);
  });

  it('follows the status rule of the access table: a suspended secretariat keeps ballots, not responses; a dissolved one nothing', async () => {
    const voter = other.seatsOf('government')[0].titular;
    expect((await tasks(other.coordinator)).items.map((i) => i.kind)).toEqual(['proposal_response']);
    await t.db.query(`UPDATE secretariats SET status = 'suspended' WHERE id = $1`, [other.secretariatId]);
    expect((await tasks(other.coordinator)).items).toEqual([]);
    expect((await tasks(voter)).items.map((i) => i.kind)).toEqual(['ballot', 'ballot']);
    await t.db.query(`UPDATE secretariats SET status = 'dissolved' WHERE id = $1`, [other.secretariatId]);
    expect((await tasks(voter)).items).toEqual([]);
    await t.db.query(`UPDATE secretariats SET status = 'active' WHERE id = $1`, [other.secretariatId]);
  });

  it('an invitation to my e-mail, opened and accepted by its id while signed in', async () => {
    const mine = await tasks(invitee);
    expect(mine.items).toEqual([
      expect.objectContaining({ kind: 'invitation', subjectType: 'invitation', subjectId: invitationId, secretariatId: fx.secretariatId, link: `/invitaciones/${invitationId}`, overdue: false }),
    ]);
    expect(mine.items[0].title).toMatch(/^Invitación a Secretariado .* como persona observadora$/);
    expect(mine.items[0].dueAt).not.toBeNull();

    // The id is no credential: without the addressee's session it is an unknown invitation.
    expect((await t.http().get(`${API}/invitations/${invitationId}`)).status).toBe(404);
    expect((await t.http().get(`${API}/invitations/${invitationId}`).set(observer.auth)).status).toBe(404);
    expect((await t.http().post(`${API}/invitations/${invitationId}/accept`).set(observer.auth)).status).toBe(404);
    const preview = await expectStatus(await t.http().get(`${API}/invitations/${invitationId}`).set(invitee.auth), 200);
    expect(preview.body.status).toBe('pending');
    await expectStatus(await t.http().post(`${API}/invitations/${invitationId}/accept`).set(invitee.auth), 201);
    expect((await tasks(invitee)).items).toEqual([]);
  });
});
