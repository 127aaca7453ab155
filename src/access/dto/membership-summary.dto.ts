import { ApiProperty } from '@nestjs/swagger';

/** One of the caller's active memberships, as `GET /me` lists them (DESIGN §3 "Membership"). */
export class MembershipSummaryDto {
  @ApiProperty({ format: 'uuid' }) membershipId: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty({ example: 'Secretariado Técnico Local de Gobierno Abierto de Oaxaca' }) secretariatName: string;
  @ApiProperty({ enum: ['promoting', 'declared', 'installed', 'active', 'suspended', 'dissolved'], description: "The secretariat's lifecycle status" })
  secretariatStatus: string;
  @ApiProperty({ example: '20', description: 'INEGI code of the state' }) stateCode: string;
  @ApiProperty({ example: 'Oaxaca' }) stateName: string;
  @ApiProperty({ example: 'America/Mexico_City', description: "The secretariat's time zone (deadlines are shown in it)" }) timeZone: string;
  @ApiProperty({ enum: ['government', 'civil_society', 'guarantor'], description: 'The sector the person acts for in this secretariat' }) sector: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The seat held (titular or alternate); null for observers and facilitators' })
  seatId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organizationId: string | null;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ enum: ['titular', 'alternate', 'observer', 'facilitator'] }) role: string;
  @ApiProperty({ description: 'Coordinates the secretariat (stage moves, responses, rounds, seats, invitations)' }) isCoordinator: boolean;
  @ApiProperty() startedAt: Date;
}
