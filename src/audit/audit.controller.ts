import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { ApiProblems } from '../common/openapi';
import { PageQuery, PageOf } from '../common/pagination';
import { AuditService } from './audit.service';
import { IsString, Matches } from 'class-validator';
import { Optional, UuidParam } from '../common/validation';

export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Position in the secretariat chain, from 1' }) seq: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Only shown to members' }) actorId?: string | null;
  @ApiProperty({ example: 'plan' }) subjectType: string;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ example: 'stage_changed' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'SHA-256 of `data` (canonical JSON); only shown to members' }) dataDigest?: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ type: String, nullable: true }) prevHash: string | null;
  @ApiProperty({ description: 'Keyed pseudonym (HMAC) of actor, subject, action and data digest: the hash covers it instead of the actor, so it can be published without revealing who acted' })
  seal: string;
  @ApiProperty({ description: 'SHA-256 of prevHash|seq|chain|seal|subjectType|subjectId|action|occurredAt (ISO 8601 UTC, ms)' }) hash: string;
}

export class AuditPageDto extends PageOf(AuditEventDto) {
  @ApiProperty({ description: 'true when only the public subset is shown (caller is not a member)' }) publicView: boolean;
}

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'secretariat', description: 'Only events on this kind of subject' })
  @Optional() @IsString() @Matches(/^[a-z_]{1,40}$/)
  subjectType?: string;

  @ApiPropertyOptional({ example: 'secretariat.transitioned', description: 'Only events with this action' })
  @Optional() @IsString() @Matches(/^[a-z_.]{1,80}$/)
  action?: string;
}

export class AuditVerificationDto {
  @ApiProperty() valid: boolean;
  @ApiProperty({ description: 'Events checked' }) events: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) firstBrokenEventId: string | null;
}

@ApiTags('audit')
@Public()
@Controller('secretariats/:id/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: "A secretariat's audit trail, oldest first",
    description: 'Filter by `subjectType` and `action`. Members and platform admins see every event whose subject they may read (never another organization\'s draft proposal). Anyone else sees the public subset (no membership/invitation events, no actor, data or digest) of secretariats with a published plan; otherwise 404.',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(400, 404)
  list(@Param('id', UuidParam) id: string, @Query() page: AuditQuery, @CurrentUser() user?: AuthUser): Promise<AuditPageDto> {
    return this.audit.listForViewer(id, user, page);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the hash chain; anyone may verify', description: 'Finds the first altered, deleted or reordered event.' })
  @ApiOkResponse({ type: AuditVerificationDto })
  @ApiProblems(400, 404)
  verify(@Param('id', UuidParam) id: string): Promise<AuditVerificationDto> {
    return this.audit.verifySecretariat(id);
  }
}
