import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { COMMITMENT_STATUSES, CommitmentStatus } from '../commitment.entity';
import { IRM_COMPLETION, IrmCompletion } from '../progress';
import { MAX_INT, Optional } from '../../common/validation';
import { PageOf } from '../../common/pagination';

export const OGP_VALUES = ['access_to_information', 'civic_participation', 'public_accountability', 'technology_innovation'] as const;
export const INEQUALITY_FOCUS = ['gender', 'indigenous_peoples', 'disability', 'rural', 'youth', 'other'] as const;

/** Fields of a commitment that coordinators edit (before implementation) or a modification request changes. */
export class UpdateCommitmentDto {
  @ApiPropertyOptional({ description: 'The version you read; a stale one gets 409 `stale_version`.' })
  @Optional() @IsInt() @Min(1) @Max(MAX_INT)
  version?: number;

  @ApiPropertyOptional({ maxLength: 300 }) @Optional() @IsString() @MinLength(3) @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ maxLength: 10000 }) @Optional() @IsString() @MaxLength(10000)
  publicProblem?: string;

  @ApiPropertyOptional({ maxLength: 10000 }) @Optional() @IsString() @MaxLength(10000)
  statusQuo?: string;

  @ApiPropertyOptional({ maxLength: 10000 }) @Optional() @IsString() @MaxLength(10000)
  description?: string;

  @ApiPropertyOptional({ maxLength: 10000 }) @Optional() @IsString() @MaxLength(10000)
  howItSolves?: string;

  @ApiPropertyOptional({ enum: OGP_VALUES, isArray: true, description: 'At least one of the first three.' })
  @Optional() @IsArray() @ArrayUnique() @IsIn(OGP_VALUES, { each: true })
  ogpValues?: string[];

  @ApiPropertyOptional({ type: [Number], description: 'Sustainable Development Goals, 1–17.' })
  @Optional() @IsArray() @ArrayUnique() @ArrayMaxSize(17) @IsInt({ each: true }) @Min(1, { each: true }) @Max(17, { each: true })
  sdgs?: number[];

  @ApiPropertyOptional({ enum: INEQUALITY_FOCUS, isArray: true })
  @Optional() @IsArray() @ArrayUnique() @IsIn(INEQUALITY_FOCUS, { each: true })
  inequalityFocus?: string[];

  @ApiPropertyOptional({ format: 'uuid', description: 'A government organization.' })
  @Optional() @IsUUID()
  leadAgencyId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional() @IsArray() @ArrayUnique() @ArrayMaxSize(20) @IsUUID('all', { each: true })
  coResponsibleOrganizationIds?: string[];

  @ApiPropertyOptional({ format: 'date', example: '2024-03-01', description: 'Inside the plan period.' })
  @Optional() @IsISO8601({ strict: true }) @MaxLength(10) @MinLength(10)
  startDate?: string;

  @ApiPropertyOptional({ format: 'date', example: '2025-12-31', description: 'Inside the plan period.' })
  @Optional() @IsISO8601({ strict: true }) @MaxLength(10) @MinLength(10)
  endDate?: string;
}

export class ProgressDto {
  @ApiProperty({ description: 'Σ weight of approved milestones (0–100): verified by the guarantor.' }) verifiedProgress: number;
  @ApiProperty({ description: 'Σ weight of approved and submitted milestones: reported by the implementers.' }) selfReportedProgress: number;
  @ApiProperty({ enum: IRM_COMPLETION, description: 'IRM completion of the verified progress: not_started 0, limited 1–49, substantial 50–99, complete 100.' }) completion: IrmCompletion;
  @ApiProperty({ enum: IRM_COMPLETION }) selfReportedCompletion: IrmCompletion;
  @ApiProperty({ description: 'Σ weight of all milestones (100 once the set is defined).' }) weightTotal: number;
  @ApiProperty() milestones: number;
  @ApiProperty() approvedMilestones: number;
  @ApiProperty() submittedMilestones: number;
  @ApiProperty() overdueMilestones: number;
}

export class CommitmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) proposalId: string | null;
  @ApiProperty({ example: 'JAL-2019-03' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() publicProblem: string;
  @ApiProperty() statusQuo: string;
  @ApiProperty() description: string;
  @ApiProperty() howItSolves: string;
  @ApiProperty({ enum: OGP_VALUES, isArray: true }) ogpValues: string[];
  @ApiProperty({ type: [Number] }) sdgs: number[];
  @ApiProperty({ enum: INEQUALITY_FOCUS, isArray: true }) inequalityFocus: string[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leadAgencyId: string | null;
  @ApiProperty({ type: [String], format: 'uuid' }) coResponsibleOrganizationIds: string[];
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ enum: COMMITMENT_STATUSES }) status: CommitmentStatus;
  @ApiProperty() version: number;
  @ApiProperty({ type: ProgressDto }) progress: ProgressDto;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CommitmentPageDto extends PageOf(CommitmentDto) {}

export class CommitmentDetailDto extends CommitmentDto {
  @ApiActions('commitment') actions: ActionOn<'commitment'>[];
}
