import { ApiActions } from '../../access/act.decorator';
import type { ActionOn } from '../../access/actions';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { PageQuery, PageOf } from '../../common/pagination';
import { CORE_OGP_VALUES, INEQUALITY_FOCUS, InequalityFocus, LIMITS, OGP_VALUES, OgpValue } from '../proposal-template';
import { PROPOSAL_STATUSES, ProposalStatus, RESPONSE_DECISIONS, ResponseDecision } from '../proposal-states';
import { MAX_INT, Optional, Text } from '../../common/validation';
import { Sector, SECTORS } from '../../catalog/sector';

const HasCoreOgpValue = () =>
  ValidateBy({
    name: 'coreOgpValue',
    validator: {
      validate: (v) => !Array.isArray(v) || v.some((x) => CORE_OGP_VALUES.includes(x)),
    },
  });

/** The OGP commitment template (DESIGN §3); every field required when a proposal is created. */
export class CreateProposalDto {
  @ApiProperty({ maxLength: LIMITS.title, example: 'Padrón abierto de beneficiarios de programas sociales' })
  @Text(LIMITS.title)
  title: string;

  @ApiProperty({ maxLength: LIMITS.section, description: 'The public problem the commitment addresses.' })
  @Text(LIMITS.section)
  publicProblem: string;

  @ApiProperty({ maxLength: LIMITS.section, description: 'Status quo / baseline.' })
  @Text(LIMITS.section)
  statusQuo: string;

  @ApiProperty({ maxLength: LIMITS.section, description: 'What the commitment is.' })
  @Text(LIMITS.section)
  description: string;

  @ApiProperty({ maxLength: LIMITS.section, description: 'How it contributes to solving the problem.' })
  @Text(LIMITS.section)
  howItSolves: string;

  @ApiProperty({ enum: OGP_VALUES, isArray: true, description: 'At least one of the first three.' })
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(OGP_VALUES, { each: true }) @HasCoreOgpValue()
  ogpValues: OgpValue[];

  @ApiProperty({ type: [Number], example: [10, 16], description: 'Sustainable Development Goals, 1–17.' })
  @IsArray() @ArrayMaxSize(17) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(17, { each: true })
  sdgs: number[];

  @ApiProperty({ enum: INEQUALITY_FOCUS, isArray: true })
  @IsArray() @ArrayUnique() @IsIn(INEQUALITY_FOCUS, { each: true })
  inequalityFocus: InequalityFocus[];

  @ApiPropertyOptional({ maxLength: LIMITS.detail, description: 'Required when inequalityFocus includes `other`.' })
  @ValidateIf((o) => o.inequalityFocusDetail !== undefined || o.inequalityFocus?.includes?.('other'))
  @Text(LIMITS.detail)
  inequalityFocusDetail?: string;

  @ApiProperty({ format: 'uuid', description: 'Proposed lead agency: a government organization.' })
  @IsUUID('all')
  leadAgencyId: string;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Co-responsible organizations.' })
  @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true })
  coResponsibleOrganizationIds: string[];
}

/** Any subset of the template; after submission each edit is kept as a revision. */
export class UpdateProposalDto {
  @ApiPropertyOptional({ description: 'The version you read; a stale one is refused with 409.' })
  @Optional() @IsInt() @Min(1) @Max(MAX_INT)
  version?: number;

  @ApiPropertyOptional({ maxLength: LIMITS.title }) @Optional() @Text(LIMITS.title) title?: string;
  @ApiPropertyOptional({ maxLength: LIMITS.section }) @Optional() @Text(LIMITS.section) publicProblem?: string;
  @ApiPropertyOptional({ maxLength: LIMITS.section }) @Optional() @Text(LIMITS.section) statusQuo?: string;
  @ApiPropertyOptional({ maxLength: LIMITS.section }) @Optional() @Text(LIMITS.section) description?: string;
  @ApiPropertyOptional({ maxLength: LIMITS.section }) @Optional() @Text(LIMITS.section) howItSolves?: string;

  @ApiPropertyOptional({ enum: OGP_VALUES, isArray: true })
  @Optional() @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(OGP_VALUES, { each: true }) @HasCoreOgpValue()
  ogpValues?: OgpValue[];

  @ApiPropertyOptional({ type: [Number] })
  @Optional() @IsArray() @ArrayMaxSize(17) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(17, { each: true })
  sdgs?: number[];

  @ApiPropertyOptional({ enum: INEQUALITY_FOCUS, isArray: true })
  @Optional() @IsArray() @ArrayUnique() @IsIn(INEQUALITY_FOCUS, { each: true })
  inequalityFocus?: InequalityFocus[];

  @ApiPropertyOptional({ type: String, maxLength: LIMITS.detail, nullable: true })
  @IsOptional() @Text(LIMITS.detail)
  inequalityFocusDetail?: string | null;

  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID('all') leadAgencyId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @Optional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsUUID('all', { each: true })
  coResponsibleOrganizationIds?: string[];
}

export class RespondDto {
  @ApiProperty({ enum: RESPONSE_DECISIONS })
  @IsIn(RESPONSE_DECISIONS)
  decision: ResponseDecision;

  @ApiPropertyOptional({ maxLength: LIMITS.response, description: 'The reasons; required for `decline` and `merge`.' })
  @ValidateIf((o) => o.text !== undefined || o.decision === 'decline' || o.decision === 'merge')
  @Text(LIMITS.response)
  text?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for `merge`: the proposal this one is merged into.' })
  @ValidateIf((o) => o.mergeIntoId !== undefined || o.decision === 'merge')
  @IsUUID('all')
  mergeIntoId?: string;
}

export const RESPONSE_STATES = ['awaiting', 'late', 'answered'] as const;
export type ResponseState = (typeof RESPONSE_STATES)[number];

export class ProposalListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROPOSAL_STATUSES })
  @Optional() @IsIn(PROPOSAL_STATUSES)
  status?: ProposalStatus;

  @ApiPropertyOptional({ enum: RESPONSE_STATES, description: '`awaiting`: submitted, not answered, deadline ahead; `late`: deadline passed without an answer; `answered`.' })
  @Optional() @IsIn(RESPONSE_STATES)
  response?: ResponseState;

  @ApiPropertyOptional({ enum: SECTORS, description: "The author's sector." })
  @Optional() @IsIn(SECTORS)
  sector?: Sector;
}

export class ProposalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ format: 'uuid' }) secretariatId: string;
  @ApiProperty({ enum: PROPOSAL_STATUSES }) status: ProposalStatus;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) authorOrganizationId: string | null;
  @ApiProperty() authorSector: string;
  @ApiProperty() title: string;
  @ApiProperty() publicProblem: string;
  @ApiProperty() statusQuo: string;
  @ApiProperty() description: string;
  @ApiProperty() howItSolves: string;
  @ApiProperty({ enum: OGP_VALUES, isArray: true }) ogpValues: OgpValue[];
  @ApiProperty({ type: [Number] }) sdgs: number[];
  @ApiProperty({ enum: INEQUALITY_FOCUS, isArray: true }) inequalityFocus: InequalityFocus[];
  @ApiProperty({ type: String, nullable: true }) inequalityFocusDetail: string | null;
  @ApiProperty({ format: 'uuid' }) leadAgencyId: string;
  @ApiProperty({ type: [String] }) coResponsibleOrganizationIds: string[];
  @ApiProperty({ type: Date, nullable: true }) submittedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Reasoned response deadline.' }) responseDueAt: Date | null;
  @ApiProperty({ enum: RESPONSE_STATES, nullable: true, description: 'Null for drafts and proposals withdrawn before an answer.' }) responseState: ResponseState | null;
  @ApiProperty({ description: 'Answered after the deadline.' }) respondedLate: boolean;
  @ApiProperty({ enum: RESPONSE_DECISIONS, nullable: true }) responseDecision: ResponseDecision | null;
  @ApiProperty({ type: String, nullable: true }) responseText: string | null;
  @ApiProperty({ type: Date, nullable: true }) respondedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) respondedById: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mergedIntoId: string | null;
  @ApiProperty({ type: Date, nullable: true }) withdrawnAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class ProposalDetailDto extends ProposalDto {
  @ApiActions('proposal') actions: ActionOn<'proposal'>[];
}

export class ProposalPageDto extends PageOf(ProposalDto) {}

export class RevisionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ format: 'uuid' }) authorId: string;
  @ApiProperty({ description: 'Who made the edit, by name.' }) authorName: string;
  @ApiProperty({
    description: 'Each changed field with its value before and after.',
    example: { title: { from: 'Antes', to: 'Después' } },
    type: 'object',
    additionalProperties: { type: 'object', properties: { from: {}, to: {} }, required: ['from', 'to'] },
  })
  changes: Record<string, { from: unknown; to: unknown }>;
  @ApiProperty() createdAt: Date;
}

export class RevisionPageDto extends PageOf(RevisionDto) {}
