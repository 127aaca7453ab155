import { Module } from '@nestjs/common';
import { EventKinds } from '../reminders/event-kinds';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { MILESTONE_APPROVED, MILESTONE_RETURNED, MILESTONE_SUBMITTED } from './milestone-events';
import { RoundSubjects } from '../voting/round-subjects';
import { AssessmentsService } from './assessments.service';
import { CommitmentRounds } from './commitment-rounds';
import { CommitmentsController } from './commitments.controller';
import { CommitmentsService } from './commitments.service';
import { EvidenceStorage } from './evidence-storage';
import { EvidenceController } from './evidence.controller';
import { EvidenceService } from './evidence.service';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';
import { MILESTONE_REMINDER_KINDS } from './milestone-reminders';
import { MilestonesController } from './milestones.controller';
import { MilestonesService } from './milestones.service';
import { ModificationRequestsController } from './modification-requests.controller';
import { ModificationRequestsService } from './modification-requests.service';
import { ProgressReportsController } from './progress-reports.controller';
import { ProgressReportsService } from './progress-reports.service';

/** Commitments, milestones, evidence, indicators, assessments, progress reports and modifications (issue 5). */
@Module({
  controllers: [CommitmentsController, MilestonesController, EvidenceController, IndicatorsController, ProgressReportsController, ModificationRequestsController],
  providers: [
    CommitmentsService,
    CommitmentRounds,
    MilestonesService,
    EvidenceStorage,
    EvidenceService,
    IndicatorsService,
    AssessmentsService,
    ProgressReportsService,
    ModificationRequestsService,
  ],
  exports: [CommitmentsService],
})
export class CommitmentsModule {
  constructor(kinds: ReminderKinds, events: EventKinds, rounds: RoundSubjects, commitmentRounds: CommitmentRounds) {
    for (const kind of MILESTONE_REMINDER_KINDS) kinds.register(kind);
    events.register(MILESTONE_SUBMITTED, MILESTONE_APPROVED, MILESTONE_RETURNED);
    rounds.register('proposal', commitmentRounds);
  }
}
