import { Act } from '../access/act.decorator';
import { Body, Controller, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { ApiProblems } from '../common/openapi';
import { CreateReportCommentDto, ProgressReportDto, ReportCommentDto, UpdateProgressReportDto } from './dto/progress-report.dto';
import { ProgressReportsService } from './progress-reports.service';
import { UuidParam } from '../common/validation';

@ApiTags('progress-reports')
@ApiBearerAuth()
@Controller('progress-reports')
export class ProgressReportsController {
  constructor(private readonly reports: ProgressReportsService) {}

  @Act('progress_report.update')
  @Patch(':id')
  @ApiOperation({ summary: 'Edit a progress report (members of the lead agency)' })
  @ApiOkResponse({ type: ProgressReportDto })
  @ApiProblems(400, 401, 403, 404, 409)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateProgressReportDto) {
    return this.reports.update(user, id, dto);
  }

  @Act('progress_report.comment')
  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a progress report (members of civil society and of the guarantor body)' })
  @ApiCreatedResponse({ type: ReportCommentDto })
  @ApiProblems(400, 401, 403, 404)
  comment(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: CreateReportCommentDto) {
    return this.reports.comment(user, id, dto.text);
  }
}
