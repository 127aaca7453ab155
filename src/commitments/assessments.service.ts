import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { CommitmentsService } from './commitments.service';
import { AssessmentDto, CreateAssessmentDto } from './dto/assessment.dto';
import { IrmAssessment } from './irm-assessment.entity';

const toDto = (a: IrmAssessment): AssessmentDto => ({
  id: a.id,
  commitmentId: a.commitmentId,
  verifiable: a.verifiable,
  potentialResults: a.potentialResults,
  didItOpenGovernment: a.didItOpenGovernment,
  completionAtAssessment: a.completionAtAssessment,
  justification: a.justification,
  assessorId: a.assessorId,
  createdAt: a.createdAt,
});

/** IRM-style assessments, written by guarantor seat holders; kept as history (latest last). */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly commitments: CommitmentsService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, commitmentId: string): Promise<AssessmentDto[]> {
    await this.access.require(user, 'commitment.read', commitmentId);
    const rows = await this.db.getRepository(IrmAssessment).find({ where: { commitmentId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toDto);
  }

  async create(user: AuthUser, commitmentId: string, dto: CreateAssessmentDto): Promise<AssessmentDto> {
    const { subject: commitment, ctx } = await this.access.require(user, 'assessment.create', commitmentId);
    const actor = ctx.viewer;
    const saved = await this.db.transaction(async (tx) => {
      const progress = (await this.commitments.progressOf([commitmentId], tx)).get(commitmentId)!;
      const repo = tx.getRepository(IrmAssessment);
      const row = await repo.save(
        repo.create({
          commitmentId,
          secretariatId: commitment.secretariatId,
          verifiable: dto.verifiable,
          potentialResults: dto.potentialResults,
          didItOpenGovernment: dto.didItOpenGovernment ?? null,
          completionAtAssessment: progress.completion,
          justification: dto.justification,
          assessorId: user.id,
          assessorOrganizationId: actor.member!.organizationId,
        }),
      );
      await this.audit.record(tx, {
        secretariatId: commitment.secretariatId,
        actorId: user.id,
        subjectType: 'commitment',
        subjectId: commitmentId,
        action: 'commitment.assessed',
        data: { assessmentId: row.id, verifiable: row.verifiable, potentialResults: row.potentialResults, didItOpenGovernment: row.didItOpenGovernment, completion: row.completionAtAssessment },
      });
      return row;
    });
    return toDto(saved);
  }
}
