import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean } from 'class-validator';
import { Sector, SECTORS } from '../../catalog/sector';
import { PageQuery, PageOf } from '../../common/pagination';
import { SEAT_ROLES, SeatRole } from '../membership.entity';
import { Optional, Text } from '../../common/validation';

export const toBool = ({ value }: { value: unknown }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value);

export class MemberContextDto {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) seatId: string | null;
  @ApiProperty({ enum: SEAT_ROLES }) role: SeatRole;
  @ApiProperty() isCoordinator: boolean;
}

export class MemberOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiPropertyOptional({ description: 'Only for coordinators and platform admins' }) email?: string;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ type: MemberOrganizationDto, nullable: true }) organization: MemberOrganizationDto | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) seatId: string | null;
  @ApiProperty({ enum: SEAT_ROLES }) role: SeatRole;
  @ApiProperty() isCoordinator: boolean;
  @ApiProperty() startedAt: Date;
  @ApiProperty({ type: Date, nullable: true }) endedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) endReason: string | null;
}

export class MemberPageDto extends PageOf(MemberDto) {}

export class MemberQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Also list ended memberships (history)', default: false })
  @Optional() @Transform(toBool) @IsBoolean()
  includeEnded?: boolean;
}

export class EndMembershipDto {
  @ApiProperty({ example: 'Concluyó su periodo', maxLength: 1000 })
  @Text(1000)
  reason: string;
}

export class UpdateMembershipDto {
  @ApiProperty({ description: 'Grant or remove the coordinator flag' })
  @IsBoolean()
  isCoordinator: boolean;
}
