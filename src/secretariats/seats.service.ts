import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Action, assertStatus } from '../access/actions';
import { isUuid } from '../access/viewer';
import { AuditService } from '../audit/audit.service';
import { Organization } from '../catalog/organization.entity';
import { requireOrganizationsInState } from '../catalog/organization-state';
import { SECTOR_LABELS } from '../catalog/sector';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { User } from '../users/user.entity';
import { isUniqueViolation } from './db-errors';
import { CreateSeatDto, ReassignSeatDto, SeatDto, SeatQuery, VacateSeatDto } from './dto/seat.dto';
import { Membership } from './membership.entity';
import { Seat } from './seat.entity';
import { lockSecretariat } from './secretariats.service';

const seatExists = () => conflict('seat_exists', 'La organización ya tiene un asiento vigente en este secretariado.');

@Injectable()
export class SeatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async list(user: AuthUser, secretariatId: string, q: SeatQuery): Promise<SeatDto[]> {
    await this.access.require(user, 'secretariat.read', secretariatId);
    const seats = await this.db.getRepository(Seat).find({
      where: { secretariatId, ...(q.includeVacated ? {} : { active: true }) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return this.toDtos(this.db.manager, seats);
  }

  async create(user: AuthUser, secretariatId: string, dto: CreateSeatDto): Promise<SeatDto> {
    await this.access.require(user, 'seat.create', secretariatId);
    return this.db.transaction(async (tx) => {
      await this.lock(tx, secretariatId, 'seat.create');
      const org = await this.organizationFor(tx, secretariatId, dto.organizationId, dto.sector);
      const seat = await this.insertSeat(tx, { secretariatId, organizationId: org.id, sector: org.sector, previousSeatId: null });
      await this.audit.record(tx, {
        secretariatId, actorId: user.id, subjectType: 'seat', subjectId: seat.id, action: 'seat.created',
        data: { organizationId: org.id, organizationName: org.name, sector: org.sector },
      });
      return (await this.toDtos(tx, [seat]))[0];
    });
  }

  /** The organization leaves: the seat is kept as history and its holders' memberships end. */
  async vacate(user: AuthUser, secretariatId: string, seatId: string, dto: VacateSeatDto): Promise<SeatDto> {
    await this.access.require(user, 'seat.vacate', secretariatId);
    return this.db.transaction(async (tx) => {
      await this.lock(tx, secretariatId, 'seat.vacate');
      const seat = await this.activeSeat(tx, secretariatId, seatId);
      const ended = await this.closeSeat(tx, seat, dto.reason);
      await this.audit.record(tx, {
        secretariatId, actorId: user.id, subjectType: 'seat', subjectId: seat.id, action: 'seat.vacated',
        data: { reason: dto.reason, endedMembershipIds: ended },
      });
      return (await this.toDtos(tx, [seat]))[0];
    });
  }

  /**
   * The seat passes to another organization of the same sector: the old seat is vacated
   * (history, holders' memberships end) and a new one points back at it.
   */
  async reassign(user: AuthUser, secretariatId: string, seatId: string, dto: ReassignSeatDto): Promise<SeatDto> {
    await this.access.require(user, 'seat.reassign', secretariatId);
    return this.db.transaction(async (tx) => {
      await this.lock(tx, secretariatId, 'seat.reassign');
      const seat = await this.activeSeat(tx, secretariatId, seatId);
      const org = await this.organizationFor(tx, secretariatId, dto.organizationId, seat.sector);
      if (org.id === seat.organizationId) throw unprocessable('same_organization', 'El asiento ya pertenece a esa organización.');
      const ended = await this.closeSeat(tx, seat, dto.reason);
      const next = await this.insertSeat(tx, { secretariatId, organizationId: org.id, sector: seat.sector, previousSeatId: seat.id });
      await this.audit.record(tx, {
        secretariatId, actorId: user.id, subjectType: 'seat', subjectId: next.id, action: 'seat.reassigned',
        data: { previousSeatId: seat.id, fromOrganizationId: seat.organizationId, toOrganizationId: org.id, reason: dto.reason, endedMembershipIds: ended },
      });
      return (await this.toDtos(tx, [next]))[0];
    });
  }

  /** Seat changes of one secretariat are serialized on its row; the status is re-read under that lock. */
  private async lock(tx: EntityManager, secretariatId: string, action: Action) {
    assertStatus(action, (await lockSecretariat(tx, secretariatId)).status);
  }

  private async activeSeat(tx: EntityManager, secretariatId: string, seatId: string): Promise<Seat> {
    const seat = isUuid(seatId) ? await tx.getRepository(Seat).findOneBy({ id: seatId, secretariatId }) : null;
    if (!seat) throw notFound('El asiento');
    if (!seat.active) throw conflict('seat_vacated', 'El asiento ya está vacante.');
    return seat;
  }

  private async organizationFor(tx: EntityManager, secretariatId: string, organizationId: string, sector?: string): Promise<Organization> {
    const org = await tx.getRepository(Organization).findOneBy({ id: organizationId });
    if (!org) throw unprocessable('unknown_organization', 'La organización indicada no existe.');
    await requireOrganizationsInState(tx, secretariatId, [org.id]);
    if (sector && org.sector !== sector) {
      throw unprocessable('sector_mismatch', `La organización pertenece al sector ${SECTOR_LABELS[org.sector]}; el asiento debe ser de ese mismo sector.`);
    }
    return org;
  }

  private async insertSeat(tx: EntityManager, row: Pick<Seat, 'secretariatId' | 'organizationId' | 'sector' | 'previousSeatId'>): Promise<Seat> {
    const [existing] = await tx.query('SELECT 1 FROM seats WHERE secretariat_id = $1 AND organization_id = $2 AND active', [row.secretariatId, row.organizationId]);
    if (existing) throw seatExists();
    try {
      return await tx.getRepository(Seat).save(tx.getRepository(Seat).create(row));
    } catch (err) {
      if (isUniqueViolation(err, 'UQ_seats_active_organization')) throw seatExists();
      throw err;
    }
  }

  private async closeSeat(tx: EntityManager, seat: Seat, reason: string): Promise<string[]> {
    const now = new Date();
    Object.assign(seat, { active: false, vacatedAt: now, vacateReason: reason });
    await tx.getRepository(Seat).save(seat);
    // For UPDATE, TypeORM's postgres driver returns [rows, rowCount].
    const [rows]: [{ id: string }[], number] = await tx.query(
      `UPDATE memberships SET ended_at = $2, end_reason = 'seat_vacated', updated_at = $2 WHERE seat_id = $1 AND ended_at IS NULL RETURNING id`,
      [seat.id, now],
    );
    return rows.map((r) => r.id);
  }

  async toDtos(em: EntityManager, seats: Seat[]): Promise<SeatDto[]> {
    if (!seats.length) return [];
    const orgs = await em.getRepository(Organization).findBy({ id: In([...new Set(seats.map((s) => s.organizationId))]) });
    const active = await em.getRepository(Membership).find({ where: { seatId: In(seats.map((s) => s.id)), endedAt: IsNull() } });
    const users = active.length ? await em.getRepository(User).findBy({ id: In(active.map((m) => m.userId)) }) : [];
    const holder = (seatId: string, role: 'titular' | 'alternate') => {
      const m = active.find((h) => h.seatId === seatId && h.role === role);
      return m ? { membershipId: m.id, userId: m.userId, name: users.find((u) => u.id === m.userId)?.name ?? '' } : null;
    };
    return seats.map((s) => {
      const org = orgs.find((o) => o.id === s.organizationId)!;
      return {
        id: s.id,
        secretariatId: s.secretariatId,
        sector: s.sector,
        organization: { id: org.id, name: org.name },
        active: s.active,
        vacatedAt: s.vacatedAt,
        vacateReason: s.vacateReason,
        previousSeatId: s.previousSeatId,
        titular: holder(s.id, 'titular'),
        alternate: holder(s.id, 'alternate'),
        createdAt: s.createdAt,
      };
    });
  }
}
