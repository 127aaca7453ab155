import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { assertStatus } from '../access/actions';
import { isUuid } from '../access/viewer';
import { AuditService } from '../audit/audit.service';
import { Organization } from '../catalog/organization.entity';
import { requireOrganizationsInState } from '../catalog/organization-state';
import { State } from '../catalog/state.entity';
import { Sector, SECTOR_LABELS } from '../catalog/sector';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { badRequest, conflict, DomainError, forbidden, notFound, unprocessable } from '../common/errors/domain-error';
import { Page, paginate } from '../common/pagination';
import { AppConfig } from '../config/app-config';
import { MailService } from '../reminders/mail.service';
import { NotificationsService } from '../reminders/notifications.service';
import { INVITATION_RECEIVED } from './secretariat-events';
import { formatLocal } from '../reminders/time-zone';
import { isUniqueViolation } from './db-errors';
import {
  CreatedInvitationDto, CreateInvitationDto, InvitationDto, InvitationPreviewDto, InvitationQuery, InvitationStatus,
} from './dto/invitation.dto';
import { MemberDto } from './dto/member.dto';
import { Invitation } from './invitation.entity';
import { Membership, SeatRole, VOTING_ROLES } from './membership.entity';
import { Seat } from './seat.entity';
import { Secretariat } from './secretariat.entity';
import { lockSecretariat } from './secretariats.service';
import { toMemberDtos } from './memberships.service';
import { webPaths } from '../common/web-paths';

export const DEFAULT_INVITATION_DAYS = 7;
// 32 random bytes, base64url: anything else is not a token we issued.
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const ROLE_LABELS: Record<SeatRole, string> = {
  titular: 'titular (propietario) de un asiento',
  alternate: 'suplente de un asiento',
  observer: 'persona observadora',
  facilitator: 'persona facilitadora',
};

export function invitationStatus(i: Invitation, now = new Date()): InvitationStatus {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt <= now ? 'expired' : 'pending';
}

const toDto = (i: Invitation): InvitationDto => ({
  id: i.id,
  secretariatId: i.secretariatId,
  email: i.email,
  role: i.role,
  sector: i.sector,
  seatId: i.seatId,
  organizationId: i.organizationId,
  isCoordinator: i.isCoordinator,
  status: invitationStatus(i),
  expiresAt: i.expiresAt,
  acceptedAt: i.acceptedAt,
  acceptedByUserId: i.acceptedByUserId,
  revokedAt: i.revokedAt,
  invitedById: i.invitedById,
  createdAt: i.createdAt,
});

const invalidToken = () => new DomainError(404, 'invitation_not_found', 'La invitación no existe o el enlace no es válido.');
const seatRoleTaken = (role: SeatRole) =>
  conflict('seat_role_taken', `El asiento ya tiene ${role === 'titular' ? 'titular' : 'suplente'} vigente; termina primero esa participación.`);
const alreadyMember = () =>
  conflict('already_member', 'Esa persona ya integra este secretariado (una persona actúa por un solo sector); termina primero su participación actual.');

@Injectable()
export class InvitationsService {
  private readonly logger = new Logger('Invitations');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly config: AppConfig,
    private readonly notifications: NotificationsService,
  ) {}

  async list(user: AuthUser, secretariatId: string, q: InvitationQuery): Promise<Page<InvitationDto>> {
    await this.access.require(user, 'invitation.list', secretariatId);
    const qb = this.db.getRepository(Invitation).createQueryBuilder('i').where('i.secretariatId = :secretariatId', { secretariatId });
    switch (q.status) {
      case 'accepted': qb.andWhere('i.acceptedAt IS NOT NULL'); break;
      case 'revoked': qb.andWhere('i.acceptedAt IS NULL AND i.revokedAt IS NOT NULL'); break;
      case 'expired': qb.andWhere('i.acceptedAt IS NULL AND i.revokedAt IS NULL AND i.expiresAt <= now()'); break;
      case 'pending': qb.andWhere('i.acceptedAt IS NULL AND i.revokedAt IS NULL AND i.expiresAt > now()'); break;
    }
    const page = await paginate(qb, q, { sortKey: 'createdAt', order: 'DESC' });
    return { items: page.items.map(toDto), nextCursor: page.nextCursor };
  }

  /**
   * Invites by email (coordinators, admins). A new invitation for the same email replaces
   * that person's pending ones, so only the latest link works. The email is sent after commit.
   */
  async create(user: AuthUser, secretariatId: string, dto: CreateInvitationDto): Promise<CreatedInvitationDto> {
    await this.access.require(user, 'invitation.create', secretariatId);
    const token = randomBytes(32).toString('base64url');
    const { invitation, secretariat, organization } = await this.db.transaction(async (tx) => {
      const secretariat = await lockSecretariat(tx, secretariatId);
      assertStatus('invitation.create', secretariat.status);
      const target = await this.resolveTarget(tx, secretariatId, dto);
      const [member] = await tx.query(
        'SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.secretariat_id = $1 AND m.ended_at IS NULL AND u.email = $2',
        [secretariatId, dto.email],
      );
      if (member) throw alreadyMember();
      const [replaced]: [{ id: string }[], number] = await tx.query(
        `UPDATE invitations SET revoked_at = now() WHERE secretariat_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
        [secretariatId, dto.email],
      );
      const repo = tx.getRepository(Invitation);
      const invitation = await repo.save(repo.create({
        secretariatId,
        email: dto.email,
        role: dto.role,
        sector: target.sector,
        seatId: target.seatId,
        organizationId: target.organization?.id ?? null,
        isCoordinator: dto.isCoordinator ?? false,
        tokenHash: hashToken(token),
        expiresAt: new Date(Date.now() + (dto.expiresInDays ?? DEFAULT_INVITATION_DAYS) * 86400_000),
        invitedById: user.id,
      }));
      // No email in the audit data: it is a private person's address.
      await this.audit.record(tx, {
        secretariatId, actorId: user.id, subjectType: 'invitation', subjectId: invitation.id, action: 'invitation.created',
        data: {
          role: invitation.role, sector: invitation.sector, seatId: invitation.seatId, organizationId: invitation.organizationId,
          isCoordinator: invitation.isCoordinator, expiresAt: invitation.expiresAt, replacedInvitationIds: replaced.map((r) => r.id),
        },
      });
      await this.notifyInvitee(tx, invitation, secretariat, target.organization, user);
      return { invitation, secretariat, organization: target.organization };
    });
    const emailStatus = await this.sendEmail(invitation, secretariat, organization, token, user);
    return { ...toDto(invitation), emailStatus };
  }

  /** A person who already has an account for the address finds the invitation in the app too (its link opens it by id). */
  private async notifyInvitee(tx: EntityManager, inv: Invitation, s: Secretariat, org: Organization | null, inviter: AuthUser) {
    const [account]: { id: string }[] = await tx.query('SELECT id FROM users WHERE email = $1', [inv.email]);
    if (!account) return;
    const { timeZone } = await tx.getRepository(State).findOneByOrFail({ code: s.stateCode });
    const role = `${ROLE_LABELS[inv.role]}${inv.isCoordinator ? ', con funciones de coordinación' : ''}`;
    await this.notifications.notifyEvent(tx, {
      kind: INVITATION_RECEIVED.kind, key: inv.id, actorId: inviter.id, recipients: [account.id], membersOnly: false,
      secretariatId: s.id, subjectType: 'invitation', subjectId: inv.id,
      subject: `Invitación al ${s.name}`,
      text: `${inviter.name} te invita a integrarte al ${s.name} como ${role}, por el sector ${SECTOR_LABELS[inv.sector]}${org ? ` (${org.name})` : ''}. Vence el ${formatLocal(inv.expiresAt, timeZone)}.`,
      link: webPaths.invitation(inv.id), dueAt: inv.expiresAt,
    });
  }

  async revoke(user: AuthUser, secretariatId: string, invitationId: string): Promise<InvitationDto> {
    await this.access.require(user, 'invitation.revoke', secretariatId);
    return this.db.transaction(async (tx) => {
      assertStatus('invitation.revoke', (await lockSecretariat(tx, secretariatId)).status);
      const inv = isUuid(invitationId) ? await tx.getRepository(Invitation).findOne({ where: { id: invitationId, secretariatId }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!inv) throw notFound('La invitación');
      if (inv.acceptedAt) throw conflict('invitation_used', 'La invitación ya fue aceptada; termina la participación si corresponde.');
      if (inv.revokedAt) throw conflict('invitation_revoked', 'La invitación ya estaba revocada.');
      inv.revokedAt = new Date();
      await tx.getRepository(Invitation).save(inv);
      await this.audit.record(tx, { secretariatId, actorId: user.id, subjectType: 'invitation', subjectId: inv.id, action: 'invitation.revoked', data: {} });
      return toDto(inv);
    });
  }

  /** What the link is for, shown before logging in (holding the token is the credential). */
  async preview(token: string, user?: AuthUser): Promise<InvitationPreviewDto> {
    const inv = await this.byToken(this.db.manager, token, user);
    const secretariat = await this.db.getRepository(Secretariat).findOneByOrFail({ id: inv.secretariatId });
    const org = inv.organizationId ? await this.db.getRepository(Organization).findOneBy({ id: inv.organizationId }) : null;
    const [local, domain] = inv.email.split('@');
    return {
      secretariatName: secretariat.name,
      role: inv.role,
      sector: inv.sector,
      organizationName: org?.name ?? null,
      isCoordinator: inv.isCoordinator,
      emailHint: `${local.slice(0, 1)}${'*'.repeat(Math.max(local.length - 1, 1))}@${domain}`,
      status: invitationStatus(inv),
      expiresAt: inv.expiresAt,
    };
  }

  /**
   * Accepts an invitation for the logged-in user whose email matches. Single use: the
   * invitation is claimed with a conditional update, so concurrent accepts make one membership.
   */
  async accept(user: AuthUser, token: string): Promise<MemberDto> {
    return this.db.transaction(async (tx) => {
      const inv = await this.byToken(tx, token, user);
      this.requireUsable(inv);
      if (inv.email !== user.email.toLowerCase()) {
        throw forbidden('invitation_email_mismatch', 'Esta invitación es para otra dirección de correo; inicia sesión con la cuenta a la que llegó.');
      }
      const secretariat = await lockSecretariat(tx, inv.secretariatId);
      assertStatus('invitation.accept', secretariat.status);
      const [claimed]: [{ id: string }[], number] = await tx.query(
        `UPDATE invitations SET accepted_at = now(), accepted_by_user_id = $2
          WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
        [inv.id, user.id],
      );
      if (!claimed.length) {
        const fresh = await tx.getRepository(Invitation).findOneByOrFail({ id: inv.id });
        this.requireUsable(fresh);
        throw conflict('invitation_used', 'La invitación ya fue utilizada.');
      }
      if (await this.access.memberContext(user.id, inv.secretariatId, tx)) throw alreadyMember();
      let organizationId = inv.organizationId;
      if (inv.seatId) {
        const seat = await tx.getRepository(Seat).findOneByOrFail({ id: inv.seatId });
        if (!seat.active) throw conflict('seat_vacated', 'El asiento de esta invitación quedó vacante; pide una nueva invitación.');
        organizationId = seat.organizationId;
      }
      const repo = tx.getRepository(Membership);
      let membership: Membership;
      try {
        membership = await repo.save(repo.create({
          secretariatId: inv.secretariatId, userId: user.id, sector: inv.sector, organizationId, seatId: inv.seatId,
          role: inv.role, isCoordinator: inv.isCoordinator, invitationId: inv.id,
        }));
      } catch (err) {
        if (isUniqueViolation(err, 'UQ_memberships_active_seat_role')) throw seatRoleTaken(inv.role);
        if (isUniqueViolation(err, 'UQ_memberships_active_user')) throw alreadyMember();
        throw err;
      }
      await this.audit.record(tx, {
        secretariatId: inv.secretariatId, actorId: user.id, subjectType: 'invitation', subjectId: inv.id, action: 'invitation.accepted',
        data: { membershipId: membership.id },
      });
      await this.audit.record(tx, {
        secretariatId: inv.secretariatId, actorId: user.id, subjectType: 'membership', subjectId: membership.id, action: 'membership.started',
        data: { userId: user.id, role: membership.role, sector: membership.sector, seatId: membership.seatId, organizationId, isCoordinator: membership.isCoordinator },
      });
      return (await toMemberDtos(tx, [membership], false))[0];
    });
  }

  /**
   * The invitation of an e-mailed token, or — for the signed-in person it is addressed to — of
   * its id (the in-app links of `GET /me/tasks` and notifications: only the token's hash is
   * stored, and there the account is the credential). Anyone else's id is a 404 like a bad token.
   */
  private async byToken(em: EntityManager, token: string, user?: AuthUser): Promise<Invitation> {
    if (isUuid(token)) {
      const inv = user ? await em.getRepository(Invitation).findOneBy({ id: token, email: user.email.toLowerCase() }) : null;
      if (!inv) throw invalidToken();
      return inv;
    }
    if (!TOKEN_FORMAT.test(token)) throw invalidToken();
    const inv = await em.getRepository(Invitation).findOneBy({ tokenHash: hashToken(token) });
    if (!inv) throw invalidToken();
    return inv;
  }

  private requireUsable(inv: Invitation) {
    switch (invitationStatus(inv)) {
      case 'accepted': throw conflict('invitation_used', 'La invitación ya fue utilizada.');
      case 'revoked': throw conflict('invitation_revoked', 'La invitación fue revocada; pide una nueva a la coordinación.');
      case 'expired': throw conflict('invitation_expired', 'La invitación venció; pide una nueva a la coordinación.');
    }
  }

  /** Seat roles take sector and organization from the seat; others from the request. */
  private async resolveTarget(tx: EntityManager, secretariatId: string, dto: CreateInvitationDto): Promise<{ sector: Sector; seatId: string | null; organization: Organization | null }> {
    if (VOTING_ROLES.includes(dto.role)) {
      const seat = await tx.getRepository(Seat).findOneBy({ id: dto.seatId!, secretariatId });
      if (!seat) throw unprocessable('unknown_seat', 'El asiento indicado no existe en este secretariado.');
      if (!seat.active) throw conflict('seat_vacated', 'El asiento indicado está vacante.');
      if ((dto.sector && dto.sector !== seat.sector) || (dto.organizationId && dto.organizationId !== seat.organizationId)) {
        throw unprocessable('seat_mismatch', 'El sector u organización no corresponden al asiento indicado.');
      }
      const [taken] = await tx.query('SELECT 1 FROM memberships WHERE seat_id = $1 AND role = $2 AND ended_at IS NULL', [seat.id, dto.role]);
      if (taken) throw seatRoleTaken(dto.role);
      return { sector: seat.sector, seatId: seat.id, organization: await tx.getRepository(Organization).findOneByOrFail({ id: seat.organizationId }) };
    }
    if (dto.seatId) throw badRequest('seat_not_allowed', 'Las personas observadoras y facilitadoras no ocupan asiento: no indiques "seatId".');
    let organization: Organization | null = null;
    if (dto.organizationId) {
      organization = await tx.getRepository(Organization).findOneBy({ id: dto.organizationId });
      if (!organization) throw unprocessable('unknown_organization', 'La organización indicada no existe.');
      await requireOrganizationsInState(tx, secretariatId, [organization.id]);
      if (dto.sector && dto.sector !== organization.sector) {
        throw unprocessable('sector_mismatch', `La organización pertenece al sector ${SECTOR_LABELS[organization.sector]}.`);
      }
    }
    const sector = dto.sector ?? organization?.sector;
    if (!sector) throw unprocessable('sector_required', 'Indica el sector por el que participará la persona (o su organización).');
    return { sector, seatId: null, organization };
  }

  private async sendEmail(inv: Invitation, s: Secretariat, org: Organization | null, token: string, inviter: AuthUser): Promise<'sent' | 'logged' | 'failed'> {
    const link = `${this.config.publicUrl}${webPaths.invitation(token)}`;
    const { timeZone, name: stateName } = await this.db.getRepository(State).findOneByOrFail({ code: s.stateCode });
    const role = `${ROLE_LABELS[inv.role]}${inv.isCoordinator ? ', con funciones de coordinación' : ''}`;
    const text = [
      'Hola:',
      '',
      `${inviter.name} te invita a integrarte al ${s.name} como ${role}, por el sector ${SECTOR_LABELS[inv.sector]}${org ? ` (${org.name})` : ''}.`,
      '',
      `Para aceptar, inicia sesión (o crea tu cuenta) con este correo y abre el enlace:`,
      link,
      '',
      `La invitación es personal, solo puede usarse una vez y vence el ${formatLocal(inv.expiresAt, timeZone)} (hora local de ${stateName}).`,
      'Si no esperabas este mensaje, puedes ignorarlo.',
      '',
      'Cocrea — Secretariados Técnicos Locales de Gobierno Abierto',
    ].join('\n');
    try {
      const result = await this.mail.send({ to: inv.email, subject: `Invitación al ${s.name}`, text });
      return result.delivered ? 'sent' : 'logged';
    } catch (err) {
      this.logger.warn(`Invitation ${inv.id}: mail refused (${(err as Error).message})`);
      return 'failed';
    }
  }
}
