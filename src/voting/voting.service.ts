import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { PreparedSql } from '../database/prepared-sql';
import { AuditService } from '../audit/audit.service';
import { SECTORS } from '../catalog/sector';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, unprocessable } from '../common/errors/domain-error';
import { Page, paginate } from '../common/pagination';
import { voteClosingReminders } from '../reminders/reminder-rules';
import { RELAY_HORIZON_MS, ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { AddOptions, JobData, Jobs } from '../queue/jobs';
import { QueueLink } from '../queue/queue-link';
import { NotificationsService } from '../reminders/notifications.service';
import { formatLocal } from '../reminders/time-zone';
import { webPaths } from '../common/web-paths';
import { ROUND_OPENED } from './voting-events';
import { Ballot } from './ballot.entity';
import { BallotDto, MyBallotDto, OpenRoundDto, ParticipationDto, ResultDto, RoundDetailDto, RoundDto, RoundListQuery, RoundState, RoundSummaryDto } from './dto/voting.dto';
import { RoundSubjects } from './round-subjects';
import { tally } from './tally';
import { CloseReason, RoundResult, RoundSeat, VotingRound } from './voting-round.entity';

export const closeJobId = (roundId: string) => `close-round-${roundId}`;
/** The delayed `close-round` job that closes a round at `closesAt`. */
const closeJob = (round: { id: string; closesAt: Date }): { data: JobData<'close-round'>; opts: AddOptions } => ({
  data: { roundId: round.id },
  opts: {
    jobId: closeJobId(round.id),
    delay: Math.max(0, round.closesAt.getTime() - Date.now()),
    attempts: 10,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: 1000,
    removeOnFail: 1000,
  },
});
/** Longest a round may stay open. */
const MAX_ROUND_DAYS = 90;
/** Tolerated clock skew for an `opensAt` sent as "now". */
const OPENS_AT_SKEW_MS = 60_000;

export function roundState(r: VotingRound, now = new Date()): RoundState {
  if (r.status === 'closed') return 'closed';
  return r.opensAt > now ? 'scheduled' : 'open';
}

function toSummary(r: VotingRound, myBallot: MyBallotDto | null = null): RoundSummaryDto {
  return {
    id: r.id,
    planId: r.planId,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    title: r.title,
    opensAt: r.opensAt,
    closesAt: r.closesAt,
    secrecy: r.secrecy,
    status: roundState(r),
    outcome: r.outcome,
    myBallot,
    createdAt: r.createdAt,
  };
}

@Injectable()
export class VotingService {
  private readonly logger = new Logger('VotingService');
  private readonly closeJobs: QueueLink;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: Jobs,
    private readonly access: AccessService,
    private readonly subjects: RoundSubjects,
    private readonly audit: AuditService,
    private readonly reminders: ReminderScheduler,
    private readonly notifications: NotificationsService,
    private readonly sql: PreparedSql,
  ) {
    this.closeJobs = jobs.link('voting');
  }

  /**
   * Opens a round on a proposal (plan in `voting`, proposal accepted for vote → `in_vote`),
   * on the plan's adoption (plan in `adoption`) or on a free motion. Rule and quorum are
   * snapshotted from the rules, and so are the seats that may vote.
   */
  async open(user: AuthUser, dto: OpenRoundDto): Promise<RoundDto> {
    const target = await this.resolveSubject(user, dto);
    const secretariatId = target.secretariatId;
    const { ctx: facts } = await this.access.require(user, 'round.open', secretariatId);

    const now = Date.now();
    const opensAt = dto.opensAt ? new Date(dto.opensAt) : new Date(now);
    const closesAt = new Date(dto.closesAt);
    if (opensAt.getTime() < now - OPENS_AT_SKEW_MS) throw fieldError('opensAt', 'futureDate', 'La apertura no puede estar en el pasado.');
    const minMs = facts.rules.minVotingHours * 3600_000;
    if (closesAt.getTime() - Math.max(opensAt.getTime(), now) < minMs || closesAt <= opensAt) {
      throw unprocessable('voting_window_too_short', `La votación debe durar al menos ${facts.rules.minVotingHours} hora(s) según los lineamientos.`);
    }
    if (closesAt.getTime() - opensAt.getTime() > MAX_ROUND_DAYS * 86_400_000) {
      throw unprocessable('voting_window_too_long', `Una votación no puede durar más de ${MAX_ROUND_DAYS} días.`);
    }

    const round = await this.db.transaction(async (tx) => {
      const seats = await this.votingSeats(tx, secretariatId);
      const missing = SECTORS.filter((s) => !seats.some((seat) => seat.sector === s));
      if (missing.length) {
        throw unprocessable('sector_without_seats', 'Cada sector necesita al menos un asiento con titular o suplente para votar.');
      }
      // The subject's capability locks, checks and moves it (409 when it cannot be voted now).
      const opened = dto.subjectType === 'motion' ? {} : await this.subjects.opening(tx, dto.subjectType, { subjectId: dto.subjectId!, planId: target.planId });
      const title = dto.title ?? opened.title;
      const saved = await tx.getRepository(VotingRound).save(
        tx.getRepository(VotingRound).create({
          secretariatId,
          planId: target.planId,
          subjectType: dto.subjectType,
          subjectId: dto.subjectType === 'motion' ? null : dto.subjectId!,
          title: title!,
          description: dto.description ?? null,
          opensAt,
          closesAt,
          secrecy: dto.secrecy ?? 'public',
          // Adoption is each sector's endorsement (DESIGN §3): always tripartite consensus.
          decisionRule: dto.subjectType === 'plan_adoption' ? 'tripartite_consensus' : facts.rules.decisionRule,
          quorumPerSector: facts.rules.quorumPerSector,
          seats,
          status: 'open',
          createdById: user.id,
        }),
      );
      await this.audit.record(tx, {
        secretariatId,
        actorId: user.id,
        subjectType: 'voting_round',
        subjectId: saved.id,
        action: 'voting_round.opened',
        data: {
          subjectType: saved.subjectType,
          subjectId: saved.subjectId,
          opensAt: saved.opensAt.toISOString(),
          closesAt: saved.closesAt.toISOString(),
          secrecy: saved.secrecy,
          decisionRule: saved.decisionRule,
          quorumPerSector: saved.quorumPerSector,
          seats: seats.length,
        },
      });
      await this.reminders.schedule(tx, voteClosingReminders(saved, facts.rules.reminders));
      await this.notifyOpened(tx, saved, facts.timeZone, user.id);
      return saved;
    });
    await this.scheduleClose(round);
    return this.toDto(round, user.id);
  }

  /** Every titular and alternate of the round's seats learns it opened (not the coordinator who opened it). */
  private async notifyOpened(tx: EntityManager, round: VotingRound, timeZone: string, actorId: string) {
    const holders: { user_id: string }[] = await tx.query(
      `SELECT DISTINCT user_id FROM memberships
        WHERE secretariat_id = $1 AND seat_id = ANY($2::uuid[]) AND role IN ('titular', 'alternate') AND ended_at IS NULL`,
      [round.secretariatId, round.seats.map((s) => s.seatId)],
    );
    const closes = formatLocal(round.closesAt, timeZone);
    const text = round.opensAt.getTime() > Date.now()
      ? `La votación «${round.title}» abre el ${formatLocal(round.opensAt, timeZone)} y cierra el ${closes}. Tu asiento puede votar en ese periodo (un voto por asiento; si votan titular y suplente, cuenta el de la persona titular).`
      : `Se abrió la votación «${round.title}». Tu asiento puede votar hasta el ${closes} (un voto por asiento; si votan titular y suplente, cuenta el de la persona titular).`;
    await this.notifications.notifyEvent(tx, {
      kind: ROUND_OPENED.kind, key: round.id, actorId, recipients: holders.map((h) => h.user_id),
      secretariatId: round.secretariatId, subjectType: 'voting_round', subjectId: round.id,
      subject: `Nueva votación: «${round.title}»`, text, link: webPaths.votingRound(round.id), dueAt: round.closesAt,
    });
  }

  /**
   * Adds the close job without ever holding the request on Redis (bounded; the round row is
   * the promise): if it is skipped, the reconciler's `ensureCloseJobs` adds it once the round
   * closes within the relay horizon, and `closeOverdue` closes the round past `closesAt`.
   */
  async scheduleClose(round: VotingRound) {
    const job = closeJob(round);
    await this.closeJobs.bounded(`Close job of round ${round.id}`, () => this.jobs.add('close-round', job.data, job.opts));
  }

  /**
   * Re-adds the close jobs of open rounds closing within the relay horizon (lost with Redis,
   * or skipped while it was away); BullMQ keeps a job id it already has. Returns how many.
   */
  async ensureCloseJobs(limit = 1000): Promise<number> {
    const rows: { id: string; closes_at: Date }[] = await this.db.query(
      `SELECT id, closes_at FROM voting_rounds
        WHERE status = 'open' AND closes_at > now() AND closes_at <= now() + make_interval(secs => $1)
        ORDER BY closes_at LIMIT $2`,
      [RELAY_HORIZON_MS / 1000, limit],
    );
    await this.jobs.addBulk('close-round', rows.map((r) => closeJob({ id: r.id, closesAt: new Date(r.closes_at) })));
    return rows.length;
  }

  async get(user: AuthUser, roundId: string): Promise<RoundDetailDto> {
    const granted = await this.access.require(user, 'round.read', roundId);
    const round = await this.db.getRepository(VotingRound).findOneByOrFail({ id: roundId });
    return { ...(await this.toDto(round, user.id)), actions: this.access.actions('voting_round', granted) };
  }

  async list(user: AuthUser, secretariatId: string, query: RoundListQuery): Promise<Page<RoundSummaryDto>> {
    await this.access.require(user, 'secretariat.read', secretariatId);
    const qb = this.db.getRepository(VotingRound).createQueryBuilder('r').where('r.secretariatId = :secretariatId', { secretariatId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    if (query.planId) qb.andWhere('r.planId = :planId', { planId: query.planId });
    const page = await paginate(qb, query);
    const mine = await this.myBallots(user.id, page.items.map((r) => r.id));
    return { items: page.items.map((r) => toSummary(r, mine.get(r.id) ?? null)), nextCursor: page.nextCursor };
  }

  /** The caller's ballot in each of these rounds, in one statement (a list never costs a query per round). */
  private async myBallots(userId: string, roundIds: string[]): Promise<Map<string, MyBallotDto>> {
    if (roundIds.length === 0) return new Map();
    const rows: { round_id: string; choice: Ballot['choice']; reason: string | null; role: string; updated_at: Date; titular_voted: boolean }[] = await this.db.query(
      `SELECT DISTINCT ON (b.round_id) b.round_id, b.choice, b.reason, b.role, b.updated_at,
              (b.role = 'alternate' AND EXISTS (SELECT 1 FROM ballots t WHERE t.round_id = b.round_id AND t.seat_id = b.seat_id AND t.role = 'titular')) AS titular_voted
         FROM ballots b WHERE b.user_id = $1 AND b.round_id = ANY($2::uuid[])
        ORDER BY b.round_id, b.updated_at DESC`,
      [userId, roundIds],
    );
    return new Map(rows.map((b) => [b.round_id, { choice: b.choice, reason: b.reason, role: b.role, counts: !b.titular_voted, updatedAt: b.updated_at }]));
  }

  /**
   * Casts or changes the caller's ballot in one autocommitted statement: it reads the round
   * FOR SHARE, writes the ballot and appends the audit event. A close (which updates the
   * round row) waits for ballots in flight and ballots wait for a close in flight, so each
   * ballot is either committed before the close and counted, or refused with 409. One
   * statement because the audit chain's lock is held until commit, and at a deadline every
   * seat of a secretariat votes at once: no round trip happens while it is held.
   */
  async castBallot(user: AuthUser, roundId: string, dto: BallotDto): Promise<MyBallotDto> {
    const { subject: round, ctx } = await this.access.require(user, 'ballot.cast', roundId);
    // The table let through only the holder of a seat of this round: its sector is the member's.
    const member = ctx.viewer.member!;
    const seat = { seatId: member.seatId!, sector: member.sector };
    const params: unknown[] = [roundId, member.membershipId, seat.seatId, user.id, member.role, dto.choice, dto.reason ?? null];
    const audit = this.audit.appendCall({
      secretariatId: round.secretariatId,
      actorId: user.id,
      subjectType: 'voting_round',
      subjectId: roundId,
      action: 'ballot.cast',
      // That the seat voted, never how: members read the trail while the round is open. A
      // public round's choices enter the trail with its close.
      data: { seatId: seat.seatId, sector: seat.sector, role: member.role },
    }, params.length + 1);
    const [ballot] = await this.sql.query(
      `WITH open_round AS (
         SELECT id FROM voting_rounds WHERE id = $1 AND status = 'open' AND opens_at <= now() AND closes_at > now() FOR SHARE),
       ballot AS (
         INSERT INTO ballots (round_id, membership_id, seat_id, user_id, role, choice, reason)
         SELECT id, $2, $3, $4, $5, $6, $7 FROM open_round
         ON CONFLICT (round_id, membership_id)
         DO UPDATE SET choice = EXCLUDED.choice, reason = EXCLUDED.reason, seat_id = EXCLUDED.seat_id, role = EXCLUDED.role, updated_at = now()
         RETURNING role, choice, reason, updated_at, (xmax = 0) AS inserted,
                   EXISTS (SELECT 1 FROM ballots t WHERE t.round_id = $1 AND t.seat_id = $3 AND t.role = 'titular') AS titular_voted)
       SELECT ballot.*, ${audit.sql} IS NULL AS audited FROM ballot`,
      [...params, ...audit.params],
    ) as { role: 'titular' | 'alternate'; choice: Ballot['choice']; reason: string | null; updated_at: Date; inserted: boolean; titular_voted: boolean }[];
    if (!ballot) throw await this.whyClosedToBallots(roundId);
    // Only a membership's first ballot can complete the set of seats that voted.
    if (ballot.inserted) await this.closeIfEveryoneVoted(round);
    const counts = ballot.role === 'titular' || !ballot.titular_voted;
    return { choice: ballot.choice, reason: ballot.reason, role: ballot.role, counts, updatedAt: ballot.updated_at };
  }

  /** The 409 for a ballot the round no longer (or not yet) accepts. */
  private async whyClosedToBallots(roundId: string) {
    const [round] = await this.db.query(`SELECT status = 'open' AND opens_at > now() AS not_yet FROM voting_rounds WHERE id = $1`, [roundId]);
    return round?.not_yet
      ? conflict('round_not_open', 'La votación aún no abre.')
      : conflict('round_closed', 'La votación ya cerró; no se reciben más votos.');
  }

  async result(user: AuthUser, roundId: string): Promise<ResultDto> {
    await this.access.require(user, 'round.result', roundId);
    const round = await this.db.getRepository(VotingRound).findOneByOrFail({ id: roundId });
    if (!round.result) throw conflict('round_open', 'Los resultados se publican cuando la votación cierra.');
    return { roundId: round.id, ...round.result, closedAt: round.closedAt!, closeReason: round.closeReason! };
  }

  private async closeIfEveryoneVoted(round: { id: string; seatIds: string[] }) {
    const [{ n }] = await this.db.query(`SELECT count(DISTINCT seat_id)::int AS n FROM ballots WHERE round_id = $1`, [round.id]);
    if (n < round.seatIds.length) return;
    try {
      await this.close(round.id, 'all_voted');
      // Best effort and not awaited: the delayed job would find the round closed anyway.
      void this.closeJobs.bounded(`Removing the close job of round ${round.id}`, () => this.jobs.queue('voting').remove(closeJobId(round.id)));
    } catch (error) {
      // The ballot is committed; the job at closesAt (or the reconciler) closes the round instead.
      this.logger.error(`Early close of round ${round.id} failed: ${(error as Error).message}`);
    }
  }

  /**
   * Closes a round exactly once: the conditional UPDATE (open → closed) lets one caller win
   * (job, reconciler, early close); the others get false. Tallies the ballots and applies
   * the outcome in the same transaction. `deadline` closes only once `closesAt` has passed.
   */
  async close(roundId: string, reason: CloseReason): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const qb = tx
        .createQueryBuilder()
        .update(VotingRound)
        .set({ status: 'closed', closedAt: () => 'now()', closeReason: reason })
        .where(`id = :roundId AND status = 'open'`, { roundId });
      if (reason === 'deadline') qb.andWhere('closes_at <= now()');
      const { affected } = await qb.execute();
      if (!affected) return false;
      const round = await tx.getRepository(VotingRound).findOneByOrFail({ id: roundId });
      const ballots = await tx.getRepository(Ballot).findBy({ roundId });
      const t = tally(
        round.decisionRule,
        round.quorumPerSector,
        round.seats,
        ballots.map((b) => ({ seatId: b.seatId, role: b.role, choice: b.choice, at: b.updatedAt })),
      );
      const result: RoundResult = { outcome: t.outcome, rule: t.rule, quorumPerSector: t.quorumPerSector, sectors: t.sectors, totals: t.totals };
      if (round.secrecy === 'public') {
        const counted = new Map(t.counted.map((c) => [c.seatId, c]));
        result.seats = round.seats.map((s) => ({
          seatId: s.seatId,
          sector: s.sector,
          organizationId: s.organizationId,
          choice: counted.get(s.seatId)?.choice ?? null,
          castBy: counted.get(s.seatId)?.castBy ?? null,
        }));
      }
      await tx.getRepository(VotingRound).update({ id: roundId }, { outcome: t.outcome, result });
      await this.subjects.closed(tx, { round, outcome: t.outcome });
      await this.reminders.cancelForSubject(tx, 'voting_round', round.id, undefined, 'round_closed');
      await this.audit.record(tx, {
        secretariatId: round.secretariatId,
        actorId: null,
        subjectType: 'voting_round',
        subjectId: round.id,
        action: 'voting_round.closed',
        data: {
          reason,
          outcome: t.outcome,
          positions: Object.fromEntries(SECTORS.map((s) => [s, t.sectors[s].position])),
          voted: t.totals.voted,
          seats: t.totals.seats,
          ...(result.seats ? { choicesBySeat: Object.fromEntries(result.seats.map((s) => [s.seatId, s.choice])) } : {}),
        },
      });
      return true;
    });
  }

  async isOpen(roundId: string): Promise<boolean> {
    return this.db.getRepository(VotingRound).existsBy({ id: roundId, status: 'open' });
  }

  /** The `close-round` job at `closesAt` (idempotent: a closed round stays closed). */
  async closeAtDeadline(roundId: string): Promise<{ closed: boolean }> {
    const closed = await this.close(roundId, 'deadline');
    if (!closed && (await this.isOpen(roundId))) {
      // Fired early (clock skew between hosts): fail so BullMQ retries with backoff.
      throw new Error(`Round ${roundId} is not due yet`);
    }
    return { closed };
  }

  /** Closes open rounds whose `closesAt` passed (the reconciler's backstop for lost jobs). */
  async closeOverdue(limit = 100): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM voting_rounds WHERE status = 'open' AND closes_at <= now() ORDER BY closes_at LIMIT $1`,
      [limit],
    );
    let closed = 0;
    for (const { id } of rows) if (await this.close(id, 'deadline')) closed++;
    return closed;
  }

  /** Where the round's subject lives (secretariat and plan), from the request. */
  private async resolveSubject(user: AuthUser, dto: OpenRoundDto): Promise<{ secretariatId: string; planId: string | null }> {
    if (dto.subjectType === 'proposal') {
      const { subject: proposal } = await this.access.require(user, 'proposal.read', dto.subjectId!);
      return { secretariatId: proposal.secretariatId, planId: proposal.planId };
    }
    const planId = dto.subjectType === 'plan_adoption' ? dto.subjectId! : dto.planId;
    if (planId) {
      const { subject: plan } = await this.access.require(user, 'plan.read', planId);
      return { secretariatId: plan.secretariatId, planId: plan.id };
    }
    if (!dto.secretariatId) throw fieldError('secretariatId', 'isDefined', 'Una moción sin plan necesita el campo "secretariatId".');
    return { secretariatId: dto.secretariatId, planId: null };
  }

  /** Active seats that have someone who can vote (titular or alternate), as of now. */
  private async votingSeats(tx: EntityManager, secretariatId: string): Promise<RoundSeat[]> {
    const rows: { id: string; sector: RoundSeat['sector']; organization_id: string }[] = await tx.query(
      `SELECT s.id, s.sector, s.organization_id
         FROM seats s
        WHERE s.secretariat_id = $1 AND s.active
          AND EXISTS (SELECT 1 FROM memberships m WHERE m.seat_id = s.id AND m.role IN ('titular', 'alternate') AND m.ended_at IS NULL)
        ORDER BY s.sector, s.created_at, s.id`,
      [secretariatId],
    );
    return rows.map((r) => ({ seatId: r.id, sector: r.sector, organizationId: r.organization_id }));
  }

  private async toDto(round: VotingRound, userId: string): Promise<RoundDto> {
    const voted: { seat_id: string }[] = await this.db.query('SELECT DISTINCT seat_id FROM ballots WHERE round_id = $1', [round.id]);
    const votedSeats = new Set(voted.map((v) => v.seat_id));
    const bySector = Object.fromEntries(
      SECTORS.map((s) => {
        const seats = round.seats.filter((x) => x.sector === s);
        return [s, { seats: seats.length, voted: seats.filter((x) => votedSeats.has(x.seatId)).length }];
      }),
    );
    const participation: ParticipationDto = {
      seats: round.seats.length,
      voted: round.seats.filter((s) => votedSeats.has(s.seatId)).length,
      bySector,
      bySeat: round.seats.map((s) => ({ seatId: s.seatId, sector: s.sector, organizationId: s.organizationId, voted: votedSeats.has(s.seatId) })),
    };
    const mine = await this.db.getRepository(Ballot).findOneBy({ roundId: round.id, userId });
    let myBallot: MyBallotDto | null = null;
    if (mine) {
      const titularVoted = mine.role === 'alternate' && (await this.db.getRepository(Ballot).existsBy({ roundId: round.id, seatId: mine.seatId, role: 'titular' }));
      myBallot = { choice: mine.choice, reason: mine.reason, role: mine.role, counts: !titularVoted, updatedAt: mine.updatedAt };
    }
    return {
      id: round.id,
      secretariatId: round.secretariatId,
      planId: round.planId,
      subjectType: round.subjectType,
      subjectId: round.subjectId,
      title: round.title,
      description: round.description,
      opensAt: round.opensAt,
      closesAt: round.closesAt,
      secrecy: round.secrecy,
      decisionRule: round.decisionRule,
      quorumPerSector: round.quorumPerSector,
      status: roundState(round),
      closedAt: round.closedAt,
      closeReason: round.closeReason,
      outcome: round.status === 'closed' ? round.outcome : null,
      participation,
      myBallot,
      createdAt: round.createdAt,
    };
  }
}

function fieldError(field: string, code: string, message: string) {
  return badRequest('validation_failed', 'La solicitud contiene datos inválidos.', [{ field, code, message }]);
}
