import { Module } from '@nestjs/common';
import { EventKinds } from '../reminders/event-kinds';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { PLAN_STAGE_CHANGED } from './plan-events';
import { RoundSubjects } from '../voting/round-subjects';
import { PlanAdoptionRounds } from './plan-rounds';
import { stageDeadlineKind } from './plan-reminders';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  controllers: [PlansController],
  providers: [PlansService, PlanAdoptionRounds],
  exports: [PlansService],
})
export class PlansModule {
  constructor(kinds: ReminderKinds, events: EventKinds, rounds: RoundSubjects, adoption: PlanAdoptionRounds) {
    kinds.register(stageDeadlineKind);
    events.register(PLAN_STAGE_CHANGED);
    rounds.register('plan_adoption', adoption);
  }
}
