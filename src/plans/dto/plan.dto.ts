import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { PageQuery, PageOf } from '../../common/pagination';
import { PLAN_STAGES, PlanStage } from '../plan-stages';
import { Optional, Text } from '../../common/validation';
import { countsSchema } from '../../common/openapi';
import { PROPOSAL_STATUSES } from '../../proposals/proposal-states';

export class CreatePlanDto {
  @ApiProperty({ example: 'Plan de Acción Local de Gobierno Abierto Oaxaca 2019–2021', maxLength: 200 })
  @Text(200)
  title: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional() @Text(5000)
  description?: string;

  @ApiProperty({ example: 2019, minimum: 2000, maximum: 2100 })
  @IsInt() @Min(2000) @Max(2100)
  periodStart: number;

  @ApiProperty({ example: 2021, minimum: 2000, maximum: 2100, description: 'Same as or after periodStart.' })
  @IsInt() @Min(2000) @Max(2100)
  periodEnd: number;
}

export class UpdatePlanDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional() @Text(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional() @Text(5000)
  description?: string;

  @ApiPropertyOptional({ minimum: 2000, maximum: 2100, description: 'Only while the plan is a draft.' })
  @Optional() @IsInt() @Min(2000) @Max(2100)
  periodStart?: number;

  @ApiPropertyOptional({ minimum: 2000, maximum: 2100, description: 'Only while the plan is a draft.' })
  @Optional() @IsInt() @Min(2000) @Max(2100)
  periodEnd?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: "Deadline of the current stage (null removes it)." })
  @IsOptional() @IsISO8601({ strict: true })
  stageDeadline?: string | null;
}

export class MoveStageDto {
  @ApiProperty({ enum: PLAN_STAGES })
  @IsIn(PLAN_STAGES)
  to: PlanStage;

  @ApiPropertyOptional({ enum: PLAN_STAGES, description: 'The stage the caller saw. When given and the plan has moved on since, the move is refused (409 `stage_changed`) instead of being applied to a stage the caller never saw.' })
  @IsOptional() @IsIn(PLAN_STAGES)
  from?: PlanStage;

  @ApiPropertyOptional({ format: 'date-time', description: 'Deadline of the new stage (must be in the future).' })
  @Optional() @IsISO8601({ strict: true })
  deadline?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @Optional() @Text(1000)
  reason?: string;
}

export class PlanListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PLAN_STAGES })
  @Optional() @IsIn(PLAN_STAGES)
  stage?: PlanStage;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 2019 }) periodStart: number;
  @ApiProperty({ example: 2021 }) periodEnd: number;
  @ApiProperty({ enum: PLAN_STAGES }) stage: PlanStage;
  @ApiProperty() stageChangedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) stageDeadline: Date | null;
  @ApiProperty({ description: 'Whether the current stage deadline has passed.' }) stageOverdue: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The adoption round that approved the plan.' }) adoptionRoundId: string | null;
  @ApiProperty({ type: Date, nullable: true }) adoptedAt: Date | null;
  @ApiProperty({ format: 'uuid' }) createdById: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class PlanPageDto extends PageOf(PlanDto) {}

export class StageChangeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PLAN_STAGES }) fromStage: PlanStage;
  @ApiProperty({ enum: PLAN_STAGES }) toStage: PlanStage;
  @ApiProperty({ format: 'uuid' }) actorId: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: Date, nullable: true }) deadline: Date | null;
  @ApiProperty() createdAt: Date;
}

export class PlanDetailDto extends PlanDto {
  @ApiProperty({ type: [StageChangeDto], description: 'Stage history, oldest first.' }) history: StageChangeDto[];
  @ApiProperty({ description: 'Proposals per status (statuses with none left out).', example: { submitted: 3, accepted: 2 }, ...countsSchema(PROPOSAL_STATUSES) }) proposalCounts: Record<string, number>;
  @ApiActions('plan') actions: ActionOn<'plan'>[];
}
