import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AccessService } from '../access/access.service';
import { actionsOn, SecretariatContext } from '../access/actions';
import { CommitmentSubject, IndicatorSubject } from '../access/subjects';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, unprocessable } from '../common/errors/domain-error';
import { localDate } from '../reminders/time-zone';
import { CreateIndicatorDto, CreateMeasurementDto, IndicatorDto, MeasurementDto } from './dto/indicator.dto';
import { IndicatorMeasurement } from './indicator-measurement.entity';
import { Indicator } from './indicator.entity';

const round2 = (n: number) => Math.round(n * 100) / 100;

function toMeasurementDto(m: IndicatorMeasurement): MeasurementDto {
  return { id: m.id, measuredOn: m.measuredOn, value: m.value, source: m.source, sourceUrl: m.sourceUrl, note: m.note, recordedById: m.recordedById, createdAt: m.createdAt };
}

/**
 * The indicator with its trend. `percentOfTarget` = latest / target × 100 (the figure people
 * quote, e.g. "96 % de efectividad" against a target of 100); `progressToTarget` = share of
 * the way from baseline to target, which also reads right for targets below the baseline.
 */
export function toIndicatorDto(i: Indicator, measurements: IndicatorMeasurement[], ctx: SecretariatContext, on: Omit<IndicatorSubject, 'id'>): IndicatorDto {
  const sorted = [...measurements].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn));
  const latest = sorted[sorted.length - 1] ?? null;
  const previous = sorted[sorted.length - 2] ?? null;
  return {
    id: i.id,
    commitmentId: i.commitmentId,
    name: i.name,
    description: i.description,
    unit: i.unit,
    baseline: i.baseline,
    baselineDate: i.baselineDate,
    target: i.target,
    targetDate: i.targetDate,
    latest: latest && toMeasurementDto(latest),
    percentOfTarget: latest && i.target !== 0 ? round2((latest.value / i.target) * 100) : null,
    progressToTarget: latest ? round2(((latest.value - i.baseline) / (i.target - i.baseline)) * 100) : null,
    trend: latest && previous ? (latest.value > previous.value ? 'up' : latest.value < previous.value ? 'down' : 'flat') : null,
    measurements: sorted.map(toMeasurementDto),
    createdAt: i.createdAt,
    actions: actionsOn('indicator', { ...on, id: i.id }, ctx),
  };
}

/** An indicator's facts are its commitment's. */
const onCommitment = (c: CommitmentSubject): Omit<IndicatorSubject, 'id'> => ({
  secretariatId: c.secretariatId, commitmentId: c.id, planStage: c.planStage, leadAgencyId: c.leadAgencyId, coResponsibleOrganizationIds: c.coResponsibleOrganizationIds,
});

@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, commitmentId: string): Promise<IndicatorDto[]> {
    const { subject, ctx } = await this.access.require(user, 'commitment.read', commitmentId);
    const indicators = await this.db.getRepository(Indicator).find({ where: { commitmentId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const measurements = indicators.length ? await this.db.getRepository(IndicatorMeasurement).findBy({ indicatorId: In(indicators.map((i) => i.id)) }) : [];
    return indicators.map((i) => toIndicatorDto(i, measurements.filter((m) => m.indicatorId === i.id), ctx, onCommitment(subject)));
  }

  async get(user: AuthUser, indicatorId: string): Promise<IndicatorDto> {
    return this.dto(user, indicatorId);
  }

  async create(user: AuthUser, commitmentId: string, dto: CreateIndicatorDto): Promise<IndicatorDto> {
    const { subject: commitment, ctx } = await this.access.require(user, 'indicator.create', commitmentId);
    if (dto.target === dto.baseline) throw unprocessable('indicator_target_equals_baseline', 'La meta del indicador debe ser distinta de su línea base.');
    const saved = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(Indicator);
      const row = await repo.save(
        repo.create({
          commitmentId,
          secretariatId: commitment.secretariatId,
          name: dto.name,
          description: dto.description ?? '',
          unit: dto.unit,
          baseline: dto.baseline,
          baselineDate: dto.baselineDate ?? null,
          target: dto.target,
          targetDate: dto.targetDate ?? null,
          createdById: user.id,
        }),
      );
      await this.audit.record(tx, {
        secretariatId: commitment.secretariatId,
        actorId: user.id,
        subjectType: 'indicator',
        subjectId: row.id,
        action: 'indicator.created',
        data: { commitmentId, name: row.name, unit: row.unit, baseline: row.baseline, target: row.target },
      });
      return row;
    });
    return toIndicatorDto(saved, [], ctx, onCommitment(commitment));
  }

  /** One measurement per indicator and date (409 on a second one for the same date). */
  async addMeasurement(user: AuthUser, indicatorId: string, dto: CreateMeasurementDto): Promise<IndicatorDto> {
    const { subject: indicator, ctx } = await this.access.require(user, 'indicator.measure', indicatorId);
    await this.db.transaction(async (tx) => {
      // A future date would become the portal's "latest value" before it was measured.
      const today = localDate(new Date(), ctx.timeZone);
      if (dto.measuredOn > today) throw unprocessable('measurement_in_future', `La fecha de la medición (${dto.measuredOn}) es posterior a hoy (${today}, hora local).`);
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(IndicatorMeasurement)
        .values({ indicatorId, measuredOn: dto.measuredOn, value: dto.value, source: dto.source, sourceUrl: dto.sourceUrl ?? null, note: dto.note ?? '', recordedById: user.id })
        .orIgnore()
        .returning('id')
        .execute();
      const id = inserted.raw[0]?.id;
      if (!id) throw conflict('measurement_exists', `Ya hay una medición de este indicador con fecha ${dto.measuredOn}.`);
      await this.audit.record(tx, {
        secretariatId: indicator.secretariatId,
        actorId: user.id,
        subjectType: 'indicator',
        subjectId: indicatorId,
        action: 'indicator.measured',
        data: { measurementId: id, measuredOn: dto.measuredOn, value: dto.value, source: dto.source },
      });
    });
    return this.dto(user, indicatorId);
  }

  private async dto(user: AuthUser, indicatorId: string): Promise<IndicatorDto> {
    const { subject, ctx } = await this.access.require(user, 'indicator.read', indicatorId);
    const indicator = await this.db.getRepository(Indicator).findOneByOrFail({ id: indicatorId });
    return toIndicatorDto(indicator, await this.db.getRepository(IndicatorMeasurement).findBy({ indicatorId }), ctx, subject);
  }
}
