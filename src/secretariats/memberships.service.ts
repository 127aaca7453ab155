import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessService } from '../access/access.service';
import { assertStatus } from '../access/actions';
import { canSeeMemberEmails } from '../access/policy';
import { Viewer } from '../access/viewer';
import { AuditService } from '../audit/audit.service';
import { Organization } from '../catalog/organization.entity';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, unprocessable } from '../common/errors/domain-error';
import { Page, paginate } from '../common/pagination';
import { User } from '../users/user.entity';
import { EndMembershipDto, MemberDto, MemberQuery, UpdateMembershipDto } from './dto/member.dto';
import { Membership } from './membership.entity';
import { lockSecretariat } from './secretariats.service';

export async function toMemberDtos(em: EntityManager, rows: Membership[], withEmails: boolean): Promise<MemberDto[]> {
  if (!rows.length) return [];
  const users = await em.getRepository(User).findBy({ id: In([...new Set(rows.map((m) => m.userId))]) });
  const orgIds = [...new Set(rows.map((m) => m.organizationId).filter((id): id is string => !!id))];
  const orgs = orgIds.length ? await em.getRepository(Organization).findBy({ id: In(orgIds) }) : [];
  return rows.map((m) => {
    const u = users.find((x) => x.id === m.userId);
    const org = m.organizationId ? orgs.find((o) => o.id === m.organizationId) : undefined;
    return {
      membershipId: m.id,
      userId: m.userId,
      name: u?.name ?? '',
      ...(withEmails ? { email: u?.email } : {}),
      sector: m.sector,
      organization: org ? { id: org.id, name: org.name } : null,
      seatId: m.seatId,
      role: m.role,
      isCoordinator: m.isCoordinator,
      startedAt: m.startedAt,
      endedAt: m.endedAt,
      endReason: m.endReason,
    };
  });
}

@Injectable()
export class MembershipsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, secretariatId: string, q: MemberQuery): Promise<Page<MemberDto>> {
    const viewer = (await this.access.require(user, 'secretariat.read', secretariatId)).ctx.viewer;
    const qb = this.db.getRepository(Membership).createQueryBuilder('m').where('m.secretariatId = :secretariatId', { secretariatId });
    if (!q.includeEnded) qb.andWhere('m.endedAt IS NULL');
    const page = await paginate(qb, q, { sortKey: 'createdAt', order: 'ASC' });
    return { items: await toMemberDtos(this.db.manager, page.items, canSeeMemberEmails(viewer)), nextCursor: page.nextCursor };
  }

  /** Ends a term (history kept): coordinators and admins, or the member themself. */
  async end(user: AuthUser, membershipId: string, dto: EndMembershipDto): Promise<MemberDto> {
    const { subject: membership, ctx: { viewer } } = await this.access.require(user, 'membership.end', membershipId);
    return this.db.transaction(async (tx) => {
      await lockSecretariat(tx, membership.secretariatId);
      const m = await tx.getRepository(Membership).findOneByOrFail({ id: membership.id });
      if (m.endedAt) throw conflict('membership_ended', 'Esta participación ya terminó.');
      if (m.isCoordinator) await this.requireAnotherCoordinator(tx, viewer, m);
      Object.assign(m, { endedAt: new Date(), endReason: dto.reason });
      const saved = await tx.getRepository(Membership).save(m);
      await this.audit.record(tx, {
        secretariatId: m.secretariatId, actorId: user.id, subjectType: 'membership', subjectId: m.id, action: 'membership.ended',
        data: { userId: m.userId, role: m.role, seatId: m.seatId, sector: m.sector, reason: dto.reason },
      });
      return (await toMemberDtos(tx, [saved], canSeeMemberEmails(viewer)))[0];
    });
  }

  /** Grants or removes the coordinator flag (coordinators, admins). */
  async update(user: AuthUser, membershipId: string, dto: UpdateMembershipDto): Promise<MemberDto> {
    const { subject: membership, ctx: { viewer } } = await this.access.require(user, 'membership.update', membershipId);
    return this.db.transaction(async (tx) => {
      assertStatus('membership.update', (await lockSecretariat(tx, membership.secretariatId)).status);
      const m = await tx.getRepository(Membership).findOneByOrFail({ id: membership.id });
      if (m.endedAt) throw conflict('membership_ended', 'Esta participación ya terminó.');
      if (m.isCoordinator && !dto.isCoordinator) await this.requireAnotherCoordinator(tx, viewer, m);
      if (m.isCoordinator !== dto.isCoordinator) {
        m.isCoordinator = dto.isCoordinator;
        await tx.getRepository(Membership).save(m);
        await this.audit.record(tx, {
          secretariatId: m.secretariatId, actorId: user.id, subjectType: 'membership', subjectId: m.id,
          action: dto.isCoordinator ? 'membership.coordinator_granted' : 'membership.coordinator_removed', data: { userId: m.userId },
        });
      }
      return (await toMemberDtos(tx, [m], true))[0];
    });
  }

  /** A secretariat keeps at least one coordinator; only a platform admin may leave it without. */
  private async requireAnotherCoordinator(tx: EntityManager, viewer: Viewer, m: Membership) {
    if (viewer.user.isPlatformAdmin) return;
    const [row] = await tx.query(
      'SELECT count(*)::int AS n FROM memberships WHERE secretariat_id = $1 AND is_coordinator AND ended_at IS NULL AND id <> $2',
      [m.secretariatId, m.id],
    );
    if (row.n === 0) {
      throw unprocessable('last_coordinator', 'El secretariado se quedaría sin coordinación: designa primero a otra persona coordinadora.');
    }
  }
}
