import { acceptForVote, API, createPlan, expectStatus, moveStage, openRound, submittedProposal } from './co-creation';
import { LoggedIn, setupImplementation } from './factories';
import type { TestApp } from './test-app';

/**
 * One secretariat with an object of every kind, made through the API where it is cheap:
 * a plan in implementation (commitment, milestone, indicator, link evidence) and a plan in
 * voting (a proposal with a comment, an open round on it), an invitation.
 * `ids` maps each path segment to a real id, so requests reach the services' rules.
 */
export async function buildWorld(t: TestApp) {
  const im = await setupImplementation(t, { milestones: [{ weight: 1, status: 'in_progress' }], secretariat: { rules: { allowParallelPlans: true } } });
  const { fx } = im;
  const coordinator = fx.coordinator;
  const titular = fx.seatsOf('civil_society')[0].titular;
  const plan = await createPlan(t, fx, { title: 'Plan en deliberación' });
  await expectStatus(await moveStage(t, coordinator, plan.id, 'consultation'), 200);
  const proposal = await submittedProposal(t, fx, titular, plan.id);
  await expectStatus(await moveStage(t, coordinator, plan.id, 'deliberation'), 200);
  const comment = await expectStatus(await t.http().post(`${API}/proposals/${proposal.id}/comments`).set(titular.auth).send({ body: 'Un comentario.' }), 201);
  await acceptForVote(t, fx, proposal.id);
  await expectStatus(await moveStage(t, coordinator, plan.id, 'voting'), 200);
  const round = await expectStatus(await openRound(t, coordinator, { subjectType: 'proposal', subjectId: proposal.id }), 201);
  const indicator = await expectStatus(
    await t.http().post(`${API}/commitments/${im.commitmentId}/indicators`).set(im.lead.titular.auth).send({ name: 'Indicador', unit: '%', baseline: 1, target: 2 }),
    201,
  );
  const evidence = await expectStatus(
    await t.http().post(`${API}/milestones/${im.milestoneIds[0]}/evidence`).set(im.lead.titular.auth).send({ kind: 'link', url: 'https://ejemplo.mx/e', description: 'Evidencia' }),
    201,
  );
  const invitation = await expectStatus(
    await t.http().post(`${API}/secretariats/${fx.secretariatId}/invitations`).set(coordinator.auth).send({ email: 'invitada@ejemplo.mx', role: 'observer', sector: 'civil_society' }),
    201,
  );
  const report = await expectStatus(
    await t.http().post(`${API}/commitments/${im.commitmentId}/progress-reports`).set(im.lead.titular.auth).send({ period: 'first', text: 'Avance del primer periodo.' }),
    201,
  );
  const modification = await expectStatus(
    await t.http().post(`${API}/commitments/${im.commitmentId}/modification-requests`).set(coordinator.auth).send({ reason: 'Cambió la ley de desarrollo social.', changes: { title: 'Padrón y actualización mensual' } }),
    201,
  );
  const ids: Record<string, string> = {
    'progress-reports': report.body.id,
    'modification-requests': modification.body.id,
    secretariats: fx.secretariatId,
    plans: im.planId,
    'public/plans': im.planId,
    commitments: im.commitmentId,
    'public/commitments': im.commitmentId,
    milestones: im.milestoneIds[0],
    indicators: indicator.body.id,
    evidence: evidence.body.id,
    proposals: proposal.id,
    'proposal-comments': comment.body.id,
    'voting-rounds': round.body.id,
    organizations: im.lead.organization.id,
    seats: fx.seats[0].seatId,
    invitations: invitation.body.id,
    memberships: fx.seats[0].titular.membershipId,
  };
  return { im, fx, coordinator, titular, lead: im.lead.titular as LoggedIn, deliberationPlanId: plan.id, proposalId: proposal.id, roundId: round.body.id as string, ids };
}

export type World = Awaited<ReturnType<typeof buildWorld>>;
