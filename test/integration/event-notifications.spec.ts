import { NotificationsService } from '../../src/reminders/notifications.service';
import { waitFor } from '../fault/reminder-helpers';
import { acceptForVote, advancePlan, API, createPlan, expectStatus, moveStage, openRound, submittedProposal } from '../support/co-creation';
import { addMember, LoggedIn, registerUser, SecretariatFixture, setupImplementation, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

type Person = { id: string; auth: { Authorization: string } };

describe('event notifications', () => {
  let t: TestApp;
  let fx: SecretariatFixture;
  let other: SecretariatFixture;
  let observer: Person;

  beforeAll(async () => {
    // Workers on, so e-mails handed over after commit are sent (to the log); the reconciler stays out of the way.
    t = await createTestApp({ workers: true, env: { REMINDERS_RECONCILE_MS: '3600000' } });
    fx = await setupSecretariat(t, { seats: { government: 1, civil_society: 2, guarantor: 1 }, alternates: true, rules: { allowParallelPlans: true } });
    observer = await addMember(t, fx.secretariatId, { role: 'observer', sector: 'civil_society' });
    other = await setupSecretariat(t, { stateCode: '14', admin: fx.admin });
  }, 60_000);
  afterAll(() => t.close());

  /** user id → how many notifications of `kind` about `subjectId` they have. */
  async function received(kind: string, subjectId: string): Promise<Record<string, number>> {
    const rows: { user_id: string; n: number }[] = await t.db.query(
      'SELECT user_id, count(*)::int AS n FROM notifications WHERE kind = $1 AND subject_id = $2 GROUP BY user_id',
      [kind, subjectId],
    );
    return Object.fromEntries(rows.map((r) => [r.user_id, r.n]));
  }
  const once = (...people: Person[]) => Object.fromEntries(people.map((p) => [p.id, 1]));
  const seatHolders = (f: SecretariatFixture) => f.seats.flatMap((s) => [s.titular, ...(s.alternate ? [s.alternate] : [])]);
  const lastOf = async (kind: string, userId: string) =>
    (await t.db.query('SELECT * FROM notifications WHERE kind = $1 AND user_id = $2 ORDER BY created_at DESC LIMIT 1', [kind, userId]))[0];

  it('a stage move reaches every member but the coordinator who moved it, once — even when two coordinators move at once', async () => {
    const plan = await createPlan(t, fx, { title: 'Plan de Acción Local 2026' });
    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'consultation', { reason: 'Arranca la consulta pública.' }), 200);
    expect(await received('plan_stage_changed', plan.id)).toEqual(once(...seatHolders(fx), observer));

    const n = await lastOf('plan_stage_changed', observer.id);
    expect(n).toMatchObject({ secretariat_id: fx.secretariatId, subject_type: 'action_plan', link: `/gestion/planes/${plan.id}`, subject: 'El plan «Plan de Acción Local 2026» pasó a consulta' });
    expect(n.text).toBe('El plan «Plan de Acción Local 2026» pasó de la etapa de borrador a la de consulta. Motivo: «Arranca la consulta pública.».');

    // A second coordinator; both move the plan to deliberation at once: one move, one notification each.
    const second = await addMember(t, fx.secretariatId, { role: 'facilitator', sector: 'guarantor', isCoordinator: true });
    const results = await Promise.all([moveStage(t, fx.coordinator, plan.id, 'deliberation'), moveStage(t, second, plan.id, 'deliberation')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const counts = await received('plan_stage_changed', plan.id);
    for (const p of [...seatHolders(fx), observer]) expect(counts[p.id]).toBe(2);
    // The winner got none for their own move; the loser got the winner's.
    const winner = results[0].status === 200 ? fx.coordinator : second;
    const loser = winner === second ? fx.coordinator : second;
    expect(counts[winner.id]).toBeUndefined();
    expect(counts[loser.id]).toBe(1);
    // Nobody of another secretariat.
    for (const p of seatHolders(other)) expect(counts[p.id]).toBeUndefined();
  });

  it('a reasoned response or a merge reaches the author only; a repeated response changes nothing', async () => {
    const [osc1, osc2] = fx.seatsOf('civil_society');
    const plan = await createPlan(t, fx, { title: 'Plan con respuestas' });
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const p1 = await submittedProposal(t, fx, osc1.titular, plan.id, { title: 'Padrón abierto' });
    const p2 = await submittedProposal(t, fx, osc2.alternate!, plan.id, { title: 'Padrón abierto municipal' });

    await acceptForVote(t, fx, p1.id);
    expect(await received('proposal_answered', p1.id)).toEqual(once(osc1.titular));
    const n = await lastOf('proposal_answered', osc1.titular.id);
    expect(n).toMatchObject({ subject: 'Tu propuesta recibió respuesta: «Padrón abierto»', link: `/propuestas/${p1.id}` });
    expect(n.text).toContain('pasa a deliberación');
    expect(n.text).toContain('«Se somete a votación del pleno.»');
    const again = await t.http().post(`${API}/proposals/${p1.id}/response`).set(fx.coordinator.auth).send({ decision: 'accept_for_vote', text: 'Otra vez.' });
    expect(again.status).toBe(409);
    expect(await received('proposal_answered', p1.id)).toEqual(once(osc1.titular));

    await expectStatus(
      await t.http().post(`${API}/proposals/${p2.id}/response`).set(fx.coordinator.auth).send({ decision: 'merge', mergeIntoId: p1.id, text: 'Se integra a la propuesta del padrón estatal.' }),
      200,
    );
    expect(await received('proposal_merged', p2.id)).toEqual(once(osc2.alternate!));
    expect(await received('proposal_answered', p2.id)).toEqual({});
    expect((await lastOf('proposal_merged', osc2.alternate!.id)).text).toContain('con la propuesta «Padrón abierto»');
  });

  it('a reply reaches the parent comment’s author, never the one who replies to themself', async () => {
    const [osc1, osc2] = fx.seatsOf('civil_society');
    const plan = await createPlan(t, fx, { title: 'Plan con comentarios' });
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const p = await submittedProposal(t, fx, osc1.titular, plan.id);
    const comment = async (who: LoggedIn, body: string, parentId?: string) =>
      (await expectStatus(await t.http().post(`${API}/proposals/${p.id}/comments`).set(who.auth).send({ body, ...(parentId ? { parentId } : {}) }), 201)).body.id as string;
    const top = await comment(osc2.titular, '¿Incluye los padrones municipales?');
    const self = await comment(osc2.titular, 'Me refiero a los de 2025.', top);
    const reply = await comment(osc1.titular, 'Sí, los 570 municipios.', top);
    expect(await received('comment_replied', self)).toEqual({});
    expect(await received('comment_replied', reply)).toEqual(once(osc2.titular));
    const n = await lastOf('comment_replied', osc2.titular.id);
    expect(n).toMatchObject({ link: `/propuestas/${p.id}#comentario-${reply}`, subject_type: 'proposal_comment' });
    expect(n.text).toContain('«Sí, los 570 municipios.»');
    // A top-level comment tells nobody.
    expect(await t.db.query(`SELECT 1 FROM notifications WHERE kind = 'comment_replied' AND subject_id = $1`, [top])).toEqual([]);
  });

  it('an opened round reaches every titular and alternate of its seats, not the coordinator who opened it, nor observers', async () => {
    const gov = fx.seatsOf('government')[0];
    // The government titular coordinates too, and opens the round.
    await t.db.query('UPDATE memberships SET is_coordinator = true WHERE id = $1', [gov.titular.membershipId]);
    const plan = await createPlan(t, fx, { title: 'Plan en votación' });
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const p = await submittedProposal(t, fx, fx.seatsOf('civil_society')[0].titular, plan.id, { title: 'Contrataciones abiertas' });
    await acceptForVote(t, fx, p.id);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    const round = (await expectStatus(await openRound(t, gov.titular, { subjectType: 'proposal', subjectId: p.id }), 201)).body;
    const expected = seatHolders(fx).filter((x) => x.id !== gov.titular.id);
    expect(await received('round_opened', round.id)).toEqual(once(...expected));
    const n = await lastOf('round_opened', gov.alternate!.id);
    expect(n).toMatchObject({ subject: 'Nueva votación: «Contrataciones abiertas»', link: `/votaciones/${round.id}`, subject_type: 'voting_round' });
    expect(new Date(n.due_at).toISOString()).toBe(round.closesAt);
    expect(n.text).toMatch(/^Se abrió la votación «Contrataciones abiertas»\. Tu asiento puede votar hasta el .+ h/);
    await t.db.query('UPDATE memberships SET is_coordinator = false WHERE id = $1', [gov.titular.membershipId]);
  });

  it('milestones: submitted → the guarantor members who may review it; approved or returned → the responsible organization, once even when two review at once', async () => {
    const im = await setupImplementation(t, { admin: fx.admin, milestones: [{ weight: 1, status: 'in_progress', title: 'Padrón publicado' }, { weight: 1, status: 'in_progress', title: 'Informe del garante' }] });
    const [m1, m2] = im.milestoneIds;
    const [g1, g2] = im.fx.seatsOf('guarantor');
    await t.db.query('UPDATE milestones SET responsible_organization_id = $2 WHERE id = $1', [m2, g1.organization.id]);
    const evidence = (who: Person, id: string) =>
      t.http().post(`${API}/milestones/${id}/evidence`).set(who.auth).send({ kind: 'link', url: 'https://ejemplo.mx/padron', description: 'Publicación' });
    const submit = (who: Person, id: string) => t.http().post(`${API}/milestones/${id}/submit`).set(who.auth);
    const review = (who: Person, id: string, decision: string, observations?: string) =>
      t.http().post(`${API}/milestones/${id}/review`).set(who.auth).send({ decision, ...(observations ? { observations } : {}) });

    await expectStatus(await evidence(im.lead.titular, m1), 201);
    await expectStatus(await submit(im.lead.titular, m1), 200);
    expect(await received('milestone_submitted', m1)).toEqual(once(g1.titular, g1.alternate!, g2.titular, g2.alternate!));
    const n = await lastOf('milestone_submitted', g2.alternate!.id);
    expect(n).toMatchObject({ subject: 'Hito por revisar: «Padrón publicado»', link: `/gestion/hitos/${m1}` });
    // A repeated submit is refused and notifies nobody again.
    expect((await submit(im.lead.titular, m1)).status).toBe(409);
    expect(await received('milestone_submitted', m1)).toEqual(once(g1.titular, g1.alternate!, g2.titular, g2.alternate!));

    // The guarantor's own milestone: only the other guarantor organization may review it.
    await expectStatus(await evidence(g1.titular, m2), 201);
    await expectStatus(await submit(g1.titular, m2), 200);
    expect(await received('milestone_submitted', m2)).toEqual(once(g2.titular, g2.alternate!));

    // Two reviewers at once: one review, one notification per member of the lead agency.
    const results = await Promise.all([review(g1.titular, m1, 'return', 'Falta la fecha de publicación.'), review(g2.titular, m1, 'approve')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const returned = results[0].status === 200;
    const kind = returned ? 'milestone_returned' : 'milestone_approved';
    expect(await received(kind, m1)).toEqual(once(im.lead.titular, im.lead.alternate!));
    expect(await received(returned ? 'milestone_approved' : 'milestone_returned', m1)).toEqual({});
    const r = await lastOf(kind, im.lead.alternate!.id);
    expect(r.subject).toBe(returned ? 'Hito devuelto con observaciones: «Padrón publicado»' : 'Hito aprobado: «Padrón publicado»');
    if (returned) expect(r.text).toContain('«Falta la fecha de publicación.»');
    // Nobody outside that organization (the other government seat, civil society, the guarantor).
    const others = [...im.fx.seatsOf('government').slice(1), ...im.fx.seatsOf('civil_society'), g1, g2].flatMap((s) => [s.titular.id, s.alternate!.id]);
    const counts = await received(kind, m1);
    for (const id of others) expect(counts[id]).toBeUndefined();
  });

  it('an invitation reaches the account of its address, in the app only (its own e-mail carries the token)', async () => {
    const invitee = await registerUser(t, { name: 'Persona invitada' });
    const inv = (await expectStatus(
      await t.http().post(`${API}/secretariats/${fx.secretariatId}/invitations`).set(fx.coordinator.auth).send({ email: invitee.email, role: 'observer', sector: 'guarantor' }),
      201,
    )).body;
    expect(await received('invitation_received', inv.id)).toEqual(once(invitee));
    const n = await lastOf('invitation_received', invitee.id);
    expect(n).toMatchObject({ link: `/invitaciones/${inv.id}`, subject_type: 'invitation' });
    expect(n.subject).toMatch(/^Invitación al Secretariado/);
    expect(await t.db.query('SELECT 1 FROM email_deliveries WHERE notification_id = $1', [n.id])).toEqual([]);
    // The link opens the invitation for them.
    expect((await t.http().get(`${API}/invitations/${inv.id}`).set(invitee.auth)).status).toBe(200);
    // An address without an account: nothing in the app.
    const noAccount = (await expectStatus(
      await t.http().post(`${API}/secretariats/${fx.secretariatId}/invitations`).set(fx.coordinator.auth).send({ email: 'sin-cuenta@ejemplo.mx', role: 'observer', sector: 'guarantor' }),
      201,
    )).body;
    expect(await received('invitation_received', noAccount.id)).toEqual({});
  });

  it('e-mails follow each person’s preferences per kind, go out after commit, and the kinds are listed with their labels', async () => {
    const [osc1, osc2] = fx.seatsOf('civil_society');
    const prefs = await expectStatus(await t.http().get(`${API}/notifications/preferences`).set(osc1.titular.auth), 200);
    expect(prefs.body.kinds).toMatchObject({
      round_opened: 'Votaciones abiertas para tu asiento', proposal_answered: 'Respuestas razonadas a tus propuestas', proposal_merged: 'Tus propuestas fusionadas con otra',
      comment_replied: 'Respuestas a tus comentarios', milestone_submitted: 'Hitos enviados a revisión', milestone_approved: 'Hitos de tu organización aprobados',
      milestone_returned: 'Hitos de tu organización devueltos con observaciones', invitation_received: 'Invitaciones a un secretariado',
      plan_stage_changed: 'Cambios de etapa de los planes', vote_closing: expect.any(String),
    });
    await expectStatus(await t.http().put(`${API}/notifications/preferences`).set(osc1.titular.auth).send({ emailKinds: { plan_stage_changed: false } }), 200);
    await expectStatus(await t.http().put(`${API}/notifications/preferences`).set(osc1.alternate!.auth).send({ emailEnabled: false }), 200);
    await expectStatus(await t.http().put(`${API}/notifications/preferences`).set(osc2.titular.auth).send({ dailyDigest: true }), 200);
    // Another kind switched off does not silence this one.
    await expectStatus(await t.http().put(`${API}/notifications/preferences`).set(osc2.alternate!.auth).send({ emailKinds: { round_opened: false } }), 200);

    const plan = await createPlan(t, fx, { title: 'Plan con correos' });
    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'consultation'), 200);
    const mails: { user_id: string; kind: string; status: string; subject: string; text_body: string }[] = await waitFor(async () => {
      const rows = await t.db.query(
        `SELECT n.user_id, d.kind, d.status, d.subject, d.text AS text_body FROM notifications n JOIN email_deliveries d ON d.notification_id = n.id
          WHERE n.kind = 'plan_stage_changed' AND n.subject_id = $1`,
        [plan.id],
      );
      return rows.length > 0 && rows.every((r: { status: string }) => r.status !== 'pending') ? rows : null;
    }, 15_000, 'e-mails sent after commit');
    const to = new Set(mails.map((m) => m.user_id));
    expect(to.has(osc1.titular.id)).toBe(false);
    expect(to.has(osc1.alternate!.id)).toBe(false);
    expect(to.has(osc2.titular.id)).toBe(false);
    expect(to.has(osc2.alternate!.id)).toBe(true);
    expect(to.has(fx.seatsOf('government')[0].titular.id)).toBe(true);
    expect(mails.length).toBe(to.size);
    expect(mails.every((m) => m.kind === 'event' && m.status === 'sent')).toBe(true);
    expect(mails[0].subject).toMatch(/^\[Secretariado .*\] El plan «Plan con correos» pasó a consulta$/);
    expect(mails[0].text_body).toContain(`/gestion/planes/${plan.id}`);
    // Everyone still has it in the app.
    expect(Object.keys(await received('plan_stage_changed', plan.id)).sort()).toEqual([...seatHolders(fx), observer].map((p) => p.id).concat(
      (await t.db.query(`SELECT user_id FROM memberships WHERE secretariat_id = $1 AND ended_at IS NULL AND user_id <> $2 AND role = 'facilitator'`, [fx.secretariatId, fx.coordinator.id])).map((r: { user_id: string }) => r.user_id),
    ).sort());
  });

  it('notifyEvent: once per event and person even when retried, nothing for a rolled-back change, only registered kinds inside a transaction', async () => {
    const service = t.app.get(NotificationsService);
    const target = fx.seatsOf('government')[0];
    const event = {
      kind: 'plan_stage_changed', key: 'prueba-reintento', actorId: fx.coordinator.id, recipients: [target.titular.id, target.alternate!.id, fx.coordinator.id, other.coordinator.id],
      secretariatId: fx.secretariatId, subjectType: 'action_plan', subjectId: fx.secretariatId, subject: 'Prueba', text: 'Prueba', link: '/',
    };
    expect(await t.db.transaction((tx) => service.notifyEvent(tx, event))).toBe(2);
    expect(await t.db.transaction((tx) => service.notifyEvent(tx, event))).toBe(0);
    // Two at once.
    const raced = await Promise.all([0, 1].map(() => t.db.transaction((tx) => service.notifyEvent(tx, { ...event, key: 'prueba-carrera' }))));
    expect(raced.sort()).toEqual([0, 2]);
    await expect(t.db.transaction(async (tx) => {
      await service.notifyEvent(tx, { ...event, key: 'prueba-revertida' });
      throw new Error('the change failed');
    })).rejects.toThrow('the change failed');
    const keys = await t.db.query(`SELECT event_key, count(*)::int AS n FROM notifications WHERE event_key LIKE 'plan_stage_changed:prueba-%' GROUP BY event_key ORDER BY event_key`);
    expect(keys).toEqual([{ event_key: 'plan_stage_changed:prueba-carrera', n: 2 }, { event_key: 'plan_stage_changed:prueba-reintento', n: 2 }]);
    await expect(t.db.transaction((tx) => service.notifyEvent(tx, { ...event, kind: 'no_registrado' }))).rejects.toThrow(/not registered/);
    await expect(service.notifyEvent(t.db.manager, event)).rejects.toThrow(/inside the transaction/);
  });
});
