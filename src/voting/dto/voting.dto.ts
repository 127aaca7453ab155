import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsUUID, ValidateIf } from 'class-validator';
import { SECTORS } from '../../catalog/sector';
import { PageQuery, PageOf } from '../../common/pagination';
import { DECISION_RULES, DecisionRule } from '../../secretariats/rules';
import { CHOICES, Choice, Outcome } from '../tally';
import { ROUND_SUBJECTS, RoundSubject, SECRECY, Secrecy } from '../voting-round.entity';
import { Optional, Text } from '../../common/validation';
import { countsSchema, perSectorSchema, TALLY_COUNTS } from '../../common/openapi';

export class OpenRoundDto {
  @ApiProperty({ enum: ROUND_SUBJECTS })
  @IsIn(ROUND_SUBJECTS)
  subjectType: RoundSubject;

  @ApiPropertyOptional({ format: 'uuid', description: 'The proposal (subjectType `proposal`) or the plan (`plan_adoption`).' })
  @ValidateIf((o) => o.subjectId !== undefined || o.subjectType !== 'motion')
  @IsUUID('all')
  subjectId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For a motion: the plan it concerns (optional).' })
  @Optional() @IsUUID('all')
  planId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'For a motion without a plan: the secretariat that votes.' })
  @Optional() @IsUUID('all')
  secretariatId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Required for a motion; defaults to the subject otherwise.' })
  @ValidateIf((o) => o.title !== undefined || o.subjectType === 'motion')
  @Text(200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Optional() @Text(5000)
  description?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now.' })
  @Optional() @IsISO8601({ strict: true })
  opensAt?: string;

  @ApiProperty({ format: 'date-time', description: 'At least `minVotingHours` (rules; default 1) after the opening.' })
  @IsISO8601({ strict: true })
  closesAt: string;

  @ApiPropertyOptional({ enum: SECRECY, default: 'public' })
  @Optional() @IsIn(SECRECY)
  secrecy?: Secrecy;
}

export class BallotDto {
  @ApiProperty({ enum: CHOICES })
  @IsIn(CHOICES)
  choice: Choice;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional() @Text(2000)
  reason?: string;
}

export const ROUND_STATES = ['scheduled', 'open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

export class RoundListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @Optional() @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional() @IsUUID('all')
  planId?: string;
}

export class SeatParticipationDto {
  @ApiProperty({ format: 'uuid' }) seatId: string;
  @ApiProperty({ enum: SECTORS }) sector: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() voted: boolean;
}

export class ParticipationDto {
  @ApiProperty() seats: number;
  @ApiProperty() voted: number;
  @ApiProperty({ description: 'Seats and seats that voted, per sector.', example: { government: { seats: 2, voted: 1 } }, ...perSectorSchema(countsSchema(['seats', 'voted'], true)) })
  bySector: Record<string, { seats: number; voted: number }>;
  @ApiProperty({ type: [SeatParticipationDto], description: 'Which seats voted — never what.' }) bySeat: SeatParticipationDto[];
}

export class MyBallotDto {
  @ApiProperty({ enum: CHOICES }) choice: Choice;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ enum: ['titular', 'alternate'] }) role: string;
  @ApiProperty({ description: "False when the seat's titular also voted (the titular's ballot counts)." }) counts: boolean;
  @ApiProperty() updatedAt: Date;
}

export class RoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ enum: ROUND_SUBJECTS }) subjectType: RoundSubject;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) subjectId: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() opensAt: Date;
  @ApiProperty() closesAt: Date;
  @ApiProperty({ enum: SECRECY }) secrecy: Secrecy;
  @ApiProperty({ enum: DECISION_RULES }) decisionRule: DecisionRule;
  @ApiProperty() quorumPerSector: number;
  @ApiProperty({ enum: ROUND_STATES }) status: RoundState;
  @ApiProperty({ type: Date, nullable: true }) closedAt: Date | null;
  @ApiProperty({ enum: ['deadline', 'all_voted'], nullable: true }) closeReason: string | null;
  @ApiProperty({ enum: ['approved', 'rejected', 'no_quorum'], nullable: true, description: 'Only once closed.' }) outcome: Outcome | null;
  @ApiProperty({ type: ParticipationDto }) participation: ParticipationDto;
  @ApiProperty({ type: MyBallotDto, nullable: true, description: "The caller's own ballot, if any." }) myBallot: MyBallotDto | null;
  @ApiProperty() createdAt: Date;
}

export class RoundDetailDto extends RoundDto {
  @ApiActions('voting_round') actions: ActionOn<'voting_round'>[];
}

export class RoundSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) planId: string | null;
  @ApiProperty({ enum: ROUND_SUBJECTS }) subjectType: RoundSubject;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) subjectId: string | null;
  @ApiProperty() title: string;
  @ApiProperty() opensAt: Date;
  @ApiProperty() closesAt: Date;
  @ApiProperty({ enum: SECRECY }) secrecy: Secrecy;
  @ApiProperty({ enum: ROUND_STATES }) status: RoundState;
  @ApiProperty({ enum: ['approved', 'rejected', 'no_quorum'], nullable: true }) outcome: Outcome | null;
  @ApiProperty({ type: MyBallotDto, nullable: true, description: "The caller's own ballot in the round, if any (loaded for the whole page at once)." }) myBallot: MyBallotDto | null;
  @ApiProperty() createdAt: Date;
}

export class RoundPageDto extends PageOf(RoundSummaryDto) {}

export class SectorResultDto {
  @ApiProperty() seats: number;
  @ApiProperty() voted: number;
  @ApiProperty() approve: number;
  @ApiProperty() reject: number;
  @ApiProperty() abstain: number;
  @ApiProperty() quorumRequired: number;
  @ApiProperty() quorum: boolean;
  @ApiProperty({ enum: ['approve', 'reject'], nullable: true, description: 'A tie is `reject`; null when nobody voted.' }) position: string | null;
  @ApiProperty() tie: boolean;
}

export class SeatChoiceDto {
  @ApiProperty({ format: 'uuid' }) seatId: string;
  @ApiProperty({ enum: SECTORS }) sector: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ enum: CHOICES, nullable: true }) choice: Choice | null;
  @ApiProperty({ enum: ['titular', 'alternate'], nullable: true }) castBy: string | null;
}

export class ResultDto {
  @ApiProperty({ format: 'uuid' }) roundId: string;
  @ApiProperty({ enum: ['approved', 'rejected', 'no_quorum'] }) outcome: Outcome;
  @ApiProperty({ enum: DECISION_RULES }) rule: DecisionRule;
  @ApiProperty() quorumPerSector: number;
  @ApiProperty({ description: 'Per sector: counts, quorum and position.', example: { government: { seats: 2, voted: 2, approve: 2, reject: 0, abstain: 0, quorumRequired: 1, quorum: true, position: 'approve', tie: false } }, ...perSectorSchema({ $ref: '#/components/schemas/SectorResultDto' }) })
  sectors: Record<string, SectorResultDto>;
  @ApiProperty({ example: { seats: 5, voted: 5, approve: 4, reject: 1, abstain: 0 }, ...countsSchema(TALLY_COUNTS, true) }) totals: Record<string, number>;
  @ApiPropertyOptional({ type: [SeatChoiceDto], description: 'Public rounds only: each seat’s counted choice.' }) seats?: SeatChoiceDto[];
  @ApiProperty() closedAt: Date;
  @ApiProperty({ enum: ['deadline', 'all_voted'] }) closeReason: string;
}
