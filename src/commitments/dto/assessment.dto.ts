import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { OPEN_GOVERNMENT_RESULTS, OpenGovernmentResult, POTENTIAL_RESULTS, PotentialResults } from '../irm-assessment.entity';
import { IRM_COMPLETION, IrmCompletion } from '../progress';
import { Optional } from '../../common/validation';

export class CreateAssessmentDto {
  @ApiProperty({ description: 'Specific and measurable enough that its completion can be verified.' }) @IsBoolean()
  verifiable: boolean;

  @ApiProperty({ enum: POTENTIAL_RESULTS }) @IsIn(POTENTIAL_RESULTS)
  potentialResults: PotentialResults;

  @ApiPropertyOptional({ enum: OPEN_GOVERNMENT_RESULTS, description: 'IRM "Did it open government?"; omit while too early to say.' })
  @Optional() @IsIn(OPEN_GOVERNMENT_RESULTS)
  didItOpenGovernment?: OpenGovernmentResult;

  @ApiProperty({ maxLength: 10000 }) @IsString() @MinLength(10) @MaxLength(10000)
  justification: string;
}

export class AssessmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) commitmentId: string;
  @ApiProperty() verifiable: boolean;
  @ApiProperty({ enum: POTENTIAL_RESULTS }) potentialResults: PotentialResults;
  @ApiProperty({ enum: OPEN_GOVERNMENT_RESULTS, nullable: true }) didItOpenGovernment: OpenGovernmentResult | null;
  @ApiProperty({ enum: IRM_COMPLETION, description: 'Verified completion when the assessment was written.' }) completionAtAssessment: IrmCompletion;
  @ApiProperty() justification: string;
  @ApiProperty({ format: 'uuid' }) assessorId: string;
  @ApiProperty() createdAt: Date;
}

export class AssessmentListDto {
  @ApiProperty({ type: [AssessmentDto] }) items: AssessmentDto[];
}
