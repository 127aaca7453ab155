import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';
import { OpenDataController } from './open-data.controller';
import { OpenDataService } from './open-data.service';
import { PublicController } from './public.controller';
import { PublicService } from './public.service';

/** What anyone may read without an account (DESIGN §6): portal, open data, national dashboard. */
@Module({
  controllers: [PublicController, OpenDataController, DashboardController],
  providers: [PublicService, OpenDataService, DashboardService],
})
export class TransparencyModule {}
