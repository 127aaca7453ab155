import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AccessService } from '../access/access.service';
import { actionsOn, SecretariatContext } from '../access/actions';
import { ReportSubject } from '../access/subjects';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict } from '../common/errors/domain-error';
import { CommitmentsService } from './commitments.service';
import { CreateProgressReportDto, ProgressReportDto, ReportCommentDto, UpdateProgressReportDto } from './dto/progress-report.dto';
import { ProgressReportComment } from './progress-report-comment.entity';
import { ProgressReport } from './progress-report.entity';

/** The facts the access table needs about a report are its commitment's. */
type ReportFacts = Pick<ReportSubject, 'planStage' | 'leadAgencyId'>;

function toReportDto(r: ProgressReport, comments: ProgressReportComment[], ctx: SecretariatContext, c: ReportFacts): ProgressReportDto {
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
    actions: actionsOn('progress_report', { id: r.id, secretariatId: r.secretariatId, commitmentId: r.commitmentId, planStage: c.planStage, leadAgencyId: c.leadAgencyId }, ctx),
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
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, commitmentId: string): Promise<ProgressReportDto[]> {
    const { subject, ctx } = await this.access.require(user, 'commitment.read', commitmentId);
    const reports = await this.db.getRepository(ProgressReport).find({ where: { commitmentId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const comments = reports.length
      ? await this.db.getRepository(ProgressReportComment).find({ where: { reportId: In(reports.map((r) => r.id)) }, order: { createdAt: 'ASC', id: 'ASC' } })
      : [];
    return reports.map((r) => toReportDto(r, comments.filter((c) => c.reportId === r.id), ctx, subject));
  }

  async create(user: AuthUser, commitmentId: string, dto: CreateProgressReportDto): Promise<ProgressReportDto> {
    const { subject: commitment, ctx } = await this.access.require(user, 'progress_report.create', commitmentId);
    const saved = await this.db.transaction(async (tx) => {
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
          organizationId: ctx.viewer.member!.organizationId!,
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
    return toReportDto(saved, [], ctx, commitment);
  }

  async update(user: AuthUser, reportId: string, dto: UpdateProgressReportDto): Promise<ProgressReportDto> {
    const { subject: facts, ctx } = await this.access.require(user, 'progress_report.update', reportId);
    const report = await this.db.getRepository(ProgressReport).findOneByOrFail({ id: reportId });
    const saved = await this.db.transaction(async (tx) => {
      const progress = (await this.commitments.progressOf([report.commitmentId], tx)).get(report.commitmentId)!;
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
        data: { commitmentId: report.commitmentId, period: report.period, progressAtReport: progress.verifiedProgress },
      });
      return tx.getRepository(ProgressReport).findOneByOrFail({ id: report.id });
    });
    const comments = await this.db.getRepository(ProgressReportComment).find({ where: { reportId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return toReportDto(saved, comments, ctx, facts);
  }

  async comment(user: AuthUser, reportId: string, text: string): Promise<ReportCommentDto> {
    const { subject: report, ctx } = await this.access.require(user, 'progress_report.comment', reportId);
    const actor = ctx.viewer;
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
}
