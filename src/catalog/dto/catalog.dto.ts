import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn } from 'class-validator';
import { PageQuery, PageOf } from '../../common/pagination';
import { ORGANIZATION_KINDS, OrganizationKind } from '../organization-kind';
import { Sector, SECTORS } from '../sector';
import { Optional, Text, Pattern } from '../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class StateDto {
  @ApiProperty({ example: '20', description: 'INEGI code' }) code: string;
  @ApiProperty({ example: 'Oaxaca' }) name: string;
  @ApiProperty({ example: 'OAX' }) abbreviation: string;
  @ApiProperty({ example: 'America/Mexico_City', description: 'IANA time zone' }) timeZone: string;
}

export const STATE_CODE = /^(0[1-9]|[12][0-9]|3[0-2])$/;

export class CreateOrganizationDto {
  @ApiProperty({ example: 'Colectivo Oaxaqueño por la Transparencia A.C.', maxLength: 300 })
  @Transform(trim) @Text(300)
  name: string;

  @ApiProperty({ enum: SECTORS })
  @IsIn(SECTORS)
  sector: Sector;

  @ApiProperty({
    enum: ORGANIZATION_KINDS,
    description: 'Must fit the sector: government → dependencia, ayuntamiento, poder_legislativo, poder_judicial, organo_autonomo, otro; ' +
      'civil_society → osc, academia, otro; guarantor → organismo_garante (422 `kind_sector_mismatch` otherwise).',
  })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @ApiProperty({ example: '20', description: 'INEGI state code' })
  @Pattern('stateCode', STATE_CODE)
  stateCode: string;
}

/** Sector and state are fixed once created (seats depend on the sector). */
export class UpdateOrganizationDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @Optional() @Transform(trim) @Text(300)
  name?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS, description: 'Must fit the organization’s sector.' })
  @Optional() @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;
}

export class OrganizationQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name (case- and accent-insensitive)', maxLength: 100 })
  @Optional() @Text(100)
  q?: string;

  @ApiPropertyOptional({ enum: SECTORS })
  @Optional() @IsIn(SECTORS)
  sector?: Sector;

  @ApiPropertyOptional({ example: '20' })
  @Optional() @Pattern('stateCode', STATE_CODE)
  state?: string;
}

export class OrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty({ example: '20' }) stateCode: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class OrganizationPageDto extends PageOf(OrganizationDto) {}
