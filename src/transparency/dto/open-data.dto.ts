import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsUUID } from 'class-validator';
import { COMMITMENT_STATUSES } from '../../commitments/commitment.entity';
import { MILESTONE_STATUSES } from '../../commitments/milestone-states';
import { STATE_FILTER } from './public.dto';
import { Optional, Pattern } from '../../common/validation';

class OpenDataQuery {
  @ApiPropertyOptional({ description: 'State: INEGI code (`20`) or abbreviation (`OAX`)', example: 'OAX' })
  @Optional() @Pattern('stateFilter', STATE_FILTER)
  state?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One published plan' })
  @Optional() @IsUUID('all')
  plan?: string;

  @ApiPropertyOptional({ description: 'CSV only: start with a UTF-8 byte order mark (helps some spreadsheet programs detect the encoding)', default: false })
  @Optional() @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value)) @IsBoolean()
  bom?: boolean;
}

export class CommitmentsOpenDataQuery extends OpenDataQuery {
  @ApiPropertyOptional({ enum: COMMITMENT_STATUSES })
  @Optional() @IsIn(COMMITMENT_STATUSES)
  status?: string;
}

export const MILESTONE_STATUS_FILTERS = [...MILESTONE_STATUSES, 'overdue'] as const;

export class MilestonesOpenDataQuery extends OpenDataQuery {
  @ApiPropertyOptional({ enum: MILESTONE_STATUS_FILTERS, description: '`overdue`: due date passed and not approved' })
  @Optional() @IsIn(MILESTONE_STATUS_FILTERS)
  status?: string;
}

export class OpenDataColumnDto {
  @ApiProperty({ example: 'commitment_id' }) name: string;
  @ApiProperty({ enum: ['uuid', 'text', 'integer', 'boolean', 'date', 'datetime', 'list'] }) type: string;
  @ApiProperty({ description: 'What the column holds, in Spanish (Markdown code spans for values)' }) description: string;
}

export class OpenDataSetDto {
  @ApiProperty({ enum: ['commitments', 'milestones'] }) name: string;
  @ApiProperty({ example: '/api/v1/open-data/commitments.csv' }) csv: string;
  @ApiProperty({ example: '/api/v1/open-data/commitments.json' }) json: string;
  @ApiProperty({ type: [String], description: 'Values the `status` filter accepts' }) statuses: string[];
  @ApiProperty({ type: [OpenDataColumnDto], description: 'Columns in order: the CSV header and the keys of each JSON object' }) columns: OpenDataColumnDto[];
}

export class OpenDataCatalogDto {
  @ApiProperty({ type: [OpenDataSetDto] }) datasets: OpenDataSetDto[];
}
