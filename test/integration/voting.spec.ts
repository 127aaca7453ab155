import { JwtService } from '@nestjs/jwt';
import { Jobs } from '../../src/queue/jobs';
import { Reconciler } from '../../src/reminders/reconciler.service';
import { ReminderKinds } from '../../src/reminders/reminder-kinds';
import { ScheduledReminder } from '../../src/reminders/scheduled-reminder.entity';
import { VotingService } from '../../src/voting/voting.service';
import { LoggedIn, registerUser, SecretariatFixture, setupSecretariat } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import {
  acceptForVote, advancePlan, API, as, createPlan, expectStatus, matrixPeople, moveStage, openRound, proposalBody, Role, ROLES, submittedProposal, vote,
} from '../support/co-creation';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('voting rounds', () => {
  let t: TestApp;
  let voting: VotingService;
  beforeAll(async () => {
    // Workers on: the `voting` queue's processor closes rounds at closesAt.
    t = await createTestApp({ workers: true });
    voting = t.app.get(VotingService);
  });
  afterAll(() => t.close());

  async function waitClosed(roundId: string, who: { auth: object }, timeoutMs = 15_000) {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const res = await t.http().get(`${API}/voting-rounds/${roundId}`).set(who.auth as never);
      if (res.body.status === 'closed') return res.body;
      await sleep(100);
    }
    throw new Error(`round ${roundId} did not close`);
  }

  /** A plan in `voting` with one proposal accepted for vote. */
  async function proposalReadyForVote(fx: SecretariatFixture) {
    const plan = await createPlan(t, fx);
    await advancePlan(t, fx.coordinator, plan.id, 'consultation');
    const p = await submittedProposal(t, fx, fx.seatsOf('civil_society')[0].titular, plan.id);
    await acceptForVote(t, fx, p.id);
    await advancePlan(t, fx.coordinator, plan.id, 'voting');
    return { planId: plan.id, proposalId: p.id };
  }

  it('the whole flow: plan → consultation → OSC proposals → responses → round → per-sector tally → commitment → adoption → implementation', async () => {
    // Oaxaca: 2 OSC, 2 government, 1 guarantor; every seat with an alternate.
    const fx = await setupSecretariat(t, { seats: { government: 2, civil_society: 2, guarantor: 1 }, alternates: true });
    const [gov1, gov2] = fx.seatsOf('government');
    const [osc1, osc2] = fx.seatsOf('civil_society');
    const [garante] = fx.seatsOf('guarantor');
    const coord = fx.coordinator;

    const plan = await createPlan(t, fx, { title: 'Plan de Acción Local de Gobierno Abierto Oaxaca 2025–2027' });
    await expectStatus(await moveStage(t, coord, plan.id, 'consultation'), 200);
    const p1 = await submittedProposal(t, fx, osc1.titular, plan.id, { coResponsibleOrganizationIds: [osc1.organization.id] });
    const p2 = await submittedProposal(t, fx, osc2.titular, plan.id, { title: 'Presupuesto participativo municipal' });
    const p3 = await submittedProposal(t, fx, osc2.alternate!, plan.id, { title: 'Presupuesto participativo en municipios indígenas' });
    await expectStatus(await moveStage(t, coord, plan.id, 'deliberation'), 200);
    await acceptForVote(t, fx, p1.id);
    await acceptForVote(t, fx, p2.id);
    await expectStatus(await t.http().post(`${API}/proposals/${p3.id}/response`).set(coord.auth).send({ decision: 'merge', mergeIntoId: p2.id, text: 'Se integra al presupuesto participativo.' }), 200);
    await expectStatus(await moveStage(t, coord, plan.id, 'voting'), 200);

    // Round on p1, public.
    const opened = await openRound(t, coord, { subjectType: 'proposal', subjectId: p1.id, secrecy: 'public' });
    expect(opened.status).toBe(201);
    const round = opened.body;
    expect(round).toMatchObject({ status: 'open', decisionRule: 'tripartite_consensus', quorumPerSector: 1, outcome: null, title: 'Padrón abierto de beneficiarios de programas sociales' });
    expect(round.participation).toMatchObject({ seats: 5, voted: 0 });
    expect((await t.http().get(`${API}/proposals/${p1.id}`).set(coord.auth)).body.status).toBe('in_vote');

    await expectStatus(await vote(t, gov1.titular, round.id, 'approve'), 200);
    const altFirst = await vote(t, gov2.alternate!, round.id, 'reject', 'Falta presupuesto');
    expect(altFirst.body).toMatchObject({ choice: 'reject', role: 'alternate', counts: true });
    await expectStatus(await vote(t, osc1.titular, round.id, 'reject'), 200);
    await expectStatus(await vote(t, osc1.titular, round.id, 'approve', 'Cambio mi voto tras la mesa'), 200); // changeable until close
    await expectStatus(await vote(t, osc2.alternate!, round.id, 'abstain'), 200);

    // While open: participation (which seats), never choices; no result.
    const during = await t.http().get(`${API}/voting-rounds/${round.id}`).set(garante.titular.auth);
    expect(during.body.participation.voted).toBe(4);
    expect(during.body.participation.bySector).toEqual({ government: { seats: 2, voted: 2 }, civil_society: { seats: 2, voted: 2 }, guarantor: { seats: 1, voted: 0 } });
    expect(JSON.stringify(during.body.participation)).not.toMatch(/approve|reject|abstain/);
    expect(during.body.myBallot).toBeNull();
    const mine = await t.http().get(`${API}/voting-rounds/${round.id}`).set(osc1.titular.auth);
    expect(mine.body.myBallot).toMatchObject({ choice: 'approve', reason: 'Cambio mi voto tras la mesa', counts: true });
    const hidden = await t.http().get(`${API}/voting-rounds/${round.id}/result`).set(coord.auth);
    expect(hidden.status).toBe(409);
    expect(hidden.body.code).toBe('round_open');

    // The titular of gov2 votes too: the titular's ballot counts over the alternate's.
    await expectStatus(await vote(t, gov2.titular, round.id, 'approve'), 200);
    expect((await t.http().get(`${API}/voting-rounds/${round.id}`).set(gov2.alternate!.auth)).body.myBallot.counts).toBe(false);
    // The last seat votes: the round closes at once.
    await expectStatus(await vote(t, garante.alternate!, round.id, 'approve'), 200);
    const closed = await t.http().get(`${API}/voting-rounds/${round.id}`).set(coord.auth);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'all_voted', outcome: 'approved' });
    const late = await vote(t, gov1.titular, round.id, 'reject');
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('round_closed');

    const result = await t.http().get(`${API}/voting-rounds/${round.id}/result`).set(osc2.titular.auth);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      outcome: 'approved',
      rule: 'tripartite_consensus',
      closeReason: 'all_voted',
      totals: { seats: 5, voted: 5, approve: 4, reject: 0, abstain: 1 },
      sectors: {
        government: { seats: 2, voted: 2, approve: 2, reject: 0, abstain: 0, quorum: true, position: 'approve' },
        civil_society: { seats: 2, voted: 2, approve: 1, reject: 0, abstain: 1, quorum: true, position: 'approve' },
        guarantor: { seats: 1, voted: 1, approve: 1, quorum: true, position: 'approve' },
      },
    });
    const bySeat = Object.fromEntries(result.body.seats.map((s: { seatId: string; choice: string; castBy: string }) => [s.seatId, [s.choice, s.castBy]]));
    expect(bySeat).toEqual({
      [gov1.seatId]: ['approve', 'titular'],
      [gov2.seatId]: ['approve', 'titular'],
      [osc1.seatId]: ['approve', 'titular'],
      [osc2.seatId]: ['abstain', 'alternate'],
      [garante.seatId]: ['approve', 'alternate'],
    });

    // Accepted → a commitment draft carrying the template.
    expect((await t.http().get(`${API}/proposals/${p1.id}`).set(coord.auth)).body.status).toBe('accepted');
    const [commitment] = await t.db.query('SELECT * FROM commitments WHERE proposal_id = $1', [p1.id]);
    expect(commitment).toMatchObject({
      plan_id: plan.id,
      secretariat_id: fx.secretariatId,
      code: 'OAX-2025-01',
      title: 'Padrón abierto de beneficiarios de programas sociales',
      public_problem: 'La ciudadanía no puede verificar quién recibe los apoyos sociales del estado.',
      lead_agency_id: gov1.organization.id,
      co_responsible_organization_ids: [osc1.organization.id],
      status: 'not_started',
    });

    // p2 is rejected by the government sector (a tie inside it is a reject).
    const r2 = (await expectStatus(await openRound(t, coord, { subjectType: 'proposal', subjectId: p2.id, secrecy: 'secret' }), 201)).body;
    for (const [who, choice] of [[gov1.titular, 'approve'], [gov2.titular, 'reject'], [osc1.titular, 'approve'], [osc2.titular, 'approve'], [garante.titular, 'approve']] as [LoggedIn, string][]) {
      await expectStatus(await vote(t, who, r2.id, choice), 200);
    }
    const res2 = await t.http().get(`${API}/voting-rounds/${r2.id}/result`).set(coord.auth);
    expect(res2.body).toMatchObject({ outcome: 'rejected', sectors: { government: { approve: 1, reject: 1, tie: true, position: 'reject' } } });
    expect(res2.body.seats).toBeUndefined();
    expect((await t.http().get(`${API}/proposals/${p2.id}`).set(coord.auth)).body.status).toBe('rejected');
    const secretBallots = await t.db.query(`SELECT data FROM audit_events WHERE subject_id = $1 AND action = 'ballot.cast'`, [r2.id]);
    expect(secretBallots).toHaveLength(5);
    for (const e of secretBallots) expect(e.data.choice).toBeUndefined();

    // Adoption: every sector endorses; then implementation is allowed.
    const tooEarly = await openRound(t, coord, { subjectType: 'plan_adoption', subjectId: plan.id });
    expect(tooEarly.status).toBe(409);
    expect(tooEarly.body.code).toBe('plan_not_in_adoption');
    await expectStatus(await moveStage(t, coord, plan.id, 'adoption'), 200);
    const blocked = await moveStage(t, coord, plan.id, 'implementation');
    expect(blocked.body.code).toBe('plan_not_adopted');
    const adoption = (await expectStatus(await openRound(t, coord, { subjectType: 'plan_adoption', subjectId: plan.id }), 201)).body;
    expect(adoption.title).toContain('Adopción del plan');
    const second = await openRound(t, coord, { subjectType: 'plan_adoption', subjectId: plan.id });
    expect(second.status).toBe(409);
    for (const s of fx.seats) await expectStatus(await vote(t, s.titular, adoption.id, 'approve'), 200);
    const adopted = await t.http().get(`${API}/plans/${plan.id}`).set(coord.auth);
    expect(adopted.body).toMatchObject({ adoptionRoundId: adoption.id, adoptedAt: expect.any(String) });
    await expectStatus(await moveStage(t, coord, plan.id, 'implementation'), 200);

    const actions = (await t.db.query(`SELECT action FROM audit_events WHERE secretariat_id = $1`, [fx.secretariatId])).map((r: { action: string }) => r.action);
    for (const a of ['plan.created', 'proposal.submitted', 'proposal.responded', 'voting_round.opened', 'ballot.cast', 'voting_round.closed', 'proposal.accepted', 'commitment.created', 'plan.adopted']) {
      expect(actions).toContain(a);
    }
    const verify = await t.http().get(`${API}/secretariats/${fx.secretariatId}/audit/verify`).set(coord.auth);
    expect(verify.status).toBe(200);
    expect(verify.body.valid).toBe(true);
  });

  it('refuses rounds that cannot be held', async () => {
    const fx = await setupSecretariat(t);
    const { planId, proposalId } = await proposalReadyForVote(fx);
    const short = await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: proposalId, closesAt: new Date(Date.now() + 30 * 60_000).toISOString() });
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('voting_window_too_short');
    const past = await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: proposalId, opensAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    const noTitle = await openRound(t, fx.coordinator, { subjectType: 'motion', planId });
    expect(noTitle.status).toBe(400);
    expect(noTitle.body.errors[0].field).toBe('title');
    const noSubject = await openRound(t, fx.coordinator, { subjectType: 'proposal' });
    expect(noSubject.status).toBe(400);
    const badSecrecy = await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: proposalId, secrecy: 'anonymous', decisionRule: 'simple_majority' });
    expect(badSecrecy.status).toBe(400);
    expect(badSecrecy.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['decisionRule', 'secrecy']);

    await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: proposalId }), 201);
    const twice = await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: proposalId });
    expect(twice.status).toBe(409);

    // A proposal that was never accepted for vote.
    const fx2 = await setupSecretariat(t);
    const plan2 = await createPlan(t, fx2);
    await advancePlan(t, fx2.coordinator, plan2.id, 'consultation');
    const raw = await submittedProposal(t, fx2, fx2.seatsOf('civil_society')[0].titular, plan2.id);
    await advancePlan(t, fx2.coordinator, plan2.id, 'voting');
    const notReady = await openRound(t, fx2.coordinator, { subjectType: 'proposal', subjectId: raw.id });
    expect(notReady.status).toBe(409);
    expect(notReady.body.code).toBe('proposal_not_ready_for_vote');

    // A sector without seats cannot take part: refused up front.
    const lopsided = await setupSecretariat(t, { seats: { government: 1, civil_society: 1 } });
    const motion = await openRound(t, lopsided.coordinator, { subjectType: 'motion', secretariatId: lopsided.secretariatId, title: 'Calendario de sesiones' });
    expect(motion.status).toBe(422);
    expect(motion.body.code).toBe('sector_without_seats');
  });

  it('snapshots rule and quorum when the round opens; later rule changes only affect new rounds', async () => {
    const fx = await setupSecretariat(t, { seats: { government: 2, civil_society: 1, guarantor: 1 }, rules: { decisionRule: 'two_sector_majority', quorumPerSector: 2 } });
    const r = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Reglamento interno' }), 201)).body;
    expect(r).toMatchObject({ decisionRule: 'two_sector_majority', quorumPerSector: 2, subjectType: 'motion', planId: null });
    await t.db.query(`UPDATE secretariats SET rules = '{"decisionRule":"tripartite_consensus"}' WHERE id = $1`, [fx.secretariatId]);
    await expectStatus(await vote(t, fx.seatsOf('government')[0].titular, r.id, 'approve'), 200);
    await expectStatus(await vote(t, fx.seatsOf('government')[1].titular, r.id, 'approve'), 200);
    await expectStatus(await vote(t, fx.seatsOf('civil_society')[0].titular, r.id, 'approve'), 200);
    await expectStatus(await vote(t, fx.seatsOf('guarantor')[0].titular, r.id, 'reject'), 200);
    const result = (await t.http().get(`${API}/voting-rounds/${r.id}/result`).set(fx.coordinator.auth)).body;
    // Two sectors approve; quorum 2 capped at 1 for the one-seat sectors.
    expect(result).toMatchObject({ rule: 'two_sector_majority', outcome: 'approved', sectors: { government: { quorumRequired: 2 }, guarantor: { quorumRequired: 1, position: 'reject' } } });
    const next = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Otra' }), 201)).body;
    expect(next).toMatchObject({ decisionRule: 'tripartite_consensus', quorumPerSector: 1 });
  });

  it('closes at closesAt by the delayed job; without quorum the proposal returns to deliberation', async () => {
    const fx = await setupSecretariat(t, { rules: { minVotingHours: 0 } });
    const { proposalId } = await proposalReadyForVote(fx);
    const closesAt = new Date(Date.now() + 1500);
    const r = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: proposalId, closesAt: closesAt.toISOString() }), 201)).body;
    const job = await t.app.get(Jobs).queue('voting').getJob(`close-round-${r.id}`);
    expect(job?.opts.delay).toBeGreaterThan(0);
    await expectStatus(await vote(t, fx.seatsOf('government')[0].titular, r.id, 'approve'), 200);
    const closed = await waitClosed(r.id, fx.coordinator);
    expect(closed).toMatchObject({ closeReason: 'deadline', outcome: 'no_quorum' });
    expect(new Date(closed.closedAt).getTime()).toBeGreaterThanOrEqual(closesAt.getTime());
    const result = (await t.http().get(`${API}/voting-rounds/${r.id}/result`).set(fx.coordinator.auth)).body;
    expect(result.sectors.civil_society).toMatchObject({ voted: 0, quorum: false, position: null });
    expect((await t.http().get(`${API}/proposals/${proposalId}`).set(fx.coordinator.auth)).body.status).toBe('in_deliberation');
    // Closing is idempotent: a repeated close changes nothing.
    expect(await voting.close(r.id, 'deadline')).toBe(false);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_events WHERE subject_id = $1 AND action = 'voting_round.closed'`, [r.id]);
    expect(n).toBe(1);
    // A new round may be opened on it.
    await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'proposal', subjectId: proposalId }), 201);
  });

  it('the reconciler closes rounds whose job was lost, and only those past closesAt', async () => {
    const fx = await setupSecretariat(t);
    const lost = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Perdida' }), 201)).body;
    const alive = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Vigente' }), 201)).body;
    await t.app.get(Jobs).queue('voting').remove(`close-round-${lost.id}`);
    await t.db.query(`UPDATE voting_rounds SET closes_at = now() - interval '1 second' WHERE id = $1`, [lost.id]);
    expect(await voting.close(alive.id, 'deadline')).toBe(false);
    const report = await t.app.get(Reconciler).reconcileOnce();
    expect(report.hooks['voting:close-overdue-rounds']).toBeGreaterThanOrEqual(1);
    expect((await t.http().get(`${API}/voting-rounds/${lost.id}`).set(fx.coordinator.auth)).body).toMatchObject({ status: 'closed', closeReason: 'deadline', outcome: 'no_quorum' });
    expect((await t.http().get(`${API}/voting-rounds/${alive.id}`).set(fx.coordinator.auth)).body.status).toBe('open');
    // A ballot after closesAt is refused even before anyone closed the round.
    await t.db.query(`UPDATE voting_rounds SET closes_at = now() - interval '1 second' WHERE id = $1`, [alive.id]);
    const late = await vote(t, fx.seats[0].titular, alive.id, 'approve');
    expect(late.status).toBe(409);
  });

  it('writes vote-closing reminders with the round, for the seats that have not voted, and cancels them on close', async () => {
    const fx = await setupSecretariat(t, { seats: { government: 2, civil_society: 1, guarantor: 1 }, alternates: true });
    const closesAt = new Date(Date.now() + 72 * 3600_000);
    const r = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Calendario', closesAt: closesAt.toISOString() }), 201)).body;
    const rows = await t.db.getRepository(ScheduledReminder).find({ where: { subjectId: r.id }, order: { fireAt: 'ASC' } });
    expect(rows.map((x) => [x.kind, x.status, closesAt.getTime() - x.fireAt.getTime()])).toEqual([
      ['vote_closing', 'pending', 48 * 3600_000],
      ['vote_closing', 'pending', 24 * 3600_000],
    ]);
    const [gov1, gov2] = fx.seatsOf('government');
    await expectStatus(await vote(t, gov1.alternate!, r.id, 'approve'), 200);
    const resolution = await t.db.transaction((em) => t.app.get(ReminderKinds).get('vote_closing')!.resolve(em, rows[0]));
    expect(resolution.due).toBe(true);
    const expected = [gov2, ...fx.seatsOf('civil_society'), ...fx.seatsOf('guarantor')].flatMap((s) => [s.titular.id, s.alternate!.id]);
    expect(resolution.due && [...resolution.recipients].sort()).toEqual(expected.sort());

    await t.db.query(`UPDATE voting_rounds SET closes_at = now() WHERE id = $1`, [r.id]);
    await voting.close(r.id, 'deadline');
    const after = await t.db.getRepository(ScheduledReminder).find({ where: { subjectId: r.id } });
    expect(after.map((x) => x.status)).toEqual(['cancelled', 'cancelled']);
    const late = await t.db.transaction((em) => t.app.get(ReminderKinds).get('vote_closing')!.resolve(em, rows[1]));
    expect(late).toEqual({ due: false, reason: 'round_closed' });
  });

  it('200 concurrent ballots from the members of 20 seats: one counted ballot per seat, equal to a sequential replay', async () => {
    // 21 seats (one never votes, so the round stays open), every seat with titular and alternate.
    const fx = await setupSecretariat(t, { seats: { government: 7, civil_society: 7, guarantor: 7 }, alternates: true });
    const voters = fx.seats.slice(0, 20).flatMap((s) => [{ who: s.titular, seat: s, role: 'titular' }, { who: s.alternate!, seat: s, role: 'alternate' }]);
    const round = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Concurrente' }), 201)).body;

    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const choices = ['approve', 'reject', 'abstain'];
    const puts = voters.flatMap((v) => Array.from({ length: 5 }, () => ({ v, choice: choices[rand(3)] })));
    expect(puts).toHaveLength(200);
    const responses = await Promise.all(puts.map(({ v, choice }) => vote(t, v.who, round.id, choice)));
    expect(responses.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);

    const rows: { membership_id: string; seat_id: string; role: string; choice: string }[] = await t.db.query('SELECT membership_id, seat_id, role, choice FROM ballots WHERE round_id = $1', [round.id]);
    expect(rows).toHaveLength(40); // one row per (round, membership)
    for (const v of voters) {
      const row = rows.find((r) => r.membership_id === v.who.membershipId)!;
      expect(puts.filter((p) => p.v === v).map((p) => p.choice)).toContain(row.choice);
    }

    const participation = (await t.http().get(`${API}/voting-rounds/${round.id}`).set(fx.coordinator.auth)).body.participation;
    expect(participation).toMatchObject({ seats: 21, voted: 20 });
    await t.db.query(`UPDATE voting_rounds SET closes_at = now() WHERE id = $1`, [round.id]);
    expect(await voting.close(round.id, 'deadline')).toBe(true);
    const result = (await t.http().get(`${API}/voting-rounds/${round.id}/result`).set(fx.coordinator.auth)).body;
    expect(result.totals.voted).toBe(20);
    // The counted ballot of each seat is its titular's.
    for (const s of fx.seats.slice(0, 20)) {
      const titularRow = rows.find((r) => r.membership_id === s.titular.membershipId)!;
      expect(result.seats.find((x: { seatId: string }) => x.seatId === s.seatId)).toMatchObject({ choice: titularRow.choice, castBy: 'titular' });
    }

    // Sequential replay of the stored ballots (alternates first) in a fresh round.
    const replay = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Repetición' }), 201)).body;
    for (const role of ['alternate', 'titular']) {
      for (const v of voters.filter((x) => x.role === role)) {
        const row = rows.find((r) => r.membership_id === v.who.membershipId)!;
        await expectStatus(await vote(t, v.who, replay.id, row.choice), 200);
      }
    }
    await t.db.query(`UPDATE voting_rounds SET closes_at = now() WHERE id = $1`, [replay.id]);
    await voting.close(replay.id, 'deadline');
    const replayed = (await t.http().get(`${API}/voting-rounds/${replay.id}/result`).set(fx.coordinator.auth)).body;
    expect({ outcome: replayed.outcome, sectors: replayed.sectors, totals: replayed.totals, seats: replayed.seats }).toEqual({
      outcome: result.outcome, sectors: result.sectors, totals: result.totals, seats: result.seats,
    });
  });

  it('an alternate\'s ballot stops counting once the titular votes; a scheduled round refuses ballots until it opens', async () => {
    const fx = await setupSecretariat(t, { seats: { government: 2, civil_society: 2, guarantor: 1 }, alternates: true });
    const seat = fx.seats[0];
    const round = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Suplencia' }), 201)).body;
    expect((await expectStatus(await vote(t, seat.alternate!, round.id, 'reject'), 200)).body).toMatchObject({ role: 'alternate', counts: true });
    expect((await expectStatus(await vote(t, seat.titular, round.id, 'approve'), 200)).body).toMatchObject({ role: 'titular', counts: true });
    expect((await expectStatus(await vote(t, seat.alternate!, round.id, 'abstain'), 200)).body).toMatchObject({ role: 'alternate', choice: 'abstain', counts: false });

    const opensAt = new Date(Date.now() + 3600_000).toISOString();
    const later = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Programada', opensAt, closesAt: new Date(Date.now() + 3 * 3600_000).toISOString() }), 201)).body;
    const early = await vote(t, seat.titular, later.id, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('round_not_open');
    expect(await t.db.query('SELECT 1 FROM ballots WHERE round_id = $1', [later.id])).toHaveLength(0);
  });

  it('ballots racing the close are either counted before it or refused with 409, never half-counted', async () => {
    const fx = await setupSecretariat(t, { seats: { government: 4, civil_society: 4, guarantor: 3 }, rules: { minVotingHours: 0 } });
    const voters = fx.seats.slice(0, 10); // one guarantor seat never votes: no early close
    const closesAt = Date.now() + 2500;
    const round = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Carrera', closesAt: new Date(closesAt).toISOString() }), 201)).body;

    const log = new Map<string, { status: number; choice: string; code?: string }[]>();
    await Promise.all(
      voters.map(async (s, i) => {
        const mine: { status: number; choice: string; code?: string }[] = [];
        log.set(s.seatId, mine);
        for (let k = 0; Date.now() < closesAt + 1500; k++) {
          const choice = ['approve', 'reject', 'abstain'][(i + k) % 3];
          const res = await vote(t, s.titular, round.id, choice);
          mine.push({ status: res.status, choice, code: res.body.code });
          await sleep(20);
        }
      }),
    );
    const closed = await waitClosed(round.id, fx.coordinator);
    expect(closed.closeReason).toBe('deadline');

    const all = [...log.values()].flat();
    expect(new Set(all.map((r) => r.status))).toEqual(new Set([200, 409]));
    expect(all.filter((r) => r.status === 409).every((r) => r.code === 'round_closed')).toBe(true);
    const rows: { seat_id: string; choice: string; updated_at: Date }[] = await t.db.query('SELECT seat_id, choice, updated_at FROM ballots WHERE round_id = $1', [round.id]);
    const [{ closed_at }] = await t.db.query('SELECT closed_at FROM voting_rounds WHERE id = $1', [round.id]);
    const result = (await t.http().get(`${API}/voting-rounds/${round.id}/result`).set(fx.coordinator.auth)).body;
    for (const s of voters) {
      const mine = log.get(s.seatId)!;
      const firstRefused = mine.findIndex((r) => r.status === 409);
      // Once refused, always refused.
      expect(mine.slice(firstRefused).every((r) => r.status === 409)).toBe(true);
      const lastAccepted = mine.slice(0, firstRefused).pop()!;
      const row = rows.find((r) => r.seat_id === s.seatId)!;
      expect(row.choice).toBe(lastAccepted.choice);
      expect(row.updated_at.getTime()).toBeLessThanOrEqual(new Date(closed_at).getTime());
      expect(result.seats.find((x: { seatId: string }) => x.seatId === s.seatId).choice).toBe(lastAccepted.choice);
    }
    expect(result.totals.voted).toBe(10);
  });

  describe('authorization matrix', () => {
    let fx: SecretariatFixture;
    let people: Awaited<ReturnType<typeof matrixPeople>>;
    let openId: string;
    let closedId: string;
    let notReadyId: string;
    beforeAll(async () => {
      fx = await setupSecretariat(t, { alternates: true });
      const other = await setupSecretariat(t, { stateCode: '14', admin: fx.admin });
      people = await matrixPeople(t, fx, other);
      const plan = await createPlan(t, fx);
      await advancePlan(t, fx.coordinator, plan.id, 'consultation');
      const created = await expectStatus(await t.http().post(`${API}/plans/${plan.id}/proposals`).set(fx.seats[1].titular.auth).send(proposalBody(fx.seatsOf('government')[0].organization.id)), 201);
      await expectStatus(await t.http().post(`${API}/proposals/${created.body.id}/submit`).set(fx.seats[1].titular.auth), 200);
      notReadyId = created.body.id;
      openId = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Abierta' }), 201)).body.id;
      closedId = (await expectStatus(await openRound(t, fx.coordinator, { subjectType: 'motion', secretariatId: fx.secretariatId, title: 'Cerrada' }), 201)).body.id;
      await t.db.query(`UPDATE voting_rounds SET closes_at = now() WHERE id = $1`, [closedId]);
      await t.app.get(VotingService).close(closedId, 'deadline');
    });

    const expectMatrix = async (send: (role: Role) => Promise<{ status: number }>, expected: Record<Role, number>) => {
      const got: Record<string, number> = {};
      for (const role of ROLES) got[role] = (await send(role)).status;
      expect(got).toEqual(expected);
    };
    const readers = (ok: number) => ({ admin: ok, coordinator: ok, titular: ok, alternate: ok, observer: ok, facilitator: ok, otherSecretariat: 404, nonMember: 404, anonymous: 401 });

    it('GET round, result, list', async () => {
      await expectMatrix((r) => as(t, people, r, 'get', `${API}/voting-rounds/${openId}`), readers(200));
      await expectMatrix((r) => as(t, people, r, 'get', `${API}/voting-rounds/${closedId}/result`), readers(200));
      await expectMatrix((r) => as(t, people, r, 'get', `${API}/voting-rounds/${openId}/result`), readers(409));
      await expectMatrix((r) => as(t, people, r, 'get', `${API}/secretariats/${fx.secretariatId}/voting-rounds`), readers(200));
    });

    it('POST /voting-rounds (coordinators; a proposal not accepted for vote shows who got past authorization)', async () => {
      await expectMatrix((r) => as(t, people, r, 'post', `${API}/voting-rounds`, { subjectType: 'proposal', subjectId: notReadyId, closesAt: new Date(Date.now() + 7200_000).toISOString() }), {
        admin: 409, coordinator: 409, titular: 403, alternate: 403, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401,
      });
    });

    it('PUT /voting-rounds/:id/ballot (titular and alternate of a seat only)', async () => {
      await expectMatrix((r) => as(t, people, r, 'put', `${API}/voting-rounds/${openId}/ballot`, { choice: 'approve' }), {
        admin: 403, coordinator: 403, titular: 200, alternate: 200, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401,
      });
      await expectMatrix((r) => as(t, people, r, 'put', `${API}/voting-rounds/${closedId}/ballot`, { choice: 'approve' }), {
        admin: 403, coordinator: 403, titular: 409, alternate: 409, observer: 403, facilitator: 403, otherSecretariat: 404, nonMember: 404, anonymous: 401,
      });
    });

    it('PUT ballot reads the account in its access statement: a token of a removed account is a 401, a flag set after the token counts', async () => {
      const gone = await registerUser(t);
      await t.db.query('DELETE FROM refresh_tokens WHERE user_id = $1', [gone.id]);
      await t.db.query('DELETE FROM users WHERE id = $1', [gone.id]);
      const res = await t.http().put(`${API}/voting-rounds/${openId}/ballot`).set(gone.auth).send({ choice: 'approve' });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('invalid_token');
      // A signed token whose subject is not an account id at all: 401 too, never a 500 from the SQL.
      const odd = t.app.get(JwtService).sign({ sub: 'not-an-account' });
      const oddRes = await t.http().put(`${API}/voting-rounds/${openId}/ballot`).set('Authorization', `Bearer ${odd}`).send({ choice: 'approve' });
      expect([oddRes.status, oddRes.body.code]).toEqual([401, 'invalid_token']);
      // Made platform admin after the token was issued: sees the round (403, not 404) though holding no seat.
      const promoted = await registerUser(t);
      expect((await t.http().put(`${API}/voting-rounds/${openId}/ballot`).set(promoted.auth).send({ choice: 'approve' })).status).toBe(404);
      await t.db.query('UPDATE users SET is_platform_admin = true WHERE id = $1', [promoted.id]);
      const refused = await t.http().put(`${API}/voting-rounds/${openId}/ballot`).set(promoted.auth).send({ choice: 'approve' });
      expect(refused.status).toBe(403);
    });
  });
});
