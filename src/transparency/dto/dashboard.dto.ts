import { ApiProperty } from '@nestjs/swagger';
import { SecretariatRefDto } from './public.dto';

export class NationalTotalsDto {
  @ApiProperty({ description: 'States with at least one secretariat that is not dissolved (any stage, from grupo promotor on)', example: 28 })
  statesParticipating: number;
  @ApiProperty({ description: 'Secretariats (state or municipal) whose status is installed, active or suspended', example: 19 })
  secretariatsInstalled: number;
  @ApiProperty({ description: 'Published action plans (stage adoption, implementation, evaluation or closed)', example: 13 })
  actionPlans: number;
  @ApiProperty({ description: 'Commitments of published plans (withdrawn ones included)', example: 79 })
  commitments: number;
  @ApiProperty({ description: 'Distinct civil-society organizations (OSC, academia) holding an active seat in a secretariat that is not dissolved', example: 123 })
  civilSocietyOrganizations: number;
  @ApiProperty({ description: 'Distinct government organizations (authorities) holding an active seat in a secretariat that is not dissolved', example: 100 })
  authorities: number;
  @ApiProperty({ description: 'Distinct guarantor bodies holding an active seat in a secretariat that is not dissolved', example: 28 })
  guarantorBodies: number;
}

export class CompletionCountsDto {
  @ApiProperty() not_started: number;
  @ApiProperty() limited: number;
  @ApiProperty() substantial: number;
  @ApiProperty() complete: number;
}

export class StateCommitmentsDto {
  @ApiProperty() total: number;
  @ApiProperty({ type: CompletionCountsDto, description: 'Commitments not withdrawn, by IRM completion of their verified progress' }) byCompletion: CompletionCountsDto;
  @ApiProperty() withdrawn: number;
}

export class StateMilestonesDto {
  @ApiProperty() total: number;
  @ApiProperty() approved: number;
  @ApiProperty({ description: 'Due instant passed and not approved' }) overdue: number;
}

export class StateOrganizationsDto {
  @ApiProperty() civilSociety: number;
  @ApiProperty() authorities: number;
  @ApiProperty() guarantorBodies: number;
}

export class StateDashboardDto {
  @ApiProperty({ example: '20' }) code: string;
  @ApiProperty({ example: 'Oaxaca' }) name: string;
  @ApiProperty({ example: 'OAX' }) abbreviation: string;
  @ApiProperty() participating: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Status of the state-level secretariat (null when there is none)', example: 'active' })
  secretariatStatus: string | null;
  @ApiProperty({ type: [SecretariatRefDto], description: 'Secretariats not dissolved, state-level first' }) secretariats: SecretariatRefDto[];
  @ApiProperty({ description: 'Published action plans' }) actionPlans: number;
  @ApiProperty({ type: StateCommitmentsDto }) commitments: StateCommitmentsDto;
  @ApiProperty({ type: StateMilestonesDto, description: 'Milestones of published plans' }) milestones: StateMilestonesDto;
  @ApiProperty({ type: StateOrganizationsDto }) organizations: StateOrganizationsDto;
}

export class NationalDashboardDto {
  @ApiProperty({ type: NationalTotalsDto }) totals: NationalTotalsDto;
  @ApiProperty({ type: [StateDashboardDto], description: 'All 32 states, by INEGI code' }) states: StateDashboardDto[];
}
