import { Module } from '@nestjs/common';
import { EventKinds } from '../reminders/event-kinds';
import { INVITATION_RECEIVED } from './secretariat-events';
import { InvitationsService } from './invitations.service';
import { MembershipsService } from './memberships.service';
import { SeatsService } from './seats.service';
import { InvitationsController, MembershipsController, SeatsController, SecretariatsController } from './secretariats.controller';
import { SecretariatsService } from './secretariats.service';

/** Secretariats, seats, memberships, invitations. */
@Module({
  controllers: [SecretariatsController, SeatsController, MembershipsController, InvitationsController],
  providers: [SecretariatsService, SeatsService, MembershipsService, InvitationsService],
  exports: [SecretariatsService],
})
export class SecretariatsModule {
  constructor(events: EventKinds) {
    events.register(INVITATION_RECEIVED);
  }
}
