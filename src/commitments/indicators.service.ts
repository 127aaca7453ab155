import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, DomainError, forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { localDate } from '../reminders/time-zone';
import { Commitment } from './commitment.entity';
import { Actor, belongsTo, isCoordinator } from './commitments.policy';
import { assertSecretariatWorking, CommitmentsService } from './commitments.service';
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
export function toIndicatorDto(i: Indicator, measurements: IndicatorMeasurement[]): IndicatorDto {
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
  };
}

/** Coordinators and the lead agency define indicators; the co-responsible organizations also measure. */
const canDefine = (a: Actor, c: Commitment) => isCoordinator(a) || belongsTo(a, c.leadAgencyId);
const canMeasure = (a: Actor, c: Commitment) => canDefine(a, c) || c.coResponsibleOrganizationIds.some((id) => belongsTo(a, id));

@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commitments: CommitmentsService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, commitmentId: string): Promise<IndicatorDto[]> {
    await this.commitments.findVisible(user, commitmentId);
    const indicators = await this.db.getRepository(Indicator).find({ where: { commitmentId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const measurements = indicators.length ? await this.db.getRepository(IndicatorMeasurement).findBy({ indicatorId: In(indicators.map((i) => i.id)) }) : [];
    return indicators.map((i) => toIndicatorDto(i, measurements.filter((m) => m.indicatorId === i.id)));
  }

  async get(user: AuthUser, indicatorId: string): Promise<IndicatorDto> {
    const { indicator } = await this.findVisible(user, indicatorId);
    return toIndicatorDto(indicator, await this.db.getRepository(IndicatorMeasurement).findBy({ indicatorId }));
  }

  async create(user: AuthUser, commitmentId: string, dto: CreateIndicatorDto): Promise<IndicatorDto> {
    const { commitment, actor } = await this.commitments.findVisible(user, commitmentId);
    if (!canDefine(actor, commitment)) throw forbidden('indicator_forbidden', 'Solo la coordinación o la dependencia responsable del compromiso definen indicadores.');
    if (dto.target === dto.baseline) throw unprocessable('indicator_target_equals_baseline', 'La meta del indicador debe ser distinta de su línea base.');
    const saved = await this.db.transaction(async (tx) => {
      const facts = await this.commitments.planFacts(commitment.planId, tx);
      assertSecretariatWorking(facts);
      if (facts.stage === 'closed') throw conflict('plan_closed', 'El plan está cerrado.');
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
    return toIndicatorDto(saved, []);
  }

  /** One measurement per indicator and date (409 on a second one for the same date). */
  async addMeasurement(user: AuthUser, indicatorId: string, dto: CreateMeasurementDto): Promise<IndicatorDto> {
    const { indicator, commitment, actor } = await this.findVisible(user, indicatorId);
    if (!canMeasure(actor, commitment)) {
      throw forbidden('measurement_forbidden', 'Solo la coordinación y las organizaciones responsables del compromiso registran mediciones.');
    }
    await this.db.transaction(async (tx) => {
      const facts = await this.commitments.planFacts(commitment.planId, tx);
      assertSecretariatWorking(facts);
      if (facts.stage === 'closed') throw conflict('plan_closed', 'El plan está cerrado.');
      // A future date would become the portal's "latest value" before it was measured.
      const today = localDate(new Date(), facts.timeZone);
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
    return toIndicatorDto(indicator, await this.db.getRepository(IndicatorMeasurement).findBy({ indicatorId }));
  }

  private async findVisible(user: AuthUser, indicatorId: string) {
    const indicator = await this.db.getRepository(Indicator).findOneBy({ id: indicatorId });
    if (!indicator) throw notFound('El indicador');
    const { commitment, actor } = await this.commitments.findVisible(user, indicator.commitmentId).catch((e) => {
      throw e instanceof DomainError && e.status === 404 ? notFound('El indicador') : e;
    });
    return { indicator, commitment, actor };
  }
}
