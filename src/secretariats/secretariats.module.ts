import { Module } from '@nestjs/common';
import { SecretariatAccessService } from './access.service';
import { InvitationsService } from './invitations.service';
import { MembershipsService } from './memberships.service';
import { SeatsService } from './seats.service';
import { InvitationsController, MembershipsController, SeatsController, SecretariatsController } from './secretariats.controller';
import { SecretariatsService } from './secretariats.service';

/** Secretariats, seats, memberships, invitations, and the authorization other modules use. */
@Module({
  controllers: [SecretariatsController, SeatsController, MembershipsController, InvitationsController],
  providers: [SecretariatAccessService, SecretariatsService, SeatsService, MembershipsService, InvitationsService],
  exports: [SecretariatAccessService, SecretariatsService],
})
export class SecretariatsModule {}
