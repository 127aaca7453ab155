import { Module } from '@nestjs/common';
import { ReminderKinds } from '../reminders/reminder-kinds';
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
  constructor(kinds: ReminderKinds, rounds: RoundSubjects, adoption: PlanAdoptionRounds) {
    kinds.register(stageDeadlineKind);
    rounds.register('plan_adoption', adoption);
  }
}
