import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { requireOrganizationsInState } from '../catalog/organization-state';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { Page, PageQuery, paginate } from '../common/pagination';
import { PlanStage } from '../plans/plan-stages';
import { effectiveRules, SecretariatRules } from '../secretariats/rules';
import { Commitment, CommitmentStatus } from './commitment.entity';
import { CommitmentDetailDto, CommitmentDto, UpdateCommitmentDto } from './dto/commitment.dto';
import { isOverdue } from './milestone-states';
import { Milestone } from './milestone.entity';
import { CommitmentProgress, computeProgress } from './progress';

/**
 * What a commitment needs from an accepted proposal (its OGP template fields). The voting
 * close passes the Proposal entity itself.
 */
export interface ProposalLike {
  id: string;
  planId: string;
  title: string;
  publicProblem?: string | null;
  statusQuo?: string | null;
  description?: string | null;
  howItSolves?: string | null;
  ogpValues?: string[] | null;
  sdgs?: number[] | null;
  inequalityFocus?: string[] | null;
  leadAgencyId?: string | null;
  coResponsibleOrganizationIds?: string[] | null;
}

/** The plan and secretariat facts implementation rules depend on. */
export interface PlanFacts {
  planId: string;
  stage: PlanStage;
  periodStart: number;
  periodEnd: number;
  secretariatId: string;
  stateAbbreviation: string;
  timeZone: string;
  rules: SecretariatRules;
}

/** The commitment fields a coordinator (or an approved modification request) may change. */
export type CommitmentChanges = Omit<UpdateCommitmentDto, 'version'>;

export function toCommitmentDto(c: Commitment, progress: CommitmentProgress): CommitmentDto {
  return {
    id: c.id,
    planId: c.planId,
    secretariatId: c.secretariatId,
    proposalId: c.proposalId,
    code: c.code,
    title: c.title,
    publicProblem: c.publicProblem,
    statusQuo: c.statusQuo,
    description: c.description,
    howItSolves: c.howItSolves,
    ogpValues: c.ogpValues,
    sdgs: c.sdgs,
    inequalityFocus: c.inequalityFocus,
    leadAgencyId: c.leadAgencyId,
    coResponsibleOrganizationIds: c.coResponsibleOrganizationIds,
    startDate: c.startDate,
    endDate: c.endDate,
    status: c.status,
    version: c.version,
    progress,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

@Injectable()
export class CommitmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates the commitment of an accepted proposal inside the caller's transaction (the
   * voting round close), so the commitment exists if and only if the close commits.
   * Idempotent per proposal (a repeated close returns the existing commitment). Codes are
   * numbered under a per-plan advisory lock, so two closes never take the same number; the
   * unique (plan, code) index backs that up. Dates default to the plan's whole period.
   */
  async createFromProposal(tx: EntityManager, proposal: ProposalLike, actorId: string | null = null): Promise<Commitment> {
    const repo = tx.getRepository(Commitment);
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`commitment-code:${proposal.planId}`]);
    const existing = await repo.findOneBy({ proposalId: proposal.id });
    if (existing) return existing;

    const plan = await this.planFacts(proposal.planId, tx);
    const [{ next }] = await tx.query('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM commitments WHERE plan_id = $1', [proposal.planId]);
    const seq = Number(next);

    const commitment = await repo.save(
      repo.create({
        planId: proposal.planId,
        secretariatId: plan.secretariatId,
        proposalId: proposal.id,
        seq,
        code: commitmentCode(plan.stateAbbreviation, plan.periodStart, seq),
        title: proposal.title,
        publicProblem: proposal.publicProblem ?? '',
        statusQuo: proposal.statusQuo ?? '',
        description: proposal.description ?? '',
        howItSolves: proposal.howItSolves ?? '',
        ogpValues: proposal.ogpValues ?? [],
        sdgs: proposal.sdgs ?? [],
        inequalityFocus: proposal.inequalityFocus ?? [],
        leadAgencyId: proposal.leadAgencyId ?? null,
        coResponsibleOrganizationIds: proposal.coResponsibleOrganizationIds ?? [],
        startDate: `${plan.periodStart}-01-01`,
        endDate: `${plan.periodEnd}-12-31`,
        status: 'not_started',
      }),
    );
    await this.audit.record(tx, {
      secretariatId: commitment.secretariatId,
      actorId,
      subjectType: 'commitment',
      subjectId: commitment.id,
      action: 'commitment.created',
      data: { planId: commitment.planId, proposalId: proposal.id, code: commitment.code },
    });
    return commitment;
  }

  /** Plan stage and period, secretariat status, state, time zone and rules. */
  async planFacts(planId: string, em: EntityManager = this.db.manager): Promise<PlanFacts> {
    const [row] = await em.query(
      `SELECT p.id, p.stage, p.period_start, p.period_end, s.id AS secretariat_id, s.rules, st.abbreviation, st.time_zone
         FROM action_plans p
         JOIN secretariats s ON s.id = p.secretariat_id
         JOIN states st ON st.code = s.state_code
        WHERE p.id = $1`,
      [planId],
    );
    if (!row) throw notFound('El plan de acción');
    return {
      planId: row.id,
      stage: row.stage,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      secretariatId: row.secretariat_id,
      stateAbbreviation: row.abbreviation,
      timeZone: row.time_zone,
      rules: effectiveRules(row.rules),
    };
  }

  async progressOf(commitmentIds: string[], em: EntityManager = this.db.manager): Promise<Map<string, CommitmentProgress>> {
    const milestones = commitmentIds.length
      ? await em.getRepository(Milestone).createQueryBuilder('m').where('m.commitmentId IN (:...ids)', { ids: commitmentIds }).getMany()
      : [];
    const now = new Date();
    return new Map(
      commitmentIds.map((id) => [
        id,
        computeProgress(milestones.filter((m) => m.commitmentId === id).map((m) => ({ status: m.status, weight: m.weight, overdue: isOverdue(m, now) }))),
      ]),
    );
  }

  async toDto(c: Commitment): Promise<CommitmentDto> {
    return toCommitmentDto(c, (await this.progressOf([c.id])).get(c.id)!);
  }

  async listForPlan(user: AuthUser, planId: string, page: PageQuery): Promise<Page<CommitmentDto>> {
    await this.access.require(user, 'plan.read', planId);
    const qb = this.db.getRepository(Commitment).createQueryBuilder('c').where('c.planId = :planId', { planId });
    const result = await paginate(qb, page, { sortKey: 'seq', order: 'ASC' });
    const progress = await this.progressOf(result.items.map((c) => c.id));
    return { items: result.items.map((c) => toCommitmentDto(c, progress.get(c.id)!)), nextCursor: result.nextCursor };
  }

  async get(user: AuthUser, commitmentId: string): Promise<CommitmentDetailDto> {
    const granted = await this.access.require(user, 'commitment.read', commitmentId);
    const commitment = await this.db.getRepository(Commitment).findOneByOrFail({ id: commitmentId });
    return { ...(await this.toDto(commitment)), actions: this.access.actions('commitment', granted) };
  }

  async progress(user: AuthUser, commitmentId: string): Promise<CommitmentProgress> {
    await this.access.require(user, 'commitment.read', commitmentId);
    return (await this.progressOf([commitmentId])).get(commitmentId)!;
  }

  /**
   * Coordinators edit a commitment while its plan is before `implementation`; afterwards
   * a change needs a modification request approved by a voting round (409 otherwise).
   */
  async update(user: AuthUser, commitmentId: string, dto: UpdateCommitmentDto): Promise<CommitmentDto> {
    await this.access.require(user, 'commitment.update', commitmentId);
    const saved = await this.db.transaction(async (tx) => {
      const commitment = await this.lock(tx, commitmentId);
      if (dto.version !== undefined && dto.version !== commitment.version) {
        throw conflict('stale_version', 'El compromiso cambió desde que lo consultaste; vuelve a cargarlo.');
      }
      const facts = await this.planFacts(commitment.planId, tx);
      const { version: _version, ...changes } = dto;
      return this.applyChanges(tx, commitment, changes, facts, user.id, 'commitment.updated');
    });
    return this.toDto(saved);
  }

  /** Locks the commitment row: changes to it and to its milestones are serialized on it. */
  async lock(tx: EntityManager, commitmentId: string): Promise<Commitment> {
    const c = await tx.getRepository(Commitment).findOne({ where: { id: commitmentId }, lock: { mode: 'pessimistic_write' } });
    if (!c) throw notFound('El compromiso');
    return c;
  }

  /** Validates and writes field changes (direct edit or an approved modification), audited. */
  async applyChanges(tx: EntityManager, commitment: Commitment, changes: CommitmentChanges, facts: PlanFacts, actorId: string, action: string): Promise<Commitment> {
    await this.validateChanges(tx, commitment, changes, facts);
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(changes) as [keyof CommitmentChanges, unknown][]) {
      if (value === undefined) continue;
      const before = commitment[key];
      if (JSON.stringify(before) === JSON.stringify(value)) continue;
      diff[key] = { from: before, to: value };
      (commitment as unknown as Record<string, unknown>)[key] = value;
    }
    if (!Object.keys(diff).length) return commitment;
    const saved = await tx.getRepository(Commitment).save(commitment);
    await this.audit.record(tx, {
      secretariatId: commitment.secretariatId,
      actorId,
      subjectType: 'commitment',
      subjectId: commitment.id,
      action,
      data: { changes: diff },
    });
    return saved;
  }

  /** 422 when the result would break a rule: dates in the plan period, lead agency in government, OGP values. */
  async validateChanges(em: EntityManager, c: Commitment, changes: CommitmentChanges, facts: PlanFacts): Promise<void> {
    const startDate = changes.startDate ?? c.startDate;
    const endDate = changes.endDate ?? c.endDate;
    const periodStart = `${facts.periodStart}-01-01`;
    const periodEnd = `${facts.periodEnd}-12-31`;
    if (startDate > endDate) throw unprocessable('commitment_dates_invalid', 'La fecha de inicio del compromiso debe ser anterior o igual a la de término.');
    if (startDate < periodStart || endDate > periodEnd) {
      throw unprocessable('commitment_outside_plan_period', `Las fechas del compromiso deben estar dentro del periodo del plan (${facts.periodStart}–${facts.periodEnd}).`);
    }
    const ogpValues = changes.ogpValues ?? c.ogpValues;
    if (changes.ogpValues && !ogpValues.some((v) => v !== 'technology_innovation')) {
      throw unprocessable(
        'ogp_values_invalid',
        'El compromiso debe atender al menos uno de estos valores: acceso a la información, participación cívica o rendición de cuentas.',
      );
    }
    if (changes.leadAgencyId) {
      const [org] = await em.query('SELECT sector FROM organizations WHERE id = $1', [changes.leadAgencyId]);
      if (!org) throw unprocessable('organization_not_found', 'La dependencia responsable no existe.');
      if (org.sector !== 'government') throw unprocessable('lead_agency_not_government', 'La dependencia responsable debe ser una organización del sector gobierno.');
    }
    if (changes.coResponsibleOrganizationIds?.length) {
      const rows: { id: string }[] = await em.query('SELECT id FROM organizations WHERE id = ANY($1::uuid[])', [changes.coResponsibleOrganizationIds]);
      if (rows.length !== changes.coResponsibleOrganizationIds.length) {
        throw unprocessable('organization_not_found', 'Alguna de las organizaciones corresponsables no existe.');
      }
    }
    await requireOrganizationsInState(em, c.secretariatId, [changes.leadAgencyId, ...(changes.coResponsibleOrganizationIds ?? [])]);
  }

  /**
   * Derives the commitment's status from its milestones (never `withdrawn`, which only a
   * modification sets): every weight approved → completed; any milestone under way →
   * in_progress; otherwise not_started. Call with the commitment row locked.
   */
  async refreshStatus(tx: EntityManager, commitmentId: string, actorId: string | null): Promise<void> {
    const c = await tx.getRepository(Commitment).findOneByOrFail({ id: commitmentId });
    if (c.status === 'withdrawn') return;
    const milestones = await tx.getRepository(Milestone).findBy({ commitmentId });
    const p = computeProgress(milestones.map((m) => ({ status: m.status, weight: m.weight, overdue: false })));
    const status: CommitmentStatus =
      p.milestones > 0 && p.verifiedProgress === 100 ? 'completed' : milestones.some((m) => m.status !== 'pending') ? 'in_progress' : 'not_started';
    if (status === c.status) return;
    await tx.getRepository(Commitment).update({ id: c.id }, { status });
    await this.audit.record(tx, {
      secretariatId: c.secretariatId,
      actorId,
      subjectType: 'commitment',
      subjectId: c.id,
      action: 'commitment.status_changed',
      data: { from: c.status, to: status, verifiedProgress: p.verifiedProgress },
    });
  }
}

/** `JAL-2019-03`: state abbreviation, first year of the plan, two-digit (or more) sequence. */
export function commitmentCode(stateAbbreviation: string, year: number, seq: number): string {
  return `${stateAbbreviation.toUpperCase()}-${year}-${String(seq).padStart(2, '0')}`;
}
