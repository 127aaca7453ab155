import autocannon from 'autocannon';
import { createRedisBackend, Queue } from 'bullmq';
import Redis from 'ioredis';
import { CHOICES, Choice, tally, TallyBallot } from '../../../src/voting/tally';
import { JOB_TYPES } from '../../../src/queue/jobs';
import { closeJobId } from '../../../src/voting/voting.service';
import { RoundResult, RoundSeat } from '../../../src/voting/voting-round.entity';
import { AppProcess, BENCH_REDIS_URL, cpuDelta, cpuSample, query, QUEUE_PREFIX, round1, sleep, tokenFor, warmUntilSteady } from '../lib';

interface Voter {
  userId: string;
  membershipId: string;
  seatId: string;
  role: 'titular' | 'alternate';
  secretariatId: string;
  roundId: string;
  token: string;
  /** Last choice the server acknowledged (200), and when. */
  acked: Choice | null;
  ackedAt: number;
  /** A request after the last ack had no answer (timeout/reset): its effect is unknown. */
  uncertain: boolean;
  issued: number;
  answered: number;
  /** The choice of the request on the wire; after the run, of one left unanswered (it may land or not). */
  inFlight: Choice | null;
  refused: number;
}

export interface BallotsResult {
  /** API processes serving the ballots (API_PROCESSES). */
  processes: number;
  /** Ballots answered in each second of the warm-up before the measured run. */
  warmUp: { curve: number[]; steady: boolean };
  clients: number;
  rounds: number;
  durationS: number;
  ballots: number;
  ballotsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU ms per acknowledged ballot during the measured run: where the machine's two cores go. */
  cpuMsPerBallot: { api: number; postgres: number; loadGenerator: number };
  refused: Record<string, number>;
  check: {
    rowsPerMembership: 'one' | string;
    storedChoiceMismatches: number;
    countedBallotMismatches: number;
    roundsChecked: number;
    /** Rounds the close job had not closed 60 s after their deadline. */
    roundsNotClosed: number;
    uncertainVoters: number;
    auditChainsValid: number;
    ok: boolean;
  };
}

/**
 * §2: `clients` members (each with a first ballot already cast) change ballots concurrently (PUT /voting-rounds/:id/ballot,
 * a random choice each time) in open motion rounds of different secretariats; one seat of
 * each round stays silent so the round does not close early. The same load first warms the
 * API until steady (its ballots are checked too), then one run is measured. Then the rounds are closed by
 * the real close job and every stored and counted ballot is compared with what the server
 * acknowledged last to each client.
 */
export async function ballots(databaseUrl: string, api: AppProcess, opts: { clients: number; duration: number; warmSeconds: number; processes: number }): Promise<BallotsResult> {
  // Voters: titular and alternate of every seat but one civil-society seat, secretariat by secretariat.
  const members = await query<{ secretariat_id: string; user_id: string; membership_id: string; seat_id: string; role: 'titular' | 'alternate'; coordinator_id: string }>(
    databaseUrl,
    `WITH silent AS (
       SELECT DISTINCT ON (secretariat_id) secretariat_id, id FROM seats WHERE sector = 'civil_society' ORDER BY secretariat_id, created_at DESC, id DESC)
     SELECT m.secretariat_id, m.user_id, m.id AS membership_id, m.seat_id, m.role,
            (SELECT c.user_id FROM memberships c WHERE c.secretariat_id = m.secretariat_id AND c.is_coordinator LIMIT 1) AS coordinator_id
       FROM memberships m JOIN secretariats s ON s.id = m.secretariat_id
      WHERE m.role IN ('titular', 'alternate') AND m.ended_at IS NULL
        AND m.seat_id NOT IN (SELECT id FROM silent)
      ORDER BY s.state_code, s.id, m.seat_id, m.role DESC`,
  );
  const chosen = members.slice(0, opts.clients);
  if (chosen.length < opts.clients) throw new Error(`only ${chosen.length} voters in the dataset`);

  // One open motion round per secretariat, opened through the API by its coordinator.
  const roundOf = new Map<string, string>();
  for (const m of chosen) {
    if (roundOf.has(m.secretariat_id)) continue;
    const res = await fetch(`${api.baseUrl}/api/v1/voting-rounds`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenFor(m.coordinator_id)}` },
      body: JSON.stringify({
        subjectType: 'motion',
        secretariatId: m.secretariat_id,
        title: 'Moción de prueba de carga: sesión extraordinaria',
        closesAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        secrecy: 'public',
      }),
    });
    if (res.status !== 201) throw new Error(`opening a round: ${res.status} ${await res.text()}`);
    roundOf.set(m.secretariat_id, ((await res.json()) as { id: string }).id);
  }

  const voters: Voter[] = chosen.map((m) => ({
    userId: m.user_id,
    membershipId: m.membership_id,
    seatId: m.seat_id,
    role: m.role,
    secretariatId: m.secretariat_id,
    roundId: roundOf.get(m.secretariat_id)!,
    token: tokenFor(m.user_id),
    acked: null,
    ackedAt: 0,
    uncertain: false,
    issued: 0,
    answered: 0,
    inFlight: null,
    refused: 0,
  }));

  // Every voter casts a first ballot before the clock starts (connections, JIT, caches).
  for (let i = 0; i < voters.length; i += 20) {
    await Promise.all(
      voters.slice(i, i + 20).map(async (v) => {
        const res = await fetch(`${api.baseUrl}/api/v1/voting-rounds/${v.roundId}/ballot`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
          body: JSON.stringify({ choice: 'abstain' }),
        });
        if (res.status !== 200) throw new Error(`first ballot: ${res.status} ${await res.text()}`);
        v.acked = 'abstain';
        v.ackedAt = Date.now();
      }),
    );
  }

  let refused: Record<string, number> = {};
  let next = 0;
  // Each connection is one voter, changing their ballot again as soon as the last is answered.
  const setupClient = (client: autocannon.Client) => {
    const v = voters[next++ % voters.length];
    const send = () => {
      v.inFlight = CHOICES[Math.floor(Math.random() * CHOICES.length)];
      client.setRequests([
        {
          method: 'PUT',
          path: `/api/v1/voting-rounds/${v.roundId}/ballot`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
          body: JSON.stringify({ choice: v.inFlight }),
        },
      ]);
    };
    send();
    client.on('request', () => v.issued++);
    client.on('response', (status) => {
      v.answered++;
      if (status === 200) {
        v.acked = v.inFlight;
        v.ackedAt = Date.now();
        v.uncertain = false;
      } else {
        v.refused++;
        refused[status] = (refused[status] ?? 0) + 1;
      }
      send();
    });
    // No answer: the ballot may or may not have been written.
    client.on('timeout', () => (v.uncertain = true));
    client.on('reset', () => (v.uncertain = true));
  };

  // The same load until the API is steady (JIT, pools): its ballots are checked too, not counted.
  const warmUp = await warmUntilSteady({ url: api.baseUrl, connections: voters.length, setupClient, maxSeconds: opts.warmSeconds });
  for (const v of voters) if (v.issued === v.answered) v.inFlight = null;
  refused = {};
  next = 0;
  const database = new URL(databaseUrl).pathname.slice(1);
  const cpuBefore = cpuSample(api.pid, database);
  const run = await autocannon({ url: api.baseUrl, connections: voters.length, duration: opts.duration, timeout: 30, setupClient });
  const cpu = cpuDelta(cpuBefore, cpuSample(api.pid, database));
  const perBallot = (k: keyof typeof cpu) => Math.round((cpu[k] * 1000 * 100) / Math.max(1, run['2xx'])) / 100;

  // A request cut off by the end of the run may still be written: either outcome is correct.
  for (const v of voters) if (v.issued === v.answered) v.inFlight = null;
  const roundIds = [...new Set(voters.map((v) => v.roundId))];
  const check = await verify(databaseUrl, api, voters, roundIds);
  return {
    processes: opts.processes,
    warmUp,
    clients: voters.length,
    rounds: roundIds.length,
    durationS: opts.duration,
    ballots: run['2xx'],
    ballotsPerSecond: round1(run['2xx'] / (run.duration || opts.duration)),
    p50: run.latency.p50,
    p99: run.latency.p99,
    cpuMsPerBallot: { api: perBallot('server'), postgres: perBallot('postgres'), loadGenerator: perBallot('loadGenerator') },
    refused,
    check,
  };
}

async function verify(databaseUrl: string, api: AppProcess, voters: Voter[], roundIds: string[]): Promise<BallotsResult['check']> {
  // Let requests still running in the API finish: wait until the ballots stop changing.
  let last = '';
  for (const until = Date.now() + 30_000; Date.now() < until; ) {
    const [now] = await query<{ n: number; at: Date | null }>(databaseUrl, 'SELECT count(*)::int AS n, max(updated_at) AS at FROM ballots WHERE round_id = ANY($1)', [roundIds]);
    const key = `${now.n}|${now.at?.toISOString()}`;
    if (key === last) break;
    last = key;
    await sleep(1500);
  }

  // 1. Exactly one stored ballot per membership, holding the last acknowledged choice (or
  //    the choice of a request the run cut off unanswered).
  const stored = await query<{ membership_id: string; n: number; choice: Choice }>(
    databaseUrl,
    'SELECT membership_id, count(*)::int AS n, max(choice) AS choice FROM ballots WHERE round_id = ANY($1) GROUP BY membership_id',
    [roundIds],
  );
  const byMembership = new Map(stored.map((s) => [s.membership_id, s]));
  const doubled = stored.filter((s) => s.n !== 1).length;
  let storedChoiceMismatches = 0;
  const effective = new Map<Voter, Choice | null>();
  for (const v of voters) {
    const choice = byMembership.get(v.membershipId)?.choice ?? null;
    if (v.uncertain || choice === v.acked || (v.inFlight !== null && choice === v.inFlight)) effective.set(v, choice);
    else {
      storedChoiceMismatches++;
      effective.set(v, v.acked);
    }
  }

  // 2. Close the rounds as the deadline would: closesAt reached, the delayed close job promoted.
  await query(databaseUrl, `UPDATE voting_rounds SET closes_at = now() WHERE id = ANY($1)`, [roundIds]);
  const connection = new Redis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue(JOB_TYPES['close-round'].queue, { connection, prefix: QUEUE_PREFIX }, createRedisBackend);
  try {
    for (const id of roundIds) await (await queue.getJob(closeJobId(id)))?.promote().catch(() => undefined);
  } finally {
    await queue.close();
    connection.disconnect();
  }
  const deadline = Date.now() + 60_000;
  let rounds: { id: string; status: string; seats: RoundSeat[]; result: RoundResult | null; decision_rule: string; quorum_per_sector: number }[] = [];
  for (;;) {
    rounds = await query(databaseUrl, 'SELECT id, status, seats, result, decision_rule, quorum_per_sector FROM voting_rounds WHERE id = ANY($1)', [roundIds]);
    if (rounds.every((r) => r.status === 'closed') || Date.now() > deadline) break;
    await sleep(250);
  }

  // 3. The tally counts, per seat, the titular's last acknowledged ballot (else the alternate's).
  let countedBallotMismatches = 0;
  let roundsChecked = 0;
  let roundsNotClosed = 0;
  for (const r of rounds) {
    if (r.status !== 'closed' || !r.result?.seats) {
      roundsNotClosed++;
      continue;
    }
    const mine = voters.filter((v) => v.roundId === r.id);
    if (mine.some((v) => v.uncertain)) continue;
    roundsChecked++;
    const expected = tally(
      r.result.rule,
      r.quorum_per_sector,
      r.seats,
      mine.filter((v) => effective.get(v)).map((v): TallyBallot => ({ seatId: v.seatId, role: v.role, choice: effective.get(v)!, at: v.ackedAt })),
    );
    const counted = new Map(expected.counted.map((c) => [c.seatId, c]));
    for (const seat of r.result.seats) {
      const want = counted.get(seat.seatId);
      if ((want?.choice ?? null) !== seat.choice || (want?.castBy ?? null) !== seat.castBy) countedBallotMismatches++;
    }
    if (r.result.totals.voted !== expected.totals.voted || r.result.outcome !== expected.outcome) countedBallotMismatches++;
  }

  // 4. Every ballot was audited in a chain that still verifies.
  const secretariats = [...new Set(voters.map((v) => v.secretariatId))];
  const [adminRow] = await query<{ id: string }>(databaseUrl, 'SELECT id FROM users WHERE is_platform_admin LIMIT 1');
  let auditChainsValid = 0;
  for (const id of secretariats) {
    const res = await fetch(`${api.baseUrl}/api/v1/secretariats/${id}/audit/verify`, { headers: { authorization: `Bearer ${tokenFor(adminRow.id)}` } });
    if (res.ok && ((await res.json()) as { valid: boolean }).valid) auditChainsValid++;
  }
  const uncertainVoters = voters.filter((v) => v.uncertain).length;
  return {
    rowsPerMembership: doubled === 0 ? 'one' : `${doubled} memberships with more than one row`,
    storedChoiceMismatches,
    countedBallotMismatches,
    roundsChecked,
    roundsNotClosed,
    uncertainVoters,
    auditChainsValid,
    ok: doubled === 0 && storedChoiceMismatches === 0 && countedBallotMismatches === 0 && roundsNotClosed === 0 && auditChainsValid === secretariats.length,
  };
}
