import { Module } from '@nestjs/common';
import { SecretariatAccessService } from './access.service';

/** Secretariats, seats, memberships, invitations, and the authorization other modules use. */
@Module({
  providers: [SecretariatAccessService],
  exports: [SecretariatAccessService],
})
export class SecretariatsModule {}
