import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsString, IsUUID, MaxLength, MinLength, ValidateNested, IsObject } from 'class-validator';
import { MODIFICATION_STATUSES, ModificationStatus } from '../modification-request.entity';
import { UpdateCommitmentDto } from './commitment.dto';
import { MilestoneInputDto } from './milestone.dto';
import { Optional } from '../../common/validation';

export class CommitmentChangesDto extends OmitType(UpdateCommitmentDto, ['version'] as const) {}

export class CreateModificationRequestDto {
  @ApiProperty({ maxLength: 5000, description: 'Why the commitment must change (shown to the voters).' })
  @IsString() @MinLength(10) @MaxLength(5000)
  reason: string;

  @ApiPropertyOptional({ type: CommitmentChangesDto, description: 'Commitment fields to change.' })
  @Optional() @IsObject() @ValidateNested() @Type(() => CommitmentChangesDto)
  changes?: CommitmentChangesDto;

  @ApiPropertyOptional({ type: [MilestoneInputDto], description: 'The whole new milestone set (ids keep existing milestones; weights sum to 100).' })
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MilestoneInputDto)
  milestones?: MilestoneInputDto[];

  @ApiPropertyOptional({ description: 'Withdraw the commitment from the plan.' })
  @Optional() @IsBoolean()
  withdraw?: boolean;
}

export class LinkRoundDto {
  @ApiProperty({ format: 'uuid', description: 'A `motion` voting round of the same secretariat, opened after the request.' })
  @IsUUID()
  votingRoundId: string;
}

export class ModificationRequestDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) commitmentId: string;
  @ApiProperty() reason: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ changes?, milestones?, withdraw? } as requested.' }) changes: Record<string, unknown>;
  @ApiProperty({ enum: MODIFICATION_STATUSES }) status: ModificationStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) votingRoundId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Outcome of the voting round once decided.' }) outcome: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ format: 'uuid' }) requestedById: string;
  @ApiProperty() createdAt: Date;
}

export class ModificationRequestListDto {
  @ApiProperty({ type: [ModificationRequestDto] }) items: ModificationRequestDto[];
}


export class ModificationRequestDetailDto extends ModificationRequestDto {
  @ApiActions('modification_request') actions: ActionOn<'modification_request'>[];
}
