import { Module } from '@nestjs/common';
import { SecretariatsModule } from '../secretariats/secretariats.module';
import { CoCreationAccess } from './co-creation.policy';
import { PlansController } from './plans.controller';
import { PlansService } from './plans.service';

@Module({
  imports: [SecretariatsModule],
  controllers: [PlansController],
  providers: [PlansService, CoCreationAccess],
  exports: [PlansService, CoCreationAccess],
})
export class PlansModule {}
