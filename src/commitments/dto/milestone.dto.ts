import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsNotEmpty, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { MILESTONE_STATUSES, MilestoneStatus } from '../milestone-states';
import { MAX_INT, Optional } from '../../common/validation';
import { PageOf, PageQuery } from '../../common/pagination';

const DATE = { format: 'date', example: '2025-06-30' } as const;

export class MilestoneInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Existing milestone to keep/update (PUT); omit for a new one.' })
  @Optional() @IsUUID()
  id?: string;

  @ApiProperty({ maxLength: 300 }) @IsString() @MinLength(3) @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @Optional() @IsString() @MaxLength(5000)
  deliverable?: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @Optional() @IsString() @MaxLength(5000)
  meansOfVerification?: string;

  @ApiProperty({ format: 'uuid', description: 'Organization whose members implement and submit it.' }) @IsUUID()
  responsibleOrganizationId: string;

  @ApiProperty(DATE) @IsISO8601({ strict: true }) @MinLength(10) @MaxLength(10)
  startDate: string;

  @ApiProperty({ ...DATE, description: 'Due at the end of this day in the secretariat\'s time zone.' })
  @IsISO8601({ strict: true }) @MinLength(10) @MaxLength(10)
  dueDate: string;

  @ApiProperty({ minimum: 1, maximum: 100, description: 'The weights of a commitment\'s milestones sum to 100.' })
  @IsInt() @Min(1) @Max(100)
  weight: number;
}

/** A set of milestones: POST appends to the commitment's set, PUT replaces it; either way the result must weigh 100. */
export class MilestoneSetDto {
  @ApiProperty({ type: [MilestoneInputDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MilestoneInputDto)
  milestones: MilestoneInputDto[];
}

export class UpdateMilestoneDto {
  @ApiPropertyOptional({ description: 'The version you read; a stale one gets 409 `stale_version`.' })
  @Optional() @IsInt() @Min(1) @Max(MAX_INT)
  version?: number;

  @ApiPropertyOptional({ maxLength: 300 }) @Optional() @IsString() @MinLength(3) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @Optional() @IsString() @MaxLength(5000)
  deliverable?: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @Optional() @IsString() @MaxLength(5000)
  meansOfVerification?: string;

  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID()
  responsibleOrganizationId?: string;

  @ApiPropertyOptional(DATE) @Optional() @IsISO8601({ strict: true }) @MinLength(10) @MaxLength(10)
  startDate?: string;

  @ApiPropertyOptional(DATE) @Optional() @IsISO8601({ strict: true }) @MinLength(10) @MaxLength(10)
  dueDate?: string;
}

export class ReviewMilestoneDto {
  @ApiProperty({ enum: ['approve', 'return'] }) @IsIn(['approve', 'return'])
  decision: 'approve' | 'return';

  @ApiPropertyOptional({ maxLength: 5000, description: 'Required when returning.' })
  @ValidateIf((o) => o.decision === 'return' || o.observations !== undefined)
  @IsString() @IsNotEmpty() @MaxLength(5000)
  observations?: string;
}

export class MilestoneDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) commitmentId: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty() deliverable: string;
  @ApiProperty() meansOfVerification: string;
  @ApiProperty({ format: 'uuid' }) responsibleOrganizationId: string;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ description: 'End of the due date in the secretariat\'s time zone.' }) dueAt: Date;
  @ApiProperty() weight: number;
  @ApiProperty({ enum: MILESTONE_STATUSES }) status: MilestoneStatus;
  @ApiProperty({ description: 'Due instant passed and not approved.' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: Date }) submittedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) reviewedAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Observations of the last return.' }) observations: string | null;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class MilestoneDetailDto extends MilestoneDto {
  @ApiActions('milestone') actions: ActionOn<'milestone'>[];
}

export class MilestoneListDto {
  @ApiProperty({ type: [MilestoneDto] }) items: MilestoneDto[];
}

export class MilestoneReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['approve', 'return'] }) decision: string;
  @ApiProperty({ nullable: true, type: String }) observations: string | null;
  @ApiProperty({ format: 'uuid' }) reviewerId: string;
  @ApiProperty() createdAt: Date;
}

export class MilestoneReviewListDto {
  @ApiProperty({ type: [MilestoneReviewDto] }) items: MilestoneReviewDto[];
}

/** GET /secretariats/:id/milestones: one status across the secretariat (the guarantor's review queue is `submitted`). */
export class SecretariatMilestoneQuery extends PageQuery {
  @ApiPropertyOptional({ enum: MILESTONE_STATUSES, description: '`submitted` lists the review queue, oldest submission first; any other status (or none) lists by due date, soonest first.' })
  @Optional() @IsIn(MILESTONE_STATUSES)
  status?: MilestoneStatus;
}

export class SecretariatMilestoneDto extends MilestoneDto {
  @ApiProperty({ example: 'OAX-2019-03' }) commitmentCode: string;
  @ApiProperty() commitmentTitle: string;
  @ApiProperty() responsibleOrganizationName: string;
  @ApiActions('milestone') actions: ActionOn<'milestone'>[];
}

export class SecretariatMilestonePageDto extends PageOf(SecretariatMilestoneDto) {}
