import { Act } from '../access/act.decorator';
import { Body, Controller, Get, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { PageQuery } from '../common/pagination';
import { AssessmentsService } from './assessments.service';
import { CommitmentsService } from './commitments.service';
import { AssessmentDto, AssessmentListDto, CreateAssessmentDto } from './dto/assessment.dto';
import { CommitmentDetailDto, CommitmentDto, CommitmentPageDto, ProgressDto, UpdateCommitmentDto } from './dto/commitment.dto';
import { CreateIndicatorDto, IndicatorDto, IndicatorListDto } from './dto/indicator.dto';
import { MilestoneListDto, MilestoneSetDto, SecretariatMilestonePageDto, SecretariatMilestoneQuery } from './dto/milestone.dto';
import { CreateModificationRequestDto, ModificationRequestDto, ModificationRequestListDto } from './dto/modification-request.dto';
import { CreateProgressReportDto, ProgressReportDto, ProgressReportListDto } from './dto/progress-report.dto';
import { IndicatorsService } from './indicators.service';
import { MilestonesService } from './milestones.service';
import { ModificationRequestsService } from './modification-requests.service';
import { ProgressReportsService } from './progress-reports.service';
import { UuidParam } from '../common/validation';

@ApiTags('commitments')
@ApiBearerAuth()
@Controller()
export class CommitmentsController {
  constructor(
    private readonly commitments: CommitmentsService,
    private readonly milestones: MilestonesService,
    private readonly indicators: IndicatorsService,
    private readonly assessments: AssessmentsService,
    private readonly reports: ProgressReportsService,
    private readonly modifications: ModificationRequestsService,
  ) {}

  @Act('plan.read')
  @Get('plans/:id/commitments')
  @ApiOperation({ summary: "A plan's commitments in code order, with their progress (members and platform admins)" })
  @ApiOkResponse({ type: CommitmentPageDto })
  @ApiProblems(400, 401, 404)
  list(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() page: PageQuery) {
    return this.commitments.listForPlan(user, id, page);
  }

  @Act('commitment.read')
  @Get('commitments/:id')
  @ApiOperation({ summary: 'A commitment with its verified and self-reported progress' })
  @ApiOkResponse({ type: CommitmentDetailDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.commitments.get(user, id);
  }

  @Act('commitment.update')
  @Patch('commitments/:id')
  @ApiOperation({
    summary: 'Edit a commitment (coordinators, while the plan is before `implementation`)',
    description: 'Afterwards: 409 `modification_request_required` (file a modification request). 422 for dates outside the plan period or a lead agency outside government.',
  })
  @ApiOkResponse({ type: CommitmentDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateCommitmentDto) {
    return this.commitments.update(user, id, dto);
  }

  @Act('commitment.read')
  @Get('commitments/:id/progress')
  @ApiOperation({
    summary: 'Progress of a commitment',
    description: 'verifiedProgress = Σ weight of approved milestones; selfReportedProgress also counts submitted ones. Completion (IRM): not_started 0, limited 1–49, substantial 50–99, complete 100.',
  })
  @ApiOkResponse({ type: ProgressDto })
  @ApiProblems(400, 401, 404)
  progress(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.commitments.progress(user, id);
  }

  @Act('commitment.read')
  @Get('commitments/:id/milestones')
  @ApiOperation({ summary: "A commitment's milestones in order, with `overdue` derived" })
  @ApiOkResponse({ type: MilestoneListDto })
  @ApiProblems(400, 401, 404)
  async milestoneList(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return { items: await this.milestones.list(user, id) };
  }

  @Act('secretariat.read')
  @Get('secretariats/:id/milestones')
  @ApiOperation({
    summary: "A secretariat's milestones across its plans, optionally of one status (members and platform admins)",
    description:
      '`status=submitted` is the guarantor review queue, oldest submission first; otherwise soonest due first. Each item carries the caller\'s `actions` ' +
      '(e.g. `milestone.review` only for guarantor seat holders of another organization).',
  })
  @ApiOkResponse({ type: SecretariatMilestonePageDto })
  @ApiProblems(400, 401, 404)
  milestonesOfSecretariat(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() query: SecretariatMilestoneQuery) {
    return this.milestones.listForSecretariat(user, id, query);
  }

  @Act('milestone.define')
  @Post('commitments/:id/milestones')
  @ApiOperation({
    summary: 'Add milestones (coordinators, before implementation); the resulting set must weigh exactly 100',
    description: '422 `milestone_weights_invalid` when the weights of the resulting set do not sum to 100.',
  })
  @ApiCreatedResponse({ type: MilestoneListDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async milestoneAdd(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: MilestoneSetDto) {
    return { items: await this.milestones.defineSet(user, id, dto.milestones, 'append') };
  }

  @Act('milestone.define')
  @Put('commitments/:id/milestones')
  @ApiOperation({
    summary: 'Replace the milestone set (coordinators, before implementation); weights must sum to 100',
    description: 'Items with `id` keep (and update) that milestone; milestones left out are deleted (only while pending and without evidence).',
  })
  @ApiOkResponse({ type: MilestoneListDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async milestoneReplace(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: MilestoneSetDto) {
    return { items: await this.milestones.defineSet(user, id, dto.milestones, 'replace') };
  }

  @Act('commitment.read')
  @Get('commitments/:id/indicators')
  @ApiOperation({ summary: "A commitment's indicators with latest value, % of target and trend" })
  @ApiOkResponse({ type: IndicatorListDto })
  @ApiProblems(400, 401, 404)
  async indicatorList(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return { items: await this.indicators.list(user, id) };
  }

  @Act('indicator.create')
  @Post('commitments/:id/indicators')
  @ApiOperation({ summary: 'Define an indicator (coordinators or members of the lead agency)' })
  @ApiCreatedResponse({ type: IndicatorDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  indicatorCreate(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateIndicatorDto) {
    return this.indicators.create(user, id, dto);
  }

  @Act('commitment.read')
  @Get('commitments/:id/assessments')
  @ApiOperation({ summary: 'IRM-style assessments of a commitment, oldest first' })
  @ApiOkResponse({ type: AssessmentListDto })
  @ApiProblems(400, 401, 404)
  async assessmentList(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return { items: await this.assessments.list(user, id) };
  }

  @Act('assessment.create')
  @Post('commitments/:id/assessments')
  @ApiOperation({ summary: 'Record an IRM-style assessment (guarantor titular or alternate members)' })
  @ApiCreatedResponse({ type: AssessmentDto })
  @ApiProblems(400, 401, 403, 404, 409)
  assessmentCreate(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateAssessmentDto) {
    return this.assessments.create(user, id, dto);
  }

  @Act('commitment.read')
  @Get('commitments/:id/progress-reports')
  @ApiOperation({ summary: 'Progress reports of a commitment with their comments' })
  @ApiOkResponse({ type: ProgressReportListDto })
  @ApiProblems(400, 401, 404)
  async reportList(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return { items: await this.reports.list(user, id) };
  }

  @Act('progress_report.create')
  @Post('commitments/:id/progress-reports')
  @ApiOperation({ summary: 'Write the first, second or final progress report (members of the lead agency; one per period)' })
  @ApiCreatedResponse({ type: ProgressReportDto })
  @ApiProblems(400, 401, 403, 404, 409)
  reportCreate(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateProgressReportDto) {
    return this.reports.create(user, id, dto);
  }

  @Act('commitment.read')
  @Get('commitments/:id/modification-requests')
  @ApiOperation({ summary: 'Modification requests of a commitment' })
  @ApiOkResponse({ type: ModificationRequestListDto })
  @ApiProblems(400, 401, 404)
  async modificationList(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return { items: await this.modifications.list(user, id) };
  }

  @Act('modification.create')
  @Post('commitments/:id/modification-requests')
  @ApiOperation({
    summary: 'Request a change to a commitment of a plan in implementation (coordinators)',
    description: 'Takes effect only after a `motion` voting round on it is approved: link the round, then `apply`. Before implementation: 409 `edit_directly`.',
  })
  @ApiCreatedResponse({ type: ModificationRequestDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  modificationCreate(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateModificationRequestDto) {
    return this.modifications.create(user, id, dto);
  }
}
