import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { ReminderScheduler } from '../reminders/reminder-scheduler.service';
import { VotingRound } from '../voting/voting-round.entity';
import { Commitment } from './commitment.entity';
import { CommitmentChanges, CommitmentsService } from './commitments.service';
import { MilestoneInputDto } from './dto/milestone.dto';
import { CreateModificationRequestDto, ModificationRequestDetailDto, ModificationRequestDto } from './dto/modification-request.dto';
import { Milestone } from './milestone.entity';
import { MilestonesService } from './milestones.service';
import { ModificationRequest } from './modification-request.entity';

const toDto = (r: ModificationRequest): ModificationRequestDto => ({
  id: r.id,
  commitmentId: r.commitmentId,
  reason: r.reason,
  changes: r.changes,
  status: r.status,
  votingRoundId: r.votingRoundId,
  outcome: r.outcome,
  decidedAt: r.decidedAt,
  requestedById: r.requestedById,
  createdAt: r.createdAt,
});

/**
 * Changes to a commitment once its plan is in implementation (OGP Local: plans have rules for
 * modifying commitments). A coordinator files the request, opens a `motion` voting round
 * through the voting API (POST /voting-rounds) and links it; once the round is closed,
 * `apply` applies the changes if it was approved, or records the rejection otherwise.
 */
@Injectable()
export class ModificationRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly commitments: CommitmentsService,
    private readonly milestones: MilestonesService,
    private readonly reminders: ReminderScheduler,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, commitmentId: string): Promise<ModificationRequestDto[]> {
    await this.access.require(user, 'commitment.read', commitmentId);
    const rows = await this.db.getRepository(ModificationRequest).find({ where: { commitmentId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toDto);
  }

  async get(user: AuthUser, id: string): Promise<ModificationRequestDetailDto> {
    const granted = await this.access.require(user, 'modification.read', id);
    const request = await this.db.getRepository(ModificationRequest).findOneByOrFail({ id });
    return { ...toDto(request), actions: this.access.actions('modification_request', granted) };
  }

  async create(user: AuthUser, commitmentId: string, dto: CreateModificationRequestDto): Promise<ModificationRequestDto> {
    await this.access.require(user, 'modification.create', commitmentId);
    const changes = Object.fromEntries(Object.entries(dto.changes ?? {}).filter(([, v]) => v !== undefined));
    if (!Object.keys(changes).length && !dto.milestones && !dto.withdraw) {
      throw unprocessable('modification_empty', 'La solicitud no contiene ningún cambio.');
    }
    const saved = await this.db.transaction(async (tx) => {
      const current = await this.commitments.lock(tx, commitmentId);
      const facts = await this.commitments.planFacts(current.planId, tx);
      await this.commitments.validateChanges(tx, current, changes, facts);
      // Everything applying will check, checked now: an approved request must be applicable.
      if (dto.milestones) {
        const dates = { startDate: changes.startDate ?? current.startDate, endDate: changes.endDate ?? current.endDate };
        await this.milestones.checkSet(tx, { ...current, ...dates }, dto.milestones, 'replace');
      }
      const repo = tx.getRepository(ModificationRequest);
      const row = await repo.save(
        repo.create({
          commitmentId,
          secretariatId: current.secretariatId,
          reason: dto.reason,
          changes: { ...(Object.keys(changes).length ? { changes } : {}), ...(dto.milestones ? { milestones: dto.milestones } : {}), ...(dto.withdraw ? { withdraw: true } : {}) },
          requestedById: user.id,
        }),
      );
      await this.audit.record(tx, {
        secretariatId: current.secretariatId,
        actorId: user.id,
        subjectType: 'modification_request',
        subjectId: row.id,
        action: 'modification_request.created',
        data: { commitmentId, fields: Object.keys(changes), milestones: !!dto.milestones, withdraw: !!dto.withdraw },
      });
      return row;
    });
    return toDto(saved);
  }

  /** Links the `motion` round that decides the request (one round per request, opened after it). */
  async linkRound(user: AuthUser, id: string, votingRoundId: string): Promise<ModificationRequestDto> {
    const { subject: seen } = await this.access.require(user, 'modification.link_round', id);
    const saved = await this.db.transaction(async (tx) => {
      const request = await tx.getRepository(ModificationRequest).findOne({ where: { id: seen.id }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw notFound('La solicitud de modificación');
      if (request.status !== 'pending') throw conflict('modification_not_pending', 'La solicitud ya fue resuelta.');
      const round = await tx.getRepository(VotingRound).findOneBy({ id: votingRoundId });
      if (!round || round.secretariatId !== request.secretariatId) throw unprocessable('voting_round_not_found', 'La ronda de votación no existe en este secretariado.');
      if (round.subjectType !== 'motion') throw unprocessable('voting_round_not_motion', 'La modificación se decide en una ronda de tipo moción.');
      if (round.planId && round.planId !== seen.planId) throw unprocessable('voting_round_other_plan', 'La ronda de votación es de otro plan de acción.');
      const used = await tx.getRepository(ModificationRequest).existsBy({ votingRoundId });
      if (used) throw conflict('voting_round_in_use', 'Esa ronda de votación ya decide otra solicitud.');
      if (round.createdAt < request.createdAt) throw unprocessable('voting_round_too_old', 'La ronda de votación debe abrirse después de la solicitud.');
      request.votingRoundId = votingRoundId;
      const row = await tx.getRepository(ModificationRequest).save(request);
      await this.audit.record(tx, {
        secretariatId: request.secretariatId,
        actorId: user.id,
        subjectType: 'modification_request',
        subjectId: request.id,
        action: 'modification_request.round_linked',
        data: { votingRoundId },
      });
      return row;
    });
    return toDto(saved);
  }

  /**
   * Resolves the request from its closed round: approved → the changes are applied (fields,
   * milestone set, withdrawal) and the request is `applied`; rejected or without quorum →
   * `rejected`. 409 while the round is open or none is linked.
   */
  async apply(user: AuthUser, id: string): Promise<ModificationRequestDto> {
    const { subject: seen } = await this.access.require(user, 'modification.apply', id);
    const saved = await this.db.transaction(async (tx) => {
      const commitment = await this.commitments.lock(tx, seen.commitmentId);
      const request = await tx.getRepository(ModificationRequest).findOne({ where: { id: seen.id }, lock: { mode: 'pessimistic_write' } });
      if (!request) throw notFound('La solicitud de modificación');
      if (request.status !== 'pending') throw conflict('modification_not_pending', 'La solicitud ya fue resuelta.');
      if (!request.votingRoundId) throw conflict('voting_round_missing', 'Vincula primero la ronda de votación que decide la solicitud.');
      const round = await tx.getRepository(VotingRound).findOneByOrFail({ id: request.votingRoundId });
      if (round.status !== 'closed') throw conflict('voting_round_open', 'La ronda de votación aún no cierra.');
      const approved = round.outcome === 'approved';
      if (approved) await this.applyChanges(tx, commitment, request, user.id);
      request.status = approved ? 'applied' : 'rejected';
      request.outcome = round.outcome;
      request.decidedAt = new Date();
      const row = await tx.getRepository(ModificationRequest).save(request);
      await this.audit.record(tx, {
        secretariatId: request.secretariatId,
        actorId: user.id,
        subjectType: 'modification_request',
        subjectId: request.id,
        action: `modification_request.${request.status}`,
        data: { commitmentId: commitment.id, votingRoundId: round.id, outcome: round.outcome },
      });
      return row;
    });
    return toDto(saved);
  }

  async cancel(user: AuthUser, id: string): Promise<ModificationRequestDto> {
    const { subject: request } = await this.access.require(user, 'modification.cancel', id);
    const saved = await this.db.transaction(async (tx) => {
      const result = await tx.createQueryBuilder().update(ModificationRequest).set({ status: 'cancelled', decidedAt: new Date() }).where(`id = :id AND status = 'pending'`, { id }).execute();
      if (!result.affected) throw conflict('modification_not_pending', 'La solicitud ya fue resuelta.');
      await this.audit.record(tx, { secretariatId: request.secretariatId, actorId: user.id, subjectType: 'modification_request', subjectId: id, action: 'modification_request.cancelled', data: {} });
      return tx.getRepository(ModificationRequest).findOneByOrFail({ id });
    });
    return toDto(saved);
  }

  private async applyChanges(tx: EntityManager, commitment: Commitment, request: ModificationRequest, actorId: string) {
    const facts = await this.commitments.planFacts(commitment.planId, tx);
    const requested = request.changes as { changes?: CommitmentChanges; milestones?: MilestoneInputDto[]; withdraw?: boolean };
    if (requested.changes) await this.commitments.applyChanges(tx, commitment, requested.changes, facts, actorId, 'commitment.modified');
    if (requested.milestones) await this.milestones.writeSet(tx, commitment, requested.milestones, 'replace', facts, actorId);
    if (requested.withdraw) {
      await tx.getRepository(Commitment).update({ id: commitment.id }, { status: 'withdrawn' });
      for (const m of await tx.getRepository(Milestone).findBy({ commitmentId: commitment.id })) {
        await this.reminders.cancelForSubject(tx, 'milestone', m.id, undefined, 'commitment_withdrawn');
      }
      await this.audit.record(tx, {
        secretariatId: commitment.secretariatId,
        actorId,
        subjectType: 'commitment',
        subjectId: commitment.id,
        action: 'commitment.withdrawn',
        data: { modificationRequestId: request.id, from: commitment.status },
      });
    }
  }
}
