import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Sector, SECTORS } from '../../catalog/sector';
import { PageQuery, PageOf } from '../../common/pagination';
import { SEAT_ROLES, SeatRole, VOTING_ROLES } from '../membership.entity';
import { Optional } from '../../common/validation';

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export class CreateInvitationDto {
  @ApiProperty({ example: 'persona@ejemplo.mx' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ enum: SEAT_ROLES, description: '`titular`/`alternate` need `seatId`; `observer`/`facilitator` need `sector` or `organizationId`' })
  @IsIn(SEAT_ROLES)
  role: SeatRole;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for titular and alternate; not allowed otherwise' })
  @ValidateIf((o: CreateInvitationDto) => VOTING_ROLES.includes(o.role) || o.seatId !== undefined)
  @IsUUID()
  seatId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Observer/facilitator: the organization they act for (optional)' })
  @Optional() @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ enum: SECTORS, description: "Observer/facilitator: the sector they act for (default: the organization's)" })
  @Optional() @IsIn(SECTORS)
  sector?: Sector;

  @ApiPropertyOptional({ default: false })
  @Optional() @IsBoolean()
  isCoordinator?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 30, default: 7 })
  @Optional() @IsInt() @Min(1) @Max(30)
  expiresInDays?: number;
}

export class InvitationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: INVITATION_STATUSES })
  @Optional() @IsIn(INVITATION_STATUSES)
  status?: InvitationStatus;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: SEAT_ROLES }) role: SeatRole;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) seatId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organizationId: string | null;
  @ApiProperty() isCoordinator: boolean;
  @ApiProperty({ enum: INVITATION_STATUSES }) status: InvitationStatus;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ type: Date, nullable: true }) acceptedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) acceptedByUserId: string | null;
  @ApiProperty({ type: Date, nullable: true }) revokedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) invitedById: string | null;
  @ApiProperty() createdAt: Date;
}

export class CreatedInvitationDto extends InvitationDto {
  @ApiProperty({ enum: ['sent', 'logged', 'failed'], description: '`logged` when no SMTP_URL is configured; `failed` when the SMTP server refused it (revoke and invite again)' })
  emailStatus: 'sent' | 'logged' | 'failed';
}

export class InvitationPageDto extends PageOf(InvitationDto) {}

/** What the holder of a link may see before accepting. */
export class InvitationPreviewDto {
  @ApiProperty() secretariatName: string;
  @ApiProperty({ enum: SEAT_ROLES }) role: SeatRole;
  @ApiProperty({ enum: SECTORS }) sector: Sector;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty() isCoordinator: boolean;
  @ApiProperty({ example: 'p*****@ejemplo.mx' }) emailHint: string;
  @ApiProperty({ enum: INVITATION_STATUSES }) status: InvitationStatus;
  @ApiProperty() expiresAt: Date;
}
