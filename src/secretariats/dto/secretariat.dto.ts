import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsUrl, Max, Min, ValidateNested,
} from 'class-validator';
import { STATE_CODE } from '../../catalog/dto/catalog.dto';
import { Sector, SECTORS } from '../../catalog/sector';
import { PageQuery, PageOf } from '../../common/pagination';
import { DECISION_RULES, DecisionRule } from '../rules';
import { SECRETARIAT_STATUSES, SecretariatStatus } from '../secretariat-status';
import { MemberContextDto } from './member.dto';
import { MAX_INT, Optional, Text, Pattern } from '../../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const DaysList = (max: number) => (target: object, key: string) => {
  IsArray()(target, key);
  ArrayMaxSize(10)(target, key);
  IsInt({ each: true })(target, key);
  Min(1, { each: true })(target, key);
  Max(max, { each: true })(target, key);
};

export class ReminderRulesPatchDto {
  @ApiPropertyOptional({ type: [Number], example: [48, 24], description: 'Hours before a voting round closes' })
  @Optional() @DaysList(720) voteClosingHours?: number[];
  @ApiPropertyOptional({ type: [Number], example: [7, 1] })
  @Optional() @DaysList(365) milestoneDueDays?: number[];
  @ApiPropertyOptional({ type: [Number], example: [1, 7] })
  @Optional() @DaysList(365) milestoneOverdueDays?: number[];
  @ApiPropertyOptional({ example: 7, minimum: 1, maximum: 365 })
  @Optional() @IsInt() @Min(1) @Max(365) overdueGuarantorAfterDays?: number;
  @ApiPropertyOptional({ example: 5, minimum: 1, maximum: 365 })
  @Optional() @IsInt() @Min(1) @Max(365) reviewPendingDays?: number;
  @ApiPropertyOptional({ type: [Number], example: [3] })
  @Optional() @DaysList(365) proposalResponseDays?: number[];
  @ApiPropertyOptional({ type: [Number], example: [3] })
  @Optional() @DaysList(365) stageDeadlineDays?: number[];
}

/** A partial change of the lineamientos; omitted keys keep their value. */
export class RulesPatchDto {
  @ApiPropertyOptional({ enum: DECISION_RULES })
  @Optional() @IsIn(DECISION_RULES) decisionRule?: DecisionRule;
  @ApiPropertyOptional({ minimum: 1, maximum: 50, description: 'Minimum seats voting in each sector' })
  @Optional() @IsInt() @Min(1) @Max(50) quorumPerSector?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: 365, description: 'Days to answer a submitted proposal' })
  @Optional() @IsInt() @Min(1) @Max(365) proposalResponseDays?: number;
  @ApiPropertyOptional()
  @Optional() @IsBoolean() allowSubmissionInDeliberation?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 720, description: 'Minimum hours between opening and closing a vote' })
  @Optional() @IsInt() @Min(1) @Max(720) minVotingHours?: number;
  @ApiPropertyOptional()
  @Optional() @IsBoolean() allowParallelPlans?: boolean;
  @ApiPropertyOptional({ type: ReminderRulesPatchDto })
  @Optional() @IsObject() @ValidateNested() @Type(() => ReminderRulesPatchDto) reminders?: ReminderRulesPatchDto;
}

export class ReminderRulesDto {
  @ApiProperty({ type: [Number] }) voteClosingHours: number[];
  @ApiProperty({ type: [Number] }) milestoneDueDays: number[];
  @ApiProperty({ type: [Number] }) milestoneOverdueDays: number[];
  @ApiProperty() overdueGuarantorAfterDays: number;
  @ApiProperty() reviewPendingDays: number;
  @ApiProperty({ type: [Number] }) proposalResponseDays: number[];
  @ApiProperty({ type: [Number] }) stageDeadlineDays: number[];
}

export class RulesDto {
  @ApiProperty({ enum: DECISION_RULES }) decisionRule: DecisionRule;
  @ApiProperty() quorumPerSector: number;
  @ApiProperty() proposalResponseDays: number;
  @ApiProperty() allowSubmissionInDeliberation: boolean;
  @ApiProperty() minVotingHours: number;
  @ApiProperty() allowParallelPlans: boolean;
  @ApiProperty({ type: ReminderRulesDto }) reminders: ReminderRulesDto;
}

export class CreateSecretariatDto {
  @ApiProperty({ example: '20', description: 'INEGI state code' })
  @Pattern('stateCode', STATE_CODE)
  stateCode: string;

  @ApiPropertyOptional({ example: 'Oaxaca de Juárez', description: 'For a municipal secretariat', maxLength: 200 })
  @Optional() @Transform(trim) @Text(200)
  municipality?: string;

  @ApiPropertyOptional({ description: 'Default: "Secretariado Técnico Local de Gobierno Abierto de <estado>"', maxLength: 300 })
  @Optional() @Transform(trim) @Text(300)
  name?: string;

  @ApiPropertyOptional({ type: RulesPatchDto, description: 'Rules different from the defaults' })
  @Optional() @IsObject() @ValidateNested() @Type(() => RulesPatchDto)
  rules?: RulesPatchDto;
}

export class UpdateSecretariatDto {
  @ApiPropertyOptional({ maxLength: 300 })
  @Optional() @Transform(trim) @Text(300)
  name?: string;

  @ApiPropertyOptional({ type: RulesPatchDto, description: 'Takes effect for voting rounds opened afterwards' })
  @Optional() @IsObject() @ValidateNested() @Type(() => RulesPatchDto)
  rules?: RulesPatchDto;

  @ApiPropertyOptional({ description: 'The version you read; a stale one gets 409 `stale_version`' })
  @Optional() @IsInt() @Min(1) @Max(MAX_INT)
  version?: number;
}

export class TransitionDto {
  @ApiProperty({ enum: SECRETARIAT_STATUSES })
  @IsIn(SECRETARIAT_STATUSES)
  to: SecretariatStatus;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required for `suspended` and `dissolved`' })
  @Optional() @Text(2000)
  reason?: string;

  @ApiPropertyOptional({ example: 'https://transparencia.oaxaca.gob.mx/declaratoria.pdf', description: 'Link to the declaratoria (`declared`) or the acta de instalación (`installed`); required for both' })
  @Optional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  document?: string;

  @ApiPropertyOptional({ example: '2019-05-15', description: 'Date of the act (required for `declared`; default today for `installed`); not in the future' })
  @Optional() @IsISO8601({ strict: true })
  date?: string;

  @ApiPropertyOptional({ enum: SECTORS, description: 'The withdrawing sector (required for `suspended`)' })
  @Optional() @IsIn(SECTORS)
  sector?: Sector;
}

export class SecretariatListQuery extends PageQuery {
  @ApiPropertyOptional({ example: '20' })
  @Optional() @Pattern('stateCode', STATE_CODE)
  state?: string;

  @ApiPropertyOptional({ enum: SECRETARIAT_STATUSES })
  @Optional() @IsIn(SECRETARIAT_STATUSES)
  status?: SecretariatStatus;
}

export class SecretariatDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '20' }) stateCode: string;
  @ApiProperty({ example: 'Oaxaca' }) stateName: string;
  @ApiProperty({ example: 'America/Mexico_City' }) timeZone: string;
  @ApiProperty({ type: String, nullable: true }) municipality: string | null;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SECRETARIAT_STATUSES }) status: SecretariatStatus;
  @ApiProperty({ type: Date, nullable: true }) declaredAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) declarationDocumentUrl: string | null;
  @ApiProperty({ type: Date, nullable: true }) installedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) installationDocumentUrl: string | null;
  @ApiProperty({ enum: SECTORS, nullable: true }) suspendedSector: Sector | null;
  @ApiProperty({ type: String, nullable: true }) suspensionReason: string | null;
  @ApiProperty({ type: RulesDto, description: 'Effective rules (stored values over the defaults)' }) rules: RulesDto;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class TransitionRecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SECRETARIAT_STATUSES }) fromStatus: SecretariatStatus;
  @ApiProperty({ enum: SECRETARIAT_STATUSES }) toStatus: SecretariatStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId: string | null;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) document: string | null;
  @ApiProperty({ type: Date, nullable: true }) effectiveAt: Date | null;
  @ApiProperty({ enum: SECTORS, nullable: true }) sector: Sector | null;
  @ApiProperty() occurredAt: Date;
}

export class SecretariatDetailDto extends SecretariatDto {
  @ApiProperty({ type: MemberContextDto, nullable: true, description: 'Your membership (null for a platform admin who is not a member)' })
  membership: MemberContextDto | null;
  @ApiActions('secretariat') actions: ActionOn<'secretariat'>[];
  @ApiProperty({ type: [TransitionRecordDto], description: 'Lifecycle history, oldest first' })
  transitions: TransitionRecordDto[];
  @ApiProperty({ enum: SECRETARIAT_STATUSES, isArray: true, description: 'Statuses the lifecycle table allows from the current one (conditions may still refuse a move)' })
  nextStatuses: SecretariatStatus[];
  @ApiProperty({
    enum: SECTORS, isArray: true,
    description: 'Sectors with no active seat whose titular is an active member: `installed` and `active` are refused (`sectors_incomplete`) while this is not empty',
  })
  sectorsWithoutTitular: Sector[];
}

export class SecretariatPageDto extends PageOf(SecretariatDto) {}
