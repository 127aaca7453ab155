import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsUUID } from 'class-validator';
import { Sector, SECTORS } from '../../catalog/sector';
import { MemberOrganizationDto, toBool } from './member.dto';
import { Optional, Text } from '../../common/validation';

export class CreateSeatDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId: string;

  @ApiPropertyOptional({ enum: SECTORS, description: "Optional check: must equal the organization's sector (422 `sector_mismatch`)" })
  @Optional() @IsIn(SECTORS)
  sector?: Sector;
}

export class VacateSeatDto {
  @ApiProperty({ example: 'La organización se retiró del secretariado', maxLength: 1000 })
  @Text(1000)
  reason: string;
}

export class ReassignSeatDto {
  @ApiProperty({ format: 'uuid', description: 'The organization that takes the seat (same sector)' })
  @IsUUID()
  organizationId: string;

  @ApiProperty({ example: 'Rotación acordada en sesión ordinaria', maxLength: 1000 })
  @Text(1000)
  reason: string;
}

export class SeatQuery {
  @ApiPropertyOptional({ description: 'Also list vacated seats (history)', default: false })
  @Optional() @Transform(toBool) @IsBoolean()
  includeVacated?: boolean;
}

export class SeatHolderDto {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
}

export class SeatDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ type: MemberOrganizationDto }) organization: MemberOrganizationDto;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: Date, nullable: true }) vacatedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) vacateReason: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The seat this one replaced (reassignment)' }) previousSeatId: string | null;
  @ApiProperty({ type: SeatHolderDto, nullable: true }) titular: SeatHolderDto | null;
  @ApiProperty({ type: SeatHolderDto, nullable: true }) alternate: SeatHolderDto | null;
  @ApiProperty() createdAt: Date;
}
