import { addMember, LoggedIn, registerUser, SecretariatFixture } from './factories';
import type { TestApp } from './test-app';

// Helpers for the co-creation specs (plans, proposals, voting): drive the API as people do.

export const API = '/api/v1';
type Who = { auth: { Authorization: string } };

export function proposalBody(leadAgencyId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: 'Padrón abierto de beneficiarios de programas sociales',
    publicProblem: 'La ciudadanía no puede verificar quién recibe los apoyos sociales del estado.',
    statusQuo: 'Los padrones se publican en PDF, incompletos y sin actualizar.',
    description: 'Publicar el padrón único de beneficiarios como datos abiertos, actualizado cada mes.',
    howItSolves: 'Permite a la ciudadanía y a la prensa verificar la entrega de apoyos y detectar duplicidades.',
    ogpValues: ['access_to_information', 'public_accountability'],
    sdgs: [16, 10],
    inequalityFocus: ['rural', 'indigenous_peoples'],
    leadAgencyId,
    coResponsibleOrganizationIds: [],
    ...overrides,
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function expectStatus<T extends { status: number; body: any }>(res: T, status: number): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

export async function createPlan(t: TestApp, fx: SecretariatFixture, overrides: Record<string, unknown> = {}) {
  const res = await t.http().post(`${API}/secretariats/${fx.secretariatId}/plans`).set(fx.coordinator.auth)
    .send({ title: 'Plan de Acción Local 2025–2027', periodStart: 2025, periodEnd: 2027, ...overrides });
  await expectStatus(res, 201);
  return res.body as { id: string; stage: string };
}

export async function moveStage(t: TestApp, who: Who, planId: string, to: string, extra: Record<string, unknown> = {}) {
  return t.http().post(`${API}/plans/${planId}/stage`).set(who.auth).send({ to, ...extra });
}

/** Moves a plan along the forward path until it reaches `to`. */
export async function advancePlan(t: TestApp, who: Who, planId: string, to: string) {
  const path = ['draft', 'consultation', 'deliberation', 'voting', 'adoption', 'implementation', 'evaluation', 'closed'];
  const plan = await t.http().get(`${API}/plans/${planId}`).set(who.auth);
  for (let i = path.indexOf(plan.body.stage) + 1; i <= path.indexOf(to); i++) {
    await expectStatus(await moveStage(t, who, planId, path[i]), 200);
  }
}

export const govOrg = (fx: SecretariatFixture) => fx.seatsOf('government')[0].organization.id;

/** A member drafts and submits a proposal; returns its body. */
export async function submittedProposal(t: TestApp, fx: SecretariatFixture, author: LoggedIn, planId: string, overrides: Record<string, unknown> = {}) {
  const created = await t.http().post(`${API}/plans/${planId}/proposals`).set(author.auth).send(proposalBody(govOrg(fx), overrides));
  await expectStatus(created, 201);
  const submitted = await t.http().post(`${API}/proposals/${created.body.id}/submit`).set(author.auth);
  await expectStatus(submitted, 200);
  return submitted.body as { id: string; status: string; responseDueAt: string };
}

export async function acceptForVote(t: TestApp, fx: SecretariatFixture, proposalId: string) {
  const res = await t.http().post(`${API}/proposals/${proposalId}/response`).set(fx.coordinator.auth)
    .send({ decision: 'accept_for_vote', text: 'Se somete a votación del pleno.' });
  await expectStatus(res, 200);
  return res.body;
}

export async function openRound(t: TestApp, who: Who, body: Record<string, unknown>) {
  return t.http().post(`${API}/voting-rounds`).set(who.auth).send({ closesAt: new Date(Date.now() + 2 * 3600_000).toISOString(), ...body });
}

export async function vote(t: TestApp, who: Who, roundId: string, choice: string, reason?: string) {
  return t.http().put(`${API}/voting-rounds/${roundId}/ballot`).set(who.auth).send(reason ? { choice, reason } : { choice });
}

export type Role = 'admin' | 'coordinator' | 'titular' | 'alternate' | 'observer' | 'facilitator' | 'otherSecretariat' | 'nonMember' | 'anonymous';
export const ROLES: Role[] = ['admin', 'coordinator', 'titular', 'alternate', 'observer', 'facilitator', 'otherSecretariat', 'nonMember', 'anonymous'];

/**
 * One person per role of the authorization matrix (issue 3), around `fx`: the titular and
 * alternate are civil society's; `otherSecretariat` coordinates another state's secretariat.
 */
export async function matrixPeople(t: TestApp, fx: SecretariatFixture, other: SecretariatFixture) {
  const seat = fx.seatsOf('civil_society')[0];
  if (!seat.alternate) throw new Error('matrixPeople needs a fixture with alternates');
  const people: Record<Exclude<Role, 'anonymous'>, Who & { id: string }> = {
    admin: fx.admin,
    coordinator: fx.coordinator,
    titular: seat.titular,
    alternate: seat.alternate,
    observer: await addMember(t, fx.secretariatId, { role: 'observer', sector: 'civil_society' }),
    facilitator: await addMember(t, fx.secretariatId, { role: 'facilitator', sector: 'guarantor' }),
    otherSecretariat: other.coordinator,
    nonMember: await registerUser(t),
  };
  return people;
}

/** Sends one request as `role` (no Authorization header for anonymous). */
export function as(t: TestApp, people: Awaited<ReturnType<typeof matrixPeople>>, role: Role, method: 'get' | 'post' | 'patch' | 'put' | 'delete', url: string, body?: unknown) {
  let req = t.http()[method](url);
  if (role !== 'anonymous') req = req.set(people[role].auth);
  return body === undefined ? req : req.send(body as object);
}
