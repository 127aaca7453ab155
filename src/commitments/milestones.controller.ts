import { Act } from '../access/act.decorator';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems, ApiRequestContent } from '../common/openapi';
import { EvidenceDto, EvidenceListDto, FileEvidenceFormDto, LinkEvidenceDto } from './dto/evidence.dto';
import { MilestoneDetailDto, MilestoneDto, MilestoneReviewListDto, ReviewMilestoneDto, UpdateMilestoneDto } from './dto/milestone.dto';
import { EvidenceService, evidenceBodyPipe } from './evidence.service';
import { MilestonesService } from './milestones.service';
import { UuidParam } from '../common/validation';

@ApiTags('milestones')
@ApiBearerAuth()
@Controller('milestones')
export class MilestonesController {
  constructor(private readonly milestones: MilestonesService, private readonly evidence: EvidenceService) {}

  @Act('milestone.read')
  @Get(':id')
  @ApiOperation({ summary: 'A milestone' })
  @ApiOkResponse({ type: MilestoneDetailDto })
  @ApiProblems(400, 401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.milestones.get(user, id);
  }

  @Act('milestone.update')
  @Patch(':id')
  @ApiOperation({
    summary: "Edit a milestone's description, responsible organization or dates (coordinators, before implementation)",
    description: 'Weights change through PUT /commitments/{id}/milestones. After implementation: 409 `modification_request_required`.',
  })
  @ApiOkResponse({ type: MilestoneDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateMilestoneDto) {
    return this.milestones.update(user, id, dto);
  }

  @Act('milestone.start')
  @Post(':id/start')
  @HttpCode(200)
  @ApiOperation({ summary: 'pending|returned → in_progress (members of the responsible organization; plan in implementation or evaluation)' })
  @ApiOkResponse({ type: MilestoneDto })
  @ApiProblems(400, 401, 403, 404, 409)
  start(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.milestones.transition(user, id, 'start');
  }

  @Act('milestone.submit')
  @Post(':id/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'in_progress → submitted for guarantor review (members of the responsible organization; needs evidence: 422 `evidence_required`)' })
  @ApiOkResponse({ type: MilestoneDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  submit(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return this.milestones.transition(user, id, 'submit');
  }

  @Act('milestone.review')
  @Post(':id/review')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Approve or return (with observations) a submitted milestone (guarantor titular/alternate members of another organization)',
    description: '403 `self_review_forbidden` for the responsible organization; 409 `milestone_not_submitted` when it is no longer submitted (e.g. another reviewer was first).',
  })
  @ApiOkResponse({ type: MilestoneDto })
  @ApiProblems(400, 401, 403, 404, 409)
  review(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: ReviewMilestoneDto) {
    return this.milestones.transition(user, id, dto.decision, dto.observations);
  }

  @Act('milestone.read')
  @Get(':id/reviews')
  @ApiOperation({ summary: 'Review history of a milestone (approvals and returns with observations)' })
  @ApiOkResponse({ type: MilestoneReviewListDto })
  @ApiProblems(400, 401, 404)
  async reviews(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return { items: await this.milestones.reviews(user, id) };
  }

  @Act('milestone.read')
  @Get(':id/evidence')
  @ApiOperation({ summary: 'Evidence of a milestone (superseded items included, marked)' })
  @ApiOkResponse({ type: EvidenceListDto })
  @ApiProblems(400, 401, 404)
  async evidenceList(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    return { items: await this.evidence.list(user, id) };
  }

  @Act('evidence.add')
  @Post(':id/evidence')
  @ApiOperation({
    summary: 'Attach evidence: a link (JSON) or a file (multipart/form-data, field `file`) — members of the responsible organization',
    description:
      'Files: PDF, PNG/JPEG/GIF/WebP, Office (docx/xlsx/pptx, doc/xls/ppt), OpenDocument or CSV, at most 20 MB, type detected from the content ' +
      '(400 `evidence_type_not_allowed`, `evidence_too_large`, `evidence_file_empty`, `evidence_file_name_invalid`). Once the milestone is submitted or ' +
      'approved, evidence can only be superseded (`supersedesId`; 409 `evidence_locked` otherwise).',
  })
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiRequestContent({ 'application/json': LinkEvidenceDto, 'multipart/form-data': FileEvidenceFormDto })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiProblems(400, 401, 403, 404, 409)
  async evidenceAdd(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Req() req: FastifyRequest) {
    if (req.isMultipart()) return this.evidence.addFile(user, id, req);
    const dto: LinkEvidenceDto = await evidenceBodyPipe.transform(req.body ?? {}, { type: 'body', metatype: LinkEvidenceDto });
    return this.evidence.addLink(user, id, dto);
  }
}
