import { CommitmentsService } from '../../src/commitments/commitments.service';
import { acceptForVote, advancePlan, createPlan, expectStatus, openRound, submittedProposal, vote } from '../support/co-creation';
import { addMember, ImplementationFixture, roleMatrix, RoleName, setupImplementation, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
type Caller = { auth: Record<string, string> };

describe('commitments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const commitment = async (im: ImplementationFixture, who: Caller = im.fx.coordinator) => (await t.http().get(`${API}/commitments/${im.commitmentId}`).set(who.auth)).body;

  /** Every titular of the secretariat votes `choice` on a round (the round closes once all have voted). */
  async function everyoneVotes(im: ImplementationFixture, roundId: string, choice: 'approve' | 'reject') {
    for (const seat of im.fx.seats) await expectStatus(await vote(t, seat.titular, roundId, choice), 200);
    const [round] = await t.db.query('SELECT status, outcome FROM voting_rounds WHERE id = $1', [roundId]);
    expect(round.status).toBe('closed');
  }

  it('accepted proposals become commitments numbered <STATE>-<YEAR>-<NN> per plan, also when rounds close at once', async () => {
    const fx = await setupSecretariat(t, { alternates: true });
    const plan = await createPlan(t, fx);
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const author = fx.seatsOf('civil_society')[0].titular;
    const proposals: { id: string }[] = [];
    for (const title of ['Padrón abierto de beneficiarios', 'Contrataciones abiertas', 'Presupuesto participativo']) {
      proposals.push(await submittedProposal(t, fx, author, plan.id, { title }));
    }
    for (const p of proposals) await acceptForVote(t, fx, p.id);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    const rounds = [];
    for (const p of proposals) rounds.push((await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: p.id }), 201)).body);
    // Everyone but the last seat votes; then the last ballots of all rounds arrive together.
    const [last, ...rest] = [...fx.seats].reverse();
    for (const r of rounds) for (const s of rest) await expectStatus(await vote(t, s.titular, r.id, 'approve'), 200);
    const finals = await Promise.all(rounds.map((r) => vote(t, last.titular, r.id, 'approve')));
    expect(finals.map((r) => r.status)).toEqual([200, 200, 200]);

    const list = await t.http().get(`${API}/plans/${plan.id}/commitments`).set(author.auth);
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { code: string }) => c.code)).toEqual(['OAX-2025-01', 'OAX-2025-02', 'OAX-2025-03']);
    const byProposal = new Map(list.body.items.map((c: { proposalId: string; title: string }) => [c.proposalId, c.title]));
    for (const p of proposals) expect(byProposal.get(p.id)).toBeDefined();
    const first = list.body.items[0];
    expect(first).toMatchObject({
      status: 'not_started',
      startDate: '2025-01-01',
      endDate: '2027-12-31',
      ogpValues: ['access_to_information', 'public_accountability'],
      leadAgencyId: fx.seatsOf('government')[0].organization.id,
      progress: { verifiedProgress: 0, completion: 'not_started', weightTotal: 0 },
    });

    // Idempotent per proposal: a repeated close does not create a second commitment.
    const service = t.app.get(CommitmentsService);
    const [proposalRow] = await t.db.query('SELECT * FROM proposals WHERE id = $1', [proposals[0].id]);
    const again = await t.db.transaction((tx) => service.createFromProposal(tx, { id: proposalRow.id, planId: proposalRow.plan_id, title: proposalRow.title }));
    expect(again.code).toBe(list.body.items.find((c: { proposalId: string }) => c.proposalId === proposals[0].id).code);
    expect((await t.db.query('SELECT count(*)::int AS n FROM commitments WHERE plan_id = $1', [plan.id]))[0].n).toBe(3);

    const page = await t.http().get(`${API}/plans/${plan.id}/commitments?limit=2`).set(author.auth);
    expect(page.body.items).toHaveLength(2);
    const next = await t.http().get(`${API}/plans/${plan.id}/commitments?limit=2&cursor=${page.body.nextCursor}`).set(author.auth);
    expect(next.body.items.map((c: { code: string }) => c.code)).toEqual(['OAX-2025-03']);
  });

  it('coordinators edit a commitment before implementation; afterwards a modification request is required', async () => {
    const im = await setupImplementation(t, { stage: 'adoption' });
    const url = `${API}/commitments/${im.commitmentId}`;
    const coord = im.fx.coordinator.auth;
    const { version } = await commitment(im);

    const edited = await t.http().patch(url).set(coord).send({ version, title: 'Padrón único de beneficiarios en datos abiertos', sdgs: [16], endDate: '2027-06-30' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Padrón único de beneficiarios en datos abiertos', sdgs: [16], endDate: '2027-06-30', version: version + 1 });

    const stale = await t.http().patch(url).set(coord).send({ version, title: 'Otro título' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    expect((await t.http().patch(url).set(im.lead.titular.auth).send({ title: 'Otro título' })).status).toBe(403);

    const rules: [object, number, string][] = [
      [{ endDate: '2028-01-31' }, 422, 'commitment_outside_plan_period'],
      [{ startDate: '2027-07-01' }, 422, 'commitment_dates_invalid'],
      [{ leadAgencyId: im.fx.seatsOf('civil_society')[0].organization.id }, 422, 'lead_agency_not_government'],
      [{ leadAgencyId: '00000000-0000-4000-8000-000000000000' }, 422, 'organization_not_found'],
      [{ ogpValues: ['technology_innovation'] }, 422, 'ogp_values_invalid'],
      [{ sdgs: [18] }, 400, 'validation_failed'],
      [{ status: 'completed' }, 400, 'validation_failed'],
      [{ code: 'OAX-2025-99' }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of rules) {
      const res = await t.http().patch(url).set(coord).send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status, code });
    }
    const other = im.fx.seatsOf('government')[1].organization.id;
    expect((await t.http().patch(url).set(coord).send({ leadAgencyId: other })).body.leadAgencyId).toBe(other);

    const audit = await t.db.query(`SELECT action, data FROM audit_events WHERE subject_id = $1 ORDER BY seq`, [im.commitmentId]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['commitment.updated', 'commitment.updated']);
    expect(audit[0].data.changes.title.to).toBe('Padrón único de beneficiarios en datos abiertos');

    await t.db.query(`UPDATE action_plans SET stage = 'implementation' WHERE id = $1`, [im.planId]);
    const late = await t.http().patch(url).set(coord).send({ title: 'Cambio tardío' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('modification_request_required');
  });

  it('a modification request takes effect only after an approved voting round', async () => {
    const im = await setupImplementation(t, { milestones: [{ weight: 100, title: 'Publicación del padrón' }] });
    const coord = im.fx.coordinator;
    const [m1] = im.milestoneIds;
    const base = `${API}/commitments/${im.commitmentId}/modification-requests`;
    const newSet = [
      { id: m1, title: 'Publicación del padrón', responsibleOrganizationId: im.lead.organization.id, startDate: '2025-02-01', dueDate: '2026-06-30', weight: 60 },
      { title: 'Actualización mensual', responsibleOrganizationId: im.lead.organization.id, startDate: '2026-07-01', dueDate: '2027-06-30', weight: 40 },
    ];
    const body = { reason: 'El Congreso aprobó la nueva ley de desarrollo social.', changes: { title: 'Padrón y actualización mensual' }, milestones: newSet };

    expect((await t.http().post(base).set(im.lead.titular.auth).send(body)).status).toBe(403);
    expect((await t.http().post(base).set(coord.auth).send({ reason: 'Sin cambios en realidad.' })).body.code).toBe('modification_empty');
    const heavy = await t.http().post(base).set(coord.auth).send({ ...body, milestones: [{ ...newSet[0], weight: 90 }] });
    expect(heavy.status).toBe(422);
    expect(heavy.body.code).toBe('milestone_weights_invalid');
    const outside = await t.http().post(base).set(coord.auth).send({ reason: 'Ampliar el plazo más allá del plan.', changes: { endDate: '2029-12-31' } });
    expect(outside.status).toBe(422);

    const created = await t.http().post(base).set(coord.auth).send(body);
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending');
    const reqUrl = `${API}/modification-requests/${created.body.id}`;

    const unlinked = await t.http().post(`${reqUrl}/apply`).set(coord.auth);
    expect(unlinked.status).toBe(409);
    expect(unlinked.body.code).toBe('voting_round_missing');

    const round = (await expectStatus(await openRound(t, coord, { subjectType: 'motion', planId: im.planId, title: 'Modificación del compromiso OAX-2025-01' }), 201)).body;
    expect((await t.http().post(`${reqUrl}/voting-round`).set(im.lead.titular.auth).send({ votingRoundId: round.id })).status).toBe(403);
    const linked = await t.http().post(`${reqUrl}/voting-round`).set(coord.auth).send({ votingRoundId: round.id });
    expect(linked.status).toBe(200);
    expect(linked.body.votingRoundId).toBe(round.id);
    const otherRequest = (await t.http().post(base).set(coord.auth).send({ reason: 'Cambiar la descripción del compromiso.', changes: { description: 'Nueva descripción' } })).body;
    const reuse = await t.http().post(`${API}/modification-requests/${otherRequest.id}/voting-round`).set(coord.auth).send({ votingRoundId: round.id });
    expect(reuse.status).toBe(409);
    expect(reuse.body.code).toBe('voting_round_in_use');

    const early = await t.http().post(`${reqUrl}/apply`).set(coord.auth);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('voting_round_open');
    expect((await commitment(im)).title).toBe('Padrón abierto de beneficiarios');

    await everyoneVotes(im, round.id, 'approve');
    const applied = await t.http().post(`${reqUrl}/apply`).set(coord.auth);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ status: 'applied', outcome: 'approved' });
    expect((await commitment(im)).title).toBe('Padrón y actualización mensual');
    const milestones = (await t.http().get(`${API}/commitments/${im.commitmentId}/milestones`).set(coord.auth)).body.items;
    expect(milestones.map((m: { title: string; weight: number }) => [m.title, m.weight])).toEqual([
      ['Publicación del padrón', 60],
      ['Actualización mensual', 40],
    ]);
    expect((await t.http().post(`${reqUrl}/apply`).set(coord.auth)).body.code).toBe('modification_not_pending');

    // Rejected round → rejected request, nothing changes.
    const withdraw = (await t.http().post(base).set(coord.auth).send({ reason: 'Retirar el compromiso por falta de presupuesto.', withdraw: true })).body;
    const r2 = (await expectStatus(await openRound(t, coord, { subjectType: 'motion', planId: im.planId, title: 'Retiro del compromiso' }), 201)).body;
    await t.http().post(`${API}/modification-requests/${withdraw.id}/voting-round`).set(coord.auth).send({ votingRoundId: r2.id });
    await everyoneVotes(im, r2.id, 'reject');
    const rejected = await t.http().post(`${API}/modification-requests/${withdraw.id}/apply`).set(coord.auth);
    expect(rejected.body).toMatchObject({ status: 'rejected', outcome: 'rejected' });
    expect((await commitment(im)).status).not.toBe('withdrawn');

    // Approved withdrawal → withdrawn; its milestones no longer move and lose their reminders.
    const withdraw2 = (await t.http().post(base).set(coord.auth).send({ reason: 'Retirar el compromiso: la dependencia desapareció.', withdraw: true })).body;
    const r3 = (await expectStatus(await openRound(t, coord, { subjectType: 'motion', planId: im.planId, title: 'Retiro del compromiso (2)' }), 201)).body;
    await t.http().post(`${API}/modification-requests/${withdraw2.id}/voting-round`).set(coord.auth).send({ votingRoundId: r3.id });
    await everyoneVotes(im, r3.id, 'approve');
    expect((await t.http().post(`${API}/modification-requests/${withdraw2.id}/apply`).set(coord.auth)).body.status).toBe('applied');
    expect((await commitment(im)).status).toBe('withdrawn');
    const start = await t.http().post(`${API}/milestones/${m1}/start`).set(im.lead.titular.auth);
    expect(start.status).toBe(409);
    expect(start.body.code).toBe('commitment_withdrawn');
    const open = await t.db.query(`SELECT 1 FROM scheduled_reminders WHERE subject_id = ANY($1::uuid[]) AND status IN ('pending', 'enqueued')`, [milestones.map((m: { id: string }) => m.id)]);
    expect(open).toEqual([]);

    const cancelled = await t.http().post(`${API}/modification-requests/${otherRequest.id}/cancel`).set(coord.auth);
    expect(cancelled.body.status).toBe('cancelled');
    const listed = await t.http().get(base).set(im.lead.titular.auth);
    expect(listed.body.items.map((r: { status: string }) => r.status)).toEqual(['applied', 'cancelled', 'rejected', 'applied']);
    const actions = (await t.db.query(`SELECT action FROM audit_events WHERE subject_id = $1 ORDER BY seq`, [im.commitmentId])).map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['commitment.modified', 'commitment.withdrawn']));

    const early2 = await setupImplementation(t, { stage: 'adoption', admin: im.fx.admin });
    const direct = await t.http().post(`${API}/commitments/${early2.commitmentId}/modification-requests`).set(early2.fx.coordinator.auth).send(body);
    expect(direct.status).toBe(409);
    expect(direct.body.code).toBe('edit_directly');
  });

  it('progress reports: the lead agency writes one per period, the other sectors comment', async () => {
    const im = await setupImplementation(t, { milestones: [{ weight: 30, status: 'approved' }, { weight: 70, status: 'submitted' }] });
    const base = `${API}/commitments/${im.commitmentId}/progress-reports`;
    const text = 'Se publicó el padrón en el portal de datos abiertos; falta la actualización mensual.';
    const csoObserver = await addMember(t, im.fx.secretariatId, { role: 'observer', sector: 'civil_society' });

    expect((await t.http().post(base).set(im.fx.seatsOf('government')[1].titular.auth).send({ period: 'first', text })).status).toBe(403);
    expect((await t.http().post(base).set(im.fx.coordinator.auth).send({ period: 'first', text })).status).toBe(403);
    const first = await t.http().post(base).set(im.lead.titular.auth).send({ period: 'first', text });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ period: 'first', progressAtReport: 30, organizationId: im.lead.organization.id });
    const twice = await t.http().post(base).set(im.lead.alternate!.auth).send({ period: 'first', text });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('progress_report_exists');
    expect((await t.http().post(base).set(im.lead.titular.auth).send({ period: 'third', text })).status).toBe(400);

    const stale = await t.http().patch(`${API}/progress-reports/${first.body.id}`).set(im.lead.alternate!.auth).send({ version: 99, text: `${text} Corrección.` });
    expect(stale.status).toBe(409);
    const edited = await t.http().patch(`${API}/progress-reports/${first.body.id}`).set(im.lead.alternate!.auth).send({ version: first.body.version, text: `${text} Corrección.` });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(first.body.version + 1);

    const comment = (who: Caller) => t.http().post(`${API}/progress-reports/${first.body.id}/comments`).set(who.auth).send({ text: 'El padrón no incluye a los municipios de la Mixteca.' });
    expect((await comment(im.fx.seatsOf('civil_society')[0].titular)).status).toBe(201);
    expect((await comment(im.fx.seatsOf('guarantor')[0].alternate!)).status).toBe(201);
    expect((await comment(csoObserver)).status).toBe(201);
    const own = await comment(im.lead.alternate!);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('other_sector_required');
    expect((await comment(im.fx.seatsOf('government')[1].titular)).status).toBe(403);

    const list = await t.http().get(base).set(im.fx.coordinator.auth);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].comments.map((c: { sector: string }) => c.sector)).toEqual(['civil_society', 'guarantor', 'civil_society']);

    await t.db.query(`UPDATE action_plans SET stage = 'adoption' WHERE id = $1`, [im.planId]);
    expect((await t.http().post(base).set(im.lead.titular.auth).send({ period: 'second', text })).body.code).toBe('plan_not_in_implementation');
  });

  it('IRM-style assessments are written by guarantor titulars and alternates', async () => {
    const im = await setupImplementation(t, { milestones: [{ weight: 60, status: 'approved' }, { weight: 40 }] });
    const base = `${API}/commitments/${im.commitmentId}/assessments`;
    const body = { verifiable: true, potentialResults: 'substantial', didItOpenGovernment: 'major', justification: 'El padrón permite verificar la entrega de apoyos por municipio.' };
    const guarantorObserver = await addMember(t, im.fx.secretariatId, { role: 'observer', sector: 'guarantor' });
    for (const who of [im.lead.titular, im.fx.seatsOf('civil_society')[0].titular, im.fx.coordinator, guarantorObserver, im.fx.admin]) {
      expect((await t.http().post(base).set(who.auth).send(body)).status).toBe(403);
    }
    const created = await t.http().post(base).set(im.fx.seatsOf('guarantor')[1].alternate!.auth).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ verifiable: true, potentialResults: 'substantial', didItOpenGovernment: 'major', completionAtAssessment: 'substantial' });
    expect((await t.http().post(base).set(im.fx.seatsOf('guarantor')[0].titular.auth).send({ ...body, potentialResults: 'transformative' })).status).toBe(400);
    expect((await t.http().post(base).set(im.fx.seatsOf('guarantor')[0].titular.auth).send({ ...body, justification: 'corta' })).status).toBe(400);
    const early = await t.http().post(base).set(im.fx.seatsOf('guarantor')[0].titular.auth).send({ verifiable: false, potentialResults: 'unclear', justification: 'Aún no hay elementos para valorar el cambio.' });
    expect(early.body.didItOpenGovernment).toBeNull();
    const list = await t.http().get(base).set(im.lead.titular.auth);
    expect(list.body.items.map((a: { potentialResults: string }) => a.potentialResults)).toEqual(['substantial', 'unclear']);
    const [event] = await t.db.query(`SELECT action FROM audit_events WHERE subject_id = $1 AND action = 'commitment.assessed' LIMIT 1`, [im.commitmentId]);
    expect(event).toBeDefined();
  });

  it('authorization matrix for commitment routes', async () => {
    const im = await setupImplementation(t, { stage: 'adoption', milestones: [{ weight: 100 }] });
    const roles = await roleMatrix(t, im.fx, im.lead);
    const [report] = await t.db.query(
      `INSERT INTO progress_reports (commitment_id, secretariat_id, period, text, progress_at_report, author_id, organization_id) VALUES ($1, $2, 'first', 'Informe', 0, $3, $4) RETURNING id`,
      [im.commitmentId, im.fx.secretariatId, im.lead.titular.id, im.lead.organization.id],
    );
    const [request] = await t.db.query(
      `INSERT INTO modification_requests (commitment_id, secretariat_id, changes, reason, requested_by_id) VALUES ($1, $2, '{}', 'Motivo', $3) RETURNING id`,
      [im.commitmentId, im.fx.secretariatId, im.fx.coordinator.id],
    );
    const c = im.commitmentId;
    const readers: Record<RoleName, number> = { admin: 200, coordinator: 200, titular: 200, alternate: 200, observer: 200, facilitator: 200, otherSecretariat: 404, nonMember: 404, anonymous: 401 };
    const only = (allowed: Partial<Record<RoleName, number>>, refused = 403): Record<RoleName, number> => ({
      admin: refused, coordinator: refused, titular: refused, alternate: refused, observer: refused, facilitator: refused, otherSecretariat: 404, nonMember: 404, anonymous: 401, ...allowed,
    });
    const cases: [string, string, object | undefined, Record<RoleName, number>][] = [
      ['get', `/plans/${im.planId}/commitments`, undefined, readers],
      ['get', `/commitments/${c}`, undefined, readers],
      ['get', `/commitments/${c}/progress`, undefined, readers],
      ['get', `/commitments/${c}/assessments`, undefined, readers],
      ['get', `/commitments/${c}/progress-reports`, undefined, readers],
      ['get', `/commitments/${c}/modification-requests`, undefined, readers],
      ['get', `/modification-requests/${request.id}`, undefined, readers],
      ['patch', `/commitments/${c}`, { description: 'Descripción revisada' }, only({ coordinator: 200 })],
      // The lead agency's titular/alternate may write (plan before implementation → 409).
      ['post', `/commitments/${c}/progress-reports`, { period: 'second', text: 'Segundo informe de avance.' }, only({ titular: 409, alternate: 409 })],
      ['patch', `/progress-reports/${report.id}`, { text: 'Informe corregido y ampliado.' }, only({ titular: 200, alternate: 200 })],
      // Civil-society observer and facilitator (roleMatrix) comment; the lead agency's people do not.
      ['post', `/progress-reports/${report.id}/comments`, { text: 'Comentario' }, only({ observer: 201, facilitator: 201 })],
      ['post', `/commitments/${c}/assessments`, { verifiable: true, potentialResults: 'modest', justification: 'Justificación suficiente.' }, only({})],
      ['post', `/commitments/${c}/modification-requests`, { reason: 'Motivo suficiente.', withdraw: true }, only({ coordinator: 409 })],
      ['post', `/modification-requests/${request.id}/voting-round`, { votingRoundId: '00000000-0000-4000-8000-000000000000' }, only({ coordinator: 422 })],
      ['post', `/modification-requests/${request.id}/apply`, undefined, only({ coordinator: 409 })],
      ['post', `/modification-requests/${request.id}/cancel`, undefined, only({ coordinator: 200 })],
    ];
    for (const [method, route, body, want] of cases) {
      const got: Record<string, number> = {};
      for (const [role, who] of Object.entries(roles) as [RoleName, Caller][]) {
        const req = method === 'get' ? t.http().get(`${API}${route}`) : method === 'post' ? t.http().post(`${API}${route}`) : t.http().patch(`${API}${route}`);
        got[role] = (await req.set(who.auth).send(body ?? {})).status;
      }
      expect({ method, route, got }).toEqual({ method, route, got: want });
    }
  });
});
