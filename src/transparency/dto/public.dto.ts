import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { IRM_COMPLETION } from '../../commitments/progress';
import { PageQuery, PageOf } from '../../common/pagination';
import { PUBLISHED_PLAN_STAGES } from '../../plans/plan-stages';
import { Optional, Pattern } from '../../common/validation';
import { countsSchema, perSectorSchema, TALLY_COUNTS } from '../../common/openapi';

/** A state by INEGI code ("20") or abbreviation ("OAX"), case-insensitive. */
export const STATE_FILTER = /^(\d{2}|[A-Za-z]{2,5})$/;

export class PublicPlansQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'State: INEGI code (`20`) or abbreviation (`OAX`)', example: 'OAX' })
  @Optional() @Pattern('stateFilter', STATE_FILTER)
  state?: string;

  @ApiPropertyOptional({ enum: PUBLISHED_PLAN_STAGES })
  @Optional() @IsIn(PUBLISHED_PLAN_STAGES)
  stage?: string;

  @ApiPropertyOptional({ description: 'Words to find in the plan title, its secretariat, municipality or state (accents and case ignored; every word must match)', example: 'transparencia oaxaca', maxLength: 100 })
  @Optional() @IsString() @MaxLength(100)
  q?: string;
}

export class StateRefDto {
  @ApiProperty({ example: '20' }) code: string;
  @ApiProperty({ example: 'Oaxaca' }) name: string;
  @ApiProperty({ example: 'OAX' }) abbreviation: string;
}

export class SecretariatRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) municipality: string | null;
  @ApiProperty({ example: 'active' }) status: string;
}

export class PublicOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['government', 'civil_society', 'guarantor'] }) sector: string;
  @ApiProperty({ example: 'osc' }) kind: string;
}

export class PublicProgressDto {
  @ApiProperty({ description: 'Σ weight of milestones approved by the guarantor (0–100)' }) verifiedProgress: number;
  @ApiProperty({ description: 'Σ weight of approved + submitted milestones, as reported by implementers (0–100)' }) selfReportedProgress: number;
  @ApiProperty({ enum: IRM_COMPLETION, description: 'IRM completion from the verified progress' }) completion: string;
  @ApiProperty({ enum: IRM_COMPLETION }) selfReportedCompletion: string;
  @ApiProperty() weightTotal: number;
  @ApiProperty() milestones: number;
  @ApiProperty() approvedMilestones: number;
  @ApiProperty() submittedMilestones: number;
  @ApiProperty() overdueMilestones: number;
}

export class PublicEvidenceDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['link', 'file'] }) kind: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: String, nullable: true, description: 'The link (kind `link`) or the download address (kind `file`)' }) url: string | null;
  @ApiProperty({ type: String, nullable: true }) fileName: string | null;
  @ApiProperty({ type: String, nullable: true }) contentType: string | null;
  @ApiProperty({ type: Number, nullable: true }) sizeBytes: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'SHA-256 of the file' }) sha256: string | null;
  @ApiProperty() createdAt: Date;
}

export class PublicMilestoneDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() position: number;
  @ApiProperty() title: string;
  @ApiProperty() deliverable: string;
  @ApiProperty() meansOfVerification: string;
  @ApiProperty({ type: PublicOrganizationDto, nullable: true }) responsibleOrganization: PublicOrganizationDto | null;
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ description: 'End of the due date in the state time zone' }) dueAt: Date;
  @ApiProperty() weight: number;
  @ApiProperty({ enum: ['pending', 'in_progress', 'submitted', 'approved', 'returned'] }) status: string;
  @ApiProperty({ description: 'Due instant passed and not approved' }) overdue: boolean;
  @ApiProperty({ type: Date, nullable: true }) submittedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) reviewedAt: Date | null;
  @ApiProperty({ type: String, nullable: true, description: "The guarantor's observations on the last return" }) observations: string | null;
  @ApiProperty({ type: [PublicEvidenceDto], description: 'Public, current evidence only' }) evidence: PublicEvidenceDto[];
}

export class PublicMeasurementDto {
  @ApiProperty({ format: 'date' }) measuredOn: string;
  @ApiProperty() value: number;
  @ApiProperty() source: string;
  @ApiProperty({ type: String, nullable: true }) sourceUrl: string | null;
  @ApiProperty() note: string;
}

export class PublicIndicatorDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: '%' }) unit: string;
  @ApiProperty() baseline: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) baselineDate: string | null;
  @ApiProperty() target: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) targetDate: string | null;
  @ApiProperty({ type: PublicMeasurementDto, nullable: true, description: 'The most recent measurement' }) latest: PublicMeasurementDto | null;
  @ApiProperty({ type: [PublicMeasurementDto], description: 'Oldest first' }) measurements: PublicMeasurementDto[];
}

export class PublicCommitmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty({ example: 'OAX-2019-01' }) code: string;
  @ApiProperty() title: string;
  @ApiProperty() publicProblem: string;
  @ApiProperty() statusQuo: string;
  @ApiProperty() description: string;
  @ApiProperty() howItSolves: string;
  @ApiProperty({ type: [String] }) ogpValues: string[];
  @ApiProperty({ type: [Number] }) sdgs: number[];
  @ApiProperty({ type: [String] }) inequalityFocus: string[];
  @ApiProperty({ type: PublicOrganizationDto, nullable: true }) leadAgency: PublicOrganizationDto | null;
  @ApiProperty({ type: [PublicOrganizationDto] }) coResponsibleOrganizations: PublicOrganizationDto[];
  @ApiProperty({ format: 'date' }) startDate: string;
  @ApiProperty({ format: 'date' }) endDate: string;
  @ApiProperty({ enum: ['not_started', 'in_progress', 'completed', 'withdrawn'] }) status: string;
  @ApiProperty({ type: PublicProgressDto }) progress: PublicProgressDto;
  @ApiProperty({ type: [PublicMilestoneDto] }) milestones: PublicMilestoneDto[];
  @ApiProperty({ type: [PublicIndicatorDto] }) indicators: PublicIndicatorDto[];
}

export class PublicSectorResultDto {
  @ApiProperty() seats: number;
  @ApiProperty() voted: number;
  @ApiProperty() approve: number;
  @ApiProperty() reject: number;
  @ApiProperty() abstain: number;
  @ApiProperty() quorum: boolean;
  @ApiProperty({ type: String, enum: ['approve', 'reject'], nullable: true }) position: string | null;
}

export class PublicSeatChoiceDto {
  @ApiProperty({ enum: ['government', 'civil_society', 'guarantor'] }) sector: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: String, nullable: true }) organizationName: string | null;
  @ApiProperty({ type: String, enum: ['approve', 'reject', 'abstain'], nullable: true, description: 'null: the seat did not vote' }) choice: string | null;
  @ApiProperty({ type: String, enum: ['titular', 'alternate'], nullable: true }) castBy: string | null;
}

export class PublicRoundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: ['proposal', 'plan_adoption', 'motion'] }) subjectType: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) subjectId: string | null;
  @ApiProperty({ enum: ['public', 'secret'] }) secrecy: string;
  @ApiProperty() decisionRule: string;
  @ApiProperty() quorumPerSector: number;
  @ApiProperty() opensAt: Date;
  @ApiProperty() closesAt: Date;
  @ApiProperty({ type: Date, nullable: true }) closedAt: Date | null;
  @ApiProperty({ enum: ['approved', 'rejected', 'no_quorum'] }) outcome: string;
  @ApiProperty({ description: 'Counts over all seats', example: { seats: 3, voted: 3, approve: 3, reject: 0, abstain: 0 }, ...countsSchema(TALLY_COUNTS, true) })
  totals: { seats: number; voted: number; approve: number; reject: number; abstain: number };
  @ApiProperty({ description: 'Counts and position per sector', ...perSectorSchema({ $ref: '#/components/schemas/PublicSectorResultDto' }) })
  sectors: Record<string, PublicSectorResultDto>;
  @ApiPropertyOptional({ type: [PublicSeatChoiceDto], description: "Public rounds only: each seat's choice. Absent for secret rounds." })
  seats?: PublicSeatChoiceDto[];
}

export class PlanProgressDto {
  @ApiProperty() commitments: number;
  @ApiProperty({ description: 'Mean verified progress of the commitments not withdrawn (0–100, one decimal)' }) verifiedProgress: number;
  @ApiProperty({ description: 'Mean self-reported progress of the commitments not withdrawn' }) selfReportedProgress: number;
  @ApiProperty({ description: 'Commitments not withdrawn by IRM completion', example: { not_started: 1, limited: 2, substantial: 1, complete: 0 }, ...countsSchema(IRM_COMPLETION, true) })
  byCompletion: Record<string, number>;
  @ApiProperty() withdrawn: number;
}

export class PublicPlanSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() periodStart: number;
  @ApiProperty() periodEnd: number;
  @ApiProperty({ enum: PUBLISHED_PLAN_STAGES }) stage: string;
  @ApiProperty({ type: Date, nullable: true }) adoptedAt: Date | null;
  @ApiProperty({ type: StateRefDto }) state: StateRefDto;
  @ApiProperty({ type: SecretariatRefDto }) secretariat: SecretariatRefDto;
  @ApiProperty({ type: PlanProgressDto }) progress: PlanProgressDto;
}

export class PublicPlanPageDto extends PageOf(PublicPlanSummaryDto) {}

export class PublicStageChangeDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() at: Date;
}

export class PublicPlanDto extends PublicPlanSummaryDto {
  @ApiProperty() description: string;
  @ApiProperty() stageChangedAt: Date;
  @ApiProperty({ type: [PublicOrganizationDto], description: 'Organizations holding a seat in the secretariat' }) organizations: PublicOrganizationDto[];
  @ApiProperty({ type: [PublicStageChangeDto] }) stageHistory: PublicStageChangeDto[];
  @ApiProperty({ type: [PublicCommitmentDto] }) commitments: PublicCommitmentDto[];
  @ApiProperty({ type: [PublicRoundDto], description: 'Closed voting rounds of the plan (its proposals, its adoption, motions)' }) votingRounds: PublicRoundDto[];
}

export class PublicCommitmentDetailDto extends PublicCommitmentDto {
  @ApiProperty({ type: PublicPlanSummaryDto }) plan: PublicPlanSummaryDto;
  @ApiProperty({ type: PublicRoundDto, nullable: true, description: 'The round that accepted its proposal' }) votingRound: PublicRoundDto | null;
}

export class PublicSeatDto {
  @ApiProperty({ enum: ['government', 'civil_society', 'guarantor'] }) sector: string;
  @ApiProperty({ type: PublicOrganizationDto }) organization: PublicOrganizationDto;
  @ApiProperty({ description: 'When the organization took the seat' }) since: Date;
}

export class SecretariatTransitionDto {
  @ApiProperty({ example: 'declared' }) from: string;
  @ApiProperty({ example: 'installed' }) to: string;
  @ApiProperty({ description: 'When the move was recorded' }) at: Date;
  @ApiProperty({ type: Date, nullable: true, description: 'When the act took place (declaratoria, installation), if given' }) effectiveAt: Date | null;
  @ApiProperty({ type: String, nullable: true, enum: ['government', 'civil_society', 'guarantor'], description: 'The withdrawing sector, for a suspension' }) sector: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The stated reason (suspension, dissolution)' }) reason: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Link to the supporting document (declaratoria, acta)' }) document: string | null;
}

export class PublicSecretariatDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) municipality: string | null;
  @ApiProperty({ enum: ['promoting', 'declared', 'installed', 'active', 'suspended', 'dissolved'] }) status: string;
  @ApiProperty({ type: StateRefDto }) state: StateRefDto;
  @ApiProperty({ example: 'America/Mexico_City', description: "IANA zone of the secretariat's state" }) timeZone: string;
  @ApiProperty({ type: Date, nullable: true, description: 'Date of the Declaratoria conjunta' }) declaredAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) declarationDocumentUrl: string | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Date of the acta de instalación' }) installedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) installationDocumentUrl: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['government', 'civil_society', 'guarantor'], description: 'While suspended: the sector that withdrew' }) suspendedSector: string | null;
  @ApiProperty({ type: String, nullable: true }) suspensionReason: string | null;
  @ApiProperty({ type: [PublicSeatDto], description: 'Active seats by sector (government, civil society, guarantor), then organization name' }) seats: PublicSeatDto[];
  @ApiProperty({ type: [SecretariatTransitionDto], description: 'Lifecycle moves, oldest first' }) history: SecretariatTransitionDto[];
  @ApiProperty({ type: [PublicPlanSummaryDto], description: 'Published plans, newest first' }) plans: PublicPlanSummaryDto[];
}
