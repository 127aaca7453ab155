import { ReminderKinds } from '../../src/reminders/reminder-kinds';
import { ScheduledReminder } from '../../src/reminders/scheduled-reminder.entity';
import { setupSecretariat, SecretariatFixture, addMember } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import {
  acceptForVote, advancePlan, API, as, createPlan, expectStatus, matrixPeople, moveStage, openRound, Role, ROLES, submittedProposal,
} from '../support/co-creation';

describe('action plans', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a plan in draft and shows it with its stage history', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx, { description: '<b>Plan</b> <script>alert(1)</script>' });
    expect(plan).toMatchObject({ stage: 'draft', secretariatId: fx.secretariatId, periodStart: 2025, periodEnd: 2027, stageDeadline: null, adoptedAt: null });
    expect((plan as unknown as { description: string }).description).toBe('<b>Plan</b> <script>alert(1)</script>');

    const deadline = new Date(Date.now() + 30 * 86400_000).toISOString();
    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'consultation', { deadline, reason: 'Arranca la consulta pública' }), 200);
    const got = await t.http().get(`${API}/plans/${plan.id}`).set(fx.seats[0].titular.auth);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ stage: 'consultation', stageDeadline: deadline, stageOverdue: false });
    expect(got.body.history).toEqual([
      expect.objectContaining({ fromStage: 'draft', toStage: 'consultation', actorId: fx.coordinator.id, reason: 'Arranca la consulta pública', deadline }),
    ]);

    const list = await t.http().get(`${API}/secretariats/${fx.secretariatId}/plans?stage=consultation`).set(fx.coordinator.auth);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual([plan.id]);
    const none = await t.http().get(`${API}/secretariats/${fx.secretariatId}/plans?stage=draft`).set(fx.coordinator.auth);
    expect(none.body.items).toEqual([]);

    const audit = await t.db.query(`SELECT action, data FROM audit_events WHERE subject_id = $1 ORDER BY seq`, [plan.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['plan.created', 'plan.stage_changed']);
  });

  it('refuses bad plan input with field errors', async () => {
    const fx = await setupSecretariat(t);
    const post = (body: unknown) => t.http().post(`${API}/secretariats/${fx.secretariatId}/plans`).set(fx.coordinator.auth).send(body as object);
    const reversed = await post({ title: 'Plan', periodStart: 2027, periodEnd: 2025 });
    expect(reversed.status).toBe(400);
    expect(reversed.body.errors).toEqual([expect.objectContaining({ field: 'periodEnd' })]);
    const missing = await post({ periodStart: 2025, periodEnd: 2027 });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('title');
    const huge = await post({ title: 'x'.repeat(50_000), periodStart: 2025, periodEnd: 2027 });
    expect(huge.status).toBe(400);
    expect(huge.body.errors[0]).toMatchObject({ field: 'title', code: 'maxLength' });
    const massAssign = await post({ title: 'Plan', periodStart: 2025, periodEnd: 2027, stage: 'implementation', secretariatId: fx.secretariatId });
    expect(massAssign.status).toBe(400);
    expect(massAssign.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['secretariatId', 'stage']);
    const nul = await post({ title: 'Plan\u0000', periodStart: 2025, periodEnd: 2027 });
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0]).toMatchObject({ field: 'title', code: 'plainText' });

    const plan = await createPlan(t, fx);
    const past = await moveStage(t, fx.coordinator, plan.id, 'consultation', { deadline: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].field).toBe('deadline');
    const unknownStage = await moveStage(t, fx.coordinator, plan.id, 'celebración');
    expect(unknownStage.status).toBe(400);
    const badId = await t.http().get(`${API}/plans/no-es-un-uuid`).set(fx.coordinator.auth);
    expect(badId.status).toBe(400);
  });

  it('follows the transition table: no skipping, no going back from implementation', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    const skip = await moveStage(t, fx.coordinator, plan.id, 'voting');
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('invalid_stage_transition');
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'deliberation'), 200); // back to rework proposals
    await advancePlan(t, fx.coordinator, plan.id, 'adoption');
    const early = await moveStage(t, fx.coordinator, plan.id, 'implementation');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('plan_not_adopted');
    const same = await moveStage(t, fx.coordinator, plan.id, 'adoption');
    expect(same.status).toBe(409);
    const history = await t.http().get(`${API}/plans/${plan.id}`).set(fx.coordinator.auth);
    expect(history.body.history.map((h: { toStage: string }) => h.toStage)).toEqual(['consultation', 'deliberation', 'voting', 'deliberation', 'voting', 'adoption']);
  });

  it('allows one plan in progress per secretariat unless the rules allow parallel plans', async () => {
    const fx = await setupSecretariat(t);
    const first = await createPlan(t, fx);
    const second = await createPlan(t, fx, { title: 'Segundo plan' });
    await expectStatus(await moveStage(t, fx.coordinator, first.id, 'consultation'), 200);
    const refused = await moveStage(t, fx.coordinator, second.id, 'consultation');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('another_plan_active');
    expect((await t.http().get(`${API}/plans/${second.id}`).set(fx.coordinator.auth)).body.stage).toBe('draft');

    // Two drafts started at the same time: exactly one gets in.
    const fx2 = await setupSecretariat(t);
    const a = await createPlan(t, fx2);
    const b = await createPlan(t, fx2, { title: 'Plan B' });
    const results = await Promise.all([moveStage(t, fx2.coordinator, a.id, 'consultation'), moveStage(t, fx2.coordinator, b.id, 'consultation')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 422]);

    const parallel = await setupSecretariat(t, { rules: { allowParallelPlans: true } });
    const p1 = await createPlan(t, parallel);
    const p2 = await createPlan(t, parallel, { title: 'Plan municipal' });
    await expectStatus(await moveStage(t, parallel.coordinator, p1.id, 'consultation'), 200);
    await expectStatus(await moveStage(t, parallel.coordinator, p2.id, 'consultation'), 200);
  });

  it('two coordinators moving a stage at once: one wins, the other gets 409', async () => {
    const fx = await setupSecretariat(t);
    const second = await addMember(t, fx.secretariatId, { role: 'facilitator', sector: 'civil_society', isCoordinator: true });
    const plan = await createPlan(t, fx);
    // Same target, and different targets from the same stage.
    const sameTarget = await Promise.all([moveStage(t, fx.coordinator, plan.id, 'consultation'), moveStage(t, second, plan.id, 'consultation')]);
    expect(sameTarget.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(sameTarget.find((r) => r.status === 409)!.body.code).toMatch(/stage_changed|invalid_stage_transition/);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    // Each says which stage it saw: the later one is refused even if it reads the plan after
    // the first committed (adoption → deliberation alone would be a valid move).
    const split = await Promise.all([moveStage(t, fx.coordinator, plan.id, 'adoption', { from: 'voting' }), moveStage(t, second, plan.id, 'deliberation', { from: 'voting' })]);
    expect(split.map((r) => r.status).sort()).toEqual([200, 409]);
    const after = await t.http().get(`${API}/plans/${plan.id}`).set(fx.coordinator.auth);
    const winner = split.find((r) => r.status === 200)!.body.stage;
    expect(after.body.stage).toBe(winner);
    expect(after.body.history.filter((h: { fromStage: string }) => h.fromStage === 'voting')).toHaveLength(1);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND action = 'plan.stage_changed'`, [plan.id]);
    expect(n).toBe(after.body.history.length);
  });

  it('refuses a move from a stage the caller did not see', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'consultation', { from: 'draft' }), 200);
    const stale = await moveStage(t, fx.coordinator, plan.id, 'deliberation', { from: 'draft' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stage_changed');
    expect((await t.http().get(`${API}/plans/${plan.id}`).set(fx.coordinator.auth)).body.stage).toBe('consultation');
  });

  it('refuses adoption while a round on one of its proposals is open', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const p = await submittedProposal(t, fx, fx.seatsOf('civil_society')[0].titular, plan.id);
    await acceptForVote(t, fx, p.id);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: p.id }), 201);
    const refused = await moveStage(t, fx.coordinator, plan.id, 'adoption');
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('open_voting_round');
    expect((await t.http().get(`${API}/plans/${plan.id}`).set(fx.coordinator.auth)).body.stage).toBe('voting');
  });

  it('edits a plan: period only in draft, stage deadline any time before closing', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    const patch = (body: unknown) => t.http().patch(`${API}/plans/${plan.id}`).set(fx.coordinator.auth).send(body as object);
    expect((await patch({ periodEnd: 2028, title: 'PAL 2025–2028' })).body).toMatchObject({ periodEnd: 2028, title: 'PAL 2025–2028' });
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const locked = await patch({ periodStart: 2024 });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('plan_period_locked');
    const deadline = new Date(Date.now() + 7 * 86400_000).toISOString();
    expect((await patch({ stageDeadline: deadline })).body.stageDeadline).toBe(deadline);
    expect((await patch({ stageDeadline: null })).body.stageDeadline).toBeNull();
    const audit = await t.db.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'plan.updated' ORDER BY seq`, [plan.id]);
    expect(audit[0].data.changes).toMatchObject({ periodEnd: { from: 2027, to: 2028 } });
  });

  it('schedules stage-deadline reminders for coordinators and replaces them when the stage or deadline changes', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    const deadline = new Date(Date.now() + 20 * 86400_000);
    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'consultation', { deadline: deadline.toISOString() }), 200);
    const reminders = () => t.db.getRepository(ScheduledReminder).find({ where: { subjectId: plan.id }, order: { createdAt: 'ASC' } });
    const first = await reminders();
    expect(first.map((r) => [r.kind, r.status, deadline.getTime() - r.fireAt.getTime()])).toEqual([['stage_deadline', 'pending', 3 * 86400_000]]);
    const kind = t.app.get(ReminderKinds).get('stage_deadline')!;
    expect(await t.db.transaction((em) => kind.resolve(em, first[0]))).toMatchObject({ due: true, recipients: [fx.coordinator.id] });

    const moved = new Date(Date.now() + 40 * 86400_000);
    await expectStatus(await t.http().patch(`${API}/plans/${plan.id}`).set(fx.coordinator.auth).send({ stageDeadline: moved.toISOString() }), 200);
    const second = await reminders();
    expect(second.map((r) => r.status)).toEqual(['cancelled', 'pending']);
    expect(moved.getTime() - second[1].fireAt.getTime()).toBe(3 * 86400_000);
    // A row that escaped cancellation would still be skipped: its deadline moved.
    expect(await t.db.transaction((em) => kind.resolve(em, first[0]))).toEqual({ due: false, reason: 'deadline_moved' });

    await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'deliberation'), 200);
    expect((await reminders()).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('refuses changes in a suspended or dissolved secretariat, but still shows the plan', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    await t.db.query(`UPDATE secretariats SET status = 'suspended' WHERE id = $1`, [fx.secretariatId]);
    const refused = await moveStage(t, fx.coordinator, plan.id, 'consultation');
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('secretariat_suspended');
    expect((await t.http().get(`${API}/plans/${plan.id}`).set(fx.coordinator.auth)).status).toBe(200);
  });

  describe('authorization matrix', () => {
    let fx: SecretariatFixture;
    let people: Awaited<ReturnType<typeof matrixPeople>>;
    let planId: string;
    beforeAll(async () => {
      fx = await setupSecretariat(t, { alternates: true });
      const other = await setupSecretariat(t, { stateCode: '14', admin: fx.admin });
      people = await matrixPeople(t, fx, other);
      planId = (await createPlan(t, fx)).id;
    });

    const expectMatrix = async (send: (role: Role) => Promise<{ status: number; body: { code?: string } }>, expected: Record<Role, number>) => {
      const got: Record<string, number> = {};
      for (const role of ROLES) got[role] = (await send(role)).status;
      expect(got).toEqual(expected);
    };
    const readers = { admin: 200, coordinator: 200, titular: 200, alternate: 200, observer: 200, facilitator: 200, otherSecretariat: 404, nonMember: 404, anonymous: 401 };
    const coordinators = (ok: number) => ({ admin: ok, coordinator: ok, titular: 403, alternate: 403, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401 });

    it('GET /secretariats/:id/plans and GET /plans/:id', async () => {
      await expectMatrix((r) => as(t, people, r, 'get', `${API}/secretariats/${fx.secretariatId}/plans`), readers);
      await expectMatrix((r) => as(t, people, r, 'get', `${API}/plans/${planId}`), readers);
    });

    it('POST /secretariats/:id/plans', async () => {
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/secretariats/${fx.secretariatId}/plans`, { title: `Plan de ${r}`, periodStart: 2025, periodEnd: 2027 }), coordinators(201));
    });

    it('PATCH /plans/:id', async () => {
      await expectMatrix((r) => as(t, people, r, 'patch', `${API}/plans/${planId}`, { description: `Editado por ${r}` }), coordinators(200));
    });

    it('POST /plans/:id/stage (an impossible move shows who got past authorization)', async () => {
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/plans/${planId}/stage`, { to: 'evaluation' }), coordinators(409));
    });
  });
});
