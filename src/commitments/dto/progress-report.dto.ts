import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, MaxLength, Min, MinLength, Max } from 'class-validator';
import { REPORT_PERIODS, ReportPeriod } from '../progress-report.entity';
import { MAX_INT, Optional } from '../../common/validation';

export class CreateProgressReportDto {
  @ApiProperty({ enum: REPORT_PERIODS }) @IsIn(REPORT_PERIODS)
  period: ReportPeriod;

  @ApiProperty({ maxLength: 50000 }) @IsString() @MinLength(10) @MaxLength(50000)
  text: string;
}

export class UpdateProgressReportDto {
  @ApiPropertyOptional({ description: 'The version you read; a stale one gets 409 `stale_version`.' }) @Optional() @IsInt() @Min(1) @Max(MAX_INT)
  version?: number;

  @ApiProperty({ maxLength: 50000 }) @IsString() @MinLength(10) @MaxLength(50000)
  text: string;
}

export class CreateReportCommentDto {
  @ApiProperty({ maxLength: 10000 }) @IsString() @MinLength(1) @MaxLength(10000)
  text: string;
}

export class ReportCommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty() sector: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organizationId: string | null;
  @ApiProperty() createdAt: Date;
}

export class ProgressReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) commitmentId: string;
  @ApiProperty({ enum: REPORT_PERIODS }) period: ReportPeriod;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Verified progress when written or last edited.' }) progressAtReport: number;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: [ReportCommentDto] }) comments: ReportCommentDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiActions('progress_report') actions: ActionOn<'progress_report'>[];
}

export class ProgressReportListDto {
  @ApiProperty({ type: [ProgressReportDto] }) items: ProgressReportDto[];
}
