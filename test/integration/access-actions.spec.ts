import { randomUUID } from 'node:crypto';
import { offeredOn } from '../../src/access/actions';
import type { SubjectKind } from '../../src/access/subjects';
import { API, govOrg, matrixPeople, proposalBody, Role } from '../support/co-creation';
import { setupSecretariat, SecretariatFixture } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

// `actions` on every detail response must be exactly what succeeds: for each of the nine
// personas, every listed action is called on a subject in the same state and must succeed,
// and one unlisted action must be refused (4xx, never 5xx).

type Who = { auth: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Res = { status: number; body: any };
type Kind = {
  kind: SubjectKind;
  /** A new subject in the state under test. */
  fresh: () => Promise<string>;
  /** What the detail response (or the list item) says, or null when it is not visible (404). */
  actions: (who: Who, id: string) => Promise<string[] | null>;
  exec: Record<string, (who: Who, id: string) => Promise<Res>>;
};

const PERSONAS: Exclude<Role, 'anonymous'>[] = ['admin', 'coordinator', 'titular', 'alternate', 'observer', 'facilitator', 'otherSecretariat', 'nonMember'];

describe('actions on detail responses', () => {
  let t: TestApp;
  let fx: SecretariatFixture;
  let people: Awaited<ReturnType<typeof matrixPeople>>;
  let csOrg: string;
  let consultationPlan: string;
  let implementationPlan: string;
  let sharedCommitment: string;
  const parent = new Map<string, string>();

  const http = () => t.http();
  const get = (who: Who, url: string) => http().get(`${API}${url}`).set(who.auth);
  const detail = (url: string) => async (who: Who, id: string) => {
    const res = await get(who, url.replace(':id', id));
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`GET ${url} → ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.actions as string[];
  };
  const fromList = (url: (id: string) => string) => async (who: Who, id: string) => {
    const res = await get(who, url(id));
    if (res.status === 404) return null;
    const items = Array.isArray(res.body) ? res.body : res.body.items;
    return (items.find((x: { id: string }) => x.id === id) as { actions: string[] }).actions;
  };
  const post = (url: string, body: object = {}) => (who: Who, id: string) => http().post(`${API}${url.replace(':id', id)}`).set(who.auth).send(body);
  const patch = (url: string, body: object) => (who: Who, id: string) => http().patch(`${API}${url.replace(':id', id)}`).set(who.auth).send(body);
  const closesAt = () => new Date(Date.now() + 3 * 3600_000).toISOString();

  const insertPlan = async (stage: string) =>
    (await t.db.query(`INSERT INTO action_plans (secretariat_id, title, period_start, period_end, stage, created_by_id) VALUES ($1, 'Plan', 2025, 2027, $2, $3) RETURNING id`,
      [fx.secretariatId, stage, fx.coordinator.id]))[0].id as string;
  const insertCommitment = async (planId = implementationPlan) => {
    const seq = Math.floor(Math.random() * 1e6);
    const [c] = await t.db.query(
      `INSERT INTO commitments (plan_id, secretariat_id, code, seq, title, public_problem, ogp_values, lead_agency_id, co_responsible_organization_ids, start_date, end_date)
       VALUES ($1, $2, $3, $4, 'Padrón abierto', 'Nadie puede verificar quién recibe los apoyos.', '{access_to_information}', $5, '{}', '2025-01-01', '2027-12-31') RETURNING id`,
      [planId, fx.secretariatId, `OAX-${seq}`, seq, csOrg],
    );
    return c.id as string;
  };
  const insertMilestone = async (status: string) => {
    const [m] = await t.db.query(
      `INSERT INTO milestones (commitment_id, secretariat_id, position, title, deliverable, means_of_verification, responsible_organization_id, start_date, due_date, due_at, weight, status)
       VALUES ($1, $2, 1, 'Publicar el padrón', 'Padrón', 'Portal', $3, '2025-02-01', '2027-06-30', '2027-07-01T05:59:59.999Z', 100, $4) RETURNING id`,
      [sharedCommitment, fx.secretariatId, csOrg, status],
    );
    return m.id as string;
  };
  const insertEvidence = async (milestoneId: string) =>
    (await t.db.query(`INSERT INTO evidence (milestone_id, secretariat_id, kind, url, uploaded_by_id) VALUES ($1, $2, 'link', 'https://datos.oaxaca.gob.mx/padron', $3) RETURNING id`,
      [milestoneId, fx.secretariatId, people.titular.id]))[0].id as string;
  const motion = async () => {
    const res = await http().post(`${API}/voting-rounds`).set(fx.coordinator.auth).send({ subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Moción', closesAt: closesAt() });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const proposal = async (submit: boolean) => {
    const created = await http().post(`${API}/plans/${consultationPlan}/proposals`).set(people.titular.auth).send(proposalBody(govOrg(fx)));
    if (submit) await http().post(`${API}/proposals/${created.body.id}/submit`).set(people.titular.auth).expect(200);
    return created.body.id as string;
  };

  beforeAll(async () => {
    t = await createTestApp();
    // Parallel plans: every fresh plan may start consultation whatever the others do.
    fx = await setupSecretariat(t, { alternates: true, rules: { allowParallelPlans: true } });
    const other = await setupSecretariat(t, { stateCode: '14', admin: fx.admin });
    people = await matrixPeople(t, fx, other);
    csOrg = fx.seatsOf('civil_society')[0].organization.id;
    consultationPlan = await insertPlan('consultation');
    implementationPlan = await insertPlan('implementation');
    sharedCommitment = await insertCommitment();
  });
  afterAll(() => t.close());

  const KINDS: Record<string, Kind> = {
    'plan in consultation': {
      kind: 'plan',
      fresh: () => insertPlan('consultation'),
      actions: detail('/plans/:id'),
      exec: {
        'plan.update': patch('/plans/:id', { title: 'Plan de Acción Local, segunda versión' }),
        'plan.stage.move': post('/plans/:id/stage', { to: 'deliberation' }),
        'proposal.create': (who, id) => post('/plans/:id/proposals', proposalBody(govOrg(fx)))(who, id),
      },
    },
    'draft proposal': {
      kind: 'proposal',
      fresh: () => proposal(false),
      actions: detail('/proposals/:id'),
      exec: {},
    },
    'submitted proposal': {
      kind: 'proposal',
      fresh: () => proposal(true),
      actions: detail('/proposals/:id'),
      exec: {},
    },
    'open voting round': {
      kind: 'voting_round',
      fresh: motion,
      actions: detail('/voting-rounds/:id'),
      exec: { 'ballot.cast': (who, id) => http().put(`${API}/voting-rounds/${id}/ballot`).set(who.auth).send({ choice: 'approve' }) },
    },
    'commitment in implementation': {
      kind: 'commitment',
      fresh: () => insertCommitment(),
      actions: detail('/commitments/:id'),
      exec: {
        'commitment.update': patch('/commitments/:id', { title: 'Padrón abierto y verificable' }),
        'milestone.define': post('/commitments/:id/milestones', {
          milestones: [{ title: 'Diagnóstico', responsibleOrganizationId: '', startDate: '2025-03-01', dueDate: '2026-06-30', weight: 100 }],
        }),
        'indicator.create': post('/commitments/:id/indicators', { name: 'Registros publicados', unit: '%', baseline: 0, target: 100 }),
        'assessment.create': post('/commitments/:id/assessments', { verifiable: true, potentialResults: 'modest', justification: 'Compromiso verificable con entregables claros.' }),
        'progress_report.create': post('/commitments/:id/progress-reports', { period: 'first', text: 'Se publicó el primer corte del padrón.' }),
        'modification.create': post('/commitments/:id/modification-requests', { reason: 'El padrón se publicará por municipio.', changes: { title: 'Padrón municipal abierto' } }),
      },
    },
    'milestone in progress with evidence': {
      kind: 'milestone',
      fresh: async () => {
        const id = await insertMilestone('in_progress');
        await insertEvidence(id);
        return id;
      },
      actions: detail('/milestones/:id'),
      exec: {
        'milestone.update': patch('/milestones/:id', { title: 'Publicar el padrón completo' }),
        'milestone.start': post('/milestones/:id/start'),
        'milestone.submit': post('/milestones/:id/submit'),
        'milestone.review': post('/milestones/:id/review', { decision: 'approve' }),
        'evidence.add': post('/milestones/:id/evidence', { kind: 'link', url: 'https://datos.oaxaca.gob.mx/padron-2', description: 'Segundo corte' }),
      },
    },
    'evidence of a milestone in progress': {
      kind: 'evidence',
      fresh: async () => {
        const milestoneId = await insertMilestone('in_progress');
        const id = await insertEvidence(milestoneId);
        parent.set(id, milestoneId);
        return id;
      },
      actions: fromList((id) => `/milestones/${parent.get(id)}/evidence`),
      exec: {
        'evidence.update': patch('/evidence/:id', { description: 'Padrón, corte de marzo' }),
        'evidence.remove': (who, id) => http().delete(`${API}/evidence/${id}`).set(who.auth),
      },
    },
    indicator: {
      kind: 'indicator',
      fresh: async () =>
        (await t.db.query(`INSERT INTO indicators (commitment_id, secretariat_id, name, unit, baseline, target, created_by_id) VALUES ($1, $2, 'Registros', '%', 0, 100, $3) RETURNING id`,
          [sharedCommitment, fx.secretariatId, fx.coordinator.id]))[0].id,
      actions: detail('/indicators/:id'),
      exec: { 'indicator.measure': post('/indicators/:id/measurements', { measuredOn: '2026-03-31', value: 40, source: 'Registro Civil, informe trimestral' }) },
    },
    'progress report': {
      kind: 'progress_report',
      fresh: async () => {
        const commitmentId = await insertCommitment();
        const [r] = await t.db.query(
          `INSERT INTO progress_reports (commitment_id, secretariat_id, period, text, progress_at_report, author_id, organization_id) VALUES ($1, $2, 'first', 'Primer informe de avance.', 0, $3, $4) RETURNING id`,
          [commitmentId, fx.secretariatId, people.titular.id, csOrg],
        );
        parent.set(r.id, commitmentId);
        return r.id;
      },
      actions: fromList((id) => `/commitments/${parent.get(id)}/progress-reports`),
      exec: {
        'progress_report.update': patch('/progress-reports/:id', { text: 'Primer informe de avance, corregido.' }),
        'progress_report.comment': post('/progress-reports/:id/comments', { text: 'Falta el corte municipal.' }),
      },
    },
    'pending modification request': {
      kind: 'modification_request',
      fresh: async () =>
        (await t.db.query(`INSERT INTO modification_requests (commitment_id, secretariat_id, changes, reason, requested_by_id) VALUES ($1, $2, '{"changes":{"title":"Nuevo"}}', 'Cambia el alcance.', $3) RETURNING id`,
          [sharedCommitment, fx.secretariatId, fx.coordinator.id]))[0].id,
      actions: detail('/modification-requests/:id'),
      exec: {
        'modification.link_round': async (who, id) => post('/modification-requests/:id/voting-round', { votingRoundId: await motion() })(who, id),
        'modification.apply': post('/modification-requests/:id/apply'),
        'modification.cancel': post('/modification-requests/:id/cancel'),
      },
    },
  };
  // Proposal actions, for both proposal states.
  const proposalExec: Kind['exec'] = {
    'proposal.update': patch('/proposals/:id', { title: 'Padrón abierto de beneficiarios, versión revisada' }),
    'proposal.submit': post('/proposals/:id/submit'),
    'proposal.withdraw': post('/proposals/:id/withdraw'),
    'proposal.respond': post('/proposals/:id/response', { decision: 'accept_for_vote', text: 'Se somete a votación.' }),
    'comment.create': post('/proposals/:id/comments', { body: '¿Incluye a los municipios?' }),
  };
  KINDS['draft proposal'].exec = proposalExec;
  KINDS['submitted proposal'].exec = proposalExec;

  const expected: Record<string, Partial<Record<Role, string[] | null>>> = {
    'plan in consultation': { coordinator: ['plan.update', 'plan.stage.move', 'proposal.create'], admin: ['plan.update', 'plan.stage.move'], observer: ['proposal.create'], nonMember: null },
    'draft proposal': { titular: ['proposal.update', 'proposal.submit', 'proposal.withdraw', 'comment.create'], coordinator: null, admin: null },
    'submitted proposal': {
      titular: ['proposal.update', 'proposal.withdraw', 'comment.create'], coordinator: ['proposal.update', 'proposal.respond', 'comment.create'],
      admin: ['proposal.update', 'proposal.respond'], observer: ['comment.create'], otherSecretariat: null,
    },
    'open voting round': { titular: ['ballot.cast'], alternate: ['ballot.cast'], coordinator: [], observer: [] },
    'commitment in implementation': { coordinator: ['indicator.create', 'modification.create'], titular: ['indicator.create', 'progress_report.create'], admin: [], facilitator: [] },
    'milestone in progress with evidence': { titular: ['milestone.submit', 'evidence.add'], coordinator: [], facilitator: [] },
    'evidence of a milestone in progress': { titular: ['evidence.update', 'evidence.remove'], coordinator: ['evidence.update'], observer: [] },
    indicator: { coordinator: ['indicator.measure'], alternate: ['indicator.measure'], observer: [] },
    // The facilitator acts for the guarantor sector: the other sectors comment reports.
    'progress report': { titular: ['progress_report.update', 'progress_report.comment'], observer: ['progress_report.comment'], facilitator: ['progress_report.comment'], coordinator: [] },
    'pending modification request': { coordinator: ['modification.link_round', 'modification.cancel'], admin: [], titular: [] },
  };

  for (const [name, k] of Object.entries(KINDS)) {
    it(`${name}: for each persona, actions are exactly what succeeds`, async () => {
      const offered = offeredOn(k.kind);
      expect(Object.keys(k.exec).sort()).toEqual([...offered].sort());
      for (const role of PERSONAS) {
        const who = people[role];
        const id = await k.fresh();
        const listed = await k.actions(who, id);
        if (role in expected[name]) expect({ role, listed }).toEqual({ role, listed: expected[name][role] });
        if (role === 'otherSecretariat' || role === 'nonMember') expect({ role, listed }).toEqual({ role, listed: null });
        if (!listed) continue;
        expect(offered).toEqual(expect.arrayContaining(listed));
        for (const action of listed) {
          const fresh = await k.fresh();
          expect(await k.actions(who, fresh)).toContain(action);
          const res = await k.exec[action](who, fresh);
          expect({ role, action, ok: res.status >= 200 && res.status < 300, code: res.body?.code }).toEqual({ role, action, ok: true, code: undefined });
        }
        const unlisted = offered.find((a) => !listed.includes(a));
        if (unlisted) {
          const res = await k.exec[unlisted](who, id);
          expect({ role, unlisted, refused: res.status >= 400 && res.status < 500 }).toEqual({ role, unlisted, refused: true });
        }
      }
    });
  }

  it('secretariat: the coordination and platform admins get the management actions, and each succeeds; members get none', async () => {
    const offered = offeredOn('secretariat');
    const org = async (s: SecretariatFixture, sector: string) =>
      (await t.db.query(`INSERT INTO organizations (name, sector, kind, state_code) VALUES ($1, $2, 'osc', $3) RETURNING id`, [`OSC ${randomUUID().slice(0, 8)}`, sector, s.stateCode]))[0].id;
    const exec: Record<string, (who: Who, s: SecretariatFixture) => Promise<Res>> = {
      'secretariat.update': (who, s) => patch('/secretariats/:id', { name: 'Secretariado Técnico Local de Oaxaca' })(who, s.secretariatId),
      'secretariat.transition': (who, s) => post('/secretariats/:id/transitions', { to: 'suspended', sector: 'government', reason: 'El gobierno se retiró' })(who, s.secretariatId),
      'seat.create': async (who, s) => post('/secretariats/:id/seats', { organizationId: await org(s, 'civil_society') })(who, s.secretariatId),
      'seat.vacate': (who, s) => post(`/secretariats/:id/seats/${s.seats[0].seatId}/vacate`, { reason: 'Se retiró' })(who, s.secretariatId),
      'seat.reassign': async (who, s) =>
        post(`/secretariats/:id/seats/${s.seatsOf('civil_society')[0].seatId}/reassign`, { organizationId: await org(s, 'civil_society'), reason: 'Relevo' })(who, s.secretariatId),
      'invitation.create': (who, s) => post('/secretariats/:id/invitations', { email: `${randomUUID()}@ejemplo.mx`, role: 'observer', sector: 'guarantor' })(who, s.secretariatId),
      'invitation.revoke': async (who, s) => {
        const inv = await post('/secretariats/:id/invitations', { email: `${randomUUID()}@ejemplo.mx`, role: 'observer', sector: 'guarantor' })(fx.admin, s.secretariatId);
        return post(`/secretariats/:id/invitations/${inv.body.id}/revoke`)(who, s.secretariatId);
      },
      'plan.create': (who, s) => post('/secretariats/:id/plans', { title: 'Plan de Acción Local 2025–2027', periodStart: 2025, periodEnd: 2027 })(who, s.secretariatId),
      'round.open': (who, s) => post('/voting-rounds', { subjectType: 'motion', secretariatId: s.secretariatId, title: 'Moción', closesAt: closesAt() })(who, ''),
    };
    expect(Object.keys(exec).sort()).toEqual([...offered].sort());
    for (const role of PERSONAS) {
      const listed = await detail('/secretariats/:id')(people[role], fx.secretariatId);
      if (role === 'otherSecretariat' || role === 'nonMember') {
        expect({ role, listed }).toEqual({ role, listed: null });
        continue;
      }
      if (role !== 'admin' && role !== 'coordinator') {
        expect({ role, listed }).toEqual({ role, listed: [] });
        const res = await exec['seat.create'](people[role], fx);
        expect({ role, status: res.status }).toEqual({ role, status: 403 });
        continue;
      }
      expect([...listed!].sort()).toEqual([...offered].sort());
      // Management changes the secretariat: each listed action runs on a fresh one, by the same role.
      for (const action of listed!) {
        const s = await setupSecretariat(t, { admin: fx.admin, stateCode: '20' });
        const who = role === 'admin' ? fx.admin : s.coordinator;
        expect(await detail('/secretariats/:id')(who, s.secretariatId)).toContain(action);
        const res = await exec[action](who, s);
        expect({ role, action, ok: res.status >= 200 && res.status < 300, code: res.body?.code }).toEqual({ role, action, ok: true, code: undefined });
      }
    }
  });
});
