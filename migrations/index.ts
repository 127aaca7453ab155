import { Foundation1764100000000 } from './1764100000000-Foundation';
import { AuditTrail1764100001000 } from './1764100001000-AuditTrail';
import { Secretariats1764100200000 } from './1764100200000-Secretariats';
import { CoCreation1764100400000 } from './1764100400000-CoCreation';
import { Commitments1764100500000 } from './1764100500000-Commitments';
import { Reminders1764100900000 } from './1764100900000-Reminders';
import { CommitmentTracking1764100950000 } from './1764100950000-CommitmentTracking';
import { AuditAppend1764101000000 } from './1764101000000-AuditAppend';
import { DashboardIndexes1764101100000 } from './1764101100000-DashboardIndexes';
import { AuditSeal1764101200000 } from './1764101200000-AuditSeal';
import { RuleFunctions1764101300000 } from './1764101300000-RuleFunctions';
import { PasswordResets1796163389905 } from './1796163389905-PasswordResets';
import { EventNotifications1796163400000 } from './1796163400000-EventNotifications';
import { RequestIndexes1796170000000 } from './1796170000000-RequestIndexes';

/**
 * Every migration, in order. `npm run migration:generate -- migrations/<Name>` writes a new
 * file (against DATABASE_URL); add its class here: the list is explicit so Jest (ts) and
 * dist (js) load the same set.
 */
export const MIGRATIONS: Function[] = [Foundation1764100000000, AuditTrail1764100001000, Secretariats1764100200000, CoCreation1764100400000, Commitments1764100500000, Reminders1764100900000, CommitmentTracking1764100950000, AuditAppend1764101000000, DashboardIndexes1764101100000, AuditSeal1764101200000, RuleFunctions1764101300000, PasswordResets1796163389905, EventNotifications1796163400000, RequestIndexes1796170000000];
