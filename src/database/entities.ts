import { AuditEvent } from '../audit/audit-event.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Commitment } from '../commitments/commitment.entity';
import { User } from '../users/user.entity';

/**
 * Every entity, listed once: the app and the TypeORM CLI load exactly these (no globbing,
 * so the same list works from ts in Jest and from js in dist).
 */
export const ENTITIES = [User, RefreshToken, AuditEvent, Commitment];
