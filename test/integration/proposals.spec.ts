import { ReminderKinds } from '../../src/reminders/reminder-kinds';
import { ScheduledReminder } from '../../src/reminders/scheduled-reminder.entity';
import { localDate, localParts } from '../../src/reminders/time-zone';
import { addMember, SecretariatFixture, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import {
  acceptForVote, advancePlan, API, as, createPlan, expectStatus, govOrg, matrixPeople, openRound, proposalBody, Role, ROLES, submittedProposal,
} from '../support/co-creation';

describe('proposals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Oaxaca-like secretariat (2 OSC, 2 government, 1 guarantor) with a plan in consultation. */
  async function inConsultation(rules: Record<string, unknown> = {}) {
    const fx = await setupSecretariat(t, { seats: { government: 2, civil_society: 2, guarantor: 1 }, alternates: true, rules });
    const plan = await createPlan(t, fx);
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    return { fx, planId: plan.id, osc: fx.seatsOf('civil_society')[0] };
  }
  const post = (who: { auth: object }, planId: string, body: unknown) => t.http().post(`${API}/plans/${planId}/proposals`).set(who.auth as never).send(body as object);

  it('an OSC drafts privately, submits during consultation, and gets a response deadline at the end of a local day', async () => {
    const { fx, planId, osc } = await inConsultation();
    const created = await post(osc.titular, planId, proposalBody(govOrg(fx)));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', authorId: osc.titular.id, authorOrganizationId: osc.organization.id, authorSector: 'civil_society', sdgs: [10, 16], responseState: null });

    // Drafts belong to the organization: its alternate sees it, the government does not.
    expect((await t.http().get(`${API}/proposals/${created.body.id}`).set(osc.alternate!.auth)).status).toBe(200);
    expect((await t.http().get(`${API}/proposals/${created.body.id}`).set(fx.seatsOf('government')[0].titular.auth)).status).toBe(404);
    const govList = await t.http().get(`${API}/plans/${planId}/proposals`).set(fx.seatsOf('government')[0].titular.auth);
    expect(govList.body.items).toEqual([]);

    const before = new Date();
    const submitted = await t.http().post(`${API}/proposals/${created.body.id}/submit`).set(osc.alternate!.auth);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', responseState: 'awaiting' });
    // Oaxaca (state 20) is on America/Mexico_City: due at 23:59:59.999 local, 15 days later.
    const due = new Date(submitted.body.responseDueAt);
    const zone = 'America/Mexico_City';
    expect(localParts(due, zone)).toMatchObject({ hour: 23, minute: 59, second: 59 });
    const expectedDay = new Date(Date.parse(`${localDate(before, zone)}T12:00:00Z`) + 15 * 86400_000).toISOString().slice(0, 10);
    expect(localDate(due, zone)).toBe(expectedDay);

    const again = await t.http().post(`${API}/proposals/${created.body.id}/submit`).set(osc.titular.auth);
    expect(again.status).toBe(409);
    const govView = await t.http().get(`${API}/plans/${planId}/proposals`).set(fx.seatsOf('government')[0].titular.auth);
    expect(govView.body.items.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
  });

  it('accepts submissions only in consultation (and deliberation when the rules say so)', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    const author = fx.seatsOf('civil_society')[0].titular;
    const draft = await expectStatus(await post(author, plan.id, proposalBody(govOrg(fx))), 201);
    const tooEarly = await t.http().post(`${API}/proposals/${draft.body.id}/submit`).set(author.auth);
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('submissions_closed');
    await advancePlan(t, fx.coordinator, plan.id, 'deliberation');
    expect((await t.http().post(`${API}/proposals/${draft.body.id}/submit`).set(author.auth)).status).toBe(409);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    const late = await post(author, plan.id, proposalBody(govOrg(fx)));
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('plan_not_accepting_proposals');

    const lenient = await setupSecretariat(t, { rules: { allowSubmissionInDeliberation: true } });
    const plan2 = await createPlan(t, lenient);
    await advancePlan(t, lenient.coordinator, plan2.id, 'deliberation');
    const draft2 = await expectStatus(await post(lenient.seatsOf('civil_society')[0].titular, plan2.id, proposalBody(govOrg(lenient))), 201);
    expect((await t.http().post(`${API}/proposals/${draft2.body.id}/submit`).set(lenient.seatsOf('civil_society')[0].titular.auth)).status).toBe(200);
  });

  it('refuses bad templates with field errors and keeps markup as inert text', async () => {
    const { fx, planId, osc } = await inConsultation();
    const lead = govOrg(fx);
    const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => [...new Set((res.body.errors ?? []).map((e) => e.field))].sort();

    const empty = await post(osc.titular, planId, {});
    expect(empty.status).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(empty)).toEqual(['coResponsibleOrganizationIds', 'description', 'howItSolves', 'inequalityFocus', 'leadAgencyId', 'ogpValues', 'publicProblem', 'sdgs', 'statusQuo', 'title']);

    const cases: [Record<string, unknown>, string, string][] = [
      [{ title: 'T'.repeat(50 * 1024) }, 'title', 'maxLength'],
      [{ title: '   ' }, 'title', 'isNotEmpty'],
      [{ publicProblem: 'x'.repeat(5001) }, 'publicProblem', 'maxLength'],
      [{ ogpValues: ['technology_innovation'] }, 'ogpValues', 'coreOgpValue'],
      [{ ogpValues: [] }, 'ogpValues', 'arrayMinSize'],
      [{ ogpValues: ['transparencia_total'] }, 'ogpValues', 'isIn'],
      [{ sdgs: [0] }, 'sdgs', 'min'],
      [{ sdgs: [18] }, 'sdgs', 'max'],
      [{ sdgs: ['16'] }, 'sdgs', 'isInt'],
      [{ sdgs: [5, 5] }, 'sdgs', 'arrayUnique'],
      [{ inequalityFocus: ['other'] }, 'inequalityFocusDetail', 'isString'],
      [{ inequalityFocus: ['castas'] }, 'inequalityFocus', 'isIn'],
      [{ leadAgencyId: 'dependencia' }, 'leadAgencyId', 'isUuid'],
      [{ leadAgencyId: osc.organization.id }, 'leadAgencyId', 'governmentOrganization'],
      [{ leadAgencyId: '00000000-0000-4000-8000-000000000000' }, 'leadAgencyId', 'organizationExists'],
      [{ coResponsibleOrganizationIds: ['00000000-0000-4000-8000-000000000000'] }, 'coResponsibleOrganizationIds', 'organizationExists'],
      [{ description: 'Texto con \u0000 nulo' }, 'description', 'plainText'],
      [{ status: 'accepted' }, 'status', 'whitelistValidation'],
      [{ authorId: fx.coordinator.id }, 'authorId', 'whitelistValidation'],
    ];
    for (const [override, field, code] of cases) {
      const res = await post(osc.titular, planId, proposalBody(lead, override));
      expect({ override: Object.keys(override), status: res.status }).toEqual({ override: Object.keys(override), status: 400 });
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code })]));
    }
    const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM proposals WHERE plan_id = $1', [planId]);
    expect(n).toBe(0);

    const script = '<script>alert("xss")</script><img src=x onerror=alert(1)> & "comillas"';
    const ok = await post(osc.titular, planId, proposalBody(lead, { title: `<b>Título</b>`, publicProblem: script, inequalityFocus: ['other'], inequalityFocusDetail: 'Personas migrantes' }));
    expect(ok.status).toBe(201);
    expect(ok.headers['content-type']).toContain('application/json');
    const got = await t.http().get(`${API}/proposals/${ok.body.id}`).set(osc.titular.auth);
    expect(got.body).toMatchObject({ title: '<b>Título</b>', publicProblem: script, inequalityFocusDetail: 'Personas migrantes' });
  });

  it('keeps every edit after submission as a revision, with who, when and what changed', async () => {
    const { fx, planId, osc } = await inConsultation();
    const draft = await expectStatus(await post(osc.titular, planId, proposalBody(govOrg(fx))), 201);
    const patch = (who: { auth: object }, body: unknown) => t.http().patch(`${API}/proposals/${draft.body.id}`).set(who.auth as never).send(body as object);
    expect((await patch(osc.titular, { title: 'Borrador corregido' })).body.version).toBe(2);
    await expectStatus(await t.http().post(`${API}/proposals/${draft.body.id}/submit`).set(osc.titular.auth), 200);

    const edited = await patch(osc.alternate!, { version: 2, statusQuo: 'Línea base actualizada', sdgs: [16] });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ version: 3, statusQuo: 'Línea base actualizada', sdgs: [16] });
    const stale = await patch(osc.titular, { version: 2, title: 'Otro título' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stale_version');
    const byCoordinator = await patch(fx.coordinator, { howItSolves: 'Ajuste acordado en la mesa de trabajo.' });
    expect(byCoordinator.status).toBe(200);
    const byGovernment = await patch(fx.seatsOf('government')[0].titular, { title: 'Intento ajeno' });
    expect(byGovernment.status).toBe(403);
    const noChange = await patch(osc.titular, { statusQuo: 'Línea base actualizada' });
    expect(noChange.body.version).toBe(4);

    const revisions = await t.http().get(`${API}/proposals/${draft.body.id}/revisions`).set(fx.seatsOf('guarantor')[0].titular.auth);
    expect(revisions.status).toBe(200);
    expect(revisions.body.items).toEqual([
      expect.objectContaining({
        version: 3,
        authorId: osc.alternate!.id,
        changes: {
          statusQuo: { from: 'Los padrones se publican en PDF, incompletos y sin actualizar.', to: 'Línea base actualizada' },
          sdgs: { from: [10, 16], to: [16] },
        },
      }),
      expect.objectContaining({ version: 4, authorId: fx.coordinator.id, changes: { howItSolves: expect.objectContaining({ to: 'Ajuste acordado en la mesa de trabajo.' }) } }),
    ]);
  });

  it('records reasoned responses: decline needs reasons, merge points to its target, and listings show awaiting and late', async () => {
    const { fx, planId, osc } = await inConsultation();
    const osc2 = fx.seatsOf('civil_society')[1];
    const a = await submittedProposal(t, fx, osc.titular, planId);
    const b = await submittedProposal(t, fx, osc2.titular, planId, { title: 'Padrón de apoyos al campo' });
    const c = await submittedProposal(t, fx, osc2.titular, planId, { title: 'Contrataciones abiertas' });
    const d = await submittedProposal(t, fx, osc.titular, planId, { title: 'Parlamento abierto' });
    const respond = (id: string, body: unknown, who = fx.coordinator) => t.http().post(`${API}/proposals/${id}/response`).set(who.auth).send(body as object);

    const noReason = await respond(a.id, { decision: 'decline' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('text');
    const blank = await respond(a.id, { decision: 'decline', text: '   ' });
    expect(blank.status).toBe(400);
    const mergeWithoutTarget = await respond(b.id, { decision: 'merge', text: 'Se integra.' });
    expect(mergeWithoutTarget.status).toBe(400);
    expect(mergeWithoutTarget.body.errors.map((e: { field: string }) => e.field)).toContain('mergeIntoId');
    expect((await respond(a.id, { decision: 'accept_for_vote' }, osc.titular)).status).toBe(403);

    // Late: its deadline passed without an answer.
    await t.db.query(`UPDATE proposals SET response_due_at = now() - interval '1 day' WHERE id = $1`, [c.id]);
    const list = async (response: string) =>
      (await t.http().get(`${API}/plans/${planId}/proposals?response=${response}`).set(fx.coordinator.auth)).body.items.map((p: { id: string }) => p.id).sort();
    expect(await list('late')).toEqual([c.id]);
    expect(await list('awaiting')).toEqual([a.id, b.id, d.id].sort());

    const declined = await respond(a.id, { decision: 'decline', text: 'Excede las atribuciones del gobierno estatal.' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'rejected', responseDecision: 'decline', responseText: 'Excede las atribuciones del gobierno estatal.', responseState: 'answered', respondedLate: false, respondedById: fx.coordinator.id });
    const merged = await respond(b.id, { decision: 'merge', text: 'Se integra a la propuesta de Contrataciones abiertas.', mergeIntoId: c.id });
    expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: c.id });
    const self = await respond(c.id, { decision: 'merge', text: 'x', mergeIntoId: c.id });
    expect(self.status).toBe(422);
    const intoMerged = await respond(d.id, { decision: 'merge', text: 'x', mergeIntoId: b.id });
    expect(intoMerged.status).toBe(422);
    expect(intoMerged.body.code).toBe('invalid_merge_target');
    const lateAnswer = await respond(c.id, { decision: 'accept_for_vote', text: 'Pasa a votación.' });
    expect(lateAnswer.body).toMatchObject({ status: 'in_deliberation', respondedLate: true, responseState: 'answered' });
    const twice = await respond(c.id, { decision: 'accept_for_vote' });
    expect(twice.status).toBe(409);

    expect(await list('late')).toEqual([]);
    expect(await list('awaiting')).toEqual([d.id]);
    expect(await list('answered')).toEqual([a.id, b.id, c.id].sort());
    const events = await t.db.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'proposal.responded'`, [c.id]);
    expect(events[0].data).toMatchObject({ decision: 'accept_for_vote', late: true });

    // A merge into a proposal of another plan is refused.
    const other = await setupSecretariat(t, { stateCode: '14' });
    const otherPlan = await createPlan(t, other);
    await advancePlan(t, other.coordinator, otherPlan.id, 'consultation');
    const foreign = await submittedProposal(t, other, other.seatsOf('civil_society')[0].titular, otherPlan.id);
    expect((await respond(d.id, { decision: 'merge', text: 'x', mergeIntoId: foreign.id })).status).toBe(422);
  });

  it("lets the author's organization withdraw until a vote opens", async () => {
    const { fx, planId, osc } = await inConsultation();
    const p = await submittedProposal(t, fx, osc.titular, planId);
    expect((await t.http().post(`${API}/proposals/${p.id}/withdraw`).set(fx.seatsOf('government')[0].titular.auth)).status).toBe(403);
    expect((await t.http().post(`${API}/proposals/${p.id}/withdraw`).set(fx.coordinator.auth)).status).toBe(403);
    const withdrawn = await t.http().post(`${API}/proposals/${p.id}/withdraw`).set(osc.alternate!.auth);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', responseState: null });

    const q = await submittedProposal(t, fx, osc.titular, planId, { title: 'Otra' });
    await acceptForVote(t, fx, q.id);
    await advancePlan(t, fx.coordinator, planId, 'voting');
    await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: q.id }), 201);
    const tooLate = await t.http().post(`${API}/proposals/${q.id}/withdraw`).set(osc.titular.auth);
    expect(tooLate.status).toBe(409);
    const noEdit = await t.http().patch(`${API}/proposals/${q.id}`).set(osc.titular.auth).send({ title: 'Cambio durante la votación' });
    expect(noEdit.status).toBe(409);
    expect(noEdit.body.code).toBe('proposal_not_editable');
  });

  it('threads comments one level deep; authors edit or delete within 15 minutes; coordinators hide with a reason', async () => {
    const { fx, planId, osc } = await inConsultation();
    const p = await submittedProposal(t, fx, osc.titular, planId);
    const gov = fx.seatsOf('government')[0].titular;
    const comment = (who: { auth: object }, body: unknown) => t.http().post(`${API}/proposals/${p.id}/comments`).set(who.auth as never).send(body as object);

    const top = await expectStatus(await comment(gov, { body: '¿Con qué presupuesto?' }), 201);
    const reply = await expectStatus(await comment(osc.titular, { body: 'Con el de la Secretaría de Bienestar.', parentId: top.body.id }), 201);
    const nested = await comment(gov, { body: 'Respuesta a respuesta', parentId: reply.body.id });
    expect(nested.status).toBe(422);
    expect(nested.body.code).toBe('invalid_parent_comment');
    const spam = await expectStatus(await comment(osc2(fx).titular, { body: 'Compra seguidores aquí' }), 201);
    expect((await comment(fx.admin, { body: 'Soy admin' })).status).toBe(403);

    expect((await t.http().patch(`${API}/proposal-comments/${top.body.id}`).set(osc.titular.auth).send({ body: 'Ajeno' })).status).toBe(403);
    const edited = await t.http().patch(`${API}/proposal-comments/${top.body.id}`).set(gov.auth).send({ body: '¿Con qué presupuesto y en qué plazo?' });
    expect(edited.body).toMatchObject({ body: '¿Con qué presupuesto y en qué plazo?', editedAt: expect.any(String) });

    await t.db.query(`UPDATE proposal_comments SET created_at = now() - interval '16 minutes' WHERE id = $1`, [reply.body.id]);
    const tooLate = await t.http().patch(`${API}/proposal-comments/${reply.body.id}`).set(osc.titular.auth).send({ body: 'Cambio tardío' });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.code).toBe('edit_window_closed');
    expect((await t.http().delete(`${API}/proposal-comments/${reply.body.id}`).set(osc.titular.auth)).status).toBe(422);

    expect((await t.http().post(`${API}/proposal-comments/${spam.body.id}/hide`).set(gov.auth).send({ reason: 'Spam' })).status).toBe(403);
    const hidden = await t.http().post(`${API}/proposal-comments/${spam.body.id}/hide`).set(fx.coordinator.auth).send({ reason: 'Publicidad ajena a la propuesta' });
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ hidden: true, hiddenReason: 'Publicidad ajena a la propuesta', body: 'Compra seguidores aquí' });
    expect((await t.http().post(`${API}/proposal-comments/${spam.body.id}/hide`).set(fx.coordinator.auth).send({ reason: 'Otra vez' })).status).toBe(409);
    expect((await t.http().post(`${API}/proposal-comments/${spam.body.id}/hide`).set(fx.coordinator.auth).send({})).status).toBe(400);

    const own = await expectStatus(await comment(gov, { body: 'Me equivoqué de propuesta' }), 201);
    expect((await t.http().delete(`${API}/proposal-comments/${own.body.id}`).set(gov.auth)).status).toBe(204);
    expect((await t.http().patch(`${API}/proposal-comments/${own.body.id}`).set(gov.auth).send({ body: 'Revivir' })).status).toBe(409);

    const asMember = await t.http().get(`${API}/proposals/${p.id}/comments`).set(gov.auth);
    expect(asMember.body.items.map((c: { body: string | null; hidden: boolean; deleted: boolean; replies: unknown[] }) => [c.body, c.hidden, c.deleted, c.replies.length])).toEqual([
      ['¿Con qué presupuesto y en qué plazo?', false, false, 1],
      [null, true, false, 0],
      [null, false, true, 0],
    ]);
    expect(asMember.body.items[1].hiddenReason).toBe('Publicidad ajena a la propuesta');
    const asCoordinator = await t.http().get(`${API}/proposals/${p.id}/comments`).set(fx.coordinator.auth);
    expect(asCoordinator.body.items[1].body).toBe('Compra seguidores aquí');
    const [{ body }] = await t.db.query('SELECT body FROM proposal_comments WHERE id = $1', [spam.body.id]);
    expect(body).toBe('Compra seguidores aquí');
    const audit = await t.db.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'comment.hidden'`, [spam.body.id]);
    expect(audit[0].data).toEqual({ reason: 'Publicidad ajena a la propuesta' });
  });

  it('reminds coordinators before the response deadline, and stops once answered', async () => {
    const { fx, planId, osc } = await inConsultation();
    const p = await submittedProposal(t, fx, osc.titular, planId);
    const rows = await t.db.getRepository(ScheduledReminder).findBy({ subjectId: p.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'proposal_response', status: 'pending' });
    expect(new Date(p.responseDueAt).getTime() - rows[0].fireAt.getTime()).toBe(3 * 86400_000);
    const kind = t.app.get(ReminderKinds).get('proposal_response')!;
    const before = await t.db.transaction((em) => kind.resolve(em, rows[0]));
    expect(before).toMatchObject({ due: true, recipients: [fx.coordinator.id] });

    await acceptForVote(t, fx, p.id);
    expect((await t.db.getRepository(ScheduledReminder).findOneByOrFail({ id: rows[0].id })).status).toBe('cancelled');
    expect(await t.db.transaction((em) => kind.resolve(em, rows[0]))).toMatchObject({ due: false });
  });

  const osc2 = (fx: SecretariatFixture) => fx.seatsOf('civil_society')[1];

  describe('authorization matrix', () => {
    let fx: SecretariatFixture;
    let people: Awaited<ReturnType<typeof matrixPeople>>;
    let planId: string;
    let submittedId: string;
    let declinedId: string;
    beforeAll(async () => {
      fx = await setupSecretariat(t, { alternates: true });
      const other = await setupSecretariat(t, { stateCode: '14', admin: fx.admin });
      people = await matrixPeople(t, fx, other);
      planId = (await createPlan(t, fx)).id;
      await advancePlan(t, fx.coordinator, planId, 'consultation');
      submittedId = (await submittedProposal(t, fx, people.titular as never, planId)).id;
      declinedId = (await submittedProposal(t, fx, people.titular as never, planId, { title: 'Será declinada' })).id;
      await expectStatus(await t.http().post(`${API}/proposals/${declinedId}/response`).set(fx.coordinator.auth).send({ decision: 'decline', text: 'No procede.' }), 200);
    });

    const expectMatrix = async (send: (role: Role) => Promise<{ status: number }>, expected: Record<Role, number>) => {
      const got: Record<string, number> = {};
      for (const role of ROLES) got[role] = (await send(role)).status;
      expect(got).toEqual(expected);
    };
    const readers = { admin: 200, coordinator: 200, titular: 200, alternate: 200, observer: 200, facilitator: 200, otherSecretariat: 404, nonMember: 404, anonymous: 401 };
    const members = (ok: number) => ({ admin: 403, coordinator: ok, titular: ok, alternate: ok, observer: ok, facilitator: ok, otherSecretariat: 404, nonMember: 404, anonymous: 401 });
    const coordinators = (ok: number) => ({ admin: ok, coordinator: ok, titular: 403, alternate: 403, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401 });
    // The titular authored; the alternate sits for the same organization.
    const authors = (ok: number) => ({ admin: 403, coordinator: 403, titular: ok, alternate: ok, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401 });

    it('reading: list, proposal, revisions, comments', async () => {
      for (const url of [`${API}/plans/${planId}/proposals`, `${API}/proposals/${submittedId}`, `${API}/proposals/${submittedId}/revisions`, `${API}/proposals/${submittedId}/comments`]) {
        await expectMatrix((r) => as(t, people, r, 'get', url), readers);
      }
    });

    it('POST /plans/:id/proposals and POST /proposals/:id/comments (members)', async () => {
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/plans/${planId}/proposals`, proposalBody(govOrg(fx), { title: `Propuesta de ${r}` })), members(201));
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/proposals/${submittedId}/comments`, { body: `Comentario de ${r}` }), members(201));
    });

    it('PATCH /proposals/:id (author organization, and coordinators after submission)', async () => {
      await expectMatrix((r) => as(t, people, r, 'patch', `${API}/proposals/${submittedId}`, { description: `Edición de ${r}` }), {
        ...authors(200), admin: 200, coordinator: 200,
      });
    });

    it('POST submit / withdraw (author organization; an impossible move shows who got past authorization)', async () => {
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/proposals/${submittedId}/submit`), authors(409));
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/proposals/${declinedId}/withdraw`), authors(409));
    });

    it('POST /proposals/:id/response (coordinators)', async () => {
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/proposals/${declinedId}/response`, { decision: 'accept_for_vote' }), coordinators(409));
    });

    it('PATCH / DELETE / hide a comment', async () => {
      const c = await expectStatus(await t.http().post(`${API}/proposals/${submittedId}/comments`).set(people.titular.auth).send({ body: 'Del titular' }), 201);
      const onlyAuthor = (ok: number) => ({ admin: 403, coordinator: 403, titular: ok, alternate: 403, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401 });
      await expectMatrix((r) => as(t, people, r, 'patch', `${API}/proposal-comments/${c.body.id}`, { body: `Editado por ${r}` }), onlyAuthor(200));
      await expectMatrix((r) => as(t, people, r, 'delete', `${API}/proposal-comments/${c.body.id}`), onlyAuthor(204));
      // Deleted: hiding it is a 409 for those allowed to hide.
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/proposal-comments/${c.body.id}/hide`, { reason: 'Moderación' }), coordinators(409));
    });
  });
});
