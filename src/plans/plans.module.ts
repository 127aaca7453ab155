import { Module } from '@nestjs/common';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { stageDeadlineKind } from './plan-reminders';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  controllers: [PlansController],
  providers: [PlansService],
  exports: [PlansService],
})
export class PlansModule {
  constructor(kinds: ReminderKinds) {
    kinds.register(stageDeadlineKind);
  }
}
