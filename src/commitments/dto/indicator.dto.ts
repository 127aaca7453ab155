import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNumber, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../common/validation';

const DATE = { format: 'date', example: '2025-06-30' } as const;
const finite = { allowNaN: false, allowInfinity: false } as const;

export class CreateIndicatorDto {
  @ApiProperty({ maxLength: 300, example: 'Efectividad de las inscripciones en línea' }) @IsString() @MinLength(3) @MaxLength(300)
  name: string;

  @ApiPropertyOptional({ maxLength: 5000 }) @Optional() @IsString() @MaxLength(5000)
  description?: string;

  @ApiProperty({ maxLength: 50, example: '%' }) @IsString() @MinLength(1) @MaxLength(50)
  unit: string;

  @ApiProperty({ example: 60 }) @IsNumber(finite)
  baseline: number;

  @ApiPropertyOptional(DATE) @Optional() @IsISO8601({ strict: true }) @MinLength(10) @MaxLength(10)
  baselineDate?: string;

  @ApiProperty({ example: 96, description: 'Must differ from the baseline.' }) @IsNumber(finite)
  target: number;

  @ApiPropertyOptional(DATE) @Optional() @IsISO8601({ strict: true }) @MinLength(10) @MaxLength(10)
  targetDate?: string;
}

export class CreateMeasurementDto {
  @ApiProperty(DATE) @IsISO8601({ strict: true }) @MinLength(10) @MaxLength(10)
  measuredOn: string;

  @ApiProperty({ example: 96 }) @IsNumber(finite)
  value: number;

  @ApiProperty({ maxLength: 1000, example: 'Registro Civil, informe trimestral' }) @IsString() @MinLength(2) @MaxLength(1000)
  source: string;

  @ApiPropertyOptional() @Optional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(2000)
  sourceUrl?: string;

  @ApiPropertyOptional({ maxLength: 2000 }) @Optional() @IsString() @MaxLength(2000)
  note?: string;
}

export class MeasurementDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date' }) measuredOn: string;
  @ApiProperty() value: number;
  @ApiProperty() source: string;
  @ApiProperty({ nullable: true, type: String }) sourceUrl: string | null;
  @ApiProperty() note: string;
  @ApiProperty({ format: 'uuid' }) recordedById: string;
  @ApiProperty() createdAt: Date;
}

export class IndicatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) commitmentId: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() unit: string;
  @ApiProperty() baseline: number;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) baselineDate: string | null;
  @ApiProperty() target: number;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) targetDate: string | null;
  @ApiProperty({ nullable: true, type: MeasurementDto, description: 'Measurement with the latest date.' }) latest: MeasurementDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'latest value / target × 100.' }) percentOfTarget: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Share of the way from baseline to target covered by the latest value, × 100 (works for decreasing targets).' }) progressToTarget: number | null;
  @ApiProperty({ enum: ['up', 'down', 'flat'], nullable: true, description: 'Direction of the last two measurements.' }) trend: 'up' | 'down' | 'flat' | null;
  @ApiProperty({ type: [MeasurementDto], description: 'Every measurement, oldest first (the trend).' }) measurements: MeasurementDto[];
  @ApiProperty() createdAt: Date;
  @ApiActions('indicator') actions: ActionOn<'indicator'>[];
}

export class IndicatorListDto {
  @ApiProperty({ type: [IndicatorDto] }) items: IndicatorDto[];
}
