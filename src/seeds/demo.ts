import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Sector, SECTORS } from '../catalog/sector';
import { computeProgress } from '../commitments/progress';
import { AppConfig } from '../config/app-config';
import { PLAN_STAGES, PlanStage } from '../plans/plan-stages';
import { endOfLocalDay, localDate } from '../reminders/time-zone';
import { DEFAULT_RULES } from '../secretariats/rules';
import { hashPassword, normalizeEmail } from '../users/users.service';
import { Choice, tally } from '../voting/tally';
import { dataSourceOptions } from '../database/data-source';
import { DEMO_ACCOUNT_SPECS, DEMO_HOME_STATE, DEMO_PASSWORD, DEMO_STATES, DemoProposal, DemoState } from './demo-data';
import { loadAuditKey } from '../audit/audit.service';
import { json, SeedAuditChain, SeedWriter } from './seed-writer';

export interface DemoAccount {
  email: string;
  password: string;
  role: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = DEMO_ACCOUNT_SPECS.map((a) => ({ email: a.email, password: DEMO_PASSWORD, role: a.role }));

const DAY = 86_400_000;

/** Users by email: existing ones are reused (same id), missing ones are created by the writer. */
async function ensureUsers(tx: EntityManager, w: SeedWriter, users: { email: string; name: string; platformAdmin?: boolean }[], passwordHash: string) {
  const emails = users.map((u) => normalizeEmail(u.email));
  const existing: { id: string; email: string }[] = await tx.query('SELECT id, email FROM users WHERE email = ANY($1)', [emails]);
  const ids = new Map(existing.map((u) => [u.email, u.id]));
  for (const u of users) {
    const email = normalizeEmail(u.email);
    if (!ids.has(email)) ids.set(email, w.add('users', { email, name: u.name, passwordHash, isPlatformAdmin: !!u.platformAdmin }).id);
  }
  return ids;
}

/**
 * Loads the demo dataset (DESIGN §7) in one transaction. Idempotent: a state that already
 * has a state-level secretariat is left alone, so a second run adds nothing; demo accounts
 * are created only when missing.
 */
export async function seedDemo(ds: DataSource): Promise<DemoAccount[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const now = new Date();
  await ds.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['seed:demo']);
    const w = new SeedWriter(await loadAuditKey(tx));
    const accounts = await ensureUsers(tx, w, DEMO_ACCOUNT_SPECS.map((a) => ({ email: a.email, name: a.name, platformAdmin: a.platformAdmin })), passwordHash);
    for (const state of DEMO_STATES) {
      const [taken] = await tx.query(`SELECT 1 FROM secretariats WHERE state_code = $1 AND municipality IS NULL AND status <> 'dissolved'`, [state.code]);
      if (taken) continue;
      const [info] = await tx.query('SELECT abbreviation, time_zone FROM states WHERE code = $1', [state.code]);
      await buildState(tx, w, state, { abbreviation: info.abbreviation, timeZone: info.time_zone }, now, passwordHash, accounts);
    }
    await w.flush(tx);
  });
  return DEMO_ACCOUNTS;
}

interface Event {
  at: Date;
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  action: string;
  data?: Record<string, unknown>;
}

async function buildState(
  tx: EntityManager,
  w: SeedWriter,
  state: DemoState,
  info: { abbreviation: string; timeZone: string },
  now: Date,
  passwordHash: string,
  accounts: Map<string, string>,
) {
  const latest = now.getTime() - 60_000;
  // An instant `days` from now (never in the future for things that happened).
  const at = (days: number, hours = 10) => new Date(Math.min(latest, now.getTime() + days * DAY + (hours - 12) * 3_600_000));
  const day = (days: number) => localDate(new Date(now.getTime() + days * DAY), info.timeZone);
  const t = (days: number, hours = 10) => at(days + state.offsetDays, hours);
  const events: Event[] = [];
  const home = state.code === DEMO_HOME_STATE;
  const slug = info.abbreviation.toLowerCase();

  // Secretariat, organizations, seats and their titulars.
  const secretariat = w.add('secretariats', {
    stateCode: state.code,
    name: state.secretariatName,
    status: 'active',
    declaredAt: t(-410),
    installedAt: t(-400),
    rules: json({}),
    version: 4,
    createdAt: t(-420),
    updatedAt: t(-395),
  });
  events.push({ at: t(-420), actorId: accounts.get('admin@cocrea.demo')!, subjectType: 'secretariat', subjectId: secretariat.id, action: 'secretariat.created', data: { stateCode: state.code, name: state.secretariatName } });
  for (const [from, to, d] of [['promoting', 'declared', -410], ['declared', 'installed', -400], ['installed', 'active', -395]] as const) {
    w.add('secretariat_transitions', { secretariatId: secretariat.id, fromStatus: from, toStatus: to, actorId: null, effectiveAt: t(d), occurredAt: t(d) });
    events.push({ at: t(d), actorId: null, subjectType: 'secretariat', subjectId: secretariat.id, action: 'secretariat.transitioned', data: { from, to } });
  }

  const orgs = new Map<string, { id: string; sector: Sector; seatId: string; titularId: string; titularMembershipId: string }>();
  const seatAccounts = DEMO_ACCOUNT_SPECS.filter((a) => home && a.seat);
  const newUsers = state.organizations
    .filter((o) => !seatAccounts.some((a) => a.seat!.organization === o.key && a.seat!.role === 'titular'))
    .map((o) => ({ email: `titular.${slug}.${o.key}@cocrea.demo`, name: `Titular de ${o.name}` }));
  const userIds = await ensureUsers(tx, w, newUsers, passwordHash);
  let coordinatorId: string | null = null;
  for (const o of state.organizations) {
    const org = w.add('organizations', { name: o.name, sector: o.sector, kind: o.kind, stateCode: state.code, createdAt: t(-420), updatedAt: t(-420) });
    const seat = w.add('seats', { secretariatId: secretariat.id, organizationId: org.id, sector: o.sector, createdAt: t(-419), updatedAt: t(-419) });
    events.push({ at: t(-419), actorId: null, subjectType: 'seat', subjectId: seat.id, action: 'seat.created', data: { organizationId: org.id, sector: o.sector } });
    const demoTitular = seatAccounts.find((a) => a.seat!.organization === o.key && a.seat!.role === 'titular');
    const titularId = demoTitular ? accounts.get(demoTitular.email)! : userIds.get(`titular.${slug}.${o.key}@cocrea.demo`)!;
    // Outside the home state, the first government titular coordinates.
    const coordinates = !home && !coordinatorId && o.sector === 'government';
    if (coordinates) coordinatorId = titularId;
    const membership = w.add('memberships', {
      secretariatId: secretariat.id, userId: titularId, sector: o.sector, organizationId: org.id, seatId: seat.id, role: 'titular', isCoordinator: coordinates, startedAt: t(-418),
    });
    events.push({ at: t(-418), actorId: titularId, subjectType: 'membership', subjectId: membership.id, action: 'membership.started', data: { seatId: seat.id, role: 'titular' } });
    orgs.set(o.key, { id: org.id, sector: o.sector, seatId: seat.id, titularId, titularMembershipId: membership.id });
  }
  const alternates = new Map<string, { userId: string; membershipId: string }>();
  if (home) {
    for (const a of DEMO_ACCOUNT_SPECS) {
      const userId = accounts.get(a.email)!;
      if (a.seat?.role === 'alternate') {
        const o = orgs.get(a.seat.organization)!;
        const m = w.add('memberships', { secretariatId: secretariat.id, userId, sector: o.sector, organizationId: o.id, seatId: o.seatId, role: 'alternate', isCoordinator: false, startedAt: t(-418) });
        alternates.set(a.seat.organization, { userId, membershipId: m.id });
        events.push({ at: t(-418), actorId: userId, subjectType: 'membership', subjectId: m.id, action: 'membership.started', data: { seatId: o.seatId, role: 'alternate' } });
      } else if (a.member) {
        const m = w.add('memberships', { secretariatId: secretariat.id, userId, sector: a.member.sector, role: a.member.role, isCoordinator: a.member.coordinator, startedAt: t(-418) });
        if (a.member.coordinator) coordinatorId = userId;
        events.push({ at: t(-418), actorId: userId, subjectType: 'membership', subjectId: m.id, action: 'membership.started', data: { role: a.member.role } });
      }
    }
  }
  const coordinator = coordinatorId!;
  const seats = [...orgs.values()].map((o) => ({ seatId: o.seatId, sector: o.sector, organizationId: o.id }));

  // The plan and its stages up to the target stage.
  const periodStart = new Date(t(-360).getTime()).getUTCFullYear();
  const targetIndex = PLAN_STAGES.indexOf(state.plan.stage);
  const stageDays: Partial<Record<PlanStage, number>> = { consultation: -350, deliberation: -325, voting: -305, adoption: -290, implementation: -280 };
  const evaluationAt = at(-40);
  const reached = PLAN_STAGES.slice(1, targetIndex + 1);
  const stageChangedAt = state.plan.stage === 'evaluation' ? evaluationAt : t(stageDays[state.plan.stage]!);
  const plan = w.add('action_plans', {
    secretariatId: secretariat.id, title: state.plan.title, description: state.plan.description, periodStart, periodEnd: periodStart + 2,
    stage: state.plan.stage, stageChangedAt, createdById: coordinator, createdAt: t(-360), updatedAt: stageChangedAt,
  });
  events.push({ at: t(-360), actorId: coordinator, subjectType: 'action_plan', subjectId: plan.id, action: 'plan.created', data: { title: state.plan.title } });
  let previous: PlanStage = 'draft';
  for (const stage of reached) {
    const when = stage === 'evaluation' ? evaluationAt : t(stageDays[stage]!);
    w.add('plan_stage_changes', { planId: plan.id, fromStage: previous, toStage: stage, actorId: coordinator, createdAt: when });
    events.push({ at: when, actorId: coordinator, subjectType: 'action_plan', subjectId: plan.id, action: 'plan.stage_changed', data: { from: previous, to: stage } });
    previous = stage;
  }

  // A closed round with a titular ballot per seat (and the home alternate's, which does not count).
  const closedRound = (subjectType: 'proposal' | 'plan_adoption', subjectId: string, title: string, openDay: number, secrecy: 'public' | 'secret', dissent: Record<string, Choice> = {}) => {
    const opensAt = t(openDay);
    const round = w.add('voting_rounds', {
      secretariatId: secretariat.id, planId: plan.id, subjectType, subjectId, title, opensAt, closesAt: t(openDay + 7), secrecy,
      decisionRule: DEFAULT_RULES.decisionRule, quorumPerSector: DEFAULT_RULES.quorumPerSector, seats: json(seats), status: 'closed',
      closedAt: t(openDay + 2), closeReason: 'all_voted', createdById: coordinator, createdAt: opensAt,
    });
    events.push({ at: opensAt, actorId: coordinator, subjectType: 'voting_round', subjectId: round.id, action: 'voting_round.opened', data: { subjectType, subjectId, secrecy } });
    const ballots: { seatId: string; role: 'titular' | 'alternate'; choice: Choice; at: Date }[] = [];
    let hour = 9;
    for (const [key, o] of orgs) {
      const voters: { userId: string; membershipId: string; role: 'titular' | 'alternate' }[] = [{ userId: o.titularId, membershipId: o.titularMembershipId, role: 'titular' }];
      const alt = alternates.get(key);
      if (alt) voters.push({ ...alt, role: 'alternate' });
      for (const v of voters) {
        const choice = dissent[key] ?? 'approve';
        const when = t(openDay + 1, hour++);
        w.add('ballots', { roundId: round.id, membershipId: v.membershipId, seatId: o.seatId, userId: v.userId, role: v.role, choice, createdAt: when, updatedAt: when });
        ballots.push({ seatId: o.seatId, role: v.role, choice, at: when });
        // A secret ballot records that the seat voted, never how (as VotingService does).
        events.push({ at: when, actorId: v.userId, subjectType: 'voting_round', subjectId: round.id, action: 'ballot.cast', data: secrecy === 'secret' ? { seatId: o.seatId, sector: o.sector, role: v.role } : { seatId: o.seatId, sector: o.sector, role: v.role, choice } });
      }
    }
    const r = tally(DEFAULT_RULES.decisionRule, DEFAULT_RULES.quorumPerSector, seats, ballots);
    const counted = new Map(r.counted.map((c) => [c.seatId, c]));
    const result = {
      outcome: r.outcome, rule: r.rule, quorumPerSector: r.quorumPerSector, sectors: r.sectors, totals: r.totals,
      ...(secrecy === 'public' ? { seats: seats.map((s) => ({ ...s, choice: counted.get(s.seatId)?.choice ?? null, castBy: counted.get(s.seatId)?.castBy ?? null })) } : {}),
    };
    Object.assign(round, { outcome: r.outcome, result: json(result), updatedAt: t(openDay + 2) });
    events.push({
      at: t(openDay + 2), actorId: null, subjectType: 'voting_round', subjectId: round.id, action: 'voting_round.closed',
      data: { reason: 'all_voted', outcome: r.outcome, positions: Object.fromEntries(SECTORS.map((s) => [s, r.sectors[s].position])), voted: r.totals.voted, seats: r.totals.seats },
    });
    return { round, outcome: r.outcome, closedAt: t(openDay + 2) };
  };

  const proposalRow = (p: DemoProposal, status: string, voted: boolean) => {
    const author = orgs.get(p.author)!;
    const submitted = status !== 'draft';
    const row = w.add('proposals', {
      planId: plan.id, secretariatId: secretariat.id, status, authorId: author.titularId, authorOrganizationId: author.id, authorSector: author.sector,
      title: p.title, publicProblem: p.publicProblem, statusQuo: p.statusQuo, description: p.description, howItSolves: p.howItSolves,
      ogpValues: p.ogpValues, sdgs: p.sdgs, inequalityFocus: p.inequalityFocus, leadAgencyId: orgs.get(p.lead)!.id,
      coResponsibleOrganizationIds: p.coResponsible.map((k) => orgs.get(k)!.id),
      submittedAt: submitted ? t(-340) : null, responseDueAt: submitted ? t(-325) : null,
      responseDecision: voted ? 'accept_for_vote' : null, responseText: voted ? 'El secretariado valora la propuesta y la somete a votación de los tres sectores.' : null,
      respondedAt: voted ? t(-330) : null, respondedById: voted ? coordinator : null,
      createdAt: t(-345), updatedAt: submitted ? t(-293) : t(-345),
    });
    events.push({ at: t(-345), actorId: author.titularId, subjectType: 'proposal', subjectId: row.id, action: 'proposal.created', data: { title: p.title } });
    if (submitted) events.push({ at: t(-340), actorId: author.titularId, subjectType: 'proposal', subjectId: row.id, action: 'proposal.submitted' });
    if (voted) events.push({ at: t(-330), actorId: coordinator, subjectType: 'proposal', subjectId: row.id, action: 'proposal.responded', data: { decision: 'accept_for_vote' } });
    return row;
  };

  for (const p of state.otherProposals ?? []) {
    const row = proposalRow(p, p.outcome === 'draft' ? 'draft' : 'rejected', p.outcome === 'rejected');
    if (p.outcome === 'rejected') {
      const { round, outcome } = closedRound('proposal', row.id, p.title, -300, 'public', p.dissent);
      if (outcome !== 'rejected') throw new Error(`demo: ${p.title} should be rejected`);
      events.push({ at: t(-298), actorId: null, subjectType: 'proposal', subjectId: row.id, action: 'proposal.rejected', data: { roundId: round.id } });
    }
  }

  const published = targetIndex >= PLAN_STAGES.indexOf('adoption');
  const implementing = targetIndex >= PLAN_STAGES.indexOf('implementation');
  let seq = 0;
  for (const c of state.commitments) {
    const proposal = proposalRow(c, 'accepted', true);
    const { round, outcome } = closedRound('proposal', proposal.id, c.title, -300, c.secrecy ?? 'public', c.dissent);
    if (outcome !== 'approved') throw new Error(`demo: ${c.title} should be approved`);
    events.push({ at: t(-298), actorId: null, subjectType: 'proposal', subjectId: proposal.id, action: 'proposal.accepted', data: { roundId: round.id } });

    seq++;
    const lead = orgs.get(c.lead)!;
    const statuses = c.milestones.map((m) => m.status);
    const progress = computeProgress(c.milestones.map((m) => ({ status: m.status, weight: m.weight, overdue: false })));
    const status = progress.verifiedProgress === 100 ? 'completed' : statuses.some((s) => s !== 'pending') ? 'in_progress' : 'not_started';
    const commitment = w.add('commitments', {
      planId: plan.id, secretariatId: secretariat.id, proposalId: proposal.id, code: `${info.abbreviation}-${periodStart}-${String(seq).padStart(2, '0')}`, seq,
      title: c.title, publicProblem: c.publicProblem, statusQuo: c.statusQuo, description: c.description, howItSolves: c.howItSolves,
      ogpValues: c.ogpValues, sdgs: c.sdgs, inequalityFocus: c.inequalityFocus, leadAgencyId: lead.id,
      coResponsibleOrganizationIds: c.coResponsible.map((k) => orgs.get(k)!.id),
      startDate: day(Math.min(...c.milestones.map((m) => m.startDay))), endDate: `${periodStart + 2}-12-31`, status,
      createdAt: t(-298), updatedAt: t(-298),
    });
    events.push({ at: t(-298), actorId: null, subjectType: 'commitment', subjectId: commitment.id, action: 'commitment.created', data: { code: commitment.code, proposalId: proposal.id } });

    const defined = implementing ? t(-278) : t(-290);
    const guarantor = [...orgs.values()].find((o) => o.sector === 'guarantor')!;
    c.milestones.forEach((m, i) => {
      const responsible = orgs.get(m.responsible)!;
      const submittedAt = ['submitted', 'approved', 'returned'].includes(m.status) ? at(m.dueDay - 3) : null;
      const reviewedAt = ['approved', 'returned'].includes(m.status) ? at(m.dueDay + 2) : null;
      const milestone = w.add('milestones', {
        commitmentId: commitment.id, secretariatId: secretariat.id, position: i + 1, title: m.title, deliverable: m.deliverable, meansOfVerification: m.meansOfVerification,
        responsibleOrganizationId: responsible.id, startDate: day(m.startDay), dueDate: day(m.dueDay), dueAt: endOfLocalDay(day(m.dueDay), info.timeZone),
        weight: m.weight, status: m.status, submittedAt, submittedById: submittedAt ? responsible.titularId : null,
        reviewedAt, reviewedById: reviewedAt ? guarantor.titularId : null, observations: m.observations ?? null,
        createdAt: defined, updatedAt: reviewedAt ?? submittedAt ?? (m.status === 'in_progress' ? at(m.startDay) : defined),
      });
      events.push({ at: defined, actorId: coordinator, subjectType: 'milestone', subjectId: milestone.id, action: 'milestone.created', data: { commitmentId: commitment.id, title: m.title, weight: m.weight } });
      if (m.status !== 'pending') events.push({ at: at(m.startDay), actorId: responsible.titularId, subjectType: 'milestone', subjectId: milestone.id, action: 'milestone.started' });
      for (const e of m.evidence ?? []) {
        const when = submittedAt ? new Date(submittedAt.getTime() - 3_600_000) : at(m.startDay + 5);
        const ev = w.add('evidence', { milestoneId: milestone.id, secretariatId: secretariat.id, kind: 'link', description: e.description, url: e.url, public: e.public ?? true, uploadedById: responsible.titularId, createdAt: when });
        events.push({ at: when, actorId: responsible.titularId, subjectType: 'evidence', subjectId: ev.id, action: 'evidence.added', data: { milestoneId: milestone.id, kind: 'link', public: e.public ?? true } });
      }
      if (submittedAt) events.push({ at: submittedAt, actorId: responsible.titularId, subjectType: 'milestone', subjectId: milestone.id, action: 'milestone.submitted' });
      if (reviewedAt) {
        const decision = m.status === 'approved' ? 'approve' : 'return';
        w.add('milestone_reviews', { milestoneId: milestone.id, decision, observations: m.observations ?? null, reviewerId: guarantor.titularId, reviewerOrganizationId: guarantor.id, createdAt: reviewedAt });
        events.push({ at: reviewedAt, actorId: guarantor.titularId, subjectType: 'milestone', subjectId: milestone.id, action: m.status === 'approved' ? 'milestone.approved' : 'milestone.returned', data: { observations: m.observations ?? null } });
      }
    });
    for (const ind of c.indicators ?? []) {
      const indicator = w.add('indicators', {
        commitmentId: commitment.id, secretariatId: secretariat.id, name: ind.name, description: ind.description, unit: ind.unit,
        baseline: ind.baseline, baselineDate: day(-280), target: ind.target, targetDate: `${periodStart + 2}-12-31`, createdById: coordinator,
        createdAt: defined, updatedAt: defined,
      });
      events.push({ at: defined, actorId: coordinator, subjectType: 'indicator', subjectId: indicator.id, action: 'indicator.created', data: { commitmentId: commitment.id, name: ind.name } });
      for (const x of ind.measurements) {
        const measurement = w.add('indicator_measurements', {
          indicatorId: indicator.id, measuredOn: day(x.day), value: x.value, source: x.source, sourceUrl: x.sourceUrl ?? null, note: x.note ?? '', recordedById: lead.titularId, createdAt: at(x.day),
        });
        events.push({ at: at(x.day), actorId: lead.titularId, subjectType: 'indicator', subjectId: indicator.id, action: 'indicator.measured', data: { measurementId: measurement.id, measuredOn: day(x.day), value: x.value } });
      }
    }
  }

  if (published) {
    const { round, closedAt } = closedRound('plan_adoption', plan.id, `Adopción del ${state.plan.title}`, -290, 'public');
    Object.assign(plan, { adoptionRoundId: round.id, adoptedAt: closedAt });
    events.push({ at: closedAt, actorId: null, subjectType: 'action_plan', subjectId: plan.id, action: 'plan.adopted', data: { roundId: round.id } });
  }

  // The chain in time order (stable for events at the same instant).
  const chain = SeedAuditChain.start(w, secretariat.id);
  events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .forEach(({ e }) => chain.record(e.at, e.actorId, e.subjectType, e.subjectId, e.action, e.data));
}

/** On an empty embedded database, loads the demo and prints its accounts. */
export async function seedDemoIfEmpty(config: AppConfig, logger: Logger): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(config.databaseUrl, 1)).initialize();
  try {
    const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM users');
    if (count > 0) return;
    const accounts = await seedDemo(ds);
    logger.log(
      'Base de datos vacía: se cargaron los datos de demostración. Cuentas:\n' +
        accounts.map((a) => `  ${a.role.padEnd(40)} ${a.email} / ${a.password}`).join('\n'),
    );
  } finally {
    await ds.destroy();
  }
}
