import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Commitment } from './commitment.entity';
import { CommitmentsService } from './commitments.service';

@Module({
  imports: [TypeOrmModule.forFeature([Commitment])],
  providers: [CommitmentsService],
  exports: [CommitmentsService],
})
export class CommitmentsModule {}
