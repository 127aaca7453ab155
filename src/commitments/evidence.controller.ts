import { Act } from '../access/act.decorator';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { EvidenceDto, UpdateEvidenceDto } from './dto/evidence.dto';
import { EvidenceService } from './evidence.service';
import { EVIDENCE_MIME_TYPES } from './file-type';
import { UuidParam } from '../common/validation';

@ApiTags('evidence')
@Controller('evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @ApiBearerAuth()
  @Act('evidence.update')
  @Patch(':id')
  @ApiOperation({ summary: 'Edit the description or the public flag of evidence (responsible organization or coordinators)' })
  @ApiOkResponse({ type: EvidenceDto })
  @ApiProblems(400, 401, 403, 404)
  update(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: UpdateEvidenceDto) {
    return this.evidence.update(user, id, dto);
  }

  @ApiBearerAuth()
  @Act('evidence.remove')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove evidence while the milestone is being worked on (409 `evidence_locked` once submitted or approved: supersede instead)' })
  @ApiNoContentResponse()
  @ApiProblems(400, 401, 403, 404, 409)
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string) {
    await this.evidence.remove(user, id);
  }

  @Public()
  @ApiBearerAuth()
  @Get(':id/file')
  @ApiOperation({
    summary: 'Download an evidence file with its detected Content-Type and an attachment Content-Disposition',
    description: 'Members of the secretariat and platform admins: any file. Without login (or as a non-member): only files marked public of a published plan (adoption onwards); 404 otherwise.',
  })
  @ApiProduces(...EVIDENCE_MIME_TYPES)
  @ApiOkResponse({
    description: 'The file bytes, with the type detected at upload',
    content: Object.fromEntries(EVIDENCE_MIME_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  })
  @ApiProblems(400, 401, 404)
  download(@CurrentUser() user: AuthUser | undefined, @Param('id', UuidParam) id: string): Promise<StreamableFile> {
    return this.evidence.download(user, id);
  }
}
