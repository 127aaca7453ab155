import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { assertStatus } from '../access/actions';
import { AuditService } from '../audit/audit.service';
import { localDate, localToInstant } from '../reminders/time-zone';
import { Sector, SECTOR_LABELS, SECTORS } from '../catalog/sector';
import { State } from '../catalog/state.entity';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { conflict, notFound, unprocessable } from '../common/errors/domain-error';
import { Page, paginate } from '../common/pagination';
import { isUniqueViolation } from './db-errors';
import {
  CreateSecretariatDto, RulesPatchDto, SecretariatDetailDto, SecretariatDto, SecretariatListQuery, TransitionDto, UpdateSecretariatDto,
} from './dto/secretariat.dto';
import { effectiveRules, SecretariatRules } from './rules';
import { canTransition, SECRETARIAT_STATUS_LABELS, SECRETARIAT_TRANSITIONS } from './secretariat-status';
import { SecretariatTransition } from './secretariat-transition.entity';
import { Secretariat } from './secretariat.entity';

export function toSecretariatDto(s: Secretariat, state: State): SecretariatDto {
  return {
    id: s.id,
    stateCode: s.stateCode,
    stateName: state.name,
    timeZone: state.timeZone,
    municipality: s.municipality,
    name: s.name,
    status: s.status,
    declaredAt: s.declaredAt,
    declarationDocumentUrl: s.declarationDocumentUrl,
    installedAt: s.installedAt,
    installationDocumentUrl: s.installationDocumentUrl,
    suspendedSector: s.suspendedSector,
    suspensionReason: s.suspensionReason,
    rules: effectiveRules(s.rules),
    version: s.version,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** Stored rules with a patch applied (only the keys the patch sets). */
export function mergeRules(stored: Partial<SecretariatRules>, patch: RulesPatchDto): SecretariatRules {
  const current = effectiveRules(stored);
  const { reminders, ...rest } = patch;
  const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return { ...current, ...defined(rest), reminders: { ...current.reminders, ...defined(reminders ?? {}) } };
}

/** Sectors with no active seat whose titular is an active member. */
export async function sectorsWithoutTitular(em: EntityManager, secretariatId: string): Promise<Sector[]> {
  const rows: { sector: Sector }[] = await em.query(
    `SELECT DISTINCT s.sector FROM seats s JOIN memberships m ON m.seat_id = s.id AND m.role = 'titular' AND m.ended_at IS NULL
      WHERE s.secretariat_id = $1 AND s.active`,
    [secretariatId],
  );
  const present = new Set(rows.map((r) => r.sector));
  return SECTORS.filter((s) => !present.has(s));
}

/**
 * Locks the secretariat row: seat, membership, invitation and lifecycle changes of one
 * secretariat are serialized on it (e.g. installing vs. vacating the last titular's seat).
 */
export async function lockSecretariat(tx: EntityManager, id: string): Promise<Secretariat> {
  const s = await tx.getRepository(Secretariat).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!s) throw notFound('El secretariado');
  return s;
}

@Injectable()
export class SecretariatsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  private async dto(s: Secretariat, em: EntityManager = this.db.manager): Promise<SecretariatDto> {
    return toSecretariatDto(s, await em.getRepository(State).findOneByOrFail({ code: s.stateCode }));
  }

  async create(user: AuthUser, dto: CreateSecretariatDto): Promise<SecretariatDto> {
    this.access.requireAccount(user, 'secretariat.create');
    const state = await this.db.getRepository(State).findOneBy({ code: dto.stateCode });
    if (!state) throw unprocessable('unknown_state', `No existe la entidad federativa con clave ${dto.stateCode}.`);
    try {
      return await this.db.transaction(async (tx) => {
        const repo = tx.getRepository(Secretariat);
        const name = dto.name ?? `Secretariado Técnico Local de Gobierno Abierto de ${dto.municipality ? `${dto.municipality}, ` : ''}${state.name}`;
        const s = await repo.save(
          repo.create({ stateCode: dto.stateCode, municipality: dto.municipality ?? null, name, rules: dto.rules ? mergeRules({}, dto.rules) : {} }),
        );
        await this.audit.record(tx, {
          secretariatId: s.id, actorId: user.id, subjectType: 'secretariat', subjectId: s.id, action: 'secretariat.created',
          data: { stateCode: s.stateCode, municipality: s.municipality, name: s.name, rules: effectiveRules(s.rules) },
        });
        return toSecretariatDto(s, state);
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw conflict('secretariat_exists', `Ya existe un secretariado vigente para ${dto.municipality ? `${dto.municipality}, ` : ''}${state.name}.`);
      }
      throw err;
    }
  }

  /** Platform admins see every secretariat; everyone else those where they are an active member. */
  async list(user: AuthUser, q: SecretariatListQuery): Promise<Page<SecretariatDto>> {
    const qb = this.db.getRepository(Secretariat).createQueryBuilder('s');
    if (!user.isPlatformAdmin) {
      qb.andWhere('EXISTS (SELECT 1 FROM memberships m WHERE m.secretariat_id = s.id AND m.user_id = :uid AND m.ended_at IS NULL)', { uid: user.id });
    }
    if (q.state) qb.andWhere('s.stateCode = :state', { state: q.state });
    if (q.status) qb.andWhere('s.status = :status', { status: q.status });
    const page = await paginate(qb, q, { sortKey: 'createdAt', order: 'DESC' });
    const states = new Map((await this.db.getRepository(State).find()).map((st) => [st.code, st]));
    return { items: page.items.map((s) => toSecretariatDto(s, states.get(s.stateCode)!)), nextCursor: page.nextCursor };
  }

  async get(user: AuthUser, id: string): Promise<SecretariatDetailDto> {
    const granted = await this.access.require(user, 'secretariat.read', id);
    const s = await this.db.getRepository(Secretariat).findOneByOrFail({ id });
    const transitions = await this.db.getRepository(SecretariatTransition).find({ where: { secretariatId: id }, order: { occurredAt: 'ASC' } });
    return {
      ...(await this.dto(s)),
      membership: granted.ctx.viewer.member,
      actions: this.access.actions('secretariat', granted),
      transitions: transitions.map(({ secretariatId: _, ...t }) => t),
      nextStatuses: [...SECRETARIAT_TRANSITIONS[s.status]],
      sectorsWithoutTitular: await sectorsWithoutTitular(this.db.manager, id),
    };
  }

  /** Name and rules (coordinators, admins). Rules apply to voting rounds opened afterwards. */
  async update(user: AuthUser, id: string, dto: UpdateSecretariatDto): Promise<SecretariatDto> {
    await this.access.require(user, 'secretariat.update', id);
    return this.db.transaction(async (tx) => {
      const s = await lockSecretariat(tx, id);
      assertStatus('secretariat.update', s.status);
      if (dto.version !== undefined && dto.version !== s.version) {
        throw conflict('stale_version', `El secretariado cambió desde que lo leíste (versión ${s.version}); vuelve a cargarlo.`);
      }
      const before = { name: s.name, rules: effectiveRules(s.rules) };
      if (dto.name !== undefined) s.name = dto.name;
      if (dto.rules) s.rules = mergeRules(s.rules, dto.rules);
      s.version += 1;
      const saved = await tx.getRepository(Secretariat).save(s);
      const after = { name: saved.name, rules: effectiveRules(saved.rules) };
      if (dto.name !== undefined && before.name !== after.name) {
        await this.audit.record(tx, { secretariatId: id, actorId: user.id, subjectType: 'secretariat', subjectId: id, action: 'secretariat.renamed', data: { from: before.name, to: after.name } });
      }
      if (dto.rules) {
        await this.audit.record(tx, { secretariatId: id, actorId: user.id, subjectType: 'secretariat', subjectId: id, action: 'secretariat.rules_changed', data: { before: before.rules, after: after.rules } });
      }
      return this.dto(saved, tx);
    });
  }

  /**
   * Moves the lifecycle (DESIGN §3). 409 for a move not in the table or when someone moved it
   * first (the update is conditional on status and version); 422 when a condition fails.
   */
  async transition(user: AuthUser, id: string, dto: TransitionDto): Promise<SecretariatDetailDto> {
    await this.access.require(user, 'secretariat.transition', id);
    await this.db.transaction(async (tx) => {
      const s = await lockSecretariat(tx, id);
      const from = s.status;
      const to = dto.to;
      if (!canTransition(from, to)) {
        throw conflict('invalid_transition', `No se puede pasar de "${SECRETARIAT_STATUS_LABELS[from]}" a "${SECRETARIAT_STATUS_LABELS[to]}".`);
      }
      const { timeZone } = await tx.getRepository(State).findOneByOrFail({ code: s.stateCode });
      const date = this.actDate(dto.date, timeZone);
      const changes: Partial<Secretariat> = { status: to };
      switch (to) {
        case 'declared':
          if (!dto.date) throw unprocessable('date_required', 'Indica la fecha de la Declaratoria conjunta.');
          if (!dto.document) throw unprocessable('document_required', 'Adjunta el enlace a la Declaratoria conjunta firmada.');
          Object.assign(changes, { declaredAt: date, declarationDocumentUrl: dto.document });
          break;
        case 'installed':
          if (!dto.document) throw unprocessable('document_required', 'Adjunta el enlace al acta de instalación.');
          await this.requireTripartite(tx, id, 'instalar');
          Object.assign(changes, { installedAt: date, installationDocumentUrl: dto.document });
          break;
        case 'active':
          await this.requireTripartite(tx, id, 'poner en funciones');
          Object.assign(changes, { suspendedSector: null, suspensionReason: null });
          break;
        case 'suspended':
          if (!dto.sector) throw unprocessable('sector_required', 'Indica qué sector se retiró.');
          if (!dto.reason) throw unprocessable('reason_required', 'Indica el motivo de la suspensión.');
          Object.assign(changes, { suspendedSector: dto.sector, suspensionReason: dto.reason });
          break;
        case 'dissolved':
          if (!dto.reason) throw unprocessable('reason_required', 'Indica el motivo de la disolución.');
          break;
      }
      const result = await tx.createQueryBuilder().update(Secretariat)
        .set({ ...changes, version: () => 'version + 1' })
        .where('id = :id AND status = :from AND version = :version', { id, from, version: s.version })
        .execute();
      if (!result.affected) {
        throw conflict('secretariat_changed', 'Otra persona cambió el estado del secretariado al mismo tiempo; vuelve a cargarlo.');
      }
      const record = await tx.getRepository(SecretariatTransition).save(
        tx.getRepository(SecretariatTransition).create({
          secretariatId: id, fromStatus: from, toStatus: to, actorId: user.id, reason: dto.reason ?? null, document: dto.document ?? null,
          effectiveAt: dto.date || to === 'installed' ? date : null, sector: to === 'suspended' ? dto.sector! : null,
        }),
      );
      await this.audit.record(tx, {
        secretariatId: id, actorId: user.id, subjectType: 'secretariat', subjectId: id, action: 'secretariat.transitioned',
        data: { from, to, transitionId: record.id, reason: record.reason, document: record.document, effectiveAt: record.effectiveAt, sector: record.sector },
      });
    });
    return this.get(user, id);
  }

  /**
   * The instant of an act: a calendar date means the start of that day in the secretariat's
   * time zone (so it reads back as that date in Mexico); dates ahead of today there are refused.
   */
  private actDate(input: string | undefined, timeZone: string): Date {
    if (!input) return new Date();
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(input);
    const date = dateOnly ? localToInstant(input, '00:00', timeZone) : new Date(input);
    if (Number.isNaN(date.getTime())) throw unprocessable('invalid_date', 'La fecha no es válida.');
    const future = dateOnly ? input > localDate(new Date(), timeZone) : date.getTime() > Date.now();
    if (future) throw unprocessable('date_in_future', 'La fecha del acto no puede estar en el futuro.');
    return date;
  }

  private async requireTripartite(tx: EntityManager, id: string, action: string) {
    const missing = await sectorsWithoutTitular(tx, id);
    if (missing.length) {
      throw unprocessable(
        'sectors_incomplete',
        `Para ${action} el secretariado se necesita al menos un asiento con titular en cada sector; falta: ${missing.map((s) => SECTOR_LABELS[s]).join('; ')}.`,
      );
    }
  }
}
