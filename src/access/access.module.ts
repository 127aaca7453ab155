import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';

/** Who may do what, for every capability (global: each service injects AccessService). */
@Global()
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
