import { ReminderKinds } from '../../src/reminders/reminder-kinds';
import { ScheduledReminder } from '../../src/reminders/scheduled-reminder.entity';
import { localDate } from '../../src/reminders/time-zone';
import { advancePlan, API, createPlan, expectStatus, moveStage, openRound } from '../support/co-creation';
import { setupImplementation, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// Issue 12, defects 12 and 16: rules that must agree with themselves.
describe('rules that agree with themselves', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a round scheduled to open in 10 minutes gets no "cierra pronto" before it opens', async () => {
    const fx = await setupSecretariat(t);
    const opensAt = new Date(Date.now() + 10 * 60_000);
    const round = (await expectStatus(await openRound(t, fx.coordinator, {
      subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Calendario de mesas', opensAt: opensAt.toISOString(), closesAt: new Date(Date.now() + 2 * 3600_000).toISOString(),
    }), 201)).body;
    const rows = await t.db.getRepository(ScheduledReminder).find({ where: { subjectId: round.id, kind: 'vote_closing' } });
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.fireAt.getTime()).toBeGreaterThanOrEqual(opensAt.getTime() - 1);
    // A reminder that fires anyway while the round has not opened (an older row) is skipped.
    const resolution = await t.db.transaction((em) => t.app.get(ReminderKinds).get('vote_closing')!.resolve(em, rows[0]));
    expect(resolution).toEqual({ due: false, reason: 'round_not_open' });
  });

  it('a modification request that removes a milestone with approved progress is refused at creation, not after the vote', async () => {
    const im = await setupImplementation(t, { milestones: [{ weight: 40, status: 'approved' }, { weight: 60 }] });
    const [, keep] = im.milestoneIds;
    const res = await t.http().post(`${API}/commitments/${im.commitmentId}/modification-requests`).set(im.fx.coordinator.auth).send({
      reason: 'Se replantea el compromiso con un solo hito.',
      milestones: [{ id: keep, title: 'Hito 2', responsibleOrganizationId: im.lead.organization.id, startDate: '2025-02-01', dueDate: '2026-06-30', weight: 100 }],
    });
    expect([res.status, res.body.code]).toEqual([422, 'milestone_in_use']);
    expect((await t.db.query('SELECT count(*)::int AS n FROM modification_requests WHERE commitment_id = $1', [im.commitmentId]))[0].n).toBe(0);
    // Dates a commitment change would leave out of range are refused at creation too.
    const dates = await t.http().post(`${API}/commitments/${im.commitmentId}/modification-requests`).set(im.fx.coordinator.auth).send({
      reason: 'Se acorta el compromiso.',
      changes: { endDate: '2026-01-31' },
      milestones: [...im.milestoneIds.map((id, i) => ({ id, title: `Hito ${i + 1}`, responsibleOrganizationId: im.lead.organization.id, startDate: '2025-02-01', dueDate: '2026-06-30', weight: i ? 60 : 40 }))],
    });
    expect([dates.status, dates.body.code]).toEqual([422, 'milestone_outside_commitment']);
  });

  it('a plan stuck after consultation can be cancelled with a reason, stays off the portal and no longer blocks the next plan', async () => {
    const fx = await setupSecretariat(t);
    const plan = await createPlan(t, fx);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    const noReason = await moveStage(t, fx.coordinator, plan.id, 'cancelled');
    expect([noReason.status, noReason.body.code]).toEqual([422, 'reason_required']);
    const next = await createPlan(t, fx, { title: 'Plan de Acción Local 2026–2028', periodStart: 2026, periodEnd: 2028 });
    const blocked = await moveStage(t, fx.coordinator, next.id, 'consultation');
    expect([blocked.status, blocked.body.code]).toEqual([422, 'another_plan_active']);

    const cancelled = await expectStatus(await moveStage(t, fx.coordinator, plan.id, 'cancelled', { reason: 'No hubo acuerdo entre los sectores tras la consulta.' }), 200);
    expect(cancelled.body.stage).toBe('cancelled');
    const history = (await t.http().get(`${API}/plans/${plan.id}`).set(fx.coordinator.auth).expect(200)).body.history;
    expect(history.at(-1)).toMatchObject({ fromStage: 'voting', toStage: 'cancelled', reason: 'No hubo acuerdo entre los sectores tras la consulta.' });
    await expectStatus(await moveStage(t, fx.coordinator, next.id, 'consultation'), 200);
    expect((await t.http().get(`${API}/public/plans/${plan.id}`)).status).toBe(404);
    expect((await moveStage(t, fx.coordinator, plan.id, 'consultation')).status).toBe(409);
    // Not a way around implementation: an adopted plan or one in implementation is not cancelled.
    const im = await setupImplementation(t, { stage: 'adoption' });
    await t.db.query('UPDATE action_plans SET adopted_at = now() WHERE id = $1', [im.planId]);
    const adopted = await moveStage(t, im.fx.coordinator, im.planId, 'cancelled', { reason: 'Cambio de administración.' });
    expect([adopted.status, adopted.body.code]).toEqual([422, 'plan_adopted']);
    const running = await setupImplementation(t);
    expect((await moveStage(t, running.fx.coordinator, running.planId, 'cancelled', { reason: 'Cambio de administración.' })).status).toBe(409);
  });

  it('a measurement dated in the future is refused; today is accepted', async () => {
    const im = await setupImplementation(t);
    const created = await expectStatus(await t.http().post(`${API}/commitments/${im.commitmentId}/indicators`).set(im.lead.titular.auth)
      .send({ name: 'Trámites en línea', unit: '%', baseline: 10, target: 90 }), 201);
    const url = `${API}/indicators/${created.body.id}/measurements`;
    const today = localDate(new Date(), 'America/Mexico_City');
    const tomorrow = localDate(new Date(Date.now() + 36 * 3600_000), 'America/Mexico_City');
    const future = await t.http().post(url).set(im.lead.titular.auth).send({ measuredOn: tomorrow, value: 99, source: 'Proyección' });
    expect([future.status, future.body.code]).toEqual([422, 'measurement_in_future']);
    const ok = await expectStatus(await t.http().post(url).set(im.lead.titular.auth).send({ measuredOn: today, value: 40, source: 'Informe mensual' }), 201);
    expect(ok.body.latest).toMatchObject({ measuredOn: today, value: 40 });
  });
});
