import { Module } from '@nestjs/common';
import { ReminderKinds } from '../reminders/reminder-kinds';
import { SecretariatsModule } from '../secretariats/secretariats.module';
import { CoCreationAccess } from './co-creation.policy';
import { stageDeadlineKind } from './plan-reminders';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [SecretariatsModule],
  controllers: [PlansController],
  providers: [PlansService, CoCreationAccess],
  exports: [PlansService, CoCreationAccess],
})
export class PlansModule {
  constructor(kinds: ReminderKinds) {
    kinds.register(stageDeadlineKind);
  }
}
