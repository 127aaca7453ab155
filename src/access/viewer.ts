import type { Sector } from '../catalog/sector';
import type { AuthUser } from '../common/decorators/current-user.decorator';

export type SeatRole = 'titular' | 'alternate' | 'observer' | 'facilitator';

/** What a user is in one secretariat (their active membership). */
export interface MemberContext {
  membershipId: string;
  secretariatId: string;
  userId: string;
  sector: Sector;
  organizationId: string | null;
  seatId: string | null;
  role: SeatRole;
  isCoordinator: boolean;
}

/** Who is looking at a secretariat: a member, or a platform admin (member null: reads, and manages the secretariat). */
export interface Viewer {
  user: AuthUser;
  member: MemberContext | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);
