import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Sector } from '../catalog/sector';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { forbidden, notFound } from '../common/errors/domain-error';
import { Membership, SeatRole } from './membership.entity';
import { Secretariat } from './secretariat.entity';
import { canManageSecretariat } from './secretariats.policy';

export type { SeatRole } from './membership.entity';

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

/** Who is looking at a secretariat: a member, or a platform admin (member may be null). */
export interface Viewer {
  user: AuthUser;
  member: MemberContext | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: unknown): s is string => typeof s === 'string' && UUID.test(s);

export function toMemberContext(m: Membership): MemberContext {
  return {
    membershipId: m.id,
    secretariatId: m.secretariatId,
    userId: m.userId,
    sector: m.sector,
    organizationId: m.organizationId,
    seatId: m.seatId,
    role: m.role,
    isCoordinator: m.isCoordinator,
  };
}

/**
 * The one place that decides whether a user can see a secretariat (404 otherwise, so other
 * tenants' objects are never revealed) and whether they coordinate it (403 otherwise).
 * Pass the transaction's EntityManager when calling inside a transaction.
 */
@Injectable()
export class SecretariatAccessService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async memberContext(userId: string, secretariatId: string, em: EntityManager = this.db.manager): Promise<MemberContext | null> {
    if (!isUuid(secretariatId) || !isUuid(userId)) return null;
    const m = await em.getRepository(Membership).createQueryBuilder('m')
      .where('m.secretariatId = :secretariatId AND m.userId = :userId AND m.endedAt IS NULL', { secretariatId, userId })
      .getOne();
    return m ? toMemberContext(m) : null;
  }

  async requireViewer(user: AuthUser, secretariatId: string, em: EntityManager = this.db.manager): Promise<Viewer> {
    const what = 'El secretariado';
    if (!isUuid(secretariatId)) throw notFound(what);
    const member = await this.memberContext(user.id, secretariatId, em);
    if (member) return { user, member };
    if (user.isPlatformAdmin && (await em.getRepository(Secretariat).existsBy({ id: secretariatId }))) return { user, member: null };
    throw notFound(what);
  }

  async requireCoordinator(user: AuthUser, secretariatId: string, em: EntityManager = this.db.manager): Promise<Viewer> {
    const viewer = await this.requireViewer(user, secretariatId, em);
    if (!canManageSecretariat(viewer)) throw forbidden('coordinator_required', 'Solo la coordinación del secretariado puede hacer esto.');
    return viewer;
  }
}
