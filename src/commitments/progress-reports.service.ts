import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, DomainError, forbidden, notFound } from '../common/errors/domain-error';
import { belongsTo } from './commitments.policy';
import { assertSecretariatWorking, CommitmentsService } from './commitments.service';
import { CreateProgressReportDto, ProgressReportDto, ReportCommentDto, UpdateProgressReportDto } from './dto/progress-report.dto';
import { ProgressReportComment } from './progress-report-comment.entity';
import { ProgressReport } from './progress-report.entity';

function toReportDto(r: ProgressReport, comments: ProgressReportComment[]): ProgressReportDto {
  return {
    id: r.id,
    commitmentId: r.commitmentId,
    period: r.period,
    text: r.text,
    progressAtReport: r.progressAtReport,
    authorId: r.authorId,
    organizationId: r.organizationId,
    version: r.version,
    comments: comments.map(toCommentDto),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const toCommentDto = (c: ProgressReportComment): ReportCommentDto => ({
  id: c.id,
  text: c.text,
  authorId: c.authorId,
  sector: c.sector,
  organizationId: c.organizationId,
  createdAt: c.createdAt,
});

/**
 * Progress reports (first, second, final): written by members of the commitment's lead
 * agency, one per period, commented by members of the other sectors (civil society and the
 * guarantor body). Reports carry the verified progress at the time they are written.
 */
@Injectable()
export class ProgressReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commitments: CommitmentsService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, commitmentId: string): Promise<ProgressReportDto[]> {
    await this.commitments.findVisible(user, commitmentId);
    const reports = await this.db.getRepository(ProgressReport).find({ where: { commitmentId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const comments = reports.length
      ? await this.db.getRepository(ProgressReportComment).find({ where: { reportId: In(reports.map((r) => r.id)) }, order: { createdAt: 'ASC', id: 'ASC' } })
      : [];
    return reports.map((r) => toReportDto(r, comments.filter((c) => c.reportId === r.id)));
  }

  async create(user: AuthUser, commitmentId: string, dto: CreateProgressReportDto): Promise<ProgressReportDto> {
    const { commitment, actor } = await this.commitments.findVisible(user, commitmentId);
    if (!belongsTo(actor, commitment.leadAgencyId)) throw forbidden('lead_agency_required', 'Solo integrantes de la dependencia responsable escriben los informes de avance.');
    const saved = await this.db.transaction(async (tx) => {
      const facts = await this.commitments.planFacts(commitment.planId, tx);
      assertSecretariatWorking(facts);
      if (facts.stage !== 'implementation' && facts.stage !== 'evaluation') {
        throw conflict('plan_not_in_implementation', 'Los informes de avance se escriben mientras el plan está en implementación o evaluación.');
      }
      const progress = (await this.commitments.progressOf([commitmentId], tx)).get(commitmentId)!;
      const inserted = await tx
        .createQueryBuilder()
        .insert()
        .into(ProgressReport)
        .values({
          commitmentId,
          secretariatId: commitment.secretariatId,
          period: dto.period,
          text: dto.text,
          progressAtReport: progress.verifiedProgress,
          authorId: user.id,
          organizationId: actor.member!.organizationId!,
        })
        .orIgnore()
        .returning('id')
        .execute();
      const id = inserted.raw[0]?.id;
      if (!id) throw conflict('progress_report_exists', 'Ya existe el informe de ese periodo; edítalo en lugar de crear otro.');
      await this.audit.record(tx, {
        secretariatId: commitment.secretariatId,
        actorId: user.id,
        subjectType: 'progress_report',
        subjectId: id,
        action: 'progress_report.created',
        data: { commitmentId, period: dto.period, progressAtReport: progress.verifiedProgress },
      });
      return tx.getRepository(ProgressReport).findOneByOrFail({ id });
    });
    return toReportDto(saved, []);
  }

  async update(user: AuthUser, reportId: string, dto: UpdateProgressReportDto): Promise<ProgressReportDto> {
    const { report, commitment, actor } = await this.findVisible(user, reportId);
    if (!belongsTo(actor, commitment.leadAgencyId)) throw forbidden('lead_agency_required', 'Solo integrantes de la dependencia responsable editan los informes de avance.');
    const saved = await this.db.transaction(async (tx) => {
      const facts = await this.commitments.planFacts(commitment.planId, tx);
      assertSecretariatWorking(facts);
      if (facts.stage === 'closed') throw conflict('plan_closed', 'El plan está cerrado.');
      const progress = (await this.commitments.progressOf([commitment.id], tx)).get(commitment.id)!;
      const result = await tx
        .createQueryBuilder()
        .update(ProgressReport)
        .set({ text: dto.text, progressAtReport: progress.verifiedProgress, authorId: user.id })
        .where('id = :id' + (dto.version !== undefined ? ' AND version = :version' : ''), { id: report.id, version: dto.version })
        .execute();
      if (!result.affected) throw conflict('stale_version', 'El informe cambió desde que lo consultaste; vuelve a cargarlo.');
      await this.audit.record(tx, {
        secretariatId: report.secretariatId,
        actorId: user.id,
        subjectType: 'progress_report',
        subjectId: report.id,
        action: 'progress_report.updated',
        data: { commitmentId: commitment.id, period: report.period, progressAtReport: progress.verifiedProgress },
      });
      return tx.getRepository(ProgressReport).findOneByOrFail({ id: report.id });
    });
    const comments = await this.db.getRepository(ProgressReportComment).find({ where: { reportId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return toReportDto(saved, comments);
  }

  async comment(user: AuthUser, reportId: string, text: string): Promise<ReportCommentDto> {
    const { report, actor } = await this.findVisible(user, reportId);
    if (!actor.member) throw forbidden('not_a_member', 'Solo las personas integrantes del secretariado pueden comentar.');
    if (actor.member.sector === 'government') {
      throw forbidden('other_sector_required', 'Los informes de avance los comentan la sociedad civil y el organismo garante.');
    }
    const saved = await this.db.transaction(async (tx) => {
      const repo = tx.getRepository(ProgressReportComment);
      const row = await repo.save(repo.create({ reportId, text, authorId: user.id, sector: actor.member!.sector, organizationId: actor.member!.organizationId }));
      await this.audit.record(tx, {
        secretariatId: report.secretariatId,
        actorId: user.id,
        subjectType: 'progress_report',
        subjectId: reportId,
        action: 'progress_report.commented',
        data: { commentId: row.id, sector: row.sector },
      });
      return row;
    });
    return toCommentDto(saved);
  }

  private async findVisible(user: AuthUser, reportId: string) {
    const report = await this.db.getRepository(ProgressReport).findOneBy({ id: reportId });
    if (!report) throw notFound('El informe de avance');
    const seen = await this.commitments.findVisible(user, report.commitmentId).catch((e) => {
      throw e instanceof DomainError && e.status === 404 ? notFound('El informe de avance') : e;
    });
    return { report, ...seen };
  }
}
